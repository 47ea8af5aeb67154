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
# 02 — the RNN cell
# ---------------------------------------------------------------------------------------------

CLAIMS_02 = [
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
]


# ---------------------------------------------------------------------------------------------
# 04 — backpropagation through time
# ---------------------------------------------------------------------------------------------

CLAIMS_04 = [
    Claim("try-delay-explain", "with `delay_yours = 15`, as it starts, the same 800 steps end with a held-out loss hundreds "
                               "of times higher than with a delay of 8, and fewer than 80% of the symbols right",
          lambda v: (equal(v["delay_yours"], 15), check(v["result_yours"]["loss"] > 100 * v["result"]["loss"],
                     f"held-out losses {v['result_yours']['loss']:.4f} (delay 15) and {v['result']['loss']:.4f} (delay 8)"),
                     check(v["result_yours"]["accuracy"] < 0.8, f"accuracy {v['result_yours']['accuracy']:.1%}"))),
]


CLAIMS = {
    "02_rnn_cell": CLAIMS_02,
    "03_forward_pass": CLAIMS_03,
    "04_bptt": CLAIMS_04,
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
