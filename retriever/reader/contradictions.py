"""What makes a candidate contradict the question outright, read as one feature of the scorer.

On the tuning sets a best candidate with any of these was never right, and mostly answered a
question the reports do not answer: the value is given for another year, round or place than the
one asked, a list holds fewer items than the question counts, a plan's target stands where the
question asks what was actually achieved, or the value is said of an inspection of another level.
"""

from __future__ import annotations

import re

from ingest import get_gazetteer
from retriever.query.parse import Query
from retriever.reader.candidates import Proposal
from retriever.reader.lists import best_list, count_asked
from retriever.reader.rounds import SINCE

# "实际达到多少", "what share had it actually reached": the achieved value, not the planned one.
_ACTUAL = re.compile(r"实际|\bactual(?:ly)?\b", re.IGNORECASE)
_TARGET_ASKED = re.compile(r"目标|\btargets?\b|\bgoals?\b|\bplanned\b", re.IGNORECASE)
# A planned figure: a bound set before it ("控制在", "不高于", "力争") or after it ("以内", "以下").
_TARGET_BEFORE = re.compile(r"(?:控制在|不高于|不超过|不低于|不少于|力争|确保|目标值?为?)$")
_TARGET_AFTER = re.compile(r"^(?:以内|以下)")
# A figure that counts the aspects a report groups its problems or tasks under ("6个方面61项整改
# 任务"): the answer only to a question about those aspects.
_ASPECTS = re.compile(r"^个?方面")
_ASKS_ASPECTS = re.compile(r"方面|\baspects?\b|\bareas?\b|\brespects?\b|\bcategor", re.IGNORECASE)
# A list of provinces asked ("同批还有哪些省份", "which provinces"): a run of cities answers another.
_ASKS_PROVINCES = re.compile(r"哪些省|哪几个省|哪[两二三四五六七八九\d]+个?省|省份|\bprovinces\b", re.IGNORECASE)
# The level of an inspection, named with the inspection itself (not 党中央 or "the provincial party
# committee", whom every report names): the central one, or a province's or city's own, whose rounds,
# groups and petitions are counted apart.
_CENTRAL = re.compile(
    r"中央(?:生态)?环(?:境)?保(?:护)?督察|中央第?[一二三四五六七八九十]*(?:生态)?环境保护督察组|中央督察"
    r"|\bcentral(?: [\w-]+){0,3} (?:inspection|inspectors?|team|group)s?\b",
    re.IGNORECASE,
)
_OWN_LEVEL = re.compile(
    r"[省市]级(?:生态)?(?:环境保护)?督察|[省市]第[一二三四五六七八九十]+(?:生态)?环境保护督察组|[省市]委生态环境保护督察"
    r"|\b(?:provincial|municipal|city)(?: [\w-]+){0,3} (?:inspection|inspectors?|team|group)s?\b",
    re.IGNORECASE,
)


def contradicts(
    query: Query, proposal: Proposal, features: dict[str, float], place_before: float, spans: tuple[str, str, str, str]
) -> bool:
    """The value is given for another year (its paragraph and the year before it both say so), its
    context names another round or dates it before the asked round began, the asked city is named
    neither before it in its paragraph nor in its section, report title or lead, a list is shorter
    than the count asked, a target answers a question about the achieved value, its sentence is
    about an inspection of the other level (central or a province's own), it counts the aspects a
    report groups things under where the question asks no aspects, or it lists places that are not
    the provinces asked."""
    # ("2017年以来", "since 2017" name where a period starts: a later year is inside it.)
    other_year = features["year"] < 0 and features["value_year"] < 0 and not SINCE.search(query.folded)
    return (
        other_year
        or features["round"] < 0
        or place_before < 0
        or lone_item(query, proposal)
        or planned_for_actual(query, proposal, spans)
        or other_level(query, spans[1])
        or counts_aspects(query, proposal, spans)
        or not_provinces(query, proposal)
    )


def lone_item(query: Query, proposal: Proposal) -> bool:
    """Fewer items than the question asks for by their count ("which five provinces", "哪四个方面"):
    a clause or a name that enumerates nothing, or a pair where four are asked."""
    asked = count_asked(query)
    if proposal.answer.intent != "list" or asked is None or asked < 2:
        return False
    run = best_list(proposal.answer.answer, query)
    return run is None or len(run) < asked


def planned_for_actual(query: Query, proposal: Proposal, spans: tuple[str, str, str, str]) -> bool:
    """The question asks what was actually achieved, and the figure is a bound a plan set
    ("PM2.5年均浓度控制在30微克/立方米以内", "不高于30微克/立方米")."""
    if proposal.kind != "figure" or not _ACTUAL.search(query.folded) or _TARGET_ASKED.search(query.folded):
        return False  # ("实际…比目标值低多少" sets the achieved value against the target: both answer)
    before, after = _beside(proposal, spans)
    return bool(_TARGET_BEFORE.search(before[-6:]) or _TARGET_AFTER.match(after))


def other_level(query: Query, sentence: str) -> bool:
    """The question asks about the central inspection and the value's sentence about a province's
    own (or the other way round), and the sentence does not name the asked level too."""
    own = bool(_OWN_LEVEL.search(query.folded))
    central = not own and bool(_CENTRAL.search(query.folded))
    if own:
        return bool(_CENTRAL.search(sentence)) and not _OWN_LEVEL.search(sentence)
    return central and bool(_OWN_LEVEL.search(sentence)) and not _CENTRAL.search(sentence)


def counts_aspects(query: Query, proposal: Proposal, spans: tuple[str, str, str, str]) -> bool:
    """The figure counts aspects ("6个方面") and the question asks about none."""
    if proposal.kind != "figure" or _ASKS_ASPECTS.search(query.folded):
        return False
    return bool(_ASPECTS.match(_beside(proposal, spans)[1]))


def not_provinces(query: Query, proposal: Proposal) -> bool:
    """The question asks which provinces, and fewer than half the items listed are provinces."""
    if proposal.answer.intent != "list" or not _ASKS_PROVINCES.search(query.folded):
        return False
    run = best_list(proposal.answer.answer, query)
    if not run:
        return False
    named = [get_gazetteer().provinces_and_places(item) for item in run]
    provinces = sum(1 for regions, places in named if regions and not places)
    return provinces * 2 < len(run)


def _beside(proposal: Proposal, spans: tuple[str, str, str, str]) -> tuple[str, str]:
    """The value's passage (folded) before the value and after it."""
    body, _, _, value = spans
    at = max(0, proposal.answer.start - proposal.hit.chunk.start)
    return body[:at], body[at + len(value) :]
