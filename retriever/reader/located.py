"""Values located in passages: the answer record, candidates ranked across passages (region
fit, rank, unit), and their exact source offsets. Shared by every kind of answer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from common.settings import get_settings
from common.types import Chunk
from ingest import fold_with_map, get_gazetteer
from retriever.query.intent import asks_change
from retriever.query.parse import Query
from retriever.query.points import said_at
from retriever.query.rounds import said_in
from retriever.reader.structure import bindings
from retriever.reader.values import (
    NUMBER,
    SENTENCE,
    Candidate,
    enclosing,
    folded,
    has_unit,
    is_change,
    value_candidates,
)
from retriever.search.hits import Hit

NOT_FOUND = "not found in the reports"
RANK_PENALTY = 0.35  # a candidate in a lower-ranked passage needs to sit this much closer to the terms
CHANGE_FIT = 1.0  # for a question about a change, a figure right after a verb of change fits better


@dataclass
class Answer:
    answer: str
    abstained: bool
    sentence: str = ""
    doc: str = ""
    start: int = -1  # offsets of the answer value in the source document
    end: int = -1
    sentence_start: int = -1
    sentence_end: int = -1
    intent: str = "fact"
    parts: list[Answer] = field(default_factory=list)
    region: str = ""  # for a part of a comparison: the region it is about
    question: str = ""  # for a part of a question that asks several things: what it asks
    confidence: float = 0.0  # calibrated probability that `answer` is right (of `guess` when abstaining)
    guess: Answer | None = None  # abstaining for doubt: the best candidate, for the page to show


def in_region(query: Query, hits: list[Hit]) -> list[Hit]:
    """Passages about the asked region (a compilation's other provinces share its template);
    passages that only mention it (an overview) follow."""
    if not query.regions:
        return hits
    wanted = set(query.regions)
    return [h for h in hits if set(h.chunk.regions) & wanted] or hits


def _region_fit(query: Query, hit: Hit, body: str, sentence: tuple[int, int]) -> float | None:
    """In a passage about several regions, a value counts for the asked region in a sentence that
    names it; a sentence that belongs to another region (names only others, or follows another
    region's name) does not count at all (None)."""
    if not query.regions or len(hit.chunk.regions) < 2:
        return 0.0
    mentions = _province_mentions(body)
    named = {p for at, p in mentions if sentence[0] <= at < sentence[1]}
    if named & set(query.regions):
        return 0.0
    if len(named) == 1:
        return None
    if not named:
        # A compilation's section runs on after its region's name: "江西省…。全省累计投入…".
        earlier = [p for at, p in mentions if at < sentence[0]]
        if earlier and earlier[-1] not in query.regions:
            return None
    return -2.0


@lru_cache(maxsize=1024)
def _province_mentions(body: str) -> list[tuple[int, str]]:
    """Where provinces are named as such (a compilation's sections name their province; a city named
    in passing, 成都 in a Qinghai report, does not make a sentence Sichuan's)."""
    return [(m.start, m.place.canonical) for m in get_gazetteer().mentions(body) if m.place.level == "province"]


_FIGURE = re.compile(r"\d+(?:\.\d+)?")


def _figure_of(value: str) -> str:
    m = _FIGURE.search(folded(value))
    return m.group(0) if m else ""


def ranked_values(
    query: Query, hits: list[Hit], pattern: re.Pattern[str], units: tuple[str, ...] = ()
) -> list[tuple[Candidate, Hit]]:
    """Values of the asked kind in the passages, best first."""
    found = value_candidates(query, [h.chunk.text for h in hits], pattern, units)
    if not asks_change(query):
        found = [c for c in found if not is_change(folded(hits[c.index].chunk.text), c.start)]
    else:  # "比上年增加了多少": the figure after the verb of change, not the level before it
        for c in found:
            c.score += CHANGE_FIT if is_change(folded(hits[c.index].chunk.text), c.start) else 0.0
    kept = []
    settings = get_settings()
    structure_fit, point_fit, period_fit = (
        settings.reader_structure_fit,
        settings.reader_point_fit,
        settings.reader_period_fit,
    )
    for cand in found:
        body = folded(hits[cand.index].chunk.text)
        sentence = enclosing(SENTENCE, body, cand.start)
        fit = _region_fit(query, hits[cand.index], body, sentence)
        if fit is None:
            continue
        cand.score += fit - RANK_PENALTY * cand.index
        if query.point and said_at(body[sentence[0] : cand.start], query.point):
            cand.score += point_fit
        if query.period and said_in(body[sentence[0] : cand.start], query.period):
            cand.score += period_fit
        if pattern is NUMBER:  # "由1925家压减到1082家", "…分别为61%、65%": which figure is which
            cand.score += structure_fit * sum(bindings(query, body, cand.start).values())
        kept.append(cand)
    # "how many of the 558 tasks were finished": a figure the question states is not what it asks.
    if pattern is NUMBER:  # (a year the question names still dates its events)
        stated = set(_FIGURE.findall(query.folded))
        kept = [c for c in kept if _figure_of(c.value) not in stated] or kept
    fitting = [c for c in kept if has_unit(c.value, units)]
    found = fitting or kept  # a figure in the asked unit beats a closer one in another unit
    if query.all_regions and not query.regions:
        # "8省区已完成多少项": one province's figure is not the total when an overview gives one.
        overall = [c for c in found if len(hits[c.index].chunk.regions) > 1]
        found = overall or found
    found.sort(key=lambda c: -c.score)
    return [(c, hits[c.index]) for c in found]


def locate(cand: Candidate, hit: Hit) -> Answer:
    """Map a candidate in folded text back to exact source offsets, with its sentence."""
    chunk = hit.chunk
    body, index = fold_with_map(chunk.text)
    a, b = index[cand.start], index[cand.end - 1] + 1
    s0, s1 = enclosing(SENTENCE, body, cand.start)
    sa, sb = index[s0], index[max(s0, s1 - 1)] + 1
    sentence = chunk.text[sa:sb]
    lead = len(sentence) - len(sentence.lstrip())
    return Answer(
        answer=chunk.text[a:b],
        abstained=False,
        sentence=sentence.strip(),
        doc=chunk.doc,
        start=chunk.start + a,
        end=chunk.start + b,
        sentence_start=chunk.start + sa + lead,
        sentence_end=chunk.start + sa + lead + len(sentence.strip()),
    )


def holds(chunk: Chunk, part: Answer) -> bool:
    """The passage holds the start of this answer's value."""
    return chunk.doc == part.doc and chunk.start <= part.start < chunk.end


def labels(hit: Hit) -> str:
    """What a passage is labelled with besides its text: its report's title and date, its section
    path ("Qinghai's 2021 report" is answered by a passage of the report dated 2021)."""
    chunk = hit.chunk
    return folded(f"{chunk.title} {chunk.date or ''} {chunk.section_path}")


def conclusion(value: str, sentence: str, parts: list[Answer], intent: str = "compare") -> Answer:
    """An answer in parts (a comparison's conclusion, a sum, joined asks), cited at the value of its
    first part that has one."""
    head = next((p for p in parts if not p.abstained), parts[0])
    return Answer(
        answer=value,
        abstained=False,
        sentence=sentence,
        doc=head.doc,
        start=head.start,
        end=head.end,
        sentence_start=head.sentence_start,
        sentence_end=head.sentence_end,
        intent=intent,
        parts=parts,
    )
