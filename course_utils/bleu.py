"""BLEU (Papineni et al., 2002): how many of a translation's n-grams the reference has, corpus-wide.

    p_n = (sum over sentences of the CLIPPED counts of the hypothesis's n-grams)
          / (sum over sentences of the number of the hypothesis's n-grams)
          clipped: an n-gram counts at most as often as it occurs in the reference ("7 7 7 7" against
          "7 1" earns one 1-gram, not four)
    BP  = 1 if c > r else exp(1 - r / c)     c = total hypothesis length, r = total reference length:
          the brevity penalty, since short outputs have high precisions
    BLEU = BP * exp(mean over n = 1..N of log p_n)     (0 if some p_n is 0; no smoothing)

One reference per hypothesis, tokens as lists. It agrees with NLTK's corpus_bleu (one reference, its
default weights, no smoothing; tests/test_attention.py checks it against nltk.translate.bleu_score) on
every corpus whose hypotheses have at least max_n tokens. For a shorter hypothesis NLTK counts max(1, 0)
n-grams of order n in the denominator of p_n, where Papineni et al. count none: on 10's test set, with
its 3-digit strings, NLTK gives the attention model's greedy outputs 0.908 against 0.916 here.
"""

from collections import Counter

import numpy as np


def ngrams(tokens, n):
    """Counter of the n-grams (tuples) of a token list."""
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def _check_corpus(references, hypotheses):
    for name, value in (("references", references), ("hypotheses", hypotheses)):
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise ValueError(f"{name} must be a list of token lists, got {type(value).__name__}")
        bad = [i for i, tokens in enumerate(value) if isinstance(tokens, str) or not isinstance(tokens, (list, tuple))]
        if bad:
            raise ValueError(f"{name}[{bad[0]}] must be a list of tokens (e.g. list('305') or '3 0 5'.split()), "
                             f"got {type(value[bad[0]]).__name__}")
    if len(references) != len(hypotheses) or not hypotheses:
        raise ValueError(f"references and hypotheses must be non-empty lists of the same length (one reference "
                         f"per hypothesis), got {len(references)} and {len(hypotheses)}")


def modified_precisions(references, hypotheses, max_n=4):
    """(matches, totals): int arrays (max_n,), the clipped n-gram matches and the hypothesis n-grams, n = 1..max_n."""
    _check_corpus(references, hypotheses)
    matches, totals = np.zeros(max_n, dtype=np.int64), np.zeros(max_n, dtype=np.int64)
    for reference, hypothesis in zip(references, hypotheses):
        for n in range(1, max_n + 1):
            counts, allowed = ngrams(list(hypothesis), n), ngrams(list(reference), n)
            matches[n - 1] += sum(min(count, allowed[gram]) for gram, count in counts.items())
            totals[n - 1] += max(len(hypothesis) - n + 1, 0)
    return matches, totals


def brevity_penalty(reference_length, hypothesis_length):
    """1 if c > r, else exp(1 - r / c) (0 for an empty output)."""
    r, c = reference_length, hypothesis_length
    if c == 0:
        return 0.0
    return 1.0 if c > r else float(np.exp(1 - r / c))


def corpus_bleu(references, hypotheses, max_n=4):
    """Corpus BLEU of hypotheses against one reference each (module docstring).

    Inputs:
        references -- list of token lists, one per hypothesis
        hypotheses -- list of token lists
        max_n      -- int, the longest n-gram (4: BLEU-4)
    Output:
        bleu -- float in [0, 1]
    """
    matches, totals = modified_precisions(references, hypotheses, max_n)
    if np.any(matches == 0):
        return 0.0
    log_precision = np.mean(np.log(matches / totals))
    bp = brevity_penalty(sum(len(r) for r in references), sum(len(h) for h in hypotheses))
    return float(bp * np.exp(log_precision))
