"""``SiameseEmbedding`` against scikit-learn's own estimator checks.

The checks fit on tiny random data sets (10 to 30 points, up to 10 features), so
they use a small, fast configuration. ``hops=1`` matters: on 10-15 random points
a 5-hop expansion of even a 2-neighbour graph joins every point to every other,
which leaves no negative pair to learn from, and ``fit`` rightly refuses that
with a ``ValueError`` (see ``test_no_negatives_is_a_clear_error`` below).

Every check currently passes; ``EXPECTED_FAILED_CHECKS`` lists the checks that
cannot apply to this estimator, each with its reason, and is empty today.
``xfail_strict=True`` makes a listed check that starts passing fail the run,
so the list cannot go stale.
"""

import numpy as np
import pytest
from sklearn.utils import get_tags
from sklearn.utils.estimator_checks import parametrize_with_checks

from sss import SiameseEmbedding

SMALL = dict(max_epochs=1, steps_per_epoch=2, n_anchors=16, hidden_units=8, n_neighbors=2, hops=1)

# check name -> why it cannot apply to an unsupervised neural estimator.
EXPECTED_FAILED_CHECKS = {}


def expected_failed_checks(estimator):
    return EXPECTED_FAILED_CHECKS


@parametrize_with_checks([SiameseEmbedding(**SMALL)],
                         expected_failed_checks=expected_failed_checks, xfail_strict=True)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_checks_really_ran():
    """Guard against an empty parametrisation: the decorator must yield many checks."""
    from sklearn.utils.estimator_checks import check_estimator

    results = check_estimator(SiameseEmbedding(**SMALL), on_fail=None)
    names = {r["check_name"] for r in results}
    assert len(names) >= 30
    assert {"check_fit_idempotent", "check_estimators_pickle", "check_n_features_in_after_fitting",
            "check_transformer_general", "check_complex_data"} <= names
    failed = {r["check_name"] for r in results if r["status"] == "failed"}
    assert failed <= set(EXPECTED_FAILED_CHECKS)


def test_embedding_dtype_matches_the_declared_tag():
    """The estimator declares float32 as the dtype it preserves; float64 input gives float32."""
    assert get_tags(SiameseEmbedding()).transformer_tags.preserves_dtype == ["float32"]
    X = np.random.RandomState(0).normal(size=(30, 2))
    assert SiameseEmbedding(**SMALL).fit_transform(X).dtype == np.float32


def test_no_negatives_is_a_clear_error():
    """When every point lies within ``hops`` of every other, there is nothing to contrast."""
    X = np.random.RandomState(0).normal(size=(12, 3))
    with pytest.raises(ValueError, match="hops"):
        SiameseEmbedding(**{**SMALL, "hops": 10}).fit(X)


@pytest.mark.parametrize("X, pattern", [
    (np.zeros(5), "Reshape your data"),
    (np.zeros((1, 2)), "1 sample"),
    (np.zeros((5, 0)), "0 feature"),
    (np.ones((5, 2)) + 1j, "Complex data not supported"),
])
def test_fit_input_errors_use_sklearn_messages(X, pattern):
    with pytest.raises(ValueError, match=pattern):
        SiameseEmbedding(**SMALL).fit(X)


def test_transform_checks_the_feature_count():
    X = np.random.RandomState(0).normal(size=(30, 3))
    model = SiameseEmbedding(**SMALL).fit(X)
    with pytest.raises(ValueError, match="X has 2 features, but SiameseEmbedding is expecting 3"):
        model.transform(X[:, :2])
