#!/usr/bin/env bash
# The main job: pariter's demo, a gallery of Rayon's demo programs, each timed sequentially and on
# the pools that help, with the speed-ups it gets on this machine. Runs on this machine's python3
# (GIL: processes, and threads for NumPy) and then on a free-threaded CPython, where threads run
# Python in parallel (built once by scripts/freethreaded-python.sh, about 2-3 minutes, then
# cached). Pass --gil-only to skip the free-threaded run; other arguments go to the demo
# (--quick, --repeat N, --threads N, --only NAME[,NAME], --plot OUT.png, --list). With --plot,
# the free-threaded run draws OUT-freethreaded.png, and matplotlib is installed too.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh

# OUT.png -> OUT-freethreaded.png
freethreaded_name() {
    local dir="" base="$1"
    case "$1" in */*) dir="${1%/*}/" base="${1##*/}" ;; esac
    case "$base" in
        *.*) echo "$dir${base%.*}-freethreaded.${base##*.}" ;;
        *) echo "$dir$base-freethreaded" ;;
    esac
}

freethreaded=1
extras=numpy,progress  # the NumPy program and the progress bar
args=()
ft_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --gil-only) freethreaded=0 ;;
        --plot)
            [ $# -ge 2 ] || { echo "demo.sh: --plot needs a file name" >&2; exit 2; }
            extras=numpy,progress,plot
            args+=("$1" "$2")
            ft_args+=("$1" "$(freethreaded_name "$2")")
            shift
            ;;
        --plot=*)
            extras=numpy,progress,plot
            args+=("$1")
            ft_args+=("--plot=$(freethreaded_name "${1#--plot=}")")
            ;;
        *) args+=("$1"); ft_args+=("$1") ;;
    esac
    shift
done

ensure_venv "${PYTHON:-python3}" .venv "$extras"
.venv/bin/python -m pariter demo "${args[@]}"
if [ "$freethreaded" = 1 ]; then
    ensure_venv "$(scripts/freethreaded-python.sh)" .venv-ft "$extras"
    .venv-ft/bin/python -m pariter demo "${ft_args[@]}"
fi
