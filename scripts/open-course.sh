#!/usr/bin/env bash
# Set everything up and open the course in JupyterLab on the first lesson.
# JupyterLab listens on 127.0.0.1 only; extra arguments go to `jupyter lab`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
first_lesson="$(ls notebooks/*.ipynb | sort | head -n 1)"
extra=()
# JupyterLab refuses to start as root (common in containers) unless told it is on purpose.
[ "$(id -u)" = "0" ] && extra+=(--allow-root)
exec .venv/bin/jupyter lab --ip=127.0.0.1 "${extra[@]}" "$first_lesson" "$@"
