"""Table 6, transform at scale: embedding 1,000,000 points in bounded memory.

A default ``SiameseEmbedding`` is fitted on ``make_spirals(random_state=0)``, then
embeds ``make_spirals(n_per_arm=500_000)`` (1,000,000 points, 16 MB of float64).
Each row runs in a fresh child process: the peak RSS growth is ``VmHWM`` after
the call minus RSS before it, with ``VmHWM`` reset through
``/proc/self/clear_refs`` just before (all memory, torch's allocator included;
tracemalloc does not see torch tensors). Memory freed earlier but kept by the
allocator can be reused without growth, so the process's peak RSS (``VmHWM``,
everything: Python, torch, the fitted model, the 1M-point input) is shown too.
Time: best of 3 calls in that process (the memory figure is from the first). The
one-batch row shows what batching saves.

Run alone: ``python benchmarks/bench_transform.py [--quick]``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

import numpy as np  # noqa: E402

import sss  # noqa: E402

N = 1_000_000


def child_transform(n, batch_size):
    model = sss.SiameseEmbedding().fit(sss.make_spirals(random_state=0).X)
    X = sss.make_spirals(n_per_arm=n // 2, random_state=1).X
    kwargs = {} if batch_size is None else {"batch_size": batch_size}
    model.transform(X[:1000], **kwargs)  # first-call allocations outside the measurement
    with C.PeakRSS() as mem:
        seconds, z = C.timed(model.transform, X, **kwargs)
    times = [seconds] + [C.timed(model.transform, X, **kwargs)[0] for _ in range(2)]
    return {"seconds": min(times), "delta_mb": mem.delta, "peak_mb": mem.peak, "method": mem.method,
            "shape": list(z.shape), "finite": bool(np.all(np.isfinite(z))),
            "checksum": float(np.sum(z, dtype=np.float64))}


TASKS = {"transform": child_transform}


def run(quick=False):
    print(C.header(f"Table 6: transform on {N:,} points",
                   "one fresh child process per row; peak RSS growth of that process during the call."))
    input_mb = N * 2 * 8 / 2**20
    output_mb = N * 4 / 2**20
    rows, results = [], {}
    for label, batch in (("default (batch_size=65536)", None), ("batch_size=1000", 1000),
                         (f"one batch (batch_size={N:,})", N)):
        if quick and batch == 1000:
            continue
        r = C.run_child(__file__, "transform", n=N, batch_size=batch)
        results[label] = r
        rows.append([label, C.fmt_s(r["seconds"]), f"{N / r['seconds'] / 1e6:.1f}",
                     f"{r['delta_mb']:.0f}", f"{r['peak_mb']:.0f}", "x".join(map(str, r["shape"])),
                     "yes" if r["finite"] else "NO"])
    print(C.table(["transform call", "time", "M points/s", "peak RSS growth MB", "process peak RSS MB",
                   "output", "finite"], rows))
    default = results["default (batch_size=65536)"]
    one = results[f"one batch (batch_size={N:,})"]
    same = abs(default["checksum"] - one["checksum"]) <= 1e-4 * max(1.0, abs(one["checksum"]))
    print(f"input {input_mb:.0f} MB (float64), output {output_mb:.0f} MB (float32); memory method: "
          f"{default['method']}; default and one-batch embeddings agree (sum): {'yes' if same else 'NO'}")
    print("\ntargets:")
    bounded = default["delta_mb"] < one["delta_mb"] / 2 and default["finite"]
    print(f"  batched transform of {N:,} points works in bounded memory: {C.verdict(bounded)} "
          f"({default['delta_mb']:.0f} MB peak growth batched vs {one['delta_mb']:.0f} MB in one batch)")
    return results


def main(argv=None):
    args = C.parse_args(__doc__.splitlines()[0], argv)
    if args.child:
        C.child_main(TASKS, args)
    else:
        run(quick=args.quick)


if __name__ == "__main__":
    main()
