"""Binder: the files repo2docker reads at the repository's root (environment.yml, postBuild, start), and the
README's launch link. repo2docker itself does not build here (no Docker engine, and conda-forge is not
reachable): README "conda and Binder" says what was checked by hand.
"""

import os
import re
import subprocess
import sys
import urllib.parse

import pytest

yaml = pytest.importorskip("yaml")
tomllib = pytest.importorskip("tomllib")  # Python 3.11+

from nbgrader_course import RELEASE, ROOT, assignments  # noqa: E402


def name(requirement):
    """The distribution name of a pip requirement or a conda spec, normalised ("jupyterlab>=4,<5" -> "jupyterlab")."""
    return re.match(r"[A-Za-z0-9_.-]+", requirement.strip()).group(0).lower().replace("_", "-")


def environment():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip, = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    return env, conda, pip


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def git_modes():
    """{path: mode} of the files git tracks (the index: what a clone, and so Binder, gets)."""
    try:
        out = subprocess.run(["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return {line.split("\t", 1)[1]: line.split()[0] for line in out.splitlines()}


def first_notebook():
    first = assignments()[0]
    return RELEASE.relative_to(ROOT) / first / f"{first}.ipynb"


def test_repo2docker_reads_the_files_at_the_root():
    # A binder/ or .binder/ folder would make repo2docker ignore the root's files; a Dockerfile at the
    # root would replace them all.
    for hiding in ("binder", ".binder", "Dockerfile"):
        assert not (ROOT / hiding).exists(), f"{hiding} at the root changes what repo2docker reads"
    modes = git_modes()
    assert "environment.yml" in modes
    assert modes.get("postBuild") == modes.get("start") == "100755", "postBuild and start: executable, in git"


def test_environment_yml_installs_the_course_with_pyproject_dependencies():
    env, conda, pip = environment()
    assert "-e ." in pip, "the pip section installs the course package from the repository"
    assert "pip" in conda  # the pip section needs conda's pip (repo2docker's environment has none of its own)
    python, = [d for d in conda if name(d) == "python"]
    version = tuple(int(p) for p in re.fullmatch(r"python=(\d+)\.(\d+)", python).groups())
    minimum = tuple(int(p) for p in re.fullmatch(r">=(\d+)\.(\d+)", pyproject()["requires-python"]).groups())
    assert version >= minimum
    listed = {name(d) for d in conda + pip if not d.startswith("-")}
    project = pyproject()
    missing = {name(d) for d in project["dependencies"]} - listed
    assert not missing, f"pyproject.toml's dependencies missing from environment.yml: {sorted(missing)}"
    declared = {name(d) for d in project["dependencies"]}
    declared |= {name(d) for extra in project["optional-dependencies"].values() for d in extra}
    undeclared = listed - declared - {"python", "pip"}
    assert not undeclared, f"environment.yml lists what pyproject.toml does not: {sorted(undeclared)}"


def test_postbuild_passes_here_and_start_gives_one_blas_thread():
    script = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert script.startswith("#!/bin/bash\n") and "set -euo pipefail" in script  # repo2docker ignores errors otherwise
    assert str(first_notebook()) in script
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    result = subprocess.run(["bash", "postBuild"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr

    start = (ROOT / "start").read_text(encoding="utf-8")
    assert start.startswith("#!/bin/bash\n") and start.rstrip().endswith('exec "$@"')  # repo2docker's rule
    env.pop("OPENBLAS_NUM_THREADS", None)
    shown = subprocess.run(["bash", "start", "env"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert "OPENBLAS_NUM_THREADS=1" in shown.stdout.splitlines()
    env["OPENBLAS_NUM_THREADS"] = "2"
    shown = subprocess.run(["bash", "start", "env"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert "OPENBLAS_NUM_THREADS=2" in shown.stdout.splitlines()


def test_readme_binder_badge_opens_the_first_notebook_in_jupyterlab():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\[!\[[^\]]*\]\(https://mybinder\.org/badge_logo\.svg\)\]\((https://mybinder\.org/[^)\s]+)\)",
                       readme)
    assert len(links) == 1, links
    url = urllib.parse.urlsplit(links[0])
    # One placeholder for the repository, which is not known here; HEAD is its default branch.
    assert url.path == "/v2/gh/<owner/repository>/HEAD", url.path
    assert "`<owner/repository>`" in readme, "the README says what to put for the placeholder"
    query = urllib.parse.parse_qs(url.query)
    assert list(query) == ["urlpath"]
    (urlpath,) = query["urlpath"]
    assert urlpath == f"lab/tree/{first_notebook().as_posix()}"
    assert first_notebook().as_posix() in git_modes(), "the notebook the link opens is in git"
