"""Grading untrusted notebooks with nbgrader, so that a submission cannot forge its grade.

Trusted side (nbgrader's process):  trusted.py, remote.py, wire.py, sandbox.py, answers.py, limits.py,
                                    batch.py (many students), scan.py (the self-check's notes)
Learner's side (the sandbox):       worker.py, the only module that runs a learner's code

The README's "How grading is protected" says what each part guarantees.
"""
