"""A fitted ``SiameseEmbedding`` survives copies and pickles, and embeds big inputs in batches.

No timing asserts here: speed is measured by ``benchmarks/`` (``make bench``).
"""

import copy
import pickle
import subprocess
import sys

import numpy as np
import pytest
import torch

from sss import SiameseEmbedding, make_spirals

QUICK = dict(hidden_units=16, max_epochs=2, steps_per_epoch=5, n_anchors=64, random_state=0)


@pytest.fixture(scope="module")
def data():
    return make_spirals(n_per_arm=60, random_state=0)


@pytest.fixture(scope="module")
def big():
    return make_spirals(n_per_arm=2500, random_state=7).X  # 5,000 points


@pytest.fixture(scope="module")
def fitted(data):
    return SiameseEmbedding(**QUICK).fit(data.X)


class BatchProbe:
    """Record the number of rows of every batch that reaches the encoder."""

    def __init__(self, model):
        self.sizes = []
        self.handle = model.net_.module_.encoder.register_forward_hook(self)

    def __call__(self, module, inputs, output):
        self.sizes.append(inputs[0].shape[0])

    def remove(self):
        self.handle.remove()


def _same_weights(a, b):
    sa, sb = a.net_.module_.state_dict(), b.net_.module_.state_dict()
    return sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)


@pytest.mark.parametrize("duplicate", [
    pytest.param(lambda m: pickle.loads(pickle.dumps(m)), id="pickle"),
    pytest.param(lambda m: pickle.loads(pickle.dumps(m, protocol=2)), id="pickle-protocol-2"),
    pytest.param(copy.deepcopy, id="deepcopy"),
])
def test_duplicate_transforms_identically(fitted, data, big, duplicate):
    z, z_big = fitted.transform(data.X), fitted.transform(big)
    twin = duplicate(fitted)
    assert twin is not fitted and twin.net_ is not fitted.net_
    assert _same_weights(twin, fitted)
    np.testing.assert_array_equal(twin.transform(data.X), z)
    np.testing.assert_array_equal(twin.transform(big), z_big)
    assert twin.get_params().keys() == fitted.get_params().keys()
    assert (twin.positives_ != fitted.positives_).nnz == 0
    assert len(twin.net_.history) == len(fitted.net_.history)
    # The original is untouched by using the copy.
    np.testing.assert_array_equal(fitted.transform(data.X), z)


def test_deepcopy_is_independent(fitted, data):
    z = fitted.transform(data.X)
    twin = copy.deepcopy(fitted)
    with torch.no_grad():
        for p in twin.net_.module_.parameters():
            p.add_(1.0)
    assert not np.array_equal(twin.transform(data.X), z)
    np.testing.assert_array_equal(fitted.transform(data.X), z)


def test_unpickled_model_can_be_refit(fitted, data):
    twin = pickle.loads(pickle.dumps(fitted))
    twin.fit(data.X)
    np.testing.assert_array_equal(twin.transform(data.X), fitted.transform(data.X))


def test_pickle_loads_in_a_fresh_process(fitted, data, tmp_path):
    """The pickle does not depend on state of the process that made it."""
    (tmp_path / "model.pkl").write_bytes(pickle.dumps(fitted))
    np.save(tmp_path / "X.npy", data.X)
    code = ("import pickle, sys, numpy as np; p = sys.argv[1]; "
            "m = pickle.load(open(p + '/model.pkl', 'rb')); "
            "np.save(p + '/z.npy', m.transform(np.load(p + '/X.npy')))")
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, timeout=120)
    np.testing.assert_array_equal(np.load(tmp_path / "z.npy"), fitted.transform(data.X))


def test_transform_is_batched(fitted, big):
    one_batch = fitted.transform(big, batch_size=len(big))
    probe = BatchProbe(fitted)
    try:
        batched = fitted.transform(big, batch_size=1000)
    finally:
        probe.remove()
    assert probe.sizes == [1000] * 5  # five encoder calls of 1,000 rows, never all 5,000 at once
    np.testing.assert_allclose(batched, one_batch, rtol=1e-6, atol=1e-6)


def test_uneven_last_batch(fitted, big):
    probe = BatchProbe(fitted)
    try:
        z = fitted.transform(big[:2345], batch_size=1000)
    finally:
        probe.remove()
    assert probe.sizes == [1000, 1000, 345]
    np.testing.assert_allclose(z, fitted.transform(big[:2345], batch_size=4096), rtol=1e-6, atol=1e-6)


def test_default_transform_batch_is_bounded(fitted):
    """Without a batch_size, a large input is still cut into bounded chunks."""
    X = np.random.RandomState(0).normal(size=(70_000, 2))
    probe = BatchProbe(fitted)
    try:
        z = fitted.transform(X)
    finally:
        probe.remove()
    assert len(probe.sizes) >= 2 and max(probe.sizes) < len(X)
    assert z.shape == (len(X), 1) and np.all(np.isfinite(z))
