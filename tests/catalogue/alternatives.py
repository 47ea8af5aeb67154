"""Correct answers written differently: each a small edit of one solution cell that must keep FULL marks.

A loop instead of vectorised code, np.einsum instead of @ or sum, float32 arithmetic, another numpy
function for the same thing (see tests/mistakes.py). Authors of new assignments add theirs here (or in
an ALTERNATIVES list of their own catalogue file).
"""

from mistakes import Alternative

A1, A2, A3, A4 = "01_sequences_one_hot", "02_rnn_cell", "03_forward_pass", "04_bptt"

ALTERNATIVES = [
    # 01_sequences_one_hot
    Alternative(A1, "build_vocabulary",
                "    counts = {}\n    for sentence in sentences:\n        for token in tokenize(sentence):\n"
                "            if token not in RESERVED:\n                counts[token] = counts.get(token, 0) + 1\n",
                "    from collections import Counter\n"
                "    counts = Counter(token for sentence in sentences for token in tokenize(sentence)\n"
                "                     if token not in RESERVED)\n",
                "counts with collections.Counter"),
    Alternative(A1, "sentence_to_indices",
                "    indices = [word_to_index.get(token, unknown) for token in tokenize(sentence)]\n"
                "    return indices + [word_to_index[EOS]]",
                "    indices = []\n    for token in tokenize(sentence):\n        if token in word_to_index:\n"
                "            indices.append(word_to_index[token])\n        else:\n            indices.append(unknown)\n"
                "    indices.append(word_to_index[EOS])\n    return indices",
                "an explicit loop with if/else instead of dict.get"),
    Alternative(A1, "one_hot_batch",
                "    i, t = np.nonzero(index_batch >= 0)\n    x[index_batch[i, t], i, t] = 1.0\n",
                "    for i in range(m):\n        for t in range(T_x):\n            if index_batch[i, t] >= 0:\n"
                "                x[index_batch[i, t], i, t] = 1\n",
                "a double loop over the batch and the steps"),
    Alternative(A1, "one_hot_batch", "    x = np.zeros((vocab_size, m, T_x))\n",
                "    x = np.zeros((vocab_size, m, T_x), dtype=np.float32)\n",
                "float32 instead of float64"),
    Alternative(A1, "one_hot_batch",
                "    x = np.zeros((vocab_size, m, T_x))\n    i, t = np.nonzero(index_batch >= 0)\n"
                "    x[index_batch[i, t], i, t] = 1.0\n",
                "    rows = np.eye(vocab_size)[np.maximum(index_batch, 0)]           # (m, T_x, V)\n"
                "    x = np.einsum('mtv,mt->vmt', rows, (index_batch >= 0).astype(float))\n",
                "rows of the identity matrix, masked and reordered with einsum"),
    Alternative(A1, "decode_batch",
                "    indices = np.argmax(x, axis=0)   # (m, T_x)\n    present = x.sum(axis=0) > 0      # (m, T_x), False on padding\n"
                "    return [[index_to_word[k] for k, keep in zip(row, mask) if keep]\n"
                "            for row, mask in zip(indices, present)]",
                "    V, m, T_x = x.shape\n    sequences = []\n    for i in range(m):\n        words = []\n"
                "        for t in range(T_x):\n            column = x[:, i, t]\n            if column.any():\n"
                "                words.append(index_to_word[int(column.argmax())])\n        sequences.append(words)\n"
                "    return sequences",
                "loops over sequences and steps"),
    # 02_rnn_cell
    Alternative(A2, "softmax",
                "    e = np.exp(z - z.max(axis=0, keepdims=True))\n    return e / e.sum(axis=0, keepdims=True)",
                "    e = np.exp(z - np.max(z, axis=0))\n    return e / np.einsum('ij->j', e)",
                "column sums with einsum, broadcasting without keepdims"),
    Alternative(A2, "softmax",
                "    e = np.exp(z - z.max(axis=0, keepdims=True))",
                "    z = np.asarray(z, dtype=np.float32)\n    e = np.exp(z - z.max(axis=0, keepdims=True))",
                "float32 arithmetic"),
    Alternative(A2, "rnn_cell_forward",
                "    a_next = np.tanh(Waa @ a_prev + Wax @ xt + ba)",
                "    a_next = np.tanh(np.einsum('ij,jm->im', Waa, a_prev) + np.einsum('ij,jm->im', Wax, xt) + ba)",
                "matrix products with einsum"),
    Alternative(A2, "rnn_cell_forward",
                "    a_next = np.tanh(Waa @ a_prev + Wax @ xt + ba)",
                "    a_next = np.zeros((Waa.shape[0], xt.shape[1]))\n    for i in range(xt.shape[1]):\n"
                "        a_next[:, i] = np.tanh(np.dot(Waa, a_prev[:, i]) + np.dot(Wax, xt[:, i]) + ba[:, 0])",
                "a loop over the examples of the batch"),
    Alternative(A2, "rnn_cell_forward",
                "    a_next = np.tanh(Waa @ a_prev + Wax @ xt + ba)",
                "    a_next = np.tanh((Waa @ a_prev.astype(np.float32) + Wax @ xt.astype(np.float32) + ba).astype(np.float32))",
                "float32 inputs"),
    Alternative(A2, "concatenated_form", "return np.hstack([Waa, Wax])", "return np.concatenate((Waa, Wax), axis=1)",
                "np.concatenate instead of np.hstack"),
    Alternative(A2, "concatenated_form", "return np.tanh(Wa @ np.vstack([a_prev, xt]) + ba)",
                "return np.tanh(np.einsum('ik,km->im', Wa, np.concatenate([a_prev, xt])) + ba)",
                "einsum over the stacked input"),
    # 03_forward_pass
    Alternative(A3, "rnn_forward",
                "    a_prev = a0\n    for t in range(T_x):\n        a_next, yt_pred, cache = rnn_cell_forward(x[:, :, t], a_prev, parameters)\n"
                "        a[:, :, t] = a_next\n        y_pred[:, :, t] = yt_pred\n        caches.append(cache)\n        a_prev = a_next\n",
                "    a_prev, t = a0, 0\n    while t < T_x:\n        a_prev, yt_pred, cache = rnn_cell_forward(x[..., t], a_prev, parameters)\n"
                "        a[..., t], y_pred[..., t] = a_prev, yt_pred\n        caches.append(cache)\n        t += 1\n",
                "a while loop and Ellipsis indexing"),
    Alternative(A3, "rnn_forward",
                "rnn_cell_forward(x[:, :, t], a_prev, parameters)",
                "rnn_cell_forward(x[:, :, t].astype(np.float32), a_prev, parameters)",
                "float32 inputs at every step"),
    Alternative(A3, "cross_entropy_loss",
                "    safe_y = np.where(mask, y, 0)                                            # any valid label on padding\n"
                "    p_true = np.take_along_axis(y_pred, safe_y[np.newaxis], axis=0)[0]      # (m, T_x)\n"
                "    log_p = np.where(mask, np.log(p_true), 0.0)\n    losses = -log_p.sum(axis=0) / m\n",
                "    losses = np.zeros(T_x)\n    for t in range(T_x):\n        for i in range(m):\n            if mask[i, t]:\n"
                "                losses[t] -= np.log(y_pred[y[i, t], i, t]) / m\n",
                "a double loop over steps and examples"),
    Alternative(A3, "cross_entropy_loss",
                "    p_true = np.take_along_axis(y_pred, safe_y[np.newaxis], axis=0)[0]      # (m, T_x)\n",
                "    p_true = np.einsum('kmt,kmt->mt', y_pred, np.eye(n_y)[safe_y].transpose(2, 0, 1))\n",
                "the true class's probability picked with a one-hot einsum"),
    # 04_bptt
    Alternative(A4, "rnn_cell_backward",
                "    dWax = dz @ xt.T\n    dWaa = dz @ a_prev.T\n    dba = dz.sum(axis=1, keepdims=True)",
                "    dWax = np.einsum('im,jm->ij', dz, xt)\n    dWaa = np.einsum('im,jm->ij', dz, a_prev)\n"
                "    dba = np.einsum('im->i', dz)[:, None]",
                "weight gradients with einsum"),
    Alternative(A4, "rnn_cell_backward", "dz = (1 - a_next ** 2) * da_next",
                "dz = (1 - np.square(a_next.astype(np.float32))) * da_next", "float32 derivative of tanh"),
    Alternative(A4, "gradient_check",
                "    for index in np.ndindex(theta.shape):\n",
                "    import itertools\n    for index in itertools.product(*(range(n) for n in theta.shape)):\n",
                "itertools.product instead of np.ndindex"),
    Alternative(A4, "gradient_check",
                "    denominator = np.linalg.norm(analytic) + np.linalg.norm(numeric)",
                "    denominator = np.sqrt(np.sum(np.square(analytic))) + np.sqrt(np.einsum('i,i->', numeric.ravel(), numeric.ravel()))",
                "norms written out, one with einsum"),
    Alternative(A4, "rnn_backward", "for t in reversed(range(T_x)):", "for t in range(T_x - 1, -1, -1):",
                "a countdown range instead of reversed"),
    Alternative(A4, "output_layer_backward",
                "    for t in range(T_x):\n        dWya += dz[:, :, t] @ a[:, :, t].T\n        da[:, :, t] = Wya.T @ dz[:, :, t]\n",
                "    dWya = np.einsum('ymt,amt->ya', dz, a)\n    da = np.einsum('ya,ymt->amt', Wya, dz)\n",
                "einsum over all steps at once instead of a loop"),
    Alternative(A4, "clipping", "return {name: np.clip(g, -max_value, max_value) for name, g in gradients.items()}",
                "return {name: np.minimum(np.maximum(g, -max_value), max_value) for name, g in gradients.items()}",
                "np.minimum and np.maximum instead of np.clip"),
    Alternative(A4, "clipping", "norm = np.sqrt(sum(np.sum(g ** 2) for g in gradients.values()))",
                "norm = np.linalg.norm(np.concatenate([g.ravel() for g in gradients.values()]))",
                "the global norm of all entries concatenated"),
]
