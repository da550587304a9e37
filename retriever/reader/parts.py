"""Answers in parts: comparisons and sums across regions, lists of regions, and questions that
ask several things. Each part is answered and cited on its own; the answer joins or concludes."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ingest import fold
from ingest.numerals import to_number
from retriever.query.intent import EARLIER
from retriever.query.parse import Query
from retriever.query.parts import DIFFERENCE, SUM
from retriever.query.points import said_at
from retriever.query.rounds import periods_named
from retriever.query.units import CLASSIFIERS, expected_units
from retriever.reader.located import NOT_FOUND, Answer, conclusion, locate
from retriever.reader.values import NUMBER, SENTENCE, Candidate, folded, group_coverage, unit_of
from retriever.search.hits import Hit


def combined_answer(asked: Sequence[tuple[str, list[str], Answer]]) -> Answer:
    """The answers to each ask of a question (its text, regions, answer), joined: each value in turn
    ("3917件；98.2%"), a part the reports do not give said so; abstains only when none is given."""
    parts = []
    for question, regions, part in asked:
        part.question = question
        part.region = part.region or (regions[0] if len(regions) == 1 else "")
        parts.append(part)
    given = [p for p in parts if not p.abstained]
    if not given:
        return Answer(NOT_FOUND, True, "；".join(p.sentence for p in parts), intent="multi", parts=parts)
    return conclusion("；".join(p.answer for p in parts), "；".join(p.sentence for p in given), parts, "multi")


# "哪些省份…", "which provinces…": the answer is the regions whose own passages say it.
# (地区 asks for places inside a province: "哪些地区入选示范区" is answered by 盘锦市、桓仁县.)
_ASKS_REGIONS = re.compile(r"哪些(?:省份|省区|省|自治区)|哪几个省|\bwhich provinces\b")
_REGION_WORDS = {"省份", "省", "省区", "省(区)", "自治区", "区"}
REGION_LIST_DEPTH = 10  # passages read for a list of regions: one per region, eight in a compilation
LITERAL_COVERAGE = 0.5
REGION_COVERAGE = 0.9  # without a literal (a date, a figure), a region's sentence must hold nearly all terms


def asks_regions(query: Query) -> bool:
    return not query.regions and bool(_ASKS_REGIONS.search(query.folded))


def region_list(query: Query, hits: list[Hit]) -> Answer | None:
    """The regions whose own passage has a sentence saying what is asked: the date the question
    spells out, else most of its terms. In the reports' order, each cited."""
    figures = [m.group(0) for m in NUMBER.finditer(query.folded) if any(c.isdigit() for c in m.group(0))]
    literals = query.literals + figures
    topic = Query(query.text, query.folded, query.lang, [], [], query.terms, "", query.years)
    topic.groups = [g for g in query.groups if g[0] not in _REGION_WORDS]
    topic.weights = query.weights
    found: dict[str, tuple[Candidate, Hit]] = {}
    for rank, hit in enumerate(hits):
        region = hit.chunk.regions[0] if len(hit.chunk.regions) == 1 else ""
        if not region or region in found:
            continue
        for m in SENTENCE.finditer(folded(hit.chunk.text)):
            sentence = m.group(0)
            if _says(topic, literals, sentence):
                found[region] = (Candidate(sentence, rank, m.start(), m.end(), 1.0), hit)
                break
    if not found:
        return None
    ordered = sorted(found.items(), key=lambda kv: (kv[1][1].chunk.doc, kv[1][1].chunk.start))
    parts = []
    for region, located in ordered:
        part = locate(*located)
        part.region = region
        parts.append(part)
    summary = "；".join(f"{p.region}: {p.sentence}" for p in parts)
    return conclusion("、".join(p.region for p in parts), summary, parts, "list")


def _says(topic: Query, literals: list[str], sentence: str) -> bool:
    """The sentence holds the date or figure the question names and some of its terms, or nearly
    all its terms."""
    coverage = group_coverage(topic, sentence)
    if literals:
        return any(x in sentence for x in literals) and coverage >= LITERAL_COVERAGE
    return coverage >= REGION_COVERAGE


_HIGHER = re.compile(r"多|高|大|快|more|higher|larger|bigger|most|greater")


def asks_sum(query: Query) -> bool:
    """ "加起来 / combined": the parts' figures are added, not compared."""
    return bool(SUM.search(query.folded))


def asks_difference(query: Query) -> bool:
    """ "多多少 / how many more … than", or the change between two points in time: the parts'
    figures subtracted."""
    return bool(DIFFERENCE.search(query.folded)) or any(part.point for part in query.parts)


def own_hits(part: Query, query: Query, hits: list[Hit]) -> list[Hit]:
    """A part's passages: those of its region when the parts are regions, else all of them."""
    if len({p.regions[0] if p.regions else "" for p in query.parts}) < 2:
        return hits
    return [h for h in hits if part.regions[0] in h.chunk.regions]


# "湖南和广西各有多少个问题", "分别是第几组", "respectively": each region's own answer, in turn.
# (各地 / 各级 / 各类 are the localities or kinds inside a region, not "each of the named regions".)
_EACH = re.compile(r"各(?!地|级|类|项|部门|市|县|州|族)|分别|\brespectively\b|\beach\b")


def asks_each(query: Query) -> bool:
    return len(query.parts) >= 2 and bool(_EACH.search(query.folded)) and not asks_sum(query)


def each_region(query: Query, hits: list[Hit], answer_part: Callable[[Query, list[Hit]], Answer]) -> Answer:
    """Each region the question names answered on its own passages, the answers joined in the
    question's order ("53个；39个"), each part cited."""
    asked = []
    for part in query.parts:
        own = [h for h in hits if part.regions[0] in h.chunk.regions]
        found = answer_part(part, own)
        found.region = part.regions[0]
        asked.append((f"{part.regions[0]}: {query.text}", part.regions, found))
    return combined_answer(asked)


# How a part's values are ranked, best first (the reader ranks them by its fitted model).
PartRanker = Callable[[Query, list[Hit], str], list[Answer]]
_PART_DEPTH = 4  # passages a part's values are read from


def compare(query: Query, hits: list[Hit], rank: PartRanker) -> Answer:
    """Each part's value, then the conclusion: which region's figure is larger (or smaller, earlier),
    or, for "加起来 / combined", their sum."""
    intent = "date" if EARLIER.search(query.folded) and not asks_sum(query) else "number"
    parts, values, together = _part_values(query, hits, intent, rank)
    if together is not None and asks_sum(query):  # "2021年和2022年两年共安排3.2亿元": the total, stated
        return conclusion(together.answer, together.sentence, [together])
    if len(values) < 2:
        return Answer(
            answer=NOT_FOUND, abstained=True, sentence="a figure is missing for a part", intent="compare", parts=parts
        )
    if asks_sum(query):
        return sum_answer(values, parts)
    if asks_difference(query) and intent == "number":
        return difference_answer(values, parts)
    if intent == "date" and any(v < 10000 for _, v in values):
        values = [(r, v % 10000) for r, v in values]  # a date without its year: compare month and day
    if intent == "date":
        winner = min(values, key=lambda v: v[1])
    elif _HIGHER.search(query.folded):
        winner = max(values, key=lambda v: v[1])
    else:
        winner = min(values, key=lambda v: v[1])
    summary = "；".join(f"{r}: {p.sentence}" for (r, _), p in zip(values, parts, strict=False))
    if intent == "number":  # the winner with its figure: "河南（3177件）" says which and by what
        figure = next(p.answer for (r, _), p in zip(values, parts, strict=False) if r == winner[0])
        return conclusion(f"{winner[0]}（{figure}）", summary, parts)
    return conclusion(winner[0], summary, parts)


def _part_values(
    query: Query, hits: list[Hit], intent: str, rank: PartRanker
) -> tuple[list[Answer], list[tuple[str, float]], Answer | None]:
    """One value per part, all in one unit: "69座" is compared with "38座", not with "190亿元". Last,
    the one figure every part ranks first when its sentence names every part: it is said of them
    together."""
    units = _part_units(expected_units(query)) if intent == "number" else ()
    ranked = [rank(part, own_hits(part, query, hits)[:_PART_DEPTH], intent) for part in query.parts]
    kind = counted_in if intent == "number" else _date_precision
    shared = _shared_unit(ranked, kind, units)
    parts: list[Answer] = []
    values: list[tuple[str, float]] = []
    tops = {(found[0].doc, found[0].start) if found else None for found in ranked}
    together = ranked[0][0] if len(tops) == 1 and ranked[0] else None
    if together is not None and not all(_names_part(part, together.sentence) for part in query.parts):
        together = None
    for part, found in zip(query.parts, ranked, strict=True):
        # Only a figure that can be compared or added: "30个", not "两个方面".
        found = [
            a for a in found if (shared is None or kind(a.answer) == shared) and _sort_key(a.answer, intent) is not None
        ]
        # A point in time's figure is the one said at its date, where its passages have one.
        if part.point:
            found = [a for a in found if _said_at(part, a)] or found
        # Two parts are two things: a figure one part already cites is not the other's.
        taken = {(a.doc, a.start) for a in parts}
        found = [a for a in found if (a.doc, a.start) not in taken]
        if not found:
            continue
        located = found[0]
        located.region = part.label or part.regions[0]
        parts.append(located)
        key = _sort_key(located.answer, intent)
        if key is not None:
            values.append((located.region, key))
    return parts, values, together


def _said_at(part: Query, answer: Answer) -> bool:
    return said_at(fold(answer.sentence[: max(0, answer.start - answer.sentence_start)]), part.point)


def _part_units(units: tuple[str, ...]) -> tuple[str, ...]:
    """The unit each part's figure carries: a change in percentage points is asked of two shares."""
    return tuple(dict.fromkeys("%" if u.endswith("百分点") else u for u in units))


def _names_part(part: Query, sentence: str) -> bool:
    """The sentence names the part's round, year or region."""
    text = fold(sentence)
    if part.period is not None:
        return part.period in periods_named(text)
    if part.point:
        return any(form in text for form in part.point)
    if part.item:
        return part.item in text
    if part.label.endswith("年"):
        return part.label[:-1] in text
    return bool(part.regions) and part.regions[0] in text


# Classifiers are compared as one unit: "134家" green mines with "455座".
_CLASSIFIERS = dict.fromkeys(CLASSIFIERS, "个")


def counted_in(value: str) -> str:
    unit = unit_of(value)
    return _CLASSIFIERS.get(unit, unit)


def _date_precision(value: str) -> str:
    """Dates compare at the day when every part has one ("7月14日" vs "2021年7月15日")."""
    return "day" if "日" in value else ""


def _shared_unit(ranked: list[list[Answer]], kind: Callable[[str], str], units: tuple[str, ...] = ()) -> str | None:
    """The unit (or date precision) every part has a candidate in: the first the question implies
    (petitions count in 件 before 个), else the one ranked best over all parts."""
    best: dict[str, list[float]] = {}
    for found in ranked:
        seen: dict[str, float] = {}
        for place, answer in enumerate(found):
            unit = kind(answer.answer)
            if unit and unit not in seen:
                seen[unit] = -place
        for unit, score in seen.items():
            best.setdefault(unit, []).append(score)
    common = {u: sum(v) for u, v in best.items() if len(v) == len(ranked)}
    preferred = [u for u in dict.fromkeys(_CLASSIFIERS.get(u, u) for u in units) if u in common]
    if preferred:
        return preferred[0]
    return max(common, key=lambda u: common[u]) if common else None


def sum_answer(values: list[tuple[str, float]], parts: list[Answer]) -> Answer:
    """For "Hunan and Guangxi combined": the parts' figures added, in the unit they share. (A part
    with no label, a pair of one place's figures, is shown by its figure alone.)"""
    shown = shown_in_unit(sum(v for _, v in values), parts)
    summary = " + ".join(_labelled(r, p) for (r, _), p in zip(values, parts, strict=False))
    return conclusion(shown, f"{summary} = {shown}", parts)


def difference_answer(values: list[tuple[str, float]], parts: list[Answer]) -> Answer:
    """For "how many more … than": the larger figure less the smaller, in the unit they share."""
    (first, a), (second, b) = values[0], values[1]
    shown = shown_difference(abs(a - b), parts)
    return conclusion(shown, f"{_labelled(first, parts[0])} − {_labelled(second, parts[1])} = {shown}", parts)


def _labelled(label: str, part: Answer) -> str:
    return f"{label} {part.answer}" if label else part.answer


def shown_in_unit(figure: float, parts: list[Answer]) -> str:
    """A figure with the unit every part is written in (none when they differ). A 万 or 亿 unit is
    kept, the figure counted in it ("758万立方米" + "230万立方米" is "988万立方米"), and a figure is
    never shown with an exponent."""
    units = {re.sub(r"^[^\d]*[\d.,]+[余多]?", "", p.answer) for p in parts}
    if len(units) == 1:
        unit = units.pop()
        return _plain(figure / _SCALES.get(unit[:1], 1.0)) + unit
    # "12.6亿吨" and "67万多吨": one unit at two scales, shown at the larger one.
    bases = {u.lstrip("万萬亿億余多") for u in units}
    if len(bases) != 1:
        return _plain(figure)
    scale = max(units, key=lambda u: _SCALES.get(u[:1], 1.0))[:1]
    scale = scale if scale in _SCALES else ""
    return _plain(figure / _SCALES.get(scale, 1.0)) + scale + bases.pop()


def shown_difference(figure: float, parts: list[Answer]) -> str:
    """A difference in the parts' unit; two shares differ by percentage points, not per cent."""
    if parts and all(counted_in(p.answer) == "%" for p in parts):
        return _plain(figure) + "个百分点"
    return shown_in_unit(figure, parts)


_SCALES = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}


def _plain(figure: float) -> str:
    """9880000.0 as "9880000", 3.7999999 as "3.8": six decimals at most, no exponent."""
    return f"{round(figure, 6):.6f}".rstrip("0").rstrip(".")


def _sort_key(value: str, intent: str) -> float | None:
    """A comparable number: the figure itself, or a date as yyyymmdd."""
    if intent == "date":
        m = re.search(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日", value)
        if not m:
            return None
        return float(int(m.group(1) or 0) * 10000 + int(m.group(2)) * 100 + int(m.group(3)))
    if not NUMBER.search(folded(value)):
        return None  # a figure without a unit (an index value) is not compared
    return to_number(value)
