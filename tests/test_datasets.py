"""course_utils.datasets, baselines, sampling and training.train: the data of 05/06 and the pieces around it."""

import numpy as np
import pytest

from course_utils.baselines import accuracy, bag_of_words, majority_labels, predict_majority
from course_utils.datasets import (
    NOTES,
    REX_TAGS,
    TAGS,
    encode_labels,
    encode_tokens,
    load_melodies,
    load_number_words,
    load_rex,
    load_sentiment,
    load_tagging,
    melody_is_valid,
    number_to_words,
)
from course_utils.rnn import initialize_parameters
from course_utils.sampling import most_likely, sample_columns
from course_utils.text import Vocabulary, tokenize
from course_utils.training import loss_and_gradients, train


def key(sentence):
    return " ".join(sentence) if isinstance(sentence, list) else sentence


# ----------------------------------------------------------------------------- determinism and splits


@pytest.mark.parametrize("load, splits", [(load_tagging, ["train", "test"]),
                                          (load_sentiment, ["train", "test", "order"]),
                                          (load_number_words, ["train", "test"]),
                                          (load_rex, ["train", "test"])])
def test_every_set_is_the_same_on_every_call_and_its_splits_are_disjoint(load, splits):
    seen = {}
    for split in splits:
        first, second = load(split), load(split)
        for a, b in zip(first, second):
            assert (a == b).all() if isinstance(a, np.ndarray) else a == b, f"{load.__name__}({split!r}) changes"
        sentences = {key(s) for s in first[0]}
        assert len(sentences) == len(first[0]), f"{load.__name__}({split!r}) repeats an item"
        for other, items in seen.items():
            assert not sentences & items, f"{load.__name__}: {split!r} and {other!r} share items"
        seen[split] = sentences
    with pytest.raises(ValueError, match="split must be one of"):
        load("validation")


def test_sizes():
    assert [len(load_tagging(s)[0]) for s in ("train", "test")] == [600, 200]
    assert [len(load_sentiment(s)[0]) for s in ("train", "test", "order")] == [800, 300, 120]
    assert [len(load_number_words(s)[0]) for s in ("train", "test")] == [750, 250]
    assert [len(load_rex(s)[0]) for s in ("train", "test")] == [500, 300]


# ----------------------------------------------------------------------------- tagging


def test_tagging_aligns_tags_with_tokens_and_needs_context():
    sentences, tags = load_tagging("train")
    assert all(len(s) == len(t) for s, t in zip(sentences, tags))
    assert all(set(t) <= set(TAGS) for t in tags)
    assert all(s[-1] == "." and t[-1] == "PUNCT" for s, t in zip(sentences, tags))
    uses = {}
    for s, t in zip(sentences, tags):
        for word, tag in zip(s, t):
            uses.setdefault(word, set()).add(tag)
    for word in ["fish", "watch", "book", "duck"]:
        assert uses[word] == {"NOUN", "VERB"}, word
    assert uses["can"] == {"NOUN", "AUX"}
    # the words are tokens as course_utils.text.tokenize makes them
    assert all(tokenize(" ".join(s)) == s for s in sentences[:50])


def test_a_majority_tagger_leaves_room_for_context():
    train_s, train_t = load_tagging("train")
    test_s, test_t = load_tagging("test")
    table, fallback = majority_labels(train_s, train_t)
    predicted = encode_labels(predict_majority(test_s, table, fallback), TAGS)
    score = accuracy(predicted, encode_labels(test_t, TAGS))
    assert 0.8 < score < 0.95


# ----------------------------------------------------------------------------- sentiment


def test_sentiment_labels_follow_the_grammar():
    sentences, labels = load_sentiment("train")
    assert labels.dtype == np.int64 and set(labels.tolist()) == {0, 1}
    assert 0.4 < labels.mean() < 0.6
    by_text = dict(zip(sentences, labels.tolist()))
    # sentences checked by hand against the rules in the docstring, found among the drawn ones
    positive = {"good", "great", "fun", "excellent", "wonderful", "nice", "brilliant", "charming"}
    for sentence, label in list(by_text.items())[:200]:
        tokens = tokenize(sentence)
        adjectives = [(i, t) for i, t in enumerate(tokens) if t in positive or t in
                      {"bad", "awful", "boring", "terrible", "dull", "poor", "weak", "horrible"}]
        if "but" in tokens:
            expected = adjectives[-1][1] in positive
        elif len(adjectives) == 2:   # X, not Y
            expected = adjectives[0][1] in positive
        else:
            expected = (adjectives[0][1] in positive) != ("not" in tokens)
        assert label == expected, sentence


def test_the_order_split_comes_in_mirror_pairs_a_bag_of_words_cannot_tell_apart():
    sentences, labels = load_sentiment("order")
    for i in range(0, len(sentences), 2):
        a, b = sentences[i], sentences[i + 1]
        assert sorted(tokenize(a)) == sorted(tokenize(b)) and a != b
        assert labels[i] == 1 - labels[i + 1]
    vocab = Vocabulary.from_corpus(sentences)
    counts = bag_of_words(encode_tokens(sentences, vocab)[0], len(vocab))
    np.testing.assert_array_equal(counts[:, 0::2], counts[:, 1::2])


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("n, words", [(0, "zero"), (7, "seven"), (13, "thirteen"), (20, "twenty"),
                                      (42, "forty two"), (100, "one hundred"), (305, "three hundred five"),
                                      (519, "five hundred nineteen"), (999, "nine hundred ninety nine")])
def test_number_to_words_by_hand(n, words):
    assert number_to_words(n) == words


def test_number_words_are_distinct_and_the_splits_cover_0_to_999():
    assert len({number_to_words(n) for n in range(1000)}) == 1000
    train_src, train_tgt = load_number_words("train")
    test_src, test_tgt = load_number_words("test")
    assert sorted(int(t) for t in train_tgt + test_tgt) == list(range(1000))
    assert all(number_to_words(int(t)) == s for s, t in zip(train_src + test_src, train_tgt + test_tgt))
    train_words = {w for s in train_src for w in s.split()}
    assert {w for s in test_src for w in s.split()} <= train_words, "a test number has a word never seen in training"
    assert "0" in train_tgt  # "zero" occurs in 0 only
    for bad in [-1, 1000, 3.0, True]:
        with pytest.raises(ValueError, match="n must be an int from 0 to 999"):
            number_to_words(bad)


# ----------------------------------------------------------------------------- melodies


def test_melodies_follow_the_rules_and_start_everywhere():
    melodies = load_melodies(300, length=8, seed=3)
    assert melodies.shape == (300, 8) and melodies.dtype == np.int64
    assert all(melody_is_valid(m) for m in melodies)
    assert set(melodies[:, 0].tolist()) == set(range(len(NOTES)))
    np.testing.assert_array_equal(melodies, load_melodies(300, length=8, seed=3))
    assert not np.array_equal(melodies, load_melodies(300, length=8, seed=4))


def test_melody_is_valid_by_hand():
    assert melody_is_valid([4, 3, 1, 0])          # G F D C
    assert melody_is_valid([5, 6, 7])             # A B c
    assert not melody_is_valid([4, 4, 2, 0])      # a repeated note
    assert not melody_is_valid([4, 0])            # a leap of four notes
    assert not melody_is_valid([0, 1, 2])         # does not end on C or c
    assert not melody_is_valid([0])
    with pytest.raises(ValueError, match="m must be an int >= 1"):
        load_melodies(0)


# ----------------------------------------------------------------------------- Rex


def test_rex_tags_follow_the_kind_word_and_needs_future_marks_the_clue_after_the_name():
    dog_words, dino_words = {"dog", "puppy", "poodle"}, {"dinosaur", "raptor", "stegosaurus"}
    sentences, tags, future = load_rex("train")
    tags_of_rex = set()
    for words, tag, needs in zip(sentences, tags, future):
        assert len(words) == len(tag) == len(needs) and set(tag) <= set(REX_TAGS)
        (name_at,) = [i for i, t in enumerate(tag) if t != "O"]
        (kind_at,) = [i for i, w in enumerate(words) if w in dog_words | dino_words]
        assert tag[name_at] == ("DOG" if words[kind_at] in dog_words else "DINO")
        assert needs == [i == name_at and kind_at > name_at for i in range(len(words))]
        if words[name_at] == "rex":
            tags_of_rex.add(tag[name_at])
    assert tags_of_rex == {"DOG", "DINO"}
    share = np.mean([any(n) for n in future])
    assert 0.55 < share < 0.75


# ----------------------------------------------------------------------------- loaders


def test_encode_tokens_and_labels_pad_with_minus_one():
    vocab = Vocabulary(["the", "dog"])
    indices, lengths = encode_tokens([["the", "dog"], "The cat"], vocab)
    np.testing.assert_array_equal(indices, [[2, 3], [2, 0]])   # cat -> <UNK> = 0
    np.testing.assert_array_equal(lengths, [2, 2])
    indices, lengths = encode_tokens(["dog", "the dog dog"], vocab)
    np.testing.assert_array_equal(indices, [[3, -1, -1], [2, 3, 3]])
    np.testing.assert_array_equal(lengths, [1, 3])
    np.testing.assert_array_equal(encode_labels([["B"], ["A", "B"]], ["A", "B"]), [[1, -1], [0, 1]])
    with pytest.raises(ValueError, match="not one of"):
        encode_labels([["C"]], ["A", "B"])
    with pytest.raises(ValueError, match="must not be empty"):
        encode_tokens(["the", ""], vocab)
    with pytest.raises(ValueError, match="vocab must be a course_utils.text.Vocabulary"):
        encode_tokens(["the"], {"the": 2})


# ----------------------------------------------------------------------------- baselines


def test_accuracy_by_hand():
    assert accuracy([1, 0, 2], [1, 1, 2]) == pytest.approx(2 / 3)
    assert accuracy([[1, 5], [0, 0]], [[1, -1], [0, 1]]) == pytest.approx(2 / 3)   # -1 not counted
    assert accuracy([1, 0], [1, 1], where=[False, True]) == 0.0
    assert np.isnan(accuracy([1], [-1]))
    with pytest.raises(ValueError, match="same shape"):
        accuracy([1, 2], [1])


def test_majority_labels_breaks_ties_alphabetically():
    table, fallback = majority_labels([["a", "b", "a"], ["a", "b"]], [["X", "Y", "Z"], ["Z", "X"]])
    assert table == {"a": "Z", "b": "X"} and fallback == "X"   # X: 2, Z: 2, Y: 1 -> X
    assert predict_majority([["b", "new"]], table, fallback) == [["X", "X"]]


def test_bag_of_words_by_hand():
    counts = bag_of_words(np.array([[2, 2, 0], [1, -1, -1]]), 3)
    np.testing.assert_array_equal(counts, [[1, 0], [0, 1], [2, 0]])


# ----------------------------------------------------------------------------- sampling


def test_sample_columns_draws_from_each_column_and_is_seeded():
    p = np.array([[0.7, 0.0, 1.0], [0.2, 0.5, 0.0], [0.1, 0.5, 0.0]])
    draws = np.stack([sample_columns(p, np.random.default_rng(s)) for s in range(4000)])   # (4000, 3)
    for column in range(3):
        frequencies = np.bincount(draws[:, column], minlength=3) / len(draws)
        np.testing.assert_allclose(frequencies, p[:, column], atol=0.03)
    np.testing.assert_array_equal(sample_columns(p, np.random.default_rng(1)), sample_columns(p, np.random.default_rng(1)))
    np.testing.assert_array_equal(most_likely(p), [0, 1, 0])
    with pytest.raises(ValueError, match="every column summing to 1"):
        sample_columns(p.T, np.random.default_rng(0))
    with pytest.raises(ValueError, match="rng must be a np.random.Generator"):
        sample_columns(p, 0)


# ----------------------------------------------------------------------------- the training loop


def _echo_problem():
    rng = np.random.default_rng(0)
    x = np.eye(3)[:, rng.integers(0, 3, size=(64, 5))]       # (3, 64, 5) one-hot
    y = x.argmax(axis=0)                                     # repeat the input
    return x, y


@pytest.mark.parametrize("optimizer, learning_rate", [("adam", 0.05), ("sgd", 0.5)])
def test_train_is_deterministic_and_lowers_the_loss(optimizer, learning_rate):
    x, y = _echo_problem()
    runs = []
    for _ in range(2):
        parameters = initialize_parameters(8, 3, 3, seed=1)
        history = train(lambda b: loss_and_gradients(x[:, b], y[b], np.zeros((8, len(b))), parameters),
                        parameters, n_examples=64, n_steps=60, learning_rate=learning_rate, batch_size=16,
                        optimizer=optimizer, log_every=10, show_progress=False)
        runs.append(history)
    assert runs[0] == runs[1]
    assert runs[0]["step"] == [1, 10, 20, 30, 40, 50, 60]
    assert runs[0]["loss"][-1] < 0.5 * runs[0]["loss"][0]


def test_train_rejects_bad_arguments():
    parameters = initialize_parameters(2, 2, 2)
    with pytest.raises(ValueError, match="optimizer must be 'adam' or 'sgd'"):
        train(lambda b: (0.0, {}), parameters, 4, 1, optimizer="rmsprop")
    with pytest.raises(ValueError, match="n_steps must be an int >= 1"):
        train(lambda b: (0.0, {}), parameters, 4, 0)


# ----------------------------------------------------------------------------- the grouped bar chart


def test_plot_grouped_bars_draws_one_bar_per_series_and_group():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course_utils.plots import plot_grouped_bars

    ax = plot_grouped_bars(["a", "b", "c"], {"uni": [0.5, 0.9, float("nan")], "bi": [1.0, 1.0, 0.25]}, ylabel="accuracy")
    assert len(ax.patches) == 6
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert sorted(t.get_text() for t in ax.texts) == ["", "100%", "100%", "25%", "50%", "90%"]
    with pytest.raises(ValueError, match="series 'uni' has 2 values for 3 groups"):
        plot_grouped_bars(["a", "b", "c"], {"uni": [0.5, 0.9]}, ylabel="accuracy")
    plt.close("all")
