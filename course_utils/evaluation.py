"""How good are word embeddings? Two standard yardsticks, without scipy.

1. Word similarity: people rated pairs of words from 0 (unrelated) to 10 (the same meaning);
   WordSim-353 (Finkelstein et al. 2002) has 353 pairs. The embeddings rate the same pairs with
   the cosine similarity. What counts is whether the two ratings put the pairs in the same ORDER:
   Spearman's rank correlation, the Pearson correlation of the ranks.
2. Analogies: "athens is to greece as oslo is to ?" (Mikolov et al. 2013, 19,544 questions);
   the fraction answered exactly, the three query words excluded from the answers.

Questions or pairs with a word the vocabulary does not hold are skipped (and counted as skipped).
"""

import numpy as np

from .corpus import data_path
from .embeddings import cosine_similarity, normalize_columns
from .text import Vocabulary
from .validation import as_array, format_shape


# ----------------------------------------------------------------------------- Spearman


def rank(values):
    """Ranks 1..n of `values` (1 = smallest); tied values share the average of their ranks.

    Input:  values -- array (n,)
    Output: array (n,) of float ranks; e.g. rank([10, 30, 20, 20]) = [1, 4, 2.5, 2.5]
    """
    values = as_array("values", values, ndim=1)
    n = len(values)
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    # Runs of equal values: each run gets the mean of the positions it spans (1-based).
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    ends = np.r_[starts[1:], n]
    mean_rank = (starts + 1 + ends) / 2.0
    ranks = np.empty(n)
    ranks[order] = np.repeat(mean_rank, ends - starts)
    return ranks


def spearman(x, y):
    """Spearman's rank correlation of two samples: the Pearson correlation of their ranks.

    Inputs:  x, y -- arrays (n,), n >= 2, neither constant
    Output:  float in [-1, 1]; 1 when y grows whenever x grows, -1 when it always falls
    """
    x, y = as_array("x", x, ndim=1), as_array("y", y, ndim=1)
    if x.shape != y.shape:
        raise ValueError(f"x and y must have the same length, got {format_shape(x.shape)} and {format_shape(y.shape)}")
    if len(x) < 2:
        raise ValueError(f"spearman needs at least 2 pairs, got {len(x)}")
    rx, ry = rank(x), rank(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    denominator = np.sqrt((rx ** 2).sum() * (ry ** 2).sum())
    if denominator == 0:
        raise ValueError("spearman is undefined when x or y is constant (all ranks equal)")
    return float((rx * ry).sum() / denominator)


# ----------------------------------------------------------------------------- word similarity


def load_word_similarity():
    """The WordSim-353 pairs and their mean human rating (0 to 10).

    Output: list of 353 tuples (word1, word2, rating), words in lower case
    """
    pairs = []
    with open(data_path("wordsim353.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            w1, w2, rating = line.rstrip("\n").split("\t")
            pairs.append((w1.lower(), w2.lower(), float(rating)))
    return pairs


def _check(E, vocab):
    E = as_array("E", E, ndim=2)
    if not isinstance(vocab, Vocabulary):
        raise ValueError(f"vocab must be a course_utils.text.Vocabulary, got {type(vocab).__name__}")
    if len(vocab) != E.shape[1]:
        raise ValueError(f"E must have one column per word: V = {len(vocab)}, got E of shape {format_shape(E.shape)}")
    return E


def word_similarity(E, vocab, pairs=None):
    """Spearman correlation between human ratings and the embeddings' cosine similarities.

    Inputs:
        E     -- array (n_e, V)
        vocab -- course_utils.text.Vocabulary of V words
        pairs -- list of (word1, word2, rating); default load_word_similarity()
    Output:
        dict "spearman" (float), "pairs_used" (int: both words in the vocabulary), "pairs_total" (int),
        "human" and "model" (arrays (pairs_used,): the two ratings of the pairs used)
    """
    E = _check(E, vocab)
    pairs = load_word_similarity() if pairs is None else list(pairs)
    used = [(w1, w2, r) for w1, w2, r in pairs if w1 in vocab and w2 in vocab]
    index = vocab.word_to_index
    human = np.array([r for _, _, r in used], dtype=float)
    model = np.array([cosine_similarity(E[:, index[w1]], E[:, index[w2]]) for w1, w2, _ in used])
    return {"spearman": spearman(human, model), "pairs_used": len(used), "pairs_total": len(pairs),
            "human": human, "model": model}


# ----------------------------------------------------------------------------- analogies


def load_analogies():
    """The analogy questions of word2vec: "a b c d" meaning a : b :: c : d.

    Output: list of 19,544 tuples (section, a, b, c, d), words in lower case; section is e.g.
            "capital-common-countries", "family", "gram8-plural"
    """
    questions, section = [], None
    with open(data_path("questions-words.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith(":"):
                section = line[1:].strip()
            elif line.strip():
                a, b, c, d = line.lower().split()
                questions.append((section, a, b, c, d))
    return questions


def analogy_accuracy(E, vocab, questions=None, batch_size=256):
    """The fraction of analogy questions whose answer is exactly right.

    The columns of E are first scaled to length 1 (as word2vec's compute-accuracy and gensim do);
    then each question is answered as course_utils.embeddings.analogy answers it: the word most
    cosine-similar to e_b - e_a + e_c, with a, b and c excluded.

    Inputs:
        E         -- array (n_e, V)
        vocab     -- course_utils.text.Vocabulary of V words
        questions -- list of (section, a, b, c, d); default load_analogies()
    Output:
        dict "accuracy" (float; 0 if no question could be asked), "correct", "questions_used"
        (all four words in the vocabulary), "questions_total" (ints), "by_section" (dict section ->
        (correct, used))
    """
    E = _check(E, vocab)
    questions = load_analogies() if questions is None else list(questions)
    index = vocab.word_to_index
    used = [q for q in questions if all(w in vocab for w in q[1:])]
    by_section = {}
    correct = 0
    if used:
        U = normalize_columns(E).astype(np.float32)  # float32: twice as fast, and far finer than the ranks need
        ids = np.array([[index[w] for w in q[1:]] for q in used])          # (n, 4): a, b, c, d
        norms = np.linalg.norm(U, axis=0)
        answers = np.empty(len(used), dtype=np.int64)
        for start in range(0, len(used), batch_size):
            a, b, c, _ = ids[start:start + batch_size].T
            target = U[:, b] - U[:, a] + U[:, c]                               # (n_e, batch)
            scores = (U.T @ target) / np.maximum(norms[:, None] * np.linalg.norm(target, axis=0), np.float32(1e-30))
            scores[norms == 0] = 0.0
            rows = np.arange(len(a))
            scores[a, rows] = scores[b, rows] = scores[c, rows] = -np.inf
            answers[start:start + batch_size] = np.argmax(scores, axis=0)
        hits = answers == ids[:, 3]
        correct = int(hits.sum())
        for q, hit in zip(used, hits):
            got, n = by_section.get(q[0], (0, 0))
            by_section[q[0]] = (got + int(hit), n + 1)
    return {"accuracy": correct / len(used) if used else 0.0, "correct": correct, "questions_used": len(used),
            "questions_total": len(questions), "by_section": by_section}


# ----------------------------------------------------------------------------- what chance gives


def random_similarity_band(vocab, n_e, draws=1000, pairs=None, seed=0):
    """Spearman's correlation of random vectors on the WordSim pairs a vocabulary can ask: the null band.

    Each draw gives every word of the pairs used a fresh N(0, 1) vector of size n_e and scores the pairs
    exactly as word_similarity does. A model whose Spearman lies inside the band of these draws is not
    distinguishable from vectors that know nothing.

    Inputs:
        vocab -- course_utils.text.Vocabulary (decides which pairs are used)
        n_e   -- int, the size of the vectors
        draws -- int, how many random draws
        pairs -- list of (word1, word2, rating); default load_word_similarity()
        seed  -- int
    Output:
        dict "draws" (array (draws,) of Spearman values), "low" and "high" (the 2.5th and 97.5th
        percentiles: 95% of the draws lie between them), "pairs_used" (int)
    """
    if not isinstance(vocab, Vocabulary):
        raise ValueError(f"vocab must be a course_utils.text.Vocabulary, got {type(vocab).__name__}")
    pairs = load_word_similarity() if pairs is None else list(pairs)
    used = [(w1, w2, r) for w1, w2, r in pairs if w1 in vocab and w2 in vocab]
    if len(used) < 3:
        raise ValueError(f"only {len(used)} pairs have both words in the vocabulary: too few for a correlation")
    words = sorted({w for w1, w2, _ in used for w in (w1, w2)})
    column = {w: i for i, w in enumerate(words)}
    left, right = np.array([column[w1] for w1, _, _ in used]), np.array([column[w2] for _, w2, _ in used])
    human = np.array([r for _, _, r in used], dtype=float)
    rng = np.random.default_rng(seed)
    values = np.empty(draws)
    for k in range(draws):
        U = normalize_columns(rng.normal(size=(n_e, len(words))))
        values[k] = spearman(human, np.sum(U[:, left] * U[:, right], axis=0))
    low, high = np.percentile(values, [2.5, 97.5])
    return {"draws": values, "low": float(low), "high": float(high), "pairs_used": len(used)}


def random_analogy_band(vocab, draws=1000, questions=None, seed=0):
    """The analogy accuracy of random vectors, over the questions a vocabulary can ask: the null band.

    With random vectors the V - 3 candidate answers of a question (every word but a, b and c) are
    independent draws from one distribution, independent of e_b - e_a + e_c: each is equally likely to
    be the most similar, so a question is answered right with probability 1 / (V - 3), and the number
    right out of n questions is Binomial(n, 1 / (V - 3)). Drawing from that binomial is drawing the
    accuracy of fresh random vectors, without computing V similarities per question and per draw.

    Inputs:
        vocab     -- course_utils.text.Vocabulary of V words (decides which questions are used)
        draws     -- int, how many random draws
        questions -- list of (section, a, b, c, d); default load_analogies()
        seed      -- int
    Output:
        dict "draws" (array (draws,) of accuracies), "low" and "high" (2.5th and 97.5th percentiles),
        "questions_used" (int), "expected" (float, n / (V - 3) questions right on average)
    """
    if not isinstance(vocab, Vocabulary):
        raise ValueError(f"vocab must be a course_utils.text.Vocabulary, got {type(vocab).__name__}")
    questions = load_analogies() if questions is None else list(questions)
    n = sum(all(w in vocab for w in q[1:]) for q in questions)
    candidates = len(vocab) - 3
    if n == 0 or candidates < 1:
        raise ValueError("no analogy question can be asked with this vocabulary")
    right = np.random.default_rng(seed).binomial(n, 1 / candidates, size=draws)
    low, high = np.percentile(right / n, [2.5, 97.5])
    return {"draws": right / n, "low": float(low), "high": float(high), "questions_used": n,
            "expected": n / candidates}
