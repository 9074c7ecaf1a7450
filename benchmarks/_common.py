"""Shared helpers for the benchmark scripts: tables, timing, memory, child processes.

Every ``bench_*.py`` prints one plain-text table; ``run_all.py`` runs them all.
Timings are wall-clock (``time.perf_counter``). Other processes on the machine
slow things down, so repeated timings report the best (or the median) of several
runs, and every table starts with the load average at its start.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # ``import sss`` from this checkout, also without an install
    sys.path.insert(0, str(ROOT))

HELDOUT_SEED_OFFSET = 1000  # held-out data for seed s: make_spirals(random_state=s + 1000)


def parse_args(description, argv=None):
    """``--quick`` (smoke run) plus the hidden ``--child TASK JSON`` used for isolated measurements."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="smoke run: fewer seeds and sizes")
    parser.add_argument("--child", nargs=2, metavar=("TASK", "JSON"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def header(title, description=""):
    """The title line of a table, with the machine state (load average, CPUs)."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = ["", title, "=" * len(title)]
    if description:
        lines.append(description)
    lines.append(f"machine: {os.cpu_count()} CPUs, load average (1/5/15 min) at start: {load}; "
                 f"Python {platform.python_version()}")
    return "\n".join(lines)


def table(headers, rows, align=None):
    """Render an aligned plain-text table.

    ``align`` is a string of 'l'/'r' per column (default: first left, others right);
    a row that is ``None`` becomes a separator line.
    """
    rows = [None if row is None else [str(cell) for cell in row] for row in rows]
    align = align or "l" + "r" * (len(headers) - 1)
    cells = [r for r in rows if r is not None]
    widths = [max([len(str(h))] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def fmt(cells):
        out = [c.ljust(w) if a == "l" else c.rjust(w) for c, w, a in zip(cells, widths, align, strict=True)]
        return "  ".join(out).rstrip()

    lines = [fmt([str(h) for h in headers]), "  ".join("-" * w for w in widths)]
    lines += ["  ".join("-" * w for w in widths) if r is None else fmt(r) for r in rows]
    return "\n".join(lines)


def verdict(ok):
    return "MET" if ok else "MISSED"


def timed(fn, *args, **kwargs):
    """``(seconds, result)`` of one call."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def repeat_timing(fn, repeat=3):
    """Call ``fn()`` ``repeat`` times; return (best, median, all times, last result)."""
    times, result = [], None
    for _ in range(repeat):
        seconds, result = timed(fn)
        times.append(seconds)
    return min(times), statistics.median(times), times, result


def rate(fn, items_per_call, min_seconds=0.3, repeat=3):
    """Best-of-``repeat`` throughput (items/s) of ``fn()``, each trial at least ``min_seconds`` long."""
    fn()  # warm-up
    best = 0.0
    for _ in range(repeat):
        calls, start = 0, time.perf_counter()
        while True:
            fn()
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds:
                break
        best = max(best, calls * items_per_call / elapsed)
    return best


# --- memory --------------------------------------------------------------------------------------

def _status_kb(field, pid="self"):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def vm_hwm_mb(pid="self"):
    """Peak resident set size (``VmHWM``) of a process in MB, or None if unreadable."""
    kb = _status_kb("VmHWM", pid)
    return None if kb is None else kb / 1024


def vm_rss_mb(pid="self"):
    kb = _status_kb("VmRSS", pid)
    return None if kb is None else kb / 1024


def reset_peak_rss():
    """Reset this process's VmHWM to its current RSS (Linux >= 4.0). Returns True on success."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


class PeakRSS:
    """Context manager: how far the peak RSS of this process rises above its RSS at entry.

    Uses ``/proc/self/clear_refs`` to reset ``VmHWM`` at entry (method "VmHWM");
    where that is not allowed it falls back to the growth of
    ``resource.getrusage().ru_maxrss`` (method "maxrss", a lower bound when an
    earlier peak was higher). Run it in a fresh process to measure one task.
    """

    def __enter__(self):
        self.method = "VmHWM" if reset_peak_rss() and vm_hwm_mb() is not None else "maxrss"
        self.start_rss = vm_rss_mb()
        self.start_maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return self

    def __exit__(self, *exc):
        if self.method == "VmHWM":
            self.peak = vm_hwm_mb()
            self.delta = self.peak - self.start_rss
        else:
            self.peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            self.delta = self.peak - self.start_maxrss
        return False


def run_child(script, task, **params):
    """Run ``python script --child task json`` in a fresh process; return its JSON result.

    Children print exactly one JSON object on their last stdout line.
    """
    cmd = [sys.executable, str(script), "--child", task, json.dumps(params)]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(ROOT))
    if done.returncode != 0:
        raise RuntimeError(f"child {task} {params} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def child_main(tasks, args):
    """Dispatch ``--child TASK JSON`` to ``tasks[TASK](**params)`` and print its result as JSON."""
    task, params = args.child
    result = tasks[task](**json.loads(params))
    print(json.dumps(result), flush=True)


def fmt_s(seconds):
    """Seconds with 3 significant-ish digits: 0.0123 s, 1.23 s, 45.6 s."""
    if seconds < 0.1:
        return f"{seconds * 1000:.1f} ms"
    if seconds < 10:
        return f"{seconds:.2f} s"
    return f"{seconds:.1f} s"


def fmt_rate(per_second):
    if per_second >= 1e6:
        return f"{per_second / 1e6:.1f} M/s"
    if per_second >= 1e3:
        return f"{per_second / 1e3:.1f} k/s"
    return f"{per_second:.0f} /s"
