"""Stage 7: the plot_* functions, checked through the artists they draw."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba

from sss import (SiameseEmbedding, expand_graph, knn_graph, plot_embedding, plot_embedding_vs_t,
                 plot_graph, plot_positive_set, plot_spirals, plot_training_curve, plot_triplets,
                 sample_triplets)
from sss.plot import NEGATIVE_COLOR, POSITIVE_COLOR

RED, BLUE = to_rgba(NEGATIVE_COLOR), to_rgba(POSITIVE_COLOR)


def _is(color, target):
    return np.allclose(np.asarray(color)[..., :3], np.asarray(target)[:3])


def line_collections(ax):
    return [c for c in ax.collections if isinstance(c, LineCollection)]


def _undirected_edges(G):
    rows, cols = G.nonzero()
    return {(min(i, j), max(i, j)) for i, j in zip(rows, cols, strict=True)}


def _segment_edges(X, segments):
    """Map each drawn segment back to the pair of point indices it joins."""
    lookup = {tuple(p): i for i, p in enumerate(np.round(X, 9))}
    edges = []
    for seg in segments:
        i, j = (lookup[tuple(np.round(p, 9))] for p in seg)
        edges.append((min(i, j), max(i, j)))
    return edges


@pytest.fixture(scope="module")
def graph(spirals):
    # Enough neighbours that some edges cross between the arms.
    return knn_graph(spirals.X, 12)


@pytest.fixture(scope="module")
def fitted(spirals, fast):
    return SiameseEmbedding(random_state=0, **fast).fit(spirals.X)


def test_every_plot_returns_axes(spirals, graph, fitted):
    X, arm, t = spirals
    P = expand_graph(graph, 2)
    z = fitted.transform(X)
    axes = [
        plot_spirals(X), plot_spirals(X, arm),
        plot_graph(X, graph), plot_graph(X, graph, arm=arm),
        plot_positive_set(X, P, 3), plot_positive_set(X, P, 3, arm=arm),
        plot_triplets(X, sample_triplets(P, 5, random_state=0)),
        plot_embedding(X, z), plot_embedding_vs_t(z, arm, t),
        plot_training_curve(fitted.net_.history),
    ]
    assert all(isinstance(ax, Axes) for ax in axes)


def test_plots_draw_on_the_given_axes(spirals, graph):
    fig, ax = plt.subplots()
    assert plot_graph(spirals.X, graph, ax=ax) is ax
    assert plot_spirals(spirals.X, ax=ax) is ax
    assert plt.get_fignums() == [fig.number]  # no extra figure


def test_plot_graph_one_segment_per_undirected_edge(spirals, graph):
    X, arm, _ = spirals
    ax = plot_graph(X, graph, arm=arm)
    (lines,) = line_collections(ax)
    segments = lines.get_segments()
    edges = _undirected_edges(graph)
    assert len(segments) == len(edges) == graph.nnz // 2
    assert sorted(_segment_edges(X, segments)) == sorted(edges)
    # Red segments are exactly the cross-arm edges.
    drawn = _segment_edges(X, segments)
    colors = lines.get_colors()
    assert len(colors) == len(segments)
    red = {e for e, c in zip(drawn, colors, strict=True) if _is(c, RED)}
    cross = {(i, j) for i, j in edges if arm[i] != arm[j]}
    assert len(cross) > 0
    assert red == cross
    assert str(len(edges)) in ax.get_title() and str(len(cross)) in ax.get_title()


def test_plot_graph_without_arm_has_no_red(spirals, graph):
    (lines,) = line_collections(plot_graph(spirals.X, graph))
    assert not any(_is(c, RED) for c in lines.get_colors())


def test_plot_graph_of_an_empty_graph(spirals):
    ax = plot_graph(spirals.X, expand_graph(knn_graph(spirals.X, 3), 0))
    (lines,) = line_collections(ax)
    assert len(lines.get_segments()) == 0


def test_plot_triplets_colours_and_counts(spirals):
    X = spirals.X
    P = expand_graph(knn_graph(X, 6), 3)
    tri = sample_triplets(P, 9, random_state=4)
    ax = plot_triplets(X, tri)
    lines = line_collections(ax)
    assert len(lines) == 2
    blue = [c for c in lines if all(_is(col, BLUE) for col in c.get_colors())]
    red = [c for c in lines if all(_is(col, RED) for col in c.get_colors())]
    assert len(blue) == 1 and len(red) == 1
    blue_segments, red_segments = blue[0].get_segments(), red[0].get_segments()
    assert len(blue_segments) == len(red_segments) == 9
    np.testing.assert_allclose(np.stack(blue_segments), np.stack([X[tri.anchor], X[tri.positive]], 1))
    np.testing.assert_allclose(np.stack(red_segments), np.stack([X[tri.anchor], X[tri.negative]], 1))


def test_plot_positive_set_marks_cross_arm_positives(spirals, graph):
    X, arm, _ = spirals
    P = expand_graph(graph, 4)
    anchor = int(np.argmax([(arm[P[i].indices] != arm[i]).sum() for i in range(len(X))]))
    positives = P[anchor].indices
    n_cross = int((arm[positives] != arm[anchor]).sum())
    assert n_cross > 0
    ax = plot_positive_set(X, P, anchor, arm=arm)
    highlighted = [c for c in ax.collections
                   if isinstance(c, PathCollection) and len(c.get_offsets()) == len(positives)]
    assert len(highlighted) == 1
    colors = highlighted[0].get_facecolors()
    assert sum(_is(c, RED) for c in colors) == n_cross
    assert sum(_is(c, BLUE) for c in colors) == len(positives) - n_cross
    assert f"{len(positives)} positives" in ax.get_title()


def test_plot_spirals_one_scatter_per_arm(spirals):
    X, arm, _ = spirals
    assert len(plot_spirals(X, arm).collections) == len(np.unique(arm))
    assert len(plot_spirals(X).collections) == 1


def test_plot_embedding_colours_by_z_with_a_colour_bar(spirals, fitted):
    z = fitted.transform(spirals.X)
    ax = plot_embedding(spirals.X, z)
    (points,) = ax.collections
    np.testing.assert_allclose(points.get_array(), z[:, 0])
    assert len(ax.figure.axes) == 2  # the plot and its colour bar


def test_plot_embedding_vs_t(spirals):
    X, arm, t = spirals
    ax = plot_embedding_vs_t(2 * t, arm, t)
    assert len(ax.collections) == 2
    for label, points in enumerate(ax.collections):
        np.testing.assert_allclose(points.get_offsets(), np.c_[t[arm == label], 2 * t[arm == label]])


def test_plot_training_curve_from_a_fitted_history(fitted):
    history = fitted.net_.history
    ax = plot_training_curve(history)
    (loss_line,) = ax.get_lines()
    np.testing.assert_allclose(loss_line.get_ydata(), history[:, "train_loss"])
    np.testing.assert_array_equal(loss_line.get_xdata(), np.arange(1, len(history) + 1))
    assert len(ax.figure.axes) == 1  # no metric recorded: no second axis


def test_plot_training_curve_with_metric(spirals, fast):
    from sss import ArmSpearmanPerEpoch

    model = SiameseEmbedding(callbacks=[ArmSpearmanPerEpoch(*spirals)], random_state=0,
                             **fast).fit(spirals.X)
    ax = plot_training_curve(model.net_.history)
    assert len(ax.figure.axes) == 2
    twin = [a for a in ax.figure.axes if a is not ax][0]
    (metric_line,) = twin.get_lines()
    np.testing.assert_allclose(metric_line.get_ydata(), model.net_.history[:, "arm_spearman"])


def test_plots_do_not_change_rcparams(spirals, graph):
    before = dict(matplotlib.rcParams)
    plot_graph(spirals.X, graph, arm=spirals.arm)
    plot_spirals(spirals.X, spirals.arm)
    assert dict(matplotlib.rcParams) == before
