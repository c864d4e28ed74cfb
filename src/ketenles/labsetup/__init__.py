"""Setting up Jupyter for the course: the interface language, which nbgrader tools a student sees,
and the pre-save hook that keeps a saved lesson's widgets readable.

Run once per environment (``scripts/setup.sh``, ``postBuild``), never inside a kernel.
"""
