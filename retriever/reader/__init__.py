"""The reader: candidates → features → score → answer (one module per stage).

`candidates` proposes values of the asked kind from the top passages, `features` describes each,
`score` turns the description into a calibrated probability with one fitted model, and `compose`
chooses, combines parts, and abstains when the reports do not say.
"""

from __future__ import annotations

from common.settings import Settings
from retriever.reader.candidates import KINDS, Proposal, every_context
from retriever.reader.compose import Reader, Reading, answer_depth, unheld, with_parts_confidence
from retriever.reader.score import ReaderModel, WeightsError, load_model, unfitted_model


def build_reader(settings: Settings, allow_unfitted: bool = False) -> Reader:
    """The reader with its fitted weights; without them only when fitting anew (`allow_unfitted`)."""
    path = settings.reader_weights
    model = unfitted_model() if allow_unfitted and not path.is_file() else load_model(path)
    threshold = settings.abstain_below if settings.abstain_below is not None else model.threshold
    return Reader(
        model,
        threshold,
        settings.reader_candidates,
        settings.reader_sentences,
        settings.reader_window,
        settings.reader_pair_pool,
    )


__all__ = [
    "KINDS",
    "Proposal",
    "Reader",
    "ReaderModel",
    "Reading",
    "WeightsError",
    "answer_depth",
    "build_reader",
    "every_context",
    "load_model",
    "unheld",
    "with_parts_confidence",
]
