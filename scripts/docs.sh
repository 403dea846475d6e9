#!/usr/bin/env bash
# Build the documentation site into site/ as CI does: `mkdocs build --strict`, so a broken link,
# a page missing from the nav or a docstring mkdocstrings cannot render fails the build. Uses the
# same .venv as scripts/lint.sh (the dev group includes the docs group). Extra arguments go to
# mkdocs build. The examples on the pages are tested by tests/test_docs.py (scripts/test.sh).
#   scripts/docs.sh                 # build into site/
#   .venv/bin/mkdocs serve          # preview at http://127.0.0.1:8000 while editing
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
ensure_venv python3 .venv "" dev
export NO_MKDOCS_2_WARNING=1  # Material's notice about MkDocs 2, printed on every build
exec .venv/bin/mkdocs build --strict --site-dir site "$@"
