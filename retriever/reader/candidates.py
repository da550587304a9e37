"""Stage 1 of the reader: candidate answers of the asked kind, read from the top passages.

Every generator proposes what the genre's rules find (figures with units, dates, titles,
ordinals, names by their ending, quoted names, the words in a sentence where the question has
its question word, list runs, heading series, the clause holding most of the question's terms).
None of them decides: each proposal carries its place in its generator's own ordering and the
rule checks it passed, as evidence for the scorer (`reader.features`, `reader.score`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from common.types import Chunk
from ingest.numerals import with_arabic
from retriever.query.intent import ASKS_DOC_NUMBER, ASKS_NAME, ORDINAL, intent_of, ordinal_pattern
from retriever.query.names import name_target
from retriever.query.parse import Query
from retriever.query.units import expected_units
from retriever.reader.cells import table_cells
from retriever.reader.extract import (
    asks_several,
    best_sentences,
    figure_run,
    heading_list,
    list_or_clause,
    quoted_name,
    without_leading_verb,
)
from retriever.reader.extremes import extreme_items
from retriever.reader.located import Answer, in_region, locate, ranked_values
from retriever.reader.slots import aligned_slot
from retriever.reader.values import (
    DOC_NUMBER,
    NUMBER,
    SENTENCE,
    VALUE_PATTERNS,
    Candidate,
    contact_pattern,
    figure_spans,
    folded,
)
from retriever.search.hits import Coverage, Hit

# Kinds of candidate, in a fixed order: the scorer's features name them.
KINDS = (
    "figure",
    "date",
    "title",
    "ordinal",
    "name",
    "quoted",
    "slot",
    "headings",
    "items",
    "clause",
    "extreme",
    "contact",
)


@dataclass
class Proposal:
    """One candidate answer, located in its passage."""

    answer: Answer
    kind: str
    hit: Hit
    order: int  # its place in its generator's ordering (0: that generator's first choice)
    rule_score: float  # the generator's closeness score (0 where it has none)
    agree: int = 1  # how many generators proposed this same span
    rank: int = 0  # its place among all candidates in the order the genre's rules prefer
    features: dict[str, float] = field(default_factory=dict)
    logit: float = 0.0  # the model's log-odds that it is the answer
    probability: float = 0.0


def context_window(proposal: Proposal, width: int) -> str:
    """What the e5 model compares with the question: the value's sentence, or in a long one the
    `width` characters around the value (so two figures of one sentence read differently)."""
    sentence = proposal.answer.sentence
    if len(sentence) <= width:
        return sentence
    text = proposal.hit.chunk.text
    at = proposal.answer.start - proposal.hit.chunk.start
    begin = max(0, at - width * 2 // 3)
    return text[begin : begin + width]


def every_context(chunk: Chunk, width: int) -> list[str]:
    """The contexts `context_window` gives every figure, date and title of a passage, and every
    sentence (a fact or list question's candidates), whatever the question asks: nearly all the
    reader compares questions with (names, found by what a question asks for, are not here)."""
    hit = Hit(chunk, 0.0, 0.0, 0.0)
    body = folded(chunk.text)
    spans = set(figure_spans(body))
    for pattern in VALUE_PATTERNS.values():
        if pattern is not NUMBER:
            spans.update((m.start(), m.end()) for m in pattern.finditer(body))
    spans.update((m.start(), m.end()) for m in SENTENCE.finditer(body))
    contexts = []
    for a, b in sorted(spans):
        answer = locate(Candidate(body[a:b], 0, a, b, 0.0), hit)
        contexts.append(context_window(Proposal(answer, "figure", hit, 0, 0.0), width))
    return list(dict.fromkeys(contexts))


def propose(query: Query, hits: list[Hit], covered: Coverage, limit: int, intent: str | None = None) -> list[Proposal]:
    """Candidates for a question asking one value, from passages about its region first, in the
    order the genre's rules prefer them (`Proposal.rank`): a heading series before a sentence that
    enumerates, a quoted name or the aligned slot before a name pattern, a specific pattern
    ("中央第几…督察组") before a general one, the clause holding the question's terms last.
    `intent` overrides what the question's wording asks (a pair of figures is asked as numbers)."""
    intent = intent or intent_of(query)
    pool = in_region(query, hits)[:4]  # in rank order: an overview passage keeps its place
    # A figure in a table is read by the figure generator like any other; a cell is read whole
    # where nothing else delimits the value (a deadline, the units responsible, a measure).
    found: list[Proposal] = _cells(query, pool, covered, intent) if intent != "number" else []
    if intent == "number":
        found += _figures(query, pool, limit)
    elif intent in VALUE_PATTERNS:
        pattern = VALUE_PATTERNS[intent]
        if intent == "contact":
            pattern = DOC_NUMBER if ASKS_DOC_NUMBER.search(query.folded) else contact_pattern(query.folded)
        found += _values(query, pool, pattern, intent, limit)
        if intent == "title":  # "which institute drew up the plan" asks a name, not a title
            found += _names(query, pool, limit)
    elif intent == "ordinal":
        found += _values(query, pool, ordinal_pattern(query), "ordinal", limit)
        if not found:
            found += _values(query, pool, ORDINAL, "ordinal", limit)
    else:
        found += _extremes(query, pool)
        if intent == "list":
            listed = heading_list(query, pool, covered)
            if listed is not None:
                found.append(_heading_proposal(listed, pool))
        if intent == "fact" and ASKS_NAME.search(query.folded):
            found += _one(quoted_name(query, pool), "quoted")
        if intent in ("fact", "who", "name"):
            found += _one(aligned_slot(query, pool), "slot")
        found += _names(query, pool, limit)
    if intent != "number":  # the clause that says most of what is asked, last
        found += [p for p in _sentences(query, pool, intent, limit) if _of_kind(p, intent)]
    for rank, proposal in enumerate(found):
        proposal.answer.intent = intent
        proposal.rank = rank
    return _distinct(found)


def _figures(query: Query, pool: list[Hit], limit: int) -> list[Proposal]:
    """Figures, best-placed first; a question asking several figures at once gets the run."""
    units = expected_units(query)
    out = []
    for order, (cand, hit) in enumerate(ranked_values(query, pool, NUMBER, units)[:limit]):
        if asks_several(query):
            cand = figure_run(cand, folded(hit.chunk.text))
        answer = locate(cand, hit)
        answer.answer = with_arabic(answer.answer)  # 三千三百二十一件 shows its digits too
        out.append(Proposal(answer, "figure", hit, order, cand.score))
    return out


def _values(query: Query, pool: list[Hit], pattern, kind: str, limit: int) -> list[Proposal]:  # type: ignore[no-untyped-def]
    ranked = ranked_values(query, pool, pattern)[:limit]
    return [Proposal(locate(cand, hit), kind, hit, order, cand.score) for order, (cand, hit) in enumerate(ranked)]


def _names(query: Query, pool: list[Hit], limit: int) -> list[Proposal]:
    """Names of the kind the question asks for ("which river", "哪个督察组"), by their ending."""
    target = name_target(query)
    if target is None:
        return []
    ranked = ranked_values(query, pool, target)[:limit]
    out = []
    for order, found in enumerate(ranked):
        cand, hit = without_leading_verb(found) or found
        out.append(Proposal(locate(cand, hit), "name", hit, order, cand.score))
    return out


def _extremes(query: Query, pool: list[Hit]) -> list[Proposal]:
    """For "which city had the most…": the label of each series' highest (or lowest) figure."""
    out = []
    for order, (cand, answer) in enumerate(extreme_items(query, pool)):
        located = locate(cand, pool[cand.index])
        located.answer = answer
        out.append(Proposal(located, "extreme", pool[cand.index], order, cand.score))
    return out


def _cells(query: Query, pool: list[Hit], covered: Coverage, intent: str) -> list[Proposal]:
    """Cells of a table where the row the question names crosses the column it asks for. A cell's
    value is of the kind another generator's would be (a date, a list, a name): the scorer
    weighs it as such, and its place first in the rules' order says where it was read."""
    kind = _CELL_KINDS.get(intent, "name")
    found = table_cells(query, pool, covered, intent)
    return [Proposal(locate(cand, hit), kind, hit, order, cand.score) for order, (cand, hit) in enumerate(found)]


_CELL_KINDS = {"date": "date", "list": "items"}


def _one(found: tuple[Candidate, Hit] | None, kind: str) -> list[Proposal]:
    if found is None:
        return []
    cand, hit = found
    return [Proposal(locate(cand, hit), kind, hit, 0, cand.score)]


def _sentences(query: Query, pool: list[Hit], intent: str, limit: int) -> list[Proposal]:
    """The sentences holding most of the question's terms, each cut to its list or its clause."""
    out = []
    for order, (cand, hit) in enumerate(best_sentences(query, pool, intent, max(2, limit // 2))):
        answer = locate(cand, hit)
        answer.answer = list_or_clause(answer.sentence, query, intent)
        out.append(Proposal(answer, "items" if intent == "list" else "clause", hit, order, cand.score))
    return out


def _of_kind(proposal: Proposal, intent: str) -> bool:
    """A clause answers a question asking a date only if it holds one: on every gold set, what a
    date question asks is a date."""
    return intent != "date" or bool(VALUE_PATTERNS["date"].search(folded(proposal.answer.answer)))


def _heading_proposal(listed: Answer, pool: list[Hit]) -> Proposal:
    head = listed.parts[0] if listed.parts else listed
    hit = next((h for h in pool if h.chunk.doc == head.doc and h.chunk.start <= head.start < h.chunk.end), pool[0])
    return Proposal(listed, "headings", hit, 0, 0.0)


def _distinct(found: list[Proposal]) -> list[Proposal]:
    """One proposal per value and place: two generators finding the same span agree, which
    counts as evidence (`agree`)."""
    kept: dict[tuple[str, str, int], Proposal] = {}
    for proposal in found:
        key = (proposal.answer.answer, proposal.answer.doc, proposal.answer.start)
        if key in kept:
            kept[key].agree += 1
        else:
            kept[key] = proposal
    return list(kept.values())
