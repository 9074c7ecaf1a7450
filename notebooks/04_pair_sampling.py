# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
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
# # 04 · Positive and negative pairs
#
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/simple-self-supervised/sss/HEAD?urlpath=lab/tree/notebooks/04_pair_sampling.ipynb)
#
# In [03 · Graph expansion](03_graph_expansion.ipynb) we turned the KNN graph into
# the expanded graph `P`: two points are a *positive pair* when they are at most 5
# edges apart. That graph is the only supervision the network will ever get. But a
# network does not learn from a graph, it learns from batches of examples: pairs that
# should end up close (positives) and pairs that should end up apart (negatives). How
# we draw them decides what the network sees, so in this notebook we write the
# sampler ourselves before using the one in `sss`.
#
# In this notebook we will:
#
# - draw anchors, positives and negatives from `P` with a few lines of vectorised NumPy;
# - replace the rejection loop by the exact sampler `sss.PairSampler` and check its guarantees;
# - look at a batch of triplets, and at the balance between positive and negative pairs;
# - measure how *hard* the negatives are.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import torch

import sss
from sss import PairSampler, sample_pairs, sample_triplets

SEED = 0
torch.set_num_threads(1)  # small models run much faster on one thread: measured in 05_siamese_training

# %% [markdown]
# ## The positive graph
#
# We rebuild the data and the expanded graph of the previous notebooks: 6 neighbours,
# 5 hops.

# %%
# NBVAL_CHECK_OUTPUT
data = sss.make_spirals(random_state=SEED)
A = sss.knn_graph(data.X, n_neighbors=6)
P = sss.expand_graph(A, hops=5)
n = P.shape[0]
print("points:", n, "| KNN edges:", A.nnz, "| positive entries in P:", P.nnz)

# %% [markdown]
# `P` is a SciPy CSR matrix. Its rows are stored one after the other: the positives of
# node `i` are `P.indices[P.indptr[i]:P.indptr[i + 1]]`, and `np.diff(P.indptr)` gives
# how many positives each node has. These two arrays are all a sampler needs.
#
# Node 0 is the innermost point of arm 0. Its positives are the next points along its
# arm, and also the innermost points of arm 1 (from index 200): the two arms meet at the
# centre, and the graph runs through it from one arm to the other.

# %%
# NBVAL_CHECK_OUTPUT
degree = np.diff(P.indptr)
print("positives of node 0:", P.indices[P.indptr[0]:P.indptr[1]])
print("fewest and most positives per node:", degree.min(), degree.max())

# %% [markdown]
# ## Sampling by hand
#
# A *triplet* is an anchor, one of its positives and one of its negatives. We draw a
# batch of them without any Python loop over the anchors:
#
# - **anchors**: uniform over all nodes;
# - **positives**: for each anchor, a uniform position `pick` inside its CSR row, so
#   the positive is `P.indices[P.indptr[anchor] + pick]`;
# - **negatives**: by *rejection*. Draw any node; the draws that hit the anchor itself
#   or one of its positives are drawn again, all at once, until none is left.
#
# The function `is_positive(P, a, b)` reads the entries `P[a[i], b[i]]` as a boolean
# array; we will use it again to check the results.

# %%
def is_positive(P, a, b):
    """True where (a[i], b[i]) is an entry of P."""
    return np.asarray(P[a, b]).ravel()


def sample_by_hand(P, n_anchors, random_state):
    rng = np.random.RandomState(random_state)
    n, degree = P.shape[0], np.diff(P.indptr)
    anchor = rng.randint(n, size=n_anchors)
    pick = rng.randint(degree[anchor])  # one draw in [0, degree) per anchor
    positive = P.indices[P.indptr[anchor] + pick]
    negative = rng.randint(n, size=n_anchors)
    rounds = 1
    bad = (negative == anchor) | is_positive(P, anchor, negative)
    while bad.any():  # redraw only the candidates that hit a positive or the anchor
        negative[bad] = rng.randint(n, size=bad.sum())
        bad = (negative == anchor) | is_positive(P, anchor, negative)
        rounds += 1
    return anchor, positive, negative, rounds


# %%
# NBVAL_CHECK_OUTPUT
anchor, positive, negative, rounds = sample_by_hand(P, 8, random_state=SEED)
print("anchor:  ", anchor)
print("positive:", positive)
print("negative:", negative)
print("rounds of rejection:", rounds)

# %% [markdown]
# Only about 8% of all pairs are positive here, so a couple of rounds are enough. But
# the loop has no bound: when an anchor's positives cover most of the graph it keeps
# redrawing, and for a node that is positive with *every* other node it never stops.

# %% [markdown]
# ## Exact sampling: `sss.PairSampler`
#
# `sss.PairSampler` draws the negative directly, without rejection. For an anchor `i`,
# list the *excluded* nodes (`i` and its positives) in increasing order,
# `e_0 < e_1 < ...`, and draw a rank `r` uniformly among the `n - 1 - degree[i]`
# allowed nodes. The `r`-th allowed node is `r` plus the number of excluded nodes below
# it, and since `e_j - j` never decreases, that number is one binary search
# (`np.searchsorted`) of `r` in `e_j - j`. The sampler stacks these keys for all rows
# (offset by `row * n`) and answers a whole batch with a single `searchsorted`.
#
# Here is the trick on one row of a 10-node graph: both lines list the allowed nodes.

# %%
# NBVAL_CHECK_OUTPUT
excluded = np.array([2, 3, 7])  # the anchor and its positives, sorted
allowed = np.setdiff1d(np.arange(10), excluded)
r = np.arange(len(allowed))  # every rank we could draw
below = np.searchsorted(excluded - np.arange(len(excluded)), r, side="right")
print("allowed nodes:      ", allowed)
print("r + excluded below: ", r + below)

# %% [markdown]
# The sampler does the CSR bookkeeping once in its constructor; `sample` then costs a
# few vectorised operations per batch. `sss.sample_triplets(P, ...)` is the one-call
# version.

# %%
# NBVAL_CHECK_OUTPUT
sampler = PairSampler(P)
triplets = sampler.sample(8, random_state=SEED)
print("anchor:  ", triplets.anchor)
print("positive:", triplets.positive)
print("negative:", triplets.negative)
print("same as sample_triplets:",
      np.array_equal(np.stack(triplets), np.stack(sample_triplets(P, 8, random_state=SEED))))

# %% [markdown]
# Now the guarantees, on a large batch: every positive is an entry of `P`, no negative
# is, and no anchor is paired with itself.

# %%
# NBVAL_CHECK_OUTPUT
big = sampler.sample(20_000, random_state=SEED)
print("every positive in P:      ", is_positive(P, big.anchor, big.positive).all())
print("every negative outside P: ", not is_positive(P, big.anchor, big.negative).any())
print("never the anchor itself:  ",
      not ((big.positive == big.anchor) | (big.negative == big.anchor)).any())

# %% [markdown]
# ## Nodes that cannot be anchors
#
# A node with no positive cannot give a positive pair, and a node that is positive with
# every other node cannot give a negative. `PairSampler` leaves such nodes out of
# `anchors_` and counts them in `n_skipped`. Two tiny graphs show both cases (a dense
# 0/1 array works as a graph too):

# %%
# NBVAL_CHECK_OUTPUT
star = np.array([[0, 1, 1, 1],  # node 0 is positive with everyone: no negative
                 [1, 0, 0, 0],
                 [1, 0, 0, 0],
                 [1, 0, 0, 0]])
loner = np.array([[0, 1, 0, 0],  # node 3 has no positive at all
                  [1, 0, 1, 0],
                  [0, 1, 0, 0],
                  [0, 0, 0, 0]])
for name, graph in [("star", star), ("loner", loner)]:
    tiny = PairSampler(graph)
    print(f"{name}: anchors {tiny.anchors_}, n_skipped = {tiny.n_skipped}")

# %% [markdown]
# On our spirals with 5 hops every node is a valid anchor. With a very large hop radius
# that changes: the points in the middle of the chain reach every other point, and
# only the nodes near the two outer ends keep some negatives.

# %%
# NBVAL_CHECK_OUTPUT
for hops in [5, 100]:
    print(f"hops = {hops:3d}: n_skipped = {PairSampler(sss.expand_graph(A, hops)).n_skipped}")

# %% [markdown]
# We come back to this in [05 · Training a Siamese network](05_siamese_training.ipynb).
#
# ## A batch of triplets
#
# This is the picture to keep in mind for the whole method: each anchor (black) has a
# positive a few steps along its own arm (blue) and a negative anywhere else (red).
# Blue lines are short and follow the spiral; red lines cross it.

# %%
# extra code – this cell generates the figure of a batch of triplets
fig, ax = plt.subplots(figsize=(5, 5))
sss.plot_triplets(data.X, sampler.sample(12, random_state=SEED), ax=ax)
plt.show()

# %% [markdown]
# With a live kernel, draw new batches and change their size:

# %%
# NBVAL_IGNORE_OUTPUT
sss.triplets_widget(data.X, P)

# %% [markdown]
# ## Balanced pairs
#
# The network is trained as a classifier: "is this pair positive?". Each triplet gives
# one pair of each kind, `(anchor, positive, 1)` and `(anchor, negative, 0)`, so
# `sss.sample_pairs` (triplets followed by `sss.triplets_to_pairs`) always returns as
# many 1s as 0s.

# %%
# NBVAL_CHECK_OUTPUT
pairs = sample_pairs(P, n_anchors=512, random_state=SEED)
print("pairs:", len(pairs.y))
print("label 1:", int((pairs.y == 1).sum()), "| label 0:", int((pairs.y == 0).sum()))

# %% [markdown]
# Pairs drawn uniformly would be very unbalanced: among all `n (n - 1)` ordered pairs of
# distinct points, only `P.nnz` are positive. A classifier that always answers "no"
# would already be right about 92% of the time, and the few positives, the pairs that
# carry the shape of the spiral, would barely move the loss.

# %%
# NBVAL_CHECK_OUTPUT
print("share of positive pairs among all pairs:", round(P.nnz / (n * (n - 1)), 4))
rng = np.random.RandomState(SEED)
a, b = rng.randint(n, size=(2, 100_000))
keep = a != b
print("share among 100,000 uniform pairs:      ", round(is_positive(P, a[keep], b[keep]).mean(), 3))

# %% [markdown]
# ## How hard are the negatives?
#
# A negative is *easy* when it is far from its anchor in the plane: any embedding that
# roughly keeps distances will push it away. It is *hard* when it is closer in the plane
# than some of the anchor's positives, for example on the neighbouring turn of the
# spiral, across the gap. Only the graph can tell such a point apart; the plane cannot.
#
# We compare the plane distances of the anchor-positive and anchor-negative pairs, and
# call a negative hard when it is closer than the anchor's farthest positive.

# %%
distance_pos = np.linalg.norm(data.X[big.anchor] - data.X[big.positive], axis=1)
distance_neg = np.linalg.norm(data.X[big.anchor] - data.X[big.negative], axis=1)

rows, cols = P.nonzero()
farthest = np.zeros(n)  # plane distance from each node to its farthest positive
np.maximum.at(farthest, rows, np.linalg.norm(data.X[rows] - data.X[cols], axis=1))
hard = distance_neg < farthest[big.anchor]
print(f"farthest positive: {farthest.min():.1f} to {farthest.max():.1f} (median {np.median(farthest):.1f})")
print(f"hard negatives: {hard.mean():.1%} of {len(hard)}")

# %%
# extra code – this cell generates the figure on distances and hard negatives
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4.5))
bins = np.linspace(0, distance_neg.max(), 60)
ax1.hist(distance_pos, bins=bins, color="tab:blue", alpha=0.7, label="anchor-positive")
ax1.hist(distance_neg, bins=bins, color="tab:red", alpha=0.5, label="anchor-negative")
ax1.hist(distance_neg[hard], bins=bins, color="k", histtype="step", label="hard negatives")
ax1.set_xlabel("distance in the plane")
ax1.set_ylabel("pairs")
ax1.legend()
ax1.set_title("Positives are near, most negatives are far")
hard_batch = sss.Triplets(*(v[hard][:12] for v in big))
sss.plot_triplets(data.X, hard_batch, ax=ax2, title="12 triplets with a hard negative")
plt.show()

# %% [markdown]
# The positives all lie within a few units. Most negatives are much farther, but the
# hard ones sit on the neighbouring turn (the turns are about 3 units apart) or around
# the centre where the two arms meet. These are the pairs that force the network to
# follow the spiral rather than the plane.

# %% [markdown]
# ## Your turn
#
# **Exercise 1.** Build the expanded graph with `hops=60` (about 70% of all pairs are
# positive) and draw 512 triplets with `sample_by_hand`. How many rounds of rejection
# does it take? What would happen with `hops=100`?

# %%
# Your code here

# %% jupyter={"source_hidden": true} tags=["solution"]
P60 = sss.expand_graph(A, hops=60)
print("share of positive pairs:", round(P60.nnz / (n * (n - 1)), 2))
print("rounds of rejection:", sample_by_hand(P60, 512, random_state=SEED)[3])
# With hops=100, 214 nodes have no negative at all: an anchor among them would make the
# `while` loop run forever. PairSampler skips them instead.

# %% [markdown]
# **Exercise 2.** How does the share of hard negatives change with the hop radius? Compute
# it for `hops=2` and `hops=10` with `PairSampler` (reuse the code of the last section).

# %%
# Your code here

# %% jupyter={"source_hidden": true} tags=["solution"]
for hops in [2, 10]:
    P_h = sss.expand_graph(A, hops)
    batch = PairSampler(P_h).sample(20_000, random_state=SEED)
    rows_h, cols_h = P_h.nonzero()
    far = np.zeros(n)
    np.maximum.at(far, rows_h, np.linalg.norm(data.X[rows_h] - data.X[cols_h], axis=1))
    d_neg = np.linalg.norm(data.X[batch.anchor] - data.X[batch.negative], axis=1)
    print(f"hops = {hops:2d}: hard negatives {np.mean(d_neg < far[batch.anchor]):.1%}")
# The larger the radius, the farther the positives reach, and the more negatives are
# closer than them in the plane: the task gets harder for the network.

# %% [markdown]
# ## In this notebook we have:
#
# - drawn anchors, positives (from the CSR rows of `P`) and negatives (by vectorised
#   rejection) by hand;
# - used `sss.PairSampler`, which finds the negatives exactly with one `searchsorted`,
#   checked that positives are in `P` and negatives outside, and seen that nodes with no
#   positive or no negative are skipped and counted in `n_skipped`;
# - drawn a batch of triplets, and balanced pairs with as many 1s as 0s, against about
#   8% positives among all pairs;
# - measured how hard the negatives are: some lie closer in the plane than the
#   positives, on the neighbouring turn.
#
# Next: [05 · Training a Siamese network](05_siamese_training.ipynb)
