#!/usr/bin/env bash
# Choose the language of the JupyterLab interface (menus, dialogs) in .venv.
#   bash scripts/set-language.sh          Dutch (default; needs jupyterlab-language-pack-nl-NL)
#   bash scripts/set-language.sh en       English
#   KETENLES_UI_LANG=en bash scripts/setup.sh   English from the start
# It writes a settings override; a student can still switch in Settings > Language.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m ketenles.labsetup.ui_language "$@"
