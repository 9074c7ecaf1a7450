"""``python -m sss``: the whole experiment in one command.

Builds the spirals, the graph and the pairs, trains the Siamese net, prints
the quality metrics and writes three figures plus ``metrics.json`` to ``--out``.
"""

import argparse
import json
import sys
import time
from pathlib import Path

N_HELDOUT_SEED_OFFSET = 1000


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, no usage block, no traceback
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser():
    parser = _Parser(prog="python -m sss", description=__doc__.splitlines()[0])
    parser.add_argument("--n-neighbors", type=int, default=6, help="neighbours per point (default 6)")
    parser.add_argument("--hops", type=int, default=5, help="hop radius of positives (default 5)")
    parser.add_argument("--epochs", type=int, default=None,
                        help="training epochs (default: SiameseEmbedding's max_epochs)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", type=Path, default=Path("figures"),
                        help="folder for the PNGs and metrics.json (default figures/)")
    return parser


def run(n_neighbors=6, hops=5, epochs=None, seed=0, out="figures", verbose=1):
    """Run the experiment; return the metrics dict (also written to ``out/metrics.json``)."""
    import matplotlib

    matplotlib.use("Agg")  # this process only draws to files
    import matplotlib.pyplot as plt

    import sss
    from sss._validation import check_int

    seed = check_int(seed, "seed", low=0, high=2**32 - 1 - N_HELDOUT_SEED_OFFSET)
    data = sss.make_spirals(random_state=seed)
    heldout = sss.make_spirals(random_state=seed + N_HELDOUT_SEED_OFFSET)
    params = {"n_neighbors": n_neighbors, "hops": hops, "random_state": seed, "verbose": verbose}
    if epochs is not None:
        params["max_epochs"] = epochs
    model = sss.SiameseEmbedding(**params)
    start = time.perf_counter()
    z = model.fit_transform(data.X)[:, 0]
    fit_seconds = time.perf_counter() - start
    z_heldout = model.transform(heldout.X)[:, 0]
    metrics = {
        "arm_spearman_train": sss.arm_spearman(z, data.arm, data.t),
        "arm_spearman_heldout": sss.arm_spearman(z_heldout, heldout.arm, heldout.t),
        "arm_separation": sss.arm_separation(z, data.arm),
        "cross_arm_fraction_knn": sss.cross_arm_fraction(model.graph_, data.arm),
        "cross_arm_fraction_positives": sss.cross_arm_fraction(model.positives_, data.arm),
        "n_skipped_anchors": model.n_skipped_,
        "fit_seconds": round(fit_seconds, 3),
        "n_neighbors": n_neighbors, "hops": hops, "epochs": model.max_epochs, "seed": seed,
    }
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    figures = {
        "embedding.png": lambda ax: sss.plot_embedding(data.X, z, ax=ax),
        "graph.png": lambda ax: sss.plot_graph(
            data.X, model.positives_, arm=data.arm, ax=ax, linewidth=0.2, alpha=0.3,
            title=f"Expanded graph: k={n_neighbors}, hops={hops}"),
        "triplets.png": lambda ax: sss.plot_triplets(
            data.X, sss.sample_triplets(model.positives_, 16, random_state=seed), ax=ax),
    }
    for name, draw in figures.items():
        fig, ax = plt.subplots(figsize=(6, 6))
        draw(ax)
        fig.savefig(out / name, dpi=100, bbox_inches="tight")
        plt.close(fig)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    return metrics


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        metrics = run(args.n_neighbors, args.hops, args.epochs, args.seed, args.out)
    except (ValueError, TypeError, OSError) as err:
        print(f"python -m sss: error: {err}", file=sys.stderr)
        return 2
    for key in ("arm_spearman_train", "arm_spearman_heldout", "arm_separation",
                "cross_arm_fraction_knn", "fit_seconds"):
        print(f"{key:>24}: {metrics[key]:.4f}")
    print(f"figures and metrics.json written to {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
