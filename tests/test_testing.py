"""course_utils.testing: the checks pass correct values and name the mistake in wrong ones."""

import numpy as np
import pytest

from course_utils.testing import check_close, check_equal, check_shape, check_type, substitute


def test_check_shape_names_expected_and_actual_shapes_and_suspects_a_transpose():
    check_shape("a_next", np.zeros((5, 3)), (5, 3))
    with pytest.raises(AssertionError, match=r"a_next has shape \(3, 5\) but should have shape \(n_a, m\) = \(5, 3\).*transposed"):
        check_shape("a_next", np.zeros((3, 5)), (5, 3), symbols=("n_a", "m"))
    with pytest.raises(AssertionError, match="forget to return"):
        check_shape("a_next", None, (5, 3))


def test_check_close_names_the_catalogued_mistake():
    z = np.array([[1.0, 2.0], [3.0, 0.0]])
    right = np.tanh(z)
    wrong = 1 / (1 + np.exp(-z))
    check_close("a", right, np.tanh(z), mistakes={"used the sigmoid": wrong})
    with pytest.raises(AssertionError, match="looks like you used the sigmoid"):
        check_close("a", wrong, right, mistakes={"used the sigmoid": wrong})
    with pytest.raises(AssertionError, match=r"wrong values \(the largest difference is 1 at index \(0, 1\)\)"):
        check_close("a", right + np.array([[0, 1.0], [0, 0]]), right)
    with pytest.raises(AssertionError, match="NaN or inf"):
        check_close("a", np.array([np.nan, 1.0]), np.ones(2))


def test_check_close_is_not_fooled_by_a_patched_numpy():
    original = np.isclose
    np.isclose = lambda *args, **kwargs: np.array(True)
    try:
        with pytest.raises(AssertionError):
            check_close("a", np.zeros(3), np.ones(3))
    finally:
        np.isclose = original


def test_check_equal_and_check_type():
    check_equal("v", [1, 2], [1, 2])
    with pytest.raises(AssertionError, match="looks like you forgot <EOS>"):
        check_equal("v", [1], [1, 2], mistakes={"forgot <EOS>": [1]})
    with pytest.raises(AssertionError, match="should be a dict, but it is None"):
        check_type("vocab", None, dict)


def test_substitute_replaces_and_restores_names():
    namespace = {"softmax": "learner's"}
    with substitute(namespace, softmax="reference", extra=1):
        assert namespace == {"softmax": "reference", "extra": 1}
    assert namespace == {"softmax": "learner's"}
    with pytest.raises(KeyError):
        with substitute(namespace, softmax="reference"):
            raise KeyError("inside")
    assert namespace == {"softmax": "learner's"}
