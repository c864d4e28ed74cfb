"""The nbgrader classes a course's ``nbgrader_config.py`` names (preprocessors, exchange).

nbgrader loads them by dotted name from the lecturer's own copy of the config,
so these paths are part of the course's interface (older paths still resolve,
see :mod:`ketenles._moved`).
"""
