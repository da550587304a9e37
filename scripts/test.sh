#!/usr/bin/env bash
# Set up and run every check: lint, then the test suite (real model, real index, real browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The browser tests drive Debian's Chromium (with CJK fonts for the screenshot); install where missing.
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else
    echo "chromium is missing: install Debian's chromium package (browser tests will be skipped)" >&2
  fi
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
# The slowest tests are listed at the end, so a run that grows past the time budget says where.
.venv/bin/python -m pytest --durations=15 "$@"
