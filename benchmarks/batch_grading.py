"""Batch grading against plain sequential nbgrader, on a generated class (not part of the test suite).

    .venv/bin/python benchmarks/batch_grading.py [--students 100] [--jobs 2] [--assignments 01_sequences_one_hot,...]

Builds a temporary course (solutions/ and nbgrader_config.py copied, every assignment released) and a
class of --students full-course submissions, drawn with a fixed seed: per notebook, 50 % the solution,
25 % a catalogued mistake (tests/catalogue/), 7 % a correct alternative, 10 % the untouched release,
8 % an adversarial case (tests/adversarial.py: endless loop, exception, deleted or edited tests,
patched comparisons, rebound helpers, reading the source, enormous output, kernel crash, not JSON).
Then, on identical copies of the course:

  sequential: `nbgrader autograde A --force` for each assignment A, one after the other (what the README's
              instructor section does), then `nbgrader generate_feedback` and `nbgrader export`;
  batch:      `python -m course_utils.grading.batch --jobs N` (parallel nbgrader, merge, feedback, export).

Both use the course's per-cell timeout (nbgrader_config.py, 60 s) unless --timeout says otherwise. It
prints, and writes to benchmarks/results/batch_grading.json, the wall-clock seconds of each, the load
average of the machine before and after, and whether both gave the same scores. --repeat runs the pair
again (the machine may be shared: look at the load averages).
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tqdm.auto import tqdm

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import adversarial  # noqa: E402
from mistakes import ALTERNATIVES, MISTAKES  # noqa: E402
from nbgrader_course import Course, assignments, tool_env  # noqa: E402

ADVERSARIAL = ["infinite_loop", "raises", "deleted_tests", "edited_tests", "patched_comparisons",
               "rebound_helpers", "reads_solutions", "enormous_output", "kernel_crash", "unreadable"]


def build_class(assignment_names, students, seed):
    """{student: {assignment: (notebook name, notebook or bytes, kind)}}"""
    rng = random.Random(seed)
    builders = {**adversarial.CASES, **adversarial.BREAKING}
    cls = {}
    for index in range(students):
        student = f"student{index:03d}"
        cls[student] = {}
        for assignment in assignment_names:
            draw = rng.random()
            mistakes = [m for m in MISTAKES if m.assignment == assignment]
            alternatives = [a for a in ALTERNATIVES if a.assignment == assignment]
            if draw < 0.25 and mistakes:
                entry = rng.choice(mistakes)
                name, notebook = entry.notebook()
                kind = f"mistake: {entry.why}"
            elif draw < 0.32 and alternatives:
                entry = rng.choice(alternatives)
                name, notebook = entry.notebook()
                kind = f"alternative: {entry.why}"
            elif draw < 0.42:
                name, notebook = adversarial.untouched(assignment)
                kind = "untouched"
            elif draw < 0.50:
                case = rng.choice(ADVERSARIAL)
                name, notebook = builders[case](assignment)
                kind = f"adversarial: {case}"
            else:
                name, notebook = adversarial.solution(assignment)
                kind = "solution"
            cls[student][assignment] = (name, notebook, kind)
    return cls


def loadavg():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def scores(course, assignment_names):
    return {a: course.scores(a) for a in assignment_names}


def run_sequential(course, assignment_names, timeout):
    env = tool_env()
    options = [f"--TrustedExecute.timeout={timeout}"] if timeout else []
    start = time.perf_counter()
    with tqdm(assignment_names, desc="nbgrader autograde", unit="assignment") as bar:
        for assignment in bar:
            bar.set_postfix_str(assignment)
            subprocess.run([sys.executable, "-m", "nbgrader", "autograde", assignment, "--force", *options],
                           cwd=course.dir, env=env, capture_output=True)
    grading = time.perf_counter() - start
    with tqdm(assignment_names, desc="nbgrader generate_feedback", unit="assignment") as bar:
        for assignment in bar:
            bar.set_postfix_str(assignment)
            subprocess.run([sys.executable, "-m", "nbgrader", "generate_feedback", assignment, "--force"],
                           cwd=course.dir, env=env, capture_output=True)
    subprocess.run([sys.executable, "-m", "nbgrader", "export"], cwd=course.dir, env=env, capture_output=True)
    return grading, time.perf_counter() - start


def run_batch(course, submissions, jobs, timeout):
    command = [sys.executable, "-m", "course_utils.grading.batch", str(submissions), "--course", str(course.dir),
               "--jobs", str(jobs), "--quiet"]
    if timeout:
        command += ["--timeout", str(timeout)]
    start = time.perf_counter()
    result = subprocess.run(command, env=tool_env(), capture_output=True, text=True)
    total = time.perf_counter() - start
    grading = None
    for line in result.stdout.splitlines():
        match = re.search(r"\(([\d.]+) s running notebooks", line)
        if match and line.startswith("graded"):
            grading = float(match.group(1))
    return grading, total, result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--assignments", help="comma-separated (default: every assignment in solutions/)")
    parser.add_argument("--timeout", type=int, help="seconds per cell (default: nbgrader_config.py's)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=1, help="how many times to time the pair")
    parser.add_argument("--workdir", help="where the temporary courses go")
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "batch_grading.json"))
    args = parser.parse_args(argv)

    names = args.assignments.split(",") if args.assignments else assignments()
    workdir = Path(tempfile.mkdtemp(prefix="bench-grading-", dir=args.workdir))
    print(f"class of {args.students} students x {len(names)} assignments in {workdir}", flush=True)
    released = Course(workdir / "released")
    for assignment in names:
        released.generate(assignment)
    cls = build_class(names, args.students, args.seed)
    submissions = workdir / "inbox"
    kinds = {}
    for student, work in cls.items():
        for assignment, (name, notebook, kind) in work.items():
            adversarial.write(submissions / student / assignment / name, notebook)
            kinds[kind.split(":")[0]] = kinds.get(kind.split(":")[0], 0) + 1
    print(f"notebooks by kind: {kinds}", flush=True)

    runs = []
    for repeat in range(args.repeat):
        plain = released.clone(workdir / f"plain{repeat}")
        shutil.copytree(submissions, plain.dir / "submitted")
        batch = released.clone(workdir / f"batch{repeat}")
        record = {"repeat": repeat}
        record["load_before_sequential"] = loadavg()
        record["sequential_grading_s"], record["sequential_total_s"] = run_sequential(plain, names, args.timeout)
        record["load_after_sequential"] = loadavg()
        print(f"[{repeat}] sequential nbgrader autograde: {record['sequential_grading_s']:.0f} s "
              f"(+ feedback and export: {record['sequential_total_s']:.0f} s), load {record['load_before_sequential']} -> "
              f"{record['load_after_sequential']}", flush=True)
        record["load_before_batch"] = loadavg()
        record["batch_grading_s"], record["batch_total_s"], result = run_batch(batch, submissions, args.jobs, args.timeout)
        record["load_after_batch"] = loadavg()
        record["batch_exit"] = result.returncode
        print(f"[{repeat}] batch, {args.jobs} jobs: {record['batch_grading_s']} s running notebooks, "
              f"{record['batch_total_s']:.0f} s in all (merge, feedback, export), load {record['load_before_batch']} -> "
              f"{record['load_after_batch']}", flush=True)
        print(result.stdout[-2500:], flush=True)
        plain_scores, batch_scores = scores(plain, names), scores(batch, names)
        differ = [(a, s) for a in names for s in plain_scores[a]
                  if plain_scores[a].get(s) != batch_scores[a].get(s)]
        record["students_scored_differently"] = differ
        print(f"[{repeat}] submissions plain nbgrader scored: {sum(len(v) for v in plain_scores.values())}; "
              f"scored differently by the batch: {len(differ)} {differ[:5]}", flush=True)
        runs.append(record)

    summary = {"students": args.students, "assignments": names, "jobs": args.jobs, "cpus": os.cpu_count(),
               "timeout": args.timeout, "kinds": kinds, "runs": runs}
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(summary, indent=1) + "\n")
    print(f"written to {args.output}")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
