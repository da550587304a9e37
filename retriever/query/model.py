"""What the retriever knows about a question: the `Query` that question understanding fills in
(retriever.query.parse), search weighs (retriever.search) and the reader answers (retriever.reader)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from index.lexical import tokenize


@dataclass
class Query:
    text: str
    folded: str
    lang: str  # en | zh | zh-hant
    regions: list[str]  # provinces named, in order of mention
    places: list[str]  # cities/counties named
    terms: list[str]  # Chinese search terms (glossary for English, jieba words for Chinese)
    rewrite: str  # a Chinese rendering for the dense model ("" for Chinese questions)
    years: list[str]
    overview: bool = False
    all_regions: bool = False  # asks about every region of a compilation at once ("8省区", "all eight")
    parts: list[Query] = field(default_factory=list)
    label: str = ""  # for a part: the region, year or round it is about
    period: tuple[str, int] | None = None  # for a part: the round, batch or campaign it is about
    point: list[str] = field(default_factory=list)  # the one point in time it asks a figure at, as written
    item: str = ""  # for a part: the thing it is about, as the question words it ("嘉陵江岸线治理")
    # Alternatives that count as one term (an English word's Chinese renderings), in question order.
    groups: list[list[str]] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)  # the group the question asks about ("办结" in 办结了几件)
    weights: dict[str, float] = field(default_factory=dict)  # rarity (IDF) of each group's first term
    literals: list[str] = field(default_factory=list)  # quoted phrases and spelled-out days, matched whole
    absent: list[str] = field(default_factory=list)  # groups (by first term) no passage of the index holds
    looked_up: list[str] = field(default_factory=list)  # groups (by first term) from the general dictionary
    vectors: np.ndarray | None = None  # the e5 query vectors, computed once by the searcher
    encode_ms: float = 0.0  # what computing them took (the bench reports latency with and without it)

    @property
    def bm25_tokens(self) -> list[str]:
        return tokenize(" ".join(self.terms))
