"""course_utils.attention, decoding and bleu: the reference answers of 10_attention_and_decoding.

Outside witnesses: finite differences (every weight, the queries and the states attended to, with
padding), PyTorch's scaled_dot_product_attention (float64, the same computation), an exhaustive search
over every output sequence (beam search), and NLTK's corpus_bleu (BLEU; a test-only dependency).
"""

import itertools

import numpy as np
import pytest

from course_utils.attention import (
    additive_scores,
    attention_backward,
    attention_decoder_backward,
    attention_decoder_forward,
    attention_forward,
    attention_greedy_decode,
    attention_loss_and_gradients,
    attention_model_forward,
    attention_step_function,
    initialize_attention_model,
    padding_mask,
    self_attention,
)
from course_utils.bleu import brevity_penalty, corpus_bleu, modified_precisions
from course_utils.datasets import load_spoken_digits
from course_utils.decoding import beam_search, greedy_search, normalised_score, strip_end
from course_utils.gradcheck import gradient_check
from course_utils.losses import cross_entropy, cross_entropy_backward
from course_utils.rnn_types import decoder_inputs

N_X, N_A, N_Y, M, T_X, T_Y = 4, 5, 3, 3, 5, 4
LENGTHS = np.array([5, 2, 3])


def attention_problem(seed=0, T_q=3):
    rng = np.random.default_rng(seed)
    s = rng.normal(size=(N_A, M, T_q))
    a = rng.normal(size=(N_A, M, T_X))
    return s, a, padding_mask(LENGTHS, T_X), rng.normal(size=(N_A, M, T_q))


# ----------------------------------------------------------------------------- the attention step


def test_attention_weights_sum_to_one_over_the_real_inputs():
    s, a, mask, _ = attention_problem()
    context, alphas, _ = attention_forward(s, a, mask)
    assert context.shape == (N_A, M, 3) and alphas.shape == (M, 3, T_X)
    np.testing.assert_allclose(alphas.sum(axis=2), 1.0)
    assert np.all(alphas[~np.broadcast_to(mask[:, None, :], alphas.shape)] == 0)
    # by hand, one example, one query
    e = a[:, 1, :2].T @ s[:, 1, 0] / np.sqrt(N_A)
    w = np.exp(e) / np.exp(e).sum()
    np.testing.assert_allclose(alphas[1, 0, :2], w)
    np.testing.assert_allclose(context[:, 1, 0], a[:, 1, :2] @ w)


def test_padding_values_do_not_matter():
    s, a, mask, _ = attention_problem(1)
    changed = a.copy()
    changed[:, 1, 2:] = 100.0
    np.testing.assert_allclose(attention_forward(s, a, mask)[0], attention_forward(s, changed, mask)[0])


def test_attention_backward_matches_finite_differences():
    s, a, mask, weights = attention_problem(2)
    _, _, cache = attention_forward(s, a, mask)
    ds, da = attention_backward(weights, cache)

    def loss():
        return float((attention_forward(s, a, mask)[0] * weights).sum())

    errors = gradient_check(loss, {"s": s, "a": a}, {"ds": ds, "da": da})
    assert max(errors.values()) < 1e-7, errors
    assert np.all(da[:, 1, 2:] == 0)   # padding gets no gradient


@pytest.mark.torch
def test_attention_matches_torch_scaled_dot_product_attention():
    torch = pytest.importorskip("torch")
    s, a, mask, weights = attention_problem(3, T_q=4)
    context, alphas, cache = attention_forward(s, a, mask)
    # torch's layout: query (m, T_q, n_a), key = value (m, T_x, n_a), attn_mask bool (m, T_q, T_x), True = attend
    q = torch.tensor(s.transpose(1, 2, 0), dtype=torch.float64, requires_grad=True)
    k = torch.tensor(a.transpose(1, 2, 0), dtype=torch.float64, requires_grad=True)
    out = torch.nn.functional.scaled_dot_product_attention(
        q, k, k, attn_mask=torch.tensor(np.broadcast_to(mask[:, None, :], (M, 4, T_X)).copy()))
    np.testing.assert_allclose(context, out.detach().numpy().transpose(2, 0, 1), rtol=1e-12, atol=1e-12)
    (out * torch.tensor(weights.transpose(1, 2, 0))).sum().backward()
    ds, da = attention_backward(weights, cache)
    np.testing.assert_allclose(ds, q.grad.numpy().transpose(2, 0, 1), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(da, k.grad.numpy().transpose(2, 0, 1), rtol=1e-10, atol=1e-12)


def test_bad_inputs_say_what_was_expected():
    s, a, mask, _ = attention_problem()
    with pytest.raises(ValueError, match=r"s must have shape \(n_a, m, T_q\) = \(5, 3, T_q\)"):
        attention_forward(s[:, :2], a, mask)
    with pytest.raises(ValueError, match=r"mask must be a bool array"):
        attention_forward(s, a, mask.astype(float))
    with pytest.raises(ValueError, match=r"mask must have shape \(m, T_x\) = \(3, 5\)"):
        attention_forward(s, a, mask[:, :4])
    with pytest.raises(ValueError, match="all False"):
        attention_forward(s, a, np.zeros_like(mask))
    with pytest.raises(ValueError, match="cache must be the tuple"):
        attention_backward(s, (s, a))


def test_self_attention_and_additive_scores():
    s, a, mask, _ = attention_problem(4)
    context, alphas = self_attention(a, mask)
    assert context.shape == a.shape and alphas.shape == (M, T_X, T_X)
    rng = np.random.default_rng(0)
    P = {"Ws": rng.normal(size=(6, N_A)), "Wk": rng.normal(size=(6, N_A)), "v": rng.normal(size=(6, 1))}
    e = additive_scores(s, a, P)
    assert e.shape == (M, 3, T_X)
    np.testing.assert_allclose(e[2, 1, 4], P["v"][:, 0] @ np.tanh(P["Ws"] @ s[:, 2, 1] + P["Wk"] @ a[:, 2, 4]))


# ----------------------------------------------------------------------------- the attention decoder and model


def model_problem(seed=0):
    rng = np.random.default_rng(seed)
    P = initialize_attention_model(N_A, N_X, N_Y, seed=seed)
    for key in P:
        P[key] = P[key] + rng.normal(size=P[key].shape) * 0.3
    x = rng.normal(size=(N_X, M, T_X)) * (np.arange(T_X) < LENGTHS[:, None])
    y = rng.integers(0, N_Y, size=(M, T_Y))
    y[1, 2:] = -1
    return x, y, P


def test_attention_model_gradients_match_finite_differences():
    x, y, P = model_problem()
    _, gradients = attention_loss_and_gradients(x, LENGTHS, y, P, start=0)

    def loss():
        return cross_entropy(attention_model_forward(x, LENGTHS, decoder_inputs(y, 0, N_Y), P)[0], y)[0]

    errors = gradient_check(loss, P, gradients)
    assert set(errors) == set(P) and max(errors.values()) < 1e-7, errors


def test_attention_decoder_gradient_of_the_encoder_states():
    rng = np.random.default_rng(5)
    _, y, P = model_problem(1)
    a = rng.normal(size=(N_A, M, T_X))
    x_dec = decoder_inputs(y, 0, N_Y)
    y_pred, alphas, cache = attention_decoder_forward(x_dec, a, LENGTHS, P)
    gradients = attention_decoder_backward(cross_entropy_backward(y_pred, y), cache)
    assert alphas.shape == (M, T_Y, T_X)

    def loss():
        return cross_entropy(attention_decoder_forward(x_dec, a, LENGTHS, P)[0], y)[0]

    assert gradient_check(loss, {"a": a}, {"da": gradients["da"]})["a"] < 1e-7


def test_greedy_decode_agrees_with_the_step_function_and_greedy_search():
    x, _, P = model_problem(2)
    indices, alphas = attention_greedy_decode(x, LENGTHS, P, start=0, end=1, max_length=6)
    for i in range(M):
        step, state = attention_step_function(x[:, i:i + 1, :LENGTHS[i]], int(LENGTHS[i]), P)
        tokens, _ = greedy_search(step, state, 0, 1, 6)
        assert strip_end(tokens, 1) == [k for k in indices[i] if k >= 0]
        assert beam_search(step, state, 0, 1, k=1, max_length=6)[0][0] == tokens   # k = 1 is greedy
    np.testing.assert_allclose(alphas.sum(axis=2)[indices >= 0], 1.0)


# ----------------------------------------------------------------------------- beam search


def table_step(log_table):
    """A decoder whose next token depends on the last token only: log_table (n_y, n_y), column = last token."""
    def step(tokens, states):
        return log_table[:, tokens], states
    return step


def exhaustive(log_table, start, end, max_length, alpha):
    """The best sequence by normalised score among ALL sequences (ending at <EOS>, or cut at max_length)."""
    n_y, best = log_table.shape[0], None
    for length in range(1, max_length + 1):
        for tokens in itertools.product(range(n_y), repeat=length):
            if end in tokens[:-1] or (length < max_length and tokens[-1] != end):
                continue
            score = sum(log_table[t, p] for p, t in zip((start,) + tokens[:-1], tokens))
            if best is None or normalised_score(tokens, score, alpha) > normalised_score(best[0], best[1], alpha):
                best = (list(tokens), score)
    return best


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("alpha", [0.0, 1.0])
def test_a_beam_wide_enough_is_exhaustive_search(seed, alpha):
    rng = np.random.default_rng(seed)
    log_table = np.log(rng.dirichlet(np.ones(3) * 0.7, size=3).T)
    tokens, score = exhaustive(log_table, 0, 0, 4, alpha)
    found = beam_search(table_step(log_table), np.zeros(1), 0, 0, k=81, max_length=4, alpha=alpha)
    assert found[0][0] == tokens and abs(found[0][1] - score) < 1e-12


def test_beam_beats_greedy_where_the_first_token_misleads():
    # from the start: "1" (0.6) or "2" (0.4); after 1 every token is as likely (0.25); after 2, <EOS> at 0.9
    p = np.array([[1.0, 0.25, 0.9, 0.0],       # column = the last token (3 is the start symbol)
                  [0.0, 0.25, 0.05, 0.6],
                  [0.0, 0.25, 0.05, 0.4],
                  [0.0, 0.25, 0.0, 0.0]])
    with np.errstate(divide="ignore"):
        step = table_step(np.log(p))
    greedy, _ = greedy_search(step, np.zeros(1), 3, 0, 5)
    assert greedy == [1, 0]
    best = beam_search(step, np.zeros(1), 3, 0, k=2, max_length=5, alpha=0.0)
    assert [h[0] for h in best] == [[2, 0], [1, 0]]
    np.testing.assert_allclose([h[1] for h in best], [np.log(0.4 * 0.9), np.log(0.6 * 0.25)])


def test_length_normalisation_and_finished_hypotheses():
    p = np.array([[1.0, 0.3, 1.0, 0.45],      # column = the last token; from the start, <EOS> at 0.45
                  [0.0, 0.7, 0.0, 0.55],      # or a long output of likely tokens
                  [0.0, 0.0, 0.0, 0.0],
                  [0.0, 0.0, 0.0, 0.0]])
    with np.errstate(divide="ignore"):
        step = table_step(np.log(p))
    short = beam_search(step, np.zeros(1), 3, 0, k=2, max_length=6, alpha=0.0)
    normalised = beam_search(step, np.zeros(1), 3, 0, k=2, max_length=6, alpha=1.0)
    assert short[0][0] == [0] and len(normalised[0][0]) > 1
    for tokens, _ in normalised:   # finished hypotheses stop at their <EOS>
        assert tokens.count(0) <= 1 and (0 not in tokens or tokens[-1] == 0)


def test_beam_search_errors():
    step = table_step(np.log(np.full((3, 3), 1 / 3)))
    with pytest.raises(ValueError, match="k must be an int >= 1"):
        beam_search(step, np.zeros(1), 0, 0, k=0, max_length=3)
    with pytest.raises(ValueError, match=r"state must be a 1-D array"):
        beam_search(step, np.zeros((1, 1)), 0, 0, k=2, max_length=3)
    with pytest.raises(ValueError, match=r"step must return log_probs of shape \(n_y, k\)"):
        beam_search(lambda tokens, states: (np.zeros(3), states), np.zeros(1), 0, 0, k=2, max_length=3)


# ----------------------------------------------------------------------------- BLEU


def corpus(seed):
    rng = np.random.default_rng(seed)
    references, hypotheses = [], []
    for _ in range(20):
        reference = list(rng.integers(0, 4, size=rng.integers(6, 12)).astype(str))
        hypothesis = [t if rng.random() < 0.8 else str(rng.integers(0, 4)) for t in reference]
        hypothesis = hypothesis[:len(hypothesis) - int(rng.integers(0, 3))] + ["7"] * int(rng.integers(0, 2))
        references.append(reference)
        hypotheses.append(hypothesis)
    return references, hypotheses


@pytest.mark.parametrize("seed", range(8))
def test_bleu_matches_nltk(seed):
    # Every hypothesis has at least 4 tokens: for a shorter one NLTK counts max(1, 0) 4-grams in the
    # denominator of p_4 where Papineni et al. (and course_utils.bleu) count 0.
    bleu_score = pytest.importorskip("nltk.translate.bleu_score")
    references, hypotheses = corpus(seed)
    expected = bleu_score.corpus_bleu([[r] for r in references], hypotheses)
    assert abs(corpus_bleu(references, hypotheses) - expected) < 1e-12


def test_bleu_clips_and_penalises_brevity():
    matches, totals = modified_precisions([list("71")], [list("7777")], max_n=1)
    assert (matches[0], totals[0]) == (1, 4)
    assert brevity_penalty(10, 5) == pytest.approx(np.exp(-1)) and brevity_penalty(5, 10) == 1.0
    assert corpus_bleu([list("12345")], [list("12345")]) == 1.0
    assert corpus_bleu([list("12345")], [list("1234")]) == pytest.approx(np.exp(1 - 5 / 4))
    assert corpus_bleu([list("123")], [list("456")]) == 0.0
    with pytest.raises(ValueError, match="one reference per hypothesis"):
        corpus_bleu([list("1")], [list("1"), list("2")])
    with pytest.raises(ValueError, match=r"hypotheses\[0\] must be a list of tokens"):
        corpus_bleu([list("1")], ["1"])


# ----------------------------------------------------------------------------- the data


def test_spoken_digits():
    sources, targets = load_spoken_digits("train")
    test_sources, test_targets = load_spoken_digits("test")
    assert len(sources) == 3000 and len(test_sources) == 240
    assert not set(sources) & set(test_sources)
    assert load_spoken_digits("train") == (sources, targets)
    for words, digits in zip(sources + test_sources, targets + test_targets):
        assert len(words.split()) == len(digits)
        if "double" in words:
            i = words.split().index("double")
            assert digits[i] == digits[i + 1]


def test_bleu_and_nltk_differ_only_on_hypotheses_shorter_than_max_n():
    bleu_score = pytest.importorskip("nltk.translate.bleu_score")
    references = hypotheses = [list("123"), list("45678")]       # both outputs exact
    assert corpus_bleu(references, hypotheses) == 1.0
    # NLTK counts max(1, 0) = 1 four-gram for the 3-token output: p_4 = 2 / 3
    assert bleu_score.corpus_bleu([[r] for r in references], hypotheses) == pytest.approx((2 / 3) ** 0.25)
