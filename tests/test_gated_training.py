"""course_utils.gated_training: the three cells trained alike, the long text cut into chunks, truncated BPTT."""

import numpy as np
import pytest

from course_utils import gated, rnn
from course_utils.gated_training import (
    char_stream,
    forward,
    initialize,
    known_word_share,
    load_time_machine,
    loss_by_position,
    sample_ngram_text,
    sample_text,
    sequence_loss_and_gradients,
    state_gradient_norms,
    stream_chunks,
    text_words,
    train_truncated_bptt,
)
from course_utils.gradcheck import numerical_gradient, relative_error
from course_utils.losses import cross_entropy
from course_utils.ngram import ngram_probabilities


def test_the_text_ships_and_reads_as_one_line():
    text = load_time_machine()
    assert text.startswith("the time machine, by h. g. wells i the time traveller")
    assert "\n" not in text and "  " not in text
    chars, stream = char_stream(text)
    assert len(chars) == 38 and "".join(chars[k] for k in stream) == text


def test_chunks_continue_each_other_row_by_row():
    stream = np.arange(1000)
    chunks = stream_chunks(stream, batch_size=4, T=10)
    stretch = 999 // 4
    assert len(chunks) == stretch // 10
    for k, (x, y) in enumerate(chunks):
        assert x.shape == y.shape == (4, 10)
        np.testing.assert_array_equal(x[:, 0], np.arange(4) * stretch + 10 * k)
        np.testing.assert_array_equal(y, x + 1)   # the target is the next character
        if k:
            np.testing.assert_array_equal(x[:, 0], chunks[k - 1][0][:, -1] + 1)
    with pytest.raises(ValueError, match="too short"):
        stream_chunks(np.arange(20), batch_size=4, T=10)
    with pytest.raises(ValueError, match="T must be an int >= 1"):
        stream_chunks(stream, batch_size=4, T=0)


@pytest.mark.parametrize("model", ["rnn", "gru", "lstm"])
def test_loss_and_gradients_match_finite_differences_from_a_given_state(model):
    rng = np.random.default_rng(0)
    n_x, n_a, m, T = 3, 4, 2, 5
    p = initialize(model, n_a, n_x, n_x, seed=1)
    for key in p:
        if key.startswith("b"):
            p[key] = rng.normal(size=p[key].shape) * 0.3
    x = rng.normal(size=(n_x, m, T))
    y = rng.integers(0, n_x, size=(m, T))
    y[0, :2] = -1
    state = rng.normal(size=(n_a, m)) * 0.5
    state = (state, rng.normal(size=(n_a, m)) * 0.5) if model == "lstm" else state
    L, gradients, last = sequence_loss_and_gradients(model, x, y, p, state)
    loss = lambda: cross_entropy(forward(model, x, p, state)[1], y)[0]
    assert L == pytest.approx(loss())
    for name, theta in p.items():
        assert relative_error(gradients["d" + name], numerical_gradient(loss, theta, eps=1e-6)) < 1e-7, name
    a = forward(model, x, p, state)[0]
    np.testing.assert_allclose(last[0] if model == "lstm" else last, a[:, :, -1])


@pytest.mark.parametrize("model", ["rnn", "gru", "lstm"])
def test_state_gradient_norms_are_the_backward_pass_of_a_loss_at_the_last_step(model):
    rng = np.random.default_rng(2)
    n_x, n_a, m, T = 3, 5, 4, 8
    p = initialize(model, n_a, n_x, n_x, seed=3)
    x = rng.normal(size=(n_x, m, T))
    norms = state_gradient_norms(model, x, p, seed=4)
    g = np.random.default_rng(4).standard_normal((n_a, m))
    g /= np.linalg.norm(g)
    a, _, caches, _ = forward(model, x, p)
    for t in range(1, T):   # dL/da<t> is the da0 of the backward pass over steps t+1 .. T
        da = np.zeros((n_a, m, T - t))
        da[:, :, -1] = g
        if model == "rnn":
            grads = rnn.rnn_backward(da, (caches[0][t:], x[:, :, t:]))
            expected = grads["da0"]
        elif model == "gru":
            expected = gated.gru_backward(da, (caches[0][t:], x[:, :, t:], None))["dc0"]
        else:
            grads = gated.lstm_backward(da, (caches[0][t:], x[:, :, t:], None))
            expected = grads["da0"]
            assert norms["c"][t - 1] == pytest.approx(np.linalg.norm(grads["dc0"]))
        assert norms["a"][t - 1] == pytest.approx(np.linalg.norm(expected))
    assert norms["a"][-1] == 1.0


def test_a_carried_state_changes_every_chunk_but_the_first():
    text = load_time_machine()[:3000]
    chars, stream = char_stream(text)
    chunks = stream_chunks(stream, batch_size=4, T=16)
    runs = {}
    for carry in (True, False):
        p = initialize("lstm", 8, len(chars), len(chars), seed=0)
        runs[carry] = train_truncated_bptt("lstm", chunks, p, n_epochs=1, carry=carry, show_progress=False)["loss"]
    assert runs[True][0] == runs[False][0]
    assert runs[True][1] != runs[False][1]
    by_position = loss_by_position("lstm", chunks[:3], p, carry=False)
    assert by_position.shape == (16,)


def test_sampling_reads_the_prompt_and_checks_its_characters():
    chars, _ = char_stream("abc ")
    p = initialize("gru", 6, 4, 4, seed=0)
    out = sample_text("gru", p, chars, "ab", 10, np.random.default_rng(0))
    assert out.startswith("ab") and len(out) == 12 and set(out) <= set(chars)
    assert out == sample_text("gru", p, chars, "ab", 10, np.random.default_rng(0))
    with pytest.raises(ValueError, match="does not know"):
        sample_text("gru", p, chars, "abz", 10, np.random.default_rng(0))
    with pytest.raises(ValueError, match="model must be one of"):
        initialize("transformer", 4, 4, 4)


def test_an_ngram_sample_continues_its_contexts_oldest_character_first():
    # In "aabb" repeated, two characters decide the next one ("ab" -> "b", "ba" -> "a"), so a context read in
    # the wrong order writes another text. Temperature 0: the most likely character every time.
    chars, stream = char_stream("aabb" * 30)
    P = ngram_probabilities(stream[:-1][None], stream[1:][None], len(chars), 3, alpha=0.01)
    out = sample_ngram_text(P, 3, chars, "aab", 12, np.random.default_rng(0), temperature=0)
    assert out == "aab" + "baabbaabbaab"
    with pytest.raises(ValueError, match="at least n - 1 = 2 characters"):
        sample_ngram_text(P, 3, chars, "a", 5, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"P must have shape \(n_y, n_y\*\*\(n - 1\)\) = \(2, 8\)"):
        sample_ngram_text(P, 4, chars, "aab", 5, np.random.default_rng(0))
    with pytest.raises(ValueError, match="temperature must be a number >= 0"):
        sample_ngram_text(P, 3, chars, "aab", 5, np.random.default_rng(0), temperature=-1)


def test_known_word_share_counts_runs_of_letters():
    assert known_word_share("the tiem traveller, said: 'the'", {"the", "said", "traveller"}) == (0.8, 5)
    assert known_word_share("... 42 !", {"the"}) == (0.0, 0)
    assert text_words("the time-traveller's 2 eyes.") == ["the", "time", "traveller", "s", "eyes"]
    with pytest.raises(ValueError, match="text must be a str"):
        known_word_share(["the"], {"the"})


def test_training_goes_on_where_it_stopped_when_given_the_same_adam_state():
    chars, stream = char_stream(load_time_machine()[:3000])
    chunks = stream_chunks(stream, 4, 16)
    once = initialize("lstm", 8, len(chars), len(chars), seed=0)
    train_truncated_bptt("lstm", chunks, once, n_epochs=2, show_progress=False)
    twice, adam = initialize("lstm", 8, len(chars), len(chars), seed=0), {}
    for _ in range(2):
        train_truncated_bptt("lstm", chunks, twice, n_epochs=1, show_progress=False, adam=adam)
    fresh = initialize("lstm", 8, len(chars), len(chars), seed=0)
    for _ in range(2):
        train_truncated_bptt("lstm", chunks, fresh, n_epochs=1, show_progress=False)
    assert all(np.array_equal(once[k], twice[k]) for k in once)
    assert not all(np.array_equal(once[k], fresh[k]) for k in once)   # a fresh Adam each call is another path
