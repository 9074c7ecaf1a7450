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
# # 01 · Spiral data
#
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/simple-self-supervised/sss/HEAD?urlpath=lab/tree/notebooks/01_spiral_data.ipynb)
#
# Self-supervised learning finds structure in data without labels. To see every step of it,
# this series works on the smallest data set where the structure is obvious to the eye but not
# to a ruler: two interleaved spiral arms in the plane. Points that lie next to each other
# *along* a spiral belong together; points on neighbouring turns can be just as close in the
# plane and still be far apart along the spiral. This notebook builds the data and shows why
# straight-line (Euclidean) distance is the wrong guide.
#
# In this notebook we will:
#
# - generate the spirals with `sss.make_spirals` and look at them, coloured by arm and by
#   position along the arm;
# - find two points that are close in the plane but far apart along the spiral;
# - state the task of the series: a 1-D code that follows the spiral, learnt without labels.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import torch
from scipy.spatial.distance import pdist, squareform
from sklearn.decomposition import PCA

import sss
from sss import make_spirals, plot_spirals

SEED = 0
torch.set_num_threads(1)  # small models run much faster on one thread: measured in 05_siamese_training

# %% [markdown]
# ## Two arms of two hundred points
#
# `make_spirals` samples points evenly along two Archimedean spirals (`r = theta`), the second
# arm rotated by half a turn, and adds a little Gaussian noise. It returns a named tuple with
# three arrays:
#
# - `X`, the points, shape `(n, 2)`: **the only thing the method will ever see**;
# - `arm`, which arm each point lies on (0 or 1);
# - `t`, the position along the arm, from 0 at the centre to 1 at the outer end.
#
# `arm` and `t` are the answers we keep aside to *measure* how well a method did.

# %%
data = make_spirals(random_state=SEED)
data.X[:3]

# %%
# NBVAL_CHECK_OUTPUT
print("X.shape:", data.X.shape)
print("points per arm:", np.bincount(data.arm))
print("t from", round(data.t.min(), 3), "to", round(data.t.max(), 3))
print("largest radius:", round(np.linalg.norm(data.X, axis=1).max(), 1))

# %% [markdown]
# Coloured by arm (left), the two spirals are easy to tell apart. Coloured by `t` (right), the
# colour changes smoothly as we walk outwards along each arm, and both arms start in the
# centre, where they meet.

# %%
# extra code – this cell generates the figure of the spirals, by arm and by t
fig, (ax_arm, ax_t) = plt.subplots(1, 2, figsize=(10, 4.5))
plot_spirals(data.X, data.arm, ax=ax_arm, title="Coloured by arm")
points = ax_t.scatter(data.X[:, 0], data.X[:, 1], c=data.t, s=10, cmap="viridis")
fig.colorbar(points, ax=ax_t, shrink=0.8, label="t (position along the arm)")
ax_t.set_aspect("equal")
ax_t.set_xticks([])
ax_t.set_yticks([])
ax_t.set_title("Coloured by t")
plt.show()

# %% [markdown]
# ## Close in the plane, far along the spiral
#
# How far apart are two points *along the spiral*? With the labels we can measure it in units
# of `t`: on the same arm it is `|t_i - t_j|`; on different arms the walk has to go through the
# centre, so it is `t_i + t_j`. We compute every pairwise Euclidean distance (a 400 x 400
# matrix is small) and, among the pairs more than half an arm apart along the spiral, pick the
# one that is closest in the plane.

# %%
D = squareform(pdist(data.X))  # Euclidean distances, shape (400, 400)
t_i, t_j = data.t[:, None], data.t[None, :]
same_arm = data.arm[:, None] == data.arm[None, :]
along = np.where(same_arm, np.abs(t_i - t_j), t_i + t_j)  # distance along the spiral, in t

far = along > 0.5
i, j = np.unravel_index(np.argmin(np.where(far, D, np.inf)), D.shape)
nearest = np.sort(D, axis=1)[:, 1]  # each point's distance to its nearest neighbour

# %%
# NBVAL_CHECK_OUTPUT
print(f"points {i} (arm {data.arm[i]}, t={data.t[i]:.3f}) and {j} (arm {data.arm[j]}, t={data.t[j]:.3f})")
print(f"Euclidean distance:        {D[i, j]:.2f}")
print(f"Delta t:                   {abs(data.t[i] - data.t[j]):.3f}")
print(f"distance along the spiral: {along[i, j]:.3f} (in t, through the centre)")
print(f"typical nearest-neighbour distance: {np.median(nearest):.2f}")

# %% [markdown]
# The two points are about ten nearest-neighbour steps apart in the plane, but to walk from one
# to the other along the spiral we must go all the way round to the centre and back out on the
# other arm: almost 0.8 in `t`. Any method that trusts the ruler — "small Euclidean distance
# means similar" — will glue the two arms together here.

# %%
# extra code – this cell generates the figure of the pair and the walk between them
assert data.arm[i] != data.arm[j]  # the walk below goes through the centre
walk = np.r_[np.flatnonzero((data.arm == data.arm[i]) & (data.t <= data.t[i]))[::-1],
             np.flatnonzero((data.arm == data.arm[j]) & (data.t <= data.t[j]))]
fig, ax = plt.subplots(figsize=(7.5, 5))
plot_spirals(data.X, data.arm, ax=ax, title="Close in the plane, far along the spiral")
ax.plot(*data.X[walk].T, color="k", linewidth=2.5, alpha=0.4, label="walk along the spiral")
ax.plot(*data.X[[i, j]].T, "r--o", linewidth=2, markersize=8,
        label=f"straight line: {D[i, j]:.1f}")
ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize="small")
plt.show()

# %% [markdown]
# ## The task
#
# We want a **1-D code**: one number `z = f(x)` per point that changes steadily as we walk along
# the spiral. Because the two arms meet at the centre, the spiral is one long chain, from the
# outer end of arm 0, through the centre, to the outer end of arm 1. With the labels we can
# write down one ideal code, `-t` on arm 0 and `+t` on arm 1. A linear projection of the plane
# (here the first principal component) is the obvious unsupervised baseline, and it cannot do
# this: its colour stripes straight across both arms.

# %%
ideal = np.where(data.arm == 0, -data.t, data.t)  # uses the labels: only to show the target
pca_code = PCA(n_components=1, random_state=SEED).fit_transform(data.X)[:, 0]

# %%
# extra code – this cell generates the figure of the target code and the PCA code
fig, (ax_ideal, ax_pca) = plt.subplots(1, 2, figsize=(10, 4.5))
sss.plot_embedding(data.X, ideal, ax=ax_ideal, title="Target: follows the spiral")
sss.plot_embedding(data.X, pca_code, ax=ax_pca, title="PCA: follows a straight line")
plt.show()

# %% [markdown]
# The rules of the game for the rest of the series:
#
# - the method sees only `X`; `arm` and `t` are used only to measure the result (from
#   [05 · Training a Siamese network](05_siamese_training.ipynb) on) and to colour figures;
# - it may trust the ruler only at short range: the nearest neighbours of a point are almost
#   always next to it along the spiral. The next notebook turns that into a graph.

# %% [markdown]
# ## Your turn
#
# **Exercise 1.** Make a noisier data set, `make_spirals(noise=0.5, random_state=SEED)`, and
# repeat the search above: among pairs more than half an arm apart along the spiral, how close
# is the closest pair in the plane, compared with the typical nearest-neighbour distance?

# %%
# Your code here

# %% jupyter={"source_hidden": true} tags=["solution"]
noisy = make_spirals(noise=0.5, random_state=SEED)
D_noisy = squareform(pdist(noisy.X))
same = noisy.arm[:, None] == noisy.arm[None, :]
along_noisy = np.where(same, np.abs(noisy.t[:, None] - noisy.t[None, :]),
                       noisy.t[:, None] + noisy.t[None, :])
closest = np.where(along_noisy > 0.5, D_noisy, np.inf).min()
print(f"closest far-apart pair: {closest:.2f}, "
      f"typical neighbour distance: {np.median(np.sort(D_noisy, axis=1)[:, 1]):.2f}")
# The two arms now nearly touch: the gap shrinks while the neighbour distance grows.

# %% [markdown]
# **Exercise 2.** `make_spirals` also takes `n_arms` and `turns`. Plot three arms of 1.5 turns
# each, coloured by arm, and check that `t` still runs from about 0 to 1 on every arm.

# %%
# Your code here

# %% jupyter={"source_hidden": true} tags=["solution"]
three = make_spirals(n_arms=3, turns=1.5, random_state=SEED)
for label in range(3):
    on_arm = three.t[three.arm == label]
    print(f"arm {label}: t from {on_arm.min():.2f} to {on_arm.max():.2f}")
plot_spirals(three.X, three.arm, title="Three arms, 1.5 turns")
plt.show()

# %% [markdown]
# ## In this notebook we have:
#
# - generated the spirals with `sss.make_spirals` and looked at them, coloured by arm and by
#   the position `t` along the arm;
# - found two points about ten neighbour steps apart in the plane but almost 0.8 apart in `t`,
#   so Euclidean distance is only a good guide at short range;
# - stated the task: a 1-D code that follows the spiral, learnt from `X` alone, where `arm` and
#   `t` only measure the result.
#
# Next: [02 · The KNN graph](02_knn_graph.ipynb)
