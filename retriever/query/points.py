"""Points in time a question asks a figure at. The reports give a figure at each point (a
cumulative count on each day of the inspection's stay, a rate at each year's end) more often than
the change between two, and run several such points through one sentence.
- A change between two points ("从2024年底到2025年11月底提高了多少个百分点", "how many complaints were
  added between 23 June and 26 June") is read in two parts, one per point, and answered by their
  difference (`change_points`; see `parts` and `reader.parts`).
- One point ("截至5月16日累计转办了多少件") asks the figure said at it (`asked_point`, `said_at`).
- The inspection's stay has two points of its own that the reports count at: its middle and its end
  ("进驻中期累计移交已达2440件；进驻结束时累计移交3076件"). A span from or to one of them ("between the
  middle of the stay and its end", "between 9 June and the end of the stay") asks what was added,
  whatever its verb: counts at those points are always running totals."""

from __future__ import annotations

import re

from retriever.query.dates import DATE, YEAR, english_date_forms

# The genre's Chinese verbs of change.
_VERBS = "提高|提升|增加|增长|上升|下降|减少|降低|新增|增|减"
# The change asked: a rise, a fall, what was added.
_CHANGE = re.compile(
    rf"(?:{_VERBS})了?(?:多少|几)"
    r"|\b(?:added|increased?|rose|rises?|risen|grew|grows?|grown|gained|falls?|fell|fallen|drop(?:s|ped)?|declined?"
    r"|decreased?|improved?"
    r"|went (?:up|down))\b",
    re.IGNORECASE,
)
# The change's own words, which the figure at each point does not repeat ("完成率70.5%" is not
# "提高"): they leave the parts.
CHANGE_WORD = re.compile(rf"^(?:个?百分点|{_VERBS})")
# A Chinese change asked, with its measure: "提高了多少个百分点" asks a figure "是多少" at each point.
_CHANGE_ASKED = re.compile(rf"(?:{_VERBS})了?(多少|几)(?:个?百分点)?")
# One point measured against the other ("2024年比2023年下降了多少"; not 比例, 比重): the reports
# often state such a change outright ("较上年下降1微克/立方米"), right after its verb
# (retriever.reader.values.is_change).
MEASURED_AGAINST = re.compile(r".+(?:比(?![例重])|较).+")
# The two points set as a span: "从…到…", "…到…之间", "between … and …", "from … to …", or measured.
_SPAN = re.compile(
    rf"从.+(?:到|至).+|.+(?:和|与|到|至).+(?<!期)间|{MEASURED_AGAINST.pattern}|\bbetween\b.+\band\b|\bfrom\b.+\bto\b",
    re.IGNORECASE,
)
# A date that is itself a span ("2021年4月7日至5月7日") is one period, not a point.
_RANGE = re.compile(r"[至到\-]")


# A question about the inspection's stay, and the points of the stay it may name, as the reports
# write them (the label), then as a question does.
_STAY = re.compile(r"进驻|\bstay\b|\bstationed\b")
_OF_STAY = r" of (?:the |its )?(?:[\w-]+ ){0,3}?(?:stay|inspection)\b"
_STAY_POINTS = (
    ("进驻结束", re.compile(rf"进驻结束|进驻期满|\bend{_OF_STAY}|\bits end\b|\b(?:stay|inspection) ended\b")),
    ("进驻中期", re.compile(rf"进驻中期|\b(?:middle|midpoint){_OF_STAY}|\bmid-?(?:way|stay)\b|\bhalfway\b")),
)
# The same points in a report's sentence.
_STAY_POINTS_SAID = tuple((label, re.compile(label)) for label, _ in _STAY_POINTS)


def change_points(question: str, folded: str, english: bool) -> list[list[str]]:
    """The two points in time a question asks the change between, each as the forms the reports
    write it in (the first is its label); empty unless it asks a change across exactly two."""
    if not _SPAN.search(folded):
        return []
    stay = _stay_points(folded)
    if not (stay or _CHANGE.search(folded)):
        return []
    dated = _english_points(question) if english else _chinese_points(folded)
    points = [*dated, *stay] if len(dated) + len(stay) == 2 else dated
    return points if len(points) == 2 and points[0] != points[1] else []


def _stay_points(folded: str) -> list[list[str]]:
    """The points of the inspection's stay a question names (its middle, its end)."""
    if not _STAY.search(folded):
        return []
    named = [(m.start(), label) for label, pattern in _STAY_POINTS if (m := pattern.search(folded))]
    return [[label] for _, label in sorted(named)]


def _chinese_points(folded: str) -> list[list[str]]:
    return [[d] for d in _dates_in(folded) if not _RANGE.search(d)]


def _dates_in(folded: str) -> list[str]:
    """The distinct dates a Chinese question writes, in its order."""
    return list(dict.fromkeys(m.group(0) for m in DATE.finditer(folded)))


def _english_points(question: str) -> list[list[str]]:
    """Each day an English question names, as the reports write it ("6月23日", with its year
    first when given); where it names no day, its years ("2020年")."""
    points = []
    for forms in english_date_forms(question):
        if "日" not in forms[-1] or "至" in forms[-1]:
            continue
        same = next((p for p in points if p[-1] == forms[-1]), None)
        if same is None:
            points.append(forms)
        elif forms[0] not in same:
            same.insert(0, forms[0])
    if points:
        return points
    return [[f"{y}年"] for y in dict.fromkeys(YEAR.findall(question))]


def asked_point(question: str, folded: str, english: bool) -> list[str]:
    """The one point in time a question asks a figure at ("截至5月16日累计转办了多少件", "as of
    December 2023"), as the forms the reports write it in: the figure said at it is the one asked
    where a sentence runs through several ("截至12月2日累计578件；截至12月13日累计1727件").
    Empty unless the question names exactly one date with its month."""
    points = english_date_forms(question) if english else [[d] for d in _dates_in(folded) if "月" in d]
    return points[0] if len(points) == 1 else []


def at_a_point(folded: str) -> str:
    """The question as asked of one point: the figure there, not the change ("完成率…是多少")."""
    return _CHANGE_ASKED.sub(r"是\1", folded)


def said_at(before: str, point: list[str]) -> bool:
    """Whether a figure is given at this point: the last date (or point of the stay) written before
    it in its sentence (`before`, folded) is the point's ("截至7月2日累计146件，截至7月6日累计203件":
    203 is 7月6日's; "进驻中期累计2440件；进驻结束时累计3076件": 3076 is the end's). A date and a point
    of the stay with no figure between are one moment ("截至7月10日进驻结束，累计251件")."""
    said = [(m.start(), m.end(), m.group(0)) for m in DATE.finditer(before)]
    said += [(m.start(), m.end(), label) for label, pattern in _STAY_POINTS_SAID for m in pattern.finditer(before)]
    said.sort()
    moment = said[-1:]
    while len(moment) < len(said) and not re.search(r"\d", before[said[-len(moment) - 1][1] : moment[0][0]]):
        moment.insert(0, said[-len(moment) - 1])
    return any(form in last or last in form for _, _, last in moment for form in point)
