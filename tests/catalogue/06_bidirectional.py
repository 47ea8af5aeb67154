"""Catalogued mistakes of 06_bidirectional: each a small edit of one solution cell (see tests/mistakes.py)."""

from mistakes import Alternative, Mistake

A = "06_bidirectional"

MISTAKES = [
    Mistake(A, "reverse_sequences", "out[:, i, :L] = x[:, i, :L][:, ::-1]", "out[:, i, :] = x[:, i, ::-1]",
            "reverses the whole padded sequence, so the padding comes first"),
    Mistake(A, "reverse_sequences", "out[:, i, :L] = x[:, i, :L][:, ::-1]", "out[:, i, :L] = x[:, x.shape[1] - 1 - i, :L]",
            "reverses the batch instead of time"),
    Mistake(A, "reverse_sequences", "    out = x.copy()\n", "    out = x\n",
            "writes into x itself: the input is changed (and read after being overwritten)"),
    Mistake(A, "reverse_sequences", "out[:, i, :L] = x[:, i, :L][:, ::-1]", "out[:, i, :L] = x[:, i, L - 1:0:-1]",
            "an off-by-one slice that drops the first word"),
    Mistake(A, "bidirectional_forward", "a_bwd = reverse_sequences(a_bwd_reversed, lengths)", "a_bwd = a_bwd_reversed",
            "does not reverse the backward RNN's states back before concatenating"),
    Mistake(A, "bidirectional_forward",
            "rnn_states(reverse_sequences(x, lengths), a0, direction(parameters, \"bwd\"))",
            "rnn_states(x, a0, direction(parameters, \"bwd\"))", "runs the backward RNN over x, not reversed"),
    Mistake(A, "bidirectional_forward", "a = np.concatenate([a_fwd, a_bwd], axis=0)",
            "a = np.concatenate([a_bwd, a_fwd], axis=0)", "stacks the backward states first"),
    Mistake(A, "bidirectional_forward", "a = np.concatenate([a_fwd, a_bwd], axis=0)",
            "a = np.concatenate([a_fwd, a_bwd], axis=2)", "concatenates along time instead of the state axis"),
    Mistake(A, "bidirectional_forward",
            "rnn_states(reverse_sequences(x, lengths), a0, direction(parameters, \"bwd\"))",
            "rnn_states(reverse_sequences(x, lengths), a0, direction(parameters, \"fwd\"))",
            "uses the forward weights for the backward RNN"),
    Mistake(A, "bidirectional_backward",
            "rnn_backward(reverse_sequences(output[\"da\"][n_a:], lengths), backward_caches)",
            "rnn_backward(output[\"da\"][n_a:], backward_caches)",
            "does not reverse da before the backward RNN's BPTT"),
    Mistake(A, "bidirectional_backward", "dx = forward[\"dx\"] + reverse_sequences(backward[\"dx\"], lengths)",
            "dx = forward[\"dx\"] + backward[\"dx\"]", "does not reverse the backward RNN's dx back"),
    Mistake(A, "bidirectional_backward", "dx = forward[\"dx\"] + reverse_sequences(backward[\"dx\"], lengths)",
            "dx = forward[\"dx\"]", "keeps only the forward RNN's dx"),
    Mistake(A, "bidirectional_backward", "forward = rnn_backward(output[\"da\"][:n_a], forward_caches)",
            "forward = rnn_backward(output[\"da\"][n_a:], forward_caches)", "gives the forward RNN the wrong half of da"),
]

ALTERNATIVES = [
    Alternative(A, "reverse_sequences", "out[:, i, :L] = x[:, i, :L][:, ::-1]", "out[:, i, :L] = np.flip(x[:, i, :L], axis=1)",
                "np.flip"),
    Alternative(A, "reverse_sequences",
                "    for i in range(x.shape[1]):\n        L = lengths[i]\n        out[:, i, :L] = x[:, i, :L][:, ::-1]\n",
                "    for i in range(x.shape[1]):\n        for t in range(lengths[i]):\n"
                "            out[:, i, t] = x[:, i, lengths[i] - 1 - t]\n",
                "a loop over the steps too"),
    Alternative(A, "reverse_sequences",
                "    for i in range(x.shape[1]):\n        L = lengths[i]\n        out[:, i, :L] = x[:, i, :L][:, ::-1]\n",
                "    t = np.arange(x.shape[2])[np.newaxis, :]\n"
                "    source = np.where(t < lengths[:, np.newaxis], lengths[:, np.newaxis] - 1 - t, t)\n"
                "    out = x[:, np.arange(x.shape[1])[:, np.newaxis], source]\n",
                "vectorised with an index array"),
    Alternative(A, "bidirectional_forward", "a = np.concatenate([a_fwd, a_bwd], axis=0)", "a = np.vstack([a_fwd, a_bwd])",
                "np.vstack"),
    Alternative(A, "bidirectional_forward", "a = np.concatenate([a_fwd, a_bwd], axis=0)",
                "a = np.zeros((2 * n_a, m, x.shape[2]))\n    a[:n_a], a[n_a:] = a_fwd, a_bwd", "filling a preallocated array"),
    Alternative(A, "bidirectional_backward",
                "    forward = rnn_backward(output[\"da\"][:n_a], forward_caches)\n"
                "    backward = rnn_backward(reverse_sequences(output[\"da\"][n_a:], lengths), backward_caches)\n",
                "    da_fwd, da_bwd = np.split(output[\"da\"], 2, axis=0)\n"
                "    forward = rnn_backward(da_fwd, forward_caches)\n"
                "    backward = rnn_backward(reverse_sequences(da_bwd, lengths), backward_caches)\n",
                "np.split into the two halves"),
    Alternative(A, "bidirectional_backward", "dx = forward[\"dx\"] + reverse_sequences(backward[\"dx\"], lengths)",
                "dx = np.add(forward[\"dx\"], reverse_sequences(backward[\"dx\"], lengths))", "np.add"),
]

# The questions' wrong answers (a question's visible test checks the form only: its hidden test catches these).
# Put after the first entry: tests use a file's first and last entries as examples of code mistakes.
MISTAKES[1:1] = [
    Mistake(A, 'q_generate', 'return "no: it needs the future of the sequence"', 'return "yes: it predicts better than a left-to-right RNN"', 'overlooks that the backward direction reads the future'),
    Mistake(A, 'q_state_size', 'return 2 * 8', 'return 8', "forgot the backward direction's state"),
    Mistake(A, 'q_bi_params', 'return 2 * (8 * 8 + 8 * 10 + 8) + 3 * 16 + 3', 'return 8 * 8 + 8 * 10 + 8 + 3 * 8 + 3', 'counted one direction only'),
]
