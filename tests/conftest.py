"""How the suite splits over processes when pytest-xdist runs it (`course.py test` does, `--dist loadfile`).

Each test module is one unit of work, so a module's fixtures (a graded class, a JupyterLab) are built once,
in one process. tests/test_claims.py and tests/test_notebooks_execute.py share one unit: they read the same
executed notebooks (tests/notebook_runs.py), which a process runs once. The slowest units go first, so that
no long module starts last while the other process sits idle. Without xdist only the order applies.
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
    "test_formgrader",
    "test_course_progress",
]
SHARED_UNITS = {"test_notebooks_execute": "test_claims"}


def unit_of(nodeid):
    """The unit of work of a test: its module's name, or the module whose runs it shares."""
    module = Path(nodeid.split("::", 1)[0]).stem
    return SHARED_UNITS.get(module, module)


def pytest_collection_modifyitems(config, items):
    rank = {name: i for i, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(unit_of(item.nodeid), len(rank)))  # stable: a module keeps its order


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    # xdist's loadgroup would do this with marks, but it renames node ids, which pytest 9 no longer allows.
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByUnit(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return unit_of(nodeid)

    return ByUnit(config, log)
