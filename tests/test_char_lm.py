"""The character-level language model of 08: the names corpus, the baselines, sampling, Adam and training."""

import re
import socket

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from course_utils.char_lm import (
    char_vocabulary,
    encode_name,
    encode_names,
    evaluate_char_lm,
    per_character_loss,
    predict,
    sample,
    sample_names,
    softmax_with_temperature,
    train_char_lm,
)
from course_utils.gradcheck import gradient_check
from course_utils.names import is_held_out, load_names, split_names
from course_utils.ngram import bigram_predictions, bigram_probabilities, unigram_predictions, unigram_probabilities
from course_utils.optim import adam_step
from course_utils.rnn import initialize_parameters
from course_utils.text import EOS, UNK, one_hot
from course_utils.training import loss_and_gradients

# The defaults of the notebook 08_char_language_model.
N_A, N_STEPS, BATCH_SIZE, LEARNING_RATE = 64, 2000, 32, 0.01
# The RNN must beat the bigram on held-out names by at least this much (nats per character).
# Measured: bigram 2.378, RNN 2.099 (a margin of 0.28).
MARGIN = 0.15


@pytest.fixture(scope="module")
def corpus():
    names = load_names()
    train, held_out = split_names(names)
    vocab = char_vocabulary(names)
    return vocab, encode_names(train, vocab), encode_names(held_out, vocab)


@pytest.fixture(scope="module")
def trained(corpus):
    vocab, (x_train, y_train), held_out = corpus
    parameters = initialize_parameters(N_A, len(vocab), len(vocab), seed=0)
    history = train_char_lm(x_train, y_train, parameters, vocab, N_STEPS, batch_size=BATCH_SIZE,
                            learning_rate=LEARNING_RATE, seed=0, held_out=held_out, log_every=500,
                            show_progress=False)
    return parameters, history


# ----------------------------------------------------------------------------- the corpus


def test_names_file_loads_offline(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("load_names must not touch the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    names = load_names()
    assert len(names) == 5163
    assert names == sorted(set(names))
    assert all(name.isascii() and name.isalpha() and name.islower() for name in names)
    assert {"mary", "james", "zoe"} <= set(names)
    assert 2 <= min(map(len, names)) and max(map(len, names)) == 11


def test_split_is_deterministic_disjoint_and_independent_of_order():
    names = load_names()
    train, held_out = split_names(names)
    assert (len(train), len(held_out)) == (4648, 515)
    assert not set(train) & set(held_out) and sorted(train + held_out) == names
    train_reversed, held_out_reversed = split_names(names[::-1])
    assert set(train_reversed) == set(train) and set(held_out_reversed) == set(held_out)
    assert is_held_out(held_out[0]) and not is_held_out(train[0])
    assert split_names(names, 0.0) == (names, []) and split_names(names, 1.0) == ([], names)
    with pytest.raises(ValueError, match="fraction must be between 0 and 1"):
        split_names(names, 1.5)


def test_vocabulary_and_the_shift_of_inputs_and_targets():
    vocab = char_vocabulary(["bob", "ann"])
    assert vocab.index_to_word == [UNK, EOS, "a", "b", "n", "o"]
    eos, a, n = 1, 2, 4
    assert encode_name("ann", vocab) == ([eos, a, n, n], [a, n, n, eos])
    assert encode_name("", vocab) == ([eos], [eos])
    x_indices, y = encode_names(["ann", "bo"], vocab)
    np.testing.assert_array_equal(x_indices, [[eos, a, n, n], [eos, 3, 5, -1]])
    np.testing.assert_array_equal(y, [[a, n, n, eos], [3, 5, eos, -1]])
    following = x_indices[:, 1:] >= 0
    np.testing.assert_array_equal(x_indices[:, 1:][following], y[:, :-1][following])  # y<t> = x<t+1>
    with pytest.raises(ValueError, match="names must be a list of str"):
        char_vocabulary("anna")


# ----------------------------------------------------------------------------- the baselines


def test_baselines_by_hand():
    # vocabulary <UNK> <EOS> a b; names "ab" and "b": pairs (prev -> next)
    # <EOS>->a, a->b, b-><EOS>, <EOS>->b, b-><EOS>
    vocab = char_vocabulary(["ab", "b"])
    x_indices, y = encode_names(["ab", "b"], vocab)
    p = unigram_probabilities(y, 4, alpha=1.0)
    np.testing.assert_allclose(p, np.array([0 + 1, 2 + 1, 1 + 1, 2 + 1]) / (5 + 4))
    P = bigram_probabilities(x_indices, y, 4, alpha=1.0)
    counts = np.ones((4, 4))
    counts[2, 1] += 1  # <EOS> -> a
    counts[3, 2] += 1  # a -> b
    counts[1, 3] += 2  # b -> <EOS>, twice
    counts[3, 1] += 1  # <EOS> -> b
    np.testing.assert_allclose(P, counts / counts.sum(axis=0))
    np.testing.assert_allclose(bigram_probabilities(x_indices, y, 4, alpha=0)[:, 1], [0, 0, 0.5, 0.5])
    y_pred = bigram_predictions(P, x_indices)
    assert y_pred.shape == (4, 2, 3) and np.all(y_pred[:, 1, 2] == 0)  # padding
    by_hand = -np.mean(np.log([P[2, 1], P[3, 2], P[1, 3], P[3, 1], P[1, 3]]))
    assert per_character_loss(y_pred, y) == pytest.approx(by_hand)
    assert per_character_loss(unigram_predictions(p, y), y) == pytest.approx(-np.mean(np.log(p[[2, 3, 1, 3, 1]])))


def test_baselines_on_held_out_names(corpus):
    vocab, (x_train, y_train), (x_held, y_held) = corpus
    n_y = len(vocab)
    unigram = per_character_loss(unigram_predictions(unigram_probabilities(y_train, n_y), y_held), y_held)
    bigram = per_character_loss(bigram_predictions(bigram_probabilities(x_train, y_train, n_y), x_held), y_held)
    assert bigram < unigram < np.log(n_y)
    assert unigram == pytest.approx(2.826, abs=1e-3) and bigram == pytest.approx(2.378, abs=1e-3)
    # without smoothing a pair never seen in training has probability 0: an (almost) infinite loss
    unsmoothed = bigram_predictions(bigram_probabilities(x_train, y_train, n_y, alpha=0), x_held)
    i, t = np.nonzero(y_held >= 0)
    assert (unsmoothed[y_held[i, t], i, t] == 0).sum() >= 3
    assert per_character_loss(unsmoothed, y_held) > bigram + 0.5


def test_baseline_errors_name_the_problem():
    with pytest.raises(ValueError, match=r"x_indices must have the shape of y"):
        bigram_probabilities(np.zeros((2, 3), int), np.zeros((2, 4), int), 5)
    with pytest.raises(ValueError, match=r"y must hold indices in \[0, n_y\) = \[0, 5\)"):
        unigram_probabilities(np.array([[7]]), 5)
    with pytest.raises(ValueError, match="alpha must be a number >= 0"):
        unigram_probabilities(np.array([[1]]), 5, alpha=-1)


# ----------------------------------------------------------------------------- the model


def test_reference_char_lm_beats_the_bigram_on_held_out_names(corpus, trained):
    vocab, (x_train, y_train), (x_held, y_held) = corpus
    parameters, history = trained
    P = bigram_probabilities(x_train, y_train, len(vocab))
    bigram = per_character_loss(bigram_predictions(P, x_held), y_held)
    rnn = evaluate_char_lm(parameters, x_held, y_held)
    assert rnn == pytest.approx(history["held_out_loss"][-1])
    assert rnn < bigram - MARGIN, f"the RNN's held-out loss {rnn:.3f} is not {MARGIN} below the bigram's {bigram:.3f}"


def test_same_seed_gives_the_same_loss(corpus):
    vocab, (x_train, y_train), held_out = corpus

    def run(seed):
        parameters = initialize_parameters(16, len(vocab), len(vocab), seed=0)
        history = train_char_lm(x_train, y_train, parameters, vocab, 60, seed=seed, held_out=held_out,
                                log_every=20, sample_every=30, n_samples=3, show_progress=False)
        return history, parameters

    (first, p1), (again, p2), (other, _) = run(3), run(3), run(4)
    assert first["loss"] == again["loss"] and first["held_out_loss"] == again["held_out_loss"]
    assert first["samples"] == again["samples"]
    for key in p1:
        np.testing.assert_array_equal(p1[key], p2[key])
    assert first["loss"] != other["loss"]


def test_char_lm_gradients_with_padding_match_finite_differences():
    vocab = char_vocabulary(["abc", "ca", "b"])
    x_indices, y = encode_names(["abc", "ca", "b"], vocab)
    n_y = len(vocab)
    parameters = initialize_parameters(5, n_y, n_y, seed=2, scale=0.5)
    x = one_hot(x_indices, n_y)
    a0 = np.zeros((5, 3))
    L, gradients = loss_and_gradients(x, y, a0, parameters)
    errors = gradient_check(lambda: loss_and_gradients(x, y, a0, parameters)[0], parameters, gradients)
    assert max(errors.values()) < 1e-7, errors
    # the loss per character of the whole batch is L * m / (number of real steps)
    assert per_character_loss(predict(parameters, x_indices), y) == pytest.approx(L * 3 / (y >= 0).sum())


# ----------------------------------------------------------------------------- sampling


def test_softmax_with_temperature():
    z = np.array([[1.0, 0.0], [2.0, 0.0], [-1.0, 3.0]])
    np.testing.assert_allclose(softmax_with_temperature(z, 0.5), np.exp(2 * z) / np.exp(2 * z).sum(axis=0))
    np.testing.assert_allclose(softmax_with_temperature(z, 0), [[0, 0], [1, 0], [0, 1]])
    np.testing.assert_allclose(softmax_with_temperature(1000 * z, 0.01).sum(axis=0), [1, 1])
    with pytest.raises(ValueError, match="temperature must be a number >= 0"):
        softmax_with_temperature(z, -1)


def entropy(p):
    return -np.sum(np.where(p > 0, p * np.log(np.maximum(p, 1e-300)), 0), axis=0)


def test_temperature_changes_the_entropy_the_right_way(corpus, trained):
    vocab, _, (x_held, y_held) = corpus
    parameters, _ = trained
    z = np.log(predict(parameters, x_held)[:, y_held >= 0])  # scores (n_y, steps), up to a constant per column
    temperatures = [0.01, 0.25, 0.5, 1.0, 2.0, 4.0, 100.0]
    entropies = [entropy(softmax_with_temperature(z, T)).mean() for T in temperatures]
    assert np.all(np.diff(entropies) > 0), entropies
    assert entropies[0] < 0.05 and entropies[-1] == pytest.approx(np.log(len(vocab)), abs=0.02)
    # what the samples show: hotter samples use more distinct letters, and are longer and stranger
    letters = {}
    for T in (0.5, 1.5):
        names = sample_names(parameters, vocab, np.random.default_rng(0), n=300, temperature=T)
        counts = np.bincount([ord(c) - ord("a") for c in "".join(names)], minlength=26) + 1e-12
        letters[T] = entropy(counts / counts.sum())
    assert letters[0.5] < letters[1.5]


def test_temperature_near_zero_is_greedy(trained):
    parameters, _ = trained
    greedy = sample(parameters, 1, np.random.default_rng(0), temperature=0)
    assert 3 <= len(greedy) < 20
    for seed in range(5):
        assert sample(parameters, 1, np.random.default_rng(seed), temperature=1e-3) == greedy
    assert len({tuple(sample(parameters, 1, np.random.default_rng(s), temperature=1.0)) for s in range(5)}) > 1


def test_sample_draws_from_the_softmax_and_stops_at_eos():
    n_y, eos = 4, 1
    parameters = initialize_parameters(3, n_y, n_y, seed=5)
    parameters["by"] = np.array([[-9.0], [0.5], [1.0], [0.0]])
    a1 = np.tanh(parameters["Wax"][:, [eos]] + parameters["ba"])
    rng = np.random.default_rng(1)
    for T in (0.7, 2.0):
        p = softmax_with_temperature(parameters["Wya"] @ a1 + parameters["by"], T)[:, 0]
        firsts = [(sample(parameters, eos, rng, T, max_length=1) or [eos])[0] for _ in range(4000)]
        np.testing.assert_allclose(np.bincount(firsts, minlength=n_y) / 4000, p, atol=0.03)
    names = [sample(parameters, eos, np.random.default_rng(s), 1.0, max_length=6) for s in range(50)]
    assert all(eos not in name and len(name) <= 6 for name in names)
    assert any(len(name) < 6 for name in names)
    assert sample(parameters, eos, rng, max_length=0) == []
    with pytest.raises(ValueError, match="rng must be a np.random.Generator"):
        sample(parameters, eos, 0)
    bad = dict(parameters, Wax=np.zeros((3, 5)))
    with pytest.raises(ValueError, match=r"Wax must have shape \(n_a, n_x = n_y\) = \(3, 4\)"):
        sample(bad, eos, rng)


# ----------------------------------------------------------------------------- Adam


def test_adam_by_hand():
    theta = {"w": np.array([1.0, -2.0])}
    g1, g2 = np.array([0.5, -4.0]), np.array([1.0, 2.0])
    state = {}
    adam_step(theta, {"dw": g1}, state, learning_rate=0.1, epsilon=0)
    np.testing.assert_allclose(theta["w"], [1.0 - 0.1, -2.0 + 0.1])  # first step: lr * sign(g)
    adam_step(theta, {"dw": g2}, state, learning_rate=0.1, epsilon=0)
    m = (0.9 * 0.1 * g1 + 0.1 * g2) / (1 - 0.9**2)
    v = (0.999 * 0.001 * g1**2 + 0.001 * g2**2) / (1 - 0.999**2)
    np.testing.assert_allclose(theta["w"], [0.9, -1.9] - 0.1 * m / np.sqrt(v))
    assert state["t"] == 2
    with pytest.raises(ValueError, match="gradients has no 'dw'"):
        adam_step(theta, {"dv": g1}, state)


# ----------------------------------------------------------------------------- one BLAS thread, the progress bar


def test_training_runs_on_one_blas_thread_shows_its_losses_and_gives_the_setting_back(corpus, monkeypatch, capsys):
    import course_utils.char_lm as char_lm

    vocab, (x_train, y_train), (x_held, y_held) = corpus
    seen = []

    def counted(*args, **kwargs):
        seen.append([i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"])
        return loss_and_gradients(*args, **kwargs)

    monkeypatch.setattr(char_lm, "loss_and_gradients", counted)
    parameters = initialize_parameters(8, len(vocab), len(vocab), seed=0)
    with threadpool_limits(limits=2, user_api="blas"):
        before = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
        train_char_lm(x_train, y_train, parameters, vocab, 4, held_out=(x_held[:20], y_held[:20]), log_every=2,
                      sample_every=4, n_samples=2)
        assert [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"] == before
    if before:  # threadpoolctl found numpy's BLAS
        assert seen == [[1] * len(before)] * 4
    out, err = capsys.readouterr()
    assert re.fullmatch(r"step     4: \S+, \S+\n", out), out  # the samples, on stdout above the bar
    final = err.rstrip("\n").rsplit("\r", 1)[-1]
    assert re.fullmatch(r"training: 100%\|.+\| 4/4 \[.*, loss \d+\.\d{3}, held-out \d+\.\d{3}\]", final), repr(err)


def test_ngram_of_order_2_is_the_bigram_and_of_order_1_the_unigram():
    from course_utils.ngram import ngram_predictions, ngram_probabilities

    vocab = char_vocabulary(["abc", "cab", "bacca"])
    x, y = encode_names(["abc", "cab", "bacca", "ab"], vocab)
    n_y = len(vocab)
    np.testing.assert_allclose(ngram_probabilities(x, y, n_y, 2, 0.5), bigram_probabilities(x, y, n_y, 0.5))
    np.testing.assert_allclose(ngram_probabilities(x, y, n_y, 1, 0.5)[:, 0], unigram_probabilities(y, n_y, 0.5))
    np.testing.assert_allclose(ngram_predictions(bigram_probabilities(x, y, n_y, 0.5), x, 2),
                               bigram_predictions(bigram_probabilities(x, y, n_y, 0.5), x))


def test_trigram_counts_by_hand():
    from course_utils.ngram import ngram_contexts, ngram_predictions, ngram_probabilities

    vocab = char_vocabulary(["ab"])  # <UNK>=0, <EOS>=1, a=2, b=3
    x, y = encode_names(["ab", "aab"], vocab)  # x: <EOS> a b / <EOS> a a ; y: a b <EOS> / a a b, <EOS>
    contexts = ngram_contexts(x, 3, 4)
    E, a, b = 1, 2, 3
    # the context of a step: (x<t-1>, x<t>) as x<t-1> * 4 + x<t>; before the start, <EOS> again
    assert contexts[0, :3].tolist() == [E * 4 + E, E * 4 + a, a * 4 + b]
    assert contexts[1].tolist() == [E * 4 + E, E * 4 + a, a * 4 + a, a * 4 + b]
    P = ngram_probabilities(x, y, 4, 3, alpha=0.0)
    assert P[a, E * 4 + E] == 1.0  # both names start with a
    np.testing.assert_allclose(P[[a, b], E * 4 + a], [0.5, 0.5])  # after <EOS> a: a once, b once
    assert P[E, a * 4 + b] == 1.0 and P[:, 0].sum() == 0  # a context never seen, alpha 0: no probability
    assert np.allclose(ngram_probabilities(x, y, 4, 3, alpha=1.0).sum(axis=0), 1)
    y_pred = ngram_predictions(P, x, 3)
    assert y_pred.shape == (4, 2, 4) and np.all(y_pred[:, 0, 3] == 0)  # padding
    with pytest.raises(ValueError, match="too many"):
        ngram_probabilities(x, y, 28, 6)
