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

# Seconds each cell may run when autograding, before it is interrupted and scored as failed.
c.ExecutePreprocessor.timeout = 60
