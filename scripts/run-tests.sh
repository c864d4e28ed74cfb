#!/usr/bin/env bash
# Set everything up and run the whole test suite (unit, notebooks, nbgrader
# cycle, packaging, style). Extra arguments go to pytest, e.g. -m "not slow".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
exec .venv/bin/python -m pytest "$@"
