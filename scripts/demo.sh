#!/usr/bin/env bash
# The main job: pariter's demo, timed sequentially and on the pool, with the speed-up it gets on
# this machine. Runs on this machine's python3 (GIL) and then on a free-threaded CPython, where
# threads run Python in parallel (built once by scripts/freethreaded-python.sh, about 2-3 minutes,
# then cached). Pass --gil-only to skip the free-threaded run; other arguments go to the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh

freethreaded=1
args=()
for arg in "$@"; do
    if [ "$arg" = "--gil-only" ]; then freethreaded=0; else args+=("$arg"); fi
done

ensure_venv "${PYTHON:-python3}" .venv demo
.venv/bin/python -m pariter demo "${args[@]}"
if [ "$freethreaded" = 1 ]; then
    ensure_venv "$(scripts/freethreaded-python.sh)" .venv-ft demo
    .venv-ft/bin/python -m pariter demo "${args[@]}"
fi
