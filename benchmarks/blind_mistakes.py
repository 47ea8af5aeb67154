"""How the tests do on learner mistakes written blind to them (tests/blind_mistakes.py), through real nbgrader.

    .venv/bin/python benchmarks/blind_mistakes.py [--assignments 02_rnn_cell,...] [--output FILE]

Each entry of tests/blind_mistakes.py is one solution cell written by someone who had not read the
tests; it replaces that cell of the solution notebook, and the notebook is graded as a student of its
own with the course's nbgrader_config.py (one temporary course and one autograde call per
assignment). For a mistake it reports whether it loses points on its exercise, whether a VISIBLE test
fails (the learner hears of it before grading), and what that test's message says:

  named      -- "it looks like you ...": a catalogued mistake, or a structural diagnosis
  hint       -- a hint or a located/explained difference (more than the generic sentence)
  error      -- the learner's code raised: the sentence names their line and what the error means
  generic    -- only "has the right shape but wrong values (the largest difference ...)"

For a correct variant, whether it keeps full marks. Writes a JSON summary to --output (default
benchmarks/results/blind_mistakes.json) and prints a table.
"""

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from blind_mistakes import BLIND  # noqa: E402
from nbgrader_course import Course, exercise_of, nbgrader_meta, read_notebook, solution_notebooks  # noqa: E402

GENERIC = "has the right shape but wrong values"


def category(message):
    if "it looks like you" in message or "looks like" in message:
        return "named"
    if " raised " in message or "not answered yet" in message:
        return "error"
    message = message.strip()
    # nothing after the largest difference (whose index has parentheses of its own), or check_equal's
    # "should be ..., got ..." with no clause after it
    if re.search(GENERIC + r" \(the largest difference is [^()]*(?: at index \([^()]*\))?\)\.?$", message):
        return "generic"
    if " should be " in message and ", got " in message and "; " not in message.rsplit(", got ", 1)[1]:
        return "generic"
    return "hint"


def manual_grade_ids(notebook):
    """The free-response answers (graded markdown cells), which wait for a grader: no learner loses them here."""
    return {nbgrader_meta(c)["grade_id"] for c in notebook["cells"]
            if c.get("cell_type") == "markdown" and nbgrader_meta(c).get("grade") and nbgrader_meta(c).get("solution")}


def grade(assignment, entries, directory):
    course = Course(Path(directory) / assignment)
    course.generate(assignment)
    names = {}
    for index, entry in entries:
        student = f"blind{index:03d}"
        names[student] = (index, entry)
        name, notebook = entry.notebook()
        course.submit(student, assignment, name, notebook)
    course.autograde(assignment)
    scores = course.scores(assignment)
    manual = manual_grade_ids(read_notebook(solution_notebooks(assignment)[0]))
    results = []
    for student, (index, entry) in names.items():
        grades = {g: s for nb in scores.get(student, {}).values() for g, s in nb.items() if g not in manual}
        mine = {g: s for g, s in grades.items() if exercise_of(g) == entry.grade_id}
        name = solution_notebooks(assignment)[0].name
        graded = read_notebook(course.autograded(student, assignment, name))
        visible = None
        for cell in graded["cells"]:
            if nbgrader_meta(cell).get("grade_id") == f"{entry.grade_id}_test":
                errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                visible = errors[0]["evalue"] if errors else ""
        results.append({
            "index": index, "assignment": assignment, "exercise": entry.grade_id, "kind": entry.kind, "why": entry.why,
            "score": sum(s for s, _ in mine.values()), "max": sum(m for _, m in mine.values()),
            "others_lost": sum(m - s for g, (s, m) in grades.items() if exercise_of(g) != entry.grade_id),
            "visible_message": visible,
            "category": category(visible) if visible else None,
        })
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignments", help="comma-separated (default: all in tests/blind_mistakes.py)")
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "blind_mistakes.json"))
    args = parser.parse_args(argv)
    wanted = set(args.assignments.split(",")) if args.assignments else {e.assignment for e in BLIND}
    by_assignment = {}
    for index, entry in enumerate(BLIND):
        if entry.assignment in wanted:
            by_assignment.setdefault(entry.assignment, []).append((index, entry))
    with tempfile.TemporaryDirectory() as directory, ThreadPoolExecutor(max_workers=2) as pool:
        results = [r for rs in pool.map(lambda item: grade(item[0], item[1], directory), sorted(by_assignment.items()))
                   for r in rs]
    mistakes = [r for r in results if r["kind"] == "mistake"]
    correct = [r for r in results if r["kind"] == "correct"]
    failing_visible = [r for r in mistakes if r["visible_message"]]
    categories = Counter(r["category"] for r in failing_visible)
    summary = {
        "mistakes": len(mistakes),
        "lose_points_on_their_exercise": sum(r["score"] < r["max"] for r in mistakes),
        "fail_a_visible_test": len(failing_visible),
        "visible_message_categories": dict(categories),
        "more_than_generic": sum(c != "generic" for c in categories.elements()),
        "cost_points_elsewhere": sum(r["others_lost"] > 0 for r in mistakes),
        "correct_variants": len(correct),
        "correct_full_marks": sum(r["score"] == r["max"] and r["others_lost"] == 0 for r in correct),
    }
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps({"summary": summary, "results": results}, indent=1) + "\n")
    for key, value in summary.items():
        print(f"{key:32} {value}")
    print("\nmistakes no visible test catches:")
    for r in mistakes:
        if not r["visible_message"]:
            print(f"  {r['assignment']}/{r['exercise']} [{r['score']}/{r['max']}]: {r['why']}")
    print("\ngeneric messages:")
    for r in failing_visible:
        if r["category"] == "generic":
            print(f"  {r['assignment']}/{r['exercise']}: {r['why']}\n      -> {r['visible_message'][:200]}")
    for r in correct:
        if r["score"] < r["max"] or r["others_lost"]:
            print(f"  CORRECT LOST POINTS {r['assignment']}/{r['exercise']}: {r['why']} -> {r['visible_message']}")


if __name__ == "__main__":
    main()
