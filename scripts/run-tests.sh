#!/usr/bin/env bash
# Set everything up and run the whole test suite (unit, notebooks, nbgrader
# cycle, packaging, style). Extra arguments go to pytest, e.g. -m "not slow".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
# Two processes on two cores, a test file (or a group that shares a server) per
# worker: see tests/conftest.py. Pass -n 0 to run in one process.
parallel=(-n auto --dist loadgroup)
for arg in "$@"; do
  case "$arg" in -n|-n*|--numprocesses*|no:xdist) parallel=() ;; esac
done
exec .venv/bin/python -m pytest "${parallel[@]}" "$@"
