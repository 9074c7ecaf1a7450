"""Shared fixtures for the sss unit tests.

Figures are drawn with the Agg backend and closed after every test; the data
sets are small so that the whole suite runs in well under two minutes.
"""

import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

import sss  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]

settings.register_profile(
    "sss", deadline=None, max_examples=150,
    suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "sss"))

# A fast training budget for the unit tests (the quality bar uses the defaults).
FAST = dict(hidden_units=16, max_epochs=3, steps_per_epoch=5, n_anchors=64)


@pytest.fixture(scope="session")
def fast():
    """Keyword arguments of SiameseEmbedding for a training run of a few milliseconds."""
    return dict(FAST)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def spirals():
    """Two arms of 60 points: small, but the default KNN graph still follows the arms."""
    return sss.make_spirals(n_per_arm=60, random_state=0)


@pytest.fixture(scope="session")
def subprocess_env():
    """Environment for ``python -c``/``-m sss`` children: import sss from this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["MPLBACKEND"] = "Agg"
    return env


@pytest.fixture(scope="session")
def python():
    return sys.executable
