"""JupyterHub for the RNN course on one Linux machine, with nbgrader.

- Accounts are the machine's own (PAM, JupyterHub's default authenticator); each user's server runs as
  that user (JupyterHub's default local-process spawner), from the course's environment.
- nbgrader's exchange is a shared folder; every server reads deploy/etc/jupyter/nbgrader_config.py.
- The formgrader runs as a hub service named after the course, as the grader account, in a clone of
  this repository (the course folder). Hub groups formgrade-<course> (instructors, who may open the
  service) and nbgrader-<course> (students) say who is in the course.

Run it as root from a folder for the hub's state (its database, cookie secret, proxy pid), e.g.

    cd /srv/jupyterhub && COURSE_INSTRUCTORS="alice" COURSE_STUDENTS="bob carol" \\
        /opt/rnn-course/.venv/bin/jupyterhub -f /opt/rnn-course/deploy/jupyterhub_config.py

Settings (environment variables, default in brackets; names separated by spaces or commas):
    COURSE_ID               the nbgrader course id [rnn-course]; the repository's nbgrader_config.py says the same
    COURSE_INSTRUCTORS      instructors' accounts []
    COURSE_STUDENTS         students' accounts []
    COURSE_ADMINS           hub administrators []
    COURSE_GRADER           the account that runs the formgrader [grader-<course id>]
    COURSE_DIR              the course folder, a clone of this repository owned by the grader
                            [~grader/<course id>]
    COURSE_FORMGRADER_PORT  the loopback port of the formgrader [9999]
    NBGRADER_EXCHANGE_ROOT  the exchange folder [/srv/nbgrader/exchange]
The servers run `jupyterhub-singleuser` of the environment that runs the hub (the course's .venv).
"""

import os
import pwd
import sys
from pathlib import Path

c = get_config()  # noqa: F821 -- provided by traitlets

DEPLOY = Path(__file__).resolve().parent


def setting(name, default):
    return os.environ.get(name) or default


def accounts(name):
    return sorted(set(os.environ.get(name, "").replace(",", " ").split()))


def home_of(user, fallback):
    try:
        return pwd.getpwnam(user).pw_dir
    except KeyError:
        return fallback


COURSE_ID = setting("COURSE_ID", "rnn-course")
INSTRUCTORS = accounts("COURSE_INSTRUCTORS")
STUDENTS = accounts("COURSE_STUDENTS")
ADMINS = accounts("COURSE_ADMINS")
GRADER = setting("COURSE_GRADER", f"grader-{COURSE_ID}")
COURSE_DIR = setting("COURSE_DIR", os.path.join(home_of(GRADER, f"/home/{GRADER}"), COURSE_ID))
FORMGRADER_PORT = int(setting("COURSE_FORMGRADER_PORT", "9999"))
EXCHANGE = setting("NBGRADER_EXCHANGE_ROOT", "/srv/nbgrader/exchange")
BIN = Path(sys.executable).parent  # the course environment's scripts: jupyterhub-singleuser, nbgrader, alembic
PATH = os.pathsep.join([str(BIN), os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin")])
EVERYONE_CONFIG = DEPLOY / "etc" / "jupyter"  # nbgrader_config.py: the exchange, courses from hub groups
USERS_CONFIG = EVERYONE_CONFIG / "users"  # users' own servers: no formgrader, no "create assignment"

FORMGRADERS = f"formgrade-{COURSE_ID}"
LEARNERS = f"nbgrader-{COURSE_ID}"

# Who may log in: the machine's accounts named here (PAM).
c.Authenticator.allowed_users = set(INSTRUCTORS + STUDENTS + ADMINS + [GRADER])
c.Authenticator.admin_users = set(ADMINS)

# nbgrader reads these groups: formgrade-<course> may grade, nbgrader-<course> take the course.
c.JupyterHub.load_groups = {
    FORMGRADERS: {"users": sorted(set(INSTRUCTORS + [GRADER]))},
    LEARNERS: {"users": STUDENTS},
}
c.JupyterHub.load_roles = [
    {
        "name": FORMGRADERS,
        "description": f"Open the formgrader of {COURSE_ID}",
        "groups": [FORMGRADERS],
        "scopes": [f"access:services!service={COURSE_ID}", "list:services", f"read:services!service={COURSE_ID}"],
    },
    {
        "name": LEARNERS,
        "description": f"See that {COURSE_ID} has a formgrader (nbgrader's course list)",
        "groups": [LEARNERS],
        "scopes": ["list:services", f"read:services!service={COURSE_ID}"],
    },
    {
        "name": f"{COURSE_ID}-formgrader",
        "description": "What the formgrader asks of the hub: who is in the course, and adding new students to it",
        "services": [COURSE_ID],
        "scopes": ["list:users", "read:users", "list:groups", "read:groups", f"groups!group={LEARNERS}"],
    },
]

# Each user's server: the course environment's JupyterLab, as that user, in their home folder.
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {
    "PATH": PATH,
    "JUPYTER_CONFIG_PATH": os.pathsep.join([str(USERS_CONFIG), str(EVERYONE_CONFIG)]),
    "NBGRADER_EXCHANGE_ROOT": EXCHANGE,
}
# The server's own token may read its user's groups (nbgrader's course list) and the services.
c.Spawner.server_token_scopes = [
    "users:activity!user",
    "access:servers!server",
    "read:users!user",
    "list:services",
    "read:services",
]

# The formgrader: the same environment's server, run by the hub as the grader, in the course folder.
# Instructors open <hub>/services/<course>/formgrader in a browser tab of its own (JupyterHub 4.1+
# forbids the iframe that the lab's formgrader panel would use).
c.JupyterHub.services = [
    {
        "name": COURSE_ID,
        "url": f"http://127.0.0.1:{FORMGRADER_PORT}",
        "command": [str(BIN / "jupyterhub-singleuser"), f"--ServerApp.root_dir={COURSE_DIR}"],
        "user": GRADER,
        "cwd": COURSE_DIR,
        "environment": {
            "PATH": PATH,
            "JUPYTER_CONFIG_PATH": str(EVERYONE_CONFIG),
            "NBGRADER_EXCHANGE_ROOT": EXCHANGE,
            "JUPYTERHUB_DEFAULT_URL": "/formgrader",
        },
        "oauth_no_confirm": True,
    },
]
