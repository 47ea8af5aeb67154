"""Catalogued mistakes of 05_rnn_types: each a small edit of one solution cell (see tests/mistakes.py)."""

from mistakes import Alternative, Mistake

A = "05_rnn_types"

MISTAKES = [
    Mistake(A, "many_to_one_forward", "a_last = a[:, np.arange(m), lengths - 1]", "a_last = a[:, :, -1]",
            "reads the last column, a state computed over padding for the shorter sequences"),
    Mistake(A, "many_to_one_forward", "a_last = a[:, np.arange(m), lengths - 1]", "a_last = a.mean(axis=2)",
            "averages the states over time instead of taking the last one"),
    Mistake(A, "many_to_one_forward", "a_last = a[:, np.arange(m), lengths - 1]", "a_last = a[:, np.arange(m), lengths]",
            "indexes the last step with lengths instead of lengths - 1"),
    Mistake(A, "many_to_one_forward", "y_hat = softmax(parameters[\"Wya\"] @ a_last + parameters[\"by\"])",
            "y_hat = np.exp(parameters[\"Wya\"] @ a_last + parameters[\"by\"])\n"
            "    y_hat = y_hat / y_hat.sum(axis=1, keepdims=True)",
            "softmax over the batch axis"),
    Mistake(A, "many_to_one_backward", "da[:, np.arange(m), lengths - 1] = parameters[\"Wya\"].T @ dz",
            "da[:, :, :] = (parameters[\"Wya\"].T @ dz)[:, :, np.newaxis]",
            "injects the loss's gradient at every step instead of the last"),
    Mistake(A, "many_to_one_backward", "da[:, np.arange(m), lengths - 1] = parameters[\"Wya\"].T @ dz",
            "da[:, :, -1] = parameters[\"Wya\"].T @ dz",
            "injects the gradient in the padded last column"),
    Mistake(A, "many_to_one_backward", "dz = dz / m", "dz = dz", "does not divide by m"),
    Mistake(A, "many_to_one_backward", "dz = y_hat.copy()\n    dz[y, np.arange(m)] -= 1",
            "dz = -y_hat.copy()\n    dz[y, np.arange(m)] += 1", "one-hot minus y_hat: the sign is flipped"),
    Mistake(A, "many_to_one_backward", "dWya = dz @ a_last.T", "dWya = dz @ a[:, :, -1].T",
            "dWya from the last column instead of each sequence's last state"),
    Mistake(A, "sample_sequence", "k = np.argmax(yt, axis=0)", "k = np.argmax(yt, axis=1)", "argmax over the batch axis"),
    Mistake(A, "sample_sequence", "        xt = np.eye(n_y)[:, k]\n", "", "forgets to feed y<t> back as the next input"),
    Mistake(A, "sample_sequence", "xt = np.eye(n_y)[:, k]", "xt = yt",
            "feeds back the probabilities instead of the chosen note"),
    Mistake(A, "sample_sequence", "a, yt, _ = rnn_cell_forward(xt, a, parameters)",
            "a, yt, _ = rnn_cell_forward(xt, np.zeros((n_a, m)), parameters)", "restarts the state at every step"),
    Mistake(A, "sample_sequence", "k = sample_columns(yt, rng)", "k = np.argmax(yt, axis=0)",
            "takes the argmax even when asked to sample"),
    Mistake(A, "encoder_decoder_forward", "b0 = a[:, np.arange(m), lengths - 1]", "b0 = np.zeros((n_a, m))",
            "starts the decoder from a0 = 0 instead of the encoder's last state"),
    Mistake(A, "encoder_decoder_forward", "b0 = a[:, np.arange(m), lengths - 1]", "b0 = a[:, :, -1]",
            "hands over the padded last column instead of each sequence's last state"),
    Mistake(A, "encoder_decoder_forward", "b0 = a[:, np.arange(m), lengths - 1]", "b0 = a[:, :, 0]",
            "hands over the encoder's first state"),
    Mistake(A, "encoder_decoder_backward", "    da[:, np.arange(m), lengths - 1] = decoder[\"da0\"]\n", "",
            "the decoder's da0 never reaches the encoder"),
    Mistake(A, "encoder_decoder_backward", "da[:, np.arange(m), lengths - 1] = decoder[\"da0\"]",
            "da[:, :, -1] = decoder[\"da0\"]", "da0 enters the padded last column"),
    Mistake(A, "encoder_decoder_backward", "da[:, np.arange(m), lengths - 1] = decoder[\"da0\"]",
            "da[:, :, :] = decoder[\"da0\"][:, :, np.newaxis]", "da0 enters the encoder at every step"),
    Mistake(A, "encoder_decoder_backward",
            "{\"dWaa\": encoder[\"dWaa\"], \"dWax\": encoder[\"dWax\"], \"dba\": encoder[\"dba\"],\n"
            "            \"dWbb\": decoder[\"dWaa\"],",
            "{\"dWaa\": decoder[\"dWaa\"], \"dWax\": encoder[\"dWax\"], \"dba\": encoder[\"dba\"],\n"
            "            \"dWbb\": encoder[\"dWaa\"],",
            "swaps the encoder's and the decoder's recurrent gradients"),
]

ALTERNATIVES = [
    Alternative(A, "many_to_one_forward", "a_last = a[:, np.arange(m), lengths - 1]",
                "a_last = np.stack([a[:, i, lengths[i] - 1] for i in range(m)], axis=1)",
                "a loop over the batch to pick the last states"),
    Alternative(A, "many_to_one_forward",
                "    a, _, caches = rnn_forward(x, a0, parameters)\n    a_last = a[:, np.arange(m), lengths - 1]\n"
                "    y_hat = softmax(parameters[\"Wya\"] @ a_last + parameters[\"by\"])\n",
                "    a, y_every_step, caches = rnn_forward(x, a0, parameters)\n"
                "    a_last = np.take_along_axis(a, (lengths - 1)[np.newaxis, :, np.newaxis], axis=2)[:, :, 0]\n"
                "    y_hat = y_every_step[:, np.arange(m), lengths - 1]\n",
                "the prediction rnn_forward already made at the last step, take_along_axis for a_last"),
    Alternative(A, "many_to_one_forward", "y_hat = softmax(parameters[\"Wya\"] @ a_last + parameters[\"by\"])",
                "y_hat = softmax((parameters[\"Wya\"] @ a_last + parameters[\"by\"]).astype(np.float32))",
                "float32 scores"),
    Alternative(A, "many_to_one_backward", "    dz = y_hat.copy()\n    dz[y, np.arange(m)] -= 1\n    dz = dz / m\n",
                "    dz = (y_hat - np.eye(y_hat.shape[0])[:, y]) / m\n", "the one-hot of y from np.eye"),
    Alternative(A, "many_to_one_backward", "    da[:, np.arange(m), lengths - 1] = parameters[\"Wya\"].T @ dz\n",
                "    for i in range(m):\n        da[:, i, lengths[i] - 1] = parameters[\"Wya\"].T @ dz[:, i]\n",
                "a loop over the batch to place the gradient"),
    Alternative(A, "many_to_one_backward", "dWya = dz @ a_last.T\n    dby = dz.sum(axis=1, keepdims=True)",
                "dWya = np.einsum(\"ym,am->ya\", dz, a_last)\n    dby = np.sum(dz, axis=1).reshape(-1, 1)",
                "einsum and reshape"),
    Alternative(A, "many_to_one_backward", "dz = dz / m", "dz = (dz / m).astype(np.float32)", "float32 dz"),
    Alternative(A, "sample_sequence", "        xt = np.eye(n_y)[:, k]\n",
                "        xt = np.zeros((n_y, m))\n        xt[k, np.arange(m)] = 1.0\n", "the one-hot built by indexing"),
    Alternative(A, "sample_sequence", "        a, yt, _ = rnn_cell_forward(xt, a, parameters)\n",
                "        a = np.tanh(parameters[\"Waa\"] @ a + parameters[\"Wax\"] @ xt + parameters[\"ba\"])\n"
                "        yt = softmax(parameters[\"Wya\"] @ a + parameters[\"by\"])\n",
                "the step written out instead of rnn_cell_forward"),
    Alternative(A, "sample_sequence", "k = np.argmax(yt, axis=0)", "k = yt.argmax(axis=0)", "the argmax method"),
    Alternative(A, "encoder_decoder_forward", "b0 = a[:, np.arange(m), lengths - 1]",
                "b0 = np.stack([a[:, i, length - 1] for i, length in enumerate(lengths)], axis=1)",
                "a loop over the batch for the hand-off"),
    Alternative(A, "encoder_decoder_forward",
                "a, encoder_caches = rnn_states(x, np.zeros((n_a, m)), encoder_view(parameters))",
                "a, _, encoder_caches = rnn_forward(x, np.zeros((n_a, m)), {**encoder_view(parameters),\n"
                "                                   \"Wya\": np.zeros((1, n_a)), \"by\": np.zeros((1, 1))})",
                "the encoder run with rnn_forward and an unused output layer"),
    Alternative(A, "encoder_decoder_backward", "    da[:, np.arange(m), lengths - 1] = decoder[\"da0\"]\n",
                "    for i in range(m):\n        da[:, i, lengths[i] - 1] = decoder[\"da0\"][:, i]\n",
                "a loop over the batch to place da0"),
]

# The questions' wrong answers (a question's visible test checks the form only: its hidden test catches these).
# Put after the first entry: tests use a file's first and last entries as examples of code mistakes.
MISTAKES[1:1] = [
    Mistake(A, 'q_speech_type', 'return "encoder-decoder"', 'return "many-to-many, same length"', 'overlooks that the output is shorter than the input'),
    Mistake(A, 'q_review_type', 'return "many-to-one"', 'return "many-to-many, same length"', 'gives every word a rating'),
    Mistake(A, 'q_loss_steps', 'return 1', 'return 0', 'thinks the loss reaches a only through rnn_backward'),
]
