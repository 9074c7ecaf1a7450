"""Table 4, sampling throughput: ``PairSampler.sample`` against the reference's Python loops.

Both samplers draw from the same positive graph: sss's ``expand_graph(knn_graph(X, 6), 5)``
on ``make_spirals`` with N = 400 (the tutorial size) and N = 50,000. The reference
gets it as a list of Python sets (each with the point itself, as its own sets are).
Counting: every triplet (anchor, positive, negative) is 2 pairs (one positive pair,
one negative pair), for both samplers; that is what one training step consumes.
Rates are the best of 3 trials of at least 0.3 s each (0.5 s for the reference's
slower loops). ``triplets_to_pairs`` and the tensor copies of a training step are
not included; ``PairSampler`` construction is a one-off, shown separately.

For context only (no target), one more row samples the way the original project
did: legacy ``np.random`` calls per draw, and the negative test ``j not in members``
on a Python *list*.

Run alone: ``python benchmarks/bench_sampling.py [--quick]``.
"""

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

import numpy as np  # noqa: E402

import sss  # noqa: E402
from reference_recipe import reference_sample  # noqa: E402

TARGET = 1_000_000  # pairs per second for sss


def original_style_sample(members_lists, n_anchors, rs):
    """The original project's sampling loop style (anchors, then positives, then negatives)."""
    n = len(members_lists)
    anchors = rs.choice(n, n_anchors, replace=True)
    positives, negatives = [], []
    for i in anchors:
        members = members_lists[i]
        while True:
            j = members[rs.randint(len(members))]
            if j != i:
                break
        positives.append(j)
    for i in anchors:
        members = members_lists[i]
        while True:
            j = rs.randint(n)
            if j not in members:
                break
        negatives.append(j)
    return anchors, np.array(positives), np.array(negatives)


def run(quick=False):
    sizes = [400, 5000] if quick else [400, 50000]
    print(C.header(
        "Table 4: sampling throughput (pairs per second; 1 triplet = 2 pairs, for both samplers)",
        "best of 3 timed trials; same positive graph for both: expand_graph(knn_graph(X, 6), 5)."))
    rows, sss_rates = [], []
    for n in sizes:
        X = sss.make_spirals(n_per_arm=n // 2, random_state=0).X
        P = sss.expand_graph(sss.knn_graph(X, 6), 5)
        build_seconds = C.repeat_timing(lambda P=P: sss.PairSampler(P), 3)[0]
        sampler = sss.PairSampler(P)
        rs = np.random.RandomState(0)
        for batch in (512, 65536):
            pairs_per_s = C.rate(partial(sampler.sample, batch, rs), 2 * batch)
            sss_rates.append(pairs_per_s)
            rows.append([f"N={n:,}", f"sss PairSampler.sample, {batch} anchors/call",
                         C.fmt_rate(pairs_per_s), f"{1e9 / pairs_per_s:.1f}",
                         f"one-off PairSampler(P): {C.fmt_s(build_seconds)}" if batch == 512 else ""])

        sets = [set(P.indices[P.indptr[i]:P.indptr[i + 1]].tolist()) | {i} for i in range(n)]
        rng = np.random.default_rng(0)
        for batch in (32, 512):
            pairs_per_s = C.rate(partial(reference_sample, sets, batch, rng), 2 * batch,
                                 min_seconds=0.5)
            rows.append(["", f"reference_sample, {batch} anchors/call", C.fmt_rate(pairs_per_s),
                         f"{1e9 / pairs_per_s:.1f}", "32 = the recipe's batch" if batch == 32 else ""])
        lists = [sorted(s) for s in sets]
        rs_orig = np.random.RandomState(0)
        pairs_per_s = C.rate(partial(original_style_sample, lists, 32, rs_orig), 64,
                             min_seconds=0.5)
        rows.append(["", "original's loop style, 32 anchors/call", C.fmt_rate(pairs_per_s),
                     f"{1e9 / pairs_per_s:.1f}", "context only"])
        rows.append(None)
    print(C.table(["N", "sampler", "pairs/s", "ns/pair", "note"], rows[:-1], align="llrrl"))
    worst = min(sss_rates)
    print("\ntargets:")
    print(f"  sss >= {TARGET:,} pairs/s at every N and batch size above: {C.verdict(worst >= TARGET)} "
          f"(slowest sss row: {C.fmt_rate(worst)}, {worst / TARGET:.0f}x the target)")
    return sss_rates


def main(argv=None):
    args = C.parse_args(__doc__.splitlines()[0], argv)
    run(quick=args.quick)


if __name__ == "__main__":
    main()
