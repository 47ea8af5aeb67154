"""course_utils.bidirectional: reversal within lengths, forward and backward of a BRNN, and why it is worth it.

Checked by hand, by finite differences (with padding), against torch.nn.RNN(bidirectional=True) with
packed sequences, and by behaviour: on the Rex task it beats a left-to-right RNN on the words that need
a later word.
"""

import numpy as np
import pytest

from course_utils import rnn
from course_utils.baselines import accuracy
from course_utils.bidirectional import (
    PARAMETER_KEYS,
    bidirectional_backward,
    bidirectional_forward,
    bidirectional_loss_and_gradients,
    bidirectional_predict,
    direction,
    initialize_bidirectional,
    reverse_sequences,
)
from course_utils.datasets import REX_TAGS, encode_labels, encode_tokens, load_rex
from course_utils.gradcheck import gradient_check
from course_utils.losses import cross_entropy, cross_entropy_backward
from course_utils.text import Vocabulary, one_hot
from course_utils.training import loss_and_gradients, train

N_X, N_A, N_Y, M, T_X = 4, 3, 3, 4, 5
LENGTHS = np.array([5, 2, 1, 4])


def problem(seed=0):
    rng = np.random.default_rng(seed)
    parameters = initialize_bidirectional(N_A, N_X, N_Y, seed=seed)
    for key in ("ba_fwd", "ba_bwd", "by"):
        parameters[key] = rng.normal(size=parameters[key].shape) * 0.3
    x = rng.normal(size=(N_X, M, T_X))
    x[:, np.arange(T_X)[None, :] >= LENGTHS[:, None]] = 0.0   # padding is zero, as one_hot makes it
    y = rng.integers(0, N_Y, size=(M, T_X))
    y[np.arange(T_X)[None, :] >= LENGTHS[:, None]] = -1
    return x, y, parameters


def test_reverse_sequences_by_hand():
    x = np.array([[[1, 2, 3], [4, 5, -1], [6, -1, -1]]], dtype=float)   # (1, 3, 3), -1 marks padding
    expected = np.array([[[3, 2, 1], [5, 4, -1], [6, -1, -1]]], dtype=float)
    np.testing.assert_array_equal(reverse_sequences(x, np.array([3, 2, 1])), expected)
    np.testing.assert_array_equal(reverse_sequences(expected, np.array([3, 2, 1])), x)
    with pytest.raises(ValueError, match="lengths must be between 1 and T_x = 3"):
        reverse_sequences(x, np.array([3, 0, 1]))


def test_each_direction_reads_the_words_on_its_side():
    x, _, parameters = problem()
    a, _, _ = bidirectional_forward(x, LENGTHS, parameters)
    a_fwd, a_bwd = a[:N_A], a[N_A:]
    i, t = 0, 2    # step t of sequence 0 (length 5)
    forward_only = rnn.rnn_forward(x[:, i:i + 1, :t + 1], np.zeros((N_A, 1)),
                                   {**direction(parameters, "fwd"), "Wya": parameters["Wya"][:, :N_A], "by": parameters["by"]})[0]
    np.testing.assert_allclose(a_fwd[:, i, t], forward_only[:, 0, -1], rtol=1e-12)
    backward_only = rnn.rnn_forward(x[:, i:i + 1, t:][:, :, ::-1], np.zeros((N_A, 1)),
                                    {**direction(parameters, "bwd"), "Wya": parameters["Wya"][:, :N_A], "by": parameters["by"]})[0]
    np.testing.assert_allclose(a_bwd[:, i, t], backward_only[:, 0, -1], rtol=1e-12)
    # sequence 1 has length 2: its backward state at step 1 has read its last word only, no padding
    single = np.tanh(parameters["Wax_bwd"] @ x[:, 1, 1] + parameters["ba_bwd"][:, 0])
    np.testing.assert_allclose(a_bwd[:, 1, 1], single, rtol=1e-12)


def test_bidirectional_gradients_match_finite_differences_with_padding():
    x, y, parameters = problem(1)

    def loss():
        return cross_entropy(bidirectional_forward(x, LENGTHS, parameters)[1], y)[0]

    _, y_pred, cache = bidirectional_forward(x, LENGTHS, parameters)
    gradients = bidirectional_backward(cross_entropy_backward(y_pred, y), cache)
    assert set(gradients) == {"d" + k for k in PARAMETER_KEYS} | {"dx"}
    errors = gradient_check(loss, {**parameters, "x": x}, gradients)
    assert max(errors.values()) < 1e-7, errors
    L, without_dx = bidirectional_loss_and_gradients(x, LENGTHS, y, parameters)
    assert L == pytest.approx(loss()) and "dx" not in without_dx


def test_bidirectional_matches_torch_with_packed_sequences():
    torch = pytest.importorskip("torch")
    x, y, p = problem(2)
    a, y_pred, cache = bidirectional_forward(x, LENGTHS, p)
    ours = bidirectional_backward(cross_entropy_backward(y_pred, y), cache)

    brnn = torch.nn.RNN(N_X, N_A, nonlinearity="tanh", bidirectional=True, dtype=torch.float64)
    with torch.no_grad():
        for suffix, which in (("", "fwd"), ("_reverse", "bwd")):
            getattr(brnn, f"weight_ih_l0{suffix}").copy_(torch.from_numpy(p[f"Wax_{which}"]))
            getattr(brnn, f"weight_hh_l0{suffix}").copy_(torch.from_numpy(p[f"Waa_{which}"]))
            getattr(brnn, f"bias_ih_l0{suffix}").copy_(torch.from_numpy(p[f"ba_{which}"][:, 0]))
            getattr(brnn, f"bias_hh_l0{suffix}").zero_()
    Wya = torch.tensor(p["Wya"], requires_grad=True)
    by = torch.tensor(p["by"][:, 0], requires_grad=True)
    xt = torch.tensor(x.transpose(2, 1, 0), requires_grad=True)            # (T_x, m, n_x)
    packed = torch.nn.utils.rnn.pack_padded_sequence(xt, torch.as_tensor(LENGTHS), enforce_sorted=False)
    h, _ = torch.nn.utils.rnn.pad_packed_sequence(brnn(packed)[0], total_length=T_X)   # (T_x, m, 2 n_a)
    logits = h @ Wya.T + by
    labels = torch.as_tensor(y.T)                                           # (T_x, m)
    loss = torch.nn.functional.cross_entropy(logits.reshape(-1, N_Y), labels.reshape(-1),
                                             ignore_index=-1, reduction="sum") / M
    loss.backward()

    real = np.arange(T_X)[None, :] < LENGTHS[:, None]                       # (m, T_x)
    np.testing.assert_allclose(a.transpose(2, 1, 0)[real.T], h.detach().numpy()[real.T], atol=1e-10)
    assert loss.item() == pytest.approx(cross_entropy(y_pred, y)[0], abs=1e-10)
    for suffix, which in (("", "fwd"), ("_reverse", "bwd")):
        np.testing.assert_allclose(ours[f"dWax_{which}"], getattr(brnn, f"weight_ih_l0{suffix}").grad.numpy(), atol=1e-10)
        np.testing.assert_allclose(ours[f"dWaa_{which}"], getattr(brnn, f"weight_hh_l0{suffix}").grad.numpy(), atol=1e-10)
        np.testing.assert_allclose(ours[f"dba_{which}"][:, 0], getattr(brnn, f"bias_ih_l0{suffix}").grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(ours["dWya"], Wya.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(ours["dby"][:, 0], by.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(ours["dx"], xt.grad.numpy().transpose(2, 1, 0), atol=1e-10)


def test_bad_parameters_say_what_is_expected():
    x, _, parameters = problem()
    with pytest.raises(ValueError, match=r"Wya must have shape \(n_y, 2 n_a\) = \(3, 6\)"):
        bidirectional_forward(x, LENGTHS, {**parameters, "Wya": parameters["Wya"][:, :N_A]})
    with pytest.raises(ValueError, match="parameters is missing key"):
        bidirectional_forward(x, LENGTHS, {k: v for k, v in parameters.items() if k != "Waa_bwd"})
    with pytest.raises(ValueError, match="which must be 'fwd' or 'bwd'"):
        direction(parameters, "left")


def _rex(vocab, split):
    sentences, tags, needs_future = load_rex(split)
    indices, lengths = encode_tokens(sentences, vocab)
    y = encode_labels(tags, REX_TAGS)
    future = np.zeros(y.shape, dtype=bool)
    for i, flags in enumerate(needs_future):
        future[i, :len(flags)] = flags
    return one_hot(indices, len(vocab)), lengths, y, future


def test_bidirectional_beats_unidirectional_on_the_words_that_need_future_context():
    """The margin: on names whose clue comes later, bi >= 95% and at least 30 points above uni
    (uni cannot do better than guess there: about 50%)."""
    vocab = Vocabulary.from_corpus(load_rex("train")[0])
    x, lengths, y, _ = _rex(vocab, "train")
    x_test, lengths_test, y_test, future = _rex(vocab, "test")
    n_a = 12
    uni = rnn.initialize_parameters(2 * n_a, len(vocab), len(REX_TAGS), seed=0)   # the same state size
    train(lambda b: loss_and_gradients(x[:, b], y[b], np.zeros((2 * n_a, len(b))), uni), uni, len(y),
          n_steps=200, learning_rate=0.02, show_progress=False)
    bi = initialize_bidirectional(n_a, len(vocab), len(REX_TAGS), seed=0)
    histories = [train(lambda b: bidirectional_loss_and_gradients(x[:, b], lengths[b], y[b], bi), bi, len(y),
                       n_steps=200, learning_rate=0.02, show_progress=False)]
    uni_pred = rnn.rnn_forward(x_test, np.zeros((2 * n_a, len(lengths_test))), uni)[1].argmax(axis=0)
    bi_pred = bidirectional_predict(x_test, lengths_test, bi).argmax(axis=0)
    uni_future, bi_future = accuracy(uni_pred, y_test, future), accuracy(bi_pred, y_test, future)
    assert bi_future >= 0.95 and bi_future >= uni_future + 0.30, (uni_future, bi_future)
    assert accuracy(bi_pred, y_test) > accuracy(uni_pred, y_test)
    assert accuracy(uni_pred, y_test, ~future) > 0.97   # elsewhere the left-to-right RNN is fine

    again = initialize_bidirectional(n_a, len(vocab), len(REX_TAGS), seed=0)
    histories.append(train(lambda b: bidirectional_loss_and_gradients(x[:, b], lengths[b], y[b], again), again,
                           len(y), n_steps=200, learning_rate=0.02, show_progress=False))
    assert histories[0] == histories[1], "the same seed must give the same training run"
