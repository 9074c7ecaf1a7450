"""Stage 8: the widgets, driven headless through their children, and the *_view functions."""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy.sparse.csgraph import connected_components

from sss import (cross_arm_fraction, expand_graph, expansion_view, expansion_widget, graph_view,
                 knn_graph, make_spirals, neighbors_widget, sample_triplets, triplets_view,
                 triplets_widget)
from sss.widgets import MAX_HOPS


def controls(widget):
    """The sliders / text boxes of an ``interactive``, by description."""
    return {c.description: c for c in widget.children if hasattr(c, "description") and c.description}


def direct_graph_summary(X, arm, k):
    A = knn_graph(X, k)
    return {"n_neighbors": k,
            "n_components": int(connected_components(A, directed=False)[0]),
            "cross_arm_fraction": round(cross_arm_fraction(A, arm), 4)}


# --- neighbors_widget --------------------------------------------------------------------

def test_neighbors_widget_follows_its_slider(spirals):
    X, arm, _ = spirals
    w = neighbors_widget(X, arm)
    slider = controls(w)["n_neighbors"]
    assert isinstance(slider, widgets.IntSlider)
    assert w.result == direct_graph_summary(X, arm, 6)  # the initial value is drawn
    seen = set()
    for k in (1, 2, 15, 30):
        slider.value = k
        assert w.result == direct_graph_summary(X, arm, k)
        seen.add((w.result["n_components"], w.result["cross_arm_fraction"]))
    assert len(seen) > 1  # the slider really changes the graph


@pytest.mark.parametrize("n, expected_max", [(5, 4), (12, 11), (31, 30), (120, 30)])
def test_neighbors_slider_bounds(n, expected_max):
    data = make_spirals(n_per_arm=n, n_arms=1, random_state=0)
    w = neighbors_widget(data.X, data.arm, n_neighbors=2)
    slider = controls(w)["n_neighbors"]
    assert slider.min == 1 and slider.max == expected_max
    slider.value = slider.max
    assert w.result == direct_graph_summary(data.X, data.arm, expected_max)


def test_neighbors_slider_max_neighbors(spirals):
    w = neighbors_widget(spirals.X, spirals.arm, max_neighbors=10)
    assert controls(w)["n_neighbors"].max == 10


# --- expansion_widget --------------------------------------------------------------------

def direct_positives(X, arm, k, hops, anchor):
    P = expand_graph(knn_graph(X, k), hops)
    positives = P[anchor].indices
    return len(positives), int((arm[positives] != arm[anchor]).sum())


def test_expansion_widget_sliders(spirals):
    X, arm, _ = spirals
    w = expansion_widget(X, arm)
    c = controls(w)
    assert c["hops"].min == 0 and c["hops"].max == MAX_HOPS
    assert c["n_neighbors"].min == 1 and c["n_neighbors"].max == 30
    assert c["anchor"].min == 0 and c["anchor"].max == len(X) - 1
    assert c["anchor"].value == len(X) // 4
    assert w.result["anchor"] == len(X) // 4


def test_expansion_widget_hops_zero_has_no_positive(spirals):
    w = expansion_widget(spirals.X, spirals.arm)
    controls(w)["hops"].value = 0
    assert w.result["hops"] == 0
    assert w.result["n_positives"] == 0 and w.result["n_cross_arm"] == 0
    assert "warning" not in w.result


def test_expansion_widget_matches_expand_graph_and_warns_on_cross_arm(spirals):
    X, arm, _ = spirals
    w = expansion_widget(X, arm)
    c = controls(w)
    warned = quiet = 0
    for k, hops, anchor in [(3, 1, 10), (4, 3, 30), (6, 5, 50), (30, 5, 10), (30, 2, 90),
                            (12, 8, 0)]:
        c["n_neighbors"].value, c["hops"].value, c["anchor"].value = k, hops, anchor
        n_positives, n_cross = direct_positives(X, arm, k, hops, anchor)
        assert (w.result["n_neighbors"], w.result["hops"], w.result["anchor"]) == (k, hops, anchor)
        assert w.result["n_positives"] == n_positives
        assert w.result["n_cross_arm"] == n_cross
        assert ("warning" in w.result) == (n_cross > 0)
        if n_cross:
            assert str(n_cross) in w.result["warning"]
            warned += 1
        else:
            quiet += 1
    assert warned and quiet  # both branches were exercised


def test_expansion_widget_warns_for_a_single_cross_arm_positive(spirals):
    X, arm, _ = spirals
    # Search the smallest setting where some anchor has exactly one positive on another arm.
    found = None
    for k in range(2, 31):
        for hops in range(1, 9):
            P = expand_graph(knn_graph(X, k), hops)
            rows, cols = P.nonzero()
            cross = np.bincount(rows[arm[rows] != arm[cols]], minlength=len(X))
            if (cross == 1).any():
                found = k, hops, int(np.flatnonzero(cross == 1)[0])
                break
        if found:
            break
    assert found is not None
    k, hops, anchor = found
    w = expansion_widget(X, arm, n_neighbors=k, hops=hops, anchor=anchor)
    assert w.result["n_cross_arm"] == 1
    assert "warning" in w.result and w.result["warning"].startswith("1 ")


def test_expansion_widget_small_data():
    data = make_spirals(n_per_arm=5, n_arms=1, random_state=0)
    w = expansion_widget(data.X, data.arm, n_neighbors=2, hops=1)
    c = controls(w)
    assert c["n_neighbors"].max == 4 and c["anchor"].max == 4


# --- triplets_widget ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def positives(spirals):
    return expand_graph(knn_graph(spirals.X, 6), 3)


def test_new_batch_button_changes_the_batch(spirals, positives):
    box = triplets_widget(spirals.X, positives)
    assert isinstance(box, widgets.VBox)
    button, interact = box.children
    assert isinstance(button, widgets.Button) and button.description == "New batch"
    first = interact.result
    assert first["batch"] == 0 and len(first["anchors"]) == 12
    assert first["anchors"] == sample_triplets(positives, 12, random_state=0).anchor.tolist()
    button.click()
    second = interact.result
    assert second["batch"] == 1
    assert second["anchors"] != first["anchors"]
    assert second["anchors"] == sample_triplets(positives, 12, random_state=1).anchor.tolist()
    button.click()
    assert interact.result["batch"] == 2


def test_triplets_widget_anchor_slider(spirals, positives):
    box = triplets_widget(spirals.X, positives, n_anchors=5)
    interact = box.children[1]
    slider = controls(interact)["n_anchors"]
    assert interact.result["n_anchors"] == 5 and len(interact.result["anchors"]) == 5
    slider.value = 20
    assert len(interact.result["anchors"]) == 20


# --- the plain view functions ------------------------------------------------------------

def test_views_are_callable_on_their_own(spirals, positives):
    X, arm, _ = spirals
    before = len(plt.get_fignums())
    assert graph_view(X, arm, 5) == direct_graph_summary(X, arm, 5)
    summary = expansion_view(X, arm, n_neighbors=5, hops=2, anchor=7)
    assert (summary["n_positives"], summary["n_cross_arm"]) == direct_positives(X, arm, 5, 2, 7)
    assert expansion_view(X, arm)["anchor"] == len(X) // 4
    result = triplets_view(X, positives, n_anchors=4, batch=3)
    assert result == {"batch": 3, "n_anchors": 4,
                      "anchors": sample_triplets(positives, 4, random_state=3).anchor.tolist()}
    assert len(plt.get_fignums()) == before + 4  # one figure per call


def test_triplets_view_is_seeded_by_batch(spirals, positives):
    a = triplets_view(spirals.X, positives, batch=5)
    b = triplets_view(spirals.X, positives, batch=5)
    c = triplets_view(spirals.X, positives, batch=6)
    assert a == b and a["anchors"] != c["anchors"]


def test_widgets_reject_bad_sliders(spirals):
    data = make_spirals(n_per_arm=5, n_arms=1, random_state=0)
    with pytest.raises(ValueError, match="n_neighbors"):
        neighbors_widget(data.X, data.arm, n_neighbors=10)
    with pytest.raises(ValueError, match="hops"):
        expansion_widget(spirals.X, spirals.arm, hops=-1)
    with pytest.raises(ValueError, match="anchor"):
        expansion_widget(spirals.X, spirals.arm, anchor=len(spirals.X))
    with pytest.raises(ValueError, match="batch"):
        triplets_view(spirals.X, expand_graph(knn_graph(spirals.X, 6), 3), batch=-1)


# --- every control at its extremes: a summary for exactly those values, never an error ------

def test_expansion_widget_at_every_corner_of_its_sliders(spirals):
    """ipywidgets swallows exceptions in the callback, so check that each result matches."""
    X, arm, _ = spirals
    w = expansion_widget(X, arm)
    c = controls(w)
    for k in (c["n_neighbors"].min, c["n_neighbors"].max):
        for hops in (c["hops"].min, c["hops"].max):
            for anchor in (c["anchor"].min, c["anchor"].max):
                c["n_neighbors"].value, c["hops"].value, c["anchor"].value = k, hops, anchor
                n_positives, n_cross = direct_positives(X, arm, k, hops, anchor)
                assert (w.result["n_neighbors"], w.result["hops"], w.result["anchor"]) == (k, hops, anchor)
                assert (w.result["n_positives"], w.result["n_cross_arm"]) == (n_positives, n_cross)
        plt.close("all")


def test_triplets_widget_at_its_extremes(spirals, positives):
    X, _, _ = spirals
    box = triplets_widget(X, positives)
    button, interact = box.children
    n_anchors, batch = interact.children[0], interact.children[1]
    for value in (n_anchors.min, n_anchors.max):
        n_anchors.value = value
        assert len(interact.result["anchors"]) == value
    batch.value = batch.max
    assert interact.result["batch"] == batch.max
    button.click()  # wraps around instead of leaving the allowed range
    assert interact.result["batch"] == 0


# --- in a live kernel: the figure and the summary go into the widget's own output ----------

@pytest.mark.parametrize("make, control, value", [
    (lambda X, arm, P: neighbors_widget(X, arm), lambda w: controls(w)["n_neighbors"], 12),
    (lambda X, arm, P: expansion_widget(X, arm), lambda w: controls(w)["hops"], 9),
    (lambda X, arm, P: triplets_widget(X, P).children[1], lambda w: controls(w)["n_anchors"], 7),
])
def test_a_control_move_shows_and_closes_its_figure(spirals, positives, capsys, make, control, value):
    """ipywidgets flushes inline figures only for the backend's long name, which matplotlib
    >= 3.9 no longer reports: a figure left open would reach JupyterLab after the widget's
    Output closed, and be dropped. So the callback displays its figure, closes it, and
    prints the summary."""
    X, arm, _ = spirals
    w = make(X, arm, positives)
    plt.close("all")
    capsys.readouterr()
    control(w).value = value
    assert plt.get_fignums() == []
    assert str(w.result) in capsys.readouterr().out
