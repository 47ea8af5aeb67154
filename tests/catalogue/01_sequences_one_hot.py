"""Catalogued mistakes of 01_sequences_one_hot: each a small edit of one solution cell (see tests/mistakes.py)."""

from mistakes import Mistake

A = "01_sequences_one_hot"

MISTAKES = [
    Mistake(A, "build_vocabulary", "key=lambda word: (-counts[word], word)", "key=lambda word: -counts[word]",
            "ties broken by first appearance, not alphabetically"),
    Mistake(A, "build_vocabulary", "word_to_index = {token: index for index, token in enumerate(RESERVED)}",
            "word_to_index = {}", "<UNK> and <EOS> not reserved"),
    Mistake(A, "build_vocabulary", "words = words[: max_size - len(RESERVED)]", "words = words[:max_size]",
            "max_size does not count the reserved tokens"),
    Mistake(A, "build_vocabulary", "for token in tokenize(sentence):", "for token in sentence.split():",
            "str.split instead of tokenize: no lower-casing, punctuation glued to words"),
    Mistake(A, "sentence_to_indices", "return indices + [word_to_index[EOS]]", "return indices",
            "<EOS> not appended"),
    Mistake(A, "sentence_to_indices",
            "indices = [word_to_index.get(token, unknown) for token in tokenize(sentence)]",
            "indices = [word_to_index[token] for token in tokenize(sentence) if token in word_to_index]",
            "unknown words dropped instead of mapped to <UNK>"),
    Mistake(A, "sentence_to_indices", "return indices + [word_to_index[EOS]]", "return indices + [1]",
            "index of <EOS> hard-coded instead of looked up"),
    Mistake(A, "sentence_to_indices", "unknown = word_to_index[UNK]", "unknown = 0",
            "index of <UNK> hard-coded instead of looked up"),
    Mistake(A, "sentence_to_indices", "word_to_index.get(token, unknown)", "word_to_index.setdefault(token, unknown)",
            "word_to_index mutated by the lookup"),
    Mistake(A, "one_hot_batch",
            "i, t = np.nonzero(index_batch >= 0)\n    x[index_batch[i, t], i, t] = 1.0",
            "x[index_batch, np.arange(m)[:, None], np.arange(T_x)] = 1.0",
            "padding -1 encoded as the last word"),
    Mistake(A, "one_hot_batch", "    return x", "    return x.transpose(1, 2, 0)", "axes in the order (m, T_x, V)"),
    Mistake(A, "one_hot_batch", "    return x", "    return x.transpose(0, 2, 1)", "m and T_x swapped"),
    Mistake(A, "decode_batch", "[index_to_word[k] for k, keep in zip(row, mask) if keep]",
            "[index_to_word[k] for k in row]", "padding decoded as <UNK>"),
    Mistake(A, "decode_batch", "for row, mask in zip(indices, present)]", "for row, mask in zip(indices.T, present.T)]",
            "a list per time step instead of per sequence"),
    Mistake(A, "decode_batch", "indices = np.argmax(x, axis=0)", "indices = np.argmax(x, axis=1)",
            "argmax over the batch axis"),
]

# The questions' wrong answers (a question's visible test checks the form only: its hidden test catches these).
# Put after the first entry: tests use a file's first and last entries as examples of code mistakes.
MISTAKES[1:1] = [
    Mistake(A, 'q_unknown_word', 'return "the index of <UNK>"', 'return "a new index"', 'thinks an unknown word gets an index of its own'),
    Mistake(A, 'q_one_hot_ones', 'return 32 * 20', 'return 32 * 20 * 10_000', 'counted every number of x, the zeros too'),
    Mistake(A, 'q_mlp_positions', 'return "the MLP\'s weights for those slots never saw a name"', 'return "the MLP has fewer hidden units than the RNN"', "blames the MLP's size (both have 16 hidden units)"),
]
