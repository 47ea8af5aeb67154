"""course_utils.embeddings, evaluation, corpus and word_map: the embedding layer, similarity, evaluation."""

import numpy as np
import pytest

from course_utils import embeddings
from course_utils.corpus import data_path, load_lee_corpus, split_sentences
from course_utils.evaluation import (analogy_accuracy, load_analogies, load_word_similarity, rank, spearman,
                                     word_similarity)
from course_utils.gradcheck import gradient_check
from course_utils.text import UNK, Vocabulary, one_hot
from course_utils.word_map import pca, plot_word_groups

WORDS = ["man", "woman", "king", "queen", "prince", "apple"]


def toy():
    """A vocabulary (<UNK>, <EOS> and WORDS) and hand-made 3-D embeddings: royalty, gender, other."""
    vocab = Vocabulary(WORDS)
    E = np.array([[-1, 0, 0], [0, 0, -1],                       # <UNK>, <EOS>
                  [0, 1, 0], [0, -1, 0],                        # man, woman
                  [1, 0.3, 0], [1, -0.5, 0.8], [1, 1.5, 0.2],   # king, queen, prince
                  [0, 0, 1]], dtype=float).T
    return vocab, E


# ----------------------------------------------------------------------------- the layer


def test_lookup_equals_e_times_one_hot_and_padding_gives_zeros():
    rng = np.random.default_rng(0)
    E = rng.normal(size=(4, 9))
    indices = np.array([[3, 0, 8, -1], [2, 2, -1, -1]])
    x = embeddings.embedding_forward(E, indices)
    assert x.shape == (4, 2, 4)
    np.testing.assert_allclose(x, np.einsum("ev,vmt->emt", E, one_hot(indices, 9)))
    assert not x[:, 0, 3].any() and not x[:, 1, 2:].any()
    assert x.dtype == E.dtype
    assert embeddings.embedding_forward(E.astype(np.float32), indices).dtype == np.float32


def test_embedding_backward_adds_repeated_words_and_passes_a_gradient_check():
    rng = np.random.default_rng(1)
    E = rng.normal(size=(3, 6))
    indices = np.array([[1, 4, 1], [4, 4, -1]])                   # word 4 three times, word 1 twice
    G = rng.normal(size=(3, 2, 3))
    dE = embeddings.embedding_backward(G, indices, 6)
    np.testing.assert_allclose(dE[:, 4], G[:, 0, 1] + G[:, 1, 0] + G[:, 1, 1])
    np.testing.assert_allclose(dE[:, 1], G[:, 0, 0] + G[:, 0, 2])
    assert not dE[:, [0, 2, 3, 5]].any()                          # words not in the batch; padding is dropped
    errors = gradient_check(lambda: float(np.sum(embeddings.embedding_forward(E, indices) * G)), {"E": E}, {"dE": dE})
    assert errors["E"] < 1e-8


def test_embedding_layer_rejects_bad_input():
    E = np.zeros((3, 5))
    with pytest.raises(ValueError, match=r"indices must lie in \[0, V\) = \[0, 5\)"):
        embeddings.embedding_forward(E, np.array([[5]]))
    with pytest.raises(ValueError, match="int array of shape"):
        embeddings.embedding_forward(E, np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"E must have 2 dimensions \(n_e, V\)"):
        embeddings.embedding_forward(np.zeros(5), np.array([[0]]))
    with pytest.raises(ValueError, match=r"dx must have shape \(n_e, m, T_x\) = \(3, 1, 2\)"):
        embeddings.embedding_backward(np.zeros((3, 2, 1)), np.array([[0, 1]]), 5)


# ----------------------------------------------------------------------------- similarity


def test_cosine_similarity_by_hand():
    u = np.array([1.0, 0.0])
    v = np.array([[1.0, 0.0, -2.0, 3.0, 0.0], [0.0, 2.0, 0.0, 4.0, 0.0]])
    np.testing.assert_allclose(embeddings.cosine_similarity(u, v), [1.0, 0.0, -1.0, 0.6, 0.0])  # zero column -> 0
    assert embeddings.cosine_similarity(np.array([3.0, 4.0]), np.array([4.0, 3.0])) == pytest.approx(0.96)
    with pytest.raises(ValueError, match="same length n_e"):
        embeddings.cosine_similarity(np.ones(3), np.ones((2, 4)))


def test_nearest_neighbours_exclude_the_query_word_even_with_a_twin():
    vocab = Vocabulary(["cat", "dog", "tiger", "car", "bus"])
    angles = np.radians([200, 250, 0, 10, 20, 80, 90])
    lengths = np.array([1.0, 1.0, 1.0, 3.0, 0.5, 4.0, 1.0])
    E = lengths * np.vstack([np.cos(angles), np.sin(angles)])
    # by the angles: dog 10 degrees from cat, tiger 20, car 80 (the dot product would put car before tiger)
    assert embeddings.nearest_neighbours(E, vocab, "cat", k=3) == ["dog", "tiger", "car"]
    E[:, vocab.index("dog")] = 7 * E[:, vocab.index("cat")]       # a twin: same direction as cat
    for word in ["cat", "dog"]:
        neighbours = embeddings.nearest_neighbours(E, vocab, word, k=6)
        assert word not in neighbours and len(neighbours) == 6
        assert neighbours[0] == ({"cat", "dog"} - {word}).pop()
    with pytest.raises(ValueError, match="'zebra' is not in the vocabulary"):
        embeddings.nearest_neighbours(E, vocab, "zebra")


def test_analogy_excludes_the_three_query_words():
    vocab, E = toy()
    # e_woman - e_man + e_king is closest to woman itself; excluding a, b, c leaves queen
    target = E[:, vocab.index("woman")] - E[:, vocab.index("man")] + E[:, vocab.index("king")]
    assert vocab.word(int(np.argmax(embeddings.cosine_similarity(target, E)))) == "woman"
    assert embeddings.analogy(E, vocab, "man", "woman", "king") == "queen"
    assert embeddings.analogy(E, vocab, "woman", "man", "king") == "prince"
    rng = np.random.default_rng(2)
    for _ in range(20):
        E = rng.normal(size=(3, len(vocab)))
        a, b, c = rng.choice(WORDS, size=3, replace=False)
        assert embeddings.analogy(E, vocab, a, b, c) not in (a, b, c)


def test_one_hot_words_are_all_equally_far_apart():
    distances, similarities = embeddings.one_hot_distances([5999, 9776, 5830], 10_000)
    off = ~np.eye(3, dtype=bool)
    np.testing.assert_allclose(distances[off], np.sqrt(2))
    np.testing.assert_allclose(similarities[off], 0.0)
    np.testing.assert_allclose(np.diag(similarities), 1.0)


# ----------------------------------------------------------------------------- evaluation


def test_rank_averages_ties():
    np.testing.assert_allclose(rank([10, 30, 20, 20]), [1, 4, 2.5, 2.5])
    np.testing.assert_allclose(rank([5, 5, 5]), [2, 2, 2])


def test_spearman_by_hand():
    # x ranks 1 2 3 4 5; y = (10, 30, 20, 50, 40) ranks 1 3 2 5 4; d = 0 -1 1 -1 1, sum d^2 = 4;
    # without ties rho = 1 - 6 * 4 / (5 * (25 - 1)) = 1 - 24 / 120 = 0.8
    assert spearman([1, 2, 3, 4, 5], [10, 30, 20, 50, 40]) == pytest.approx(0.8)
    assert spearman([1, 2, 3], [1, 4, 9]) == pytest.approx(1.0)            # any increasing function
    assert spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    # with ties: x ranks 1 2.5 2.5 4, y ranks 1 2 3 4; Pearson of the ranks, centred:
    # x: -1.5 0 0 1.5, y: -1.5 -0.5 0.5 1.5 -> 4.5 / sqrt(4.5 * 5) = 0.9487
    assert spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(4.5 / np.sqrt(4.5 * 5))
    with pytest.raises(ValueError, match="constant"):
        spearman([1, 1, 1], [1, 2, 3])
    with pytest.raises(ValueError, match="same length"):
        spearman([1, 2], [1, 2, 3])


def test_spearman_matches_scipy_when_it_is_installed():
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(3)
    x, y = rng.integers(0, 8, size=40), rng.normal(size=40)              # many ties in x
    assert spearman(x, y) == pytest.approx(stats.spearmanr(x, y)[0], abs=1e-12)


def test_shipped_data_files_are_there_and_parsed():
    pairs = load_word_similarity()
    assert len(pairs) == 353 and pairs[0] == ("love", "sex", 6.77)
    questions = load_analogies()
    assert len(questions) == 19_544
    assert questions[0] == ("capital-common-countries", "athens", "greece", "baghdad", "iraq")
    sentences = load_lee_corpus()
    assert len(sentences) == 2730 and sum(map(len, sentences)) == 60_533
    assert sentences[0][:4] == ["hundreds", "of", "people", "have"]
    assert split_sentences("Fires burn. Crews, tired, wait!  ") == [["fires", "burn"], ["crews", "tired", "wait"]]
    with pytest.raises(ValueError, match="has no file 'missing.txt'"):
        data_path("missing.txt")


def test_word_similarity_and_analogy_accuracy_by_hand():
    vocab, E = toy()
    pairs = [("king", "queen", 8.0), ("king", "prince", 7.0), ("man", "apple", 1.0), ("man", "zebra", 5.0)]
    result = word_similarity(E, vocab, pairs)
    assert (result["pairs_used"], result["pairs_total"]) == (3, 4)      # zebra is not in the vocabulary
    cos = [embeddings.cosine_similarity(E[:, vocab.index(a)], E[:, vocab.index(b)]) for a, b, _ in pairs[:3]]
    assert result["spearman"] == pytest.approx(spearman([8.0, 7.0, 1.0], cos))
    questions = [("s", "man", "woman", "king", "queen"), ("s", "woman", "man", "king", "prince"),
                 ("s", "man", "woman", "prince", "king"), ("s", "man", "woman", "zebra", "queen")]
    accuracy = analogy_accuracy(E, vocab, questions)
    expected = [embeddings.analogy(embeddings.normalize_columns(E), vocab, *q[1:4]) == q[4] for q in questions[:3]]
    assert accuracy["questions_used"] == 3 and accuracy["questions_total"] == 4
    assert accuracy["correct"] == sum(expected) and accuracy["accuracy"] == pytest.approx(sum(expected) / 3)


def test_random_vectors_score_near_zero():
    sentences = load_lee_corpus()
    vocab = Vocabulary.from_corpus(sentences, min_count=5)
    E = np.random.default_rng(0).normal(size=(50, len(vocab)))
    assert abs(word_similarity(E, vocab)["spearman"]) < 0.3
    result = analogy_accuracy(E, vocab)
    assert result["questions_used"] == 146 and result["accuracy"] < 0.03
    assert UNK in vocab


# ----------------------------------------------------------------------------- the 2-D map


def test_pca_finds_the_direction_of_largest_spread():
    rng = np.random.default_rng(4)
    X = np.outer([3.0, 4.0, 0.0], rng.normal(size=30)) + 0.01 * rng.normal(size=(3, 30))
    Y, explained = pca(X, 2)
    assert Y.shape == (2, 30) and explained[0] > 0.99
    centred = X - X.mean(axis=1, keepdims=True)
    np.testing.assert_allclose(np.abs(Y[0]), np.abs(np.array([0.6, 0.8, 0.0]) @ centred), rtol=1e-3, atol=1e-3)
    with pytest.raises(ValueError, match="n_components"):
        pca(X, 4)


def test_plot_word_groups_draws_every_word():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    vocab, E = toy()
    ax = plot_word_groups(E, vocab, {"royals": ["king", "queen", "prince"], "others": ["man", "woman", "apple"]})
    assert len(ax.texts) == 6 and len(ax.collections) == 2
    plt.close(ax.figure)
