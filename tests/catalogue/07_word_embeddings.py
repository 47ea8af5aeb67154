"""Catalogued mistakes of 07_word_embeddings: each a small edit of one solution cell (see tests/mistakes.py)."""

from mistakes import Alternative, Mistake

A = "07_word_embeddings"

MISTAKES = [
    # Exercise 1: the embedding lookup
    Mistake(A, "embed", "\n    x[:, indices < 0] = 0", "",
            "does not zero the padding after the lookup (padding gets word 0's column)"),
    Mistake(A, "embed", "x = E[:, np.maximum(indices, 0)]\n    x[:, indices < 0] = 0", "x = E[:, indices]",
            "lets the padding (-1) look up the last column of E"),
    Mistake(A, "embed", "x[:, indices < 0] = 0", "x[:, indices <= 0] = 0",
            "zeroes the columns of word 0 (<UNK>) as well as the padding"),
    Mistake(A, "embed", "x = E[:, np.maximum(indices, 0)]", "x = E[np.maximum(indices, 0)]",
            "indexes the rows of E instead of its columns"),
    Mistake(A, "embed", "x = E[:, np.maximum(indices, 0)]", "x = E[:, np.maximum(indices.T, 0)]",
            "swaps the batch and time axes (indices.T)"),
    # Exercise 2: skip-gram negative-sampling loss and gradients
    Mistake(A, "sgns_loss_and_gradients", "np.sum(np.logaddexp(0, s_neg))", "np.sum(np.logaddexp(0, -s_neg))",
            "uses log sigmoid(s_k) for the negatives instead of log sigmoid(-s_k)"),
    Mistake(A, "sgns_loss_and_gradients", "de_c = theta_o * g_o + np.sum(theta_neg * g_neg[None, :, :], axis=2)",
            "de_c = theta_o * g_o", "leaves the negatives' term out of de_c"),
    Mistake(A, "sgns_loss_and_gradients", "g_o = sigmoid(s_o) - 1", "g_o = 1 - sigmoid(s_o)",
            "flips the sign of dloss/ds_o"),
    Mistake(A, "sgns_loss_and_gradients", "g_neg = sigmoid(s_neg)", "g_neg = sigmoid(-s_neg)",
            "takes the sigmoid of the wrong sign for the negatives' gradient"),
    Mistake(A, "sgns_loss_and_gradients",
            "loss = np.sum(np.logaddexp(0, -s_o)) + np.sum(np.logaddexp(0, s_neg))",
            "loss = np.mean(np.logaddexp(0, -s_o)) + np.mean(np.sum(np.logaddexp(0, s_neg), axis=1))",
            "averages the loss over the batch instead of summing it"),
    Mistake(A, "sgns_loss_and_gradients",
            "loss = np.sum(np.logaddexp(0, -s_o)) + np.sum(np.logaddexp(0, s_neg))",
            "loss = -np.sum(np.log(sigmoid(s_o))) - np.sum(np.log(sigmoid(-s_neg)))",
            "takes np.log of sigmoid, which is log(0) = -inf for large scores in float32"),
    # Exercise 3: cosine similarity
    Mistake(A, "cosine_similarity", "(np.linalg.norm(u) * np.linalg.norm(v, axis=0))", "np.linalg.norm(u)",
            "does not divide by the norms of v's columns"),
    Mistake(A, "cosine_similarity", "np.linalg.norm(v, axis=0)", "np.linalg.norm(v)",
            "divides by the norm of the whole matrix v"),
    Mistake(A, "cosine_similarity", "np.linalg.norm(v, axis=0)", "np.linalg.norm(v, axis=1)",
            "takes the norms of v's rows instead of its columns"),
    Mistake(A, "cosine_similarity", "return (v.T @ u) / (np.linalg.norm(u) * np.linalg.norm(v, axis=0))",
            "return v.T @ u", "returns the dot product, not normalised"),
    Mistake(A, "cosine_similarity", "(np.linalg.norm(u) * np.linalg.norm(v, axis=0))", "np.linalg.norm(v, axis=0)",
            "does not divide by the norm of u"),
    # Exercise 4: nearest neighbours
    Mistake(A, "nearest_neighbours", "    similarities[j] = -np.inf\n", "",
            "does not exclude the query word"),
    Mistake(A, "nearest_neighbours", "np.argsort(-similarities)[:k]", "np.argsort(similarities)[:k]",
            "sorts from the least similar up"),
    Mistake(A, "nearest_neighbours", "np.argsort(-similarities)[:k]", "np.argsort(-similarities)[1:k + 1]",
            "drops the first result although the word is already excluded"),
    Mistake(A, "nearest_neighbours", "    similarities[j] = -np.inf\n    best = np.argsort(-similarities)[:k]",
            "    best = np.argsort(-similarities)[1:k + 1]",
            "drops the first result instead of excluding the word by its index (fails on a tie)"),
    Mistake(A, "nearest_neighbours", "similarities = cosine_similarity(E[:, j], E)", "similarities = E.T @ E[:, j]",
            "ranks by the dot product instead of the cosine similarity"),
    # Exercise 5: analogies
    Mistake(A, "analogy", "target = E[:, ib] - E[:, ia] + E[:, ic]", "target = E[:, ia] - E[:, ib] + E[:, ic]",
            "computes e_a - e_b + e_c"),
    Mistake(A, "analogy", "target = E[:, ib] - E[:, ia] + E[:, ic]", "target = E[:, ia] + E[:, ib] - E[:, ic]",
            "computes e_a + e_b - e_c"),
    Mistake(A, "analogy", "    similarities[[ia, ib, ic]] = -np.inf\n", "",
            "does not exclude the query words"),
    Mistake(A, "analogy", "similarities[[ia, ib, ic]] = -np.inf", "similarities[ic] = -np.inf",
            "excludes only c"),
    Mistake(A, "analogy", "np.argmax(similarities)", "np.argmin(similarities)",
            "takes the least similar word"),
]

# Correct answers written differently: each must keep full marks.
ALTERNATIVES = [
    Alternative(A, "embed", "    x = E[:, np.maximum(indices, 0)]\n    x[:, indices < 0] = 0\n",
                "    m, T_x = indices.shape\n    x = np.zeros((E.shape[0], m, T_x), dtype=E.dtype)\n"
                "    for i in range(m):\n        for t in range(T_x):\n            if indices[i, t] >= 0:\n"
                "                x[:, i, t] = E[:, indices[i, t]]\n",
                "a double loop over the batch and the steps"),
    Alternative(A, "embed", "    x = E[:, np.maximum(indices, 0)]\n    x[:, indices < 0] = 0\n",
                "    x = np.einsum('ev,vmt->emt', E, one_hot(indices, E.shape[1]))\n",
                "E times the one-hot vectors (slow, but right)"),
    Alternative(A, "embed", "    x = E[:, np.maximum(indices, 0)]\n    x[:, indices < 0] = 0\n",
                "    x = np.where(indices >= 0, E[:, indices], 0.0)\n",
                "np.where on the looked-up columns"),
    Alternative(A, "sgns_loss_and_gradients",
                "    s_o = np.sum(theta_o * e_c, axis=0)                       # (m,)\n"
                "    s_neg = np.sum(theta_neg * e_c[:, :, None], axis=0)       # (m, K)\n",
                "    s_o = np.einsum('em,em->m', theta_o, e_c)\n    s_neg = np.einsum('emk,em->mk', theta_neg, e_c)\n",
                "the scores with np.einsum"),
    Alternative(A, "sgns_loss_and_gradients",
                "    de_c = theta_o * g_o + np.sum(theta_neg * g_neg[None, :, :], axis=2)\n",
                "    de_c = theta_o * g_o\n    for k in range(theta_neg.shape[2]):\n"
                "        de_c = de_c + theta_neg[:, :, k] * g_neg[:, k]\n",
                "a loop over the K negatives for de_c"),
    Alternative(A, "sgns_loss_and_gradients",
                "    loss = np.sum(np.logaddexp(0, -s_o)) + np.sum(np.logaddexp(0, s_neg))",
                "    loss = np.sum(np.log1p(np.exp(-np.abs(s_o))) + np.maximum(-s_o, 0))"
                " + np.sum(np.log1p(np.exp(-np.abs(s_neg))) + np.maximum(s_neg, 0))",
                "log(1 + e^-s) written out stably with log1p"),
    Alternative(A, "cosine_similarity", "    return (v.T @ u) / (np.linalg.norm(u) * np.linalg.norm(v, axis=0))",
                "    u_unit = u / np.sqrt(np.sum(u ** 2))\n    v_unit = v / np.sqrt(np.sum(v ** 2, axis=0))\n"
                "    return np.dot(v_unit.T, u_unit)",
                "normalises both sides first, norms by hand"),
    Alternative(A, "nearest_neighbours",
                "    similarities[j] = -np.inf\n    best = np.argsort(-similarities)[:k]\n",
                "    order = sorted(range(len(similarities)), key=lambda i: -similarities[i])\n"
                "    best = [i for i in order if i != j][:k]\n",
                "sorted() with a key, the word removed by its index"),
    Alternative(A, "nearest_neighbours", "    best = np.argsort(-similarities)[:k]\n",
                "    V = len(similarities)\n    best = (V - 1 - np.argsort(-similarities[::-1], kind='stable'))[:k]\n",
                "words of equal similarity in the other order (the later column first)"),
    Alternative(A, "analogy",
                "    similarities[[ia, ib, ic]] = -np.inf\n    return vocab.index_to_word[int(np.argmax(similarities))]",
                "    best, best_similarity = None, -np.inf\n    for i, similarity in enumerate(similarities):\n"
                "        if i not in (ia, ib, ic) and similarity > best_similarity:\n"
                "            best, best_similarity = i, similarity\n    return vocab.index_to_word[best]",
                "a loop that skips the query words"),
]

# The questions' wrong answers (a question's visible test checks the form only: its hidden test catches these).
# Put after the first entry: tests use a file's first and last entries as examples of code mistakes.
MISTAKES[1:1] = [
    Mistake(A, 'q_embedding_size', 'return 300 * 10_000', 'return 300 + 10_000', 'added the sizes instead of multiplying them'),
    Mistake(A, 'q_opposite_cosine', 'return -1', 'return -2', 'forgot that the cosine ignores the length'),
    Mistake(A, 'q_analogy_vector', 'return "e_king - e_man + e_woman"', 'return "e_king + e_man - e_woman"', 'took the difference the wrong way round'),
]
