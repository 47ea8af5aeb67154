"""The class report: which mistakes the class made, exercise by exercise, from the graded notebooks.

    python -m course_utils.grading.report [--course ROOT] [--assignment A ...] [--output-dir DIR]

reads the gradebook (the scores) and the autograded notebooks (ROOT/autograded/<student>/<assignment>/,
the failing tests' messages) of a course graded with `python3 course.py grade` or with plain `nbgrader
autograde`, and writes, in ROOT (or DIR):

- mistakes.csv: one row per failed test cell: student, assignment, notebook, exercise, test (visible or
  hidden), grade_id, mistake, kind, message. `mistake` is the mistake the test named (the text of its
  message after "it looks like you ", without the final full stop), or "unrecognised"; `kind` is
  "named", or for an unrecognised failure what kind of failure it was: "not answered", "shape" (a wrong
  shape), "error" (the learner's code raised), "course answer" (it called the course's own answer),
  "not run" (the notebook's code stopped the grading, e.g. it crashed its process), or "wrong values"
  (anything else the test said).
- class_report.html: one self-contained page (no network: inline SVG and CSS) to open in a browser. Per
  assignment the distribution of the scores, then per exercise the share of the graded students with
  each named mistake, most common first, and of those whose failure no test named (by kind). A student
  whose failing tests name a mistake is counted under that mistake only, not also as unrecognised.

`python3 course.py grade` calls the same code at the end (write_reports). Submissions that could not be
graded (no autograded notebook) are counted apart: they are not in the histograms nor in the shares.
"""

import argparse
import csv
import datetime
import html
import json
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

MISTAKES_CSV = "mistakes.csv"
REPORT_HTML = "class_report.html"
NAMED_MARKER = "it looks like you "
UNRECOGNISED = "unrecognised"
FIELDS = ["student", "assignment", "notebook", "exercise", "test", "grade_id", "mistake", "kind", "message"]
MESSAGE_CHARS = 500  # of a message kept in mistakes.csv (and 200 in the page)
KIND_LABELS = {  # how the page names an unrecognised failure of each kind
    "not answered": "not answered yet",
    "shape": "unrecognised: wrong shape",
    "error": "unrecognised: the code raised an error",
    "course answer": "unrecognised: called the course's own answer",
    "not run": "unrecognised: the notebook stopped before the test",
    "wrong values": "unrecognised: wrong values",
}


# ---------------------------------------------------------------------------------------------
# One failed test
# ---------------------------------------------------------------------------------------------


def exercise_of(grade_id):
    """`NAME_test` and `NAME_hidden_test` belong to exercise `NAME` (CONTRIBUTING.md); else the id itself."""
    for suffix in ("_hidden_test", "_test"):
        if grade_id.endswith(suffix):
            return grade_id[: -len(suffix)]
    return grade_id


def classify(ename, evalue):
    """(mistake, kind) of a failed test's error output: ("<what the test named>", "named") or
    ("unrecognised", kind)."""
    text = " ".join(str(evalue or "").split())
    at = text.find(NAMED_MARKER)
    if at >= 0:
        named = text[at + len(NAMED_MARKER):].strip()
        named = named[:-1] if named.endswith(".") else named
        if named:
            return named, "named"
    if ename == "NotImplementedError" or "not answered yet" in text:
        return UNRECOGNISED, "not answered"
    if ename == "NotGraded":
        return UNRECOGNISED, "not run"
    if "is the course's answer to" in text:
        return UNRECOGNISED, "course answer"
    if re.search(r" has shape \([^)]*\) but should have shape ", text):
        return UNRECOGNISED, "shape"
    if ename != "AssertionError" or re.search(r"\braised [A-Za-z_][\w.]*( at `|: | \(inputs|\.|$)", text):
        return UNRECOGNISED, "error"
    return UNRECOGNISED, "wrong values"


@dataclass
class Failure:
    student: str
    assignment: str
    notebook: str
    exercise: str
    test: str  # "visible" or "hidden"
    grade_id: str
    mistake: str
    kind: str
    message: str

    def row(self):
        return [_csv_safe(getattr(self, name)) for name in FIELDS]


def _csv_safe(value):
    """A cell a spreadsheet shows as text (a message could start with = + - @: a formula there)."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def failures_in(notebook, student, assignment, notebook_name):
    """[Failure] of every graded test cell of a parsed autograded notebook with an error output."""
    found = []
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if not errors:
            continue
        grade_id = str(meta.get("grade_id", ""))
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        hidden = grade_id.endswith("_hidden_test") or "BEGIN HIDDEN TESTS" in source
        ename, evalue = str(errors[-1].get("ename", "")), str(errors[-1].get("evalue", ""))
        mistake, kind = classify(ename, evalue)
        message = " ".join(evalue.split()) or ename
        found.append(Failure(student, assignment, notebook_name, exercise_of(grade_id), "hidden" if hidden else "visible",
                             grade_id, mistake, kind, message[:MESSAGE_CHARS]))
    return found


# ---------------------------------------------------------------------------------------------
# The class
# ---------------------------------------------------------------------------------------------


@dataclass
class Submission:
    student: str
    score: float
    max_score: float
    graded: bool  # every notebook of it has an autograded copy
    flagged: bool


@dataclass
class Assignment:
    name: str
    exercises: list = field(default_factory=list)  # in notebook order
    submissions: list = field(default_factory=list)  # [Submission]
    failures: list = field(default_factory=list)  # [Failure]

    @property
    def graded(self):
        return [s for s in self.submissions if s.graded]

    @property
    def max_score(self):
        return max((s.max_score for s in self.submissions), default=0.0)


def collect(coursedir, only=()):
    """[Assignment] of the gradebook (those in `only`, if given), with its scores and failed tests."""
    import warnings

    from nbgrader.api import Gradebook

    result = []
    with warnings.catch_warnings(), Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
        warnings.simplefilter("ignore")
        for assignment in sorted(gradebook.assignments, key=lambda a: a.name):
            if only and assignment.name not in only:
                continue
            entry = Assignment(assignment.name)
            for notebook in assignment.notebooks:
                for cell in notebook.grade_cells:
                    if exercise_of(cell.name) not in entry.exercises:
                        entry.exercises.append(exercise_of(cell.name))
            for submission in sorted(gradebook.assignment_submissions(assignment.name), key=lambda s: s.student.id):
                student = submission.student.id
                folder = Path(coursedir.format_path(coursedir.autograded_directory, student, assignment.name))
                graded, failures = bool(submission.notebooks), []
                for notebook in submission.notebooks:
                    path = folder / f"{notebook.name}.ipynb"
                    try:
                        parsed = json.loads(path.read_text(encoding="utf-8"))
                    except (OSError, ValueError):
                        graded = False
                        continue
                    failures += failures_in(parsed, student, assignment.name, notebook.name)
                entry.submissions.append(Submission(student, float(submission.score or 0), float(submission.max_score or 0),
                                                    graded, any(n.flagged for n in submission.notebooks)))
                if graded:
                    entry.failures += failures
            for failure in entry.failures:
                if failure.exercise not in entry.exercises:
                    entry.exercises.append(failure.exercise)
            result.append(entry)
    return result


def bars(assignment, exercise):
    """[(label, kind, {students}, {students seen in visible tests}, {in hidden tests}, [messages])] of one
    exercise, most common first. A student with a named mistake here is not counted as unrecognised too."""
    failures = [f for f in assignment.failures if f.exercise == exercise]
    named_students = {f.student for f in failures if f.kind == "named"}
    groups = {}
    for failure in failures:
        if failure.kind != "named" and failure.student in named_students:
            continue
        label = failure.mistake if failure.kind == "named" else KIND_LABELS.get(failure.kind, f"unrecognised: {failure.kind}")
        students, visible, hidden, messages = groups.setdefault((label, failure.kind), (set(), set(), set(), []))
        students.add(failure.student)
        (hidden if failure.test == "hidden" else visible).add(failure.student)
        messages.append(failure.message)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1][0]), item[0][1] != "named", item[0][0]))
    return [(label, kind, *sets) for (label, kind), sets in ordered]


# ---------------------------------------------------------------------------------------------
# mistakes.csv
# ---------------------------------------------------------------------------------------------


def write_csv(assignments, path):
    path = Path(path)
    temporary = path.with_name(path.name + ".part")
    with open(temporary, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(FIELDS)
        for assignment in assignments:
            for failure in assignment.failures:
                writer.writerow(failure.row())
    temporary.replace(path)
    return path


# ---------------------------------------------------------------------------------------------
# class_report.html
# ---------------------------------------------------------------------------------------------

STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px auto; max-width: 1100px;
       padding: 0 16px; color: #1d2733; }
h1 { font-size: 26px; margin-bottom: 4px; } h2 { margin-top: 40px; border-bottom: 2px solid #d6dde6; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 22px 0 6px; } .muted { color: #5d6b7a; } code { font-size: 13px; }
table.summary { border-collapse: collapse; margin: 12px 0; } table.summary td, table.summary th { padding: 4px 10px;
  border-bottom: 1px solid #e3e8ee; text-align: left; vertical-align: top; } table.summary th { background: #f3f6f9; }
table.summary .num { text-align: right; font-variant-numeric: tabular-nums; }
.exercise { margin: 10px 0 18px; } .rows { display: grid; grid-template-columns: minmax(260px, 46%) 1fr 190px;
  gap: 3px 12px; align-items: center; }
.label { font-size: 14px; } .track { background: #eef2f6; border-radius: 3px; height: 18px; position: relative; }
.fill { height: 100%; border-radius: 3px; } .named .fill { background: #2f6db3; } .unrecognised .fill { background: #9aa6b2; }
.unanswered .fill { background: #d9c38c; } .share { font-size: 13px; font-variant-numeric: tabular-nums; }
.share b { display: inline-block; min-width: 3.2em; } details { font-size: 13px; grid-column: 1 / -1; margin: -2px 0 6px 10px; }
details ul, details p { margin: 4px 0; } summary { cursor: pointer; color: #4a5a6a; } .ok { color: #2e7d32; }
.legend span { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin: 0 4px 0 12px; vertical-align: -1px; }
"""


def _e(text):
    return html.escape(str(text), quote=True)


def _pct(part, whole):
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _points(value):
    return f"{value:g}"


def histogram_svg(scores, max_score):
    """An inline SVG histogram of `scores` (0..max_score): one bar per point when max_score is a small
    whole number, else ten bins of 10 %."""
    if max_score and max_score <= 30 and float(max_score).is_integer() and all(float(s).is_integer() for s in scores):
        edges = [(v, v) for v in range(int(max_score) + 1)]
        labels = [str(v) for v in range(int(max_score) + 1)]
        counts = [sum(1 for s in scores if int(s) == v) for v in range(int(max_score) + 1)]
        axis = "points"
    else:
        top = max_score or max(scores, default=1) or 1
        edges = [(i * top / 10, (i + 1) * top / 10) for i in range(10)]
        labels = [f"{10 * i}" for i in range(10)]
        counts = [sum(1 for s in scores if (lo <= s < hi) or (i == 9 and s >= hi)) for i, (lo, hi) in enumerate(edges)]
        axis = "% of the points (bins of 10 %)"
    width, height, left, bottom, top_pad = 640, 190, 36, 34, 18
    n = len(counts)
    slot = (width - left - 8) / n
    tallest = max(counts, default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="histogram of the scores">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 4}" y2="{height - bottom}" stroke="#7a8795"/>']
    for i, (count, label) in enumerate(zip(counts, labels)):
        h = (height - bottom - top_pad) * count / tallest
        x = left + i * slot + slot * 0.1
        y = height - bottom - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.8:.1f}" height="{h:.1f}" fill="#3d7fc1">'
                     f'<title>{_e(label)}: {count}</title></rect>')
        if count:
            parts.append(f'<text x="{x + slot * 0.4:.1f}" y="{y - 4:.1f}" font-size="12" text-anchor="middle" '
                         f'fill="#1d2733">{count}</text>')
        parts.append(f'<text x="{x + slot * 0.4:.1f}" y="{height - bottom + 15}" font-size="12" text-anchor="middle" '
                     f'fill="#5d6b7a">{_e(label)}</text>')
    parts.append(f'<text x="{left + (width - left) / 2:.0f}" y="{height - 3}" font-size="12" text-anchor="middle" '
                 f'fill="#5d6b7a">{_e(axis)}</text>')
    parts.append(f'<text x="12" y="{(height - bottom) / 2 + 10:.0f}" font-size="12" fill="#5d6b7a" '
                 f'transform="rotate(-90 12 {(height - bottom) / 2 + 10:.0f})" text-anchor="middle">students</text>')
    parts.append("</svg>")
    return "".join(parts)


def _common(messages, limit=5):
    counted = {}
    for message in messages:
        short = message if len(message) <= 200 else message[:197] + "..."
        counted[short] = counted.get(short, 0) + 1
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:limit]


def exercise_html(assignment, exercise, graded):
    n = len(graded)
    lost = {f.student for f in assignment.failures if f.exercise == exercise}
    out = [f'<div class="exercise"><h3><code>{_e(exercise)}</code> '
           f'<span class="muted">&mdash; {len(lost)} of {n} students ({_pct(len(lost), n)}) failed a test of it</span></h3>']
    rows = bars(assignment, exercise)
    if not rows:
        out.append('<p class="ok">Every graded student passed its tests.</p></div>')
        return "".join(out)
    out.append('<div class="rows">')
    for label, kind, students, visible, hidden, messages in rows:
        css = "named" if kind == "named" else ("unanswered" if kind == "not answered" else "unrecognised")
        share = len(students) / n if n else 0
        where = []
        if visible:
            where.append(f"{len(visible)} visible")
        if hidden:
            where.append(f"{len(hidden)} hidden")
        out.append(f'<div class="label {css}">{_e(label)}</div>'
                   f'<div class="track {css}" title="{_e(label)}"><div class="fill" style="width:{100 * share:.1f}%"></div></div>'
                   f'<div class="share"><b>{_pct(len(students), n)}</b> {len(students)} '
                   f'<span class="muted">({_e(", ".join(where))})</span></div>')
        names = f"<p>{_e(', '.join(sorted(students)))}</p>"
        inner = f"<summary>students ({len(students)})</summary>{names}"
        if kind != "named" and kind != "not answered":
            common = "".join(f"<li>{count} &times; {_e(message)}</li>" for message, count in _common(messages))
            inner = (f"<summary>the most common messages, and the students ({len(students)})</summary>"
                     f"<ul>{common}</ul>{names}")
        out.append(f"<details>{inner}</details>")
    out.append("</div></div>")
    return "".join(out)


def assignment_html(assignment):
    graded = assignment.graded
    scores = [s.score for s in graded]
    ungraded = [s for s in assignment.submissions if not s.graded]
    top = assignment.max_score
    out = [f'<h2 id="{_e(assignment.name)}">{_e(assignment.name)}</h2>']
    if not assignment.submissions:
        out.append('<p class="muted">No submissions in the gradebook.</p>')
        return "".join(out)
    facts = [f"{len(graded)} graded submissions"]
    if scores:
        facts.append(f"mean {statistics.mean(scores):.1f} / {_points(top)}, median {_points(statistics.median(scores))}")
        facts.append(f"full marks {sum(1 for s in scores if s >= top)} ({_pct(sum(1 for s in scores if s >= top), len(scores))})")
        facts.append(f"zero {sum(1 for s in scores if s == 0)}")
    flagged = sum(1 for s in graded if s.flagged)
    if flagged:
        facts.append(f"{flagged} flagged (see grading_report.csv)")
    out.append(f'<p>{_e("; ".join(facts))}.</p>')
    if ungraded:
        out.append(f'<p class="muted">{len(ungraded)} submission(s) could not be graded (no autograded notebook: '
                   f'{_e(", ".join(s.student for s in ungraded))}); the gradebook gives them 0 and they are not '
                   'counted below.</p>')
    if scores:
        out.append("<h3>Scores</h3>" + histogram_svg(scores, top))
    out.append("<h3 style='margin-top:26px'>Exercises</h3>"
               '<p class="muted legend">Share of the graded students whose failing tests say:'
               '<span style="background:#2f6db3"></span>a named mistake'
               '<span style="background:#9aa6b2"></span>a failure no test named'
               '<span style="background:#d9c38c"></span>not answered.'
               " (visible / hidden: in which tests it was seen.)</p>")
    for exercise in assignment.exercises:
        out.append(exercise_html(assignment, exercise, graded))
    return "".join(out)


def summary_html(assignments):
    rows = []
    for a in assignments:
        graded = a.graded
        scores = [s.score for s in graded]
        common = {}
        for exercise in a.exercises:
            for label, kind, students, *_ in bars(a, exercise):
                if kind == "named":
                    common[(exercise, label)] = len(students)
        best = max(common.items(), key=lambda item: item[1], default=None)
        mistake = (f"<code>{_e(best[0][0])}</code>: {_e(best[0][1])} ({_pct(best[1], len(graded))})" if best else "-")
        rows.append(f'<tr><td><a href="#{_e(a.name)}">{_e(a.name)}</a></td><td class="num">{len(graded)}</td>'
                    f'<td class="num">{len(a.submissions) - len(graded)}</td>'
                    f'<td class="num">{(statistics.mean(scores) if scores else 0):.1f} / {_points(a.max_score)}</td>'
                    f'<td class="num">{_pct(sum(1 for s in scores if s >= a.max_score), len(scores))}</td>'
                    f"<td>{mistake}</td></tr>")
    return ('<table class="summary"><tr><th>assignment</th><th class="num">graded</th><th class="num">not graded</th>'
            '<th class="num">mean score</th><th class="num">full marks</th><th>most common named mistake</th></tr>'
            + "".join(rows) + "</table>")


def write_html(assignments, path, course_name=""):
    path = Path(path)
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    students = {s.student for a in assignments for s in a.submissions}
    body = [f"<h1>Class report{(' &mdash; ' + _e(course_name)) if course_name else ''}</h1>",
            f'<p class="muted">{len(students)} students, {len(assignments)} assignments; from the gradebook and the '
            f"autograded notebooks, {when}. Every failed test is a row of <code>{MISTAKES_CSV}</code>.</p>",
            summary_html(assignments)]
    body += [assignment_html(a) for a in assignments]
    page = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
            f"<title>Class report</title><style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n")
    temporary = path.with_name(path.name + ".part")
    temporary.write_text(page, encoding="utf-8")
    temporary.replace(path)
    return path


# ---------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------


def write_reports(coursedir, output_dir, only=()):
    """Write mistakes.csv and class_report.html into `output_dir`; (csv path, html path, [Assignment])."""
    assignments = [a for a in collect(coursedir, only) if a.submissions]
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    csv_path = write_csv(assignments, output_dir / MISTAKES_CSV)
    html_path = write_html(assignments, output_dir / REPORT_HTML, getattr(coursedir, "course_id", "") or "")
    return csv_path, html_path, assignments


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m course_utils.grading.report", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--course", default=".", help="the course folder, with nbgrader_config.py (default: here)")
    parser.add_argument("--assignment", action="append", default=[], help="only this assignment (repeatable)")
    parser.add_argument("--output-dir", help="where mistakes.csv and class_report.html go (default: the course folder)")
    options = parser.parse_args(argv)

    from course_utils.grading.batch import load_course, sqlite_path

    root = Path(options.course).resolve()
    _, coursedir = load_course(root)
    if coursedir.db_url.startswith("sqlite:///") and not sqlite_path(coursedir.db_url).is_file():
        print(f"no gradebook at {coursedir.db_url}: grade first (python3 course.py grade, or nbgrader autograde)",
              file=sys.stderr)
        return 2
    csv_path, html_path, assignments = write_reports(coursedir, options.output_dir or root, options.assignment)
    if not assignments:
        print("the gradebook has no graded submissions" + (f" of {', '.join(options.assignment)}" if options.assignment else ""),
              file=sys.stderr)
        return 2
    rows = sum(len(a.failures) for a in assignments)
    submissions = sum(len(a.graded) for a in assignments)
    print(f"{rows} failed tests in {submissions} graded submissions of {len(assignments)} assignments: {csv_path}")
    print(f"class report (open it in a browser): {html_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
