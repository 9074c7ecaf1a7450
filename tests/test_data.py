"""Stage 1: make_spirals."""

import numpy as np
import pytest
from scipy.stats import spearmanr

from sss import Spirals, make_spirals


def _rotate(points, angle):
    c, s = np.cos(angle), np.sin(angle)
    return points @ np.array([[c, s], [-s, c]])  # row vectors: rotate counter-clockwise


@pytest.mark.parametrize("n_per_arm, n_arms", [(2, 1), (7, 2), (50, 3), (20, 8)])
def test_shapes_and_dtypes(n_per_arm, n_arms):
    data = make_spirals(n_per_arm=n_per_arm, n_arms=n_arms, random_state=3)
    assert isinstance(data, Spirals)
    n = n_per_arm * n_arms
    assert data.X.shape == (n, 2)
    assert data.arm.shape == (n,)
    assert data.t.shape == (n,)
    assert np.issubdtype(data.X.dtype, np.floating)
    assert np.issubdtype(data.arm.dtype, np.integer)
    assert np.issubdtype(data.t.dtype, np.floating)
    assert np.all(np.isfinite(data.X))
    # n_arms arms of n_per_arm points each, stored one after the other.
    np.testing.assert_array_equal(np.bincount(data.arm, minlength=n_arms), [n_per_arm] * n_arms)
    np.testing.assert_array_equal(data.arm, np.repeat(np.arange(n_arms), n_per_arm))


def test_t_in_unit_interval_and_increasing_within_each_arm():
    data = make_spirals(n_per_arm=300, n_arms=3, random_state=1)
    assert data.t.min() >= 0 and data.t.max() <= 1
    for label in range(3):
        t = data.t[data.arm == label]
        assert np.all(np.diff(t) > 0), f"t is not increasing on arm {label}"
        # Spread over the whole arm, not bunched at one end.
        assert t[0] < 0.1 and t[-1] > 0.95


def test_one_point_per_equal_slice_of_arc_length():
    # Arc length of r = theta grows like theta**2, so t**2 is the arc fraction:
    # point i of each arm lies in slice [i / n, (i + 1) / n).
    n_per_arm = 100
    data = make_spirals(n_per_arm=n_per_arm, n_arms=2, random_state=5)
    for label in range(2):
        t = data.t[data.arm == label]
        np.testing.assert_array_equal(np.floor(t**2 * n_per_arm), np.arange(n_per_arm))


@pytest.mark.parametrize("turns", [0.5, 1.75, 3.0])
def test_radius_grows_with_t(turns):
    exact = make_spirals(n_per_arm=200, n_arms=2, turns=turns, noise=0.0, random_state=0)
    radius = np.linalg.norm(exact.X, axis=1)
    # Without noise the radius is exactly theta = 2 pi turns t.
    np.testing.assert_allclose(radius, 2 * np.pi * turns * exact.t, atol=1e-12)
    noisy = make_spirals(n_per_arm=200, n_arms=2, turns=turns, noise=0.1, random_state=0)
    for label in range(2):
        on_arm = noisy.arm == label
        rho = spearmanr(np.linalg.norm(noisy.X[on_arm], axis=1), noisy.t[on_arm])[0]
        assert rho > 0.95


@pytest.mark.parametrize("n_arms", [2, 3, 5])
def test_arms_are_rotated_copies(n_arms):
    turns = 1.75
    data = make_spirals(n_per_arm=40, n_arms=n_arms, turns=turns, noise=0.0, random_state=2)
    step = 2 * np.pi / n_arms

    def arm0_at(t):  # the formula of data.py for arm 0: r = theta, theta = 2 pi turns t
        theta = 2 * np.pi * turns * t
        return np.stack([theta * np.cos(theta), theta * np.sin(theta)], axis=1)

    for label in range(n_arms):
        on_arm = data.arm == label
        expected = _rotate(arm0_at(data.t[on_arm]), label * step)
        np.testing.assert_allclose(data.X[on_arm], expected, atol=1e-10)
    # Rotating arm 0 by 2 pi / n_arms gives arm 1 at equal t, and not arm 0 again.
    t1 = data.t[data.arm == 1]
    np.testing.assert_allclose(_rotate(arm0_at(t1), step), data.X[data.arm == 1], atol=1e-10)
    assert not np.allclose(_rotate(arm0_at(t1), step), arm0_at(t1), atol=1e-3)


def test_same_random_state_is_identical_and_different_differs():
    a = make_spirals(random_state=7)
    b = make_spirals(random_state=7)
    c = make_spirals(random_state=8)
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    assert not np.allclose(a.X, c.X)
    assert not np.allclose(a.t, c.t)
    np.testing.assert_array_equal(a.arm, c.arm)


def test_random_state_instance_is_accepted():
    a = make_spirals(random_state=np.random.RandomState(4))
    b = make_spirals(random_state=4)
    np.testing.assert_array_equal(a.X, b.X)


@pytest.mark.parametrize("noise", [0.05, 0.3])
def test_noise_only_jitters_the_points(noise):
    exact = make_spirals(n_per_arm=1000, noise=0.0, random_state=11)
    noisy = make_spirals(n_per_arm=1000, noise=noise, random_state=11)
    np.testing.assert_array_equal(exact.t, noisy.t)  # same positions along the arms
    residual = noisy.X - exact.X
    assert residual.std() == pytest.approx(noise, rel=0.1)
    assert abs(residual.mean()) < 0.1 * noise
