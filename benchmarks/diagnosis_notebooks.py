"""What the visible tests say to learners' mistakes, with and without course_utils.diagnosis.

    .venv/bin/python benchmarks/diagnosis_notebooks.py blind [assignment ...]      # tests/blind_mistakes.py
    .venv/bin/python benchmarks/diagnosis_notebooks.py stripped [assignment ...]   # tests/catalogue/, the tests'
                                                                                   # mistakes= and hint= removed

For each assignment, runs the solution notebook once in a kernel (its folder as working directory), then,
for every entry: puts the mistaken exercise cell in place of the solution cell, runs the exercise's
visible test cell twice -- with course_utils.diagnosis switched off (what the tests said before it) and on
-- and puts the solution cell back. A failing test's message is "generic" when it says only that a value
is wrong (tests/test_nbgrader_pipeline.is_generic). `stripped` drops every mistakes= and hint= argument
of check_close/check_equal, so that each catalogued mistake becomes one nobody catalogued: what the
diagnosis alone says. Prints one line per failing entry and the counts; each message is printed so that a
person can judge whether it points the right way.
"""

import json
import re
import sys
from pathlib import Path

from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from nbgrader_course import nbgrader_meta, read_notebook, source_text  # noqa: E402
from test_nbgrader_pipeline import is_generic  # noqa: E402

SWITCH = """
import course_utils.testing as _diagnosis_testing, course_utils.diagnosis as _diagnosis_module
_diagnosis_testing.describe_difference = {on} and _diagnosis_module.describe_difference or (lambda *a, **k: None)
_diagnosis_testing.describe_items = {on} and _diagnosis_module.describe_items or (lambda *a, **k: None)
"""

STRIP = """
import course_utils.testing as _strip_testing
def check_close(*args, mistakes=None, hint=None, **kwargs):
    return _strip_testing.check_close(*args, **kwargs)
def check_equal(*args, mistakes=None, hint=None, **kwargs):
    return _strip_testing.check_equal(*args, **kwargs)
"""


class Kernel:
    def __init__(self, cwd):
        self.manager, self.client = start_new_kernel(kernel_name="python3", cwd=str(cwd))

    def run(self, code, timeout=300):
        """(ename, evalue) of the error the code raised, or None."""
        reply = self.client.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
        content = reply["content"]
        if content["status"] == "error":
            return content["ename"], content["evalue"]
        return None

    def close(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


def entries(kind, assignment):
    """(label, exercise grade_id, the exercise cell's source) of each mistake."""
    if kind == "blind":
        from blind_mistakes import BLIND
        return [(b.why, b.grade_id, b.source) for b in BLIND if b.assignment == assignment and b.kind == "mistake"]
    from mistakes import MISTAKES
    out = []
    for m in MISTAKES:
        if m.assignment != assignment:
            continue
        _, notebook = m.notebook()
        cell = next(c for c in notebook["cells"] if nbgrader_meta(c).get("grade_id") == m.exercise)
        out.append((m.why, m.exercise, source_text(cell)))
    return out


def main(kind, assignments):
    counts = {"entries": 0, "failing": 0, "generic before": 0, "generic after": 0, "errors": 0}
    for assignment in assignments:
        path = ROOT / "solutions" / assignment / f"{assignment}.ipynb"
        notebook = read_notebook(path)
        cells = {nbgrader_meta(c).get("grade_id"): source_text(c) for c in notebook["cells"] if c["cell_type"] == "code"}
        kernel = Kernel(path.parent)
        try:
            kernel.run("import matplotlib; matplotlib.use('Agg')")
            for cell in notebook["cells"]:
                if cell["cell_type"] != "code":
                    continue
                error = kernel.run(source_text(cell), timeout=600)
                if error:
                    print(f"{assignment}: the solution notebook raised {error[0]} in {nbgrader_meta(cell).get('grade_id')}")
            if kind == "stripped":
                kernel.run(STRIP)
            for why, grade_id, source in entries(kind, assignment):
                counts["entries"] += 1
                test = cells.get(f"{grade_id}_test")
                messages = []
                for on in (False, True):
                    kernel.run(SWITCH.format(on=on))
                    defined = kernel.run(source)
                    error = defined or kernel.run(test, timeout=120)
                    messages.append(error)
                    kernel.run(cells[grade_id])  # the solution back
                kernel.run(SWITCH.format(on=True))
                before, after = messages
                if after is None:
                    continue
                counts["failing"] += 1
                generic_before = before is not None and before[0] == "AssertionError" and is_generic(before[1].strip())
                generic_after = after[0] == "AssertionError" and is_generic(after[1].strip())
                counts["generic before"] += generic_before
                counts["generic after"] += generic_after
                tag = "GENERIC" if generic_after else ("NEW" if generic_before else "same")
                print(f"[{tag}] {assignment}/{grade_id}: {why[:90]}\n    {after[0]}: {after[1].strip()[:400]}")
        finally:
            kernel.close()
    print(json.dumps(counts))


if __name__ == "__main__":
    kind = sys.argv[1]
    chosen = sys.argv[2:] or (["01_sequences_one_hot", "02_rnn_cell", "03_forward_pass", "04_bptt", "05_rnn_types",
                               "06_bidirectional"] + (["07_word_embeddings", "08_char_language_model"]
                                                      if kind == "stripped" else []))
    main(kind, chosen)
