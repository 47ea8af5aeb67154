"""course_utils.testing: the checks pass correct values and name the mistake in wrong ones."""

import re

import numpy as np
import pytest

from course_utils.testing import calling, check_close, check_equal, check_shape, check_type, first_wrong, substitute


def test_check_shape_names_expected_and_actual_shapes_and_suspects_a_transpose():
    check_shape("a_next", np.zeros((5, 3)), (5, 3))
    with pytest.raises(AssertionError, match=r"a_next has shape \(3, 5\) but should have shape \(n_a, m\) = \(5, 3\).*transposed"):
        check_shape("a_next", np.zeros((3, 5)), (5, 3), symbols=("n_a", "m"))
    with pytest.raises(AssertionError, match="forget to return"):
        check_shape("a_next", None, (5, 3))


def test_check_close_names_the_catalogued_mistake():
    z = np.array([[1.0, 2.0], [3.0, 0.0]])
    right = np.tanh(z)
    wrong = 1 / (1 + np.exp(-z))
    check_close("a", right, np.tanh(z), mistakes={"used the sigmoid": wrong})
    with pytest.raises(AssertionError, match="looks like you used the sigmoid"):
        check_close("a", wrong, right, mistakes={"used the sigmoid": wrong})
    with pytest.raises(AssertionError, match=r"wrong values \(the largest difference is 1 at index \(0, 1\)\)"):
        check_close("a", right + np.array([[0, 1.0], [0, 0]]), right)
    with pytest.raises(AssertionError, match="NaN or inf"):
        check_close("a", np.array([np.nan, 1.0]), np.ones(2))
    with pytest.raises(AssertionError, match=r"^a contains NaN or inf; subtract each column's own max\.$"):
        check_close("a", np.array([np.nan, 1.0]), np.ones(2), hint="not this one",
                    nan_hint="subtract each column's own max.")


def test_check_close_is_not_fooled_by_a_patched_numpy():
    original = np.isclose
    np.isclose = lambda *args, **kwargs: np.array(True)
    try:
        with pytest.raises(AssertionError):
            check_close("a", np.zeros(3), np.ones(3))
    finally:
        np.isclose = original


def test_check_equal_and_check_type():
    check_equal("v", [1, 2], [1, 2])
    with pytest.raises(AssertionError, match="looks like you forgot <EOS>"):
        check_equal("v", [1], [1, 2], mistakes={"forgot <EOS>": [1]})
    with pytest.raises(AssertionError, match="should be a dict, but it is None"):
        check_type("vocab", None, dict)


def test_substitute_replaces_and_restores_names():
    namespace = {"softmax": "learner's"}
    with substitute(namespace, softmax="reference", extra=1):
        assert namespace == {"softmax": "reference", "extra": 1}
    assert namespace == {"softmax": "learner's"}
    with pytest.raises(KeyError):
        with substitute(namespace, softmax="reference"):
            raise KeyError("inside")
    assert namespace == {"softmax": "learner's"}


def _cell_forward_with_wax_transposed(xt, a_prev, parameters):
    return np.tanh(parameters["Waa"] @ a_prev + parameters["Wax"].T @ xt + parameters["ba"])


def test_calling_turns_a_numpy_error_into_a_sentence_with_the_line_and_the_shapes():
    parameters = {"Waa": np.eye(5), "Wax": np.ones((5, 3)), "ba": np.zeros((5, 1))}
    xt, a_prev = np.ones((3, 10)), np.ones((5, 10))
    with pytest.raises(AssertionError) as raised:
        with calling("rnn_cell_forward(xt, a_prev, parameters)", xt=xt, a_prev=a_prev, parameters=parameters):
            _cell_forward_with_wax_transposed(xt, a_prev, parameters)
    message = str(raised.value)
    assert message.startswith("rnn_cell_forward(xt, a_prev, parameters) raised ValueError at "
                              "`return np.tanh(parameters[\"Waa\"] @ a_prev + parameters[\"Wax\"].T @ xt")
    assert "xt (3, 10), a_prev (5, 10), Waa (5, 5), Wax (5, 3), ba (5, 1)" in message
    assert "inner sizes of a matrix product do not match (3 against 5)" in message and "transposed" in message
    assert "\n" not in message
    assert raised.value.__suppress_context__, "the numpy traceback should not be shown under the sentence"


def _sample_with_a_column_of_probabilities(p):
    rng = np.random.default_rng(0)
    return rng.choice(len(p), p=p)


def test_calling_keeps_the_learners_line_when_numpy_raises_from_compiled_code():
    # numpy's Generator.choice raises from "numpy/random/_generator.pyx", a relative path without source text
    with pytest.raises(AssertionError) as raised:
        with calling("sample(p)", p=np.full((3, 1), 1 / 3)):
            _sample_with_a_column_of_probabilities(np.full((3, 1), 1 / 3))
    message = str(raised.value)
    assert "raised ValueError at `return rng.choice(len(p), p=p)` (inputs: p (3, 1))" in message
    assert "p.ravel()" in message


@pytest.mark.parametrize("code, expected", [
    (lambda: None, "returned None: did you forget a return statement?"),
    (lambda: {}["Wya"], "there is no key 'Wya' in the dict"),
    (lambda: np.ones((5, 10)) + np.ones((10, 5)), "shapes (5,10) and (10,5) cannot be combined element by element"),
    (lambda: np.vstack([np.ones((5, 10)), np.ones((3, 4))]), "np.vstack puts arrays on top of each other"),
    (lambda: np.zeros((2, 3))[:, 5], "index 5 is out of bounds for axis 1 with size 3: is an axis mixed up"),
    (lambda: np.zeros((1, 4)).__setitem__((slice(None), slice(0, 4)), np.ones((1, 3))),
     "the values assigned have shape (1,3) but the slots they go into have shape (1,4): does a slice take one"),
])
def test_calling_explains_common_errors(code, expected):
    def learner():
        a, b = code()
        return a, b

    with pytest.raises(AssertionError, match=re.escape(expected)):
        with calling("f()"):
            learner()


def test_calling_says_when_the_exercise_is_not_done_and_lets_checks_and_successes_through():
    def release_version():
        raise NotImplementedError()

    with pytest.raises(AssertionError, match=r"^f\(\): not answered yet \(replace `raise NotImplementedError\(\)` "
                                             r"in the exercise's cell with your code\)\.$"):
        with calling("f()", x=np.ones(3)):
            release_version()
    with pytest.raises(AssertionError, match="^a check's own message$"):
        with calling("f()"):
            raise AssertionError("a check's own message")
    with calling("f()"):
        value = 1
    assert value == 1


def test_question_checks_say_what_form_is_expected_and_never_give_the_answer():
    import numpy as np

    from course_utils.testing import check_answer, check_choice, check_number, is_question

    assert is_question("q_cell_params") and not is_question("rnn_forward")
    check_choice("q()", np.str_("b"), ["a", "b"])
    check_choice("q()", np.int64(0), [0, 1])
    for wrong in ("c", None, True, 0.0, ["a"], np.array(["a"])):
        with pytest.raises(AssertionError, match=r"should return one of 'a', 'b', 0"):
            check_choice("q()", wrong, ["a", "b", 0])
    check_number("q()", 75, integer=True)
    check_number("q()", 75.0, integer=True)
    check_number("q()", 0.1)
    for wrong in ("75", None, True, 7.5, float("nan")):
        with pytest.raises(AssertionError, match="should return a whole number"):
            check_number("q()", wrong, integer=True)

    class Agreeable(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    check_answer("q()", "many-to-one", "many-to-one")
    check_answer("q()", 0.10004, 0.1)
    check_answer("q()", -0.9999999999999999, -1)   # a cosine computed with numpy
    check_answer("q()", 1e-17, 0)                  # an expected 0, computed
    check_number("q()", -0.9999999999999999)       # a number question takes it as it comes
    for wrong, right in ((74, 75), ("b", "a"), (Agreeable("b"), "a"), (None, 1), (True, 1), ("1", 1), (0.01, 0)):
        with pytest.raises(AssertionError) as failure:
            check_answer("q()", wrong, right)
        message = str(failure.value)
        assert "not the right answer" in message and repr(right) not in message.replace(repr(wrong), ""), message



def test_first_wrong_names_the_first_step_that_differs():
    right, wrong = np.ones((2, 3)), np.zeros((2, 3))
    steps = [(right, right, "gate 1"), (wrong, right, "gate 2"), (wrong, right, "gate 3")]
    assert first_wrong(steps, otherwise="after the gates") == "gate 2"
    assert first_wrong(steps[:1], otherwise="after the gates") == "after the gates"
    assert first_wrong([(None, right, "missing")]) == "missing"                 # not numbers
    assert first_wrong([(np.ones((3, 2)), right, "transposed")]) == "transposed"  # another shape
    assert first_wrong([(right * (1 + 1e-7), right, "float32 rounding")]) is None
