#!/usr/bin/env bash
# Set everything up and open the course in JupyterLab on the first lesson.
# JupyterLab listens on 127.0.0.1 only; extra arguments go to `jupyter lab`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# One machine has no nbgrader exchange: a self-learner's JupyterLab without the
# Nbgrader menu (the assignments carry their own self-check), unless a lecturer
# switched the tools on here.
.venv/bin/python -m ketenles.labsetup.lab_tools zelfstudie --unless-docent >/dev/null
first_lesson="$(ls notebooks/*.ipynb | sort | head -n 1)"
extra=()
# JupyterLab refuses to start as root (common in containers) unless told it is on purpose.
[ "$(id -u)" = "0" ] && extra+=(--allow-root)
exec .venv/bin/jupyter lab --ip=127.0.0.1 "${extra[@]}" "$first_lesson" "$@"
