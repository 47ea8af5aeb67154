"""course_utils.rnn_types: many-to-one, one-to-many sampling and the encoder-decoder.

Checked by finite differences (every parameter, the inputs, with padding), against torch, by hand,
and by behaviour (they learn their tasks).
"""

import numpy as np
import pytest

from course_utils import rnn
from course_utils.baselines import accuracy
from course_utils.datasets import encode_tokens, load_number_words, load_sentiment
from course_utils.gradcheck import gradient_check
from course_utils.losses import cross_entropy, cross_entropy_backward
from course_utils.rnn_types import (
    decoder_inputs,
    decoder_view,
    encoder_decoder_backward,
    encoder_decoder_forward,
    encoder_decoder_loss_and_gradients,
    greedy_decode,
    initialize_encoder_decoder,
    last_states,
    many_to_one_backward,
    many_to_one_forward,
    many_to_one_loss,
    many_to_one_loss_and_gradients,
    many_to_one_predict,
    rnn_states,
    sample_sequence,
)
from course_utils.text import EOS, Vocabulary, one_hot
from course_utils.training import train

N_X, N_A, N_Y, M, T_X = 4, 5, 3, 4, 6
LENGTHS = np.array([6, 3, 1, 5])


def many_to_one_problem(seed=0):
    rng = np.random.default_rng(seed)
    parameters = rnn.initialize_parameters(N_A, N_X, N_Y, seed=seed, scale=0.6)
    parameters["ba"] = rng.normal(size=(N_A, 1)) * 0.3
    parameters["by"] = rng.normal(size=(N_Y, 1)) * 0.3
    x = rng.normal(size=(N_X, M, T_X))
    a0 = rng.normal(size=(N_A, M)) * 0.3
    y = rng.integers(0, N_Y, size=M)
    return x, a0, y, parameters


# ----------------------------------------------------------------------------- shared pieces


def test_last_states_picks_each_sequences_own_last_step():
    a = np.arange(2 * 3 * 4, dtype=float).reshape(2, 3, 4)
    np.testing.assert_array_equal(last_states(a, np.array([4, 1, 2])), a[:, [0, 1, 2], [3, 0, 1]])
    with pytest.raises(ValueError, match="lengths must be between 1 and T_x = 4"):
        last_states(a, np.array([5, 1, 1]))
    with pytest.raises(ValueError, match="lengths must be an int array"):
        last_states(a, np.array([4.0, 1.0, 2.0]))
    with pytest.raises(ValueError, match=r"lengths must have shape \(m\) = \(3,\)"):
        last_states(a, np.array([4, 1]))


def test_rnn_states_are_rnn_forwards_states_and_need_no_output_layer():
    x, a0, _, parameters = many_to_one_problem()
    a, caches = rnn_states(x, a0, {k: parameters[k] for k in ("Waa", "Wax", "ba")})
    np.testing.assert_array_equal(a, rnn.rnn_forward(x, a0, parameters)[0])
    gradients = rnn.rnn_backward(np.ones_like(a), caches)
    np.testing.assert_allclose(gradients["dWaa"], rnn.rnn_backward(np.ones_like(a), rnn.rnn_forward(x, a0, parameters)[2])["dWaa"])
    with pytest.raises(ValueError, match="parameters is missing key"):
        rnn_states(x, a0, {"Waa": parameters["Waa"]})


# ----------------------------------------------------------------------------- many-to-one


def test_many_to_one_forward_reads_the_last_real_step_only():
    x, a0, y, parameters = many_to_one_problem()
    y_hat, _ = many_to_one_forward(x, LENGTHS, a0, parameters)
    assert y_hat.shape == (N_Y, M)
    for i, length in enumerate(LENGTHS):
        _, y_pred, _ = rnn.rnn_forward(x[:, i:i + 1, :length], a0[:, i:i + 1], parameters)
        np.testing.assert_allclose(y_hat[:, i], y_pred[:, 0, -1], rtol=1e-12)
    # what comes after a sequence's end changes nothing
    x_changed = x.copy()
    x_changed[:, 1, 3:] = 100.0
    np.testing.assert_array_equal(many_to_one_forward(x_changed, LENGTHS, a0, parameters)[0][:, 1], y_hat[:, 1])
    assert many_to_one_loss(y_hat, y) == pytest.approx(-np.mean(np.log(y_hat[y, np.arange(M)])))


def test_many_to_one_gradients_match_finite_differences_with_padding():
    x, a0, y, parameters = many_to_one_problem(1)

    def loss():
        return many_to_one_loss(many_to_one_forward(x, LENGTHS, a0, parameters)[0], y)

    y_hat, cache = many_to_one_forward(x, LENGTHS, a0, parameters)
    gradients = many_to_one_backward(y_hat, y, cache)
    errors = gradient_check(loss, {**parameters, "x": x, "a0": a0}, gradients)
    assert max(errors.values()) < 1e-7, errors
    # the gradient enters at the last step only: nothing reaches the padding
    assert np.all(gradients["dx"][:, 1, 3:] == 0) and np.all(gradients["dx"][:, 2, 1:] == 0)


def test_many_to_one_matches_torch():
    torch = pytest.importorskip("torch")
    x, a0, y, p = many_to_one_problem(2)
    y_hat, cache = many_to_one_forward(x, LENGTHS, a0, p)
    ours = many_to_one_backward(y_hat, y, cache)

    t = {k: torch.tensor(v, requires_grad=True) for k, v in p.items()}
    xt = torch.tensor(x, requires_grad=True)
    a = torch.tensor(a0)
    states = []
    for step in range(T_X):
        a = torch.tanh(t["Waa"] @ a + t["Wax"] @ xt[:, :, step] + t["ba"])
        states.append(a)
    last = torch.stack(states, dim=2)[:, torch.arange(M), torch.as_tensor(LENGTHS - 1)]
    logits = t["Wya"] @ last + t["by"]
    loss = torch.nn.functional.cross_entropy(logits.T, torch.as_tensor(y))
    loss.backward()
    np.testing.assert_allclose(torch.softmax(logits, dim=0).detach().numpy(), y_hat, atol=1e-12)
    assert loss.item() == pytest.approx(many_to_one_loss(y_hat, y), abs=1e-12)
    for key in p:
        np.testing.assert_allclose(ours["d" + key], t[key].grad.numpy(), atol=1e-10, err_msg=key)
    np.testing.assert_allclose(ours["dx"], xt.grad.numpy(), atol=1e-10)


def test_many_to_one_rejects_bad_labels():
    x, a0, y, parameters = many_to_one_problem()
    y_hat, cache = many_to_one_forward(x, LENGTHS, a0, parameters)
    with pytest.raises(ValueError, match=r"y must hold labels in \[0, n_y\) = \[0, 3\)"):
        many_to_one_backward(y_hat, np.array([0, 1, 2, 3]), cache)
    with pytest.raises(ValueError, match=r"y must be an int array of labels with shape \(m,\)"):
        many_to_one_loss(y_hat, y[:, None])


def _sentiment_batches(vocab, split):
    sentences, labels = load_sentiment(split)
    indices, lengths = encode_tokens(sentences, vocab)
    return one_hot(indices, len(vocab)), lengths, labels


def test_many_to_one_learns_word_order_and_training_is_deterministic():
    vocab = Vocabulary.from_corpus(load_sentiment("train")[0])
    x, lengths, y = _sentiment_batches(vocab, "train")
    histories, scores = [], []
    for _ in range(2):
        parameters = rnn.initialize_parameters(16, len(vocab), 2, seed=0)
        histories.append(train(lambda b: many_to_one_loss_and_gradients(x[:, b], lengths[b], y[b], parameters),
                               parameters, len(y), n_steps=250, learning_rate=0.02, show_progress=False))
        x_order, lengths_order, y_order = _sentiment_batches(vocab, "order")
        scores.append(accuracy(many_to_one_predict(x_order, lengths_order, parameters).argmax(axis=0), y_order))
    assert histories[0] == histories[1]
    assert scores[0] > 0.9, f"the many-to-one RNN gets {scores[0]:.0%} of the mirror pairs (a bag of words: 50%)"


# ----------------------------------------------------------------------------- one-to-many


def shift_model(n, strength=20.0):
    """A model whose next output is (input + 1) mod n: only right if the output is fed back."""
    shift = np.roll(np.eye(n), 1, axis=0)   # shift @ one_hot(k) = one_hot(k + 1)
    return {"Waa": np.zeros((n, n)), "Wax": np.eye(n) * strength, "ba": np.zeros((n, 1)),
            "Wya": shift * strength, "by": np.zeros((n, 1))}


def test_sample_sequence_feeds_each_output_back_in():
    n = 5
    first = np.eye(n)[:, [0, 3, 4]]
    indices = sample_sequence(first, shift_model(n), T_y=6)
    np.testing.assert_array_equal(indices, (np.array([0, 3, 4])[:, None] + np.arange(1, 7)) % n)
    sampled = sample_sequence(first, shift_model(n), T_y=6, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(sampled, indices)   # a near-certain model samples the same


def test_sample_sequence_greedy_and_sampled_match_a_step_by_step_loop():
    parameters = rnn.initialize_parameters(6, 4, 4, seed=3, scale=1.0)
    first = np.eye(4)[:, [2, 0, 1]]
    rng = np.random.default_rng(7)
    ours = sample_sequence(first, parameters, T_y=8, rng=np.random.default_rng(7))
    a, xt, expected = np.zeros((6, 3)), first, []
    for _ in range(8):
        a, yt, _ = rnn.rnn_cell_forward(xt, a, parameters)
        u = rng.random(3)
        k = (np.cumsum(yt, axis=0) <= u).sum(axis=0)
        expected.append(k)
        xt = np.eye(4)[:, k]
    np.testing.assert_array_equal(ours, np.stack(expected, axis=1))
    np.testing.assert_array_equal(ours, sample_sequence(first, parameters, 8, rng=np.random.default_rng(7)))
    assert not np.array_equal(ours, sample_sequence(first, parameters, 8, rng=np.random.default_rng(8)))


def test_sample_sequence_rejects_inputs_that_cannot_be_fed_back():
    parameters = rnn.initialize_parameters(6, 4, 3, seed=0)
    with pytest.raises(ValueError, match="n_x = n_y"):
        sample_sequence(np.zeros((4, 2)), parameters, 3)
    with pytest.raises(ValueError, match="T_y must be an int >= 1"):
        sample_sequence(np.zeros((3, 2)), rnn.initialize_parameters(6, 3, 3), 0)


# ----------------------------------------------------------------------------- encoder-decoder


def encoder_decoder_problem(seed=0):
    rng = np.random.default_rng(seed)
    parameters = initialize_encoder_decoder(N_A, N_X, N_Y, seed=seed)
    for key in ("ba", "bb", "by"):
        parameters[key] = rng.normal(size=parameters[key].shape) * 0.3
    x = rng.normal(size=(N_X, M, T_X))
    y = rng.integers(0, N_Y, size=(M, 3))
    y[1, 1:] = -1   # a target of one step
    return x, y, parameters


def test_encoder_decoder_hands_each_sequences_last_state_to_the_decoder():
    x, y, parameters = encoder_decoder_problem()
    x_dec = decoder_inputs(y, 0, N_Y)
    y_pred, cache = encoder_decoder_forward(x, LENGTHS, x_dec, parameters)
    a, _ = rnn_states(x, np.zeros((N_A, M)), parameters)
    _, expected, _ = rnn.rnn_forward(x_dec, a[:, np.arange(M), LENGTHS - 1], decoder_view(parameters))
    np.testing.assert_allclose(y_pred, expected, rtol=1e-12)
    np.testing.assert_array_equal(x_dec[:, :, 0], np.eye(N_Y)[:, [0] * M])
    np.testing.assert_array_equal(x_dec[:, 0, 1:], np.eye(N_Y)[:, y[0, :2]])
    assert not x_dec[:, 1, 2].any()   # y[1, 1] is padding, so nothing is fed in after it


def test_encoder_decoder_gradients_match_finite_differences_with_padding():
    x, y, parameters = encoder_decoder_problem(1)
    x_dec = decoder_inputs(y, 2, N_Y)

    def loss():
        return cross_entropy(encoder_decoder_forward(x, LENGTHS, x_dec, parameters)[0], y)[0]

    y_pred, cache = encoder_decoder_forward(x, LENGTHS, x_dec, parameters)
    gradients = encoder_decoder_backward(cross_entropy_backward(y_pred, y), cache)
    errors = gradient_check(loss, {**parameters, "x": x}, gradients)
    assert max(errors.values()) < 1e-7, errors
    assert np.abs(gradients["dWaa"]).max() > 1e-3, "no gradient reached the encoder"
    assert np.all(gradients["dx"][:, 2, 1:] == 0)   # the padding after a 1-word source gets nothing
    L, without_dx = encoder_decoder_loss_and_gradients(x, LENGTHS, y, parameters, start=2)
    assert L == pytest.approx(loss()) and "dx" not in without_dx


def test_greedy_decode_feeds_its_own_output_and_stops_at_the_end_symbol():
    x, _, parameters = encoder_decoder_problem(2)
    parameters["Wyb"] = parameters["Wyb"] * 3
    out = greedy_decode(x, LENGTHS, parameters, start=0, end=1, max_length=7)
    assert out.shape == (M, 7)
    b = rnn_states(x, np.zeros((N_A, M)), parameters)[0][:, np.arange(M), LENGTHS - 1]
    decoder = decoder_view(parameters)
    for i in range(M):
        bt, xt, expected = b[:, i:i + 1], np.eye(N_Y)[:, [0]], []
        for _ in range(7):
            bt, yt, _ = rnn.rnn_cell_forward(xt, bt, decoder)
            k = int(yt.argmax())
            if k == 1:
                break
            expected.append(k)
            xt = np.eye(N_Y)[:, [k]]
        np.testing.assert_array_equal(out[i], expected + [-1] * (7 - len(expected)))


def _numbers(vocab_in, digits, split):
    sources, targets = load_number_words(split)
    indices, lengths = encode_tokens(sources, vocab_in)
    eos = digits.word_to_index[EOS]
    y = np.full((len(targets), 4), -1)
    for i, target in enumerate(targets):
        y[i, :len(target) + 1] = [digits.index(c) for c in target] + [eos]
    return one_hot(indices, len(vocab_in)), lengths, y


def test_the_encoder_decoder_learns_to_write_numbers_in_digits():
    vocab_in = Vocabulary.from_corpus(load_number_words("train")[0])
    digits = Vocabulary(list("0123456789"))
    eos = digits.word_to_index[EOS]
    x, lengths, y = _numbers(vocab_in, digits, "train")
    parameters = initialize_encoder_decoder(32, len(vocab_in), len(digits), seed=0)
    train(lambda b: encoder_decoder_loss_and_gradients(x[:, b], lengths[b], y[b], parameters, start=eos),
          parameters, len(lengths), n_steps=400, learning_rate=0.02, batch_size=64, show_progress=False)
    x_test, lengths_test, y_test = _numbers(vocab_in, digits, "test")
    out = greedy_decode(x_test, lengths_test, parameters, start=eos, end=eos, max_length=4)
    exact = np.mean((out == np.where(y_test == eos, -1, y_test)).all(axis=1))
    assert exact > 0.8, f"exact match on held-out numbers {exact:.0%}"
