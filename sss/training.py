"""Stage 5, training: ``SiameseEmbedding``, a scikit-learn estimator trained with skorch.

Taught in ``05_siamese_training``.
"""

import contextlib

import numpy as np
import torch
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data
from skorch import NeuralNet
from skorch.callbacks import Callback
from tqdm import tqdm

from ._validation import check_float, check_int
from .graph import expand_graph, knn_graph
from .model import SiameseNet
from .pairs import PairSampler, triplets_to_pairs


@contextlib.contextmanager
def torch_threads(n_threads):
    """Run the block with ``torch.set_num_threads(n_threads)``, then restore the old count.

    ``None`` leaves torch's setting alone. Small models train far faster with one
    thread on small machines (measured in ``05_siamese_training``).
    """
    if n_threads is None:
        yield
        return
    n_threads = check_int(n_threads, "n_threads", low=1)
    previous = torch.get_num_threads()
    torch.set_num_threads(n_threads)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


class PairBatches:
    """skorch iterator: ``steps`` fresh batches of labelled pairs per epoch.

    Each batch is ``({"xa": X[a], "xb": X[b]}, y)`` for balanced pairs from
    ``n_anchors`` triplets drawn by ``sampler``. skorch calls it once per epoch
    with the training dataset (the points) and ``batch_size`` (the anchors).
    """

    def __init__(self, dataset, batch_size, sampler, steps, random_state, **_unused):
        self.points = torch.as_tensor(np.asarray(dataset.X), dtype=torch.float32)
        self.n_anchors = batch_size
        self.sampler = sampler
        self.steps = steps
        self.rng = check_random_state(random_state)

    def __len__(self):
        return self.steps

    def __iter__(self):
        for _ in range(self.steps):
            pairs = triplets_to_pairs(self.sampler.sample(self.n_anchors, self.rng))
            a, b = torch.from_numpy(pairs.a), torch.from_numpy(pairs.b)
            yield {"xa": self.points[a], "xb": self.points[b]}, torch.from_numpy(pairs.y)


class EpochProgressBar(Callback):
    """A tqdm bar over epochs, showing the training loss."""

    def on_train_begin(self, net, **kwargs):
        self.bar_ = tqdm(total=net.max_epochs, desc="training", unit="epoch", leave=True)

    def on_epoch_end(self, net, **kwargs):
        self.bar_.update(1)
        self.bar_.set_postfix(loss=f"{net.history[-1, 'train_loss']:.3f}")

    def on_train_end(self, net, **kwargs):
        self.bar_.close()

    def __getstate__(self):  # a tqdm bar holds an open stream: keep it out of pickles
        state = self.__dict__.copy()
        state.pop("bar_", None)
        return state


class SiameseEmbedding(TransformerMixin, BaseEstimator):
    """Learn an embedding from the KNN graph alone: no labels.

    ``fit`` builds the KNN graph, expands it to ``hops``, and trains a
    :class:`SiameseNet` with skorch on fresh positive/negative pairs every step.
    Taught in ``05_siamese_training``.

    Parameters
    ----------
    n_neighbors : int, default=6
        Neighbours per point in the KNN graph.
    hops : int, default=5
        Pairs at most this many edges apart are positive.
    n_components : int, default=1
        Embedding dimension.
    hidden_units, n_layers : int, default=32, 2
        Size of the encoder MLP.
    lr : float, default=0.02
        Adam learning rate.
    max_epochs : int, default=16
        Training epochs (a fixed budget: no labels are looked at).
    steps_per_epoch : int, default=50
        Optimiser steps per epoch, each on a fresh batch.
    n_anchors : int, default=512
        Anchors per step; each gives one positive and one negative pair.
    n_threads : int or None, default=1
        torch threads during ``fit`` and ``transform`` (restored afterwards);
        ``None`` keeps torch's setting.
    verbose : int, default=0
        1 shows a progress bar over epochs.
    callbacks : list of skorch callbacks, optional
        Extra callbacks, e.g. :class:`sss.metrics.ArmSpearmanPerEpoch`.
    random_state : int, RandomState or None, default=0
        Seed for the initial weights and the pair sampling.

    Attributes
    ----------
    graph_ : csr_matrix
        The KNN graph of the training points.
    positives_ : csr_matrix
        The expanded graph: the positive pairs.
    n_skipped_ : int
        Nodes that could not be anchors.
    net_ : skorch.NeuralNet
        The trained net; ``net_.history`` holds the loss per epoch.
    """

    def __init__(self, n_neighbors=6, hops=5, n_components=1, hidden_units=32, n_layers=2,
                 lr=0.02, max_epochs=16, steps_per_epoch=50, n_anchors=512, n_threads=1,
                 verbose=0, callbacks=None, random_state=0):
        self.n_neighbors = n_neighbors
        self.hops = hops
        self.n_components = n_components
        self.hidden_units = hidden_units
        self.n_layers = n_layers
        self.lr = lr
        self.max_epochs = max_epochs
        self.steps_per_epoch = steps_per_epoch
        self.n_anchors = n_anchors
        self.n_threads = n_threads
        self.verbose = verbose
        self.callbacks = callbacks
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float32"]  # the embedding is always float32
        return tags

    def _check_params(self):
        check_int(self.n_neighbors, "n_neighbors", low=1)
        check_int(self.hops, "hops", low=1)
        check_int(self.n_components, "n_components", low=1)
        check_int(self.hidden_units, "hidden_units", low=1)
        check_int(self.n_layers, "n_layers", low=1)
        check_float(self.lr, "lr", low=0, low_open=True)
        check_int(self.max_epochs, "max_epochs", low=1)
        check_int(self.steps_per_epoch, "steps_per_epoch", low=1)
        check_int(self.n_anchors, "n_anchors", low=1)
        check_int(self.verbose, "verbose", low=0)
        if self.n_threads is not None:
            check_int(self.n_threads, "n_threads", low=1)

    def _validate_X(self, X, reset):
        """A finite float64 array of shape (n_samples, n_features), checked by scikit-learn
        (its estimator checks expect its wording), with messages that name X."""
        try:
            return validate_data(self, X, dtype=np.float64, reset=reset,
                                 ensure_min_samples=2 if reset else 1)
        except (ValueError, TypeError) as err:
            if str(err).startswith("X"):
                raise
            raise type(err)(f"X: {err}") from err

    def fit(self, X, y=None):
        """Train on the points ``X`` of shape (n_samples, n_features); ``y`` is ignored."""
        self._check_params()
        X = self._validate_X(X, reset=True)  # also sets n_features_in_
        rng = check_random_state(self.random_state)
        self.graph_ = knn_graph(X, self.n_neighbors)
        self.positives_ = expand_graph(self.graph_, self.hops)
        sampler = PairSampler(self.positives_)
        self.n_skipped_ = sampler.n_skipped
        scale = X.std(axis=0)
        callbacks = list(self.callbacks or [])
        if self.verbose:
            callbacks.append(("progress", EpochProgressBar()))
        self.net_ = NeuralNet(
            SiameseNet,
            module__n_features=X.shape[1],
            module__n_components=self.n_components,
            module__hidden_units=self.hidden_units,
            module__n_layers=self.n_layers,
            module__center=X.mean(axis=0),
            module__scale=np.where(scale > 0, scale, 1.0),
            criterion=torch.nn.BCEWithLogitsLoss,
            optimizer=torch.optim.Adam,
            lr=self.lr,
            max_epochs=self.max_epochs,
            batch_size=self.n_anchors,
            iterator_train=PairBatches,
            iterator_train__sampler=sampler,
            iterator_train__steps=self.steps_per_epoch,
            iterator_train__random_state=rng,
            train_split=None,
            callbacks=callbacks,
            verbose=0,
            device="cpu",
        )
        with torch_threads(self.n_threads), torch.random.fork_rng(devices=[]):
            torch.manual_seed(rng.randint(2**31 - 1))
            self.net_.fit(X.astype(np.float32), None)
        return self

    def transform(self, X, batch_size=65536):
        """Embed any points, seen in ``fit`` or not: returns (n_samples, n_components)."""
        check_is_fitted(self, "net_")
        X = self._validate_X(X, reset=False)
        batch_size = check_int(batch_size, "batch_size", low=1)
        module = self.net_.module_.eval()
        out = np.empty((X.shape[0], self.n_components), dtype=np.float32)
        with torch_threads(self.n_threads), torch.no_grad():
            for start in range(0, X.shape[0], batch_size):
                chunk = torch.from_numpy(np.array(X[start:start + batch_size], dtype=np.float32))
                out[start:start + batch_size] = module.embed(chunk).numpy()
        return out
