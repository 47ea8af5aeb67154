"""course_utils.mlp (the fixed-window MLP of 01) and course_utils.tasks.name_positions_task."""

import numpy as np
import pytest

from course_utils.gradcheck import numerical_gradient
from course_utils.mlp import initialize_window_mlp, window_input, window_mlp_forward, window_mlp_loss_and_gradients
from course_utils.tasks import NAMES, name_positions_task


def test_window_input_puts_slot_p_in_its_own_block():
    x = np.zeros((3, 2, 4))
    x[1, 0, 2] = 1  # word 1 in slot 2 of sentence 0
    x[2, 1, 0] = 1  # word 2 in slot 0 of sentence 1
    w = window_input(x)
    assert w.shape == (12, 2)
    assert w[2 * 3 + 1, 0] == 1 and w[0 * 3 + 2, 1] == 1 and w.sum() == 2


def test_window_mlp_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    V, m, T_max, n_y = 4, 3, 5, 2
    x = np.eye(V)[rng.integers(0, V, size=(m, T_max))].transpose(2, 0, 1)
    y = rng.integers(0, n_y, size=(m, T_max))
    y[0, 3:] = -1
    parameters = initialize_window_mlp(T_max * V, 6, T_max * n_y, seed=1)
    _, gradients = window_mlp_loss_and_gradients(window_input(x), y, parameters, n_y)
    for name, theta in parameters.items():
        numeric = numerical_gradient(lambda: window_mlp_loss_and_gradients(window_input(x), y, parameters, n_y)[0], theta)
        np.testing.assert_allclose(gradients["d" + name], numeric, rtol=1e-5, atol=1e-8)
    y_pred, _ = window_mlp_forward(window_input(x), parameters, n_y)
    assert y_pred.shape == (n_y, m, T_max) and np.allclose(y_pred.sum(axis=0), 1)


def test_name_positions_task_puts_one_name_where_asked():
    sentences, tags = name_positions_task(50, positions=[4, 5], T_max=8, seed=3)
    assert tags.shape == (50, 8) and (tags == 1).sum(axis=1).tolist() == [1] * 50
    for sentence, row in zip(sentences, tags):
        words = sentence.split()
        assert len(words) == (row >= 0).sum()
        position = int(np.argmax(row == 1))
        assert position in (4, 5) and words[position] in NAMES
        assert not any(w in NAMES for i, w in enumerate(words) if i != position)
    again = name_positions_task(50, positions=[4, 5], T_max=8, seed=3)
    assert again[0] == sentences and np.array_equal(again[1], tags)
    with pytest.raises(ValueError, match="positions"):
        name_positions_task(5, [8], T_max=8)
