#!/usr/bin/env bash
# Set everything up and run the whole test suite (unit, notebooks, nbgrader
# cycle, packaging, style). Extra arguments go to pytest, e.g. -m "not slow".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
# Two worker processes per core, a test file (or a group that shares a server) per
# worker: see tests/conftest.py. About half of a test's time is spent waiting for a
# browser, a kernel or a server; with one worker per core a 2-core machine sat idle
# half the run. Pass -n 0 to run in one process.
cores="$(nproc 2>/dev/null || echo 2)"
parallel=(-n "$((2 * cores))" --dist loadgroup)
for arg in "$@"; do
  case "$arg" in -n|-n*|--numprocesses*|no:xdist) parallel=() ;; esac
done
exec .venv/bin/python -m pytest "${parallel[@]}" "$@"
