#!/usr/bin/env bash
# Build the course website into _site/ (another folder: KETENLES_SITE_OUT=DIR).
#   bash scripts/build-site.sh
# Installs what it needs the first time (Python packages into .venv through
# scripts/setup.sh, npm packages into site/node_modules from site/package-lock.json);
# after that the build itself uses no network. It executes every lesson (progress
# goes to a temporary file), stages the sources (python -m sitegen.stage) and runs Sphinx.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
install_only=false
case "${1:-}" in
  "") ;;
  --install-only) install_only=true ;;  # only the Python and npm packages (for an offline build later)
  *) echo "usage: bash scripts/build-site.sh [--install-only]" >&2; exit 2 ;;
esac

bash scripts/setup.sh site

# npm packages, exactly as locked; reinstalled only when the lock file changed.
lock_hash="$(sha256sum site/package-lock.json | cut -d' ' -f1)"
if [ ! -f site/node_modules/.ketenles-lock ] || [ "$(cat site/node_modules/.ketenles-lock)" != "$lock_hash" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "The website needs Node.js with npm (Debian/Ubuntu: sudo apt-get install nodejs npm)." >&2
    exit 1
  fi
  npm ci --prefix site --no-audit --no-fund --ignore-scripts --loglevel=error
  echo "$lock_hash" > site/node_modules/.ketenles-lock
fi

$install_only && exit 0

out="${KETENLES_SITE_OUT:-_site}"
staging="${KETENLES_SITE_STAGING:-build/site-src}"
# The lessons run against this checkout's library, also in their kernels.
export PYTHONPATH="$PWD/tools:$PWD/src${PYTHONPATH:+:$PYTHONPATH}"
.venv/bin/python -m sitegen.stage "$staging"
# Sphinx writes into the staging folder (MyST-NB puts its jupyter_execute/ next to
# the output folder), and the finished site is then moved to $out.
rm -rf "$staging/_build" "$out"
.venv/bin/python -m sphinx -b html -W --keep-going -q -d "$staging/_build/doctrees" "$staging" "$staging/_build/html"
mkdir -p "$(dirname "$out")"
mv "$staging/_build/html" "$out"
# Refuse a site with a solution, hidden test or model answer in it.
.venv/bin/python -m sitegen.leaks "$out"
# GitHub Pages: serve folders starting with an underscore (_static) as they are.
touch "$out/.nojekyll"
echo "[site] built $out in $(( $(date +%s) - started )) s; size $(du -sh "$out" | cut -f1)"
