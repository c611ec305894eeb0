#!/usr/bin/env bash
# Install Zensical, pinned by scripts/zensical/uv.lock, into .cache/zensical/ (idempotent; quick
# when done). Its own environment: Zensical needs pygments>=2.20, Pelican pygments<2.20. The
# tests build the handbook with it beside Material for MkDocs (tests/handbook/test_engines.py).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
export UV_PYTHON_DOWNLOADS=never UV_LINK_MODE=${UV_LINK_MODE:-copy}
UV_PROJECT_ENVIRONMENT="$PWD/.cache/zensical" .cache/uv/bin/uv sync --quiet --locked \
  --python "$PYTHON" --project scripts/zensical
.cache/zensical/bin/zensical --version >/dev/null
