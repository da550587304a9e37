"""A question in parts: one per region, year, round, point in time or named thing it sets side by
side ("湖南和广西合计", "how many more … in the third round than in the second", "从2024年底到2025年11月
底提高了多少个百分点", "A、B和C三项合计"). Each part keeps only its own words, so it is searched for and checked on
its own; the reader (retriever.reader.parts) adds, subtracts or compares the parts' figures."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from retriever.query.dates import spelled_days
from retriever.query.model import Query
from retriever.query.points import CHANGE_WORD, at_a_point, change_points
from retriever.query.rounds import compared_periods, names_period, narrowed_text, period_label


def question_parts(query: Query) -> list[Query]:
    """The parts of a parsed question: its regions (unless it asks about all of them), else the
    years or rounds it adds or subtracts, else the two points in time it asks the change between."""
    periods = compared_periods(query.folded)
    regions, years = query.regions, query.years
    if len(regions) >= 2 and not query.all_regions:
        parts = [narrowed(query, region) for region in regions]
        if len(periods) == len(regions):  # "Zhejiang's first round or Fujian's second": each its own
            parts = [_period_part(p, period, periods) for p, period in zip(parts, periods, strict=True)]
        return parts
    if len(years) >= 2 and across_parts(query.folded):
        return [_year_part(query, year) for year in years]
    if periods and across_parts(query.folded):
        return [_period_part(query, period, periods) for period in periods]
    points = change_points(query.text, query.folded, query.lang == "en")
    if points:
        return [_point_part(query, point, points) for point in points]
    named = named_items(query.folded)
    return [_item_part(query, item, named) for item in named.items] if named else []


# "加起来 / combined": the parts' figures are added.
SUM = re.compile(
    r"加起来|合计|共计|总共|一共|总和|\bcombined\b|\bin total\b|\baltogether\b|\bsum\b|\badd(?:ing|ed)?\b.*\btogether\b"
    r"|\badd(?:ing|ed)? up\b|\btaken together\b"
)
# "多多少 / how many more … than": the parts' figures subtracted ("how many days longer…", "how
# much higher…": the measure may stand between).
DIFFERENCE = re.compile(
    r"相差|差多少|多多少|少多少|多出|\bdifference\b|\bhow (?:many|much)(?: [a-z-]+){0,2} "
    r"(?:more|fewer|less|longer|shorter|higher|lower|larger|smaller|bigger|greater)\b"
    # "A比B多转办多少件": the verb may stand between too (not "比上年减少了多少", a change stated).
    r"|比[^，,。；;？?]{1,20}?(?<![减增缩])[多少][\u4e00-\u9fff]{1,4}?多少|多几|(?<!至)少几"
)


def across_parts(folded: str) -> bool:
    """ "2010年全年和2014年上半年…加起来", "how many more … in 2021 than in 2020": a sum or a
    difference across the years or rounds a question names, each one's figure read on its own. (A
    change the reports state themselves, "比2020年下降了多少", is read as one figure.)"""
    return bool(SUM.search(folded) or DIFFERENCE.search(folded))


# Three or four things a Chinese question adds or sets side by side, named in the clause before its
# sum or comparison ("属实、部分属实和基本属实的合计", "大气、水和噪声污染三项合计多少件"): the clause, its
# items split at 、和与及, the words that count them ("三项", "的") left out. Two things are a pair of
# one place's figures, read by the pair reader (retriever.reader.pairs) among the candidates.
_ITEMS_CUE = re.compile(
    r"([^，,。；;：:？?（）()“”\"「」]{4,60}?)(?:[两二三四][项个起者类处]|二者|两者|三者)?的?"
    r"(?:合计|加起来|共计|总共|一共|之和|总和|相比|相差|差多少|比较)"
)
_ITEM_SPLIT = re.compile(r"、|和|与|及|以及")
_ITEM_LEAD = re.compile(r"^(?:其中|其中的|在|将|把|对)")


class NamedItems(NamedTuple):
    """The things named side by side, and where their clause stands in the folded question."""

    items: list[str]
    start: int
    end: int


def named_items(folded: str) -> NamedItems | None:
    """The things a sum or a difference is taken over, when the question names them side by side."""
    if not (across_parts(folded) or "相比" in folded):
        return None
    m = _ITEMS_CUE.search(folded)
    if m is None:
        return None
    items = [_ITEM_LEAD.sub("", i) for i in _ITEM_SPLIT.split(m.group(1))]
    if not 3 <= len(items) <= 4 or any(len(i) < 2 for i in items) or len(set(items)) < len(items):
        return None
    return NamedItems(items, m.start(1), m.end(1))


def _item_part(query: Query, item: str, named: NamedItems) -> Query:
    """The same question narrowed to one of the things it names side by side: a word of another
    item and not of this one leaves its terms, and the others take their clause's place in its text."""
    others = [i for i in named.items if i != item]

    def names_other(word: str) -> bool:
        return any(word in o for o in others) and word not in item

    text = query.folded[: named.start] + item + query.folded[named.end :]
    return _part_of(query, names_other, item, folded=text, item=item)


def _part_of(query: Query, drop: Callable[[str], bool], label: str, **fields: object) -> Query:
    """The same question narrowed to one of the regions, years or periods it names: the words that
    `drop` marks (they name another part) leave its terms, groups and Chinese rewrite; `fields` set
    what else the kind of part changes. Search state (vectors, parts, absent groups) starts afresh."""
    part = Query(
        query.text,
        query.folded,
        query.lang,
        query.regions,
        query.places,
        [t for t in query.terms if not drop(t)],
        " ".join(w for w in query.rewrite.split() if not drop(w)),
        query.years,
    )
    part.groups = [g for g in query.groups if not any(drop(t) for t in g)]
    part.focus = query.focus
    part.literals = query.literals
    part.weights = query.weights
    part.label = label
    return replace(part, **fields)


def _year_part(query: Query, year: str) -> Query:
    """The same question narrowed to one of the years it names."""
    others = [y for y in query.years if y != year]

    def names_other(word: str) -> bool:
        return any(o in word for o in others)

    literals = [x for x in spelled_days(query.folded) if not names_other(x)]
    return _part_of(query, names_other, f"{year}年", years=[year], rewrite=query.rewrite, literals=literals)


def _period_part(query: Query, period: tuple[str, int], periods: list[tuple[str, int]]) -> Query:
    """The same question narrowed to one of the rounds, batches or campaigns it sets side by side
    ("how many more … in the third round than in the second"): the others' words go from its text
    and terms, so the reader checks each figure against its own round."""
    others = [p for p in periods if p != period]
    label = " ".join(x for x in (query.label, period_label(period)) if x)

    def names_other(word: str) -> bool:
        return names_period(word, others)

    return _part_of(query, names_other, label, folded=narrowed_text(query.folded, period, periods), period=period)


def _point_part(query: Query, point: list[str], points: list[list[str]]) -> Query:
    """The same question narrowed to one of the two points in time it asks the change between: the
    other point's figures leave its terms, and its own date is a literal its figure should stand with."""
    others = [form for p in points if p is not point for form in p]

    def other_point(word: str) -> bool:  # a date's figures, or a word of another point of the stay (中期)
        of_point = any(c.isdigit() for c in word) or any(word in o for o in others if not any(c.isdigit() for c in o))
        return of_point and any(word in o for o in others) and not any(word in f for f in point)

    def not_of_part(word: str) -> bool:
        return other_point(word) or bool(CHANGE_WORD.match(word))

    own_years = [y for y in query.years if any(y in f for f in point)]
    literals = [x for x in query.literals if not other_point(x)] + [f for f in point if f not in query.literals]
    focus = [t for t in query.focus if not not_of_part(t)]
    fields = {"folded": at_a_point(query.folded), "years": own_years or query.years, "literals": literals}
    fields |= {"focus": focus, "point": point}
    part = _part_of(query, not_of_part, point[-1], **fields)
    part.groups = [*part.groups, point] if not any(point[0] in g for g in part.groups) else part.groups
    return part


def narrowed(query: Query, region: str) -> Query:
    """The same question narrowed to one of the regions it names."""
    others = [r for r in query.regions if r != region]

    def names_other(word: str) -> bool:
        return any(o in word for o in others)

    return _part_of(query, names_other, region, regions=[region], places=[], literals=spelled_days(query.folded))
