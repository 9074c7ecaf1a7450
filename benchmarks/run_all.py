"""``make bench``: run every benchmark and print its table.

1. time to quality (sss defaults against the reference recipe)
2. reliability over seeds
3. graph expansion at scale
4. sampling throughput
5. the whole notebook series
6. transform on 1,000,000 points

Each table runs in its own process (``python benchmarks/bench_*.py``), so one
table's imports, caches and memory do not leak into the next; each script also
runs alone. ``--quick`` is a smoke run: fewer seeds, sizes and notebooks, and a
shortened reference run whose speed ratio is not judged.

Usage: ``python benchmarks/run_all.py [--quick] [--only N ...]``.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

BENCHMARKS = [
    ("1", "bench_time_to_quality.py"),
    ("2", "bench_reliability.py"),
    ("3", "bench_graph.py"),
    ("4", "bench_sampling.py"),
    ("5", "bench_notebooks.py"),
    ("6", "bench_transform.py"),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: fewer seeds, sizes, notebooks")
    parser.add_argument("--only", nargs="+", choices=[n for n, _ in BENCHMARKS], metavar="N",
                        help="run only these tables (1-6)")
    args = parser.parse_args(argv)

    import sss
    import torch

    mode = "quick smoke run" if args.quick else "full run"
    print(f"sss benchmarks ({mode}): sss {sss.__version__}, torch {torch.__version__}, "
          f"{os.cpu_count()} CPUs; torch uses 1 thread inside fit (SiameseEmbedding(n_threads=1), "
          "and the reference recipe likewise).", flush=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    failures, start = [], time.perf_counter()
    for number, script in BENCHMARKS:
        if args.only and number not in args.only:
            continue
        cmd = [sys.executable, str(HERE / script)] + (["--quick"] if args.quick else [])
        t0 = time.perf_counter()
        done = subprocess.run(cmd, cwd=str(ROOT), env=env)
        print(f"[{script}: {time.perf_counter() - t0:.0f} s"
              + ("" if done.returncode == 0 else f", FAILED with exit code {done.returncode}") + "]",
              flush=True)
        if done.returncode:
            failures.append(script)
    print(f"\nall benchmarks: {time.perf_counter() - start:.0f} s"
          + (f"; failed: {', '.join(failures)}" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
