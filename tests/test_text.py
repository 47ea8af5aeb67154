"""course_utils.text: tokens, vocabulary, one-hot and back."""

import numpy as np
import pytest

from course_utils.text import EOS, UNK, Vocabulary, one_hot, one_hot_decode, pad_batch, tokenize

HARRY = ["Harry went to the store.", "The store was visited by Harry.", "Did you see Harry at the store?"]


def test_tokenize_lowercases_and_splits_punctuation():
    assert tokenize("Did you see Harry at the store?") == ["did", "you", "see", "harry", "at", "the", "store", "?"]
    assert tokenize("Don't stop <EOS>") == ["don't", "stop", "<EOS>"]
    assert tokenize("") == []


def test_vocabulary_reserves_unk_and_eos_then_orders_by_count():
    vocab = Vocabulary.from_corpus(["the cat sat", "the dog sat", "a cat"])
    # counted by hand: cat, sat, the twice (alphabetical among ties); a, dog once
    assert vocab.index_to_word == [UNK, EOS, "cat", "sat", "the", "a", "dog"]
    assert vocab.word_to_index[UNK] == 0 and vocab.word_to_index[EOS] == 1


def test_vocabulary_max_size_counts_reserved_tokens_and_min_count_drops_rare_words():
    corpus = ["the cat sat", "the dog sat", "a cat"]
    assert len(Vocabulary.from_corpus(corpus, max_size=4)) == 4
    assert Vocabulary.from_corpus(corpus, min_count=2).index_to_word == [UNK, EOS, "cat", "sat", "the"]


def test_unknown_words_map_to_unk_and_encode_ends_with_eos():
    vocab = Vocabulary.from_corpus(HARRY)
    encoded = vocab.encode("Harry saw a dragon")
    assert encoded == [vocab.index("harry"), 0, 0, 0, 1]
    assert vocab.decode(encoded) == ["harry", UNK, UNK, UNK, EOS]
    assert vocab.encode("harry", add_eos=False) == [vocab.index("harry")]


def test_reserved_tokens_in_text_get_no_second_index():
    vocab = Vocabulary.from_corpus(["stop <EOS> go <UNK>"])
    assert vocab.index_to_word == [UNK, EOS, "go", "stop"]


def test_pad_batch_pads_with_minus_one_and_keeps_lengths():
    indices, lengths = pad_batch([[5, 3, 1], [4, 1]])
    assert indices.tolist() == [[5, 3, 1], [4, 1, -1]]
    assert lengths.tolist() == [3, 2]


def test_one_hot_matches_a_loop_and_round_trips():
    rng = np.random.default_rng(0)
    indices = rng.integers(0, 30, size=(7, 9))
    indices[2, 5:] = -1
    x = one_hot(indices, 30)
    assert x.shape == (30, 7, 9)
    expected = np.zeros((30, 7, 9))
    for i in range(7):
        for t in range(9):
            if indices[i, t] >= 0:
                expected[indices[i, t], i, t] = 1
    np.testing.assert_array_equal(x, expected)
    np.testing.assert_array_equal(one_hot_decode(x), indices)


def test_one_hot_accepts_ragged_lists():
    x = one_hot([[2, 1], [3]], 4)
    assert x.shape == (4, 2, 2)
    assert x[:, 1, 1].sum() == 0


@pytest.mark.parametrize(
    "indices, vocab_size, message",
    [
        (np.array([[0, 5]]), 5, r"indices must be < vocab_size = 5, got 5"),
        (np.array([0, 1]), 5, r"shape \(m, T_x\)"),
        (np.array([[0.5, 1.0]]), 5, r"int array of shape \(m, T_x\)"),
        (np.array([[0, 1]]), 0, r"vocab_size must be a positive int"),
    ],
)
def test_one_hot_rejects_bad_input_with_a_clear_message(indices, vocab_size, message):
    with pytest.raises(ValueError, match=message):
        one_hot(indices, vocab_size)


def test_vocabulary_rejects_bad_input():
    with pytest.raises(ValueError, match="list of sentences"):
        Vocabulary.from_corpus("just one string")
    with pytest.raises(ValueError, match=r"index must be an int in \[0, 2\)"):
        Vocabulary([]).word(7)
    with pytest.raises(ValueError, match="sentence must be a str"):
        tokenize(["a", "list"])
