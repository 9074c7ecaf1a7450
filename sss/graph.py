"""Stage 2, graph: the KNN graph and its hop expansion.

``knn_graph`` is taught in ``02_knn_graph``; ``expand_graph`` in
``03_graph_expansion``.
"""

import scipy.sparse as sp
from sklearn.neighbors import kneighbors_graph

from ._validation import check_graph, check_int, check_points


def knn_graph(X, n_neighbors=6):
    """Connect every point to its ``n_neighbors`` nearest neighbours.

    Taught in ``02_knn_graph``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Finite points.
    n_neighbors : int, default=6
        Neighbours per point, from 1 to ``n_samples - 1``.

    Returns
    -------
    scipy.sparse.csr_matrix of shape (n_samples, n_samples), dtype bool
        Symmetric adjacency (an edge if either point is among the other's
        neighbours), without self-loops.
    """
    X = check_points(X, min_samples=2)
    n_neighbors = check_int(n_neighbors, "n_neighbors", low=1, high=X.shape[0] - 1)
    A = kneighbors_graph(X, n_neighbors, mode="connectivity", include_self=False)
    A = A.maximum(A.T).astype(bool).tocsr()
    A.setdiag(False)
    A.eliminate_zeros()
    return A


def expand_graph(A, hops=5):
    """Join every pair of nodes at most ``hops`` edges apart.

    Repeated sparse products ``R <- R + R @ A`` grow the reachable sets one hop
    at a time, with no Python loop over nodes. Taught in ``03_graph_expansion``.

    Parameters
    ----------
    A : sparse matrix or array of shape (n, n)
        Adjacency of an undirected graph, e.g. from :func:`knn_graph`.
    hops : int, default=5
        Largest hop distance that counts as positive (>= 0).

    Returns
    -------
    scipy.sparse.csr_matrix of shape (n, n), dtype bool
        Entry (i, j) is True exactly when 1 <= hop distance(i, j) <= hops.
        ``hops=0`` gives an empty graph.
    """
    A = check_graph(A, "A")
    hops = check_int(hops, "hops", low=0)
    n = A.shape[0]
    if hops == 0 or A.nnz == 0:
        return sp.csr_matrix((n, n), dtype=bool)
    step = A.astype("int32")
    reach = step.copy()
    for _ in range(hops - 1):
        grown = reach + reach @ step
        grown.data[:] = 1  # keep a 0/1 pattern, not path counts
        if grown.nnz == reach.nnz:
            break  # nothing new: every component is already covered
        reach = grown
    reach = (reach - sp.diags(reach.diagonal(), dtype=reach.dtype)).tocsr()  # drop walks back to the start
    reach.eliminate_zeros()
    return reach.astype(bool)
