"""nbgrader configuration for the course; run every nbgrader command from this folder.

    nbgrader generate_assignment 01_sequences_one_hot --force   # solutions/ -> notebooks/
    nbgrader autograde 01_sequences_one_hot                      # submitted/ -> autograded/

The course root is the folder holding this file, so a copy of it in another folder (the tests'
temporary course) makes that folder the root.
"""

import os

c = get_config()  # noqa: F821 -- provided by traitlets when nbgrader loads this file

c.CourseDirectory.course_id = "rnn-course"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
# solutions/<assignment>/<assignment>.ipynb is the source, notebooks/<assignment>/ the release.
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
# The gradebook (gitignored) lives at <root>/gradebook.db, nbgrader's default.

# Kernels started by nbgrader inherit this: one BLAS thread suits the course's small matrices and keeps
# parallel grading from fighting over the cores (course.py sets the same for lab and test).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# Seconds each cell may run when autograding, before it is interrupted and scored as failed.
c.ExecutePreprocessor.timeout = 60

# Learner code runs in the same process as the tests, so nbgrader alone cannot stop code that rebinds
# check_close or patches np.allclose, and its LimitOutput counts lines, not characters. The course's
# safeguards (course_utils/safeguards.py): CheckIntegrity gives no points to tests that run after code
# which touches the grading machinery, and BoundedExecute (nbgrader's Execute, with a cap on what a
# cell may print) keeps `print("x" * 10**9)` out of the autograded notebook, feedback and memory.
from course_utils.safeguards import autograde_preprocessors  # noqa: E402

c.Autograde.autograde_preprocessors = autograde_preprocessors()
c.BoundedExecute.max_cell_output_bytes = 1_000_000
c.BoundedExecute.max_notebook_output_bytes = 10_000_000
c.LimitOutput.max_lines = 1000
# A test cell a learner deleted is put back and run, rather than left out of the notebook.
c.OverwriteCells.add_missing_cells = True
