"""Stage 1, data: interleaved 2-D spirals (taught in ``01_spiral_data``)."""

from typing import NamedTuple

import numpy as np
from sklearn.utils import check_random_state

from ._validation import check_float, check_int


class Spirals(NamedTuple):
    """Points on spiral arms, with the labels we never train on.

    Attributes
    ----------
    X : ndarray of shape (n, 2)
        The points.
    arm : ndarray of shape (n,)
        Which arm each point lies on (0 .. n_arms - 1).
    t : ndarray of shape (n,)
        Position along the arm in [0, 1], increasing from the centre outwards.
    """

    X: np.ndarray
    arm: np.ndarray
    t: np.ndarray


def make_spirals(n_per_arm=200, n_arms=2, turns=1.75, noise=0.1, random_state=0):
    """Sample points on ``n_arms`` interleaved spiral arms.

    Each arm is the Archimedean spiral ``r = theta`` for ``theta`` in
    ``[0, 2 pi turns]``, rotated by ``2 pi / n_arms`` from the previous one (the
    classic two-spirals problem). Points are spread evenly along the arc
    length (one random point per equal slice) and jittered with Gaussian
    noise of standard deviation ``noise``. Taught in ``01_spiral_data``.

    Parameters
    ----------
    n_per_arm : int, default=200
        Points on each arm (at least 2).
    n_arms : int, default=2
        Number of arms (1 to 8).
    turns : float, default=1.75
        Turns of each arm around the centre (0 < turns <= 5).
    noise : float, default=0.1
        Standard deviation of the Gaussian jitter (>= 0).
    random_state : int, RandomState or None, default=0
        Seed for the positions along the arms and the noise.

    Returns
    -------
    Spirals
        Named tuple ``(X, arm, t)``, arms stored one after the other, each
        sorted by ``t``.
    """
    n_per_arm = check_int(n_per_arm, "n_per_arm", low=2)
    n_arms = check_int(n_arms, "n_arms", low=1, high=8)
    turns = check_float(turns, "turns", low=0, high=5, low_open=True)
    noise = check_float(noise, "noise", low=0)
    rng = check_random_state(random_state)

    # One point per equal slice of arc length (no big gaps). The arc length of
    # r = theta grows like theta**2, so t = sqrt(arc fraction).
    arc = (np.arange(n_per_arm) + rng.uniform(size=(n_arms, n_per_arm))) / n_per_arm
    t = np.sqrt(arc)
    theta = 2 * np.pi * turns * t
    rotation = 2 * np.pi * np.arange(n_arms)[:, None] / n_arms
    X = np.stack([theta * np.cos(theta + rotation), theta * np.sin(theta + rotation)], axis=-1)
    X = X.reshape(-1, 2) + noise * rng.standard_normal((n_arms * n_per_arm, 2))
    arm = np.repeat(np.arange(n_arms), n_per_arm)
    return Spirals(X=X, arm=arm, t=t.ravel())
