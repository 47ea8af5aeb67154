"""The shipped WordNet vectors, the random-vector null bands and the word map's labels (07)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from course_utils.corpus import load_lee_corpus, load_wordnet_vectors  # noqa: E402
from course_utils.evaluation import random_analogy_band, random_similarity_band, word_similarity  # noqa: E402
from course_utils.text import Vocabulary  # noqa: E402
from course_utils.word_map import group_neighbour_share, labels_overlap, plot_word_groups  # noqa: E402


def test_wordnet_vectors_load_with_the_course_texts_words():
    E, vocab, info = load_wordnet_vectors()
    assert E.shape == (50, 10_000) and E.dtype == np.float64 and len(vocab) == 10_000
    assert vocab.index_to_word[:2] == ["<UNK>", "<EOS>"]
    assert all(w in vocab for w in ["man", "woman", "lion", "king", "queen", "fire", "blaze", "economy"])
    assert info["synsets"] == 117_659 and info["tokens"] == 1_771_195
    assert word_similarity(E, vocab)["spearman"] > 0.5  # what 07 relies on


def test_random_similarity_band_is_centred_on_zero_and_narrows_with_more_pairs():
    lee = Vocabulary.from_corpus(load_lee_corpus(), min_count=5)
    _, wordnet, _ = load_wordnet_vectors()
    small, large = random_similarity_band(lee, 50, draws=300), random_similarity_band(wordnet, 50, draws=300)
    assert small["pairs_used"] == 60 and large["pairs_used"] > 200
    assert abs(small["draws"].mean()) < 0.05 and small["low"] < 0 < small["high"]
    assert large["high"] - large["low"] < small["high"] - small["low"]
    again = random_similarity_band(lee, 50, draws=300)
    assert np.array_equal(again["draws"], small["draws"])  # seeded


def test_random_analogy_band_follows_one_in_v_minus_3():
    vocab = Vocabulary([f"w{i}" for i in range(8)] + ["athens", "greece", "baghdad", "iraq"])
    questions = [("capital", "athens", "greece", "baghdad", "iraq")] * 50
    band = random_analogy_band(vocab, draws=4000, questions=questions, seed=1)
    assert band["questions_used"] == 50 and np.isclose(band["expected"], 50 / (len(vocab) - 3))
    assert abs(band["draws"].mean() - 1 / (len(vocab) - 3)) < 0.01
    # the same with real random vectors: each question's answer is uniform over the V - 3 candidates
    rng = np.random.default_rng(0)
    hits = 0
    for _ in range(2000):
        E = rng.normal(size=(5, len(vocab)))
        a, b, c, d = (vocab.index(w) for w in ("athens", "greece", "baghdad", "iraq"))
        U = E / np.linalg.norm(E, axis=0)
        scores = U.T @ (U[:, b] - U[:, a] + U[:, c]) / np.linalg.norm(U[:, b] - U[:, a] + U[:, c])
        scores[[a, b, c]] = -np.inf
        hits += int(np.argmax(scores) == d)
    assert abs(hits / 2000 - 1 / (len(vocab) - 3)) < 0.03


def test_word_groups_neighbour_share_and_labels_that_do_not_overlap():
    rng = np.random.default_rng(2)
    groups = {f"g{k}": [f"g{k}w{i}" for i in range(6)] for k in range(3)}
    vocab = Vocabulary([w for members in groups.values() for w in members])
    centres = rng.normal(size=(10, 3)) * 5
    E = np.concatenate([rng.normal(size=(10, 2)), np.repeat(centres, 6, axis=1) + rng.normal(size=(10, 18))], axis=1)
    assert group_neighbour_share(E, vocab, groups) == 1.0
    assert group_neighbour_share(rng.normal(size=E.shape), vocab, groups) < 1.0
    fig, ax = plt.subplots(figsize=(6, 4))
    plot_word_groups(E, vocab, groups, ax=ax)
    assert len(ax.word_labels) == 18 and labels_overlap(ax.word_labels) == 0
    plt.close(fig)
