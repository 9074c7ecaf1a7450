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
# # 02 · The KNN graph
#
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/simple-self-supervised/sss/HEAD?urlpath=lab/tree/notebooks/02_knn_graph.ipynb)
#
# In [01 · Spiral data](01_spiral_data.ipynb) we saw that the straight-line distance is only a
# good guide at short range: two points on different arms can be close in the plane. So we keep
# only the short-range information. Each point is joined to its `k` nearest neighbours, which
# almost always lie next to it on the same arm. The result is a graph, and walking along its
# edges follows the spiral. Everything later in the series (positive pairs, training) is built
# on this graph, so `k` is the one setting that matters most.
#
# In this notebook we will:
#
# - build the KNN graph by hand with scikit-learn's `NearestNeighbors` and check it against
#   `sss.knn_graph`;
# - look at the graph, the degree of its nodes and its connected components;
# - measure the "short-circuits" (edges between the two arms) as `k` grows, with a figure and a
#   slider.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import torch
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sklearn.neighbors import NearestNeighbors

import sss
from sss import cross_arm_fraction, knn_graph, plot_graph

SEED = 0
torch.set_num_threads(1)  # small models run much faster on one thread: measured in 05_siamese_training

# %%
data = sss.make_spirals(random_state=SEED)
n = len(data.X)

# %% [markdown]
# ## The graph by hand
#
# `NearestNeighbors.kneighbors()`, called without arguments, returns for every training point the
# indices of its `k` nearest *other* points (the point itself is left out). That gives `k`
# directed edges per point.

# %%
k = 6
_, neighbours = NearestNeighbors(n_neighbors=k).fit(data.X).kneighbors()

# %%
# NBVAL_CHECK_OUTPUT
print(neighbours.shape)
neighbours[:3]

# %% [markdown]
# "j is among the k nearest neighbours of i" is not symmetric: a point on the outside of a
# turn can pick a neighbour that does not pick it back. Our graph is undirected, so we keep an
# edge when *either* point picked the other: we store the directed edges in a sparse matrix and
# add its transpose (for booleans, `+` is a logical OR).

# %%
rows = np.repeat(np.arange(n), k)  # point i, k times
cols = neighbours.ravel()  # its k neighbours
directed = sp.csr_matrix((np.ones(n * k, dtype=bool), (rows, cols)), shape=(n, n))
A_hand = directed + directed.T  # symmetric: i ~ j if either picked the other

# %% [markdown]
# `sss.knn_graph` does the same with scikit-learn's `kneighbors_graph`. Both must give exactly
# the same adjacency matrix. Each undirected edge is stored twice, as `(i, j)` and `(j, i)`.

# %%
# NBVAL_CHECK_OUTPUT
A = knn_graph(data.X, n_neighbors=k)
print("same graph:", (A_hand != A).nnz == 0)
print("symmetric:", (A != A.T).nnz == 0)
print("self-loops:", A.diagonal().sum())
print("directed edges:", directed.nnz, "-> undirected edges:", A.nnz // 2)

# %% [markdown]
# From now on we use `knn_graph`. `sss.plot_graph` draws every edge, in grey when it stays on one
# arm and in red when it joins the two arms. On the whole spiral (left) the graph follows the arms
# and no red edge is visible. Zooming in on the centre (right), where the arms meet, shows the
# few edges that join them.

# %%
# extra code – this cell generates the figure of the k=6 graph and a zoom on the centre
fig, (ax_all, ax_zoom) = plt.subplots(1, 2, figsize=(10, 5))
plot_graph(data.X, A, arm=data.arm, ax=ax_all)
plot_graph(data.X, A, arm=data.arm, ax=ax_zoom, linewidth=1.5, alpha=0.8, title="The centre")
ax_zoom.set_xlim(-2.5, 2.5)
ax_zoom.set_ylim(-2.5, 2.5)
plt.show()

# %% [markdown]
# ## Degree and connected components
#
# The degree of a node is its number of edges, the length of its row in the sparse matrix.
# Every node has at least `k` (the neighbours it picked), and more when other points picked it.

# %%
degree = np.diff(A.indptr)  # number of stored entries in each row

# %%
# NBVAL_CHECK_OUTPUT
print("degree: min", degree.min(), "median", np.median(degree), "max", degree.max())
values, counts = np.unique(degree, return_counts=True)
print("nodes per degree:", dict(zip(values.tolist(), counts.tolist(), strict=True)))

# %%
# extra code – this cell generates the histogram of node degrees
fig, ax = plt.subplots(figsize=(5, 3))
ax.hist(degree, bins=np.arange(degree.min(), degree.max() + 2) - 0.5, color="0.5", edgecolor="white")
ax.set_xlabel("degree (edges per node)")
ax.set_ylabel("nodes")
ax.set_title(f"Degrees in the k={k} graph")
plt.show()

# %% [markdown]
# A connected component is a set of nodes joined by paths of edges. Training will only relate
# points that are joined by short paths, so the graph should be in one piece:
# `scipy.sparse.csgraph.connected_components` counts the pieces.

# %%
# NBVAL_CHECK_OUTPUT
n_components, component = connected_components(A, directed=False)
print("components:", n_components)
print("cross-arm fraction:", round(cross_arm_fraction(A, data.arm), 4))

# %% [markdown]
# One component: because the arms meet at the centre, the `k=6` graph is a single chain, from the
# outer end of arm 0, through the centre, to the outer end of arm 1. `cross_arm_fraction` is the
# share of edges that join two arms. Here these are the few red edges at the centre, where
# the arms really do touch.

# %% [markdown]
# ## Short-circuits as k grows
#
# `k` is a trade-off. Too small, and the graph falls apart into pieces. Too large, and the
# neighbourhoods reach across the gap to the other arm, which is π ≈ 3.1 away. Those edges are
# short-circuits: a walk can now jump between arms without going through the centre. We sweep `k`
# from 1 to 30.

# %%
ks = np.arange(1, 31)
sweep = []
for n_neighbors in ks:
    G = knn_graph(data.X, n_neighbors)
    sweep.append((G.nnz // 2, connected_components(G, directed=False)[0],
                  cross_arm_fraction(G, data.arm)))
n_edges, n_pieces, cross = map(np.array, zip(*sweep, strict=True))

# %%
# NBVAL_CHECK_OUTPUT
print(" k  edges  components  cross-arm")
for n_neighbors in [1, 2, 3, 4, 6, 10, 15, 18, 20, 25, 30]:
    row = n_neighbors - 1
    print(f"{n_neighbors:2d}  {n_edges[row]:5d}  {n_pieces[row]:10d}  {cross[row]:9.4f}")

# %%
# extra code – this cell generates the figure of components and cross-arm fraction against k
fig, (ax_comp, ax_cross) = plt.subplots(1, 2, figsize=(10, 3.5))
ax_comp.plot(ks, n_pieces, "o-", color="k", markersize=4)
ax_comp.set_yscale("log")
ax_comp.set_xlabel("n_neighbors (k)")
ax_comp.set_ylabel("connected components")
ax_comp.set_title("Too small: the graph falls apart")
ax_cross.plot(ks, cross, "o-", color="tab:red", markersize=4)
ax_cross.set_xlabel("n_neighbors (k)")
ax_cross.set_ylabel("cross-arm fraction of edges")
ax_cross.set_title("Too large: the arms short-circuit")
for ax in (ax_comp, ax_cross):
    ax.axvline(6, color="0.6", linestyle=":", label="k = 6, used in the series")
ax_comp.legend(loc="upper right", fontsize="small")
ax_cross.legend(loc="upper left", fontsize="small")
plt.show()

# %% [markdown]
# From `k = 4` the graph is connected. Up to about `k = 10` the few cross-arm edges (half a
# percent or less) all sit at the centre, where the arms really meet. Around `k = 12` the first
# short-circuits appear away from it (Exercise 1 counts them), and between `k = 17` and `k = 21`
# the fraction jumps: now the neighbourhoods reach the next turn everywhere. The series uses
# `k = 6`, which is connected with a margin and far from the jump.
#
# Here is the graph at `k = 20`. `sss.graph_view` draws it and returns its components and
# cross-arm fraction: red rungs now join the arms all the way round.

# %%
view = sss.graph_view(data.X, data.arm, n_neighbors=20)
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
print(view)

# %% [markdown]
# With a live kernel, the slider below redraws the same view for any `k` from 1 to 30, with
# the number of components and the cross-arm fraction under it. Try the values around the
# jump.

# %%
# NBVAL_IGNORE_OUTPUT
sss.neighbors_widget(data.X, data.arm)

# %% [markdown]
# ## Your turn
#
# **Exercise 1.** The cross-arm edges of the `k = 6` graph are at the centre, where the arms
# really meet. Count the cross-arm edges whose two ends both lie outside radius 3 (away from the
# centre), for `k = 6`, `12` and `20`. Where are the first ones at `k = 12`?

# %%
# Your code here

# %% jupyter={"source_hidden": true} tags=["solution"]
outside = np.linalg.norm(data.X, axis=1) > 3
for n_neighbors in (6, 12, 20):
    G = knn_graph(data.X, n_neighbors)
    i, j = sp.triu(G).nonzero()  # each edge once
    far_cross = (data.arm[i] != data.arm[j]) & outside[i] & outside[j]
    print(f"k={n_neighbors}: {far_cross.sum()} cross-arm edges away from the centre")
    if n_neighbors == 12:
        plot_graph(data.X, G, arm=data.arm, title="k=12: the first short-circuits")
        plt.show()
# At k=12 they are at the outer ends: a point at the tip of an arm has neighbours on one side
# only, so its 12th neighbour along the arm is farther away than the next turn.

# %% [markdown]
# **Exercise 2.** Noise narrows the gap between the arms. For `noise` 0.1, 0.3 and 0.5, find
# the smallest `k` that gives one connected component and the smallest `k` whose cross-arm
# fraction exceeds 0.05. What happens to the range of good values of `k`?

# %%
# Your code here

# %% jupyter={"source_hidden": true} tags=["solution"]
for noise in (0.1, 0.3, 0.5):
    noisy = sss.make_spirals(noise=noise, random_state=SEED)
    graphs = [knn_graph(noisy.X, n_neighbors) for n_neighbors in ks]
    connected = [connected_components(G, directed=False)[0] == 1 for G in graphs]
    leaky = [cross_arm_fraction(G, noisy.arm) > 0.05 for G in graphs]
    print(f"noise {noise}: connected from k={ks[np.argmax(connected)]}, "
          f"cross-arm fraction above 0.05 from k={ks[np.argmax(leaky)]}")
# The upper limit drops quickly: with more noise, fewer values of k are safe.

# %% [markdown]
# ## In this notebook we have:
#
# - built the KNN graph by hand (`NearestNeighbors.kneighbors`, a sparse matrix plus its
#   transpose) and checked that it equals `sss.knn_graph`;
# - drawn it, counted node degrees and checked that the `k = 6` graph is one connected chain;
# - seen the trade-off in `k`: too small breaks the graph apart, too large short-circuits the arms
#   (from about `k = 18`), in a figure, a table and a slider.
#
# Next: [03 · Graph expansion: who counts as a positive?](03_graph_expansion.ipynb)
