"""Which item of a series has the most or the least: "哪个市办结率最高", "which three prefectures had
the most complaints forwarded to them".

The genre states such rankings as a series of items with their figures, in one of two shapes:
- labelled items, "昆明市792件、曲靖市240件、大理州210件": each figure follows its own label;
- a series read respectively, "盐城、南通、连云港三市…办结率依次为98%、90%和88%": the n-th figure
  belongs to the n-th item (the items may stand in the clause before 分别 / 依次).
The answer is the label (or the first n labels) of the highest or lowest figure. Each series found
in the top passages is one candidate; the scorer weighs it like any other.
"""

from __future__ import annotations

import re

from ingest import get_gazetteer
from ingest.numerals import to_number
from retriever.query.intent import asks_extreme, items_asked
from retriever.query.parse import Query
from retriever.query.units import expected_units
from retriever.reader.structure import ITEM, LABEL_LENGTH, RESPECTIVELY
from retriever.reader.values import SENTENCE, Candidate, closeness, figure_spans, folded
from retriever.search.hits import Hit

_ITEM_SPLIT = re.compile(r"、|和|及|与")
_CLAUSE = re.compile(r"[^，,；;：:]+")
# The words a series' last item carries after its name: "连云港三市走在前列" is 连云港.
_TAIL = re.compile(r"(?:等)?[两二三四五六七八九十\d]+(?:个)?(?:市|县|区|州|地|省|家|项|条|座)")
# A question asking for places ("which city", "哪个县") wants a series of places, every label one.
_ASKS_PLACE = re.compile(
    r"哪[^，,。？?]{0,3}(?:市|县|州|区|省|地)|\b(?:cit(?:y|ies)|count(?:y|ies)|prefectures?|districts?|provinces?)\b"
)


def extreme_items(query: Query, pool: list[Hit]) -> list[tuple[Candidate, str]]:
    """Per series in the passages: the span of its chosen labels and the answer they make."""
    direction = asks_extreme(query)
    if not direction:
        return []
    wanted, units = items_asked(query), expected_units(query)
    places = bool(_ASKS_PLACE.search(query.folded))
    out = []
    for index, hit in enumerate(pool):
        body = folded(hit.chunk.text)
        for s in SENTENCE.finditer(body):
            for series in _labelled(body, s.start(), s.end()) + _respective(body, s.start(), s.end()):
                if len(series) < max(2, wanted) or (units and not any(u in v for _, _, v in series for u in units)):
                    continue
                if places and not all(get_gazetteer().places_in(label) for label, _, _ in series):
                    continue
                chosen = sorted(series, key=lambda item: -direction * (to_number(item[2]) or 0.0))[:wanted]
                if wanted > 1:
                    chosen.sort(key=lambda item: item[1][0])  # in the text's order
                start, end = chosen[0][1][0], chosen[-1][1][1]
                answer = "、".join(label for label, _, _ in chosen)
                # The series the question's terms surround best comes first.
                score = closeness(body, series[0][1][0], query)
                out.append((Candidate(answer, index, start, end, score), answer))
    return sorted(out, key=lambda found: -found[0].score)


Series = list[tuple[str, tuple[int, int], str]]  # (label, its span in the folded passage, its figure)


def _labelled(body: str, s0: int, s1: int) -> list[Series]:
    """Runs of "label figure" 、-items in each clause of the sentence."""
    found = []
    for clause in _CLAUSE.finditer(body, s0, s1):
        series: Series = []
        for item in ITEM.finditer(body, clause.start(), clause.end()):
            spans = figure_spans(item.group(0))
            if len(spans) != 1:
                break
            label = _label(item.group(0)[: spans[0][0]])
            if not label or len(label) > LABEL_LENGTH:
                break
            at = item.start() + item.group(0).find(label)
            series.append((label, (at, at + len(label)), item.group(0)[spans[0][0] : spans[0][1]]))
        if len(series) >= 2:
            found.append(series)
    return found


def _label(before: str) -> str:
    """An item's name from the words before its figure: "石家庄（62件）" is 石家庄, and a ranking's
    first item follows its lead ("未完成数量最多的是石家庄（62件）")."""
    label = before.removeprefix("其中").rstrip("（(")
    lead = _LEAD.search(label)
    return label[lead.end() :] if lead and len(label) > LABEL_LENGTH else label


_LEAD = re.compile(r".*(?:是|为|：|:)")


def _respective(body: str, s0: int, s1: int) -> list[Series]:
    """Items named before 分别 / 依次 (in its clause or the one before), paired with the figures after."""
    found = []
    for m in RESPECTIVELY.finditer(body, s0, s1):
        # The figures after the marker, to the sentence's end (SENTENCE already ends at ；;。).
        figures = [(a + m.end(), b + m.end()) for a, b in sorted(figure_spans(body[m.end() : s1]))]
        clauses = [c for c in _CLAUSE.finditer(body, s0, m.start())][-2:]
        for clause in reversed(clauses):
            items = _series_items(body, clause.start(), clause.end())
            if len(items) >= 2 and len(figures) >= len(items):
                found.append([(label, span, body[a:b]) for (label, span), (a, b) in zip(items, figures, strict=False)])
                break
    return found


def _series_items(body: str, c0: int, c1: int) -> list[tuple[str, tuple[int, int]]]:
    """The items of a 、-series in a clause, each cut to its name, with their spans."""
    items, at = [], c0
    for part in _ITEM_SPLIT.split(body[c0:c1]):
        start = at
        at += len(part) + 1
        tail = _TAIL.search(part)
        name = part[: tail.start()] if tail else part
        if not name or len(name) > LABEL_LENGTH:
            return []
        items.append((name, (start, start + len(name))))
    return items
