"""Bad input: every case raises ValueError or TypeError with a message naming the argument."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.exceptions import NotFittedError

from sss import (ArmSpearmanPerEpoch, PairSampler, SiameseEmbedding, SiameseNet, arm_separation,
                 arm_spearman, cross_arm_fraction, expand_graph, expansion_view, graph_view,
                 knn_graph, make_spirals, neighbors_widget, plot_embedding, plot_graph,
                 plot_positive_set, plot_spirals, plot_training_curve, plot_triplets,
                 sample_pairs, sample_triplets, torch_threads, triplets_view, triplets_widget)
from sss.pairs import Triplets

GOOD_X = make_spirals(n_per_arm=15, random_state=0).X  # 30 points
GOOD_ARM = np.repeat([0, 1], 15)
GOOD_T = np.tile(np.linspace(0, 1, 15), 2)
EMPTY = sp.csr_matrix((30, 30), dtype=bool)


def _with(value, index=(3, 1)):
    X = GOOD_X.copy()
    X[index] = value
    return X


BAD_X = {
    "1-D": (np.arange(10.0), ValueError),
    "3-D": (np.zeros((4, 2, 2)), ValueError),
    "NaN": (_with(np.nan), ValueError),
    "inf": (_with(np.inf), ValueError),
    "-inf": (_with(-np.inf), ValueError),
    "strings": (np.array([["a", "b"], ["c", "d"]]), TypeError),
    "sparse": (sp.csr_matrix(GOOD_X), TypeError),
}
X_CONSUMERS = {
    "knn_graph": lambda X: knn_graph(X, 2),
    "plot_spirals": plot_spirals,
    "graph_view": lambda X: graph_view(X, np.zeros(X.shape[0], dtype=int)),
    "ArmSpearmanPerEpoch": lambda X: ArmSpearmanPerEpoch(X, np.zeros(X.shape[0], dtype=int),
                                                         np.zeros(X.shape[0])),
}
# SiameseEmbedding runs scikit-learn's validate_data first (for its estimator checks) and
# prefixes its messages with "X: ", so they name the argument too.


@pytest.mark.parametrize("consumer", X_CONSUMERS, ids=str)
@pytest.mark.parametrize("case", BAD_X, ids=str)
def test_bad_points(case, consumer):
    X, error = BAD_X[case]
    with pytest.raises(error, match=r"\bX\b"):
        X_CONSUMERS[consumer](X)


@pytest.mark.parametrize("case", BAD_X, ids=str)
def test_bad_points_in_fit(case):
    X, _ = BAD_X[case]
    model = SiameseEmbedding()
    with pytest.raises((ValueError, TypeError), match=r"\bX\b"):
        model.fit(X)
    assert not hasattr(model, "net_")


@pytest.fixture(scope="module")
def fitted():
    return SiameseEmbedding(hops=1, hidden_units=8, max_epochs=1, steps_per_epoch=2,
                            n_anchors=16, random_state=0).fit(GOOD_X)


@pytest.mark.parametrize("case", BAD_X, ids=str)
def test_bad_points_in_transform(fitted, case):
    X, _ = BAD_X[case]
    with pytest.raises((ValueError, TypeError), match=r"\bX\b"):
        fitted.transform(X)


def test_transform_wrong_number_of_features(fitted):
    with pytest.raises(ValueError, match=r"X has 3 features"):
        fitted.transform(np.zeros((5, 3)))


def test_transform_before_fit():
    with pytest.raises(NotFittedError, match="fit"):
        SiameseEmbedding().transform(GOOD_X)
    assert issubclass(NotFittedError, ValueError)


def test_transform_bad_batch_size(fitted):
    with pytest.raises(ValueError, match="batch_size"):
        fitted.transform(GOOD_X, batch_size=0)


def test_too_few_points():
    with pytest.raises(ValueError, match=r"\bX\b"):
        knn_graph(np.zeros((1, 2)), 1)
    with pytest.raises(ValueError, match=r"\bX\b"):
        SiameseEmbedding().fit(np.zeros((1, 2)))


# --- n_neighbors -------------------------------------------------------------------------

@pytest.mark.parametrize("k", [0, -3, 30, 31, 1000])
def test_knn_graph_n_neighbors_out_of_range(k):
    with pytest.raises(ValueError, match="n_neighbors"):
        knn_graph(GOOD_X, k)


@pytest.mark.parametrize("k", [2.5, "3", True, None, 3.0])
def test_knn_graph_n_neighbors_not_an_integer(k):
    with pytest.raises(TypeError, match="n_neighbors"):
        knn_graph(GOOD_X, k)


@pytest.mark.parametrize("k", [0, 30])
def test_estimator_n_neighbors_out_of_range(k):
    with pytest.raises(ValueError, match="n_neighbors"):
        SiameseEmbedding(n_neighbors=k).fit(GOOD_X)


def test_arm_separation_n_neighbors_out_of_range():
    for k in (0, 30):
        with pytest.raises(ValueError, match="n_neighbors"):
            arm_separation(GOOD_T, GOOD_ARM, n_neighbors=k)


# --- hops --------------------------------------------------------------------------------

@pytest.mark.parametrize("hops", [-1, -10])
def test_negative_hops(hops):
    with pytest.raises(ValueError, match="hops"):
        expand_graph(knn_graph(GOOD_X, 3), hops)


@pytest.mark.parametrize("hops", [2.5, "3", True, False, None, 2.0])
def test_hops_not_an_integer(hops):
    with pytest.raises(TypeError, match="hops"):
        expand_graph(knn_graph(GOOD_X, 3), hops)


def test_numpy_integer_hops_is_fine():
    A = knn_graph(GOOD_X, 3)
    assert (expand_graph(A, np.int64(2)) != expand_graph(A, 2)).nnz == 0


@pytest.mark.parametrize("hops, error", [(0, ValueError), (-1, ValueError), (2.5, TypeError),
                                         ("3", TypeError), (True, TypeError)])
def test_estimator_bad_hops(hops, error):
    with pytest.raises(error, match="hops"):
        SiameseEmbedding(hops=hops).fit(GOOD_X)


# --- graphs ------------------------------------------------------------------------------

def test_empty_graph_for_pair_sampling():
    with pytest.raises(ValueError, match=r"\bP\b"):
        PairSampler(EMPTY)
    with pytest.raises(ValueError, match=r"\bP\b"):
        sample_triplets(EMPTY)
    with pytest.raises(ValueError, match=r"\bP\b"):
        sample_pairs(EMPTY)
    with pytest.raises(ValueError, match=r"\bP\b"):
        triplets_widget(GOOD_X, EMPTY)


def test_empty_graph_for_cross_arm_fraction():
    with pytest.raises(ValueError, match=r"\bG\b"):
        cross_arm_fraction(EMPTY, GOOD_ARM)


@pytest.mark.parametrize("shape", [(29, 29), (31, 31)])
def test_graph_shape_does_not_match_points(shape):
    G = sp.csr_matrix(shape, dtype=bool)
    with pytest.raises(ValueError, match=r"\bG\b"):
        plot_graph(GOOD_X, G)
    with pytest.raises(ValueError, match=r"\bP\b"):
        plot_positive_set(GOOD_X, G, 0)
    with pytest.raises(ValueError, match=r"\bP\b"):
        triplets_view(GOOD_X, G)


@pytest.mark.parametrize("G", [np.zeros((3, 4)), sp.csr_matrix((3, 4)), np.zeros(5)])
def test_graph_not_square(G):
    with pytest.raises(ValueError, match=r"\bA\b"):
        expand_graph(G, 1)
    with pytest.raises(ValueError, match=r"\bP\b"):
        PairSampler(G)


def test_cross_arm_fraction_arm_length():
    with pytest.raises(ValueError, match="arm"):
        cross_arm_fraction(knn_graph(GOOD_X, 3), GOOD_ARM[:-1])


# --- make_spirals ------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, error, name", [
    (dict(n_per_arm=1), ValueError, "n_per_arm"),
    (dict(n_per_arm=0), ValueError, "n_per_arm"),
    (dict(n_per_arm=2.5), TypeError, "n_per_arm"),
    (dict(n_arms=0), ValueError, "n_arms"),
    (dict(n_arms=9), ValueError, "n_arms"),
    (dict(noise=-0.1), ValueError, "noise"),
    (dict(noise=np.nan), ValueError, "noise"),
    (dict(noise="0.1"), TypeError, "noise"),
    (dict(turns=0), ValueError, "turns"),
    (dict(turns=-1), ValueError, "turns"),
    (dict(turns=5.5), ValueError, "turns"),
    (dict(turns=np.inf), ValueError, "turns"),
], ids=lambda v: str(v) if isinstance(v, dict) else None)
def test_make_spirals_bad_arguments(kwargs, error, name):
    with pytest.raises(error, match=name):
        make_spirals(**kwargs)


# --- SiameseEmbedding hyper-parameters (checked at fit, sklearn style) ------------------

@pytest.mark.parametrize("param, value, error", [
    ("lr", 0, ValueError),
    ("lr", -0.01, ValueError),
    ("lr", np.nan, ValueError),
    ("lr", "0.01", TypeError),
    ("max_epochs", 0, ValueError),
    ("max_epochs", 2.0, TypeError),
    ("steps_per_epoch", 0, ValueError),
    ("n_anchors", 0, ValueError),
    ("n_components", 0, ValueError),
    ("hidden_units", 0, ValueError),
    ("n_layers", 0, ValueError),
    ("n_threads", 0, ValueError),
    ("n_threads", 1.5, TypeError),
    ("verbose", -1, ValueError),
])
def test_estimator_bad_hyper_parameters_raise_at_fit(param, value, error):
    model = SiameseEmbedding(**{param: value})  # construction never validates
    assert model.get_params()[param] is value
    with pytest.raises(error, match=param):
        model.fit(GOOD_X)
    assert not hasattr(model, "net_")


# --- metrics -----------------------------------------------------------------------------

def test_arm_spearman_bad_inputs():
    with pytest.raises(ValueError, match=r"\bz\b"):
        arm_spearman(np.c_[GOOD_T, GOOD_T], GOOD_ARM, GOOD_T)
    with pytest.raises(ValueError, match=r"\bz\b"):
        arm_spearman(np.where(GOOD_T > 0.5, np.nan, GOOD_T), GOOD_ARM, GOOD_T)
    with pytest.raises(ValueError, match="arm"):
        arm_spearman(GOOD_T, GOOD_ARM[:-1], GOOD_T)
    with pytest.raises(TypeError, match="arm"):
        arm_spearman(GOOD_T, GOOD_ARM.astype(float), GOOD_T)
    with pytest.raises(ValueError, match=r"\bt\b"):
        arm_spearman(GOOD_T, GOOD_ARM, np.where(GOOD_T > 0.5, np.inf, GOOD_T))
    with pytest.raises(ValueError, match=r"\bt\b"):
        arm_spearman(GOOD_T, GOOD_ARM, GOOD_T[:5])


def test_arm_separation_bad_inputs():
    with pytest.raises(ValueError, match="arm"):
        arm_separation(GOOD_T, GOOD_ARM[:3])
    with pytest.raises(ValueError, match=r"\bz\b"):
        arm_separation(np.full(30, np.nan), GOOD_ARM)


# --- model, pairs, plotting, widgets -----------------------------------------------------

@pytest.mark.parametrize("name", ["n_features", "n_components", "hidden_units", "n_layers"])
def test_siamese_net_bad_sizes(name):
    with pytest.raises(ValueError, match=name):
        SiameseNet(**{name: 0})
    with pytest.raises(TypeError, match=name):
        SiameseNet(**{name: 1.5})


def test_sample_bad_n_anchors():
    P = expand_graph(knn_graph(GOOD_X, 3), 2)
    with pytest.raises(ValueError, match="n_anchors"):
        PairSampler(P).sample(0)
    with pytest.raises(TypeError, match="n_anchors"):
        sample_triplets(P, n_anchors=2.0)


def test_torch_threads_bad_value():
    with pytest.raises(ValueError, match="n_threads"), torch_threads(0):
        pass


def test_plot_triplets_bad_triplets():
    good = np.array([0, 1])
    with pytest.raises(ValueError, match="triplets"):
        plot_triplets(GOOD_X, Triplets(good, good, np.array([0, 1, 2])))
    with pytest.raises(ValueError, match="triplets.negative"):
        plot_triplets(GOOD_X, Triplets(good, good, np.array([0, 30])))
    with pytest.raises(ValueError, match="triplets.anchor"):
        plot_triplets(GOOD_X, Triplets(np.array([-1, 0]), good, good))


def test_plot_positive_set_bad_anchor():
    P = expand_graph(knn_graph(GOOD_X, 3), 2)
    with pytest.raises(ValueError, match="anchor"):
        plot_positive_set(GOOD_X, P, 30)
    with pytest.raises(TypeError, match="anchor"):
        plot_positive_set(GOOD_X, P, 1.0)


def test_plots_need_two_features():
    with pytest.raises(ValueError, match=r"X has 3 features"):
        plot_spirals(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"\bz\b"):
        plot_embedding(GOOD_X, GOOD_T[:-1])


def test_plot_training_curve_empty_history():
    with pytest.raises(ValueError, match="history"):
        plot_training_curve([])


def test_widgets_bad_inputs():
    with pytest.raises(ValueError, match="arm"):
        neighbors_widget(GOOD_X, GOOD_ARM[:-1])
    with pytest.raises(ValueError, match="max_neighbors"):
        neighbors_widget(GOOD_X, GOOD_ARM, max_neighbors=0)
    with pytest.raises(ValueError, match="hops"):
        expansion_view(GOOD_X, GOOD_ARM, hops=-2)
