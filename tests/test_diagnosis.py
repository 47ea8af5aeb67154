"""course_utils.diagnosis: each kind of clause is said when it holds, and not for a close case where it does not."""

import math
import re
import time

import numpy as np
import pytest

from course_utils.diagnosis import describe_difference, describe_items
from course_utils.testing import check_close, check_equal

rng = np.random.default_rng(12345)
E2 = rng.normal(size=(5, 4))                 # (n_a, m)
SQ = rng.normal(size=(4, 4))                 # a square weight gradient
E3 = rng.normal(size=(3, 4, 6))              # (n, m, T_x)
E1 = rng.normal(size=6)                      # (T_x,)
NOISE2 = rng.normal(size=E2.shape)
NOISE3 = rng.normal(size=E3.shape)
SCORES = rng.normal(size=(3, 5))


def softmax0(z):
    z = np.exp(z - z.max(axis=0, keepdims=True))
    return z / z.sum(axis=0, keepdims=True)


def late(x):
    y = np.zeros_like(x)
    y[:, :, 1:] = x[:, :, :-1]
    return y


def with_steps(x, steps, change):
    y = x.copy()
    y[:, :, steps] = change(y[:, :, steps])
    return y


def masked(x):
    y = x.copy()
    y[:, 1, 3:] += 0.5
    y[:, 2, 5:] -= 0.7
    return y


def time_profile(x):
    y = x.copy()
    for t in range(x.shape[2]):
        y[:, :, t] += 0.5 ** t * (1 + 0.1 * np.abs(NOISE3[:, :, t]))
    return y


# (name, actual, expected, pattern the clause must match)
FIRES = [
    ("sign", -E2, E2, r"^it is the expected value times -1 \(a sign error\?\)$"),
    ("half", E2 / 2, E2, r"times 1/2 \(divided by 2"),
    ("twice", 2 * E3, E3, r"times 2 \(a term counted twice"),
    ("times m on a 3-d array", 4 * E3, E3, r"times m = 4 \(summed over the batch where the mean belongs\?\)"),
    ("divided by T_x", E3 / 6, E3, r"times 1/T_x = 1/6 \(averaged over the time steps"),
    ("times k on a 2-d array", 5 * E2, E2, r"times 5 \(a division by 5 left out, or a sum where a mean belongs\?\)"),
    ("a factor that is no fraction", 0.731 * E2, E2, r"times 0\.731 \(a constant factor"),
    ("log base 2", E1 / math.log(2), E1, r"times 1/ln 2 = 1\.44 \(a log in base 2"),
    ("a scalar times 2", 3.0, 1.5, r"times 2"),
    ("two numbers, exactly proportional", np.array([[3.0, -4.0]]) * 0.8123, np.array([[3.0, -4.0]]),
     r"times 0\.812 \(a constant factor"),
    ("a constant offset", E2 + 0.3, E2, r"every entry is off by the same amount, 0\.3 higher"),
    ("an offset of one", np.arange(12.0) + 1, np.arange(12.0), r"every entry is 1 higher than expected \(an index"),
    ("transpose", SQ.T, SQ, r"^it is the transpose of the expected value"),
    ("minus the transpose", -SQ.T, SQ, r"minus the transpose"),
    ("reshape for a transpose", E2.T.reshape(E2.shape), E2, r"a reshape where a transpose belongs"),
    ("axes in another order", np.transpose(rng.normal(size=(4, 4, 3)), (1, 0, 2)), None,
     r"its axes are in another order: it is np\.transpose\(expected, \(1, 0, 2\)\) \(the features and the batch swapped\?\)"),
    ("time reversed", E3[:, :, ::-1], E3, r"its time steps are in reverse order"),
    ("1-d reversed", E1[::-1], E1, r"^it is the expected value in reverse order$"),
    ("rolled in time", np.roll(E3, 1, axis=2), E3, r"rolled by one: your step t is the expected step t-1"),
    ("two blocks swapped", np.hstack([NOISE2[:, 1:], E2]), np.hstack([E2, NOISE2[:, 1:]]),
     r"its columns are the expected ones rotated by 3 \(np\.roll\), as if two blocks were put in the other order"),
    ("rolled columns", np.roll(E2, 1, axis=1), E2, r"^it is rolled by one: your column j is the expected column j-1"),
    ("one step late", late(E3), E3, r"^it is one step late: your value at time step t is the expected one at t-1"),
    ("one step early", E3[:, :, [1, 2, 3, 4, 5, 5]], E3, r"^it is one step early"),
    ("columns shifted", np.hstack([E2[:, :1] * 0, E2[:, :-1]]), E2, r"your column j is the expected column j-1"),
    ("one minus", 1 - E2, E2, r"1 minus the expected value"),
    ("abs", np.abs(E2), E2, r"without its minus signs"),
    ("reciprocal", 1 / E2, E2, r"reciprocal"),
    ("square", E2 ** 2, E2, r"the square of the expected value \(a square root left out\?\)"),
    ("square root", np.sqrt(np.abs(E2)), np.abs(E2), r"square root of the expected value"),
    ("exp", np.exp(E2), E2, r"exponential of the expected value \(a log left out\?\)"),
    ("log", np.log(np.abs(E2)), np.abs(E2), r"^it is the log of the expected value"),
    ("minus log", -np.log(np.abs(E2)), np.abs(E2), r"minus the log"),
    ("tanh left out", E2, np.tanh(E2), r"tanh of your value is the expected value \(the tanh left out\?\)"),
    ("sigmoid left out", E2, 1 / (1 + np.exp(-E2)), r"the sigmoid left out"),
    ("softmax left out", SCORES, softmax0(SCORES), r"the softmax \(over axis 0\) of your value"),
    ("sigmoid for tanh", 1 / (1 + np.exp(-E2)), np.tanh(E2), r"the sigmoid instead of tanh"),
    ("tanh for sigmoid", np.tanh(E2), 1 / (1 + np.exp(-E2)), r"tanh instead of the sigmoid"),
    ("softmax over the rows", np.exp(SCORES) / np.exp(SCORES).sum(axis=1, keepdims=True), softmax0(SCORES),
     r"^its rows sum to 1 instead of its columns \(normalised over the wrong axis\?\)$"),
    ("divided by the total", np.exp(SCORES) / np.exp(SCORES).sum(), softmax0(SCORES), r"the whole array sums to 1"),
    ("softmax over the batch of a 3-d array", np.exp(E3) / np.exp(E3).sum(axis=1, keepdims=True), softmax0(E3),
     r"sums to 1 over axis 1 \(the batch\) instead of over axis 0"),
    ("not divided by the sum", np.exp(SCORES), softmax0(SCORES),
     r"each column is the expected one times a factor of its own, so it does not sum to 1"),
    ("a bias per row", E2 + np.arange(1.0, 6.0)[:, None], E2, r"each row is off by a constant of its own \(a term like a bias, of shape \(5, 1\)"),
    ("a constant per column", E2 - np.arange(1.0, 5.0), E2, r"each column is off by a constant of its own"),
    ("a bias inside the tanh", np.tanh(E2 + np.arange(5.0)[:, None] / 4), np.tanh(E2),
     r"before the tanh, each row is off by a constant of its own \(a bias"),
    ("a bias inside the softmax", softmax0(SCORES + np.array([[0.5], [-1.0], [0.2]])), softmax0(SCORES),
     r"before the softmax, each row is off by a constant of its own"),
    ("a scaled pre-activation", np.tanh(2 * E2), np.tanh(E2), r"before the tanh, it is what is expected times 2"),
    ("only t = 0", with_steps(E3, [0], lambda v: v + NOISE3[:, :, :1]), E3,
     r"^only time step t = 0 differs \(the first step, or the initial state\?\)$"),
    ("the last step zero", with_steps(E3, [5], lambda v: 0 * v), E3,
     r"^only the last time step, t = 5, differs, and your values there are 0$"),
    ("from t = 2 on", with_steps(E3, [2, 3, 4, 5], lambda v: v + NOISE3[:, :, 2:]), E3,
     r"^the time steps from t = 2 on differ, the earlier ones are right \(what one step passes to the next\?\)$"),
    ("up to t = 4", with_steps(E3, [0, 1, 2, 3, 4], lambda v: v + NOISE3[:, :, :5]), E3,
     r"^the time steps up to t = 4 differ, the later ones are right"),
    ("the mask", masked(E3), E3, r"only the last time steps of some sequences differ \(sequence 1 from t = 3 on, "
                                 r"sequence 2 from t = 5 on\) \(the mask, or the lengths"),
    ("some sequences", E3 * np.array([1, 3, 1, 3.0])[None, :, None], E3,
     r"^only sequences 1 and 3 of the batch \(axis 1\) differ, where it is the expected value times 3$"),
    ("some columns", E2 + np.array([0, 1, 0, 0.0]) * NOISE2, E2, r"^only column 1 differs$"),
    ("some rows", E2 + np.array([0, 1, 1, 0, 0.0])[:, None] * NOISE2, E2, r"^only rows 1 and 2 differ$"),
    ("the diagonal", SQ + np.diag(rng.normal(size=4)), SQ, r"^only the diagonal differs$"),
    ("a single entry", E2 + (np.arange(20).reshape(5, 4) == 6) * 2.0, E2, r"^only the entry at index \(1, 2\) differs"),
    ("nonzero where 0 expected", np.where(E2 > 0, E2, 0.3), np.where(E2 > 0, E2, 0.0),
     r"^it differs only where the expected value is 0"),
    ("shrinking along time", time_profile(E3), E3, r"^every time step differs, most at t = 0 .* and less at every later step"),
    ("negative probabilities", softmax0(SCORES) - 0.2, softmax0(SCORES), r"negative, but no expected value is|off by the same"),
    ("all zeros", np.zeros_like(E2), E2, r"^every entry of it is 0"),
    ("scattered", E2 + (np.abs(NOISE2) > 1.2) * 1.0, E2, r"^only \d+ of the 20 entries differ"),
]


@pytest.mark.parametrize("name, actual, expected, pattern", [case for case in FIRES if case[3]],
                         ids=[case[0] for case in FIRES if case[3]])
def test_a_clause_is_said_when_it_holds(name, actual, expected, pattern):
    if expected is None:  # the case builds its expected value from the actual one
        expected = np.transpose(actual, (1, 0, 2))
    said = describe_difference(actual, expected)
    assert said is not None and re.search(pattern, said), f"{name}: {said!r}"


# (name, actual, expected, what must NOT be said) -- close to a case above, but the relation does not hold
NOT_SAID = [
    ("random noise", E2 + 0.03 * NOISE2, E2, r"."),
    ("0.97 times plus noise", 0.97 * E2 + 0.01 * NOISE2, E2, r"."),
    ("another random array", NOISE2, E2, r"."),
    ("a factor on 2 entries plus noise", np.array([0.4598, 0.9169]), np.array([0.334, 0.666]), r"times"),
    ("one step late plus noise", late(E3) + 0.01 * NOISE3, E3, r"late|shift"),
    ("a transpose of a symmetric matrix plus noise", (SQ + SQ.T) + 0.01 * rng.normal(size=(4, 4)), SQ + SQ.T, r"transpose"),
    ("an offset plus noise", E2 + 0.3 + 0.01 * NOISE2, E2, r"off by"),
    ("one entry per row fits any bias", np.tanh(E2[:, :1] + 0.5), np.tanh(E2[:, :1]), r"each row"),
    ("one entry per row, additive", E2[:, :1] + np.arange(5.0)[:, None], E2[:, :1], r"each row"),
    ("a few whole numbers in a ratio", np.array([2.0, -4.0]), np.array([1.0, -2.0]), r"times"),
    ("one-hot columns are not probabilities", np.eye(4)[:, ::-1], np.eye(4), r"sum to 1|normalised"),
    ("a single random pair", 0.8123, 0.3137, r"."),
    ("a saturated tanh", -1.0, 0.0013, r"tanh|sigmoid"),
    ("three steps in order by chance", E3[:, :, :3] + np.array([3.0, 2.0, 1.0]) * NOISE3[:, :, :3], E3[:, :, :3],
     r"most at|least at"),
    ("all sequences from the same step", with_steps(E3, [3, 4, 5], lambda v: v + 1), E3, r"mask"),
    ("part of the late steps", E3 + (np.arange(6) >= 3) * (NOISE3 > 0.5) * 1.0, E3, r"passes to the next"),
    ("gradients inside (-1, 1)", 0.3 * E2 / np.abs(E2).max() + NOISE2, 0.3 * E2 / np.abs(E2).max(), r"±1|beyond"),
    ("a near-miss softmax axis", np.exp(SCORES) / np.exp(SCORES).sum(axis=1, keepdims=True) + 0.01, softmax0(SCORES),
     r"sum to 1"),
]


@pytest.mark.parametrize("name, actual, expected, forbidden", NOT_SAID, ids=[case[0] for case in NOT_SAID])
def test_a_clause_is_not_said_when_it_does_not_hold(name, actual, expected, forbidden):
    said = describe_difference(actual, expected)
    assert said is None or not re.search(forbidden, said), f"{name}: {said!r}"


def test_nothing_is_said_about_equal_or_unusable_values():
    assert describe_difference(E2, E2.copy()) is None
    assert describe_difference(E2, E2.T) is None  # another shape: check_shape's business
    assert describe_difference(np.array([np.nan, 1.0]), np.ones(2)) is None
    assert describe_difference("text", 1.0) is None


def test_it_is_fast_on_the_largest_arrays_it_looks_at():
    e = rng.normal(size=(30, 30, 22))
    start = time.perf_counter()
    describe_difference(e + rng.normal(size=e.shape), e)
    describe_difference(rng.normal(size=(2,) * 14), rng.normal(size=(2,) * 14))
    assert time.perf_counter() - start < 2.0  # about 0.05 s: generous for a busy machine
    assert describe_difference(-np.ones(200_000), np.ones(200_000)) is None  # too large to look at


ITEMS = [
    ("one item missing at the end", [4, 2, 3], [4, 2, 3, 1], r"^one item is missing: 1 at the end$"),
    ("one item missing inside", [4, 3, 1], [4, 0, 3, 1], r"^one item is missing: 0 at position 1$"),
    ("one item too many", [4, 2, 3, 1, 1], [4, 2, 3, 1], r"^one item too many: 1 at the end$"),
    ("the same items in another order", [2, 4, 1, 3], [4, 2, 3, 1], r"^it holds the right items in another order$"),
    ("reversed", [1, 3, 2, 4], [4, 2, 3, 1], r"reverse order"),
    ("rotated", [2, 3, 1, 4], [4, 2, 3, 1], r"^it holds the right items, each one position earlier \(rotated: the first one last\)$"),
    ("rotated the other way", [1, 4, 2, 3], [4, 2, 3, 1], r"each one position later \(rotated: the last one first\)"),
    ("one position late", ["cat", "dog", "tiger"], ["dog", "tiger", "car"],
     r"^it is the expected list one position late: 'cat' comes first and the expected last item, 'car', is missing$"),
    ("one position early", ["tiger", "car", "bus"], ["dog", "tiger", "car"], r"one position early"),
    ("each inner list late", [[0, 1, 2, 3], [3, 4, 0, 1]], [[1, 2, 3, 4], [4, 0, 1, 2]],
     r"^every item that differs is the expected list one position late$"),
    ("nested numbers", [[1, 1, 1, 1], [4, 4, 4, 4], [2, 2, 2, 2]], [[1, 2, 3, 4], [4, 0, 1, 2], [2, 3, 4, 0]],
     r"^only columns 1 to 3 differ$"),
    ("all None", (None, None), (0, 1), r"every item of it is None"),
    ("the same slip in every item", [["the", "cat", "sat"], ["the", "<UNK>"]],
     [["the", "cat", "sat", "<EOS>"], ["the", "<UNK>", "<EOS>"]],
     r"^items 0 and 1 differ in the same way: one item is missing: '<EOS>' at the end$"),
    ("off by one", [5, 3, 4, 2], [4, 2, 3, 1], r"^every item is 1 higher than expected \(off by one\?\)$"),
    ("one position", [4, 0, 3, 1], [4, 2, 3, 1], r"^only item 1 differs: 0 instead of 2$"),
    ("nested", [["the", "cat"], ["a", "<UNK>", "<EOS>"]], [["the", "cat"], ["a", "<UNK>"]],
     r"^only item 1 differs: one item too many: '<EOS>' at the end$"),
    ("transposed nesting", [["the", "the"], ["cat", "<UNK>"], ["sat", "<EOS>"], ["<EOS>"]],
     [["the", "cat", "sat", "<EOS>"], ["the", "<UNK>", "<EOS>"]], r"nesting is transposed"),
    ("missing key", {"a": 0, "b": 1}, {"a": 0, "b": 1, "c": 2}, r"^key 'c' is missing$"),
    ("extra key", {"a": 0, "b": 1, "bird": 0}, {"a": 0, "b": 1}, r"^key 'bird' should not be there$"),
    ("misspelled key", {"<unk>": 0, "b": 1}, {"<UNK>": 0, "b": 1}, r"the key '<UNK>' is spelled '<unk>'"),
    ("values swapped", {"cat": 3, "sat": 2, "the": 4}, {"cat": 2, "sat": 3, "the": 4},
     r"right keys and values, but 2 keys have each other's values \('cat', 'sat'\)"),
    ("values off by one", {"a": 1, "b": 2, "c": 3}, {"a": 0, "b": 1, "c": 2}, r"every value is 1 higher"),
    ("one value", {"a": 0, "b": 5}, {"a": 0, "b": 1}, r"only the value of 'b' differs: 5 instead of 1"),
    ("case", "The cat", "the cat", r"upper and lower case"),
    ("spaces", "the  cat ", "the cat", r"only the spaces differ"),
    ("text missing at the end", "the ca", "the cat", r"the end, 't', is missing"),
    ("a tuple for a list", (1, 2), [1, 2], r"a tuple where a list is expected"),
    ("another type", {"a": 1}, [1], r"it is a dict, not a list"),
    ("an int off by one", 3, 4, r"1 less than expected"),
    ("NaN", float("nan"), 0.0, r"NaN"),
    ("a float times -1", -0.25, 0.25, r"times -1"),
]


@pytest.mark.parametrize("name, actual, expected, pattern", ITEMS, ids=[case[0] for case in ITEMS])
def test_items_clause_is_said_when_it_holds(name, actual, expected, pattern):
    said = describe_items(actual, expected)
    assert said is not None and re.search(pattern, said), f"{name}: {said!r}"


ITEMS_NOT_SAID = [
    ("different items, same length", [7, 8, 9, 5], [4, 2, 3, 1], r"order|rotated|higher|lower|reverse"),
    ("two different lists of other lengths", [7, 8, 9], [4, 2, 3, 1, 6], r"missing|too many"),
    ("different keys and values", {"x": 5}, {"a": 0, "b": 1}, r"spelled|each other"),
    ("an int far off", 40, 4, r"off by|more|less|times"),
    ("a count of 0 is not 'every entry'", 0, 6, r"every entry"),
    ("text that only starts alike", "the dog", "the cat", r"missing|too much|case|spaces"),
    ("values partly shifted", {"a": 1, "b": 2, "c": 2}, {"a": 0, "b": 1, "c": 2}, r"every value"),
]


@pytest.mark.parametrize("name, actual, expected, forbidden", ITEMS_NOT_SAID, ids=[c[0] for c in ITEMS_NOT_SAID])
def test_items_clause_is_not_said_when_it_does_not_hold(name, actual, expected, forbidden):
    said = describe_items(actual, expected)
    assert said is None or not re.search(forbidden, said), f"{name}: {said!r}"


def test_items_clause_gives_up_on_huge_values():
    assert describe_items(list(range(5000))[::-1], list(range(5000))) is None


# ----------------------------------------------------------------------------- through the checks


def test_check_close_appends_the_clause_before_the_hint_on_one_line():
    with pytest.raises(AssertionError) as raised:
        check_close("dWaa", SQ.T, SQ)
    message = str(raised.value)
    assert re.fullmatch(r"dWaa has the right shape but wrong values \(the largest difference is [^()]* at index "
                        r"\([^()]*\)\); it is the transpose of the expected value \(.*\)\.", message), message
    with pytest.raises(AssertionError) as raised:
        check_close("dba", -E2, E2, hint="dba = dz summed over the batch.")
    assert str(raised.value).endswith("; it is the expected value times -1; dba = dz summed over the batch.")  # the hint
    with pytest.raises(AssertionError) as raised:                                                     # replaces the guess
        check_close("dba", -E2, E2)
    assert str(raised.value).endswith("; it is the expected value times -1 (a sign error?).")
    assert "\n" not in str(raised.value)


def test_check_close_keeps_the_catalogued_mistake_first_and_the_generic_sentence_when_nothing_is_clear():
    with pytest.raises(AssertionError, match=r"^a is not right: it looks like you forgot the minus sign\.$"):
        check_close("a", -E2, E2, mistakes={"forgot the minus sign": -E2})
    with pytest.raises(AssertionError) as raised:
        check_close("a", E2 + 0.03 * NOISE2, E2)
    assert re.fullmatch(r"a has the right shape but wrong values \(the largest difference is [^()]* at index "
                        r"\([^()]*\)\)\.", str(raised.value)), str(raised.value)


def test_check_equal_appends_the_clause():
    with pytest.raises(AssertionError, match=re.escape("v should be [4, 2, 3, 1], got [4, 2, 3]; one item is missing: "
                                                       "1 at the end; append <EOS>.")):
        check_equal("v", [4, 2, 3], [4, 2, 3, 1], hint="append <EOS>.")
    with pytest.raises(AssertionError, match=re.escape("should be {'a': 0}, got {'b': 0}; the key 'a' is spelled 'b'.")):
        check_equal("d", {"b": 0}, {"a": 0})
    with pytest.raises(AssertionError, match=r"^v should be \[1, 2\], got \[3, 4, 5\]; it has 3 items, the expected value 2\.$"):
        check_equal("v", [3, 4, 5], [1, 2])


def test_check_equal_takes_apart_a_learners_value_without_calling_it():
    class Sneaky(list):
        def __eq__(self, other):
            return True

        def __iter__(self):
            raise RuntimeError("called")

    with pytest.raises(AssertionError, match=r"should be \[1, 2\]"):
        check_equal("v", Sneaky([1, 3]), [1, 2])
