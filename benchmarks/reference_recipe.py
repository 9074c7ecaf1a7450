"""Reference recipe: a faithful re-creation of the original project's training recipe,
used only as a baseline by the benchmarks. Not the method sss teaches.

The recipe, as the original ran it:

* points are min-max scaled to [0, 1] (scaling fitted on the training points);
* ``NearestNeighbors(n_neighbors=6)`` on the training points, each point counting
  itself as one of its neighbours; positive sets are the neighbour sets grown for
  ``hops=10`` rounds with Python sets;
* each step draws 32 anchors, one positive per anchor from its set (not the anchor
  itself) and one negative by rejection, all with Python loops;
* encoder ``Linear(2,128)-BN-ReLU-Linear(128,128)-BN-ReLU-Linear(128,1)``, applied in
  one pass to the stacked anchors, positives and negatives (so BatchNorm statistics
  are taken over all ``3 * batch_size`` rows, as in the original), a
  ``Linear(1,1)`` discriminator on ``|z_a - z_p|`` (label 1) and ``|z_a - z_n|``
  (label 0), ``BCEWithLogitsLoss``, Adam with lr 0.002;
* 200 steps per epoch, 100 epochs, torch limited to one thread while training.
"""

from __future__ import annotations

import numbers
import time

import numpy as np
import torch
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import MinMaxScaler
from torch import nn

__all__ = ["ReferenceRecipe", "reference_positive_sets", "reference_sample"]


def _check_int(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _check_points(X, name="X"):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array (n_points, n_features), "
                         f"got shape {X.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return X


def reference_positive_sets(X, n_neighbors=6, hops=10):
    """Build the positive set of every point the way the original did.

    Parameters
    ----------
    X : array-like of shape (n_points, n_features)
        Raw (unscaled) points; they are min-max scaled to [0, 1] here first.
    n_neighbors : int, default=6
        Neighbours per point, the point itself included (``kneighbors`` on the
        training set returns each point as its own nearest neighbour).
    hops : int, default=10
        Rounds of growth. Each round adds the neighbours of every member.

    Returns
    -------
    list of set of int
        ``sets[i]`` holds the indices of the positives of point ``i`` (``i`` included).
    """
    X = _check_points(X)
    n_neighbors = _check_int("n_neighbors", n_neighbors, 2)
    hops = _check_int("hops", hops, 0)
    if n_neighbors > X.shape[0]:
        raise ValueError(f"n_neighbors={n_neighbors} exceeds the number of points "
                         f"({X.shape[0]})")
    Xs = MinMaxScaler().fit_transform(X)
    _, idx = NearestNeighbors(n_neighbors=n_neighbors).fit(Xs).kneighbors(Xs)
    neighbours = [set(row.tolist()) for row in idx]
    sets = []
    for start in neighbours:
        members = set(start)
        for _ in range(hops):
            grown = set(members)
            for m in members:
                grown |= neighbours[m]
            members = grown
        sets.append(members)
    return sets


def reference_sample(pos_sets, n_pairs, rng):
    """Draw anchors, positives and negatives with Python loops, as the original did.

    Parameters
    ----------
    pos_sets : list of set of int
        Output of :func:`reference_positive_sets`.
    n_pairs : int
        Number of anchors (and so of positive and of negative pairs).
    rng : numpy.random.Generator
        Source of the scalar draws.

    Returns
    -------
    anchors, positives, negatives : ndarray of int64, shape (n_pairs,)
        Anchors drawn uniformly; each positive is drawn from the anchor's set minus
        the anchor; each negative is redrawn uniformly until it lies outside the set.
    """
    n_pairs = _check_int("n_pairs", n_pairs, 1)
    n = len(pos_sets)
    if n == 0:
        raise ValueError("pos_sets must not be empty")
    anchors, positives, negatives = [], [], []
    for _ in range(n_pairs):
        a = int(rng.integers(n))
        members = pos_sets[a]
        candidates = list(members - {a})
        if not candidates or len(members) >= n:
            raise ValueError(f"pos_sets[{a}] leaves no positive or no negative to draw "
                             f"(size {len(members)} of {n} points)")
        p = candidates[int(rng.integers(len(candidates)))]
        neg = int(rng.integers(n))
        while neg in members:
            neg = int(rng.integers(n))
        anchors.append(a)
        positives.append(p)
        negatives.append(neg)
    return (np.array(anchors, dtype=np.int64), np.array(positives, dtype=np.int64),
            np.array(negatives, dtype=np.int64))


class ReferenceRecipe:
    """The original project's training recipe, packaged for benchmarking.

    Parameters
    ----------
    n_neighbors : int, default=6
        Neighbours per point (self included) for the positive graph.
    hops : int, default=10
        Rounds of positive-set growth.
    epochs : int, default=100
        Training epochs.
    steps_per_epoch : int, default=200
        Optimiser steps per epoch.
    batch_size : int, default=32
        Anchors per step (giving ``batch_size`` positive and negative pairs).
    lr : float, default=0.002
        Adam learning rate.
    seed : int, default=0
        Seeds torch (``torch.manual_seed``, for the weight initialisation) and the
        numpy generator used for sampling.

    Attributes
    ----------
    encoder_ : torch.nn.Sequential
        The trained encoder, mapping scaled points to one coordinate.
    discriminator_ : torch.nn.Linear
        The ``Linear(1, 1)`` pair discriminator.
    scaler_ : sklearn.preprocessing.MinMaxScaler
        Min-max scaling fitted on the training points.
    pos_sets_ : list of set of int
        Positive sets of the training points.
    fit_seconds_ : float
        Wall time of :meth:`fit`, callback time excluded.
    """

    def __init__(self, n_neighbors=6, hops=10, epochs=100, steps_per_epoch=200,
                 batch_size=32, lr=0.002, seed=0):
        self.n_neighbors = _check_int("n_neighbors", n_neighbors, 2)
        self.hops = _check_int("hops", hops, 0)
        self.epochs = _check_int("epochs", epochs, 1)
        self.steps_per_epoch = _check_int("steps_per_epoch", steps_per_epoch, 1)
        self.batch_size = _check_int("batch_size", batch_size, 2)  # BatchNorm needs >= 2
        if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not lr > 0:
            raise ValueError(f"lr must be a positive number, got {lr!r}")
        self.lr = float(lr)
        self.seed = _check_int("seed", seed, 0)

    def fit(self, X, epoch_callback=None):
        """Train the encoder on ``X``.

        Parameters
        ----------
        X : array-like of shape (n_points, n_features)
            Raw training points.
        epoch_callback : callable, optional
            Called as ``epoch_callback(epoch_index, self)`` after every epoch
            (``epoch_index`` counts from 0). Its time is not counted in
            ``fit_seconds_``.

        Returns
        -------
        self
        """
        if epoch_callback is not None and not callable(epoch_callback):
            raise ValueError(f"epoch_callback must be callable or None, got {epoch_callback!r}")
        X = _check_points(X)
        start = time.perf_counter()
        callback_seconds = 0.0
        saved_threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            torch.manual_seed(self.seed)
            rng = np.random.default_rng(self.seed)
            self.scaler_ = MinMaxScaler().fit(X)
            Xt = torch.as_tensor(self.scaler_.transform(X), dtype=torch.float32)
            self.pos_sets_ = reference_positive_sets(X, self.n_neighbors, self.hops)
            self.encoder_ = nn.Sequential(
                nn.Linear(X.shape[1], 128), nn.BatchNorm1d(128), nn.ReLU(),
                nn.Linear(128, 128), nn.BatchNorm1d(128), nn.ReLU(),
                nn.Linear(128, 1),
            )
            self.discriminator_ = nn.Linear(1, 1)
            params = list(self.encoder_.parameters()) + list(self.discriminator_.parameters())
            optimiser = torch.optim.Adam(params, lr=self.lr)
            loss_fn = nn.BCEWithLogitsLoss()
            labels = torch.cat([torch.ones(self.batch_size, 1),
                                torch.zeros(self.batch_size, 1)])
            for epoch in range(self.epochs):
                self.encoder_.train()
                for _ in range(self.steps_per_epoch):
                    a, p, n = reference_sample(self.pos_sets_, self.batch_size, rng)
                    # One encoder pass over anchors, positives and negatives stacked, as the
                    # original did: its BatchNorm layers see all 3 * batch_size rows at once.
                    z = self.encoder_(Xt[np.concatenate([a, p, n])])
                    z_a, z_p, z_n = z.reshape(3, self.batch_size, 1)
                    logits = self.discriminator_(
                        torch.cat([(z_a - z_p).abs(), (z_a - z_n).abs()]))
                    loss = loss_fn(logits, labels)
                    optimiser.zero_grad()
                    loss.backward()
                    optimiser.step()
                if epoch_callback is not None:
                    t0 = time.perf_counter()
                    epoch_callback(epoch, self)
                    callback_seconds += time.perf_counter() - t0
        finally:
            torch.set_num_threads(saved_threads)
        self.fit_seconds_ = time.perf_counter() - start - callback_seconds
        return self

    def transform(self, X):
        """Embed points with the trained encoder.

        Parameters
        ----------
        X : array-like of shape (n_points, n_features)
            Raw points; the min-max scaling fitted in :meth:`fit` is applied.

        Returns
        -------
        ndarray of shape (n_points,)
            One coordinate per point.
        """
        if not hasattr(self, "encoder_"):
            raise ValueError("ReferenceRecipe is not fitted; call fit(X) first")
        X = _check_points(X)
        if X.shape[1] != self.scaler_.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, but the recipe was fitted on "
                             f"{self.scaler_.n_features_in_}")
        Xt = torch.as_tensor(self.scaler_.transform(X), dtype=torch.float32)
        self.encoder_.eval()
        with torch.no_grad():
            return self.encoder_(Xt).numpy().ravel().astype(np.float64)


if __name__ == "__main__":
    from scipy.stats import spearmanr

    def spirals(n_per_arm=200, turns=1.75, noise=0.1, seed=0):
        """Two interleaved noisy spirals (stand-in for ``sss.make_spirals``)."""
        rng = np.random.default_rng(seed)
        t = np.sort(rng.uniform(0, 1, n_per_arm))
        Xs, arms, ts = [], [], []
        for a in range(2):
            theta = 2 * np.pi * turns * t + np.pi * a + 0.5
            r = 0.5 + 5 * t
            Xs.append(np.c_[r * np.cos(theta), r * np.sin(theta)]
                      + noise * rng.standard_normal((n_per_arm, 2)))
            arms.append(np.full(n_per_arm, a))
            ts.append(t)
        return np.vstack(Xs), np.concatenate(arms), np.concatenate(ts)

    def arm_spearman(z, arm, t):
        """Mean over arms of |Spearman rho| between embedding and arm position."""
        return float(np.mean([abs(spearmanr(z[arm == a], t[arm == a])[0])
                              for a in np.unique(arm)]))

    X, arm, t = spirals()
    quality = {}

    def record(epoch, recipe):
        if epoch + 1 in (10, 20, 100):
            quality[epoch + 1] = arm_spearman(recipe.transform(X), arm, t)

    recipe = ReferenceRecipe().fit(X, epoch_callback=record)
    print(f"reference recipe: {recipe.epochs} epochs in {recipe.fit_seconds_:.1f} s")
    for epoch, q in sorted(quality.items()):
        print(f"  arm_spearman after epoch {epoch:3d}: {q:.3f}")
