"""Every bound of a submission is set in the course config, documented in the guide, and the code's default."""

from __future__ import annotations

import re

from paths import REPO

from ketenles.grading.plugins.execute import SandboxedExecute

SETTING = re.compile(r"^c\.SandboxedExecute\.(\w+) = ([\w.]+)", re.M)


def _settings() -> dict[str, str]:
    return dict(SETTING.findall((REPO / "course" / "nbgrader_config.py").read_text(encoding="utf-8")))


def test_the_course_config_sets_every_bound_inside_and_outside_the_sandbox():
    assert {"memory_mb", "cpu_seconds", "max_processes", "max_output_bytes", "max_outputs", "file_size_mb",
            "wall_seconds", "tmp_mb", "disk_mb", "check_memory_mb", "check_seconds"} <= set(_settings())


def test_each_bound_in_the_config_is_the_default_and_is_in_the_lecturer_guide():
    guide = (REPO / "course" / "lecturer-guide.md").read_text(encoding="utf-8")
    for name, value in _settings().items():
        default = SandboxedExecute.class_traits()[name].default()
        assert default == eval(value), name  # noqa: S307 - a literal from our own config file
        assert f"{name} = {value}" in guide, name
