"""Decoding: from a trained decoder's next-token probabilities to an output sequence (assignment 10).

A decoder is seen through one function, step(tokens, states) -> (log_probs, new_states), for k hypotheses
at once: tokens int (k,) the last token of each, states (n_s, k) their decoder states, log_probs (n_y, k)
the log-probabilities of the next token (course_utils.attention.attention_step_function builds it).

Greedy decoding keeps the single most likely token at every step. Beam search keeps the k most likely
hypotheses (a hypothesis: the tokens written so far, and the sum of their log-probabilities):

    every step: extend every live hypothesis by every token, score = its score + log p(token)
                (summed in log space: the log of the product of the probabilities);
                keep the (k - finished) best extensions; one that ends with <EOS> is finished and
                leaves the beam (it never grows again)
    stop:       when k hypotheses are finished, or after max_length steps (the live ones are then
                finished as they are)
    the answer: the finished hypothesis with the best score / length ** alpha (length normalisation:
                alpha = 0 favours short outputs, every token costing log-probability; alpha = 1 ranks
                by the average log-probability per token)

With k = 1 beam search is greedy decoding.
"""

import numpy as np


def _check_search(state, start, end, k, max_length, alpha):
    state = np.asarray(state, dtype=float)
    if state.ndim != 1:
        raise ValueError(f"state must be a 1-D array (n_s,), one decoder state, got shape {state.shape}")
    for name, value, low in (("start", start, 0), ("end", end, 0), ("k", k, 1), ("max_length", max_length, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} must be an int >= {low}, got {value!r}")
    if not np.isscalar(alpha) or not np.isfinite(alpha) or alpha < 0:
        raise ValueError(f"alpha must be a number >= 0, got {alpha!r}")
    return state


def _check_step_output(log_probs, states, live, n_s):
    log_probs, states = np.asarray(log_probs, dtype=float), np.asarray(states, dtype=float)
    if log_probs.ndim != 2 or log_probs.shape[1] != live:
        raise ValueError(f"step must return log_probs of shape (n_y, k) with k = {live} hypotheses, got {log_probs.shape}")
    if states.shape != (n_s, live):
        raise ValueError(f"step must return states of shape (n_s, k) = ({n_s}, {live}), got {states.shape}")
    return log_probs, states


def normalised_score(tokens, score, alpha):
    """score / len(tokens) ** alpha: the sum of the log-probabilities per token (alpha = 1)."""
    return score / max(len(tokens), 1) ** alpha


def beam_search(step, state, start, end, k, max_length, alpha=1.0):
    """Beam search of width k over a decoder seen through `step` (module docstring).

    Inputs:
        step       -- function (tokens int (k',), states (n_s, k')) -> (log_probs (n_y, k'), new states (n_s, k'))
        state      -- array (n_s,), the decoder's first state
        start      -- int, the first input token (e.g. <EOS>: "nothing written yet")
        end        -- int, the token that finishes a hypothesis (it is kept as its last token)
        k          -- int >= 1, the beam width
        max_length -- int >= 1, the most tokens written
        alpha      -- float >= 0, the length normalisation exponent
    Output:
        hypotheses -- list of (tokens, score): tokens a list of int (ending with `end` if finished), score
                      the sum of their log-probabilities; best first by score / len(tokens) ** alpha
    Ties between extensions go to the earlier hypothesis, then the smaller token index.
    """
    state = _check_search(state, start, end, k, max_length, alpha)
    n_s = state.shape[0]
    live_tokens, live_scores = [[]], np.zeros(1)
    states, last = state[:, np.newaxis], np.array([start])
    finished = []
    for _ in range(max_length):
        log_probs, new_states = _check_step_output(*step(last, states), len(live_tokens), n_s)
        n_y = log_probs.shape[0]
        candidates = (live_scores[np.newaxis, :] + log_probs).T.ravel()      # (k' * n_y,), hypothesis-major
        best = np.argsort(-candidates, kind="stable")[:k - len(finished)]
        keep_tokens, keep_scores, keep_from, keep_last = [], [], [], []
        for index in best:
            j, token = divmod(int(index), n_y)
            tokens = live_tokens[j] + [token]
            if token == end:
                finished.append((tokens, float(candidates[index])))
            else:
                keep_tokens.append(tokens)
                keep_scores.append(candidates[index])
                keep_from.append(j)
                keep_last.append(token)
        if not keep_tokens:
            break
        live_tokens, live_scores = keep_tokens, np.array(keep_scores)
        states, last = new_states[:, keep_from], np.array(keep_last)
    else:
        finished += [(tokens, float(score)) for tokens, score in zip(live_tokens, live_scores)]
    return sorted(finished, key=lambda h: -normalised_score(h[0], h[1], alpha))


def greedy_search(step, state, start, end, max_length):
    """The most likely token at every step, fed back, until `end` or max_length: (tokens, score) as
    beam_search returns its best (it is beam search with k = 1)."""
    state = _check_search(state, start, end, 1, max_length, 0.0)
    tokens, score, states, last = [], 0.0, state[:, np.newaxis], np.array([start])
    for _ in range(max_length):
        log_probs, states = _check_step_output(*step(last, states), 1, state.shape[0])
        token = int(np.argmax(log_probs[:, 0]))
        tokens.append(token)
        score += float(log_probs[token, 0])
        if token == end:
            break
        last = np.array([token])
    return tokens, score


def strip_end(tokens, end):
    """The tokens before the first `end` (the output as written)."""
    tokens = list(tokens)
    return tokens[:tokens.index(end)] if end in tokens else tokens
