"""Shared dependencies: the one pipeline (model + current index) a process serves from."""

from __future__ import annotations

from collections.abc import Callable

from common.settings import Settings
from index.model import ModelError
from index.store import IndexMismatch, IndexMissing
from retriever import Pipeline
from retriever.reader import WeightsError


def load_pipeline(settings: Settings, fail: Callable[[str], None]) -> Pipeline:
    """Load the model and the index, turning the usual set-up mistakes into one clear message."""
    try:
        pipeline = Pipeline(settings)
        pipeline.reload()
    except (ModelError, IndexMissing, IndexMismatch, WeightsError) as err:
        fail(str(err))
        raise
    return pipeline
