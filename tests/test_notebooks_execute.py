"""Every solution notebook runs top to bottom with a real `python3` kernel, without an error."""

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from nbgrader_course import assignments, solution_notebooks

NOTEBOOKS = [path for assignment in assignments() for path in solution_notebooks(assignment)]
CELL_TIMEOUT = 60  # seconds, as nbgrader_config.py allows a cell when autograding


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_solution_notebook_executes(path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},  # the kernel's working directory
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        pytest.fail(f"{path.relative_to(path.parents[2])} fails:\n{exc}")
