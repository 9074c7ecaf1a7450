"""Argument checks shared by every stage: clear errors that name the argument."""

import numbers

import numpy as np
import scipy.sparse as sp


def check_int(value, name, *, low=None, high=None):
    """Return ``value`` as int, or raise naming ``name`` and the allowed range."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} ({type(value).__name__}).")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        raise ValueError(f"{name} must be in [{lo}, {hi}], got {value}.")
    return value


def check_float(value, name, *, low=None, high=None, low_open=False):
    """Return ``value`` as float, or raise naming ``name`` and the allowed range."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__}).")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}.")
    too_low = low is not None and (value <= low if low_open else value < low)
    if too_low or (high is not None and value > high):
        bracket = "(" if low_open else "["
        raise ValueError(f"{name} must be in {bracket}{low}, {high}], got {value}.")
    return value


def check_points(X, name="X", *, min_samples=1, n_features=None):
    """Return ``X`` as a finite float array of shape (n_samples, n_features)."""
    if sp.issparse(X):
        raise TypeError(f"{name} must be a dense array of shape (n_samples, n_features), "
                        "got a sparse matrix.")
    try:
        X = np.asarray(X, dtype=float)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a numeric array of shape (n_samples, n_features).") from err
    if X.ndim != 2:
        raise ValueError(f"{name} must be 2-D of shape (n_samples, n_features), "
                         f"got {X.ndim}-D with shape {X.shape}.")
    if X.shape[0] < min_samples:
        raise ValueError(f"{name} must have at least {min_samples} sample(s), got {X.shape[0]}.")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(f"{name} has {X.shape[1]} features, but {n_features} were expected.")
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} contains NaN or inf; every value must be finite.")
    return X


def check_labels(values, name, n_samples, dtype=int):
    """Return a 1-D array of length ``n_samples`` (arm labels, positions, embeddings)."""
    values = np.asarray(values)
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    if values.ndim != 1 or values.shape[0] != n_samples:
        raise ValueError(f"{name} must have shape ({n_samples},), got {values.shape}.")
    if dtype is int and not np.issubdtype(values.dtype, np.integer):
        raise TypeError(f"{name} must hold integers, got dtype {values.dtype}.")
    if dtype is float:
        values = values.astype(float)
        if not np.all(np.isfinite(values)):
            raise ValueError(f"{name} contains NaN or inf; every value must be finite.")
    return values


def check_graph(G, name="G", *, n_samples=None, allow_empty=True):
    """Return ``G`` as a square boolean CSR matrix."""
    if sp.issparse(G):
        G = sp.csr_matrix(G)
    else:
        G = np.asarray(G)
        if G.ndim != 2:
            raise ValueError(f"{name} must be a square adjacency matrix, got shape {G.shape}.")
        G = sp.csr_matrix(G)
    if G.shape[0] != G.shape[1]:
        raise ValueError(f"{name} must be square (n_samples, n_samples), got shape {G.shape}.")
    if n_samples is not None and G.shape[0] != n_samples:
        raise ValueError(f"{name} has shape {G.shape}, which does not match the "
                         f"{n_samples} points; build it from the same X.")
    G = (G != 0).astype(bool).tocsr()
    G.eliminate_zeros()
    if not allow_empty and G.nnz == 0:
        raise ValueError(f"{name} has no edges; use a larger n_neighbors or hops.")
    return G
