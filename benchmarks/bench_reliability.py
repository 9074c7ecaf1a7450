"""Table 2, reliability: every seed, defaults, sss against the reference recipe.

For each seed s: training data ``make_spirals(random_state=s)``, model seed s,
held-out data ``make_spirals(random_state=s + 1000)``. A run succeeds when the
held-out arm_spearman is at least 0.99. Full run: seeds 0-9 for both (ten
reference runs take several minutes); ``--quick``: seeds 0-2.

Run alone: ``python benchmarks/bench_reliability.py [--quick]``.
"""

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

import sss  # noqa: E402
from reference_recipe import ReferenceRecipe  # noqa: E402

SUCCESS = 0.99


def run_sss(seed):
    data = sss.make_spirals(random_state=seed)
    heldout = sss.make_spirals(random_state=seed + C.HELDOUT_SEED_OFFSET)
    seconds, model = C.timed(sss.SiameseEmbedding(random_state=seed).fit, data.X)
    return (seconds, sss.arm_spearman(model.transform(data.X), data.arm, data.t),
            sss.arm_spearman(model.transform(heldout.X), heldout.arm, heldout.t))


def run_reference(seed):
    data = sss.make_spirals(random_state=seed)
    heldout = sss.make_spirals(random_state=seed + C.HELDOUT_SEED_OFFSET)
    recipe = ReferenceRecipe(seed=seed).fit(data.X)
    return (recipe.fit_seconds_, sss.arm_spearman(recipe.transform(data.X), data.arm, data.t),
            sss.arm_spearman(recipe.transform(heldout.X), heldout.arm, heldout.t))


def summary(results):
    heldout = [r[2] for r in results]
    return (sum(h >= SUCCESS for h in heldout), min(heldout), statistics.median(heldout),
            statistics.median(r[0] for r in results))


def run(quick=False):
    seeds = list(range(3 if quick else 10))
    print(C.header(
        f"Table 2: reliability over seeds {seeds[0]}-{seeds[-1]} (defaults; data seed = model seed; "
        f"held-out = seed + {C.HELDOUT_SEED_OFFSET})",
        f"success: held-out arm_spearman >= {SUCCESS}. sss times are warm (one untimed fit first); "
        "the reference is the full 100 x 200-step recipe."))
    sss.SiameseEmbedding().fit(sss.make_spirals(random_state=0).X)  # untimed warm-up
    rows, ours, theirs = [], [], []
    for seed in seeds:
        a = run_sss(seed)
        b = run_reference(seed)
        ours.append(a)
        theirs.append(b)
        rows.append([str(seed), f"{a[2]:.4f}", f"{a[1]:.4f}", C.fmt_s(a[0]),
                     f"{b[2]:.4f}", f"{b[1]:.4f}", C.fmt_s(b[0])])
    ok_a, min_a, med_a, t_a = summary(ours)
    ok_b, min_b, med_b, t_b = summary(theirs)
    n = len(seeds)
    rows += [None,
             ["successes", f"{ok_a}/{n}", "", "", f"{ok_b}/{n}", "", ""],
             ["min", f"{min_a:.4f}", f"{min(r[1] for r in ours):.4f}", C.fmt_s(min(r[0] for r in ours)),
              f"{min_b:.4f}", f"{min(r[1] for r in theirs):.4f}", C.fmt_s(min(r[0] for r in theirs))],
             ["median", f"{med_a:.4f}", f"{statistics.median(r[1] for r in ours):.4f}", C.fmt_s(t_a),
              f"{med_b:.4f}", f"{statistics.median(r[1] for r in theirs):.4f}", C.fmt_s(t_b)]]
    print(C.table(["seed", "sss held-out", "sss train", "sss fit", "ref held-out", "ref train", "ref fit"],
                  rows))
    print("\ntargets:")
    print(f"  every sss run unfolds the spiral (held-out >= {SUCCESS}): {C.verdict(ok_a == n)} "
          f"({ok_a}/{n}; reference {ok_b}/{n})")
    return ours, theirs


def main(argv=None):
    args = C.parse_args(__doc__.splitlines()[0], argv)
    run(quick=args.quick)


if __name__ == "__main__":
    main()
