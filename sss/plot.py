"""Stage 7, plotting: the figures of the method, on matplotlib.

Each function draws on ``ax`` (a new figure when ``None``) and returns the Axes.
None of them changes global matplotlib settings.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection

from ._validation import check_graph, check_int, check_labels, check_points

ARM_COLORS = ["tab:orange", "tab:purple", "tab:green", "tab:brown",
              "tab:pink", "tab:olive", "tab:cyan", "tab:gray"]
POSITIVE_COLOR = "tab:blue"
NEGATIVE_COLOR = "tab:red"


def _axes(ax, figsize=(5, 5)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _plane(ax, title):
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title)


def _background(ax, X, color="0.8", size=8):
    ax.scatter(X[:, 0], X[:, 1], s=size, c=color, linewidths=0, zorder=1)


def plot_spirals(X, arm=None, ax=None, title="Spirals"):
    """Scatter the points, coloured by arm when ``arm`` is given. Taught in ``01_spiral_data``."""
    X = check_points(X, n_features=2)
    ax = _axes(ax)
    if arm is None:
        _background(ax, X, color="0.3", size=10)
    else:
        arm = check_labels(arm, "arm", len(X))
        for label in np.unique(arm):
            on_arm = arm == label
            ax.scatter(X[on_arm, 0], X[on_arm, 1], s=10, linewidths=0,
                       color=ARM_COLORS[label % len(ARM_COLORS)], label=f"arm {label}")
        ax.legend(loc="upper right", fontsize="small")
    _plane(ax, title)
    return ax


def _segments(X, rows, cols):
    return np.stack([X[rows], X[cols]], axis=1)


def plot_graph(X, G, arm=None, ax=None, title=None, linewidth=0.4, alpha=0.5):
    """Draw the edges of ``G`` as one LineCollection (fast for thousands of edges).

    With ``arm``, edges that join two arms (short-circuits) are drawn in red.
    Taught in ``02_knn_graph``.
    """
    X = check_points(X, n_features=2)
    G = check_graph(G, "G", n_samples=len(X))
    ax = _axes(ax)
    rows, cols = G.nonzero()
    once = rows < cols  # each undirected edge once
    rows, cols = rows[once], cols[once]
    colors = np.full(len(rows), "0.35", dtype=object)
    n_cross = 0
    if arm is not None:
        arm = check_labels(arm, "arm", len(X))
        cross = arm[rows] != arm[cols]
        colors[cross] = NEGATIVE_COLOR
        n_cross = int(cross.sum())
    ax.add_collection(LineCollection(_segments(X, rows, cols), colors=list(colors),
                                     linewidths=linewidth, alpha=alpha, zorder=2))
    _background(ax, X, color="k", size=4)
    if title is None:
        title = f"{len(rows)} edges" + (f", {n_cross} across arms" if arm is not None else "")
    _plane(ax, title)
    return ax


def plot_positive_set(X, P, anchor, arm=None, ax=None, title=None):
    """Highlight the positives of one ``anchor`` in the expanded graph ``P``.

    With ``arm``, positives on another arm than the anchor are drawn in red.
    Taught in ``03_graph_expansion``.
    """
    X = check_points(X, n_features=2)
    P = check_graph(P, "P", n_samples=len(X))
    anchor = check_int(anchor, "anchor", low=0, high=len(X) - 1)
    ax = _axes(ax)
    _background(ax, X)
    positives = P.indices[P.indptr[anchor]:P.indptr[anchor + 1]]
    colors = np.full(len(positives), POSITIVE_COLOR, dtype=object)
    if arm is not None:
        arm = check_labels(arm, "arm", len(X))
        colors[arm[positives] != arm[anchor]] = NEGATIVE_COLOR
    ax.scatter(X[positives, 0], X[positives, 1], s=14, c=list(colors), zorder=2)
    ax.scatter(*X[anchor], s=160, marker="*", c="k", zorder=3)
    _plane(ax, title or f"anchor {anchor}: {len(positives)} positives")
    return ax


def plot_triplets(X, triplets, ax=None, title=None):
    """Anchors (black) with blue lines to their positives and red lines to their negatives.

    Taught in ``04_pair_sampling``.
    """
    X = check_points(X, n_features=2)
    anchor, positive, negative = (np.asarray(v) for v in triplets)
    if not (anchor.shape == positive.shape == negative.shape and anchor.ndim == 1):
        raise ValueError("triplets must hold three 1-D index arrays of equal length.")
    for name, idx in (("anchor", anchor), ("positive", positive), ("negative", negative)):
        if idx.size and (idx.min() < 0 or idx.max() >= len(X)):
            raise ValueError(f"triplets.{name} holds indices outside [0, {len(X) - 1}].")
    ax = _axes(ax)
    _background(ax, X)
    ax.add_collection(LineCollection(_segments(X, anchor, negative), colors=NEGATIVE_COLOR,
                                     linewidths=1.0, alpha=0.6, zorder=2, label="negative"))
    ax.add_collection(LineCollection(_segments(X, anchor, positive), colors=POSITIVE_COLOR,
                                     linewidths=2.0, zorder=3, label="positive"))
    ax.scatter(X[anchor, 0], X[anchor, 1], s=30, c="k", zorder=4, label="anchor")
    ax.legend(loc="upper right", fontsize="small")
    _plane(ax, title or f"{len(anchor)} anchors with a positive and a negative each")
    return ax


def plot_embedding(X, z, ax=None, title="Points coloured by their 1-D embedding", cmap="viridis"):
    """Colour the points by their embedding value, with a colour bar.

    Success: the colour changes steadily along each arm. Taught in ``06_visualization``.
    """
    X = check_points(X, n_features=2)
    z = check_labels(z, "z", len(X), dtype=float)
    ax = _axes(ax)
    points = ax.scatter(X[:, 0], X[:, 1], c=z, s=12, cmap=cmap, linewidths=0)
    ax.figure.colorbar(points, ax=ax, shrink=0.8, label="embedding z")
    _plane(ax, title)
    return ax


def plot_embedding_vs_t(z, arm, t, ax=None, title="Embedding along each arm"):
    """Embedding value against the position ``t`` along each arm. Taught in ``06_visualization``."""
    z = check_labels(z, "z", len(np.asarray(z)), dtype=float)
    arm = check_labels(arm, "arm", len(z))
    t = check_labels(t, "t", len(z), dtype=float)
    ax = _axes(ax, figsize=(6, 4))
    for label in np.unique(arm):
        on_arm = arm == label
        ax.scatter(t[on_arm], z[on_arm], s=8, color=ARM_COLORS[label % len(ARM_COLORS)],
                   label=f"arm {label}")
    ax.set_xlabel("position along the arm, t")
    ax.set_ylabel("embedding z")
    ax.legend(fontsize="small")
    ax.set_title(title)
    return ax


def plot_training_curve(history, ax=None, metric="arm_spearman", title="Training"):
    """Training loss per epoch from a skorch ``History``, and ``metric`` when recorded.

    Taught in ``05_siamese_training``.
    """
    if not hasattr(history, "__getitem__") or len(history) == 0:
        raise ValueError("history must be a non-empty skorch History (estimator.net_.history).")
    ax = _axes(ax, figsize=(6, 4))
    epochs = history[:, "epoch"]
    ax.plot(epochs, history[:, "train_loss"], color="k", label="training loss")
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss")
    ax.set_title(title)
    if metric in history[-1]:
        ax2 = ax.twinx()
        ax2.plot(epochs, history[:, metric], color=POSITIVE_COLOR, marker=".", label=metric)
        ax2.set_ylabel(metric, color=POSITIVE_COLOR)
        ax2.set_ylim(0, 1.02)
    return ax
