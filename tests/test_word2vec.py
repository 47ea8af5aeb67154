"""course_utils.word2vec: pairs, subsampling, negatives, the SGNS gradients, training, and gensim as a witness."""

import re

import numpy as np
import pytest
from tqdm import tqdm

from course_utils import word2vec as w2v
from course_utils.corpus import load_lee_corpus
from course_utils.evaluation import analogy_accuracy, word_similarity
from course_utils.gradcheck import gradient_check
from course_utils.text import Vocabulary

# The numpy skip-gram's mean Spearman correlation with WordSim-353 (5 seeds, train_skipgram's defaults on
# the Lee corpus) must lie within this distance of gensim's Word2Vec with the same settings and seeds.
# Measured with gensim 4.4.0: numpy 0.159, gensim 0.154. One seed alone varies by about +-0.065 for either,
# so the mean of 5 by about +-0.03, and the difference of two means by about +-0.04.
SPEARMAN_MARGIN = 0.10
SEEDS = range(5)


# ----------------------------------------------------------------------------- pairs and sampling


def test_skipgram_pairs_by_hand_and_never_across_sentences():
    centres, contexts = w2v.skipgram_pairs([[5, 6, 7], [8, 9]], window=1)
    assert list(zip(centres, contexts)) == [(5, 6), (6, 5), (6, 7), (7, 6), (8, 9), (9, 8)]
    centres, contexts = w2v.skipgram_pairs([[1, 2, 3, 4]], window=2)
    assert sorted(zip(centres.tolist(), contexts.tolist())) == [
        (1, 2), (1, 3), (2, 1), (2, 3), (2, 4), (3, 1), (3, 2), (3, 4), (4, 2), (4, 3)]
    assert w2v.skipgram_pairs([[3]], window=2)[0].size == 0


def test_reduced_window_keeps_the_neighbours_and_some_of_the_far_words():
    sentence = [list(range(40))]
    full = set(zip(*(a.tolist() for a in w2v.skipgram_pairs(sentence, window=4))))
    reduced = set(zip(*(a.tolist() for a in w2v.skipgram_pairs(sentence, window=4, rng=np.random.default_rng(0)))))
    assert reduced < full
    assert {(i, i + 1) for i in range(39)} <= reduced                   # distance 1 is always inside the window
    assert any(abs(c - o) == 4 for c, o in reduced)


def test_subsampling_drops_frequent_words_and_keeps_rare_ones():
    sentences = [np.array([0] * 900 + [1] * 100 + [2, 3, 4])]
    counts = w2v.word_counts(sentences, 5)
    kept = w2v.subsample(sentences, counts, threshold=1e-3, rng=np.random.default_rng(0))[0]
    kept_counts = np.bincount(kept, minlength=5)
    assert (kept_counts[2:] == 1).all()                                  # frequency < ~threshold: always kept
    f = counts / counts.sum()
    keep = np.minimum(1, (np.sqrt(f / 1e-3) + 1) * 1e-3 / f)
    assert kept_counts[0] == pytest.approx(900 * keep[0], abs=4 * np.sqrt(900 * keep[0]))
    assert w2v.subsample(sentences, counts, threshold=None)[0].tolist() == sentences[0].tolist()


def test_negative_sampler_follows_unigram_to_the_three_quarters():
    counts = np.array([1000, 100, 10, 0, 1])
    sampler = w2v.NegativeSampler(counts, seed=0)
    weights = np.array([1000, 100, 10, 0, 1]) ** 0.75
    np.testing.assert_allclose(sampler.probabilities, weights / weights.sum())
    drawn = sampler.sample(200_000, 2)
    assert drawn.shape == (200_000, 2) and 3 not in drawn                # count 0: never drawn
    frequencies = np.bincount(drawn.ravel(), minlength=5) / drawn.size
    np.testing.assert_allclose(frequencies, sampler.probabilities, atol=3e-3)
    again = w2v.NegativeSampler(counts, seed=0).sample(200_000, 2)
    assert np.array_equal(drawn, again)                                  # seeded
    with pytest.raises(ValueError, match="counts"):
        w2v.NegativeSampler(np.zeros(3))


# ----------------------------------------------------------------------------- loss and gradients


def test_sgns_loss_and_gradients_by_hand_when_the_scores_are_zero():
    rng = np.random.default_rng(1)
    n_e, m, K = 3, 2, 4
    theta_o, theta_neg = rng.normal(size=(n_e, m)), rng.normal(size=(n_e, m, K))
    loss, grads = w2v.sgns_loss_and_gradients(np.zeros((n_e, m)), theta_o, theta_neg)
    assert loss == pytest.approx(m * (1 + K) * np.log(2))                # sigmoid(0) = 1/2 everywhere
    np.testing.assert_allclose(grads["de_c"], -theta_o / 2 + theta_neg.sum(axis=2) / 2)
    assert not grads["dtheta_o"].any() and not grads["dtheta_neg"].any()


def test_sgns_gradients_pass_a_finite_difference_check():
    rng = np.random.default_rng(2)
    n_e, m, K = 5, 4, 3
    params = {"e_c": rng.normal(size=(n_e, m)), "theta_o": rng.normal(size=(n_e, m)),
              "theta_neg": rng.normal(size=(n_e, m, K))}

    def loop_loss():  # one pair at a time: an independent statement of the loss
        total = 0.0
        for i in range(m):
            total += np.log1p(np.exp(-params["theta_o"][:, i] @ params["e_c"][:, i]))
            for k in range(K):
                total += np.log1p(np.exp(params["theta_neg"][:, i, k] @ params["e_c"][:, i]))
        return total

    loss, grads = w2v.sgns_loss_and_gradients(params["e_c"], params["theta_o"], params["theta_neg"])
    assert loss == pytest.approx(loop_loss())
    errors = gradient_check(loop_loss, params, grads)
    assert max(errors.values()) < 1e-7, errors


def test_sgns_loss_stays_finite_for_huge_scores_in_float32():
    e = np.full((2, 1), 30.0, dtype=np.float32)
    loss, grads = w2v.sgns_loss_and_gradients(e, -e, e[:, :, None])     # s_o = -1800, s_k = +1800
    assert loss == pytest.approx(2 * 1800, rel=1e-6)
    assert all(np.isfinite(g).all() and g.dtype == np.float32 for g in grads.values())


def test_sgns_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"theta_o must have shape \(n_e, m\) = \(3, 2\)"):
        w2v.sgns_loss_and_gradients(np.zeros((3, 2)), np.zeros((2, 3)), np.zeros((3, 2, 1)))
    with pytest.raises(ValueError, match=r"theta_neg must have shape \(n_e, m, K\)"):
        w2v.sgns_loss_and_gradients(np.zeros((3, 2)), np.zeros((3, 2)), np.zeros((3, 3, 1)))


# ----------------------------------------------------------------------------- training


@pytest.fixture(scope="module")
def lee():
    sentences = load_lee_corpus()
    vocab = Vocabulary.from_corpus(sentences, min_count=5)
    return vocab, w2v.encode_sentences(sentences, vocab)


def test_encode_sentences_maps_rare_words_to_unk_and_ends_with_eos(lee):
    vocab, corpus = lee
    assert len(vocab) == 1833 and len(corpus) == 2730
    assert all(s[-1] == vocab.index("<EOS>") for s in corpus)
    counts = w2v.word_counts(corpus, len(vocab))
    assert counts[vocab.index("<UNK>")] == 9299 and counts.sum() == 60_533 + 2730


def test_training_is_seeded_calls_the_given_function_and_lowers_the_loss():
    sentences = [np.array([2, 3, 4, 2, 3, 4, 5, 6]), np.array([5, 6, 2, 3])] * 20
    calls = []

    def counted(e_c, theta_o, theta_neg):
        calls.append(e_c.shape[1])
        return w2v.sgns_loss_and_gradients(e_c, theta_o, theta_neg)

    first = w2v.train_skipgram(sentences, 7, n_e=4, window=2, epochs=3, batch_size=16, seed=3,
                               loss_and_gradients=counted, show_progress=False, subsample_threshold=None)
    again = w2v.train_skipgram(sentences, 7, n_e=4, window=2, epochs=3, batch_size=16, seed=3,
                               show_progress=False, subsample_threshold=None)
    assert np.array_equal(first["E"], again["E"]) and np.array_equal(first["Theta"], again["Theta"])
    assert sum(calls) == first["history"]["pairs"][-1] and max(calls) == 16
    assert first["E"].shape == (4, 7)
    assert first["history"]["loss"][-1] < first["history"]["loss"][0]


def test_training_shows_a_bar_over_the_pairs_with_the_loss_per_pair(capsys):
    sentences = [np.array([2, 3, 4, 2, 3, 4, 5, 6]), np.array([5, 6, 2, 3])] * 20
    result = w2v.train_skipgram(sentences, 7, n_e=4, window=2, epochs=2, batch_size=16, seed=3,
                                subsample_threshold=None, description="skip-gram")
    pairs = result["history"]["pairs"][-1]
    out, err = capsys.readouterr()
    assert out == ""
    final = err.rstrip("\n").rsplit("\r", 1)[-1]
    done = re.escape(tqdm.format_sizeof(pairs))  # the count of pairs, as "1.09k"
    assert re.fullmatch(rf"skip-gram: 100%\|.+\| {done}/{done} \[.*pair/s, loss per pair \d+\.\d{{3}}\]",
                        final), repr(err)


def test_words_that_never_occur_keep_their_initial_vectors():
    sentences = [np.array([2, 3, 4, 2, 3, 4])] * 10
    a = w2v.train_skipgram(sentences, 6, n_e=3, window=1, epochs=2, seed=0, show_progress=False,
                           subsample_threshold=None)
    b = w2v.train_skipgram(sentences, 6, n_e=3, window=1, epochs=1, seed=0, show_progress=False,
                           subsample_threshold=None)
    np.testing.assert_array_equal(a["E"][:, [0, 1, 5]], b["E"][:, [0, 1, 5]])
    assert not a["Theta"][:, [0, 1, 5]].any()


def test_training_rejects_bad_input():
    with pytest.raises(ValueError, match="sentences must be a list"):
        w2v.train_skipgram("a b c", 3)
    with pytest.raises(ValueError, match=r"sentences\[1\] holds a negative index"):
        w2v.train_skipgram([[1, 2], [0, -1]], 3)
    with pytest.raises(ValueError, match="window must be an int >= 1"):
        w2v.train_skipgram([[1, 2]], 3, window=0)
    with pytest.raises(ValueError, match="no \\(centre, context\\) pair"):
        w2v.train_skipgram([[1], [2]], 3, show_progress=False)


# ----------------------------------------------------------------------------- gensim as a witness


def test_spearman_of_the_numpy_skipgram_is_within_the_margin_of_gensims(lee):
    pytest.importorskip("gensim")
    vocab, corpus = lee
    ours, theirs, our_analogies, their_analogies = [], [], [], []
    for seed in SEEDS:
        E = w2v.train_skipgram(corpus, len(vocab), seed=seed, show_progress=False)["E"]
        G = w2v.train_gensim(corpus, vocab, seed=seed)
        ours.append(word_similarity(E, vocab)["spearman"])
        theirs.append(word_similarity(G, vocab)["spearman"])
        our_analogies.append(analogy_accuracy(E, vocab)["accuracy"])
        their_analogies.append(analogy_accuracy(G, vocab)["accuracy"])
    summary = (f"Spearman with WordSim-353, mean of {len(SEEDS)} seeds: numpy {np.mean(ours):.3f} "
               f"{np.round(ours, 3).tolist()}, gensim {np.mean(theirs):.3f} {np.round(theirs, 3).tolist()}; "
               f"analogy accuracy numpy {np.mean(our_analogies):.1%}, gensim {np.mean(their_analogies):.1%}")
    print(summary)
    assert abs(np.mean(ours) - np.mean(theirs)) <= SPEARMAN_MARGIN, summary
    assert np.mean(ours) > 0.05 and np.mean(theirs) > 0.05, summary     # both well above random vectors (~0)


def test_gensim_is_reported_missing_cleanly(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_gensim(name, *args, **kwargs):
        if name == "gensim" or name.startswith("gensim."):
            raise ImportError("No module named 'gensim'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_gensim)
    assert w2v.gensim_available() is False
    with pytest.raises(ImportError):
        w2v.train_gensim([np.array([2, 3])], Vocabulary(["a", "b"]))
