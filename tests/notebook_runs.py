"""Each solution notebook executed once per pytest session, shared by the tests that need it run.

No test functions here. `run_solution(path)` executes the notebook top to bottom in a fresh `python3`
kernel (as tests/test_notebooks_execute.py always has: nbclient, 60 s per cell, the kernel's working
directory the notebook's folder, matplotlib's Agg backend), then, in the same kernel, pickles the values
the notebook left behind (numbers, strings, arrays, dicts and lists of them: whatever pickles in under
50 MB). tests/test_notebooks_execute.py checks that the run raised nothing; tests/test_claims.py checks
what the markdown says against the values. Both ask for the same run, so a notebook runs once however
many tests read it.
"""

import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

CELL_TIMEOUT = 60  # seconds, as nbgrader_config.py allows a cell when autograding
MAX_VALUE_BYTES = 50_000_000

# Run in the notebook's kernel after its last cell; {path} is where to write the pickle.
SNAPSHOT = """
def _snapshot_values(path, limit={limit}):
    import pickle, types
    kept = {{}}
    for name, value in list(globals().items()):
        if name.startswith("_") or isinstance(value, (types.ModuleType, types.FunctionType, type)):
            continue
        try:
            data = pickle.dumps(value)
        except Exception:
            continue
        if len(data) <= limit:
            kept[name] = value
    with open(path, "wb") as f:
        pickle.dump(kept, f)
_snapshot_values({path!r})
del _snapshot_values
"""


@dataclass
class Run:
    """One execution of a solution notebook."""

    path: Path
    notebook: nbformat.NotebookNode  # executed, with outputs
    error: str = None  # the failing cell's error, or None
    values: dict = field(default_factory=dict)  # the notebook's variables after its last cell

    def cell(self, cell_id):
        for cell in self.notebook.cells:
            if cell.get("id") == cell_id:
                return cell
        raise KeyError(f"{self.path.name} has no cell with id {cell_id!r}")

    def markdown(self, cell_id):
        """The source of a markdown cell."""
        return self.cell(cell_id).source

    def printed(self, cell_id):
        """What a code cell printed (its streams and plain-text results), as one string."""
        texts = []
        for output in self.cell(cell_id).get("outputs", []):
            if output.get("output_type") == "stream":
                texts.append(output.get("text", ""))
            elif "text/plain" in output.get("data", {}):
                texts.append(output["data"]["text/plain"])
        return "".join(texts)


_RUNS = {}


def run_solution(path):
    """The Run of the notebook at `path`, executed on the first call of the session."""
    path = Path(path).resolve()
    if path not in _RUNS:
        _RUNS[path] = _execute(path)
    return _RUNS[path]


def _execute(path):
    notebook = nbformat.read(path, as_version=4)
    env = dict(os.environ, MPLBACKEND="Agg")
    env.setdefault("OPENBLAS_NUM_THREADS", "1")  # what course.py gives the course's kernels
    with tempfile.TemporaryDirectory() as tmp:
        values_file = Path(tmp) / "values.pickle"
        snapshot = nbformat.v4.new_code_cell(SNAPSHOT.format(path=str(values_file), limit=MAX_VALUE_BYTES))
        snapshot.id = "snapshot-values"
        notebook.cells.append(snapshot)
        client = NotebookClient(
            notebook,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},  # the kernel's working directory
        )
        error, values = None, {}
        try:
            client.execute(env=env)
        except CellExecutionError as exc:
            error = str(exc)
        finally:
            notebook.cells.pop()
        if error is None:
            with open(values_file, "rb") as f:
                values = pickle.load(f)
    return Run(path, notebook, error, values)
