"""Loss, output layer, clipping, SGD and the training loop: checked by finite differences, by torch, and by behaviour."""

import re

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from course_utils.gradcheck import gradient_check, numerical_gradient, relative_error
from course_utils.gradient_flow import gradient_norms_through_time, states_through_time
from course_utils.losses import cross_entropy, cross_entropy_backward, sequence_mask
from course_utils.optim import clip_by_norm, clip_by_value, global_norm, sgd_step
from course_utils.rnn import initialize_parameters, rnn_forward
from course_utils.tasks import echo_task
from course_utils.training import evaluate, loss_and_gradients, train, train_rnn

N_X, N_A, N_Y, M, T_X = 4, 6, 5, 7, 8


def problem(seed=0):
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters(N_A, N_X, N_Y, seed=seed, scale=0.6)
    parameters["ba"] = rng.normal(size=(N_A, 1)) * 0.3
    parameters["by"] = rng.normal(size=(N_Y, 1)) * 0.3
    x = rng.normal(size=(N_X, M, T_X))
    a0 = rng.normal(size=(N_A, M)) * 0.3
    y = rng.integers(0, N_Y, size=(M, T_X))
    y[2, 5:] = -1  # a shorter sequence
    return x, y, a0, parameters


def test_numerical_gradient_of_a_known_function():
    theta = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = numerical_gradient(lambda: float(np.sum(theta**3)), theta)
    np.testing.assert_allclose(grad, 3 * theta**2, rtol=1e-8)
    assert relative_error(grad, 3 * theta**2) < 1e-9
    assert relative_error(np.ones(3), 2 * np.ones(3)) == pytest.approx(1 / 3)


def test_cross_entropy_by_hand():
    y_pred = np.array([[[0.5, 0.25]], [[0.5, 0.75]]])  # n_y=2, m=1, T=2
    L, losses = cross_entropy(y_pred, np.array([[0, 1]]))
    np.testing.assert_allclose(losses, [np.log(2), -np.log(0.75)])
    assert L == pytest.approx(np.log(2) - np.log(0.75))
    L_masked, losses_masked = cross_entropy(y_pred, np.array([[0, -1]]))
    assert L_masked == pytest.approx(np.log(2)) and losses_masked[1] == 0


def test_sequence_mask():
    np.testing.assert_array_equal(sequence_mask(np.array([2, 0, 3]), 3),
                                  [[True, True, False], [False, False, False], [True, True, True]])
    with pytest.raises(ValueError, match="lengths must be between 0 and T_x = 3"):
        sequence_mask(np.array([4]), 3)


def test_loss_and_gradients_pass_the_finite_difference_check():
    x, y, a0, parameters = problem()
    _, gradients = loss_and_gradients(x, y, a0, parameters)

    def loss():
        return loss_and_gradients(x, y, a0, parameters)[0]

    errors = gradient_check(loss, parameters, gradients)
    assert max(errors.values()) < 1e-7, errors


def test_cross_entropy_and_gradients_agree_with_torch():
    torch = pytest.importorskip("torch")
    x, y, a0, P = problem(seed=3)
    L, gradients = loss_and_gradients(x, y, a0, P)

    t = {k: torch.tensor(v, requires_grad=True) for k, v in P.items()}
    a_prev = torch.tensor(a0)
    xs = torch.tensor(x)
    total = torch.zeros((), dtype=torch.float64)
    for step in range(T_X):
        a_prev = torch.tanh(t["Waa"] @ a_prev + t["Wax"] @ xs[:, :, step] + t["ba"])
        scores = (t["Wya"] @ a_prev + t["by"]).T  # (m, n_y)
        total = total + torch.nn.functional.cross_entropy(
            scores, torch.tensor(y[:, step]), ignore_index=-1, reduction="sum") / M
    total.backward()
    assert L == pytest.approx(total.item(), abs=1e-10)
    for k in P:
        np.testing.assert_allclose(gradients["d" + k], t[k].grad.numpy(), atol=1e-10, err_msg=k)


def test_cross_entropy_backward_is_zero_on_padding():
    x, y, a0, P = problem()
    _, y_pred, _ = rnn_forward(x, a0, P)
    dz = cross_entropy_backward(y_pred, y)
    assert np.all(dz[:, 2, 5:] == 0)
    np.testing.assert_allclose(dz.sum(axis=0), 0, atol=1e-15)  # softmax - one_hot sums to 0


def test_clipping():
    gradients = {"dW": np.array([[3.0, -4.0]]), "db": np.array([[12.0]])}  # global norm 13
    assert global_norm(gradients) == pytest.approx(13)
    clipped = clip_by_norm(gradients, 6.5)
    assert global_norm(clipped) == pytest.approx(6.5)
    np.testing.assert_allclose(clipped["dW"], gradients["dW"] / 2)
    assert clip_by_norm(gradients, 100)["db"][0, 0] == 12
    np.testing.assert_array_equal(clip_by_value(gradients, 3.5)["dW"], [[3.0, -3.5]])
    assert gradients["dW"][0, 1] == -4  # not modified in place
    with pytest.raises(ValueError, match="max_norm must be > 0"):
        clip_by_norm(gradients, 0)


def test_sgd_step_moves_against_the_gradient_and_checks_keys():
    parameters = {"W": np.ones((2, 2))}
    sgd_step(parameters, {"dW": np.full((2, 2), 2.0)}, 0.25)
    np.testing.assert_array_equal(parameters["W"], 0.5)
    with pytest.raises(ValueError, match="gradients has no 'dW'"):
        sgd_step(parameters, {"dV": np.ones((2, 2))}, 0.1)


def test_echo_training_beats_chance_and_is_deterministic():
    x, y = echo_task(256, 20, 4, delay=5, seed=0)
    x_test, y_test = echo_task(128, 20, 4, delay=5, seed=1)
    histories = []
    for _ in range(2):
        parameters = initialize_parameters(32, 4, 4, seed=0)
        histories.append(train_rnn(x, y, parameters, 300, 0.1, show_progress=False))
    assert histories[0] == histories[1]
    result = evaluate(x_test, y_test, parameters)
    assert result["loss"] < 0.1 * np.log(4), result
    assert result["accuracy"] > 0.95, result


def test_linear_gradient_norms_follow_the_power_law():
    for r in (0.7, 1.0, 1.3):
        norms = gradient_norms_through_time(r, 30, activation="linear")
        np.testing.assert_allclose(norms, r ** np.arange(29, -1, -1), rtol=1e-9)
    tanh_norms = gradient_norms_through_time(1.3, 30, activation="tanh")
    assert np.all(tanh_norms <= 1.3 ** np.arange(29, -1, -1) * (1 + 1e-9))


def test_tanh_with_tiny_inputs_follows_the_linear_recurrence():
    """States near 0 keep tanh' near 1: the gradient grows like r**k, as without the tanh."""
    linear = gradient_norms_through_time(1.5, 41, activation="linear")
    tiny = gradient_norms_through_time(1.5, 41, activation="tanh", input_scale=1e-9)
    np.testing.assert_allclose(tiny, linear, rtol=1e-2)
    assert gradient_norms_through_time(1.5, 41, activation="tanh")[0] < 1e-2  # saturated: it vanishes
    saturated = states_through_time(1.5, 41)
    assert np.abs(saturated).max() < 1 and np.mean(np.abs(saturated) > 0.9) > 0.2
    assert np.abs(states_through_time(1.5, 41, input_scale=1e-9)).max() < 0.1


# ----------------------------------------------------------------------------- progress bar and BLAS threads


def blas_threads():
    """The number of threads of each BLAS library loaded in this process (numpy's), as threadpoolctl sees them."""
    return [info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"]


def small_run(**kwargs):
    x, y = echo_task(64, 6, 3, delay=1, seed=0)
    return train_rnn(x, y, initialize_parameters(8, 3, 3, seed=0), 30, 0.1, log_every=10, **kwargs)


def test_training_shows_a_text_bar_with_the_running_loss_outside_a_notebook(capsys):
    small_run()
    out, err = capsys.readouterr()
    assert out == ""
    final = err.rstrip("\n").rsplit("\r", 1)[-1]  # tqdm redraws its line with \r; the last one stays
    assert re.fullmatch(r"training: 100%\|.+\| 30/30 \[.*, loss \d+\.\d{3}\]", final), repr(err)


def test_show_progress_false_prints_nothing(capsys):
    small_run(show_progress=False)
    assert capsys.readouterr() == ("", "")


def test_training_runs_on_one_blas_thread_and_gives_the_setting_back():
    seen = []
    x, y = echo_task(32, 6, 3, delay=1, seed=0)
    parameters = initialize_parameters(8, 3, 3, seed=0)

    def step(batch):
        seen.append(blas_threads())
        return loss_and_gradients(x[:, batch], y[batch], np.zeros((8, len(batch))), parameters)

    with threadpool_limits(limits=2, user_api="blas"):
        before = blas_threads()
        if not before:
            pytest.skip("threadpoolctl finds no BLAS library in this process")
        train(step, parameters, 32, 5, show_progress=False)
        assert blas_threads() == before
    assert seen == [[1] * len(before)] * 5


def test_in_a_notebook_the_bar_is_a_widget_that_ends_full_with_the_loss(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    code = ("from course_utils.rnn import initialize_parameters\n"
            "from course_utils.tasks import echo_task\n"
            "from course_utils.training import train_rnn\n"
            "x, y = echo_task(64, 6, 3, delay=1, seed=0)\n"
            "history = train_rnn(x, y, initialize_parameters(8, 3, 3, seed=0), 30, 0.1, log_every=10)")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nbclient.NotebookClient(notebook, kernel_name="python3", timeout=60,
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = notebook.cells[0].outputs
    assert not [o for o in outputs if o.get("name") == "stderr"], outputs
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs), outputs
    models = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"].values()
    bars = [m["state"] for m in models if m["model_name"] == "FloatProgressModel"]
    assert [(b["value"], b["max"], b["bar_style"]) for b in bars] == [(30, 30, "success")]
    texts = " ".join(str(m["state"].get("value", "")) for m in models if m["model_name"] == "HTMLModel")
    assert "training" in texts and re.search(r"loss\s\d+\.\d{3}", texts), texts  # tqdm puts figure spaces


def test_train_rnn_takes_the_learners_output_layer_backward():
    """04's scratch cell trains with the learner's output_layer_backward (the course's is not there when graded)."""

    def output_layer_backward(y_pred, y, mask, a, Wya):  # 04's exercise, written out
        n_y, m, T_x = y_pred.shape
        y_true = np.zeros_like(y_pred)
        i, t = np.nonzero(mask)
        y_true[y[i, t], i, t] = 1
        dz = (y_pred - y_true) * mask / m
        return {"dWya": np.einsum("ymt,amt->ya", dz, a), "dby": dz.sum(axis=(1, 2))[:, None],
                "da": np.einsum("ya,ymt->amt", Wya, dz)}

    x, y = echo_task(m=64, T_x=10, n_symbols=3, delay=2, seed=0)
    histories = []
    for backward in (None, output_layer_backward):
        parameters = initialize_parameters(8, 3, 3, seed=0)
        histories.append(train_rnn(x, y, parameters, 30, 0.1, show_progress=False, output_layer_backward=backward))
    np.testing.assert_allclose(histories[1]["loss"], histories[0]["loss"], rtol=1e-10)
