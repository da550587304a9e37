"""The gold-set format: load a JSONL file and check every item before anything is scored."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, field_validator

from ingest.read import read_document

LANGS = ("en", "zh", "zh-hant")
_SPACE = re.compile(r"\s+")
TYPES = ("number", "fact", "list", "multi", "unanswerable")


class GoldError(ValueError):
    """A gold file that does not follow the format (line number and reason in the message)."""


class Evidence(BaseModel):
    doc: str
    quote: str = Field(min_length=10, max_length=80)


class GoldItem(BaseModel):
    id: str
    question: str = Field(min_length=1)
    lang: str
    type: str
    region: str = ""
    answer: str = ""
    answer_aliases: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)

    @field_validator("lang")
    @classmethod
    def _lang(cls, v: str) -> str:
        if v not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}")
        return v

    @field_validator("type")
    @classmethod
    def _type(cls, v: str) -> str:
        if v not in TYPES:
            raise ValueError(f"type must be one of {TYPES}")
        return v

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"

    @property
    def gold_forms(self) -> list[str]:
        return [f for f in [self.answer, *self.answer_aliases] if f]


def _check_item(item: GoldItem, corpus_dir: Path | None, texts: dict[str, str]) -> None:
    if item.type == "unanswerable":
        if item.answer or item.evidence:
            raise ValueError("unanswerable items have answer '' and no evidence")
        return
    if not item.answer or not item.evidence:
        raise ValueError("answerable items need an answer and evidence")
    if item.type == "multi" and len(item.evidence) < 2:
        raise ValueError("multi items need two or more quotes")
    if corpus_dir is None:
        return
    for ev in item.evidence:
        if ev.doc not in texts:
            path = corpus_dir / ev.doc
            if not path.is_file():
                raise ValueError(f"evidence names {ev.doc!r}, which is not in {corpus_dir}")
            texts[ev.doc] = read_document(path).text
        # The text is what ingest reads from the file (a PDF's text layer, a page's visible text);
        # white space aside (a PDF moves line breaks), the quote must stand in it exactly, same script.
        if ev.quote not in texts[ev.doc] and _unspaced(ev.quote) not in _unspaced(texts[ev.doc]):
            raise ValueError(f"quote {ev.quote!r} is not an exact substring of {ev.doc}")


def _unspaced(text: str) -> str:
    return _SPACE.sub("", text)


def load_gold(path: Path, corpus_dir: Path | None = None) -> list[GoldItem]:
    """Parse and validate a gold file; with `corpus_dir`, also check every quote against its file."""
    items: list[GoldItem] = []
    seen: set[str] = set()
    texts: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = GoldItem.model_validate(json.loads(line))
            if item.id in seen:
                raise ValueError(f"duplicate id {item.id!r}")
            _check_item(item, corpus_dir, texts)
        except (json.JSONDecodeError, ValidationError, ValueError) as err:
            raise GoldError(f"{path}:{n}: {err}") from err
        seen.add(item.id)
        items.append(item)
    if not items:
        raise GoldError(f"{path}: no questions")
    return items
