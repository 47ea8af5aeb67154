"""Catalogued mistakes of 10_attention_and_decoding: each a small edit of one solution cell (see tests/mistakes.py)."""

from mistakes import Alternative, Mistake

A = "10_attention_and_decoding"

MISTAKES = [
    # attention_forward
    Mistake(A, "attention_forward", "e = np.exp(e - e.max(axis=2, keepdims=True))\n    alphas = e / e.sum(axis=2, keepdims=True)",
            "e = np.exp(e - e.max(axis=1, keepdims=True))\n    alphas = e / e.sum(axis=1, keepdims=True)",
            "softmax over the decoder steps (the queries) instead of the input positions"),
    Mistake(A, "attention_forward", "    e = np.where(mask[:, np.newaxis, :], e, -np.inf)\n", "",
            "the padding is not masked"),
    Mistake(A, "attention_forward", "e = np.where(mask[:, np.newaxis, :], e, -np.inf)\n    e = np.exp(e - e.max(axis=2, keepdims=True))\n"
            "    alphas = e / e.sum(axis=2, keepdims=True)",
            "e = np.exp(e - e.max(axis=2, keepdims=True))\n    alphas = e / e.sum(axis=2, keepdims=True)\n"
            "    alphas = alphas * mask[:, np.newaxis, :]",
            "masks after the softmax: the weights of the real positions no longer sum to 1"),
    Mistake(A, "attention_forward", "e = np.einsum(\"aiq,ait->iqt\", s, a) / np.sqrt(n_a)", "e = np.einsum(\"aiq,ait->iqt\", s, a)",
            "forgets the 1/sqrt(n_a) scaling"),
    Mistake(A, "attention_forward", "e = np.exp(e - e.max(axis=2, keepdims=True))", "e = np.exp(e)",
            "does not subtract each row's largest score before np.exp: large scores overflow"),
    Mistake(A, "attention_forward", "context = np.einsum(\"iqt,ait->aiq\", alphas, a)",
            "context = np.einsum(\"iqt,ait->aiq\", np.where(mask[:, np.newaxis, :], np.einsum(\"aiq,ait->iqt\", s, a) / np.sqrt(n_a), 0), a)",
            "builds the context from the scores instead of the weights"),
    # attention_backward
    Mistake(A, "attention_backward", "de = alphas * (dalphas - (alphas * dalphas).sum(axis=2, keepdims=True))", "de = dalphas",
            "goes back through the softmax as if it were the identity"),
    Mistake(A, "attention_backward", "de = alphas * (dalphas - (alphas * dalphas).sum(axis=2, keepdims=True))",
            "de = alphas * dalphas", "keeps only the diagonal of the softmax's Jacobian"),
    Mistake(A, "attention_backward", "de = alphas * (dalphas - (alphas * dalphas).sum(axis=2, keepdims=True))",
            "de = alphas * (dalphas - (alphas * dalphas).sum(axis=1, keepdims=True))",
            "sums the softmax's correction over the queries"),
    Mistake(A, "attention_backward", "da = np.einsum(\"iqt,aiq->ait\", alphas, dcontext) + np.einsum(\"iqt,aiq->ait\", de, s) / np.sqrt(n_a)",
            "da = np.einsum(\"iqt,aiq->ait\", alphas, dcontext)", "da misses the path through the scores"),
    Mistake(A, "attention_backward", "da = np.einsum(\"iqt,aiq->ait\", alphas, dcontext) + np.einsum(\"iqt,aiq->ait\", de, s) / np.sqrt(n_a)",
            "da = np.einsum(\"iqt,aiq->ait\", de, s) / np.sqrt(n_a)", "da misses the path through the weighted sum"),
    Mistake(A, "attention_backward", "ds = np.einsum(\"iqt,ait->aiq\", de, a) / np.sqrt(n_a)\n"
            "    da = np.einsum(\"iqt,aiq->ait\", alphas, dcontext) + np.einsum(\"iqt,aiq->ait\", de, s) / np.sqrt(n_a)",
            "ds = np.einsum(\"iqt,ait->aiq\", de, a)\n    da = np.einsum(\"iqt,aiq->ait\", alphas, dcontext) + np.einsum(\"iqt,aiq->ait\", de, s)",
            "forgets the 1/sqrt(n_a) in the backward pass"),
    # attention_decoder_forward
    Mistake(A, "attention_decoder_forward", "c = context[:, :, 0]", "c = a[:, np.arange(m), lengths - 1]",
            "builds the context from the wrong states: the encoder's last state"),
    Mistake(A, "attention_decoder_forward", "    mask = np.arange(T_x)[np.newaxis, :] < lengths[:, np.newaxis]\n",
            "    mask = np.ones((m, T_x), dtype=bool)\n", "the padding is not masked"),
    Mistake(A, "attention_decoder_forward", "mask = np.arange(T_x)[np.newaxis, :] < lengths[:, np.newaxis]",
            "mask = np.arange(T_x)[np.newaxis, :] <= lengths[:, np.newaxis]", "the mask is one position too long"),
    Mistake(A, "attention_decoder_forward", "b_prev = a[:, np.arange(m), lengths - 1]", "b_prev = np.zeros((n_a, m))",
            "starts the decoder from zeros"),
    Mistake(A, "attention_decoder_forward", "b_prev = a[:, np.arange(m), lengths - 1]", "b_prev = a[:, :, -1]",
            "starts the decoder from the padded last column"),
    Mistake(A, "attention_decoder_forward", "b = np.tanh(Wbb @ b_prev + Wbx @ x_dec[:, :, t] + Wbc @ c + bb)",
            "b = np.tanh(Wbb @ b_prev + Wbx @ x_dec[:, :, t] + bb)", "leaves the context out of the RNN step"),
    Mistake(A, "attention_decoder_forward", "    b_prev = a[:, np.arange(m), lengths - 1]\n    for t in range(T_y):\n"
            "        context, alpha, _ = attend(b_prev[:, :, np.newaxis], a, mask)",
            "    b_prev = a[:, np.arange(m), lengths - 1]\n    b0 = b_prev\n    for t in range(T_y):\n"
            "        context, alpha, _ = attend(b0[:, :, np.newaxis], a, mask)",
            "queries the attention with b<0> at every step"),
    # beam_search
    Mistake(A, "beam_search", "candidates = (live_scores[np.newaxis, :] + log_probs).T.ravel()",
            "candidates = (live_scores[np.newaxis, :] * log_probs).T.ravel()",
            "multiplies the scores instead of summing the log-probabilities"),
    Mistake(A, "beam_search", "            if token == end:\n", "            if False:\n",
            "hypotheses that ended with <EOS> keep growing"),
    Mistake(A, "beam_search", "    return sorted(finished, key=lambda h: -h[1] / len(h[0]) ** alpha)",
            "    return sorted(finished, key=lambda h: -h[1])", "no length normalisation"),
    # corpus_bleu
    Mistake(A, "corpus_bleu", "matches[n - 1] += sum(min(count, allowed[gram]) for gram, count in counts.items())",
            "matches[n - 1] += sum(count for gram, count in counts.items() if gram in allowed)", "no clipping"),
    Mistake(A, "corpus_bleu", "bp = 1.0 if c > r else np.exp(1 - r / c)", "bp = 1.0", "no brevity penalty"),
    Mistake(A, "corpus_bleu", "return float(bp * np.exp(np.mean(np.log(matches / totals))))",
            "return float(bp * np.mean(matches / totals))", "the arithmetic mean of the precisions"),
]

ALTERNATIVES = [
    Alternative(A, "attention_forward",
                "    e = np.einsum(\"aiq,ait->iqt\", s, a) / np.sqrt(n_a)\n",
                "    e = s.transpose(1, 2, 0) @ a.transpose(1, 0, 2) / np.sqrt(n_a)\n",
                "the scores as a stack of matrix products"),
    Alternative(A, "attention_forward", "context = np.einsum(\"iqt,ait->aiq\", alphas, a)",
                "context = np.zeros((n_a, m, s.shape[2]))\n    for i in range(m):\n"
                "        context[:, i, :] = a[:, i, :] @ alphas[i].T",
                "a loop over the batch for the context"),
    Alternative(A, "attention_forward", "    e = np.where(mask[:, np.newaxis, :], e, -np.inf)\n",
                "    e = e + np.where(mask, 0.0, -1e30)[:, np.newaxis, :]\n",
                "a large negative number instead of -inf"),
    Alternative(A, "attention_forward", "e = np.einsum(\"aiq,ait->iqt\", s, a) / np.sqrt(n_a)",
                "e = np.einsum(\"aiq,ait->iqt\", s.astype(np.float32), a.astype(np.float32)) / np.float32(np.sqrt(n_a))",
                "float32 scores"),
    Alternative(A, "attention_backward",
                "    ds = np.einsum(\"iqt,ait->aiq\", de, a) / np.sqrt(n_a)\n",
                "    ds = np.zeros_like(s)\n    for i in range(s.shape[1]):\n        ds[:, i, :] = a[:, i, :] @ de[i].T / np.sqrt(n_a)\n",
                "a loop over the batch for ds"),
    Alternative(A, "attention_decoder_forward",
                "        context, alpha, _ = attend(b_prev[:, :, np.newaxis], a, mask)\n        c = context[:, :, 0]\n",
                "        context, alpha, _ = attend(b_prev.reshape(n_a, m, 1), a, mask)\n        c = context.reshape(n_a, m)\n",
                "reshape instead of np.newaxis and indexing"),
    Alternative(A, "attention_decoder_forward", "    mask = np.arange(T_x)[np.newaxis, :] < lengths[:, np.newaxis]\n",
                "    mask = np.zeros((m, T_x), dtype=bool)\n    for i in range(m):\n        mask[i, :lengths[i]] = True\n",
                "the mask built by a loop"),
    Alternative(A, "beam_search",
                "        best = np.argsort(-candidates, kind=\"stable\")[:k - len(finished)]\n",
                "        best = sorted(range(len(candidates)), key=lambda c: -candidates[c])[:k - len(finished)]\n",
                "Python's sorted (stable too) instead of np.argsort"),
    Alternative(A, "corpus_bleu",
                "    return float(bp * np.exp(np.mean(np.log(matches / totals))))",
                "    return float(bp * np.prod(matches / totals) ** (1 / max_n))",
                "the geometric mean as a product to the power 1/N"),
    Alternative(A, "corpus_bleu",
                "            counts, allowed = ngrams(hypothesis, n), ngrams(reference, n)\n",
                "            counts = Counter(tuple(hypothesis[j:j + n]) for j in range(len(hypothesis) - n + 1))\n"
                "            allowed = Counter(tuple(reference[j:j + n]) for j in range(len(reference) - n + 1))\n",
                "the n-grams counted without the ngrams helper"),
]

# The questions' wrong answers (a question's visible test checks the form only: its hidden test catches these).
# Put after the first entry: tests use a file's first and last entries as examples of code mistakes.
MISTAKES[1:1] = [
    Mistake(A, "q_weights_sum", "return 1", "return 5", "adds up the positions instead of their weights"),
    Mistake(A, "q_padding_weight", "return 0", "return 1", "gives padding a weight of its own"),
    Mistake(A, "q_beam_score", "return 'the log-probabilities'", "return 'the probabilities'",
            "adds probabilities where their product is meant"),
]
