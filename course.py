#!/usr/bin/env python3
"""Set up and run the course with nothing but Python 3.10+ (standard library only).

    python3 course.py lab       # make .venv, install the course, open JupyterLab on notebooks/
    python3 course.py test      # make .venv, install the course with its test tools and torch, run pytest
    python3 course.py setup     # make .venv and install the nbstripout git filter (contributors)
    python3 course.py release   # regenerate notebooks/ from solutions/ with nbgrader (contributors)
    python3 course.py grade     # autograde submitted/ in parallel, sandboxed (instructors; see README)

Arguments after the subcommand go to JupyterLab (`lab`) or pytest (`test`), e.g.
`python3 course.py lab --no-browser --port=8899` or `python3 course.py test -k hygiene`.
"""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "course-install.json"
WINDOWS = os.name == "nt"

# torch is not in pyproject.toml: only this exact pin takes the CPU build; an unpinned or newer
# torch from PyPI is a CUDA build of several GB.
TORCH = "torch==2.13.0"

# How the nbstripout git filter cleans a notebook on `git add` (the tests use the same command).
# Outputs and execution counts go; the nbgrader cell metadata, `editable`/`deletable`, tags and cell
# ids stay (keeping the ids means a release generated from a solution matches it cell for cell);
# metadata that only says who edited the notebook, where and how, goes.
NBSTRIPOUT_EXTRA_KEYS = [
    "metadata.celltoolbar",
    "metadata.toc",
    "metadata.toc-autonumbering",
    "metadata.toc-showcode",
    "metadata.toc-showmarkdowntxt",
    "metadata.toc-showtags",
    "metadata.varInspector",
    "metadata.vscode",
    "metadata.colab",
    "metadata.interpreter",
    "metadata.author",
    "metadata.authors",
    "metadata.jupytext",
    "metadata.latex_envs",
    "metadata.kernel_info",
    "metadata.language_info.version",
    "cell.metadata.jupyter",
    "cell.metadata.trusted",
    "cell.metadata.vscode",
    "cell.metadata.colab",
    "cell.metadata.pycharm",
    "cell.metadata.papermill",
    "cell.metadata.executionInfo",
    "cell.metadata.outputId",
]
NBSTRIPOUT_OPTIONS = ["--keep-id", "--unix-newlines", "--extra-keys", " ".join(NBSTRIPOUT_EXTRA_KEYS)]


def say(message):
    print(f"[course] {message}", flush=True)


def venv_bin():
    return VENV / ("Scripts" if WINDOWS else "bin")


def venv_python():
    return venv_bin() / ("python.exe" if WINDOWS else "python")


def venv_env():
    """The environment for commands run in .venv: its scripts first on PATH (nbgrader calls `alembic`)."""
    env = dict(os.environ)
    env["VIRTUAL_ENV"] = str(VENV)
    env["PATH"] = str(venv_bin()) + os.pathsep + env.get("PATH", "")
    env.pop("PYTHONHOME", None)
    # The course's matrices are small: one BLAS thread is faster for them, and on a busy 2-core
    # machine OpenBLAS's second thread made training cells 10-100x slower. Set it to override.
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    return env


def run(cmd, **kwargs):
    say("$ " + " ".join(str(part) for part in cmd))
    return subprocess.run([str(part) for part in cmd], **kwargs)


def check(cmd, **kwargs):
    result = run(cmd, **kwargs)
    if result.returncode != 0:
        sys.exit(f"[course] failed ({result.returncode}): {' '.join(str(part) for part in cmd)}")
    return result


def install_key():
    """Changes whenever what `pip install -e .` would install could change."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(TORCH.encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def read_stamp():
    try:
        return json.loads(STAMP.read_text())
    except (OSError, ValueError):
        return {}


def venv_up_to_date(extras=(), torch=False):
    """Whether .venv already has the course installed from this pyproject.toml, with `extras` (and torch)."""
    stamp = read_stamp()
    return (
        venv_python().exists()
        and stamp.get("key") == install_key()
        and set(extras) <= set(stamp.get("extras", []))
        and (bool(stamp.get("torch")) or not torch)
    )


def ensure_venv(extras=(), torch=False):
    """Create .venv if missing and install the course into it, unless it is already up to date."""
    if sys.version_info < (3, 10):
        sys.exit(f"[course] Python 3.10 or newer is needed; this is {sys.version.split()[0]}")
    if venv_up_to_date(extras, torch):
        return
    if not venv_python().exists():
        say(f"creating {VENV}")
        check([sys.executable, "-m", "venv", VENV])
    stamp = read_stamp()
    target = "." + (f"[{','.join(sorted(extras))}]" if extras else "")
    cmd = [venv_python(), "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off"]
    cmd += ["-e", target] + ([TORCH] if torch else [])
    check(cmd, cwd=ROOT, env=venv_env())
    installed = {"key": install_key(), "extras": sorted(extras), "torch": torch}
    if stamp.get("key") == install_key():  # same pyproject: what an earlier install added is still there
        installed["extras"] = sorted(set(extras) | set(stamp.get("extras", [])))
        installed["torch"] = torch or bool(stamp.get("torch"))
    STAMP.write_text(json.dumps(installed, indent=1) + "\n")


def in_git_repo():
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--is-inside-work-tree"], cwd=ROOT, capture_output=True, text=True
        )
    except FileNotFoundError:
        return False
    return result.returncode == 0 and result.stdout.strip() == "true"


def nbstripout_command(python):
    """The clean command git runs (through a shell); the python path in forward slashes, as nbstripout does."""
    quoted = [f'"{option}"' if " " in option else option for option in NBSTRIPOUT_OPTIONS]
    return " ".join([f'"{Path(python).as_posix()}"', "-m", "nbstripout", *quoted])


def install_nbstripout_filter():
    """Point the `nbstripout` filter of .gitattributes at .venv's nbstripout (local git config)."""
    if not in_git_repo():
        say("not a git repository: nbstripout filter not installed")
        return
    clean = nbstripout_command(venv_python())
    settings = {
        "filter.nbstripout.clean": clean,
        "filter.nbstripout.smudge": "cat",
        "filter.nbstripout.required": "true",
        "diff.ipynb.textconv": clean + " -t",
    }
    for key, value in settings.items():
        subprocess.run(["git", "config", "--local", key, value], cwd=ROOT, check=True)
    say("nbstripout git filter installed: outputs and execution counts never reach git")


def launch(cmd):
    """Run `cmd` in .venv's environment and exit with its status."""
    sys.stdout.flush()
    env = venv_env()
    if not WINDOWS:  # replace this process, so that signals reach the program itself
        os.execve(cmd[0], [str(part) for part in cmd], env)
    try:
        sys.exit(subprocess.call([str(part) for part in cmd], cwd=ROOT, env=env))
    except KeyboardInterrupt:
        sys.exit(130)


def assignments():
    """The assignment folders solutions/<name>/ that hold solutions/<name>/<name>.ipynb."""
    folder = ROOT / "solutions"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / f"{p.name}.ipynb").is_file())


def cmd_lab(args):
    ensure_venv()
    (ROOT / "notebooks").mkdir(exist_ok=True)
    os.chdir(ROOT)
    options = [f"--ServerApp.root_dir={ROOT / 'notebooks'}"]
    if not WINDOWS and os.geteuid() == 0:  # containers and CI run as root, which JupyterLab refuses by default
        options.append("--allow-root")
    launch([venv_python(), "-m", "jupyterlab", *options, *args])


def test_processes():
    """How many pytest processes: one per core, at most 4 (most of the suite waits on kernels and nbgrader)."""
    return max(1, min(os.cpu_count() or 1, 4))


def cmd_test(args):
    ensure_venv(extras=["test"], torch=True)
    install_nbstripout_filter()
    os.chdir(ROOT)
    # One test module per process (tests/conftest.py); `-n 0` or `-p no:xdist` runs them in this one.
    chosen = any(a in ("-n", "-p") or a.startswith(("-n", "--numprocesses", "--dist")) for a in args)
    parallel = [] if chosen else ["-n", str(test_processes()), "--dist", "loadfile", "--no-loadscope-reorder"]
    durations = [] if any(a.startswith("--durations") for a in args) else ["--durations=20"]  # where the time goes
    launch([venv_python(), "-m", "pytest", *parallel, *durations, *args])


def cmd_setup(args):
    ensure_venv(extras=["test"])
    install_nbstripout_filter()
    say(f"ready: {venv_python()}")


def cmd_release(args):
    ensure_venv()
    names = args or assignments()
    if not names:
        sys.exit("[course] no assignments in solutions/")
    for name in names:
        check([venv_python(), "-m", "nbgrader", "generate_assignment", name, "--force"], cwd=ROOT, env=venv_env())
    say(f"regenerated notebooks/ for {', '.join(names)}")


def cmd_grade(args):
    """python -m course_utils.grading.batch in .venv, for the course in this folder unless --course says otherwise."""
    ensure_venv()
    if not any(arg == "--course" or arg.startswith("--course=") for arg in args):
        args = ["--course", str(ROOT), *args]
    launch([venv_python(), "-m", "course_utils.grading.batch", *args])


COMMANDS = {"lab": cmd_lab, "test": cmd_test, "setup": cmd_setup, "release": cmd_release, "grade": cmd_grade}


def main(argv):
    if not argv or argv[0] not in COMMANDS:
        print(__doc__.strip())
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    COMMANDS[argv[0]](argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
