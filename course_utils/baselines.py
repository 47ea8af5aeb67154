"""What a model must beat: accuracy, a majority-label tagger and bag-of-words features.

    table, fallback = majority_labels(train_sentences, train_tags)
    predicted = predict_majority(test_sentences, table, fallback)   # one label per word, no context
    counts = bag_of_words(indices, vocab_size)                      # (vocab_size, m): word order gone
"""

from collections import Counter, defaultdict

import numpy as np

from .validation import format_shape


def accuracy(predicted, y, where=None):
    """The fraction of labelled entries predicted right.

    Inputs:
        predicted -- int array, any shape (e.g. (m,) or (m, T_x)), the predicted labels
        y         -- int array of the same shape, the true labels; -1 marks padding (not counted)
        where     -- optional bool array of the same shape: count only these entries
    Output:
        float in [0, 1] (nan if nothing is counted)
    """
    predicted, y = np.asarray(predicted), np.asarray(y)
    if predicted.shape != y.shape:
        raise ValueError(f"predicted and y must have the same shape, got {format_shape(predicted.shape)} "
                         f"and {format_shape(y.shape)}")
    counted = y >= 0
    if where is not None:
        where = np.asarray(where, dtype=bool)
        if where.shape != y.shape:
            raise ValueError(f"where must have the shape of y, {format_shape(y.shape)}, got {format_shape(where.shape)}")
        counted &= where
    if not counted.any():
        return float("nan")
    return float((predicted[counted] == y[counted]).mean())


def majority_labels(sentences, labels):
    """For every word, the label it carries most often in a corpus (ties: alphabetical).

    Inputs:
        sentences -- list of token lists
        labels    -- list of label lists, the same lengths
    Outputs:
        table    -- dict word -> its most frequent label
        fallback -- the most frequent label overall (for words the corpus does not hold)
    """
    if len(sentences) != len(labels):
        raise ValueError(f"sentences and labels must have the same length, got {len(sentences)} and {len(labels)}")
    counts, overall = defaultdict(Counter), Counter()
    for i, (words, tags) in enumerate(zip(sentences, labels)):
        if len(words) != len(tags):
            raise ValueError(f"sentence {i} has {len(words)} tokens but {len(tags)} labels")
        for word, tag in zip(words, tags):
            counts[word][tag] += 1
            overall[tag] += 1

    def top(counter):
        return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]

    return {word: top(c) for word, c in counts.items()}, top(overall)


def predict_majority(sentences, table, fallback):
    """Label every word with its majority label, ignoring its neighbours.

    Inputs:  sentences -- list of token lists; table, fallback -- from majority_labels
    Output:  list of label lists
    """
    return [[table.get(word, fallback) for word in words] for words in sentences]


def bag_of_words(indices, vocab_size):
    """Count the words of each sequence: the input of a model that ignores word order.

    Inputs:
        indices    -- int array (m, T_x), -1 on padding (e.g. from course_utils.datasets.encode_tokens)
        vocab_size -- int
    Output:
        counts -- float array (vocab_size, m): counts[k, i] = how often word k occurs in sequence i
    """
    indices = np.asarray(indices)
    if indices.ndim != 2 or not np.issubdtype(indices.dtype, np.integer):
        raise ValueError(f"indices must be an int array (m, T_x), got dtype {indices.dtype} "
                         f"and shape {format_shape(indices.shape)}")
    if indices.size and indices.max() >= vocab_size:
        raise ValueError(f"indices must be < vocab_size = {vocab_size}, got {int(indices.max())}")
    m = indices.shape[0]
    counts = np.zeros((vocab_size, m))
    i, t = np.nonzero(indices >= 0)
    np.add.at(counts, (indices[i, t], i), 1.0)
    return counts
