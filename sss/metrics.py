"""Stage 6, metrics: how well an embedding follows the spiral.

The labels ``arm`` and ``t`` are used here only to *measure*; training never
sees them. ``arm_spearman`` is taught in ``05_siamese_training``,
``cross_arm_fraction`` in ``02_knn_graph``, ``arm_separation`` in
``06_visualization``.
"""

import numpy as np
import torch
from scipy.stats import spearmanr
from skorch.callbacks import Callback
from sklearn.neighbors import NearestNeighbors

from ._validation import check_graph, check_int, check_labels, check_points


def _check_embedding(z, name="z"):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        z = z[:, None]
    return check_points(z, name, min_samples=2)


def arm_spearman(z, arm, t):
    """Mean over arms of ``|Spearman rho|`` between the embedding and ``t``.

    1.0 means the embedding changes monotonically along every arm. An arm on
    which the embedding is constant scores 0. Taught in ``05_siamese_training``.

    Parameters
    ----------
    z : array-like of shape (n,) or (n, 1)
        A 1-D embedding.
    arm : array-like of int, shape (n,)
        Arm of each point.
    t : array-like of shape (n,)
        Position along the arm.

    Returns
    -------
    float in [0, 1]
    """
    z = _check_embedding(z)
    if z.shape[1] != 1:
        raise ValueError(f"z must be a 1-D embedding of shape (n,) or (n, 1), got {z.shape}.")
    z = z[:, 0]
    arm = check_labels(arm, "arm", len(z))
    t = check_labels(t, "t", len(z), dtype=float)
    scores = []
    for label in np.unique(arm):
        on_arm = arm == label
        if on_arm.sum() < 2 or np.ptp(z[on_arm]) == 0 or np.ptp(t[on_arm]) == 0:
            scores.append(0.0)
        else:
            scores.append(abs(spearmanr(z[on_arm], t[on_arm])[0]))
    return float(np.mean(scores))


def arm_separation(z, arm, n_neighbors=5):
    """Leave-one-out k-NN accuracy of ``arm`` predicted from the embedding.

    1.0 means every point's nearest neighbours in embedding space lie on its own
    arm; 1 / n_arms is chance. Taught in ``06_visualization``.

    Parameters
    ----------
    z : array-like of shape (n,) or (n, n_components)
    arm : array-like of int, shape (n,)
    n_neighbors : int, default=5
        Voters per point (1 to n - 1); ties go to the smallest arm label.

    Returns
    -------
    float in [0, 1]
    """
    z = _check_embedding(z)
    arm = check_labels(arm, "arm", len(z))
    n_neighbors = check_int(n_neighbors, "n_neighbors", low=1, high=len(z) - 1)
    # Ask for one extra neighbour and drop each point itself (leave-one-out).
    _, idx = NearestNeighbors(n_neighbors=n_neighbors + 1).fit(z).kneighbors(z)
    keep = idx != np.arange(len(z))[:, None]
    keep[keep.all(axis=1), -1] = False  # exact duplicates can hide a point's own index
    votes = arm[idx][keep].reshape(len(z), n_neighbors)
    labels, codes = np.unique(arm, return_inverse=True)
    counts = np.zeros((len(z), len(labels)), dtype=int)
    np.add.at(counts, (np.repeat(np.arange(len(z)), n_neighbors),
                       np.searchsorted(labels, votes).ravel()), 1)
    return float(np.mean(counts.argmax(axis=1) == codes))


def cross_arm_fraction(G, arm):
    """Share of the edges of ``G`` that join two different arms ("short-circuits").

    Taught in ``02_knn_graph``.

    Parameters
    ----------
    G : sparse matrix of shape (n, n)
        A KNN or expanded graph with at least one edge.
    arm : array-like of int, shape (n,)

    Returns
    -------
    float in [0, 1]
    """
    G = check_graph(G, "G", allow_empty=False)
    arm = check_labels(arm, "arm", G.shape[0])
    rows, cols = G.nonzero()
    return float(np.mean(arm[rows] != arm[cols]))


class ArmSpearmanPerEpoch(Callback):
    """skorch callback: record ``arm_spearman`` of held points after every epoch.

    Only for monitoring: the value goes into ``net.history`` under ``name`` and
    never into the loss. Taught in ``05_siamese_training``.
    """

    def __init__(self, X, arm, t, name="arm_spearman"):
        self.X = check_points(X)
        self.arm = check_labels(arm, "arm", len(self.X))
        self.t = check_labels(t, "t", len(self.X), dtype=float)
        self.name = name

    def on_epoch_end(self, net, **kwargs):
        module = net.module_
        was_training = module.training
        module.eval()
        with torch.no_grad():
            z = module.embed(torch.as_tensor(self.X, dtype=torch.float32)).numpy()
        module.train(was_training)
        net.history.record(self.name, arm_spearman(z[:, :1], self.arm, self.t))
