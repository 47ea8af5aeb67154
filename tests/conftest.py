"""How the suite splits over processes when pytest-xdist runs it (`course.py test` does, with `--dist loadgroup`).

Each test module is one unit of work, so a module's fixtures (a graded class, a JupyterLab) are built once,
in one process. tests/test_claims.py and tests/test_notebooks_execute.py share one unit: they read the same
executed notebooks (tests/notebook_runs.py), which a process runs once. The slowest units go first, so that
no long module starts last while the other process sits idle. Without xdist the marks do nothing but the
order stays the same.
"""

from pathlib import Path

import pytest

# Modules by how long they take on the CI machine (slowest first); the rest follow in their usual order.
SLOWEST_FIRST = [
    "test_redteam",
    "test_nbgrader_pipeline",
    "test_claims",
    "test_batch_grading",
    "test_lab_browser",
    "test_hub_deployment",
    "test_adversarial",
    "test_self_check",
    "test_course_progress",
]
SHARED_UNITS = {"test_notebooks_execute": "test_claims"}


def _unit(item):
    module = Path(str(item.fspath)).stem
    return SHARED_UNITS.get(module, module)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    rank = {name: i for i, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(_unit(item), len(rank)))  # stable: a module's tests keep their order
    for item in items:
        item.add_marker(pytest.mark.xdist_group(_unit(item)))
