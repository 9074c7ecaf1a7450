"""Stage 3, pairs: anchors, positives and negatives drawn from the expanded graph.

Taught in ``04_pair_sampling``.
"""

from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from sklearn.utils import check_random_state

from ._validation import check_graph, check_int


class Triplets(NamedTuple):
    """Index arrays of equal length: ``positive[i]`` and ``negative[i]`` go with ``anchor[i]``."""

    anchor: np.ndarray
    positive: np.ndarray
    negative: np.ndarray


class Pairs(NamedTuple):
    """Index pairs ``(a[i], b[i])`` with ``y[i] = 1.0`` for positive pairs, ``0.0`` otherwise."""

    a: np.ndarray
    b: np.ndarray
    y: np.ndarray


class PairSampler:
    """Draw triplets from a positive graph, vectorised and exact.

    A node is a valid anchor when it has at least one positive and at least one
    negative (a node other than itself outside its positive set). Other nodes
    are skipped and counted in ``n_skipped``. Taught in ``04_pair_sampling``.

    Parameters
    ----------
    P : sparse matrix of shape (n, n)
        The positive graph, e.g. from :func:`expand_graph`.

    Attributes
    ----------
    anchors_ : ndarray
        The valid anchors.
    n_skipped : int
        Nodes that cannot be anchors (no positive, or no possible negative).
    """

    def __init__(self, P):
        P = check_graph(P, "P", allow_empty=False)
        P.setdiag(False)
        P.eliminate_zeros()
        P.sort_indices()
        n = P.shape[0]
        self.n_nodes = n
        self.positives = P
        degree = np.diff(P.indptr)
        self.n_negatives = n - 1 - degree
        self.anchors_ = np.flatnonzero((degree > 0) & (self.n_negatives > 0))
        self.n_skipped = int(n - self.anchors_.size)
        if self.anchors_.size == 0:
            raise ValueError(
                "P has no node with both a positive and a negative; "
                "use a smaller hops or n_neighbors so that some pairs stay negative.")
        # Excluded nodes (positives plus the node itself), sorted per row. The
        # r-th allowed node of row i is r + (number of excluded nodes below it),
        # found with one global searchsorted over keys that grow along rows.
        excluded = (P + sp.identity(n, dtype=bool, format="csr")).tocsr()
        excluded.sort_indices()
        rank_in_row = np.arange(excluded.nnz) - np.repeat(excluded.indptr[:-1],
                                                          np.diff(excluded.indptr))
        rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(excluded.indptr))
        self._keys = rows * n + (excluded.indices - rank_in_row)
        self._row_start = excluded.indptr[:-1]

    def sample(self, n_anchors, random_state=None):
        """Draw ``n_anchors`` triplets (anchors with replacement).

        Parameters
        ----------
        n_anchors : int
            Number of triplets (>= 1).
        random_state : int, RandomState or None
            Seed or generator.

        Returns
        -------
        Triplets
        """
        n_anchors = check_int(n_anchors, "n_anchors", low=1)
        rng = check_random_state(random_state)
        anchor = self.anchors_[rng.randint(self.anchors_.size, size=n_anchors)]
        indptr, degree = self.positives.indptr, np.diff(self.positives.indptr)
        pick = (rng.random_sample(n_anchors) * degree[anchor]).astype(np.int64)
        positive = self.positives.indices[indptr[anchor] + pick]
        r = (rng.random_sample(n_anchors) * self.n_negatives[anchor]).astype(np.int64)
        below = np.searchsorted(self._keys, anchor.astype(np.int64) * self.n_nodes + r,
                                side="right") - self._row_start[anchor]
        negative = r + below
        return Triplets(anchor=anchor, positive=positive.astype(np.int64), negative=negative)


def sample_triplets(P, n_anchors=32, random_state=None):
    """Draw anchors, one positive (inside ``P``) and one negative (outside) each.

    Taught in ``04_pair_sampling``. See :class:`PairSampler` to draw many batches
    from the same graph.
    """
    return PairSampler(P).sample(n_anchors, random_state)


def triplets_to_pairs(triplets):
    """Turn triplets into labelled pairs: ``(anchor, positive, 1)`` then ``(anchor, negative, 0)``."""
    a = np.concatenate([triplets.anchor, triplets.anchor])
    b = np.concatenate([triplets.positive, triplets.negative])
    y = np.concatenate([np.ones(len(triplets.anchor)), np.zeros(len(triplets.anchor))])
    return Pairs(a=a, b=b, y=y.astype(np.float32))


def sample_pairs(P, n_anchors=32, random_state=None):
    """Balanced labelled pairs from ``n_anchors`` triplets. Taught in ``04_pair_sampling``."""
    return triplets_to_pairs(sample_triplets(P, n_anchors, random_state))
