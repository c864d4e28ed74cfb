"""The suite's parallel run keeps each test file (and each shared group) on one worker.

tests/conftest.py marks every test with an ``xdist_group``; ``--dist loadgroup`` must
then send a whole file to one worker, or a module fixture (a graded class, a JupyterHub,
the built website) is built by every worker, and two workers build the website into the
same folder at once. pytest-xdist learns the group from the test's node id; a pytest
release that changed how node ids are stored once broke that without a word.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

pytest.importorskip("xdist")

EXAMPLE = '''
import pytest

@pytest.mark.parametrize("n", range(6))
def test_first_file(n):
    pass
'''


def test_a_files_tests_run_on_one_worker(tmp_path):
    for name in ("test_een.py", "test_twee.py"):
        (tmp_path / name).write_text(EXAMPLE, encoding="utf-8")
    # The project's own grouping hook, as tests/conftest.py applies it.
    (tmp_path / "conftest.py").write_text(
        "import pytest\n\n"
        "@pytest.hookimpl(tryfirst=True)\n"
        "def pytest_collection_modifyitems(config, items):\n"
        "    for item in items:\n"
        "        item.add_marker(pytest.mark.xdist_group(item.nodeid.split('::', 1)[0]))\n",
        encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v",
                           "-p", "no:cacheprovider", "-p", "no:randomly", str(tmp_path)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:]
    workers: dict[str, set[str]] = {}
    for worker, file in re.findall(r"\[(gw\d)\].*?(test_\w+\.py)::", proc.stdout):
        workers.setdefault(file, set()).add(worker)
    assert set(workers) == {"test_een.py", "test_twee.py"}, proc.stdout[-2000:]
    assert all(len(found) == 1 for found in workers.values()), workers
