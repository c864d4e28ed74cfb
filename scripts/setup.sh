#!/usr/bin/env bash
# Set up (or bring up to date) the course environment in .venv.
#   bash scripts/setup.sh          the course: JupyterLab, widgets, nbgrader, ketenles
#   bash scripts/setup.sh test     the same plus everything the test suite needs
#   bash scripts/setup.sh site     the course plus what builds the website (scripts/build-site.sh)
# Safe to run again: it reinstalls only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

extras="${1:-}"
python_bin="${PYTHON:-}"
if [ -z "$python_bin" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then python_bin="$candidate"; break; fi
  done
fi
if [ -z "$python_bin" ] || ! "$python_bin" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
  echo "ketenles needs Python 3.10 or newer (3.11 recommended); set PYTHON=/path/to/python3.11." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$python_bin" -m venv .venv; then
    echo "Could not create a virtual environment. On Debian/Ubuntu: sudo apt-get install python3-venv" >&2
    exit 1
  fi
fi

case "$extras" in
  "") spec="." ;;
  test|site) spec=".[$extras]" ;;
  *) echo "unknown argument '$extras': use no argument, 'test' or 'site'" >&2; exit 2 ;;
esac
stamp=".venv/.ketenles-installed${extras:+-$extras}"
wanted="$(cat pyproject.toml environment.yml | sha256sum | cut -d' ' -f1)"
# The test set includes the site set: a current test install serves `site` too
# (so that building the site needs no network once the tests are set up).
if [ "$extras" = "site" ] && [ -f .venv/.ketenles-installed-test ] \
    && [ "$(cat .venv/.ketenles-installed-test)" = "$wanted" ]; then
  stamp=.venv/.ketenles-installed-test
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e "$spec"
  echo "$wanted" > "$stamp"
fi

# The course opens with a Dutch JupyterLab interface (the language pack plus the
# course's own translations of what it lacks); KETENLES_UI_LANG=en (or
# `bash scripts/set-language.sh en`) switches it back to English.
.venv/bin/python -m ketenles.labsetup.ui_language >/dev/null
# A student's JupyterLab: nbgrader's lecturer tools and Validate hidden, the
# Assignment List kept (a course server has an exchange; open-course.sh and
# Binder switch to `zelfstudie`). A lecturer's choice (`ketenles interface
# docent`) is kept when this runs again.
.venv/bin/python -m ketenles.labsetup.lab_tools --default >/dev/null
# Kernels stop when their tab closes or after 20 idle minutes without a tab;
# the terminal finds `ketenles` without activating the environment.
.venv/bin/python -m ketenles.labsetup.server_settings >/dev/null
# A saved lesson reopens with "Voer deze cel opnieuw uit" where its widgets were,
# not with ipywidgets' "model not found" error (a jupyter_server pre-save hook).
.venv/bin/python -m ketenles.labsetup.saved_widgets >/dev/null
