"""The course's time budget: execute every solution notebook with a real kernel, time every cell.

    python benchmarks/time_budget.py                       # all of solutions/ -> benchmarks/results/time_budget.md
    python benchmarks/time_budget.py solutions/04_bptt/04_bptt.ipynb

Goal: the whole course under 60 s on 2 cores, no cell over 10 s. Kernel start-up is reported
separately from the cells. Exits with status 1 if a cell fails or the goal is missed.
"""

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from tqdm.auto import tqdm

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
COURSE_LIMIT, CELL_LIMIT = 60.0, 10.0
# What the course's kernels get from `course.py lab` and nbgrader_config.py: one OpenBLAS thread.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


# The kernel's own CPU time so far (user + system, its children included), printed by a probe cell: on a
# busy machine the wall-clock time of a cell grows with the other processes' load, its CPU time does not.
CPU_PROBE = ("import resource as _r; _s, _c = _r.getrusage(_r.RUSAGE_SELF), _r.getrusage(_r.RUSAGE_CHILDREN); "
             "print(_s.ru_utime + _s.ru_stime + _c.ru_utime + _c.ru_stime); del _r, _s, _c")


def _kernel_cpu(client):
    probe = nbformat.v4.new_code_cell(CPU_PROBE)
    client.execute_cell(probe, 0)
    text = "".join(o.get("text", "") for o in probe.outputs if o.get("output_type") == "stream").split()
    return float(text[-1]) if text else float("nan")


def time_notebook(path, timeout=120):
    """(kernel start-up seconds, [(grade_id, seconds, CPU seconds, error or None)]) for one notebook."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    cells = []
    start = time.perf_counter()
    with client.setup_kernel():
        startup = time.perf_counter() - start
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            cpu = _kernel_cpu(client)
            begin = time.perf_counter()
            client.execute_cell(cell, index)
            seconds = time.perf_counter() - begin
            cpu = _kernel_cpu(client) - cpu
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            name = cell.metadata.get("nbgrader", {}).get("grade_id", cell.get("id", f"cell {index}"))
            cells.append((name, seconds, cpu, f"{errors[0]['ename']}: {errors[0]['evalue']}" if errors else None))
    return startup, cells


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=RESULTS / "time_budget.md")
    parser.add_argument("--top", type=int, default=3, help="slowest cells listed per notebook")
    args = parser.parse_args()
    paths = args.notebooks or sorted((ROOT / "solutions").glob("*/*.ipynb"))
    lines = ["# Time budget: every solution notebook, executed with a real kernel", "",
             f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}, {time.strftime('%Y-%m-%d')}. "
             f"Goal: the course under {COURSE_LIMIT:.0f} s of cells, no cell over {CELL_LIMIT:.0f} s. "
             f"Load average at the start: {os.getloadavg()[0]:.1f} (the wall-clock times grow with the load of "
             "other processes; the kernels' CPU times do not).", "",
             "| notebook | cells (s) | cells, kernel CPU (s) | kernel start (s) | slowest cells (s) |",
             "|---|---|---|---|---|"]
    total, total_cpu, slowest, failures = 0.0, 0.0, 0.0, []
    with tqdm(paths, desc="notebooks", unit="notebook") as bar:  # progress on stderr, the table's rows on stdout
        for path in bar:
            bar.set_postfix_str(path.stem)
            startup, cells = time_notebook(path.resolve())
            cell_total, cell_cpu = sum(c[1] for c in cells), sum(c[2] for c in cells)
            total, total_cpu = total + cell_total, total_cpu + cell_cpu
            slowest = max([slowest] + [c[1] for c in cells])
            failures += [f"{path.name}:{name}: {error}" for name, _, _, error in cells if error]
            top = ", ".join(f"{name} {s:.2f}" for name, s, _, _ in sorted(cells, key=lambda c: -c[1])[: args.top])
            row = f"| {path.stem} | {cell_total:.2f} | {cell_cpu:.2f} | {startup:.2f} | {top} |"
            bar.write(row)
            lines.append(row)
    lines += ["", f"**Course total: {total:.1f} s of cells ({total_cpu:.1f} s of kernel CPU); slowest cell {slowest:.2f} s.**"]
    if failures:
        lines += ["", "Cells that raised:"] + [f"- {f}" for f in failures]
    print(lines[-1] if not failures else "\n".join(lines[-len(failures) - 1:]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n")
    print(f"written to {args.out}")
    return 1 if failures or total > COURSE_LIMIT or slowest > CELL_LIMIT else 0


if __name__ == "__main__":
    sys.exit(main())
