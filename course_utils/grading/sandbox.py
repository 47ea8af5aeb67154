"""Where the worker runs: a bubblewrap sandbox (Debian's `bubblewrap`, https://github.com/containers/bubblewrap).

    command, cleanup = sandbox_command(python_args, assignment=..., hide=[course root, ...], files={...})

Inside: the system's folders read-only (SYSTEM) and no other folder of the disk; empty private /tmp (size-capped tmpfs, the submission's scratch
folder /tmp/submission is its working directory) and $HOME; the course folder, the grader's home, the
exchange and every other path in `hide` empty, except the Python environment and the course package;
the course package replaced by a copy without this assignment's answers (answers.py); no network, its
own PID, IPC and UTS namespaces, killed with its parent; limits on CPU time, memory, file size and
processes. Run by root, the worker becomes `nobody` before any learner code runs.

Where bubblewrap is missing, `sandbox_command` raises SandboxUnavailable with how to install it; the
grader refuses unless told to grade without a sandbox (then the report says so).
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

SCRATCH = "/tmp/submission"
HOME = "/tmp/home"
INSTALL_HINT = ("bubblewrap is needed to grade untrusted notebooks: on Debian or Ubuntu `sudo apt-get install "
                "bubblewrap`, on Fedora `sudo dnf install bubblewrap`; it runs on Linux only. To grade anyway, "
                "without a sandbox (only notebooks you trust), set c.TrustedExecute.sandbox = 'none' or pass "
                "--unsandboxed to course.py grade.")

DEFAULT_LIMITS = {
    "cpu_seconds": 900,  # CPU time of the whole worker
    "memory_bytes": 4 * 2**30,  # address space of each process
    "file_bytes": 64 * 2**20,  # largest file it may write
    "processes": 256,  # processes and threads of the sandbox's user (counted per user by the kernel)
    "tmp_bytes": 256 * 2**20,  # size of the private /tmp (scratch folder and $HOME included)
}


# What the sandbox shows of the disk, read-only: the system's programs and libraries. The Python
# environment and the course package are added where they are; the rest of the disk (home folders, other
# copies of the course, the exchange, /opt, /srv, /var) is not there at all.
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")


class SandboxUnavailable(RuntimeError):
    pass


def bwrap_path():
    return shutil.which("bwrap") if sys.platform.startswith("linux") else None


def package_dir():
    return Path(__file__).resolve().parents[1]


def _exists(path):
    return path is not None and os.path.lexists(path)


def _within(path, folder):
    try:
        Path(path).relative_to(folder)
        return True
    except ValueError:
        return False


def python_paths():
    """Folders the worker's Python needs to read: its prefixes and everything on sys.path."""
    prefixes = {Path(sys.prefix), Path(sys.base_prefix), Path(os.path.realpath(sys.executable)).parent.parent}
    paths = set(prefixes) | {Path(sys.executable).parent}
    for entry in sys.path:  # installed packages only: not the folder grading was started in
        if entry and os.path.isdir(entry) and ("site-packages" in Path(entry).parts or "dist-packages" in
                                               Path(entry).parts or any(_within(entry, p) for p in prefixes)):
            paths.add(Path(entry))
    return paths


def default_hidden(course_root=None, extra=()):
    """What a submission must not see: the course, the checkout the package comes from, the user's home,
    nbgrader's exchange, and `extra`."""
    paths = [Path.home(), Path("/root"), Path("/home"), Path("/srv/nbgrader"), Path("/var/tmp"), *map(Path, extra)]
    if os.environ.get("NBGRADER_EXCHANGE_ROOT"):
        paths.append(Path(os.environ["NBGRADER_EXCHANGE_ROOT"]))
    if course_root:
        paths.append(Path(course_root))
    checkout = package_dir().parent
    if any((checkout / marker).exists() for marker in ("nbgrader_config.py", ".git", "solutions")):
        paths.append(checkout)
    return paths


def _outermost(paths):
    resolved = sorted({Path(os.path.realpath(p)) for p in paths if _exists(p)}, key=lambda p: len(p.parts))
    kept = []
    for path in resolved:
        if not any(_within(path, other) for other in kept):
            kept.append(path)
    return kept


def _rlimits(limits):
    import resource

    def apply():
        for name, value in (("RLIMIT_CPU", limits["cpu_seconds"]), ("RLIMIT_AS", limits["memory_bytes"]),
                            ("RLIMIT_FSIZE", limits["file_bytes"]), ("RLIMIT_NPROC", limits["processes"]),
                            ("RLIMIT_CORE", 0)):
            if value is not None:
                resource.setrlimit(getattr(resource, name), (value, value))
        os.setsid()

    return apply


def sandbox_command(python_args, stub_package, files=(), hide=(), limits=None, env=None):
    """(argv, preexec_fn) that run `python -I <python_args>` in the sandbox.

    stub_package -- folder to show at the course package's place (answers.stub_package())
    files        -- {name: host path}: read-only files put into the scratch folder (the released data)
    hide         -- folders to show empty (default_hidden())
    """
    bwrap = bwrap_path()
    if bwrap is None:
        raise SandboxUnavailable(INSTALL_HINT)
    limits = dict(DEFAULT_LIMITS, **(limits or {}))
    python = os.path.realpath(sys.executable) if not os.path.exists(sys.executable) else sys.executable
    argv = [bwrap]
    for system in SYSTEM:  # the system's programs and libraries, read-only; no other folder of the disk
        if os.path.islink(system):
            argv += ["--symlink", os.readlink(system), system]
        elif os.path.isdir(system):
            argv += ["--ro-bind", system, system]
    argv += ["--dev", "/dev", "--proc", "/proc",
            "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--clearenv"]
    if os.getuid() == 0:  # keep only what it takes to become nobody (worker._drop_root)
        argv += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:  # an unprivileged bwrap needs a user namespace, and the learner's code may not make another
        argv += ["--unshare-user", "--disable-userns"]
    argv += ["--size", str(limits["tmp_bytes"]), "--perms", "1777", "--tmpfs", "/tmp",
             "--perms", "1777", "--dir", SCRATCH, "--perms", "1777", "--dir", HOME]
    hidden = [p for p in _outermost(list(hide) + [Path(tempfile.gettempdir())]) if not _within(p, "/tmp")]
    for path in hidden:
        argv += ["--tmpfs", str(path)] if path.is_dir() else ["--ro-bind", "/dev/null", str(path)]
    package = package_dir()
    covers = hidden + [Path("/tmp")]
    made = set()

    def show(source, path):  # bind `path` back into an empty folder; the folders on the way readable by all
        cover = next((c for c in covers if _within(path, c)), None)
        if cover is not None:
            for parent in reversed(path.parents):
                if _within(parent, cover) and parent != cover and parent not in made:
                    made.add(parent)
                    argv.extend(["--perms", "0755", "--dir", str(parent)])
        argv.extend(["--ro-bind", str(source), str(path)])

    covers += [Path("/")]  # outside SYSTEM, nothing is there unless shown
    for path in _outermost([p for p in python_paths() if not _within(p, package)]):
        if path.exists() and not any(_within(path, system) for system in SYSTEM if os.path.isdir(system)
                                     and not os.path.islink(system)):
            show(path, path)
    show(stub_package, package)
    if (package / "data").is_dir():
        argv += ["--ro-bind", str(package / "data"), str(package / "data")]
    for name, host_path in dict(files).items():
        argv += ["--ro-bind", str(host_path), f"{SCRATCH}/{name}"]
    variables = {
        "HOME": HOME, "PATH": f"{Path(python).parent}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "MPLCONFIGDIR": f"{HOME}/mpl",
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "COURSE_GRADING_SANDBOX": "bwrap", **(env or {}),
    }
    for name, value in variables.items():
        argv += ["--setenv", name, value]
    argv += ["--chdir", SCRATCH, "--", python, "-I", *python_args]
    return argv, _rlimits(limits)


def unsandboxed_command(python_args, env=None):
    """The worker without a sandbox, in a scratch folder of its own (for notebooks you trust)."""
    scratch = tempfile.mkdtemp(prefix="course-worker-")
    variables = dict(os.environ, MPLBACKEND="Agg", PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1",
                     COURSE_GRADING_SANDBOX="none", **(env or {}))
    return [sys.executable, "-I", *python_args], scratch, variables
