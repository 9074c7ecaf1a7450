"""Simple Self-Supervised: learn a 1-D code for 2-D spirals from a KNN graph alone.

One module per pipeline stage, in order: data -> graph -> pairs -> model ->
training -> metrics -> plot -> widgets. Importing ``sss`` changes no global
state (no rcParams, seeds or thread counts).
"""

from .data import Spirals, make_spirals
from .graph import expand_graph, knn_graph
from .pairs import PairSampler, Pairs, Triplets, sample_pairs, sample_triplets, triplets_to_pairs
from .model import DistanceHead, SiameseNet
from .training import EpochProgressBar, PairBatches, SiameseEmbedding, torch_threads
from .metrics import ArmSpearmanPerEpoch, arm_separation, arm_spearman, cross_arm_fraction
from .plot import (plot_embedding, plot_embedding_vs_t, plot_graph, plot_positive_set,
                   plot_spirals, plot_training_curve, plot_triplets)
from .widgets import (expansion_view, expansion_widget, graph_view, neighbors_widget,
                      triplets_view, triplets_widget)

__version__ = "0.1.0"

__all__ = [
    "Spirals", "make_spirals",
    "knn_graph", "expand_graph",
    "PairSampler", "Pairs", "Triplets", "sample_pairs", "sample_triplets", "triplets_to_pairs",
    "DistanceHead", "SiameseNet",
    "EpochProgressBar", "PairBatches", "SiameseEmbedding", "torch_threads",
    "ArmSpearmanPerEpoch", "arm_separation", "arm_spearman", "cross_arm_fraction",
    "plot_embedding", "plot_embedding_vs_t", "plot_graph", "plot_positive_set",
    "plot_spirals", "plot_training_curve", "plot_triplets",
    "expansion_view", "expansion_widget", "graph_view", "neighbors_widget",
    "triplets_view", "triplets_widget",
]
