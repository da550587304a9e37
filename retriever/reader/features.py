"""Stage 2 of the reader: each candidate described by numbers the scorer weighs.

What a reader checks before trusting a value: the question's terms around it (weighted by
rarity), the unit and the counted noun, the region, year and inspection round it is said of,
how like the question its sentence reads to the e5 model, and how high its passage ranked. A
rule that once vetoed a candidate (a year the sentence does not repeat, a round the report names
only in its title) is one of these numbers, never a veto: staff name the context to be precise,
and the reports state it once, in a lead or a heading.
"""

from __future__ import annotations

import math
import re

from common.settings import get_settings
from ingest import get_gazetteer
from ingest.numerals import is_structure
from retriever.query.dates import DATE
from retriever.query.focus import counted_group
from retriever.query.intent import content_groups
from retriever.query.parse import YEAR, Query
from retriever.query.units import counted_units, expected_units
from retriever.reader.candidates import KINDS, Proposal
from retriever.reader.contradictions import contradicts
from retriever.reader.extract import rarest_group, sentence_before, stands_with
from retriever.reader.located import in_region, labels
from retriever.reader.rounds import CAMPAIGNS, before_round, rounds_named
from retriever.reader.structure import bindings
from retriever.reader.values import CLAUSE, NUMBER, SENTENCE, enclosing, folded, group_coverage, has_unit
from retriever.search.hits import Coverage, Hit

# The question word of a Chinese question.
_ASK_WORD = re.compile(r"多少|几|哪|什么|何时|谁")
# A figure after "to" is the level reached ("由1925家减少到1082家"), the one asked for "how many now".
_END_STATE = re.compile(r"(?:到|至|为|达|达到|剩|剩余|保留)$")


# What may stand with a date that opens its sentence: nothing, or the word that sets it.
_OPENING_DATE = re.compile(r"(?:截至|截止|到|至|于|在)?")


# A year in Chinese digits, as official documents date themselves ("二〇二二年"): read as the same
# four Arabic digits (one character each, so every offset holds).
_CHINESE_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=年)")
_CHINESE_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def arabic_years(text: str) -> str:
    return _CHINESE_YEAR.sub(lambda m: m.group().translate(_CHINESE_DIGITS), text)


def describe(
    query: Query, hits: list[Hit], covered: Coverage, proposals: list[Proposal], similarity: list[float]
) -> None:
    """Fill in every proposal's features (the question-level ones are shared)."""
    shared = _question_features(query, hits)
    best_similarity = max(similarity, default=0.0)
    top_score = max((h.score for h in hits), default=0.0) or 1.0
    for proposal, sim in zip(proposals, similarity, strict=True):
        features = dict(shared)
        features.update({f"kind_{k}": float(proposal.kind == k) for k in KINDS})
        features.update(_place_features(proposal, hits, top_score))
        spans = _spans(proposal)
        features.update(_term_features(query, proposal, spans))
        features.update(_context_features(query, proposal, covered, spans))
        features["similarity"] = sim
        features["similarity_gap"] = sim - best_similarity
        features["checks_failed"] = _checks_failed(features)
        # (Where the asked city is named is read as a contradiction only: the fitted weights
        # predate it, and a feature they do not know would not be weighed.)
        place_before = features.pop("place_before")
        features["contradicts"] = float(contradicts(query, proposal, features, place_before, spans))
        proposal.features = features
    _relative(proposals)


# Features also read against the question's best candidate: a linear model weighs each candidate
# alone, and "the most of the question's terms among these candidates" is what a reader compares.
_RELATIVE = ("near_coverage", "sentence_coverage", "clause_coverage", "before_slot", "after_slot")


def _relative(proposals: list[Proposal]) -> None:
    for name in _RELATIVE:
        best = max((p.features[name] for p in proposals), default=0.0)
        for proposal in proposals:
            proposal.features[f"{name}_gap"] = proposal.features[name] - best


def _checks_failed(features: dict[str, float]) -> float:
    """How many of the reader's old hard checks the candidate fails (each once a veto): too few of
    the question's terms in its sentence, the rarest term, the counted noun or the unit missing,
    another year or round named. Counted, because together they say more than each alone. (A round
    the report does not name is no evidence against: reports name their round once, if at all.)"""
    thin = features["sentence_coverage"] < get_settings().reader_thin and not features["focus_sentence"]
    failed = [features[k] < 0 for k in ("rarest", "year", "round", "counted", "unit")]
    return float(thin + sum(failed))


def _question_features(query: Query, hits: list[Hit]) -> dict[str, float]:
    """What holds for every candidate: how much of the question the top passages hold at all."""
    top = in_region(query, hits)[:3]
    text = "".join(arabic_years(folded(h.chunk.text)) + labels(h) for h in top)
    weights = [query.weights.get(g[0], 1.0) for g in content_groups(query)]
    absent = sum(query.weights.get(g[0], 1.0) for g in content_groups(query) if g[0] in query.absent)
    year_told = any(y in text for y in query.years)
    coverage = group_coverage(query, text)
    return {
        "bias_en": float(query.lang == "en"),
        "top_coverage": coverage,
        "absent_share": absent / sum(weights) if sum(weights) else 0.0,
        "top_year": (1.0 if year_told else -1.0) if query.years else 0.0,
        "top_thin": float(coverage < get_settings().reader_thin),
    }


def _place_features(proposal: Proposal, hits: list[Hit], top_score: float) -> dict[str, float]:
    rank = next((i for i, h in enumerate(hits) if h is proposal.hit), len(hits))
    return {
        "rank": 1 / (1 + rank),
        "passage_score": proposal.hit.score / top_score,
        "passage_dense": proposal.hit.dense,
        "first": float(proposal.order == 0),
        "rules_first": float(proposal.rank == 0),
        "rules_rank": 1 / (1 + proposal.rank),
        "order": 1 / (1 + proposal.order),
        "rule_score": max(-5.0, min(proposal.rule_score, 8.0)) / 4,
        "agree": float(proposal.agree - 1),
    }


def _spans(proposal: Proposal) -> tuple[str, str, str, str]:
    """The candidate's passage (folded), its sentence, its clause and the value, in folded text."""
    chunk = proposal.hit.chunk
    body = arabic_years(folded(chunk.text))
    at = max(0, min(proposal.answer.start - chunk.start, len(body) - 1))
    s0, s1 = enclosing(SENTENCE, body, at)
    c0, c1 = enclosing(CLAUSE, body, at)
    value = folded(proposal.answer.answer)
    # A date that opens its sentence as a clause of its own ("2021年4月20日，督察组向…反馈") dates
    # the clause after it: that clause is the date's.
    if proposal.kind == "date" and _OPENING_DATE.fullmatch(body[c0:c1].replace(value, "", 1).strip()) and c1 < s1:
        c1 = enclosing(CLAUSE, body, min(c1 + 1, s1 - 1))[1]
    return body, body[s0:s1], body[c0:c1], value


def _term_features(query: Query, proposal: Proposal, spans: tuple[str, str, str, str]) -> dict[str, float]:
    """The question's terms around the value: right before it, in its sentence, its clause, the
    rarest one, the asked one; the dates and figures the question states."""
    body, sentence, clause, value = spans
    at = max(0, proposal.answer.start - proposal.hit.chunk.start)
    label = labels(proposal.hit)
    rarest = rarest_group(query)
    units = expected_units(query) if proposal.kind == "figure" else ()
    counted = counted_group(query) or _counted_after_ask(query)
    s0 = body.find(sentence)
    around = body[sentence_before(body, s0) : s0 + len(sentence)] + label if s0 >= 0 else sentence + label
    near = get_settings().reader_near
    ahead, behind = _around_ask(query)
    before = body[max(0, at - near[0]) : at]
    return {
        "near_coverage": group_coverage(query, before + value + body[at + len(value) : at + len(value) + near[1]]),
        "end_state": float(bool(_END_STATE.search(before))),
        # The question's words before its question word stand before the value, those after it
        # after the value ("与[哪个部门]建立了…诉讼协作机制" / "与[省检察院]建立…诉讼协作机制").
        "before_slot": _share(query, ahead, body[max(0, at - near[3]) : at]),
        "after_slot": _share(query, behind, body[at + len(value) : at + len(value) + near[3]]),
        "literal": _literal(query, sentence),
        "literal_clause": _literal(query, clause),
        "sentence_coverage": group_coverage(query, sentence + label),
        "clause_coverage": group_coverage(query, clause),
        "rarest": _signed(
            rarest is not None, bool(rarest) and stands_with(rarest or [], sentence + label, clause, query)
        ),
        "focus_clause": float(any(t in clause for t in query.focus)),
        "focus_sentence": float(any(t in sentence for t in query.focus)),
        "unit": _signed(bool(units), has_unit(value, units)),
        "unit_sentence": _signed(bool(units), has_unit(sentence, units)),
        "focus_adjacent": float(any(t in before[-(len(t) + near[2]) :] for t in query.focus)),
        "counted": _signed(
            bool(counted) and proposal.kind == "figure",
            any(t in around for t in counted) or has_unit(value, counted_units(query)),
        ),
        # The counted noun right after the figure ("61项整改任务", not "6个方面" before it).
        "counted_after": _signed(
            bool(counted) and proposal.kind == "figure",
            any(t in body[at + len(value) : at + len(value) + near[2] + len(t)] for t in counted),
        ),
        "structure": float(proposal.kind == "figure" and is_structure(value)),
        "in_question": float(len(value) >= 2 and value in query.folded),
        "length": math.log1p(len(value)) / 4,
        "sentence_share": len(value) / max(len(sentence), 1),
        # What the sentence's structure binds the value to: a change's two levels, a series read
        # respectively, labelled 、-items.
        **bindings(query, body, at),
    }


# "完成了多少项整改任务": the noun a Chinese question counts stands after its question word.
_COUNTED_ZH = re.compile(r"(?:多少|几)[个项件家人座条处名起批次]?([\u4e00-\u9fff]{2,4})")


def _counted_after_ask(query: Query) -> list[str]:
    m = _COUNTED_ZH.search(query.folded) if query.lang != "en" else None
    if m is None:
        return []
    noun = m.group(1)
    return [g[0] for g in content_groups(query) if g[0] in noun or noun.startswith(g[0])][:1]


def _around_ask(query: Query) -> tuple[list[list[str]], list[list[str]]]:
    """The question's term groups before and after its question word (Chinese questions only)."""
    ask = _ASK_WORD.search(query.folded)
    if query.lang == "en" or ask is None:
        return [], []
    groups = [g for g in content_groups(query) if query.folded.find(g[0]) >= 0]
    return (
        [g for g in groups if query.folded.find(g[0]) < ask.start()],
        [g for g in groups if query.folded.find(g[0]) >= ask.end()],
    )


def _share(query: Query, groups: list[list[str]], text: str) -> float:
    """The rarity-weighted share of these groups found in the text (0 when there are none)."""
    weights = [query.weights.get(g[0], 1.0) for g in groups]
    found = sum(w for g, w in zip(groups, weights, strict=True) if any(t in text for t in g))
    return found / sum(weights) if sum(weights) else 0.0


def _literal(query: Query, sentence: str) -> float:
    """+1 when the sentence repeats a date or figure the question states ("到5月16日", "the 3,411
    petitions"), −1 when the question states some and the sentence none, 0 when it states none."""
    stated = [m.group(0) for m in DATE.finditer(query.folded) if not YEAR.fullmatch(m.group(0).rstrip("年"))]
    stated += query.literals + [m.group(0) for m in NUMBER.finditer(query.folded)]
    return _signed(bool(stated), any(x in sentence for x in stated))


def _context_features(
    query: Query, proposal: Proposal, covered: Coverage, spans: tuple[str, str, str, str]
) -> dict[str, float]:
    """Agreement of the value's context (its sentence and paragraph, its report's title, lead and
    section) with the region, year, round and campaign the question names."""
    body, sentence, _, _ = spans
    chunk = proposal.hit.chunk
    s0 = max(body.find(sentence), 0)
    p0 = body.rfind("\n", 0, s0) + 1
    paragraph = body[p0 : s0 + len(sentence)]
    at = max(0, proposal.answer.start - chunk.start)
    about = labels(proposal.hit) + " " + covered.leads.get(chunk.doc, "")  # its report's title, section, lead
    context = paragraph + " " + about
    years_here = set(YEAR.findall(paragraph))
    asked_rounds = rounds_named(query.folded)
    section = folded(chunk.section_path)  # the nearest heading above the paragraph, before the title
    campaigns = [c for c, p in CAMPAIGNS.items() if p.search(query.folded)]
    regions = set(chunk.regions)
    places = set(get_gazetteer().places_in(sentence)) if query.places else set()
    return {
        # A city or county the question names, in the value's passage, its report's title or lead
        # (a county's own report names the county once, at its head).
        "place_passage": _signed(bool(query.places), _names_place(query.places, body + " " + about)),
        # A city or county the question names, in the value's sentence; or only others there.
        "place": (1.0 if places & set(query.places) else -1.0 if places else 0.0) if query.places else 0.0,
        # ...named before the value is said: in its paragraph up to its sentence, its section, its
        # report's title or lead. A figure whose paragraph names the city only after it ("全省累计交办
        # 1280件……其中芜湖市205件") is said of somewhere larger.
        "place_before": _signed(bool(query.places), _names_place(query.places, paragraph + " " + about)),
        "region": (1.0 if regions & set(query.regions) else -1.0) if query.regions else 0.0,
        "region_primary": float(bool(query.regions) and bool(chunk.regions) and chunk.regions[0] in query.regions),
        "year": _agreement(set(query.years), years_here),
        "year_label": _agreement(set(query.years), set(YEAR.findall(labels(proposal.hit)))),
        "value_year": _value_year(query, body[p0:at], body[min(s0, at) : at]),
        "year_sentence": float(bool(set(query.years) & set(YEAR.findall(sentence)))),
        "round": period_agreement(asked_rounds, [rounds_named(x) for x in (sentence, paragraph, section, about)])
        or -float(before_round(query.folded, _dated_by(proposal, body[p0:at], body[min(s0, at) : at]))),
        "campaign": _signed(bool(campaigns), any(CAMPAIGNS[c].search(context) for c in campaigns)),
    }


def _names_place(places: list[str], text: str) -> bool:
    gazetteer = get_gazetteer()
    return any(a in text for p in places for a in (p, *gazetteer.aliases_of(p)))


def _dated_by(proposal: Proposal, paragraph_before: str, sentence_before: str) -> str:
    """What dates a value: a date its own year, a figure the last year before it in its sentence,
    else in its paragraph."""
    value = folded(proposal.answer.answer)
    if proposal.kind == "date" and YEAR.search(value):
        return value
    return sentence_before if YEAR.search(sentence_before) else paragraph_before


def _value_year(query: Query, paragraph_before: str, sentence_before: str) -> float:
    """The year a value is given for: the last year named before it in its sentence, else in its
    paragraph ("2023年太湖湖体总磷浓度0.052毫克/升" is 2023's, whatever year the report is dated)."""
    before = YEAR.findall(sentence_before) or YEAR.findall(paragraph_before)
    if not query.years or not before:
        return 0.0
    return 1.0 if before[-1] in query.years else -1.0


def _agreement(asked: set, here: set, same_kind: bool = False) -> float:  # type: ignore[type-arg]
    """+1 when the context names what the question names, −1 when it names only others of that
    kind, 0 when the question names none or the context is silent."""
    if not asked:
        return 0.0
    if asked & here:
        return 1.0
    if same_kind:
        here = {h for h in here if any(h[0] == a[0] for a in asked)}
    return -1.0 if here else 0.0


def period_agreement(asked: set[tuple[str, int]], scopes: list[set[tuple[str, int]]]) -> float:
    """Agreement of rounds and batches, each kind on its own, read in the nearest of the value's
    `scopes` (its sentence, its paragraph, its section, its report's title and lead) that names one of that
    kind: a context of the asked round but of another batch is of another period, −1. A batch is
    read from the sentence on, as reports list batches one after another ("第二批29件…第六批91件").
    A round is read from the paragraph on, as a sentence often names another round as its subject
    ("the second round's report judged the first round's rectification"); a paragraph looking back
    at the first round is of that round, whatever round its report's title names."""
    kinds = []
    for kind in {a[0] for a in asked}:
        reach = scopes if kind == "批" else scopes[1:]
        own = next((named for scope in reach if (named := {h for h in scope if h[0] == kind})), set())
        kinds.append(_agreement({a for a in asked if a[0] == kind}, own, same_kind=True))
    return -1.0 if -1.0 in kinds else max(kinds, default=0.0)


def _signed(applies: bool, holds: bool) -> float:
    """+1 or −1 for a check that applies to this question, 0 when it does not."""
    return (1.0 if holds else -1.0) if applies else 0.0
