"""Build step that puts the lessons and the nbgrader config into the wheel.

They live at the repository's top level (where lecturers and authors look for
them) and are copied into ``ketenles/bundled/`` only when a wheel is built, so an
installed package can run the lessons and set up a course without the
repository (see ``ketenles.content.bundle``). Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

# Never "assignments": the sources hold worked solutions and hidden tests, and the wheel is
# what a student installs. A lecturer's course is set up from a clone (see the lecturer guide).
BUNDLED = ("notebooks", "course/nbgrader_config.py", "course/beoordeling.yaml")


class BuildWithCourseFiles(build_py):
    def run(self):
        super().run()
        if self.editable_mode:
            return  # an editable install reads the repository's own folders
        target = Path(self.build_lib) / "ketenles" / "bundled"
        for item in BUNDLED:
            source = Path(item)
            if not source.exists():
                continue  # the hub image is built without the assignments' sources (solutions)
            if source.is_dir():
                # A record of predictions left by running an assignment here would lock every
                # student's predictions to it (ketenles.models.predictions.RECORD_FILE).
                shutil.copytree(source, target / item, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__",
                                                              ".voorspellingen.json"))
            else:
                (target / item).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / item)


setup(cmdclass={"build_py": BuildWithCourseFiles})
