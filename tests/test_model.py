"""Stage 4: SiameseNet and DistanceHead."""

import numpy as np
import pytest
import torch
from torch import nn

from sss import DistanceHead, SiameseNet


@pytest.fixture(autouse=True)
def _seeded_torch():
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        yield


@pytest.mark.parametrize("n_components", [1, 3])
def test_siamese_net_shapes(n_components):
    net = SiameseNet(n_features=2, n_components=n_components, hidden_units=8)
    xa, xb = torch.randn(17, 2), torch.randn(17, 2)
    assert net.embed(xa).shape == (17, n_components)
    logits = net(xa, xb)
    assert logits.shape == (17,)
    assert torch.isfinite(logits).all()


@pytest.mark.parametrize("n_layers", [1, 2, 4])
def test_encoder_depth_and_width(n_layers):
    net = SiameseNet(n_features=5, n_components=2, hidden_units=7, n_layers=n_layers)
    linears = [m for m in net.encoder if isinstance(m, nn.Linear)]
    assert len(linears) == n_layers + 1
    assert linears[0].in_features == 5 and linears[-1].out_features == 2
    assert all(layer.out_features == 7 for layer in linears[:-1])
    assert net.embed(torch.randn(3, 5)).shape == (3, 2)


def test_forward_is_symmetric_and_zero_distance_gives_the_bias():
    net = SiameseNet(hidden_units=8)
    with torch.no_grad():
        net.head.bias.fill_(1.5)
    xa, xb = torch.randn(10, 2), torch.randn(10, 2)
    torch.testing.assert_close(net(xa, xb), net(xb, xa))
    torch.testing.assert_close(net(xa, xa), torch.full((10,), 1.5))


@pytest.mark.parametrize("raw_scale", [[1.0], [-3.0], [0.0, -2.0, 4.0]])
def test_distance_head_is_monotone_decreasing(raw_scale):
    k = len(raw_scale)
    head = DistanceHead(k)
    with torch.no_grad():
        head.raw_scale.copy_(torch.tensor(raw_scale))  # even negative raw weights
        head.bias.fill_(0.3)
    d = torch.rand(200, k)
    bigger = d + torch.rand(200, k) * 2 + 1e-3
    with torch.no_grad():
        assert (head(bigger) < head(d)).all()
        if k == 1:
            grid = torch.linspace(0, 10, 101)[:, None]
            assert (torch.diff(head(grid)) < 0).all()
    # logit = bias - sum_j softplus(w_j) d_j
    expected = 0.3 - d @ torch.nn.functional.softplus(torch.tensor(raw_scale))
    torch.testing.assert_close(head(d).detach(), expected)


def test_embed_applies_center_and_scale():
    center, scale = np.array([3.0, -1.0]), np.array([2.0, 0.5])
    plain = SiameseNet(hidden_units=8)
    standardised = SiameseNet(hidden_units=8, center=center, scale=scale)
    standardised.load_state_dict({**plain.state_dict(),
                                  "center": torch.tensor(center, dtype=torch.float32),
                                  "scale": torch.tensor(scale, dtype=torch.float32)})
    x = torch.randn(20, 2) * 5
    with torch.no_grad():
        expected = plain.embed((x - torch.tensor(center, dtype=torch.float32))
                               / torch.tensor(scale, dtype=torch.float32))
        torch.testing.assert_close(standardised.embed(x), expected)
        assert not torch.allclose(standardised.embed(x), plain.embed(x))
    # Stored as buffers, so they travel with the weights but are not trained.
    assert {"center", "scale"} <= set(standardised.state_dict())
    assert not {"center", "scale"} & set(dict(standardised.named_parameters()))
    assert len(list(standardised.parameters())) == len(list(plain.parameters()))


@pytest.mark.parametrize("kwargs", [dict(center=[0.0]), dict(scale=[1.0, 0.0]),
                                    dict(scale=[1.0, -2.0]), dict(center=np.zeros((2, 1)))])
def test_bad_center_or_scale(kwargs):
    with pytest.raises(ValueError, match="center and scale"):
        SiameseNet(n_features=2, **kwargs)


def test_gradients_reach_the_encoder():
    net = SiameseNet(hidden_units=8)
    loss = nn.BCEWithLogitsLoss()(net(torch.randn(8, 2), torch.randn(8, 2)), torch.ones(8))
    loss.backward()
    assert all(p.grad is not None and torch.isfinite(p.grad).all() for p in net.parameters())
    assert net.encoder[0].weight.grad.abs().sum() > 0
