"""Catalogued mistakes of 08_char_language_model: each a small edit of one solution cell (see tests/mistakes.py)."""

from mistakes import Alternative, Mistake

A = "08_char_language_model"

MISTAKES = [
    # Exercise 1: x = <EOS> + name, y = name + <EOS>
    Mistake(A, "encode_name", "y = chars + [eos]", "y = chars",
            "forgets the <EOS> target at the end of y"),
    Mistake(A, "encode_name", "x = [eos] + chars", "x = chars",
            "forgets the <EOS> input at the start of x"),
    Mistake(A, "encode_name", "x = [eos] + chars\n    y = chars + [eos]", "x = chars + [eos]\n    y = [eos] + chars",
            "swaps inputs and targets"),
    Mistake(A, "encode_name", "y = chars + [eos]", "y = chars[1:] + [eos]",
            "shifts the targets twice (y skips the first letter)"),
    # Exercise 2: the bigram with add-alpha smoothing
    Mistake(A, "bigram_probabilities", "counts = counts + alpha", "counts = counts",
            "does not smooth the counts (0 / 0 for a character never seen)"),
    Mistake(A, "bigram_probabilities", "counts.sum(axis=0, keepdims=True)", "counts.sum(axis=1, keepdims=True)",
            "normalises the rows instead of the columns"),
    Mistake(A, "bigram_probabilities", "(y[mask], x_indices[mask])", "(x_indices[mask], y[mask])",
            "counts[previous, next]: the matrix transposed"),
    Mistake(A, "bigram_probabilities", "mask = y >= 0", "mask = np.ones(y.shape, dtype=bool)",
            "counts the -1 padding as a character"),
    Mistake(A, "bigram_probabilities", "np.add.at(counts, (y[mask], x_indices[mask]), 1)",
            "counts[y[mask], x_indices[mask]] += 1",
            "counts with fancy-index +=, which counts a repeated pair once"),
    Mistake(A, "bigram_probabilities", "counts = counts + alpha", "counts = counts + 1",
            "adds 1 whatever alpha is"),
    # Exercise 3: softmax(z / T)
    Mistake(A, "softmax_with_temperature", "s = z / temperature", "s = z * temperature",
            "multiplies the scores by the temperature instead of dividing"),
    Mistake(A, "softmax_with_temperature", "s = z / temperature", "s = z",
            "ignores the temperature"),
    Mistake(A, "softmax_with_temperature", "return e / e.sum(axis=0, keepdims=True)",
            "return e / e.sum(axis=1, keepdims=True)", "normalises over axis 1 (the batch)"),
    Mistake(A, "softmax_with_temperature", "e = np.exp(s - s.max(axis=0, keepdims=True))", "e = np.exp(s)",
            "does not subtract the max: overflow at low temperature"),
    # Exercise 4: the sampler
    Mistake(A, "sample", "index = int(rng.choice(n_y, p=p.ravel()))", "index = int(np.argmax(p))",
            "takes the argmax instead of sampling"),
    Mistake(A, "sample", "\n        x = np.zeros((n_y, 1))\n        x[index] = 1", "",
            "does not feed the sampled character back in"),
    Mistake(A, "sample", "\n        x = np.zeros((n_y, 1))\n        x[index] = 1", "\n        x[index] = 1",
            "feeds the sampled character back without resetting x (not a one-hot)"),
    Mistake(A, "sample", "\n        if index == eos:\n            break", "",
            "does not stop at <EOS>"),
    Mistake(A, "sample", "        if index == eos:\n            break\n        indices.append(index)",
            "        indices.append(index)\n        if index == eos:\n            break",
            "appends the final <EOS> to the name"),
    Mistake(A, "sample", "rng.choice(n_y, p=p.ravel())", "np.random.choice(n_y, p=p.ravel())",
            "draws with np.random instead of the rng passed in"),
    Mistake(A, "sample", "a = np.tanh(Waa @ a + Wax @ x + ba)", "a = np.tanh(Wax @ x + ba)",
            "does not carry the hidden state from step to step"),
    Mistake(A, "sample", "softmax_with_temperature(Wya @ a + by, temperature)", "softmax_with_temperature(Wya @ a + by, 1.0)",
            "does not pass the temperature on"),
    Mistake(A, "sample", "    x[eos] = 1\n", "",
            "starts from an all-zero input instead of the one-hot of <EOS>"),
]

# Correct answers written differently: each must keep FULL marks.
ALTERNATIVES = [
    Alternative(A, "encode_name", "    chars = [vocab.index(c) for c in name]\n    x = [eos] + chars\n    y = chars + [eos]",
                "    y = vocab.encode(list(name))\n    x = [eos] + y[:-1]",
                "Vocabulary.encode, which appends <EOS>, then x from y"),
    Alternative(A, "encode_name", "    x = [eos] + chars\n    y = chars + [eos]",
                "    x = np.array([eos] + chars)\n    y = np.array(chars + [eos])",
                "numpy arrays instead of lists"),
    Alternative(A, "bigram_probabilities", "    mask = y >= 0\n    np.add.at(counts, (y[mask], x_indices[mask]), 1)\n",
                "    for i in range(y.shape[0]):\n        for t in range(y.shape[1]):\n            if y[i, t] >= 0:\n"
                "                counts[y[i, t], x_indices[i, t]] += 1\n",
                "a loop over every step"),
    Alternative(A, "bigram_probabilities", "np.add.at(counts, (y[mask], x_indices[mask]), 1)",
                "counts += np.bincount(y[mask] * n_y + x_indices[mask], minlength=n_y * n_y).reshape(n_y, n_y)",
                "np.bincount of the flattened pair index"),
    Alternative(A, "bigram_probabilities", "P = counts / counts.sum(axis=0, keepdims=True)", "P = counts / counts.sum(axis=0)",
                "column sums without keepdims (they broadcast along the rows)"),
    Alternative(A, "bigram_probabilities", "mask = y >= 0", "mask = (y >= 0) & (x_indices >= 0)",
                "masks the inputs' padding too"),
    Alternative(A, "softmax_with_temperature",
                "    e = np.exp(s - s.max(axis=0, keepdims=True))\n    return e / e.sum(axis=0, keepdims=True)",
                "    s = s - s.max(axis=0)\n    return np.exp(s) / np.sum(np.exp(s), axis=0)",
                "broadcasting without keepdims"),
    Alternative(A, "sample", "index = int(rng.choice(n_y, p=p.ravel()))",
                "index = min(int(np.searchsorted(np.cumsum(p[:, 0]), rng.random(), side=\"right\")), n_y - 1)",
                "inverse-CDF sampling with rng.random"),
    Alternative(A, "sample", "index = int(rng.choice(n_y, p=p.ravel()))", "index = int(rng.multinomial(1, p.ravel()).argmax())",
                "one multinomial draw"),
    Alternative(A, "sample", "rng.choice(n_y, p=p.ravel())", "rng.choice(np.arange(n_y), p=p[:, 0])",
                "rng.choice over an array of indices"),
    Alternative(A, "sample", "\n        x = np.zeros((n_y, 1))\n        x[index] = 1", "\n        x = np.eye(n_y)[:, [index]]",
                "the one-hot as a column of the identity"),
    Alternative(A, "sample", "    while len(indices) < max_length:", "    for _ in range(max_length):",
                "a for loop over max_length steps"),
]

# The questions' wrong answers (a question's visible test checks the form only: its hidden test catches these).
# Put after the first entry: tests use a file's first and last entries as examples of code mistakes.
MISTAKES[1:1] = [
    Mistake(A, 'q_name_pairs', 'return len("anna") + 1', 'return len("anna")', 'forgot the pair that ends in <EOS>'),
    Mistake(A, 'q_cold_sampling', 'return "always the most likely character"', 'return "every character with the same probability"', 'mixed up a low and a high temperature'),
    Mistake(A, 'q_loss_as_choices', 'return 4', 'return 1.386', 'returned the loss, not its exponential'),
]
