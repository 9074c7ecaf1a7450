"""Stage 4, model: the Siamese network (taught in ``05_siamese_training``)."""

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ._validation import check_int


class DistanceHead(nn.Module):
    """Pair logit from the per-dimension distance ``d = |z_a - z_b|``.

    ``logit = bias - sum_j softplus(w_j) * d_j``: the weight on the distance
    is kept positive, so a larger distance always means "less likely a
    positive pair". An unconstrained ``Linear`` head can start with the wrong
    sign and then collapse the embedding (see ``05_siamese_training``).
    """

    def __init__(self, n_components=1):
        super().__init__()
        self.raw_scale = nn.Parameter(torch.ones(n_components))
        self.bias = nn.Parameter(torch.zeros(()))

    def forward(self, distance):
        return self.bias - distance @ F.softplus(self.raw_scale)


class SiameseNet(nn.Module):
    """A shared encoder MLP and a head on ``|z_a - z_b|``.

    Taught in ``05_siamese_training``.

    Parameters
    ----------
    n_features : int, default=2
        Input dimension.
    n_components : int, default=1
        Embedding dimension (the bottleneck).
    hidden_units : int, default=32
        Width of each hidden layer.
    n_layers : int, default=2
        Number of hidden layers.
    center, scale : array-like of shape (n_features,), optional
        Input standardisation ``(x - center) / scale``, stored with the
        weights so that the module embeds raw points.
    """

    def __init__(self, n_features=2, n_components=1, hidden_units=32, n_layers=2,
                 center=None, scale=None):
        super().__init__()
        n_features = check_int(n_features, "n_features", low=1)
        n_components = check_int(n_components, "n_components", low=1)
        hidden_units = check_int(hidden_units, "hidden_units", low=1)
        n_layers = check_int(n_layers, "n_layers", low=1)
        center = np.zeros(n_features) if center is None else np.asarray(center, dtype=float)
        scale = np.ones(n_features) if scale is None else np.asarray(scale, dtype=float)
        if center.shape != (n_features,) or scale.shape != (n_features,) or np.any(scale <= 0):
            raise ValueError(f"center and scale must have shape ({n_features},), scale > 0.")
        self.register_buffer("center", torch.as_tensor(center, dtype=torch.float32))
        self.register_buffer("scale", torch.as_tensor(scale, dtype=torch.float32))
        layers, width = [], n_features
        for _ in range(n_layers):
            layers += [nn.Linear(width, hidden_units), nn.ReLU()]
            width = hidden_units
        layers.append(nn.Linear(width, n_components))
        self.encoder = nn.Sequential(*layers)
        self.head = DistanceHead(n_components)

    def embed(self, x):
        """Embed raw points ``x`` of shape (n, n_features) into (n, n_components)."""
        return self.encoder((x - self.center) / self.scale)

    def forward(self, xa, xb):
        """Logit that ``(xa[i], xb[i])`` is a positive pair, shape (n_pairs,)."""
        return self.head((self.embed(xa) - self.embed(xb)).abs())
