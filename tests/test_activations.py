import warnings

import numpy as np
import pytest

from course_utils.activations import sigmoid, softmax, tanh


@pytest.fixture
def no_warnings():
    """Turn numpy's overflow / invalid-value RuntimeWarnings into errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_softmax_known_values():
    z = np.array([[0.0, 1.0], [np.log(3.0), 1.0]])
    np.testing.assert_allclose(softmax(z), [[0.25, 0.5], [0.75, 0.5]], rtol=1e-14)


def test_softmax_columns_sum_to_one_and_are_positive():
    z = np.random.default_rng(0).standard_normal((7, 5)) * 10
    s = softmax(z)
    assert s.shape == z.shape
    assert np.all(s > 0)
    np.testing.assert_allclose(s.sum(axis=0), np.ones(5), rtol=1e-14)


def test_softmax_is_over_axis_0_not_axis_1():
    z = np.array([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])  # over axis 0 every entry is 1/2
    np.testing.assert_allclose(softmax(z), np.full((2, 3), 0.5))


def test_softmax_3d_normalises_each_column_over_axis_0():
    z = np.random.default_rng(1).standard_normal((4, 3, 6))
    s = softmax(z)
    np.testing.assert_allclose(s.sum(axis=0), np.ones((3, 6)), rtol=1e-14)
    np.testing.assert_allclose(s[:, 2, 5], softmax(z[:, 2, 5]), rtol=1e-14)


def test_softmax_stable_for_large_inputs(no_warnings):
    z = np.array([[1000.0, -1000.0], [1000.0, -1000.0], [999.0, -1001.0]])
    s = softmax(z)
    assert np.all(np.isfinite(s))
    np.testing.assert_allclose(s, softmax(z - z.max(axis=0)), rtol=1e-14)
    e = np.exp(-1.0)
    np.testing.assert_allclose(s[:, 0], [1 / (2 + e), 1 / (2 + e), e / (2 + e)], rtol=1e-14)


def test_softmax_shift_invariant_per_column():
    z = np.random.default_rng(2).standard_normal((5, 4))
    shift = np.array([[3.0, -50.0, 0.0, 700.0]])
    np.testing.assert_allclose(softmax(z + shift), softmax(z), rtol=1e-12)


def test_softmax_keeps_float32_and_converts_ints():
    assert softmax(np.ones((3, 2), dtype=np.float32)).dtype == np.float32
    s = softmax([[1, 2], [3, 4]])
    assert s.dtype == np.float64
    np.testing.assert_allclose(s.sum(axis=0), [1.0, 1.0])


@pytest.mark.parametrize("bad, match", [("abc", "z must be a numpy array"), (3.0, r"z must have at least 1 dimension")])
def test_softmax_rejects_bad_input(bad, match):
    with pytest.raises(ValueError, match=match):
        softmax(bad)


def test_tanh_is_numpy_tanh():
    z = np.linspace(-5, 5, 11)
    np.testing.assert_array_equal(tanh(z), np.tanh(z))
    assert tanh(z.astype(np.float32)).dtype == np.float32
    with pytest.raises(ValueError, match="z must be a numpy array"):
        tanh(["a"])


def test_sigmoid_values_and_symmetry():
    z = np.linspace(-20, 20, 41)
    s = sigmoid(z)
    np.testing.assert_allclose(s, 1 / (1 + np.exp(-z)), rtol=1e-14)
    np.testing.assert_allclose(sigmoid(-z), 1 - s, atol=1e-15)
    assert sigmoid(np.array(0.0)) == 0.5


def test_sigmoid_stable_for_large_inputs(no_warnings):
    s = sigmoid(np.array([-1000.0, -50.0, 50.0, 1000.0]))
    assert np.all(np.isfinite(s))
    assert s[0] == 0.0 and s[3] == 1.0
    np.testing.assert_allclose(s[1], np.exp(-50.0), rtol=1e-14)  # not rounded to 0


def test_sigmoid_keeps_float32():
    assert sigmoid(np.zeros((2, 3), dtype=np.float32)).dtype == np.float32
    assert sigmoid(np.array([1, 2])).dtype == np.float64
