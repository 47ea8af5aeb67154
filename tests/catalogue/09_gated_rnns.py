"""Catalogued mistakes of 09_gated_rnns, and correct answers written differently (see tests/mistakes.py)."""

from mistakes import Alternative, Mistake

A = "09_gated_rnns"

MISTAKES = [
    # Exercise 1: gru_cell_forward
    Mistake(A, "gru_cell_forward",
            "    gamma_u = sigmoid(Wu @ concat + bu)\n    gamma_r = sigmoid(Wr @ concat + br)\n"
            "    c_tilde = np.tanh(Wc @ np.concatenate([gamma_r * c_prev, xt], axis=0) + bc)",
            "    gamma_u = np.tanh(Wu @ concat + bu)\n    gamma_r = np.tanh(Wr @ concat + br)\n"
            "    c_tilde = sigmoid(Wc @ np.concatenate([gamma_r * c_prev, xt], axis=0) + bc)",
            "swaps sigmoid and tanh (tanh gates, a sigmoid candidate)"),
    Mistake(A, "gru_cell_forward", "c_next = gamma_u * c_tilde + (1 - gamma_u) * c_prev",
            "c_next = (1 - gamma_u) * c_tilde + gamma_u * c_prev", "mixes the candidate and the old state the wrong way round"),
    Mistake(A, "gru_cell_forward", "[gamma_r * c_prev, xt]", "[c_prev, xt]",
            "leaves the relevance gate out of the candidate"),
    Mistake(A, "gru_cell_forward", "c_tilde = np.tanh(Wc @ np.concatenate([gamma_r * c_prev, xt], axis=0) + bc)",
            "c_tilde = np.tanh(gamma_r * (Wc[:, :c_prev.shape[0]] @ c_prev) + Wc[:, c_prev.shape[0]:] @ xt + bc)",
            "applies the relevance gate after the product, as PyTorch's GRU does"),
    Mistake(A, "gru_cell_forward", "yt_pred = softmax(Wya @ c_next + by)", "yt_pred = softmax(Wya @ c_prev + by)",
            "predicts from the previous state"),
    # Exercise 2: gru_cell_backward
    Mistake(A, "gru_cell_backward", "dz_c = dc_next * gamma_u * (1 - c_tilde ** 2)", "dz_c = dc_next * (1 - c_tilde ** 2)",
            "forgets the update gate in the candidate's gradient"),
    Mistake(A, "gru_cell_backward", "dz_u = dc_next * (c_tilde - c_prev) * gamma_u * (1 - gamma_u)",
            "dz_u = dc_next * c_tilde * gamma_u * (1 - gamma_u)", "forgets that Gamma_u also scales c_prev by (1 - Gamma_u)"),
    Mistake(A, "gru_cell_backward", "dc_prev = dc_next * (1 - gamma_u) + d_rc * gamma_r",
            "dc_prev = d_rc * gamma_r", "leaves the direct copy of c_prev out of dc_prev"),
    Mistake(A, "gru_cell_backward", "dWc = dz_c @ np.concatenate([gamma_r * c_prev, xt], axis=0).T", "dWc = dz_c @ concat.T",
            "pairs the candidate's gradient with [c_prev; xt] instead of [Gamma_r * c_prev; xt]"),
    Mistake(A, "gru_cell_backward", "dz_c = dc_next * gamma_u * (1 - c_tilde ** 2)",
            "dz_c = dc_next * gamma_u * c_tilde * (1 - c_tilde)", "uses the sigmoid's derivative for the tanh candidate"),
    # Exercise 3: lstm_cell_forward
    Mistake(A, "lstm_cell_forward",
            "    ft = sigmoid(Wf @ concat + bf)\n    ut = sigmoid(Wu @ concat + bu)\n    cct = np.tanh(Wc @ concat + bc)\n"
            "    ot = sigmoid(Wo @ concat + bo)",
            "    ft = np.tanh(Wf @ concat + bf)\n    ut = np.tanh(Wu @ concat + bu)\n    cct = sigmoid(Wc @ concat + bc)\n"
            "    ot = np.tanh(Wo @ concat + bo)",
            "swaps sigmoid and tanh (tanh gates, a sigmoid candidate)"),
    Mistake(A, "lstm_cell_forward", "c_next = ft * c_prev + ut * cct", "c_next = ut * c_prev + ft * cct",
            "applies the forget gate to the candidate"),
    Mistake(A, "lstm_cell_forward", "a_next = ot * np.tanh(c_next)", "a_next = ot * c_next", "misses the tanh on c in a<t>"),
    Mistake(A, "lstm_cell_forward", "cache = (a_next, c_next, a_prev, c_prev,", "cache = (c_next, a_next, c_prev, a_prev,",
            "swaps c and a in the cache"),
    Mistake(A, "lstm_cell_forward", "a_next = ot * np.tanh(c_next)", "a_next = ot * np.tanh(c_prev)",
            "shows the old memory in a<t>"),
    # Exercise 4: lstm_forward
    Mistake(A, "lstm_forward", "a_prev, c_prev = a_next, c_next", "a_prev = a_next",
            "does not carry the memory cell from step to step"),
    Mistake(A, "lstm_forward",
            "        if mask is not None:\n            a_next = np.where(mask[:, t], a_next, a_prev)\n"
            "            c_next = np.where(mask[:, t], c_next, c_prev)\n",
            "", "ignores the mask"),
    Mistake(A, "lstm_forward", "a_next = np.where(mask[:, t], a_next, a_prev)", "a_next = a_next * mask[:, t]",
            "zeroes the hidden state on padding instead of carrying it"),
    Mistake(A, "lstm_forward", "            c_next = np.where(mask[:, t], c_next, c_prev)\n", "",
            "carries a but not c across the padding"),
    # Exercise 5: lstm_cell_backward
    Mistake(A, "lstm_cell_backward", "dz_o = da_next * np.tanh(c_next) * ot * (1 - ot)", "dz_o = da_next * ot * (1 - ot)",
            "takes the output gate's derivative without tanh(c)"),
    Mistake(A, "lstm_cell_backward", "dc_prev = dc * ft", "dc_prev = dc", "leaves the forget gate out of dc_prev"),
    Mistake(A, "lstm_cell_backward", "dc = dc_next + da_next * ot * (1 - np.tanh(c_next) ** 2)", "dc = dc_next",
            "forgets that c_next also reaches the loss through a_next"),
    Mistake(A, "lstm_cell_backward", "dz_c = dc * ut * (1 - cct ** 2)", "dz_c = dc * ut * cct * (1 - cct)",
            "uses the sigmoid's derivative for the tanh candidate"),
    Mistake(A, "lstm_cell_backward", "dz_f = dc * c_prev * ft * (1 - ft)", "dz_f = dc * ft * (1 - ft)",
            "forgets c_prev in the forget gate's gradient"),
    Mistake(A, "lstm_cell_backward", "concat = np.concatenate([a_prev, xt], axis=0)", "concat = np.concatenate([a_next, xt], axis=0)",
            "pairs the gates' gradients with a_next instead of a_prev"),
    # Exercise 6: lstm_backward
    Mistake(A, "lstm_backward", "dc_next = step[\"dc_prev\"] + dc_next * (1 - keep)", "dc_next = 0 * dc_next",
            "does not pass the memory cell's gradient back"),
    Mistake(A, "lstm_backward", "da_t = da[:, :, t] + da_next", "da_t = da[:, :, t]",
            "does not add the gradient from the next step to da"),
    Mistake(A, "lstm_backward", "gradients[\"dW\" + gate] += step[\"dW\" + gate]", "gradients[\"dW\" + gate] = step[\"dW\" + gate]",
            "does not add up the weight gradients over time"),
    Mistake(A, "lstm_backward", "for t in reversed(range(T_x)):", "for t in range(T_x):", "runs the loop forwards in time"),
    Mistake(A, "lstm_backward", "keep = np.ones(m) if mask is None else mask[:, t].astype(float)", "keep = np.ones(m)",
            "ignores the mask"),
]

ALTERNATIVES = [
    Alternative(A, "gru_cell_forward",
                "    c_tilde = np.tanh(Wc @ np.concatenate([gamma_r * c_prev, xt], axis=0) + bc)",
                "    n_a = c_prev.shape[0]\n    c_tilde = np.tanh(Wc[:, :n_a] @ (gamma_r * c_prev) + Wc[:, n_a:] @ xt + bc)",
                "the candidate's weights split into their state and input columns"),
    Alternative(A, "gru_cell_forward", "concat = np.concatenate([c_prev, xt], axis=0)", "concat = np.vstack((c_prev, xt))",
                "np.vstack instead of np.concatenate"),
    Alternative(A, "gru_cell_forward", "c_next = gamma_u * c_tilde + (1 - gamma_u) * c_prev",
                "c_next = c_prev + gamma_u * (c_tilde - c_prev)", "the mix as a step from c_prev towards c~"),
    Alternative(A, "lstm_cell_forward",
                "    ft = sigmoid(Wf @ concat + bf)\n    ut = sigmoid(Wu @ concat + bu)\n    cct = np.tanh(Wc @ concat + bc)\n"
                "    ot = sigmoid(Wo @ concat + bo)",
                "    n_a = a_prev.shape[0]\n    z = np.vstack([Wf, Wu, Wc, Wo]) @ concat + np.vstack([bf, bu, bc, bo])\n"
                "    ft, ut, ot = 1 / (1 + np.exp(-z[:n_a])), 1 / (1 + np.exp(-z[n_a:2 * n_a])), 1 / (1 + np.exp(-z[3 * n_a:]))\n"
                "    cct = np.tanh(z[2 * n_a:3 * n_a])",
                "one matrix product for the four gates, the sigmoid written out"),
    Alternative(A, "lstm_cell_forward", "    yt_pred = softmax(Wya @ a_next + by)",
                "    z = np.einsum('ya,am->ym', Wya, a_next) + by\n    e = np.exp(z - z.max(axis=0))\n    yt_pred = e / e.sum(axis=0)",
                "the output with einsum and a softmax of its own"),
    Alternative(A, "lstm_forward",
                "            a_next = np.where(mask[:, t], a_next, a_prev)\n            c_next = np.where(mask[:, t], c_next, c_prev)\n",
                "            keep = mask[:, t].astype(float)\n            a_next = keep * a_next + (1 - keep) * a_prev\n"
                "            c_next = keep * c_next + (1 - keep) * c_prev\n",
                "the mask as 0/1 weights instead of np.where"),
    Alternative(A, "lstm_forward", "    a_prev, c_prev = a0, np.zeros((n_a, m))",
                "    a_prev, c_prev = a0.astype(np.float32), np.zeros((n_a, m), dtype=np.float32)",
                "float32 states"),
    Alternative(A, "lstm_cell_backward",
                "    dconcat = np.zeros_like(concat)\n    for gate, dz in [(\"f\", dz_f), (\"u\", dz_u), (\"c\", dz_c), (\"o\", dz_o)]:\n"
                "        gradients[\"dW\" + gate] = dz @ concat.T\n        gradients[\"db\" + gate] = dz.sum(axis=1, keepdims=True)\n"
                "        dconcat += parameters[\"W\" + gate].T @ dz\n",
                "    dz = np.vstack([dz_f, dz_u, dz_c, dz_o])\n"
                "    W = np.vstack([parameters[\"Wf\"], parameters[\"Wu\"], parameters[\"Wc\"], parameters[\"Wo\"]])\n"
                "    dW, db, dconcat = dz @ concat.T, dz.sum(axis=1, keepdims=True), W.T @ dz\n"
                "    for k, gate in enumerate(\"fuco\"):\n"
                "        gradients[\"dW\" + gate] = dW[k * n_a:(k + 1) * n_a]\n"
                "        gradients[\"db\" + gate] = db[k * n_a:(k + 1) * n_a]\n",
                "the four gates stacked into one matrix product"),
    Alternative(A, "lstm_backward", "keep = np.ones(m) if mask is None else mask[:, t].astype(float)",
                "keep = np.ones(m) if mask is None else np.where(mask[:, t], 1.0, 0.0)",
                "the mask column as floats with np.where"),
    Alternative(A, "lstm_backward", "    for t in reversed(range(T_x)):", "    for t in range(T_x - 1, -1, -1):",
                "a range that counts down instead of reversed()"),
]

# The questions' wrong answers (a question's visible test checks the form only: its hidden test catches these).
# Put after the first entry: tests use a file's first and last entries as examples of code mistakes.
MISTAKES[1:1] = [
    Mistake(A, "q_lstm_params", "return 240", "return 224", "left out the gates' biases"),
    Mistake(A, "q_gru_copy", "return 'c<t-1>'", "return 'the candidate'", "reads the update gate the wrong way round"),
    Mistake(A, "q_long_path", "return 'along c, times the forget gate at each step'",
            "return 'along a, times the output gate at each step'", "takes the hidden state's path for the cell's"),
]
