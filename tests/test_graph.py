"""Stage 2: knn_graph and expand_graph, against brute-force references."""

from collections import deque

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st

from sss import expand_graph, knn_graph


def brute_force_knn(X, k):
    """Dense symmetric KNN adjacency by sorting all pairwise distances."""
    d = np.linalg.norm(X[:, None, :] - X[None, :, :], axis=-1)
    np.fill_diagonal(d, np.inf)
    nearest = np.argsort(d, axis=1)[:, :k]
    A = np.zeros(d.shape, dtype=bool)
    A[np.repeat(np.arange(len(X)), k), nearest.ravel()] = True
    return A | A.T


def bfs_expand(A, hops):
    """Dense reference: (i, j) True when 1 <= hop distance(i, j) <= hops."""
    A = np.asarray(A, dtype=bool)
    n = len(A)
    out = np.zeros((n, n), dtype=bool)
    for source in range(n):
        dist = {source: 0}
        queue = deque([source])
        while queue:
            node = queue.popleft()
            if dist[node] == hops:
                continue
            for nxt in np.flatnonzero(A[node]):
                if nxt not in dist:
                    dist[nxt] = dist[node] + 1
                    queue.append(nxt)
        for node, d in dist.items():
            if 1 <= d <= hops:
                out[source, node] = True
    return out


def path_graph(n):
    A = np.zeros((n, n), dtype=bool)
    idx = np.arange(n - 1)
    A[idx, idx + 1] = A[idx + 1, idx] = True
    return A


def assert_clean_graph(G, n):
    assert sp.issparse(G) and G.format == "csr"
    assert G.dtype == bool
    assert G.shape == (n, n)
    assert (G != G.T).nnz == 0, "not symmetric"
    assert not G.diagonal().any(), "self-loops"


# --- knn_graph ---------------------------------------------------------------------------

@pytest.mark.parametrize("k", [1, 3, 6, 15])
def test_knn_graph_is_clean_csr(spirals, k):
    A = knn_graph(spirals.X, k)
    assert_clean_graph(A, len(spirals.X))
    assert np.diff(A.indptr).min() >= k
    assert A.data.all()  # no explicit False entries


@pytest.mark.parametrize("n, k", [(2, 1), (10, 1), (25, 4), (40, 7), (12, 11)])
def test_knn_graph_matches_brute_force(n, k):
    X = np.random.RandomState(n * 100 + k).uniform(size=(n, 3))
    np.testing.assert_array_equal(knn_graph(X, k).toarray(), brute_force_knn(X, k))


def test_knn_graph_with_duplicate_points_has_no_self_loops():
    X = np.repeat(np.random.RandomState(0).normal(size=(10, 2)), 3, axis=0)
    A = knn_graph(X, 4)
    assert_clean_graph(A, 30)
    assert np.diff(A.indptr).min() >= 4


def test_knn_graph_accepts_lists_and_numpy_integers():
    X = [[0.0, 0.0], [1.0, 0.0], [3.0, 0.0]]
    A = knn_graph(X, np.int64(1))
    np.testing.assert_array_equal(A.toarray(), [[0, 1, 0], [1, 0, 1], [0, 1, 0]])


# --- expand_graph ------------------------------------------------------------------------

def test_hops_zero_is_empty(spirals):
    A = knn_graph(spirals.X, 6)
    P = expand_graph(A, 0)
    assert P.shape == A.shape and P.nnz == 0
    assert sp.issparse(P) and P.format == "csr" and P.dtype == bool


def test_hops_one_is_the_graph_without_diagonal():
    rng = np.random.RandomState(1)
    A = rng.uniform(size=(15, 15)) < 0.2
    A = A | A.T
    np.fill_diagonal(A, True)  # self-loops must be dropped
    P = expand_graph(sp.csr_matrix(A), 1)
    expected = A.copy()
    np.fill_diagonal(expected, False)
    np.testing.assert_array_equal(P.toarray(), expected)


def test_hops_one_on_knn_graph_equals_it(spirals):
    A = knn_graph(spirals.X, 6)
    assert (expand_graph(A, 1) != A).nnz == 0


@pytest.mark.parametrize("hops", [0, 1, 2, 3, 7, 12, 30])
def test_path_graph_gives_the_band(hops):
    n = 12
    i, j = np.indices((n, n))
    expected = (np.abs(i - j) <= hops) & (i != j)
    np.testing.assert_array_equal(expand_graph(path_graph(n), hops).toarray(), expected)


def test_expand_graph_accepts_dense_and_sparse_alike():
    A = path_graph(8)
    np.testing.assert_array_equal(expand_graph(A, 3).toarray(),
                                  expand_graph(sp.coo_matrix(A), 3).toarray())


def test_expand_graph_does_not_modify_its_input():
    A = sp.csr_matrix(path_graph(6) | np.eye(6, dtype=bool))
    before = A.toarray().copy()
    expand_graph(A, 3)
    np.testing.assert_array_equal(A.toarray(), before)


def test_expand_graph_output_is_clean(spirals):
    P = expand_graph(knn_graph(spirals.X, 6), 4)
    assert_clean_graph(P, len(spirals.X))


@st.composite
def symmetric_graphs(draw, max_nodes=12):
    n = draw(st.integers(1, max_nodes))
    bits = draw(st.lists(st.booleans(), min_size=n * n, max_size=n * n))
    A = np.array(bits, dtype=bool).reshape(n, n)
    A = np.triu(A, 1)
    return A | A.T


@st.composite
def disconnected_graphs(draw):
    """Two or more random blocks on the diagonal: never an edge between blocks."""
    blocks = draw(st.lists(symmetric_graphs(max_nodes=6), min_size=2, max_size=3))
    n = sum(len(b) for b in blocks)
    A = np.zeros((n, n), dtype=bool)
    start = 0
    for block in blocks:
        A[start:start + len(block), start:start + len(block)] = block
        start += len(block)
    perm = draw(st.permutations(range(n)))
    return A[np.ix_(perm, perm)]


@given(A=symmetric_graphs(), hops=st.integers(0, 6))
def test_expand_graph_matches_bfs(A, hops):
    P = expand_graph(sp.csr_matrix(A), hops)
    assert P.dtype == bool and P.format == "csr"
    np.testing.assert_array_equal(P.toarray(), bfs_expand(A, hops))


@given(A=disconnected_graphs(), hops=st.integers(0, 6))
def test_expand_graph_matches_bfs_on_disconnected_graphs(A, hops):
    np.testing.assert_array_equal(expand_graph(A, hops).toarray(), bfs_expand(A, hops))


@given(A=symmetric_graphs(), hops=st.integers(1, 5))
def test_expand_graph_grows_with_hops(A, hops):
    smaller, larger = expand_graph(A, hops).toarray(), expand_graph(A, hops + 1).toarray()
    assert not (smaller & ~larger).any()
