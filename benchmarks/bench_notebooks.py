"""Table 5, the whole series: every ``notebooks/NN_*.ipynb`` executed headless.

Each notebook runs in its own fresh kernel (nbclient, kernel "python3", working
directory ``notebooks/``), in memory: nothing is written back. Per notebook:

* time: wall time from kernel start to the last cell's end ("total") and of the
  cells alone ("cells");
* peak RSS: ``VmHWM`` of the kernel process read from ``/proc/<pid>/status`` after
  every cell (VmHWM only grows, so the last reading is the kernel's peak). Child
  processes that a notebook starts itself are not included.

Whatever ``notebooks/[0-9][0-9]_*.ipynb`` exist are listed; ``--quick`` runs only
the first two. Paths given on the command line replace the listing.

Run alone: ``python benchmarks/bench_notebooks.py [--quick] [NOTEBOOK.ipynb ...]``.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError  # noqa: E402

NOTEBOOKS = C.ROOT / "notebooks"
PER_NOTEBOOK_S, TOTAL_S, RSS_MB = 40.0, 120.0, 1024.0


def list_notebooks():
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def execute(path, timeout=600):
    """Run one notebook in a fresh kernel; return a dict of timings, peak RSS and status."""
    nb = nbformat.read(path, as_version=4)
    state = {"pid": None, "hwm": None, "cells_start": None}

    def on_start(**_):
        state["pid"] = client.km.provisioner.pid
        state["cells_start"] = time.perf_counter()

    def on_cell(**_):
        hwm = C.vm_hwm_mb(state["pid"]) if state["pid"] else None
        if hwm is not None:
            state["hwm"] = max(state["hwm"] or 0.0, hwm)

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(Path(path).parent)}},
                            on_notebook_start=on_start, on_cell_executed=on_cell)
    start = time.perf_counter()
    status = "ok"
    try:
        client.execute(stderr=subprocess.DEVNULL)  # the kernel's own log lines, not cell output
    except CellExecutionError as err:
        status = f"FAILED: {err.ename}: {err.evalue}"[:70]
    except Exception as err:  # noqa: BLE001 - a benchmark reports, it does not stop
        status = f"FAILED: {type(err).__name__}: {err}"[:70]
    end = time.perf_counter()
    cells = end - state["cells_start"] if state["cells_start"] else float("nan")
    n_code = sum(cell.cell_type == "code" for cell in nb.cells)
    return {"total": end - start, "cells": cells, "hwm": state["hwm"], "status": status,
            "n_code": n_code}


def run(quick=False, paths=None):
    paths = [Path(p) for p in paths] if paths else list_notebooks()
    if quick:
        paths = paths[:2]
    print(C.header(
        "Table 5: the whole series, each notebook executed headless in a fresh kernel",
        "time: wall clock (total = kernel start to last cell; cells = cells only); "
        "peak RSS: VmHWM of the kernel process."))
    if not paths:
        print(f"no notebooks matching {NOTEBOOKS.relative_to(C.ROOT)}/[0-9][0-9]_*.ipynb yet: nothing to run")
        return []
    rows, results = [], []
    for path in paths:
        r = execute(path)
        results.append(r)
        hwm = "n/a" if r["hwm"] is None else f"{r['hwm']:.0f}"
        rows.append([path.name, str(r["n_code"]), C.fmt_s(r["total"]), C.fmt_s(r["cells"]), hwm,
                     r["status"]])
    total = sum(r["total"] for r in results)
    peak = max((r["hwm"] or 0.0) for r in results)
    rows += [None, [f"all {len(results)} notebooks", str(sum(r["n_code"] for r in results)),
                    C.fmt_s(total), C.fmt_s(sum(r["cells"] for r in results)), f"{peak:.0f}", ""]]
    print(C.table(["notebook", "code cells", "total", "cells", "peak RSS MB", "status"], rows,
                  align="lrrrrl"))
    slowest = max(results, key=lambda r: r["total"])["total"]
    ok = all(r["status"] == "ok" for r in results)
    print("\ntargets:")
    print(f"  every notebook runs without error: {C.verdict(ok)}")
    print(f"  <= {PER_NOTEBOOK_S:.0f} s per notebook: {C.verdict(slowest <= PER_NOTEBOOK_S)} "
          f"(slowest {C.fmt_s(slowest)})")
    if quick:
        print(f"  <= {TOTAL_S:.0f} s for the series: not judged in --quick ({len(results)} notebooks run)")
    else:
        print(f"  <= {TOTAL_S:.0f} s for the series: {C.verdict(total <= TOTAL_S)} "
              f"({C.fmt_s(total)} for {len(results)} notebooks)")
    known = [r["hwm"] for r in results if r["hwm"] is not None]
    print(f"  < {RSS_MB:.0f} MB peak RSS per notebook: "
          f"{C.verdict(len(known) == len(results) and max(known) < RSS_MB)} (largest {peak:.0f} MB)")
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="run only the first two notebooks")
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/NN_*.ipynb)")
    args = parser.parse_args(argv)
    run(quick=args.quick, paths=args.notebooks)


if __name__ == "__main__":
    main()
