#!/usr/bin/env bash
# Sourced by the other scripts: `ensure_venv PYTHON DIR EXTRAS` creates (once) a virtual
# environment in DIR with PYTHON and installs pariter editable with EXTRAS into it. It reinstalls
# only when pyproject.toml changed since the last install, so running a command twice is cheap.
ensure_venv() {
    local python="$1" dir="$2" extras="$3"
    local stamp="$dir/.pariter-installed"
    local want
    want="$(sha256sum pyproject.toml | cut -d' ' -f1) $extras $("$python" -c 'import sys; print(sys.version)' | head -n1)"
    if [ ! -x "$dir/bin/python" ]; then
        echo "[setup] creating $dir with $python" >&2
        "$python" -m venv "$dir"
    fi
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "[setup] installing pariter[$extras] into $dir" >&2
        # --prefer-binary: on free-threaded CPython some packages ship wheels only for older
        # releases (hypothesis' newest needs a Rust toolchain there); take those, never compile.
        # NumPy is never compiled here: its last cp313t wheel is 2.4.x and a source build takes minutes.
        "$dir/bin/python" -m pip install -q --disable-pip-version-check --prefer-binary --only-binary=numpy \
            -e ".[$extras]" >&2
        echo "$want" >"$stamp"
    fi
}
