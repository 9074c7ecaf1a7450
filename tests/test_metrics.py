"""Stage 6: arm_spearman, arm_separation, cross_arm_fraction, ArmSpearmanPerEpoch."""

import numpy as np
import pytest
import scipy.sparse as sp

from sss import (ArmSpearmanPerEpoch, SiameseEmbedding, arm_separation, arm_spearman,
                 cross_arm_fraction, knn_graph, make_spirals)


@pytest.fixture(scope="module")
def labels():
    data = make_spirals(n_per_arm=400, n_arms=2, random_state=0)
    return data.arm, data.t


# --- arm_spearman ------------------------------------------------------------------------

def test_spearman_is_one_for_z_equal_t(labels):
    arm, t = labels
    assert arm_spearman(t, arm, t) == pytest.approx(1.0)
    assert arm_spearman(t[:, None], arm, t) == pytest.approx(1.0)  # (n, 1) works too


def test_spearman_uses_the_absolute_value(labels):
    arm, t = labels
    assert arm_spearman(-t, arm, t) == pytest.approx(1.0)
    # Opposite directions on the two arms still count as perfect on each arm.
    assert arm_spearman(np.where(arm == 0, t, -t), arm, t) == pytest.approx(1.0)


def test_spearman_is_rank_based(labels):
    arm, t = labels
    assert arm_spearman(np.exp(5 * t) + 3 * arm, arm, t) == pytest.approx(1.0)


def test_spearman_is_near_zero_for_shuffled_z(labels):
    arm, t = labels
    z = np.random.RandomState(0).permutation(t)
    assert arm_spearman(z, arm, t) < 0.2


def test_spearman_is_zero_for_constant_z(labels):
    arm, t = labels
    assert arm_spearman(np.full(len(t), 3.0), arm, t) == 0.0
    # Constant on one arm only: the mean of 0 and 1.
    assert arm_spearman(np.where(arm == 0, t, 1.0), arm, t) == pytest.approx(0.5)


def test_spearman_drops_with_noise(labels):
    arm, t = labels
    z = t + np.random.RandomState(1).normal(scale=0.3, size=len(t))
    score = arm_spearman(z, arm, t)
    assert 0.2 < score < 0.95


# --- arm_separation ----------------------------------------------------------------------

def test_separation_is_one_for_far_apart_arms(labels):
    arm, t = labels
    assert arm_separation(t + 10 * arm, arm) == 1.0
    assert arm_separation(np.c_[t, 10 * arm], arm, n_neighbors=3) == 1.0  # 2-D embedding


@pytest.mark.parametrize("n_arms", [2, 4])
def test_separation_is_chance_for_z_independent_of_arm(n_arms):
    rng = np.random.RandomState(n_arms)
    arm = rng.randint(n_arms, size=2000)
    z = rng.uniform(size=2000)
    assert arm_separation(z, arm) == pytest.approx(1 / n_arms, abs=0.06)


def test_separation_on_overlapping_arms_is_near_chance(labels):
    arm, t = labels
    assert arm_separation(t, arm) < 0.65  # both arms cover the same z range


def test_separation_exact_small_case():
    z = np.array([0.0, 0.1, 0.2, 0.3])
    arm = np.array([0, 0, 0, 1])
    # Point 3's nearest other point (0.2) is on arm 0: 3 of 4 are right.
    assert arm_separation(z, arm, n_neighbors=1) == 0.75
    assert arm_separation(np.array([0.0, 0.1, 5.0, 5.1]), np.array([0, 0, 1, 1]),
                          n_neighbors=1) == 1.0


def test_separation_leaves_each_point_out_even_with_duplicates():
    # Two copies of each point, on different arms: a point must not vote for itself.
    z = np.repeat(np.arange(5.0) * 10, 2)
    arm = np.tile([0, 1], 5)
    assert arm_separation(z, arm, n_neighbors=1) == 0.0


# --- cross_arm_fraction ------------------------------------------------------------------

def _graph(n, edges):
    A = np.zeros((n, n), dtype=bool)
    for i, j in edges:
        A[i, j] = A[j, i] = True
    return sp.csr_matrix(A)


@pytest.mark.parametrize("edges, arm, expected", [
    ([(0, 1), (1, 2), (2, 3)], [0, 0, 1, 1], 1 / 3),
    ([(0, 1), (1, 2), (2, 3), (3, 0)], [0, 1, 0, 1], 1.0),
    ([(0, 1), (1, 2), (2, 3), (3, 0)], [5, 5, 5, 5], 0.0),
    ([(0, 1), (0, 2), (0, 3), (0, 4), (1, 2)], [0, 0, 0, 1, 2], 2 / 5),
])
def test_cross_arm_fraction_exact(edges, arm, expected):
    n = len(arm)
    G = _graph(n, edges)
    assert cross_arm_fraction(G, arm) == pytest.approx(expected)
    assert cross_arm_fraction(G.toarray(), np.array(arm)) == pytest.approx(expected)


def test_cross_arm_fraction_grows_with_n_neighbors():
    data = make_spirals(n_per_arm=100, random_state=0)
    low = cross_arm_fraction(knn_graph(data.X, 3), data.arm)
    high = cross_arm_fraction(knn_graph(data.X, 40), data.arm)
    assert 0 <= low < high <= 1


# --- ArmSpearmanPerEpoch -----------------------------------------------------------------

@pytest.fixture(scope="module")
def monitored(spirals, fast):
    callback = ArmSpearmanPerEpoch(spirals.X, spirals.arm, spirals.t)
    model = SiameseEmbedding(callbacks=[callback], random_state=0, **fast).fit(spirals.X)
    return model


def test_callback_records_one_value_per_epoch(monitored, spirals, fast):
    history = monitored.net_.history
    values = history[:, "arm_spearman"]
    assert len(values) == len(history) == fast["max_epochs"]
    assert all(0.0 <= v <= 1.0 for v in values)
    # The last value is the score of the final embedding.
    final = arm_spearman(monitored.transform(spirals.X), spirals.arm, spirals.t)
    assert values[-1] == pytest.approx(final, abs=1e-6)


def test_callback_only_monitors(monitored, spirals, fast):
    plain = SiameseEmbedding(random_state=0, **fast).fit(spirals.X)
    np.testing.assert_array_equal(plain.transform(spirals.X), monitored.transform(spirals.X))
    assert "arm_spearman" not in plain.net_.history[-1]


def test_callback_custom_name_and_held_out_points(spirals, fast):
    fresh = make_spirals(n_per_arm=30, random_state=1000)
    callback = ArmSpearmanPerEpoch(fresh.X, fresh.arm, fresh.t, name="heldout_rho")
    model = SiameseEmbedding(callbacks=[callback], random_state=0,
                             **{**fast, "max_epochs": 2}).fit(spirals.X)
    assert len(model.net_.history[:, "heldout_rho"]) == 2
    assert model.net_.history[-1, "heldout_rho"] == pytest.approx(
        arm_spearman(model.transform(fresh.X), fresh.arm, fresh.t), abs=1e-6)
