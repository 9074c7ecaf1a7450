"""Stage 5: SiameseEmbedding (skorch), plus the quality bar of the default recipe."""

import pickle

import numpy as np
import pytest
import torch
from sklearn.base import clone
from skorch import NeuralNet
from skorch.callbacks import Callback

from sss import (SiameseEmbedding, arm_spearman, expand_graph, knn_graph, make_spirals,
                 torch_threads)


class ThreadProbe(Callback):
    """Record torch's thread count while skorch trains."""

    def __init__(self):
        self.seen = []

    def on_epoch_end(self, net, **kwargs):
        self.seen.append(torch.get_num_threads())


@pytest.fixture
def outer_threads():
    """Run the test with torch at 3 threads (neither 1 nor the default), then restore."""
    previous = torch.get_num_threads()
    torch.set_num_threads(3)
    yield 3
    torch.set_num_threads(previous)


@pytest.fixture(scope="module")
def fitted(spirals, fast):
    return SiameseEmbedding(random_state=0, **fast).fit(spirals.X)


@pytest.fixture(scope="module")
def fitted_again(spirals, fast):
    return SiameseEmbedding(random_state=0, **fast).fit(spirals.X)


@pytest.fixture(scope="module")
def fitted_other_seed(spirals, fast):
    return SiameseEmbedding(random_state=1, **fast).fit(spirals.X)


@pytest.fixture(scope="module")
def heldout():
    return make_spirals(n_per_arm=30, random_state=1000)


def test_fit_returns_self_and_transform_shape(spirals, fast):
    model = SiameseEmbedding(random_state=0, **fast)
    assert model.fit(spirals.X) is model
    z = model.transform(spirals.X)
    assert z.shape == (len(spirals.X), 1)
    assert z.dtype == np.float32
    assert np.all(np.isfinite(z))
    assert np.ptp(z) > 0  # not collapsed to a constant


def test_n_components(spirals, fast):
    model = SiameseEmbedding(n_components=3, random_state=0, **fast).fit(spirals.X)
    assert model.transform(spirals.X[:7]).shape == (7, 3)


def test_fitted_attributes(fitted, spirals):
    assert fitted.n_features_in_ == 2
    assert (fitted.graph_ != knn_graph(spirals.X, fitted.n_neighbors)).nnz == 0
    assert (fitted.positives_ != expand_graph(fitted.graph_, fitted.hops)).nnz == 0
    assert isinstance(fitted.n_skipped_, int) and fitted.n_skipped_ >= 0


def test_transform_unseen_points(fitted, heldout):
    z = fitted.transform(heldout.X)
    assert z.shape == (len(heldout.X), 1)
    assert np.all(np.isfinite(z))
    # Far-away points are embedded too (the module embeds raw coordinates).
    assert np.all(np.isfinite(fitted.transform(heldout.X * 100)))


def test_transform_is_repeatable_and_independent_of_batch_size(fitted, heldout):
    z = fitted.transform(heldout.X)
    np.testing.assert_array_equal(z, fitted.transform(heldout.X))
    np.testing.assert_allclose(fitted.transform(heldout.X, batch_size=7), z, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(fitted.transform(heldout.X[5:9]), z[5:9], rtol=1e-6, atol=1e-6)


def test_same_random_state_same_embedding(fitted, fitted_again, spirals, heldout):
    np.testing.assert_array_equal(fitted.transform(spirals.X), fitted_again.transform(spirals.X))
    np.testing.assert_array_equal(fitted.transform(heldout.X), fitted_again.transform(heldout.X))


def test_different_random_state_different_embedding(fitted, fitted_other_seed, spirals):
    assert not np.allclose(fitted.transform(spirals.X), fitted_other_seed.transform(spirals.X))


def test_result_does_not_depend_on_the_global_torch_seed(fitted, spirals, fast):
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(12345)
        model = SiameseEmbedding(random_state=0, **fast).fit(spirals.X)
    np.testing.assert_array_equal(model.transform(spirals.X), fitted.transform(spirals.X))


def test_random_state_instance(spirals, fitted, fast):
    model = SiameseEmbedding(random_state=np.random.RandomState(0), **fast).fit(spirals.X)
    assert np.all(np.isfinite(model.transform(spirals.X)))
    np.testing.assert_array_equal(model.transform(spirals.X), fitted.transform(spirals.X))


def test_fit_transform_equals_fit_then_transform(fitted, spirals, fast):
    z = SiameseEmbedding(random_state=0, **fast).fit_transform(spirals.X)
    np.testing.assert_array_equal(z, fitted.transform(spirals.X))


def test_net_is_a_skorch_neural_net_with_one_history_row_per_epoch(spirals, fast):
    model = SiameseEmbedding(random_state=0, **{**fast, "max_epochs": 4,
                                                 "steps_per_epoch": 3}).fit(spirals.X)
    assert isinstance(model.net_, NeuralNet)
    assert len(model.net_.history) == 4
    np.testing.assert_array_equal(model.net_.history[:, "epoch"], [1, 2, 3, 4])
    assert np.all(np.isfinite(model.net_.history[:, "train_loss"]))
    assert all(len(row["batches"]) == 3 for row in model.net_.history)
    # Each step sees one positive and one negative pair per anchor.
    assert model.net_.history[-1, "batches", 0, "train_batch_size"] == 2 * fast["n_anchors"]


def test_fit_and_transform_restore_the_thread_count(spirals, outer_threads, fast):
    probe = ThreadProbe()
    model = SiameseEmbedding(n_threads=1, callbacks=[probe], random_state=0, **fast)
    model.fit(spirals.X)
    assert probe.seen == [1] * fast["max_epochs"]  # 1 thread while training ...
    assert torch.get_num_threads() == outer_threads  # ... and restored afterwards
    model.transform(spirals.X)
    assert torch.get_num_threads() == outer_threads


def test_n_threads_none_leaves_torch_alone(spirals, outer_threads, fast):
    probe = ThreadProbe()
    model = SiameseEmbedding(n_threads=None, callbacks=[probe], random_state=0, **fast)
    model.fit(spirals.X)
    assert probe.seen == [outer_threads] * fast["max_epochs"]
    model.transform(spirals.X)
    assert torch.get_num_threads() == outer_threads


def test_torch_threads_context_manager(outer_threads):
    with torch_threads(2):
        assert torch.get_num_threads() == 2
    assert torch.get_num_threads() == outer_threads
    with pytest.raises(RuntimeError), torch_threads(1):
        raise RuntimeError("boom")
    assert torch.get_num_threads() == outer_threads
    with torch_threads(None):
        assert torch.get_num_threads() == outer_threads


def test_fit_leaves_the_global_rng_states_alone(spirals, fast):
    numpy_saved = np.random.get_state()
    with torch.random.fork_rng(devices=[]):
        # A state of our own, so that it cannot coincide with the one fit would leave behind.
        torch.manual_seed(987654)
        torch.rand(3)
        np.random.seed(987654)
        torch_before = torch.random.get_rng_state()
        numpy_before = np.random.get_state()
        SiameseEmbedding(random_state=0, **fast).fit(spirals.X)
        torch_after = torch.random.get_rng_state()
        numpy_after = np.random.get_state()
    np.random.set_state(numpy_saved)
    assert torch.equal(torch_after, torch_before)
    np.testing.assert_array_equal(numpy_before[1], numpy_after[1])
    assert numpy_before[2:] == numpy_after[2:]


def test_pickle_round_trip(fitted, heldout):
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.transform(heldout.X), fitted.transform(heldout.X))
    assert len(restored.net_.history) == len(fitted.net_.history)


def test_verbose_shows_progress_and_still_pickles(spirals, capsys, fast):
    model = SiameseEmbedding(verbose=1, random_state=0, **fast).fit(spirals.X)
    err = capsys.readouterr().err
    assert "training" in err and f"{fast['max_epochs']}/{fast['max_epochs']}" in err
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.transform(spirals.X), model.transform(spirals.X))


def test_verbose_zero_is_silent(spirals, capsys, fast):
    SiameseEmbedding(verbose=0, random_state=0, **fast).fit(spirals.X)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_clone_and_params(fitted):
    copy = clone(fitted)
    assert copy.get_params() == fitted.get_params()
    assert not hasattr(copy, "net_")
    assert copy.set_params(hops=3).hops == 3


def test_refit_replaces_the_model(spirals, heldout, fast):
    model = SiameseEmbedding(random_state=0, **fast).fit(spirals.X)
    model.fit(heldout.X)
    fresh = SiameseEmbedding(random_state=0, **fast).fit(heldout.X)
    np.testing.assert_array_equal(model.transform(spirals.X), fresh.transform(spirals.X))
    assert model.graph_.shape == (len(heldout.X),) * 2


# --- the quality bar of the issue: defaults, three seeds ---------------------------------

@pytest.fixture(scope="module", params=[0, 1, 2], ids=lambda seed: f"seed{seed}")
def default_fit(request):
    seed = request.param
    data = make_spirals(random_state=seed)
    model = SiameseEmbedding(random_state=seed).fit(data.X)
    return seed, data, model


def test_quality_bar_on_training_points(default_fit):
    _, data, model = default_fit
    assert arm_spearman(model.transform(data.X), data.arm, data.t) >= 0.97


def test_quality_bar_on_fresh_points(default_fit):
    seed, _, model = default_fit
    fresh = make_spirals(random_state=seed + 1000)
    assert len(fresh.X) == 2 * 200  # 200 fresh points per arm
    assert arm_spearman(model.transform(fresh.X), fresh.arm, fresh.t) >= 0.97
