"""nbgrader settings for every user of a ketenles JupyterHub (or Kubernetes image).

JupyterHub puts this folder on JUPYTER_CONFIG_PATH (jupyterhub_config.py), or an
image copies the file to /etc/jupyter/. It reads:

  JUPYTERHUB_USER      set by JupyterHub: the user's hub name
  KETENLES_LECTURERS   comma-separated lecturer names
  KETENLES_EXCHANGE    the shared exchange folder
  KETENLES_COURSE_DIR  a lecturer's course folder (default ~/ketenles-cursus)
"""

import os

c = get_config()  # noqa: F821 - provided by nbgrader/traitlets when it loads this file

user = os.environ.get("JUPYTERHUB_USER", "")
lecturers = {n.strip() for n in os.environ.get("KETENLES_LECTURERS", "").split(",") if n.strip()}

c.CourseDirectory.course_id = os.environ.get("KETENLES_COURSE_ID", "ketenles")
c.Exchange.root = os.environ.get("KETENLES_EXCHANGE", "/srv/nbgrader/exchange")

if user in lecturers:
    # The lecturer's course folder (made once with `ketenles init-course`). Its own
    # nbgrader_config.py holds the course settings (Dutch placeholders, safe
    # autograding, feedback without hidden tests): load it from anywhere, so the
    # Formgrader in JupyterLab uses it too.
    course_dir = os.path.expanduser(os.environ.get("KETENLES_COURSE_DIR", "~/ketenles-cursus"))
    course_config = os.path.join(course_dir, "nbgrader_config.py")
    if os.path.isfile(course_config):
        load_subconfig(course_config)  # noqa: F821 - provided by traitlets
    c.CourseDirectory.root = course_dir
    c.Exchange.root = os.environ.get("KETENLES_EXCHANGE", "/srv/nbgrader/exchange")
elif user:
    # On Kubernetes every user's server runs as the same Linux user (jovyan), so
    # nbgrader cannot tell students apart by account: name submissions after the
    # hub user instead.
    c.CourseDirectory.student_id = user
