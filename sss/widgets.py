"""Stage 8, widgets: sliders for neighbour count and hop radius (ipywidgets 8).

Each widget wraps a plain ``*_view`` function that draws one figure and returns
a summary dict, so it can be called, and tested, without widgets. Used from
``02_knn_graph``, ``03_graph_expansion`` and ``04_pair_sampling``.
"""

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display
from scipy.sparse.csgraph import connected_components

from ._validation import check_graph, check_int, check_labels, check_points
from .graph import expand_graph, knn_graph
from .metrics import cross_arm_fraction
from .pairs import sample_triplets
from .plot import plot_graph, plot_positive_set, plot_triplets

MAX_NEIGHBORS = 30
MAX_HOPS = 150  # the k=6 spiral graph is ~130 hops long
MAX_BATCH = 2**31 - 1


def _checked(X, arm):
    X = check_points(X, n_features=2, min_samples=2)
    return X, check_labels(arm, "arm", len(X))


def graph_view(X, arm, n_neighbors=6):
    """Draw the KNN graph; report components and cross-arm short-circuits."""
    X, arm = _checked(X, arm)
    A = knn_graph(X, n_neighbors)
    _, ax = plt.subplots(figsize=(5, 5))
    plot_graph(X, A, arm=arm, ax=ax)
    return {
        "n_neighbors": n_neighbors,
        "n_components": int(connected_components(A, directed=False)[0]),
        "cross_arm_fraction": round(cross_arm_fraction(A, arm), 4),
    }


def expansion_view(X, arm, n_neighbors=6, hops=5, anchor=None):
    """Draw one anchor's positive set; warn when it crosses to another arm.

    ``anchor=None`` picks point ``n // 4``, halfway along the first arm of
    :func:`make_spirals` data.
    """
    X, arm = _checked(X, arm)
    anchor = len(X) // 4 if anchor is None else anchor
    P = expand_graph(knn_graph(X, n_neighbors), hops)
    _, ax = plt.subplots(figsize=(5, 5))
    plot_positive_set(X, P, anchor, arm=arm, ax=ax)
    positives = P.indices[P.indptr[anchor]:P.indptr[anchor + 1]]
    n_cross = int((arm[positives] != arm[anchor]).sum())
    summary = {"n_neighbors": n_neighbors, "hops": hops, "anchor": anchor,
               "n_positives": len(positives), "n_cross_arm": n_cross}
    if n_cross:
        summary["warning"] = (f"{n_cross} of {len(positives)} positives lie on another arm: the graph "
                              "short-circuits; lower n_neighbors or hops.")
    return summary


def triplets_view(X, P, n_anchors=12, batch=0):
    """Draw one batch of triplets (seeded by ``batch``)."""
    X = check_points(X, n_features=2)
    P = check_graph(P, "P", n_samples=len(X))
    batch = check_int(batch, "batch", low=0, high=MAX_BATCH)
    triplets = sample_triplets(P, n_anchors, random_state=batch)
    _, ax = plt.subplots(figsize=(5, 5))
    plot_triplets(X, triplets, ax=ax)
    return {"batch": batch, "n_anchors": n_anchors, "anchors": triplets.anchor.tolist()}


def _shown(summary):
    """Show the figure just drawn, then the summary, inside the interactive's Output.

    ipywidgets only flushes inline figures itself when matplotlib names the backend
    ``module://matplotlib_inline.backend_inline``; matplotlib >= 3.9 says ``inline``, and the
    figure is then sent after the Output has closed, where JupyterLab drops it.
    """
    fig = plt.gcf()
    display(fig)
    plt.close(fig)
    print(summary)
    return summary


def _slider(description, value, low, high):
    value = check_int(value, description, low=low, high=high)
    return widgets.IntSlider(value=value, min=low, max=high, description=description,
                             continuous_update=False)


def neighbors_widget(X, arm, n_neighbors=6, max_neighbors=MAX_NEIGHBORS):
    """A neighbour-count slider over :func:`graph_view` (1 to min(max_neighbors, n - 1))."""
    X, arm = _checked(X, arm)
    high = min(check_int(max_neighbors, "max_neighbors", low=1), len(X) - 1)

    def view(n_neighbors):
        return _shown(graph_view(X, arm, n_neighbors))

    return widgets.interactive(view, n_neighbors=_slider("n_neighbors", n_neighbors, 1, high))


def expansion_widget(X, arm, n_neighbors=6, hops=5, anchor=None,
                     max_neighbors=MAX_NEIGHBORS, max_hops=MAX_HOPS):
    """Neighbour-count, hop-radius and anchor sliders over :func:`expansion_view`."""
    X, arm = _checked(X, arm)
    high = min(check_int(max_neighbors, "max_neighbors", low=1), len(X) - 1)

    def view(n_neighbors, hops, anchor):
        return _shown(expansion_view(X, arm, n_neighbors, hops, anchor))

    return widgets.interactive(
        view,
        n_neighbors=_slider("n_neighbors", n_neighbors, 1, high),
        hops=_slider("hops", hops, 0, check_int(max_hops, "max_hops", low=0)),
        anchor=_slider("anchor", len(X) // 4 if anchor is None else anchor, 0, len(X) - 1))


def triplets_widget(X, P, n_anchors=12):
    """An anchors slider and a "New batch" button over :func:`triplets_view`."""
    X = check_points(X, n_features=2)
    P = check_graph(P, "P", n_samples=len(X), allow_empty=False)

    def view(n_anchors, batch):
        return _shown(triplets_view(X, P, n_anchors, batch))

    controls = widgets.interactive(
        view, n_anchors=_slider("n_anchors", n_anchors, 1, 64),
        batch=widgets.BoundedIntText(value=0, min=0, max=MAX_BATCH, description="batch"))
    button = widgets.Button(description="New batch", icon="refresh")
    batch = controls.children[1]

    def new_batch(_):
        batch.value = (batch.value + 1) % (MAX_BATCH + 1)

    button.on_click(new_batch)
    return widgets.VBox([button, controls])
