#!/usr/bin/env bash
# Set up and run every check: lint, then the test suite (real model, real index, real browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The browser tests drive Debian's Chromium (with CJK fonts for the screenshot), and eval/third's
# PDFs are rebuilt with the AR PL UMing font they embed; install what is missing.
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto.*cjk" \
  || [ ! -f /usr/share/fonts/truetype/arphic/uming.ttc ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk fonts-arphic-uming >/dev/null
  else
    echo "chromium or a CJK font is missing: install Debian's chromium, fonts-noto-cjk and fonts-arphic-uming" >&2
  fi
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
# The slowest tests are listed at the end, so a run that grows past the time budget says where.
.venv/bin/python -m pytest --durations=15 "$@"
