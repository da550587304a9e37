#!/usr/bin/env bash
# The main job on a fresh machine: set up, build the index from corpus/, serve API and staff page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/duchaqa ingest
exec .venv/bin/duchaqa serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
