"""Stage 3: PairSampler, sample_triplets, triplets_to_pairs, sample_pairs."""

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.stats import chi2

from sss import (PairSampler, Pairs, Triplets, expand_graph, knn_graph, sample_pairs,
                 sample_triplets, triplets_to_pairs)


def graph_from_edges(n, edges):
    A = np.zeros((n, n), dtype=bool)
    for i, j in edges:
        A[i, j] = A[j, i] = True
    return sp.csr_matrix(A)


@pytest.fixture(scope="module")
def positive_graph(spirals):
    return expand_graph(knn_graph(spirals.X, 4), 2)


def test_triplets_respect_the_positive_graph(positive_graph):
    P = positive_graph.toarray()
    tri = sample_triplets(positive_graph, 5000, random_state=0)
    assert isinstance(tri, Triplets)
    assert tri.anchor.shape == tri.positive.shape == tri.negative.shape == (5000,)
    assert P[tri.anchor, tri.positive].all(), "a positive outside P"
    assert not P[tri.anchor, tri.negative].any(), "a negative inside P"
    assert np.all(tri.negative != tri.anchor)
    assert np.all(tri.positive != tri.anchor)
    for idx in tri:
        assert np.issubdtype(idx.dtype, np.integer)
        assert idx.min() >= 0 and idx.max() < len(P)


def test_anchors_are_exactly_the_valid_nodes(positive_graph):
    P = positive_graph.toarray()
    n = len(P)
    degree = P.sum(axis=1)
    valid = np.flatnonzero((degree > 0) & (degree < n - 1))
    sampler = PairSampler(positive_graph)
    np.testing.assert_array_equal(sampler.anchors_, valid)
    assert sampler.n_skipped == n - len(valid)
    anchors = sampler.sample(3000, random_state=1).anchor
    assert np.isin(anchors, valid).all()


def test_isolated_node_is_skipped_and_counted():
    # Path 0-1-2-3, node 4 has no edge at all.
    sampler = PairSampler(graph_from_edges(5, [(0, 1), (1, 2), (2, 3)]))
    assert sampler.n_skipped == 1
    np.testing.assert_array_equal(sampler.anchors_, [0, 1, 2, 3])
    tri = sampler.sample(500, random_state=0)
    assert 4 not in tri.anchor and 4 not in tri.positive
    assert 4 in tri.negative  # it is still a fine negative for the others


def test_node_connected_to_all_others_is_skipped_and_counted():
    # Node 0 joins everyone: it has no possible negative.
    sampler = PairSampler(graph_from_edges(5, [(0, 1), (0, 2), (0, 3), (0, 4), (1, 2)]))
    assert sampler.n_skipped == 1
    np.testing.assert_array_equal(sampler.anchors_, [1, 2, 3, 4])
    tri = sampler.sample(1000, random_state=0)
    assert 0 not in tri.anchor
    assert set(tri.negative[tri.anchor == 1]) == {3, 4}
    assert set(tri.positive[tri.anchor == 1]) == {0, 2}
    assert set(tri.negative[tri.anchor == 3]) == {1, 2, 4}


def test_self_loops_are_ignored():
    A = graph_from_edges(4, [(0, 1), (2, 3)]).tolil()
    A.setdiag(True)
    A[3, 3] = True
    sampler = PairSampler(A.tocsr())
    np.testing.assert_array_equal(sampler.anchors_, [0, 1, 2, 3])
    assert sampler.n_skipped == 0
    tri = sampler.sample(400, random_state=2)
    assert np.all(tri.positive != tri.anchor) and np.all(tri.negative != tri.anchor)


def test_only_self_loops_has_no_valid_node():
    with pytest.raises(ValueError, match=r"\bP\b"):
        PairSampler(sp.identity(4, format="csr"))


def test_sampler_does_not_modify_its_input():
    A = graph_from_edges(5, [(0, 1), (1, 2)]).tolil()
    A.setdiag(True)
    A = A.tocsr()
    before = A.toarray().copy()
    PairSampler(A).sample(10, random_state=0)
    np.testing.assert_array_equal(A.toarray(), before)


@pytest.mark.parametrize("P", [
    # Every node is joined to all others: no node has a possible negative.
    graph_from_edges(4, [(i, j) for i in range(4) for j in range(i + 1, 4)]),
    graph_from_edges(2, [(0, 1)]),
    sp.csr_matrix(np.ones((3, 3), dtype=bool)),  # complete, with self-loops
    sp.csr_matrix((6, 6), dtype=bool),  # no edges at all
], ids=["complete4", "single-edge", "complete3-self-loops", "empty"])
def test_no_valid_node_raises_instead_of_looping(P):
    with pytest.raises(ValueError, match=r"\bP\b"):
        PairSampler(P)
    with pytest.raises(ValueError, match=r"\bP\b"):
        sample_triplets(P, 4, random_state=0)


def test_seeded_sampling_is_deterministic(positive_graph):
    a = sample_triplets(positive_graph, 200, random_state=3)
    b = sample_triplets(positive_graph, 200, random_state=3)
    c = sample_triplets(positive_graph, 200, random_state=4)
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a.anchor, c.anchor)
    assert not np.array_equal(a.negative, c.negative)


def test_sampler_reuse_matches_sample_triplets(positive_graph):
    sampler = PairSampler(positive_graph)
    direct = sample_triplets(positive_graph, 100, random_state=9)
    for x, y in zip(sampler.sample(100, random_state=9), direct, strict=True):
        np.testing.assert_array_equal(x, y)
    # A shared generator gives fresh batches.
    rng = np.random.RandomState(0)
    first, second = sampler.sample(100, rng), sampler.sample(100, rng)
    assert not np.array_equal(first.anchor, second.anchor)


def _chi2_pvalue(counts):
    """p-value of uniformity for a list of count arrays (one per anchor), pooled."""
    stat, dof = 0.0, 0
    for c in counts:
        expected = c.sum() / len(c)
        stat += ((c - expected) ** 2 / expected).sum()
        dof += len(c) - 1
    return chi2.sf(stat, dof)


def test_negatives_positives_and_anchors_are_uniform():
    # A random graph of 16 nodes with very different degrees.
    rng = np.random.RandomState(0)
    A = rng.uniform(size=(16, 16)) < rng.uniform(0.05, 0.7, size=(16, 1))
    A = np.triu(A, 1)
    A = A | A.T
    sampler = PairSampler(sp.csr_matrix(A))
    tri = sampler.sample(200_000, random_state=1)
    n = len(A)
    neg_counts, pos_counts = [], []
    for a in sampler.anchors_:
        mine = tri.anchor == a
        allowed = np.flatnonzero(~A[a] & (np.arange(n) != a))
        neg = np.bincount(tri.negative[mine], minlength=n)
        pos = np.bincount(tri.positive[mine], minlength=n)
        assert neg[~np.isin(np.arange(n), allowed)].sum() == 0
        assert pos[~A[a]].sum() == 0
        neg_counts.append(neg[allowed])
        pos_counts.append(pos[A[a]])
        assert neg[allowed].min() > 0, "an allowed negative is never drawn"
    anchor_counts = [np.bincount(tri.anchor, minlength=n)[sampler.anchors_]]
    # Generous bound: a correct sampler fails this with probability 1e-6.
    assert _chi2_pvalue(neg_counts) > 1e-6
    assert _chi2_pvalue(pos_counts) > 1e-6
    assert _chi2_pvalue(anchor_counts) > 1e-6


def test_chi2_check_detects_a_biased_sampler():
    # The uniformity check above can fail: counts skewed by 10 % are rejected.
    counts = np.array([11_000, 10_000, 10_000, 9_000])
    assert _chi2_pvalue([counts]) < 1e-6


def test_triplets_to_pairs():
    tri = Triplets(anchor=np.array([0, 5, 2]), positive=np.array([1, 4, 3]),
                   negative=np.array([7, 8, 9]))
    pairs = triplets_to_pairs(tri)
    assert isinstance(pairs, Pairs)
    np.testing.assert_array_equal(pairs.a, [0, 5, 2, 0, 5, 2])
    np.testing.assert_array_equal(pairs.b, [1, 4, 3, 7, 8, 9])
    np.testing.assert_array_equal(pairs.y, [1, 1, 1, 0, 0, 0])
    assert pairs.y.dtype == np.float32


def test_sample_pairs_is_balanced_and_labelled(positive_graph):
    P = positive_graph.toarray()
    pairs = sample_pairs(positive_graph, 300, random_state=5)
    assert len(pairs.a) == len(pairs.b) == len(pairs.y) == 600
    assert set(np.unique(pairs.y)) == {0.0, 1.0}
    assert pairs.y.sum() == 300
    assert P[pairs.a[pairs.y == 1], pairs.b[pairs.y == 1]].all()
    assert not P[pairs.a[pairs.y == 0], pairs.b[pairs.y == 0]].any()
    tri = sample_triplets(positive_graph, 300, random_state=5)
    np.testing.assert_array_equal(pairs.a, np.concatenate([tri.anchor, tri.anchor]))
