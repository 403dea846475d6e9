#!/usr/bin/env bash
# The whole test suite, on this machine's python3 (or, with --freethreaded, on a free-threaded
# CPython that scripts/freethreaded-python.sh builds once and caches). Installs what it needs into
# a virtual environment inside the repo (.venv, or .venv-ft). Extra arguments go to pytest.
#   scripts/test.sh                 # GIL build (the system's python3)
#   scripts/test.sh --freethreaded  # free-threaded build
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh

python="${PYTHON:-python3}"
venv=.venv
if [ "${1:-}" = "--freethreaded" ]; then
    shift
    python="$(scripts/freethreaded-python.sh)"
    venv=.venv-ft
fi
ensure_venv "$python" "$venv" "" test
"$venv/bin/python" -c 'import sys; print("[test]", sys.version.split()[0], "GIL enabled:", getattr(sys, "_is_gil_enabled", lambda: True)())'
exec "$venv/bin/python" -m pytest "$@"
