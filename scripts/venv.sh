#!/usr/bin/env bash
# Sourced by the other scripts: `ensure_venv PYTHON DIR EXTRAS [GROUPS]` creates (once) a virtual
# environment in DIR with PYTHON and installs pariter editable into it, with EXTRAS (users'
# extras, comma-separated, may be empty) and GROUPS (the maintainers' dependency groups of
# pyproject.toml, comma-separated). It reinstalls only when pyproject.toml or the request changed
# since the last install, so running a command twice is cheap.
ensure_venv() {
    local python="$1" dir="$2" extras="$3" groups="${4:-}"
    local stamp="$dir/.pariter-installed"
    local want
    want="$(sha256sum pyproject.toml | cut -d' ' -f1) [$extras] {$groups} $("$python" -c 'import sys; print(sys.version)' | head -n1)"
    if [ ! -x "$dir/bin/python" ]; then
        echo "[setup] creating $dir with $python" >&2
        "$python" -m venv "$dir"
    fi
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        local args=(-e ".${extras:+[$extras]}")
        echo "[setup] installing pariter${extras:+[$extras]}${groups:+ and the groups $groups} into $dir" >&2
        if [ -n "$groups" ]; then
            local group
            if "$dir/bin/python" -m pip install --help 2>/dev/null | grep -q -- '--group'; then
                for group in ${groups//,/ }; do args+=(--group "$group"); done
            else
                # pip < 25.1 has no --group: read the groups (PEP 735) from pyproject.toml here.
                local requirement
                while IFS= read -r requirement; do args+=("$requirement"); done < <(
                    "$dir/bin/python" - ${groups//,/ } <<'PY'
import sys
import tomllib

with open("pyproject.toml", "rb") as f:
    groups = tomllib.load(f)["dependency-groups"]


def resolve(name):
    for item in groups[name]:
        if isinstance(item, dict):
            yield from resolve(item["include-group"])
        else:
            yield item


for name in sys.argv[1:]:
    print(*resolve(name), sep="\n")
PY
                )
            fi
        fi
        # --prefer-binary: on free-threaded CPython some packages ship wheels only for older
        # releases (hypothesis' newest needs a Rust toolchain there); take those, never compile.
        # NumPy is never compiled here: its last cp313t wheel is 2.4.x and a source build takes minutes.
        "$dir/bin/python" -m pip install -q --disable-pip-version-check --prefer-binary --only-binary=numpy \
            "${args[@]}" >&2
        echo "$want" >"$stamp"
    fi
}
