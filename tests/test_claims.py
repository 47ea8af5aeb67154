"""What the notebooks' markdown says about their results is what their own runs compute.

Each claim names the markdown cell that states it, quotes the words (so that rewording the text without
looking here fails), and checks the values the solution notebook computed: the variables it left
behind after its last cell (tests/notebook_runs.py; the run is shared with
tests/test_notebooks_execute.py). Every random draw of the notebooks is seeded, so the numbers are
stable; a check is a tolerance where the text rounds, a range where the text states one.

When a claim fails, either the text is wrong (fix the markdown) or the run changed (rerun, read the new
numbers, fix the markdown and the claim here). Limit the notebooks with COURSE_ASSIGNMENTS=04_bptt.
"""

import re
from typing import Callable, NamedTuple

import numpy as np
import pytest

from course_utils.text import tokenize

from nbgrader_course import SOLUTIONS, assignments
from notebook_runs import run_solution


class Claim(NamedTuple):
    cell: str  # id of the markdown cell that makes the statement
    says: str  # its words, as the cell has them (whitespace aside)
    holds: Callable[[dict], None]  # gets the notebook's values; asserts


def near(value, claimed, tol):
    """Assert |value - claimed| <= tol, saying both."""
    value = float(value)
    assert abs(value - claimed) <= tol, f"the run computed {value:.6g}, the text says {claimed} (tolerance {tol})"


def between(value, low, high):
    value = np.asarray(value, dtype=float)
    assert np.all((value >= low) & (value <= high)), f"the run computed {value}, the text says between {low} and {high}"


def equal(value, claimed):
    value = value.tolist() if isinstance(value, np.ndarray) else value
    assert value == claimed, f"the run computed {value!r}, the text says {claimed!r}"


def check(condition, message):
    assert condition, message


# ---------------------------------------------------------------------------------------------
# 01 — sequences and one-hot
# ---------------------------------------------------------------------------------------------

MLP, RNN = "MLP (a window of 8 slots)", "RNN (one W_ax for every step)"

CLAIMS_01 = [
    Claim("text-positions-explain", "\"a\" is at position 1, \"are\" at 457,\n\"perchance\" at 6754 and \"zyzzyva\" at 10,000, the last",
          lambda v: (equal([int(np.flatnonzero(v["x_text"][:, j])[0]) + 1 for j in range(4)], [1, 457, 6754, 10000]),
                     equal(v["x_text"].shape, (10000, 4)))),
    Claim("text-positions-explain", "Each word is\na column of 10,000 numbers with a single 1",
          lambda v: equal(v["x_text"].sum(axis=0).tolist(), [1.0] * 4)),
    Claim("harry-explain", "Both networks have 16 hidden units and train for 300 steps",
          lambda v: (equal(v["mlp"]["W1"].shape[0], 16), equal(v["rnn"]["Waa"].shape[0], 16))),
    Claim("lengths-explain", "both networks find the names: the RNN all of them, the MLP 199 of 200 (99.5%)",
          lambda v: (equal(v["names_found"][MLP][0], 0.995), equal(v["names_found"][RNN][0], 1.0))),
    Claim("lengths-explain", "At positions 4 to 7 the RNN still finds every name (100%); the MLP finds none (0%)",
          lambda v: (equal(v["names_found"][RNN][1], 1.0), equal(v["names_found"][MLP][1], 0.0))),
    Claim("lengths-explain", "and still gets 86% of the words right",
          lambda v: near(v["words_tagged_right"][MLP][1], 0.86, 0.005)),
    Claim("lengths-explain", "it calls the names\nthere \"not a name\", like the words around them",
          lambda v: equal(v["names_found"][MLP][1], 0.0)),
    Claim("lengths-explain", "it finds \"harry\" at positions 0 and 3 and misses it at position 5; the RNN finds all three",
          lambda v: (equal(v["harry_found"][MLP], [True, False, True]), equal(v["harry_found"][RNN], [True, True, True]),
                     equal([tokenize(s).index("harry") for s in v["sentences"]], [0, 5, 3]))),
    Claim("lengths-explain", "the sentences have 6, 7 and 8 tokens",
          lambda v: equal([len(tokenize(s)) for s in v["sentences"]], [6, 7, 8])),
]


# ---------------------------------------------------------------------------------------------
# 02 — the RNN cell
# ---------------------------------------------------------------------------------------------

CLAIMS_02 = [
    Claim("output-activation-explain", "which of 4 words comes next (4 probabilities that sum to 1)",
          lambda v: (equal(len(v["outputs"]["softmax (4 classes)"]), 4), near(v["outputs"]["softmax (4 classes)"].sum(), 1, 1e-12))),
    Claim("output-activation-explain", "(one probability, between 0 and 1, of \"yes\")",
          lambda v: between(v["outputs"]["sigmoid (yes/no)"], 0, 1)),
    Claim("a0-read", "The two runs start 2.44 apart; after one step they are 1.56 apart, after five steps 0.14, after twelve\n0.008",
          lambda v: (near(np.linalg.norm(v["starts"]["random"]), 2.44, 0.005), near(v["a0_gap"][0], 1.56, 0.005),
                     near(v["a0_gap"][4], 0.14, 0.005), near(v["a0_gap"][11], 0.008, 0.0005))),
    Claim("a0-read", "the state forgets where it started within a few words",
          lambda v: check(np.all(np.diff(v["a0_gap"]) < 0), v["a0_gap"])),
    Claim("picture-read", "yet the two columns differ",
          lambda v: check(v["harry_columns_apart"] > 0.1, f"the two columns are {v['harry_columns_apart']:.3f} apart")),
    Claim("picture-read", "no word gets less than half or more than one and a half times $1/11$",
          lambda v: (equal(len(v["predictions"][-1]), 11), between(v["predictions"][-1] * 11, 0.5, 1.5))),
]


# ---------------------------------------------------------------------------------------------
# 03 — the forward pass
# ---------------------------------------------------------------------------------------------

CLAIMS_03 = [
    Claim("mask-matters-read", "With the mask $L$ = 15.40, without it 24.52",
          lambda v: (near(v["L_masked"], 15.40, 0.005), near(v["L_unmasked"], 24.52, 0.005))),
    Claim("mask-matters-read", "the 10 (sentence, step) pairs with no target add about 9 nats",
          lambda v: (equal(int((v["targets"] < 0).sum()), 10), near(v["L_unmasked"] - v["L_masked"], 9, 0.5))),
    Claim("mask-matters-read", "falls from 2.77 at $t = 1$ to 0.86 at $t = 7$ and 0 at $t = 9$",
          lambda v: (near(v["losses_masked"][0], 2.77, 0.005), near(v["losses_masked"][6], 0.86, 0.005),
                     near(v["losses_masked"][8], 0, 1e-12))),
    Claim("mask-matters-read", "while 3, then 2, then 1 and finally none of the sentences",
          lambda v: equal(v["running"], [3, 3, 3, 2, 2, 2, 1, 1, 0])),
    Claim("mask-matters-read", "the loss stays between 2.6 and 3.1 at every step, about $\\log 16 = 2.77$",
          lambda v: (between(v["loss_per_running"][v["running"] > 0], 2.55, 3.1), near(v["uniform"], 2.77, 0.005))),
    Claim("picture-explain", "The difference made at step 1 is carried\nalong by the state, and fades step by step",
          lambda v: check(np.all(np.diff(np.linalg.norm(v["a_pair"][:, 0] - v["a_pair"][:, 1], axis=0)) < 0),
                          np.linalg.norm(v["a_pair"][:, 0] - v["a_pair"][:, 1], axis=0))),
]


# ---------------------------------------------------------------------------------------------
# 04 — backpropagation through time
# ---------------------------------------------------------------------------------------------

def _exploding(v):
    free, clipped = v["runs"]["without clipping"], v["runs"]["clip_by_norm, max_norm = 5"]
    return free, clipped, np.array(free["dWaa"]), np.array(free["Waa"]), np.array(clipped["dWaa"]), np.array(clipped["Waa"])


def exploding_spike(v):
    free, clipped, d, w, dc, wc = _exploding(v)
    check(d[:40].max() > 1000 and d[:40].max() > 100 * d[0], f"largest ||dWaa|| in 40 steps {d[:40].max():.1f}, first {d[0]:.1f}")
    check((w[1:] / w[:-1]).max() > 10, f"largest one-step growth of the spectral norm x{(w[1:] / w[:-1]).max():.1f}")
    check(w[0] < 2 and 100 < w[-1] < 1000, f"spectral norm {w[0]:.2f} at the start, {w[-1]:.1f} at the end")


def exploding_after(v):
    free, clipped, d, w, dc, wc = _exploding(v)
    check(np.median(d[-200:]) < 1 and 10 < np.median(dc[-200:]) < 40,
          f"median ||dWaa|| over the last 200 steps {np.median(d[-200:]):.3f} (no clipping), {np.median(dc[-200:]):.1f} (clipping)")
    check(free["held_out"]["loss"] > 2 * v["chance"] and free["held_out"]["accuracy"] < 0.35, f"no clipping: {free['held_out']}")
    check(wc.max() < 5 and clipped["held_out"]["loss"] < 0.25 * v["chance"], f"clipping: spectral norm up to {wc.max():.2f}, {clipped['held_out']}")


CLAIMS_04 = [
    Claim("vanishing-explain", "($0.9^{40} \\approx 0.015$) and **explodes** for $r > 1$ ($1.5^{40} \\approx 10^7$)",
          lambda v: (near(v["after_40"]["linear"][0.9], 0.015, 0.0005), near(np.log10(v["after_40"]["linear"][1.5]), 7, 0.1))),
    Claim("vanishing-read", "exactly $r^{40}$, both ways: $1.5 \\times 10^{-2}$ at $r = 0.9$ and $1.1 \\times 10^{7}$ at $r = 1.5$",
          lambda v: [near(v["after_40"]["linear"][r] / r ** 40, 1, 1e-6) for r in v["scales"]]),
    Claim("vanishing-read", "the gradient vanishes at every $r$, even at $r = 1.5$, where it arrives $5 \\times 10^{-3}$ times as strong",
          lambda v: (check(max(v["after_40"]["tanh"].values()) < 0.01, f"tanh after 40 steps: {v['after_40']['tanh']}"),
                     near(v["after_40"]["tanh"][1.5], 5e-3, 0.5e-3))),
    Claim("vanishing-read", "which averages 0.47 over these states; measured over the 40 steps, the two\n  together shrink it to about 0.88 of its size per step",
          lambda v: (near(v["tanh_prime"][1.5], 0.47, 0.005), near(v["after_40"]["tanh"][1.5] ** (1 / 40), 0.88, 0.005))),
    Claim("vanishing-read", "(the average $\\tanh'$ falls from 0.62 at $r = 0.5$ to 0.47 at $r = 1.5$)",
          lambda v: (near(v["tanh_prime"][0.5], 0.62, 0.005), check(np.all(np.diff([v["tanh_prime"][r] for r in v["scales"]]) < 0), "not falling"))),
    Claim("vanishing-read", "and tanh behaves like the linear recurrence: $1.1 \\times 10^{7}$ again at $r = 1.5$",
          lambda v: [near(v["after_40"]["tanh, tiny inputs"][r] / v["after_40"]["linear"][r], 1, 0.01) for r in v["scales"]]),
    Claim("exploding-read", "spikes within the first 40 steps to thousands (above 1000, more than a hundred times its size at the first step)",
          exploding_spike),
    Claim("exploding-read", "multiplies the spectral norm of $W_{aa}$ by more than ten in one go: from under 2 at the start to several hundred",
          exploding_spike),
    Claim("exploding-read", "its median over the last 200 steps is below 1, against about 20 with clipping", exploding_after),
    Claim("exploding-read", "the held-out loss ends more than twice the chance level, with an accuracy under 35%", exploding_after),
    Claim("exploding-read", "the spectral norm of $W_{aa}$ stays below 5, and the held-out loss falls below a quarter of chance",
          exploding_after),
    Claim("try-delay-explain", "with `delay_yours = 15`, as it starts, the same 800 steps end with a held-out loss hundreds "
                               "of times higher than with a delay of 8, and fewer than 80% of the symbols right",
          lambda v: (equal(v["delay_yours"], 15), check(v["result_yours"]["loss"] > 100 * v["result"]["loss"],
                     f"held-out losses {v['result_yours']['loss']:.4f} (delay 15) and {v['result']['loss']:.4f} (delay 8)"),
                     check(v["result_yours"]["accuracy"] < 0.8, f"accuracy {v['result_yours']['accuracy']:.1%}"))),
]


# ---------------------------------------------------------------------------------------------
# 05 — the types of RNN
# ---------------------------------------------------------------------------------------------

def bag_mirror_half(v):
    near(v["sentiment_scores"]["one-to-one (bag)"][1], 0.5, 1e-12)


CLAIMS_05 = [
    Claim("mirror-explain", "it can only get one of the two right, 50% exactly", bag_mirror_half),
    Claim("summary-explain", "the translator gets 161 of the 161 four-word test numbers right and 61 of the 63 three-word ones, "
                             "but 14 of the 20 two-word ones and none of the 6 one-word ones",
          lambda v: (equal(v["by_length"][4][2:], (161, 161)), equal(v["by_length"][3][2:], (63, 61)),
                     equal(v["by_length"][2][2:], (20, 14)), equal(v["by_length"][1][2:], (6, 0)))),
    Claim("summary-explain", "it translates all 22 one-word training numbers right",
          lambda v: equal(v["by_length"][1][:2], (22, 22))),
    Claim("summary-explain", "With 22 one-word examples against 487 four-word ones",
          lambda v: (equal(v["by_length"][1][0], 22), equal(v["by_length"][4][0], 487))),
    Claim("summary-explain", "Each one-word number occurs once in the whole data set",
          lambda v: equal(v["by_length"][1][0] + v["by_length"][1][2], 28)),  # 0-19 and the eight tens
    Claim("summary-explain", "No test word is unknown: \"zero\" occurs in 0 only, so the data set keeps 0 in training",
          lambda v: (equal(v["unknown_test_words"], []), check("0" in v["targets"], "0 is not a training number"))),
    Claim("summary-explain", "where a bag of words scores exactly 50% by construction", bag_mirror_half),
    Claim("summary-explain", "the share of 200 sampled tunes that follow the rules",
          lambda v: equal(len(v["generated"]), 200)),
    Claim("summary-explain", "the share of the 250 test numbers translated exactly",
          lambda v: equal(len(v["test_targets"]), 250)),
]


# ---------------------------------------------------------------------------------------------
# 06 — bidirectional RNNs
# ---------------------------------------------------------------------------------------------

CLAIMS_06 = [
    Claim("why-explain", "at \"rex\" it has not yet seen \"dog\" or\n\"dinosaur\", so it can only guess, about half right",
          lambda v: between(v["scores"]["left-to-right"][1], 0.4, 0.6)),
    Claim("why-explain", "for two sentences\nthat agree up to \"rex\", its prediction at \"rex\" is the same number, whatever comes later",
          lambda v: check(np.array_equal(v["p_uni"][:, 0], v["p_uni"][:, 1]), v["p_uni"])),
    Claim("closing", "Where the clue comes before the name both models are right; where it comes after, only the bidirectional\nRNN can know",
          lambda v: (check(min(v["scores"]["left-to-right"][2], v["scores"]["bidirectional"][2]) >= 0.95, v["scores"]),
                     check(v["scores"]["bidirectional"][1] >= 0.95, v["scores"]))),
]


# ---------------------------------------------------------------------------------------------
# 07 — word embeddings
# ---------------------------------------------------------------------------------------------

LEE, WORDNET, GENSIM = "your numpy skip-gram, Lee", "numpy skip-gram, WordNet (shipped)", "gensim Word2Vec, Lee, same settings"


def lee_count(v, word):
    return sum(sentence.count(word) for sentence in v["sentences"])


def cos(v, vectors, a, b):
    return v["cosines"][vectors, a, b]


def wordnet_scores(v):
    similarity, analogies = v["scores"][WORDNET]
    s_band, a_band = v["bands"][WORDNET]
    near(similarity["spearman"], 0.627, 0.0005)
    equal(similarity["pairs_used"], 268)
    near(s_band["low"], -0.11, 0.005)
    near(s_band["high"], 0.13, 0.005)
    equal((analogies["correct"], analogies["questions_used"]), (740, 3480))
    check(a_band["low"] == 0 and a_band["high"] <= 0.0015, f"random analogy band {a_band['low']}, {a_band['high']}")
    equal(analogies["by_section"]["family"], (64, 110))
    equal(analogies["by_section"]["gram8-plural"], (247, 756))


def lee_scores(v):
    similarity, analogies = v["scores"][LEE]
    s_band, a_band = v["bands"][LEE]
    near(similarity["spearman"], 0.105, 0.0005)
    equal(similarity["pairs_used"], 60)
    near(s_band["low"], -0.26, 0.005)
    near(s_band["high"], 0.24, 0.005)
    check(s_band["low"] < similarity["spearman"] < s_band["high"], "the Lee Spearman is outside the random band")
    equal((analogies["correct"], analogies["questions_used"]), (1, 146))
    check(a_band["draws"].max() >= 1 / 146, "no random draw answers a question")
    if GENSIM in v["scores"]:
        g_similarity, g_analogies = v["scores"][GENSIM]
        near(g_similarity["spearman"], 0.060, 0.0005)
        check(s_band["low"] < g_similarity["spearman"] < s_band["high"], "gensim's Spearman is outside the random band")
        equal(g_analogies["correct"], 3)


CLAIMS_07 = [
    Claim("corpus-explain", "`<UNK>` then stands for thousands of different words",
          lambda v: check(v["rare_words"] > 1000, v["rare_words"])),
    Claim("corpus-explain", "its column of $E$ keeps its random start",
          lambda v: check(v["counts"][v["unk"]] == 0, "<UNK> is in the training text")),
    Claim("wordnet-explain", "most words of the vocabulary (78%) occur 5 to 20 times, and the\ncourse text's \"lion\" once",
          lambda v: (near(np.mean(v["counts"][2:] <= 20), 0.78, 0.005), check(np.all(v["counts"][2:] >= 5), "a word under 5"),
                     equal(lee_count(v, "lion"), 1))),
    Claim("wordnet-explain", "117,659 of them, 1.77 million words",
          lambda v: (equal(v["wordnet_info"]["synsets"], 117659), near(v["wordnet_info"]["tokens"] / 1e6, 1.77, 0.005))),
    Claim("wordnet-explain", "learned from thirty times more text",
          lambda v: between(v["wordnet_info"]["tokens"] / v["counts"].sum(), 25, 40)),
    Claim("wordnet-explain", "the course keeps the 10,000\nmost frequent words", lambda v: equal(len(v["wordnet_vocab"]), 10000)),
    Claim("cosine-demo-explain", "\"lion\"\noccurs only once in the Lee corpus, so it is not in that vocabulary",
          lambda v: (equal(lee_count(v, "lion"), 1), check("lion" not in v["vocab"], "lion is in the Lee vocabulary"))),
    Claim("neighbours-explain", "\"man\" is much closer to\n\"woman\" (0.785) than to \"lion\" (0.469), and \"woman\" is closer to \"man\" than to \"lion\" (0.450)",
          lambda v: (near(cos(v, "WordNet", "man", "woman"), 0.785, 0.0005), near(cos(v, "WordNet", "man", "lion"), 0.469, 0.0005),
                     near(cos(v, "WordNet", "woman", "lion"), 0.450, 0.0005))),
    Claim("neighbours-explain", "Both sets\nof vectors put \"fire\" closer to \"blaze\" than to \"economy\"",
          lambda v: [check(cos(v, n, "fire", "blaze") > cos(v, n, "fire", "economy"), n) for n in ("Lee (yours)", "WordNet")]),
    Claim("neighbours-explain", "their cosine for \"man\" and \"woman\" (0.355) rests on the 5 times \"woman\" occurs in the corpus",
          lambda v: (near(cos(v, "Lee (yours)", "man", "woman"), 0.355, 0.0005), equal(lee_count(v, "woman"), 5))),
    Claim("analogy-explain", "the neighbours of \"king\" include \"washington\" and \"hamid\"",
          lambda v: check({"washington", "hamid"} <= set(v["neighbours"]["Lee (yours)", "king"]), v["neighbours"]["Lee (yours)", "king"])),
    Claim("analogy-explain", "\"king\" has\n\"queen\" first and then \"emperor\", \"two\" has \"three\" and \"four\", and \"lion\" has animals (\"wolf\", \"bird\",\n\"hawk\") next to \"hunter\"",
          lambda v: (equal(v["neighbours"]["WordNet", "king"][:2], ["queen", "emperor"]),
                     check({"three", "four"} <= set(v["neighbours"]["WordNet", "two"]), v["neighbours"]["WordNet", "two"]),
                     check({"wolf", "bird", "hawk", "hunter"} <= set(v["neighbours"]["WordNet", "lion"]), v["neighbours"]["WordNet", "lion"]))),
    Claim("analogy-explain", "Both put \"three\" among the neighbours of \"two\"",
          lambda v: [check("three" in v["neighbours"][n, "two"], n) for n in ("Lee (yours)", "WordNet")]),
    Claim("analogy-read", "Two of these ten are answered right, and for three more the expected word is among the first 12 of the\n9,997 candidates; none of the ten expected words ranks below the 1,500th",
          lambda v: (equal(int(v["shown_right"]), 2), equal(sum(1 < r <= 12 for r in v["shown_ranks"]), 3),
                     check(max(v["shown_ranks"]) < 1500, v["shown_ranks"]), equal(len(v["wordnet_vocab"]) - 3, 9997))),
    Claim("analogy-read", "Section 5 counts all 3,480 questions", lambda v: equal(len(v["questions"]), 3480)),
    Claim("pca-explain", "a Spearman\ncorrelation of 0.627 on 268 pairs, where 95% of random draws stay between -0.11 and +0.13", wordnet_scores),
    Claim("pca-explain", "740 of the\n3,480 analogy questions right (21.3%), where random vectors get 0.0% to 0.1%", wordnet_scores),
    Claim("pca-explain", "64 of 110) and on plurals (247 of 756)", wordnet_scores),
    Claim("pca-explain", "your skip-gram's Spearman (0.105 on the 60 pairs\nit can ask) lies inside the band of random vectors (-0.26 to +0.24)", lee_scores),
    Claim("pca-explain", "it answers 1 of 146 analogy\nquestions, which random vectors also do in some draws", lee_scores),
    Claim("pca-explain", "gensim's Word2Vec on the same text (0.060; 3 of 146)", lee_scores),
    Claim("pca-explain", "answer a fifth of the analogies",
          lambda v: near(v["scores"][WORDNET][1]["accuracy"], 0.2, 0.02)),
    Claim("rnn-explain", "for every one of the 32 words (100%) the most similar of the other 31 is in its own group, against\n25% for the random vectors, about what chance gives (7 of 31, 23%)",
          lambda v: (equal(v["own_group"]["WordNet"], 1.0), near(v["own_group"]["random"], 0.25, 0.005),
                     equal(sum(len(g) for g in v["groups"].values()), 32), equal(v["overlapping_labels"], [0, 0]))),
]


# ---------------------------------------------------------------------------------------------
# 08 — the character-level language model
# ---------------------------------------------------------------------------------------------

def closing_table(v):
    for name, loss, perplexity in [("uniform", 3.332, 28.0), ("unigram", 2.826, 16.9), ("bigram", 2.378, 10.8),
                                   ("3-gram", 2.162, 8.7), ("4-gram", 2.089, 8.1), ("RNN", 2.099, 8.2)]:
        near(v["losses"][name], loss, 0.0005)
        near(np.exp(v["losses"][name]), perplexity, 0.05)
    equal([v["ngram_models"][n][0] for n in (3, 4)], [0.1, 0.1])


def by_position(v):
    loss = v["position_loss"]
    best_ngram = np.minimum.reduce([loss["bigram"], loss["3-gram"], loss["4-gram"]])
    check(np.ptp([loss[name][0] for name in loss]) < 0.02 and abs(loss["RNN"][0] - 2.95) < 0.02,
          f"step 1: {[round(loss[name][0], 3) for name in loss]}")
    check(np.all(loss["RNN"][1:6] > best_ngram[1:6]), f"steps 2-6: RNN {loss['RNN'][1:6]}, best n-gram {best_ngram[1:6]}")
    check(np.all(loss["RNN"][6:] < best_ngram[6:]), f"steps 7-: RNN {loss['RNN'][6:]}, best n-gram {best_ngram[6:]}")


CLAIMS_08 = [
    Claim("corpus-explain", "The corpus: 5,163 first names", lambda v: equal(len(v["names"]), 5163)),
    Claim("corpus-explain", "About 10% of them are **held out**",
          lambda v: between(len(v["held_out_names"]) / len(v["names"]), 0.09, 0.11)),
    Claim("corpus-explain", "So $n_x = n_y = 28$", lambda v: equal(v["n_y"], 28)),
    Claim("baselines-explain", "Guessing uniformly gives $\\log 28 \\approx 3.33$", lambda v: near(v["losses"]["uniform"], 3.33, 0.005)),
    Claim("model-explain", "so its loss is close to $\\log 28$", lambda v: near(v["untrained_loss"], np.log(28), 0.05)),
    Claim("untrained-samples-explain", "even `<UNK>`", lambda v: check(any("<UNK>" in n for n in v["untrained"]), v["untrained"])),
    Claim("ngram-explain", "$28^3 = 21{,}952$ contexts", lambda v: equal(v["ngram_models"][4][1].shape, (28, 21952))),
    Claim("ngram-explain", "The cell tries five values of $\\alpha$ and keeps the best",
          lambda v: (equal(len(v["alphas"]), 5), [equal(v["losses"][f"{n}-gram"], min(v["ngram_sweep"][n, a] for a in v["alphas"])) for n in (3, 4)])),
    Claim("position-explain", "The RNN beats the bigram and the 3-gram, but it does not beat the 4-gram: the two are level",
          lambda v: (check(v["losses"]["RNN"] < v["losses"]["3-gram"] < v["losses"]["bigram"], v["losses"]),
                     check(abs(v["losses"]["RNN"] - v["losses"]["4-gram"]) < 0.02 and v["losses"]["RNN"] >= v["losses"]["4-gram"], v["losses"]))),
    Claim("position-read", "At the first letter all the models are level (about 2.95 nats)", by_position),
    Claim("position-read", "at steps 2 to 6, the RNN is a little worse than the best n-gram", by_position),
    Claim("position-read", "From step 7 on, the RNN is better than every n-gram", by_position),
    Claim("position-read", "its loss on `<EOS>` is 0.93 nats against 1.24 for the 4-gram and 1.53 for the bigram",
          lambda v: (near(v["end_loss"]["RNN"], 0.93, 0.005), near(v["end_loss"]["4-gram"], 1.24, 0.005), near(v["end_loss"]["bigram"], 1.53, 0.005))),
    Claim("position-read", "On the letters, the 4-gram is better (2.23 against 2.29)",
          lambda v: (near(v["letter_loss"]["4-gram"], 2.23, 0.005), near(v["letter_loss"]["RNN"], 2.29, 0.005))),
    Claim("temperature-samples-explain", "the share of 200 samples", lambda v: equal(len(v["drawn"]), 200)),
    Claim("temperature-curve-explain", "the entropy of the prediction, $-\\sum_j p_j \\log p_j$, grows with $T$",
          lambda v: check(np.all(np.diff(v["entropy"]) > 0), v["entropy"])),
    Claim("temperature-curve-explain", "The minimum sits a little above 1",
          lambda v: between(v["temperatures"][int(np.argmin(v["held_out_loss"]))], 1.01, 1.5)),
    Claim("longer-explain", "is already about 0.15 nats below the held-out loss",
          lambda v: near(v["losses"]["RNN"] - v["recent_training_loss"], 0.15, 0.05)),
    Claim("longer-explain", "with 4,648 names and 7,772 weights",
          lambda v: (equal(len(v["train_names"]), 4648), equal(sum(p.size for p in v["parameters"].values()), 7772))),
    Claim("closing", "515 held-out names", lambda v: equal(len(v["held_out_names"]), 515)),
    Claim("closing", "| uniform | 3.332 (28.0) |", closing_table),
    Claim("closing", "| 4-gram, $\\alpha = 0.1$ | 2.089 (8.1) |", closing_table),
    Claim("closing", "The RNN beats the bigram by about 0.28 nats per character: at every step it hesitates between about 8 "
                     "characters instead of 11",
          lambda v: (near(v["losses"]["bigram"] - v["losses"]["RNN"], 0.28, 0.005), near(np.exp(v["losses"]["RNN"]), 8, 0.5),
                     near(np.exp(v["losses"]["bigram"]), 11, 0.5))),
    Claim("closing", "a table of 614,656 counted probabilities against its 7,772 weights",
          lambda v: equal(v["ngram_models"][4][1].size, 614656)),
    Claim("closing", "better at the ends of names and late in them, worse early on", by_position),
]



# ---------------------------------------------------------------------------------------------
# 10 — attention and decoding
# ---------------------------------------------------------------------------------------------

def pct(value, claimed):
    near(100 * value, claimed, 0.05)


def double_seven(v):
    alphas = v["map_alphas"][95]                      # "five three double seven nine seven" -> 537797
    equal(v["test_sources"][95].split()[2:4], ["double", "seven"])
    equal(sorted(np.argsort(alphas[2])[-2:].tolist()), [2, 3])
    equal(int(np.argmax(alphas[3])), 3)


CLAIMS_10 = [
    Claim("task-explain", "The strings have 3 to 10 digits; the test set holds 30 strings of every length",
          lambda v: (equal(v["LENGTHS"].tolist(), list(range(3, 11))),
                     equal([int((v["test_by_length"] == n).sum()) for n in range(3, 11)], [30] * 8))),
    Claim("task-explain", "(1,200 Adam steps", lambda v: equal(v["STEPS"], 1200)),
    Claim("task-explain", "Ten digits in one vector of 32 numbers", lambda v: equal(v["plain"]["Waa"].shape, (32, 32))),
    Claim("plain-read", "writes 7% of the three-digit strings exactly and none of\nthe longer ones",
          lambda v: (near(v["plain_exact"][0], 0.07, 0.005), equal(v["plain_exact"][1:].tolist(), [0.0] * 7))),
    Claim("plain-read", "it gets 47% of the digits of the three-digit strings right,\nand that share falls with every added digit, to 14% at ten digits",
          lambda v: (near(v["plain_share"][0], 0.47, 0.005), near(v["plain_share"][-1], 0.14, 0.005),
                     check(np.all(np.diff(v["plain_share"]) <= 0), v["plain_share"]))),
    Claim("attention-train-explain", "the same sizes ($n_a$ = 32), the same 1,200 steps",
          lambda v: (equal(v["attentive"]["Waa"].shape, (32, 32)), equal(v["STEPS"], 1200))),
    Claim("attention-read", "the exact match is between 57% and 80% at\nevery length, 60% at ten digits where the plain model gets none",
          lambda v: (near(v["attention_exact"].min(), 0.57, 0.005), near(v["attention_exact"].max(), 0.80, 0.005),
                     near(v["attention_exact"][-1], 0.60, 0.005), equal(v["plain_exact"][-1], 0.0),
                     # the margin the issue asks for: on the two longest lengths attention is far above plain
                     check(np.all(v["attention_exact"][-2:] - v["plain_exact"][-2:] >= 0.4),
                           (v["attention_exact"], v["plain_exact"])))),
    Claim("attention-read", "86% to 97% of the digits are right\nat every length",
          lambda v: (near(v["attention_share"].min(), 0.86, 0.005), near(v["attention_share"].max(), 0.97, 0.005))),
    Claim("attention-read", "The plain model's share of digits right falls with the length; attention's does not",
          lambda v: (check(np.all(np.diff(v["plain_share"]) <= 0), v["plain_share"]),
                     check(v["attention_share"][-1] > v["attention_share"][0], v["attention_share"]))),
    Claim("attention-read", "its lowest exact match is on the **shortest** strings (57% at three digits)",
          lambda v: (equal(int(np.argmin(v["attention_exact"])), 0), near(v["attention_exact"][0], 0.57, 0.005))),
    Claim("maps-read", "for\nthe 166 test strings written right, at 97% of those steps the largest weight is on the step's own word",
          lambda v: (equal(len(v["right"]), 166), near(v["own_word"], 0.97, 0.005))),
    Claim("maps-read", "The **first** step looks at the last word, in all 166", lambda v: equal(v["first_on_last"], 1.0)),
    Claim("maps-read", "the first of the two sevens looks at \"double\" and\nat \"seven\", the second at \"seven\"", double_seven),
    Claim("maps-read", "The first map is one the model gets wrong: \"double four two\" becomes\n842",
          lambda v: (equal(v["shown"][0], 17), equal(v["test_sources"][17], "double four two"),
                     equal(v["attention_written"][17], "842"))),
    Claim("beam-read", "at $k$ = 1, 2, 4 and 8 the exact match is the same 69.2%\nas greedy decoding's",
          lambda v: (pct(v["greedy_exact"], 69.2), equal(sorted(v["beam_exact"]), [1, 2, 4, 8]),
                     [equal(v["beam_exact"][k], v["greedy_exact"]) for k in (1, 2, 4, 8)])),
    Claim("beam-read", "$k = 4$ writes another output than greedy for only 2 of the 240 strings",
          lambda v: (equal(v["changed"], 2), equal(len(v["test_targets"]), 240))),
    Claim("beam-read", "for 47 of the 74 strings greedy gets wrong, the\nanswer is among the beam's 4 finished hypotheses",
          lambda v: (equal(len(v["wrong"]), 74), equal(sum(v["answer_in_beam"]), 47))),
    Claim("beam-read", "For \"two six four\" both\nwrite 464 (log-probability -0.79); the answer, 264, comes second (-0.81)",
          lambda v: (equal(v["test_sources"][v["wrong"][int(np.argmax(v["answer_in_beam"]))]], "two six four"),
                     equal(v["test_targets"][v["wrong"][int(np.argmax(v["answer_in_beam"]))]], "264"),
                     near(v["example_greedy"][1], -0.79, 0.005), near(v["example_beam"][0][1], -0.79, 0.005),
                     near(v["example_beam"][1][1], -0.81, 0.005), equal(v["example_beam"][0][0], v["example_greedy"][0]))),
    Claim("beam-read", "writes [1, 1, 1, 1] (log-probability -3.96); a beam of 2 keeps the less likely first\ntoken 2 too and finishes [2, `<EOS>`] at -0.95",
          lambda v: (equal(v["toy_greedy"][0], [1, 1, 1, 1]), near(v["toy_greedy"][1], -3.96, 0.005),
                     equal(v["toy_beam"][0], [2, 0]), near(v["toy_beam"][1], -0.95, 0.005))),
    Claim("bleu-read", "greedy outputs score 0.916 with 69.2% exact, and 95.1% of the digits they write are (clipped) digits of\nthe answer",
          lambda v: (near(v["bleu_scores"]["attention, greedy"], 0.916, 0.0005), pct(v["exact_scores"]["attention, greedy"], 69.2),
                     pct(v["precisions"]["attention, greedy"][0], 95.1))),
    Claim("bleu-read", "The beam at $k = 4$ scores 0.916 too",
          lambda v: near(v["bleu_scores"]["attention, beam k = 4"], 0.916, 0.0005)),
    Claim("bleu-read", "The plain model scores 0: 42.6% of its digits are digits of\nthe answer, but none of its 4-grams is a 4-gram of its answer, $p_4 = 0$",
          lambda v: (equal(v["bleu_scores"]["plain encoder-decoder, greedy"], 0.0),
                     pct(v["precisions"]["plain encoder-decoder, greedy"][0], 42.6),
                     equal(float(v["precisions"]["plain encoder-decoder, greedy"][3]), 0.0))),
    Claim("self-attention-read", "Every position looks mostly at **itself**: the weight on its own state is between 0.56 and 0.80, the\nrest spread thin",
          lambda v: (near(v["self_diagonal"].min(), 0.56, 0.005), near(v["self_diagonal"].max(), 0.80, 0.005),
                     check((v["self_alphas"][0] - np.diag(v["self_diagonal"])).max() < 0.2, v["self_alphas"][0]))),
    Claim("self-attention-read", "(the first step of the decoder in section 3 did the\nsame",
          lambda v: equal(v["first_on_last"], 1.0)),
    Claim("bleu-read", "BLEU ranks the plain model far below the attention model, as exact match does",
          lambda v: (check(v["bleu_scores"]["plain encoder-decoder, greedy"] + 0.5 < v["bleu_scores"]["attention, greedy"], v["bleu_scores"]),
                     check(v["exact_scores"]["plain encoder-decoder, greedy"] + 0.5 < v["exact_scores"]["attention, greedy"], v["exact_scores"]))),
]

# ---------------------------------------------------------------------------------------------
# 09 — gated RNNs
# ---------------------------------------------------------------------------------------------


def echo_losses(v, model, claimed, tol=0.0005):
    """The held-out echo losses of one model at the delays it names: {delay: claimed}."""
    for delay, value in claimed.items():
        near(v["echo_loss"][model, delay], value, tol)


def generated(v, key):
    return v["samples"][key][len(v["prompt"]):]


def position_gap(v, positions):
    """How much more the reset model pays than the carried one, averaged over some positions of a chunk."""
    return float(np.mean(v["position_loss"][False][positions] - v["position_loss"][True][positions]))


CLAIMS_09 = [
    Claim("problem-read", "after 300 steps the plain RNN's held-out loss is 1.366 per step, a hair below chance (1.386)",
          lambda v: (equal(v["settings"]["n_steps"], 300), echo_losses(v, "rnn", {40: 1.366}),
                     check(v["echo_loss"]["rnn", 40] < v["chance"], v["echo_loss"]["rnn", 40]))),
    Claim("problem-read", "it echoes 30% of the symbols right, where guessing gets 25%",
          lambda v: near(v["echo_accuracy"]["rnn", 40], 0.30, 0.005)),
    Claim("problem-read", "it arrives at about $5 \\times 10^{-28}$ times its size at the last step",
          lambda v: (between(v["rnn_norms"][-41], 4.5e-28, 5.5e-28), near(v["rnn_norms"][-1], 1.0, 1e-12))),
    Claim("why-read", "the plain RNN's gradient is down to about $10^{-6}$ of its size at the last step, the GRU's to 0.03 and "
                      "the LSTM's along $c$ to 0.16",
          lambda v: (between(v["probe"]["rnn"]["a"][-41], 5e-7, 2e-6), near(v["probe"]["gru"]["a"][-41], 0.03, 0.005),
                     near(v["probe"]["lstm"]["c"][-41], 0.16, 0.005))),
    Claim("why-read", "about $10^{-11}$ with $b_f = 0$ (the gate starts at one half), $10^{-5}$ with $b_f = 1$, 0.16 with "
                      "$b_f = 3$ and 0.55 with $b_f = 5$",
          lambda v: (between(v["by_forget_bias"][0.0][-41], 5e-12, 2e-11), between(v["by_forget_bias"][1.0][-41], 5e-6, 2e-5),
                     near(v["by_forget_bias"][3.0][-41], 0.16, 0.005), near(v["by_forget_bias"][5.0][-41], 0.55, 0.005))),
    Claim("echo-read", "at delay 5 it echoes every symbol (loss 0.004), while the GRU and the LSTM are still at 0.704 and 0.766",
          lambda v: (echo_losses(v, "rnn", {5: 0.004}), near(v["echo_accuracy"]["rnn", 5], 1.0, 0.0005),
                     echo_losses(v, "gru", {5: 0.704}), echo_losses(v, "lstm", {5: 0.766}))),
    Claim("echo-read", "at delay 10 the RNN is at 0.554, the GRU at 1.006, the LSTM at 0.869",
          lambda v: (echo_losses(v, "rnn", {10: 0.554}), echo_losses(v, "gru", {10: 1.006}), echo_losses(v, "lstm", {10: 0.869}))),
    Claim("echo-read", "at 20 the plain RNN's loss (1.236) is above both gated cells' (GRU 1.069, LSTM 1.103)",
          lambda v: (echo_losses(v, "rnn", {20: 1.236}), echo_losses(v, "gru", {20: 1.069}), echo_losses(v, "lstm", {20: 1.103}))),
    Claim("echo-read", "at 40 the plain RNN is near chance (1.366) while the GRU reaches 1.044 and the LSTM 1.097, echoing "
                       "about half of the symbols right (50% and 48%, against 30% for the RNN)",
          lambda v: (echo_losses(v, "rnn", {40: 1.366}), echo_losses(v, "gru", {40: 1.044}), echo_losses(v, "lstm", {40: 1.097}),
                     check(v["chance"] - v["echo_loss"]["rnn", 40] < 0.03, "the plain RNN is near chance"),
                     check(all(v["chance"] - v["echo_loss"][m, 40] > 0.25 for m in ("gru", "lstm")),
                           "the gated cells are well below chance at delay 40"),
                     near(v["echo_accuracy"]["gru", 40], 0.50, 0.005), near(v["echo_accuracy"]["lstm", 40], 0.48, 0.005),
                     near(v["echo_accuracy"]["rnn", 40], 0.30, 0.005))),
    Claim("echo-read", "From delay 20 to 40 the gated cells' losses do not rise (they fall a little); the plain RNN's climbs "
                       "nearer to chance",
          lambda v: [check(v["echo_loss"][m, 40] < v["echo_loss"][m, 20], m) for m in ("gru", "lstm")]
          + [check(v["echo_loss"]["rnn", 40] > v["echo_loss"]["rnn", 20], "rnn")]),
    Claim("echo-read", "here they are slower at the short delays",
          lambda v: [check(v["echo_loss"][m, d] > v["echo_loss"]["rnn", d], (m, d)) for m in ("gru", "lstm") for d in (5, 10)]),
    Claim("text-read", "after 5 passes the model that carries its state does better on the held-out text, 1.834 nats per "
                       "character against 1.906 with the state reset",
          lambda v: (near(v["held_out_loss"][True], 1.834, 0.0005), near(v["held_out_loss"][False], 1.906, 0.0005),
                     equal(len(v["text_history"][True]["loss"]), 5 * len(v["train_chunks"])))),
    Claim("text-read", "guessing among the 38 characters", lambda v: equal(len(v["chars"]), 38)),
    Claim("text-read", "at position 1 the reset model, which starts from nothing, pays 2.41 nats, the carried one 1.65; over "
                       "positions 17 to 32 they are close (1.86 and 1.89)",
          lambda v: (near(v["position_loss"][False][0], 2.41, 0.005), near(v["position_loss"][True][0], 1.65, 0.005),
                     near(v["position_loss"][True][16:].mean(), 1.86, 0.005),
                     near(v["position_loss"][False][16:].mean(), 1.89, 0.005))),
    Claim("text-read", "Most of the difference is at the start of a chunk",
          lambda v: check(position_gap(v, slice(0, 1)) > 2 * position_gap(v, slice(16, None)), v["position_loss"])),
    Claim("text-read", "Part of the gain is in the reading alone: the model trained from reset states, read with its\nstate "
                       "carried (dotted), scores 1.864, and 1.66 at position 1; training with the carried state gains the\nrest",
          lambda v: (near(v["held_out_loss"]["reset, read carried"], 1.864, 0.0005),
                     near(v["position_loss"]["reset, read carried"][0], 1.66, 0.005),
                     check(v["held_out_loss"][True] < v["held_out_loss"]["reset, read carried"] < v["held_out_loss"][False],
                           v["held_out_loss"]))),
    Claim("text-read", "its smoothing picked on this held-out text",
          lambda v: check(all(v["count_loss"][v["best_alpha"]].mean() <= loss.mean() for loss in v["count_loss"].values()),
                          v["best_alpha"])),
    Claim("text-read", "It scores 1.867: the carried LSTM is better by only 0.033 nats per character, and the reset LSTM is\nworse",
          lambda v: (near(v["held_out_loss"]["4-gram"], 1.867, 0.0005),
                     near(v["held_out_loss"]["4-gram"] - v["held_out_loss"][True], 0.033, 0.0005),
                     check(v["held_out_loss"][False] > v["held_out_loss"]["4-gram"], v["held_out_loss"]))),
    Claim("text-read", "at position 1, where the table always sees the 3 characters\nbefore and the LSTM only what its state "
                       "kept, the table is ahead (1.54)",
          lambda v: (near(v["position_loss"]["4-gram"][0], 1.54, 0.005),
                     check(v["position_loss"]["4-gram"][0] < v["position_loss"][True][0], v["position_loss"]))),
    Claim("samples-read", "writes a thousand characters, each drawn at\ntemperature $0.5$",
          lambda v: equal({key: len(sample) - len(v["prompt"]) for key, sample in v["samples"].items()},
                          {True: 1000, False: 1000, "4-gram": 1000})),
    Claim("samples-read", "85% of the words the carried LSTM writes are words of the training text, 78%\nfor the reset LSTM and "
                          "85% for the 4-gram table",
          lambda v: (near(v["word_share"][True][0], 0.85, 0.005), near(v["word_share"][False][0], 0.78, 0.005),
                     near(v["word_share"]["4-gram"][0], 0.85, 0.005))),
    Claim("samples-read", "Names and phrases of the book come back (\"the time\ntraveller\", \"the psychologist\"); sentences do not",
          lambda v: check(all(phrase in generated(v, True) for phrase in ("the time traveller", "the psychologist"))
                          and "the time traveller" in generated(v, False), v["samples"])),
    Claim("samples-read", "That is as far as a held-out loss of 1.834 nats per\ncharacter goes",
          lambda v: near(v["held_out_loss"][True], 1.834, 0.0005)),
    Claim("samples-read", "after a few seconds on twenty-five thousand characters",
          lambda v: between(v["split"], 25000, 26000)),
]


CLAIMS = {
    "01_sequences_one_hot": CLAIMS_01,
    "02_rnn_cell": CLAIMS_02,
    "03_forward_pass": CLAIMS_03,
    "04_bptt": CLAIMS_04,
    "05_rnn_types": CLAIMS_05,
    "06_bidirectional": CLAIMS_06,
    "07_word_embeddings": CLAIMS_07,
    "08_char_language_model": CLAIMS_08,
    "09_gated_rnns": CLAIMS_09,
    "10_attention_and_decoding": CLAIMS_10,
}


# ---------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------

CASES = [(name, claim) for name in assignments() for claim in CLAIMS.get(name, [])]


def words(text):
    return re.sub(r"\s+", " ", text).strip()


def case_id(case):
    name, claim = case
    return f"{name[:2]}-{claim.cell}-{words(claim.says)[:40]}"


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_claim_holds(case):
    name, claim = case
    run = run_solution(SOLUTIONS / name / f"{name}.ipynb")
    if run.error is not None:
        pytest.fail(f"{name} does not run, so its claims cannot be checked:\n{run.error[-2000:]}")
    text = words(run.markdown(claim.cell))
    assert words(claim.says) in text, (
        f"{name}, cell {claim.cell!r} no longer says {claim.says!r}: update the claim in tests/test_claims.py "
        f"with what the text says now, and check it against the run")
    try:
        claim.holds(run.values)
    except AssertionError as exc:
        raise AssertionError(f"{name}, cell {claim.cell!r} says {claim.says!r}, but {exc}") from None


# Numbers in markdown that state a setting or a definition, not a result: no claim to check.
NOT_RESULTS = {
    ("01_sequences_one_hot", "cost-explain"): "the course text's vocabulary size, 10,000",
    ("02_rnn_cell", "sharing-explain"): "a vocabulary of 10,000 words, a setting of the count",
    ("04_bptt", "exploding-explain"): "the learning rate 0.1",
    ("07_word_embeddings", "one-hot-explain"): "the course text's vocabulary size and positions",
    ("07_word_embeddings", "embed-timing-explain"): "the sizes of the timing",
    ("07_word_embeddings", "evaluation-explain"): "95% defines the band",
    ("10_attention_and_decoding", "beam-explain"): "an invented example of probabilities, 0.55 and 0.45",
}
NUMBER = re.compile(r"(?<![\w.])\d[\d,]*\.\d+|\d+(?:\.\d+)?\s?%|(?<![\w.$^_{])\d{1,3}(?:,\d{3})+(?!\w)")


def numbers_in_prose(text):
    """Decimals, percentages and 1,000-style numbers outside code, math and code blocks."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$]*\$", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    return NUMBER.findall(text)


@pytest.mark.parametrize("name", assignments())
def test_every_number_in_the_prose_has_a_claim(name):
    """A markdown cell that writes a decimal, a percentage or a large number has a claim above, or says why not."""
    import json

    notebook = json.loads((SOLUTIONS / name / f"{name}.ipynb").read_text(encoding="utf-8"))
    claimed = {claim.cell for claim in CLAIMS.get(name, [])}
    missing = [(cell["id"], numbers_in_prose("".join(cell["source"])))
               for cell in notebook["cells"] if cell["cell_type"] == "markdown"
               and cell["id"] not in claimed and (name, cell["id"]) not in NOT_RESULTS
               and numbers_in_prose("".join(cell["source"]))]
    assert not missing, (f"{name}: markdown cells state numbers that no claim checks: {missing}. Add a Claim "
                         "(or, for a setting, an entry of NOT_RESULTS) in tests/test_claims.py")
