# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,jupyter,-all
#     notebook_metadata_filter: kernelspec,jupytext,-jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · Graph expansion: who counts as a positive?
#
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/simple-self-supervised/sss/HEAD?urlpath=lab/tree/notebooks/03_graph_expansion.ipynb)
#
# Self-supervised training needs examples of "these two points belong together" (positive
# pairs) and "these two do not" (negative pairs), without labels. The KNN graph of
# [02 · The KNN graph](02_knn_graph.ipynb) provides them. Direct neighbours are too close
# to teach much: a code only has to be smooth at the scale of a single edge. So we call two
# points *positive* when a short walk on the graph joins them: at most `hops` edges. This
# notebook computes these positive sets, first with a plain search, then with a few sparse
# matrix products, and shows how `hops` (with `k`) decides who counts as a positive.
#
# In this notebook we will:
#
# - find every node's positive set with a breadth-first search in plain Python;
# - expand the graph to radius `hops` with sparse matrix products, and check both against
#   `sss.expand_graph`;
# - look at positive sets for growing radii and at their sizes;
# - see, with a figure and sliders, when positives leak to the other arm.

# %%
# %matplotlib inline
import time
from collections import deque

import matplotlib.pyplot as plt
import numpy as np
import torch
import scipy.sparse as sp
from scipy.sparse.csgraph import shortest_path

import sss
from sss import expand_graph, knn_graph, plot_positive_set

SEED = 0
torch.set_num_threads(1)  # small models run much faster on one thread: measured in 05_siamese_training

# %%
data = sss.make_spirals(random_state=SEED)
n = len(data.X)
A = knn_graph(data.X, n_neighbors=6)

# %% [markdown]
# ## Hop distance, by breadth-first search
#
# The hop distance between two nodes is the smallest number of edges on a path between them.
# A breadth-first search (BFS) visits the nodes in order of hop distance. It starts at one
# node, takes its neighbours (1 hop), then their new neighbours (2 hops), and so on. We stop
# expanding at `hops`. The positive set of the start node is every node reached, except itself.
# `A.tolil().rows` gives the neighbour list of each node.

# %%
def positives_bfs(A, hops):
    """For every node, the sorted list of nodes 1 to ``hops`` edges away."""
    neighbours = A.tolil().rows
    positives = []
    for source in range(A.shape[0]):
        hop = {source: 0}  # hop distance of each node reached so far
        queue = deque([source])
        while queue:
            node = queue.popleft()
            if hop[node] == hops:
                continue  # do not walk further than `hops`
            for other in neighbours[node]:
                if other not in hop:
                    hop[other] = hop[node] + 1
                    queue.append(other)
        positives.append(sorted(set(hop) - {source}))
    return positives


hops = 5
positive_lists = positives_bfs(A, hops)

# %%
# NBVAL_CHECK_OUTPUT
anchor = n // 4  # halfway along arm 0
print(f"anchor {anchor} has {len(positive_lists[anchor])} positives:")
print(positive_lists[anchor])

# %% [markdown]
# ## The same with sparse matrices
#
# The Python loop visits every node one by one. The same sets come out of matrix products.
# Let `R` mark the pairs joined by a walk of at most `h` edges. Then `R + R @ A` marks the
# pairs joined by a walk of at most `h + 1` edges: either `R` already had them, or a walk of
# at most `h` edges plus one more edge reaches them. We start from `R = A` (1 hop), grow it
# `hops - 1` times, and clip the entries back to 1, because we want "reachable", not the
# number of walks. Walks that come back to their start put entries on the diagonal; we remove
# them at the end.

# %%
def expand_by_hand(A, hops):
    """Adjacency of the pairs 1 to ``hops`` edges apart (hops >= 1)."""
    step = A.astype(np.int32)
    R = step.copy()  # walks of 1 edge
    for _ in range(hops - 1):
        R = R + R @ step  # ... and of one edge more
        R.data[:] = 1  # clip to 0/1: reachable or not
    R = R.astype(bool)
    R.setdiag(False)  # a node is not its own positive
    R.eliminate_zeros()
    return R


P_hand = expand_by_hand(A, hops)

# %% [markdown]
# `sss.expand_graph` is the same loop, and it stops early once nothing new is reached. To
# compare it with the BFS, we turn the lists into a sparse matrix, one row per node.

# %%
# NBVAL_CHECK_OUTPUT
sizes = [len(p) for p in positive_lists]
P_bfs = sp.csr_matrix((np.ones(sum(sizes), dtype=bool),
                       (np.repeat(np.arange(n), sizes), np.concatenate(positive_lists))),
                      shape=(n, n))
P = expand_graph(A, hops=hops)
print("BFS == by hand:", (P_bfs != P_hand).nnz == 0)
print("by hand == sss.expand_graph:", (P_hand != P).nnz == 0)
print("positive pairs (stored both ways):", P.nnz)

# %% [markdown]
# How long does each take? On our 400 points both are quick, so we also time a ten times larger
# spiral. The exact timings depend on the machine.

# %%
# NBVAL_IGNORE_OUTPUT
big = sss.make_spirals(n_per_arm=2000, random_state=SEED)
A_big = knn_graph(big.X, n_neighbors=6)
for name, graph in [("400 points", A), ("4000 points", A_big)]:
    for method, expand in [("BFS", positives_bfs), ("by hand", expand_by_hand),
                           ("sss.expand_graph", expand_graph)]:
        start = time.perf_counter()
        expand(graph, hops)
        print(f"{name:>11}  {method:<16} {1000 * (time.perf_counter() - start):7.1f} ms")

# %% [markdown]
# ## Growing the radius
#
# One anchor, halfway along arm 0, with its positives (in blue) for growing radii. Each extra
# hop adds roughly three points in each direction along the arm. At this anchor the positive
# set stays on the anchor's own arm: the `k = 6` graph has no short-circuits here.

# %%
# extra code – this cell generates the figure of one anchor's positive set for four radii
fig, axes = plt.subplots(1, 4, figsize=(12, 3.4))
for ax, radius in zip(axes, [1, 3, 5, 10], strict=True):
    P_radius = expand_graph(A, hops=radius)
    plot_positive_set(data.X, P_radius, anchor, arm=data.arm, ax=ax,
                      title=f"hops={radius}: {P_radius[anchor].nnz} positives")
plt.show()

# %% [markdown]
# ## How many positives per node?
#
# The size of a node's positive set is the length of its row in `P`. With `k = 6` and
# `hops = 5` most nodes get about 30 positives. The smallest sets are at the two outer ends of
# the spiral, where the walk can only go one way.

# %%
positive_counts = np.diff(P.indptr)

# %%
# NBVAL_CHECK_OUTPUT
print("positives per node: min", positive_counts.min(), "median", np.median(positive_counts),
      "max", positive_counts.max())
smallest = np.flatnonzero(positive_counts < 25)
print("nodes with fewer than 25 positives:", smallest.tolist())
print("their t:", np.round(data.t[smallest], 2).tolist())

# %%
# extra code – this cell generates the histogram of positive-set sizes
fig, ax = plt.subplots(figsize=(5, 3))
ax.hist(positive_counts, bins=np.arange(positive_counts.min(), positive_counts.max() + 2) - 0.5,
        color="tab:blue", edgecolor="white")
ax.set_xlabel("positives per node")
ax.set_ylabel("nodes")
ax.set_title(f"Positive-set sizes, k=6, hops={hops}")
plt.show()

# %% [markdown]
# ## When positives leak to the other arm
#
# A positive on the other arm is harmful when it comes from a short-circuit. Training will
# then pull together two points that are far apart along the spiral. Near the centre the two
# arms really meet, so there a few cross-arm positives are correct. `sss.cross_arm_fraction`
# works on `P` too, and we can check where the cross-arm positives are.

# %%
# NBVAL_CHECK_OUTPUT
rows, cols = P.nonzero()
leaks = data.arm[rows] != data.arm[cols]
print("cross-arm fraction of positive pairs:", round(sss.cross_arm_fraction(P, data.arm), 4))
print("nodes with a positive on the other arm:", len(np.unique(rows[leaks])))
print("largest radius among them:", round(np.linalg.norm(data.X[rows[leaks]], axis=1).max(), 1))

# %% [markdown]
# All of them are within radius 3.2 of the centre, where the arms join. Short-circuits add up,
# though: the positive set of a node is everything within `hops` edges, so one cross-arm edge
# anywhere in that range is enough. In [02 · The KNN graph](02_knn_graph.ipynb), `k = 15`
# looked almost harmless (about 2% cross-arm edges). With `hops = 5` on top of it, our anchor
# halfway along arm 0 gets many positives on the other arm (in red). `sss.expansion_view` draws
# the anchor's positive set and warns about it.

# %%
view = sss.expansion_view(data.X, data.arm, n_neighbors=15, hops=5, anchor=anchor)
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
print(view["n_positives"], "positives,", view["n_cross_arm"], "on the other arm")
print("warning:", view.get("warning"))

# %% [markdown]
# With a live kernel, the sliders below change `k`, `hops` and the anchor together. Find the
# largest `hops` that keeps this anchor's positives on its own arm for `k = 6`, `10` and `15`,
# then move the anchor towards the centre.

# %%
# NBVAL_IGNORE_OUTPUT
sss.expansion_widget(data.X, data.arm)

# %% [markdown]
# ## Your turn
#
# **Exercise 1.** `scipy.sparse.csgraph.shortest_path(A, unweighted=True, indices=anchor)` gives
# the hop distance from `anchor` to every node. Use it to check that the anchor's row of `P`
# holds exactly the nodes at hop distance 1 to 5.

# %%
# Your code here

# %% jupyter={"source_hidden": true} tags=["solution"]
distance = shortest_path(A, unweighted=True, indices=anchor)
within = np.flatnonzero((distance >= 1) & (distance <= hops))
print("same set:", np.array_equal(within, np.sort(P[anchor].indices)))

# %% [markdown]
# **Exercise 2.** How many hops separate the outer end of arm 0 from the nearest point on
# arm 1, in the `k = 6` graph and in the `k = 20` graph? What does that mean for the choice of
# `hops` at each `k`?

# %%
# Your code here

# %% jupyter={"source_hidden": true} tags=["solution"]
outer_end = np.flatnonzero(data.arm == 0)[np.argmax(data.t[data.arm == 0])]
for n_neighbors in (6, 20):
    distance = shortest_path(knn_graph(data.X, n_neighbors), unweighted=True, indices=outer_end)
    print(f"k={n_neighbors}: {distance[data.arm == 1].min():.0f} hops to arm 1")
# With k=6 the only way to arm 1 is the long walk through the centre: hops=5 is far from it.
# With k=20 a single edge jumps to the other arm, so even hops=1 leaks there.

# %% [markdown]
# ## In this notebook we have:
#
# - found every node's positive set (the nodes at most `hops` edges away) with a breadth-first
#   search in plain Python;
# - computed the same sets with a few sparse products, `R <- R + R @ A` clipped to 0/1 and
#   without the diagonal, and checked both against `sss.expand_graph`;
# - seen positive sets grow with `hops` (about 30 positives per node at `k = 6`, `hops = 5`);
# - seen that cross-arm positives stay at the centre for `k = 6`, but a larger `k` and `hops`
#   together leak positives to the other arm, as `sss.expansion_view` warns.
#
# Next: [04 · Positive and negative pairs](04_pair_sampling.ipynb)
