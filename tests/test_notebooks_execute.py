"""Every solution notebook runs top to bottom with a real `python3` kernel, without an error."""

import pytest

from nbgrader_course import assignments, solution_notebooks
from notebook_runs import run_solution

NOTEBOOKS = [path for assignment in assignments() for path in solution_notebooks(assignment)]


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_solution_notebook_executes(path):
    run = run_solution(path)  # shared with tests/test_claims.py: each notebook runs once per session
    if run.error is not None:
        pytest.fail(f"{path.relative_to(path.parents[2])} fails:\n{run.error}")
