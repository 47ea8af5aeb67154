"""nbgrader settings for every Jupyter server of the course's JupyterHub: learners', instructors' and
the grader account's formgrader. The course's own settings (course id, solutions/ -> notebooks/) are
in the repository's nbgrader_config.py, which the formgrader reads from the course folder.

On one machine, deploy/jupyterhub_config.py puts this folder on JUPYTER_CONFIG_PATH; in the image
(deploy/Dockerfile) it is /etc/jupyter/nbgrader_config.py.
"""

import os

from nbgrader.auth import JupyterHubAuthPlugin

c = get_config()  # noqa: F821 -- provided by traitlets

# The exchange: a folder every server sees, world-writable with the sticky bit (chmod 1777).
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE_ROOT", "/srv/nbgrader/exchange")
# Fetched assignments land in ~/<course>/<assignment>/, so that several courses can share a hub.
c.Exchange.path_includes_course = True
# A learner's courses are the hub groups nbgrader-<course> (and formgrade-<course>) they are in.
c.Authenticator.plugin_class = JupyterHubAuthPlugin
