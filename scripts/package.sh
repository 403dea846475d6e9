#!/usr/bin/env bash
# Build the sdist and the wheel into dist/ as a release would (`python -m build`: the wheel is
# built from the sdist, so a file missing from the sdist fails here), check what a package index
# would show (LICENSE in both, the license expression, only the users' extras), then install the
# wheel into a fresh virtual environment, outside the repository, and use pariter there.
#   scripts/package.sh              # with this machine's python3 (PYTHON=... for another)
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-python3}"

# The build tool lives in its own virtual environment (kept, like .venv; build isolation
# fetches hatchling for each build).
tools=.venv-package
if [ ! -x "$tools/bin/python" ]; then
    echo "[setup] creating $tools with $python" >&2
    "$python" -m venv "$tools"
fi
if ! "$tools/bin/python" -c 'import build' 2>/dev/null; then
    echo "[setup] installing build into $tools" >&2
    "$tools/bin/python" -m pip install -q --disable-pip-version-check 'build>=1.2' >&2
fi

rm -rf dist
"$tools/bin/python" -m build --outdir dist . >&2
sdist=(dist/pariter-*.tar.gz)
wheel=(dist/pariter-*-py3-none-any.whl)
[ -f "${sdist[0]}" ] && [ -f "${wheel[0]}" ] || { echo "package.sh: no sdist or wheel in dist/" >&2; exit 1; }

# What the artifacts carry: LICENSE in both, py.typed in the wheel, and metadata that declares
# the license and publishes only the users' extras (the maintainers' tools are dependency groups).
"$tools/bin/python" - "${sdist[0]}" "${wheel[0]}" <<'PY'
import email
import sys
import tarfile
import zipfile

sdist, wheel = sys.argv[1:]
with tarfile.open(sdist) as tar:
    names = tar.getnames()
    root = names[0].split("/")[0]
    assert f"{root}/LICENSE" in names, f"{sdist} has no LICENSE"
    assert f"{root}/README.md" in names, f"{sdist} has no README.md"
with zipfile.ZipFile(wheel) as whl:
    names = whl.namelist()
    licenses = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    assert licenses, f"{wheel} has no LICENSE"
    assert "pariter/py.typed" in names, f"{wheel} has no py.typed"
    meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
    meta = email.message_from_bytes(whl.read(meta_name))
    assert "MIT License" in whl.read(licenses[0]).decode(), "LICENSE is not the MIT license"
assert meta["License-Expression"] == "MIT", meta["License-Expression"]
extras = sorted(meta.get_all("Provides-Extra") or [])
assert extras == ["dask", "numpy", "plot", "progress"], f"published extras: {extras}"
assert meta.get_all("Project-URL"), "no project URLs"
print(f"[package] {sdist} and {wheel}: LICENSE in both; extras {', '.join(extras)}")
PY

# A fresh environment, as a user's: the wheel and its dependencies from the index, nothing else.
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
"$python" -m venv "$fresh/venv"
"$fresh/venv/bin/python" -m pip install -q --disable-pip-version-check "$PWD/${wheel[0]}" >&2
(
    cd "$fresh"  # not the repository: src/ must not be what gets imported
    "$fresh/venv/bin/python" - "$fresh/venv" <<'PY'
import pathlib
import sys

import pariter as pi

venv = pathlib.Path(sys.argv[1]).resolve()
assert venv in pathlib.Path(pi.__file__).resolve().parents, f"imported {pi.__file__}"
assert pi.par_iter([1, 2, 3, 4]).zip([10, 20, 30, 40]).map(lambda p: p[0] * p[1]).sum() == 300
print(f"[package] the wheel installs and imports in a fresh venv: {pi.__file__}")
PY
)
