"""Table 3, graph expansion at scale: ``knn_graph`` + ``expand_graph`` against Python sets.

sss builds the KNN graph (k=6) and expands it to 5 hops with sparse products, on
``make_spirals(n_per_arm=N // 2)`` for N = 1k, 5k, 20k, 50k. Time is the best of
3 runs. Memory is measured in a fresh child process per size, two ways:

* peak RSS growth: ``/proc/self/clear_refs`` resets the process's ``VmHWM``
  to its current RSS just before the work, and the table shows ``VmHWM`` after
  minus RSS before (all memory: numpy, scipy, scikit-learn, the allocator);
* tracemalloc peak: the peak of Python-tracked allocations during the work
  (numpy/scipy arrays are tracked; C++ buffers of scikit-learn's neighbour search
  are not), in a separate child because tracing slows the work down.

The reference builds the same kind of positive sets with Python sets at
N = 5,000 in the same run: ``reference_positive_sets(X, n_neighbors=7, hops=5)``
(7 neighbours counting the point itself = 6 others, the same radius as sss) is
the like-for-like comparison; its own recipe settings (6, 10) are shown too.
For context only (no target), one more row times the loop the original project
wrote: per point and hop, numpy fancy indexing of the neighbour table turned into
a set of numpy integers. It builds the same sets as ``reference_positive_sets``.

Run alone: ``python benchmarks/bench_graph.py [--quick]``.
"""

import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

from sklearn.neighbors import NearestNeighbors  # noqa: E402
from sklearn.preprocessing import MinMaxScaler  # noqa: E402

import sss  # noqa: E402
from reference_recipe import reference_positive_sets  # noqa: E402

K, HOPS = 6, 5
REF_N = 5000
RATIO_TARGET = 50.0


def _points(n):
    return sss.make_spirals(n_per_arm=n // 2, random_state=0).X


def _sss(X):
    A = sss.knn_graph(X, K)
    return A, sss.expand_graph(A, HOPS)


def _ref(X, n_neighbors=K + 1, hops=HOPS):
    return reference_positive_sets(X, n_neighbors=n_neighbors, hops=hops)


def original_style_positive_sets(X, n_neighbors=K + 1, hops=HOPS):
    """The original project's loop style: fancy-index the neighbour table, then ``set(...)``."""
    Xs = MinMaxScaler().fit_transform(X)
    _, neighbours = NearestNeighbors(n_neighbors=n_neighbors, algorithm="ball_tree").fit(Xs).kneighbors(Xs)
    sets = []
    for i in range(len(Xs)):
        members = set(neighbours[i])
        for _ in range(hops):
            members |= set(neighbours[list(members)].reshape(-1))
        sets.append(list(members))
    return sets


# --- child tasks: one measurement in a fresh process -------------------------------------------

def child_rss(n, which):
    X = _points(n)
    fn = _sss if which == "sss" else _ref
    fn(_points(200))  # import-time and first-call allocations happen before the measurement
    with C.PeakRSS() as mem:
        result = fn(X)
    del result
    return {"delta_mb": mem.delta, "method": mem.method}


def child_tracemalloc(n, which):
    X = _points(n)
    fn = _sss if which == "sss" else _ref
    fn(_points(200))
    tracemalloc.start()
    result = fn(X)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del result
    return {"peak_mb": peak / 2**20}


TASKS = {"rss": child_rss, "tracemalloc": child_tracemalloc}


def _memory(n, which):
    rss = C.run_child(__file__, "rss", n=n, which=which)
    traced = C.run_child(__file__, "tracemalloc", n=n, which=which)
    return rss["delta_mb"], traced["peak_mb"], rss["method"]


def run(quick=False):
    sizes = [1000, 5000] if quick else [1000, 5000, 20000, 50000]
    repeat = 1 if quick else 3
    print(C.header(
        f"Table 3: graph expansion, knn_graph(k={K}) + expand_graph(hops={HOPS})",
        f"time: best of {repeat}; memory measured in a fresh child process per row "
        "(see the module docstring)."))
    _sss(_points(200))  # warm-up

    rows, sss_total = [], {}
    for n in sizes:
        X = _points(n)
        knn_best = C.repeat_timing(lambda X=X: sss.knn_graph(X, K), repeat)[0]
        A = sss.knn_graph(X, K)
        exp_best, _, _, P = C.repeat_timing(lambda A=A: sss.expand_graph(A, HOPS), repeat)
        total_best = C.repeat_timing(lambda X=X: _sss(X), repeat)[0]
        sss_total[n] = total_best
        rss_mb, traced_mb, method = _memory(n, "sss")
        rows.append([f"sss N={n:,}", C.fmt_s(knn_best), C.fmt_s(exp_best), C.fmt_s(total_best),
                     f"{total_best / n * 1e6:.1f}", f"{P.nnz:,}", f"{P.nnz / n:.1f}",
                     f"{rss_mb:.1f}", f"{traced_mb:.1f}"])

    X = _points(REF_N)
    ref_rows = []
    for label, (k, hops) in (("like-for-like", (K + 1, HOPS)), ("recipe settings", (6, 10))):
        best, _, _, sets = C.repeat_timing(lambda k=k, hops=hops: _ref(X, k, hops), repeat)
        positives = sum(len(s) - 1 for s in sets)  # without the point itself, as sss counts
        if label == "like-for-like":
            ref_like = best
            rss_mb, traced_mb, _ = _memory(REF_N, "ref")
            mem = [f"{rss_mb:.1f}", f"{traced_mb:.1f}"]
        else:
            mem = ["", ""]
        ref_rows.append([f"reference N={REF_N:,} k={k} (self incl.) hops={hops}", "", "", C.fmt_s(best),
                         f"{best / REF_N * 1e6:.1f}", f"{positives:,}", f"{positives / REF_N:.1f}", *mem])

    orig_seconds, orig_sets = C.timed(original_style_positive_sets, X)
    same = all(set(map(int, a)) == b for a, b in zip(orig_sets, _ref(X), strict=True))
    positives = sum(len(s) - 1 for s in orig_sets)
    ref_rows.append([f"original's loop style N={REF_N:,} k={K + 1} hops={HOPS} (1 run)", "", "",
                     C.fmt_s(orig_seconds), f"{orig_seconds / REF_N * 1e6:.1f}", f"{positives:,}",
                     f"{positives / REF_N:.1f}", "", ""])

    print(C.table(["method", "knn", "expand", "total", "us/point", "positive pairs", "per point",
                   "peak RSS growth MB", "tracemalloc peak MB"], rows + [None] + ref_rows))
    print(f"memory method: {method} (peak RSS growth); "
          "'positive pairs' counts ordered pairs (i, j), i != j.")
    print(f"original's loop style builds the same sets as the reference: {'yes' if same else 'NO'}")

    ratio = ref_like / sss_total[REF_N]
    print("\nsss time growth with N (total, relative to the smallest size):")
    base_n = sizes[0]
    print("  " + ", ".join(f"N={n:,}: {sss_total[n] / sss_total[base_n]:.1f}x time for "
                           f"{n / base_n:.0f}x points" for n in sizes))
    print("\ntargets:")
    print(f"  sss >= {RATIO_TARGET:.0f}x faster than the reference's Python sets at N={REF_N:,} "
          f"(like-for-like, totals incl. the KNN search): {C.verdict(ratio >= RATIO_TARGET)} "
          f"({ratio:.1f}x: {C.fmt_s(ref_like)} vs {C.fmt_s(sss_total[REF_N])})")
    if 50000 in sss_total:
        print(f"  (for scale: sss at N=50,000 takes {C.fmt_s(sss_total[50000])}, "
              f"{ref_like / sss_total[50000]:.2f}x the reference's time at N={REF_N:,})")
    return ratio


def main(argv=None):
    args = C.parse_args(__doc__.splitlines()[0], argv)
    if args.child:
        C.child_main(TASKS, args)
    else:
        run(quick=args.quick)


if __name__ == "__main__":
    main()
