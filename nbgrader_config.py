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

# Seconds each cell (and each call of a learner's function by a test) may run when autograding.
c.TrustedExecute.timeout = 60

# Learner code never runs in nbgrader's process: TrustedExecute (course_utils/grading/trusted.py) runs every
# cell but the tests in a worker process sandboxed with bubblewrap, and the test cells here, calling the
# learner's functions in the worker with plain data. Where bubblewrap is missing, grading refuses; set
# c.TrustedExecute.sandbox = "none" to grade notebooks you trust without it.
from course_utils.grading.trusted import autograde_preprocessors  # noqa: E402

c.Autograde.autograde_preprocessors = autograde_preprocessors()
c.LimitOutput.max_lines = 1000

# Feedback shows each hidden test's result (its one-sentence diagnosis, or that it passed), not its code
# (course_utils/grading/feedback.py). c.HideHiddenTests.enabled = False shows the code, as nbgrader does.
from course_utils.grading.feedback import feedback_preprocessors  # noqa: E402

c.GenerateFeedback.preprocessors = feedback_preprocessors()
# A test cell a learner deleted is put back and run, rather than left out of the notebook.
c.OverwriteCells.add_missing_cells = True
