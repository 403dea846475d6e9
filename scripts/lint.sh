#!/usr/bin/env bash
# Lint and type-check, as CI does: ruff (rules and formatting) and mypy --strict. Run it before
# committing; it fails on the first problem.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
ensure_venv python3 .venv "" dev
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/mypy
# What users' type checkers infer for everyday chains (tests/typing/examples.py), with mypy
# --strict and with pyright (strict).
.venv/bin/mypy --strict tests/typing
.venv/bin/pyright --pythonpath .venv/bin/python --project tests/typing/pyrightconfig.json
