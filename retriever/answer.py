"""Extract the exact value a question asks for from the retrieved passages, or abstain.

Rules, not a language model: the question's intent (a number, a date, a title, a
list, a name, a comparison) picks a candidate pattern; candidates are scored by how
close they sit to the question's terms inside one clause, by the unit the question
implies, and by the rank of their passage. The reports not saying it (a region or
year they do not cover, terms they do not contain) is an answer too: "not found".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from common.types import Chunk
from ingest import fold_with_map, get_gazetteer
from retriever.headings import common_trimmed, heading_item
from retriever.lists import asked_count, best_list, list_bonus
from retriever.query import MEASURE_NOUNS, Query, counted_group
from retriever.search import Coverage, Hit
from retriever.values import (
    ASKS_NAME,
    CLAUSE,
    DATE,
    EARLIER,
    NUMBER,
    ORDINAL,
    PART_CREDIT,
    QUOTED,
    SENTENCE,
    TITLE,
    VALUE_PATTERNS,
    Candidate,
    asks_change,
    content_groups,
    credit,
    enclosing,
    expected_units,
    folded,
    group_coverage,
    has_unit,
    intent_of,
    is_change,
    name_target,
    ordinal_pattern,
    unit_of,
    value_candidates,
)

NOT_FOUND = "not found in the reports"
ANSWER_DEPTH = 5  # the top passages the answerer reads (per part of a comparison)
MIN_SENTENCE_COVERAGE = 0.34  # a figure's sentence must hold this share of the question's terms
RANK_PENALTY = 0.35  # a candidate in a lower-ranked passage needs to sit this much closer to the terms
QUOTE_COVERAGE = 0.5  # a quoted name answers only from a sentence holding half the question's terms
DISTINCTIVE_IDF = 2.5  # in under a tenth of the passages: a term worth insisting on


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
    head = given[0]
    return Answer(
        answer="；".join(p.answer for p in parts),
        abstained=False,
        sentence="；".join(p.sentence for p in given),
        doc=head.doc,
        start=head.start,
        end=head.end,
        sentence_start=head.sentence_start,
        sentence_end=head.sentence_end,
        intent="multi",
        parts=parts,
    )


def _in_region(query: Query, hits: list[Hit]) -> list[Hit]:
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


def _ranked_values(
    query: Query, hits: list[Hit], pattern: re.Pattern[str], units: tuple[str, ...] = ()
) -> list[tuple[Candidate, Hit]]:
    """Values of the asked kind in the passages, best first."""
    found = value_candidates(query, [h.chunk.text for h in hits], pattern, units)
    if not asks_change(query):
        found = [c for c in found if not is_change(folded(hits[c.index].chunk.text), c.start)]
    kept = []
    for cand in found:
        body = folded(hits[cand.index].chunk.text)
        fit = _region_fit(query, hits[cand.index], body, enclosing(SENTENCE, body, cand.start))
        if fit is None:
            continue
        cand.score += fit - RANK_PENALTY * cand.index
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


def _best_value(
    query: Query, hits: list[Hit], pattern: re.Pattern[str], units: tuple[str, ...] = ()
) -> tuple[Candidate, Hit] | None:
    found = _ranked_values(query, hits, pattern, units)
    return found[0] if found else None


def _best_sentence(query: Query, hits: list[Hit], intent: str) -> tuple[Candidate, Hit] | None:
    """For facts and lists: the sentence holding most of the question's term groups (for a list,
    one that enumerates, as many items as asked)."""
    best: tuple[Candidate, Hit] | None = None
    for rank, hit in enumerate(hits[:3]):
        for m in SENTENCE.finditer(folded(hit.chunk.text)):
            score = group_coverage(query, m.group(0)) - 0.15 * rank
            if intent == "list":
                score += list_bonus(m.group(0), query)
            if best is None or score > best[0].score:
                best = (Candidate(m.group(0), rank, m.start(), m.end(), score), hit)
    return best


def _locate(cand: Candidate, hit: Hit) -> Answer:
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


def _labels(hit: Hit) -> str:
    """What a passage is labelled with besides its text: its report's title and date, its section
    path ("Qinghai's 2021 report" is answered by a passage of the report dated 2021)."""
    chunk = hit.chunk
    return folded(f"{chunk.title} {chunk.date or ''} {chunk.section_path}")


def _described(hit: Hit) -> str:
    return folded(hit.chunk.text) + _labels(hit)


# "第三轮", "第二批", or "第三" alone where English said "the third batch of the second round".
_ROUND = re.compile(r"第[一二三四五六七八九十\d]+(?:轮|批)?")


def abstain_reason(query: Query, hits: list[Hit], covered: Coverage, min_coverage: float) -> str | None:
    """Why the reports cannot answer this, or None when they may."""
    if not hits:
        return "nothing indexed matches"
    missing = [r for r in query.regions if r not in covered.regions]
    if missing:
        return f"the reports do not cover {', '.join(missing)}"
    unseen = [p for p in query.places if p not in covered.places]
    if unseen:
        return f"the reports do not mention {', '.join(unseen)}"
    top = _in_region(query, hits)[:3]
    text = "".join(_described(h) for h in top)
    if query.years and not any(y in text for y in query.years):
        return f"the passages do not mention {', '.join(query.years)}"
    if group_coverage(query, text) < min_coverage:
        return "the passages do not contain the question's terms"
    return None


def answer(query: Query, hits: list[Hit], covered: Coverage, min_coverage: float) -> Answer:
    """The short answer with its source offsets, or an abstention."""
    found = _answer(query, hits, covered, min_coverage)
    unsaid = _unsaid_rounds(query, found, hits, covered)
    if unsaid:
        reason = f"the passages do not mention {', '.join(unsaid)}"
        return Answer(answer=NOT_FOUND, abstained=True, sentence=reason, intent=found.intent)
    return found


def _unsaid_rounds(query: Query, found: Answer, hits: list[Hit], covered: Coverage) -> list[str]:
    """Like a year, the round or batch a question names ("第三轮") must be the one the answer's
    sentence, its report's title or lead reports: "第二轮第三批" does not answer for 第三轮."""
    rounds = [g for g in query.groups if all(_ROUND.fullmatch(t) for t in g)]
    if found.abstained or not rounds:
        return []
    parts = found.parts or [found]
    labels = [_labels(h) for h in hits for p in parts if _holds(h, p)]
    leads = [covered.leads.get(p.doc, "") for p in parts]
    said = folded(" ".join(p.sentence for p in parts)) + " ".join(labels + leads)
    return [g[0] for g in rounds if not any(t in said for t in g)]


def _holds(hit: Hit, part: Answer) -> bool:
    return hit.chunk.doc == part.doc and hit.chunk.start <= part.start < hit.chunk.end


def _answer(query: Query, hits: list[Hit], covered: Coverage, min_coverage: float) -> Answer:
    intent = intent_of(query)
    reason = abstain_reason(query, hits, covered, min_coverage)
    if reason:
        return Answer(answer=NOT_FOUND, abstained=True, sentence=reason, intent=intent)
    if asks_regions(query):
        listed = _region_list(query, hits)
        if listed is not None:
            return listed
    if query.parts and (intent == "compare" or _SUM.search(query.folded)):
        return _compare(query, hits)
    pool = _in_region(query, hits)[:4]  # in rank order: an overview passage keeps its place
    if intent == "number":
        return _number_answer(query, pool)
    best = None
    if intent in VALUE_PATTERNS:
        best = _best_value(query, pool, VALUE_PATTERNS[intent])
    elif intent == "ordinal":
        best = _best_value(query, pool, ordinal_pattern(query)) or _best_value(query, pool, ORDINAL)
    elif (target := name_target(query)) is not None:
        best = _best_value(query, pool, target)
        best = _without_leading_verb(best)
    elif intent == "fact" and ASKS_NAME.search(query.folded):
        best = _quoted_name(query, pool)
    if intent == "list" and (listed := _heading_list(query, pool, covered)) is not None:
        return listed
    whole_sentence = best is None
    if whole_sentence:
        best = _best_sentence(query, pool, intent)
    if best is None:
        return Answer(answer=NOT_FOUND, abstained=True, sentence="no passage holds the question's terms", intent=intent)
    result = _locate(*best)
    result.intent = intent
    if whole_sentence:
        result.answer = _list_or_clause(result.sentence, query, intent)
    return result


# "哪些省份…", "which provinces…": the answer is the regions whose own passages say it.
# (地区 asks for places inside a province: "哪些地区入选示范区" is answered by 盘锦市、桓仁县.)
_ASKS_REGIONS = re.compile(r"哪些(?:省份|省区|省|自治区)|哪几个省|\bwhich provinces\b")
_REGION_WORDS = {"省份", "省", "省区", "省(区)", "自治区", "区"}
REGION_LIST_DEPTH = 10  # passages read for a list of regions: one per region, eight in a compilation
LITERAL_COVERAGE = 0.5
REGION_COVERAGE = 0.9  # without a literal (a date, a figure), a region's sentence must hold nearly all terms


def asks_regions(query: Query) -> bool:
    return not query.regions and bool(_ASKS_REGIONS.search(query.folded))


def answer_depth(query: Query) -> int:
    """How many of the top passages the answerer reads."""
    if asks_regions(query):
        return REGION_LIST_DEPTH
    return ANSWER_DEPTH * max(1, len(query.parts))


def _region_list(query: Query, hits: list[Hit]) -> Answer | None:
    """The regions whose own passage has a sentence saying what is asked: the date the question
    spells out, else most of its terms. In the reports' order, each cited."""
    literals = [m.group(0) for m in DATE.finditer(query.folded) if "日" in m.group(0)] + query.literals
    literals += [m.group(0) for m in NUMBER.finditer(query.folded) if any(c.isdigit() for c in m.group(0))]
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
        part = _locate(*located)
        part.region = region
        parts.append(part)
    summary = "；".join(f"{p.region}: {p.sentence}" for p in parts)
    result = _conclusion("、".join(p.region for p in parts), summary, parts)
    result.intent = "list"
    return result


def _says(topic: Query, literals: list[str], sentence: str) -> bool:
    """The sentence holds the date or figure the question names and some of its terms, or nearly
    all its terms."""
    coverage = group_coverage(topic, sentence)
    if literals:
        return any(x in sentence for x in literals) and coverage >= LITERAL_COVERAGE
    return coverage >= REGION_COVERAGE


# A name pattern reads back over the verb before it: "开展瓯江水生态健康评估" names 瓯江.
_LEADING_VERB = re.compile(r"^(?:开展|推进|实施|加强|完成|治理|保护|整治|推动|建设|对|在|将|把)")


def _without_leading_verb(best: tuple[Candidate, Hit] | None) -> tuple[Candidate, Hit] | None:
    if best is None:
        return None
    cand, hit = best
    verb = _LEADING_VERB.match(cand.value)
    if not verb or len(cand.value) - verb.end() < 2:
        return best
    start = cand.start + verb.end()
    return Candidate(cand.value[verb.end() :], cand.index, start, cand.end, cand.score), hit


def _heading_list(query: Query, pool: list[Hit], covered: Coverage) -> Answer | None:
    """A list written as numbered headings ("一是健全…。二是健全…"): a series of as many headings as
    the question asks for, holding more of its terms than any sentence that enumerates; each item
    cited."""
    count = asked_count(query)
    if count is None:
        return None
    series = [covered.series.get(h.chunk.id, ()) for h in pool[:3]]
    every = {s[0].id: s for s in covered.series.values()}.values()
    series += [s for s in every if _in_regions(query, s)]
    fitting = [s for s in series if len(s) == count]
    if not fitting:
        return None
    best = max(fitting, key=lambda s: _heading_coverage(query, s))
    if _heading_coverage(query, best) <= _enumerating_coverage(query, pool[:3]):
        return None  # a sentence that enumerates says it better
    items = common_trimmed([heading_item(c.section[-1]) for c in best])
    parts = [_heading_part(item, chunk) for item, chunk in zip(items, best, strict=True)]
    result = _conclusion("、".join(items), "；".join(p.sentence for p in parts), parts)
    result.intent = "list"
    return result


def _enumerating_coverage(query: Query, pool: list[Hit]) -> float:
    """The best share of the question's terms in a sentence that enumerates items or titles."""
    best = 0.0
    for hit in pool:
        for m in SENTENCE.finditer(folded(hit.chunk.text)):
            if len(best_list(m.group(0), query) or []) >= 2 or len(TITLE.findall(m.group(0))) >= 2:
                best = max(best, group_coverage(query, m.group(0) + _labels(hit)))
    return best


def _in_regions(query: Query, series: tuple[Chunk, ...]) -> bool:
    return not query.regions or bool(set(series[0].regions) & set(query.regions))


def _heading_coverage(query: Query, series: tuple[Chunk, ...]) -> float:
    """Share of the question's terms in a series' headings (and its report's title)."""
    return group_coverage(query, folded(" ".join(c.section[-1] for c in series) + series[0].title))


def _heading_part(item: str, chunk: Chunk) -> Answer:
    """One item of a heading list, located in its passage (the heading opens it)."""
    heading = chunk.section[-1]
    at = max(chunk.text.find(heading), 0)
    offset = chunk.text.find(item, at)
    start = chunk.start + (offset if offset >= 0 else at)
    end = start + (len(item) if offset >= 0 else len(heading))
    head = chunk.start + at
    return Answer(
        answer=item,
        abstained=False,
        sentence=heading,
        doc=chunk.doc,
        start=start,
        end=end,
        sentence_start=head,
        sentence_end=head + len(heading),
        intent="list",
    )


def _quoted_name(query: Query, pool: list[Hit]) -> tuple[Candidate, Hit] | None:
    """For "what is it called / what does it apply": a quoted name (“一票否优”) in a sentence that
    holds most of the question's terms."""
    for cand, hit in _ranked_values(query, pool, QUOTED):
        body = folded(hit.chunk.text)
        s0, s1 = enclosing(SENTENCE, body, cand.start)
        # The sentence with the one before it ("四是强化督导，跟踪督办落实。" heads the sentence it names).
        p0 = enclosing(SENTENCE, body, s0 - 1)[0] if s0 > 0 else s0
        context = body[p0:s1] + _labels(hit)
        if cand.value.strip("“”") in query.folded or group_coverage(query, context) < QUOTE_COVERAGE:
            continue  # the question's own words, or a sentence about something else
        beside = body[max(s0, cand.start - 4) : cand.start] + body[cand.end : min(s1, cand.end + 4)]
        if any(t in beside for g in content_groups(query) for t in g):
            return cand, hit  # "实行“清单制+责任制+销号制”", "“建账、督账、清账”机制"
    return None


def _number_answer(query: Query, pool: list[Hit]) -> Answer:
    """A figure: the best-placed number; when the question implies a unit no passage pairs with the
    asked terms, the reports do not give that figure."""
    units = expected_units(query)
    best = _best_value(query, pool, NUMBER, units)
    if best is None:
        return Answer(answer=NOT_FOUND, abstained=True, sentence="the passages give no such figure", intent="number")
    if units and not has_unit(best[0].value, units):
        return Answer(
            answer=NOT_FOUND,
            abstained=True,
            sentence=f"the passages give no figure in {'/'.join(units)}",
            intent="number",
        )
    hit = pool[best[0].index]
    body = folded(hit.chunk.text)
    s0, s1 = enclosing(SENTENCE, body, best[0].start)
    sentence = body[s0:s1]
    if group_coverage(query, sentence) < MIN_SENTENCE_COVERAGE and not any(t in sentence for t in query.focus):
        reason = "no figure stands next to the question's terms"
        return Answer(answer=NOT_FOUND, abstained=True, sentence=reason, intent="number")
    rarest = _rarest_group(query)
    clause = body[slice(*enclosing(CLAUSE, body, best[0].start))]
    if rarest and not _stands_with(rarest, sentence + _labels(hit), clause, query):
        reason = f"no figure stands next to {rarest[0]}"
        return Answer(answer=NOT_FOUND, abstained=True, sentence=reason, intent="number")
    counted = counted_group(query)
    around = body[enclosing(SENTENCE, body, s0 - 1)[0] if s0 > 0 else s0 : s1] + _labels(hit)
    if counted and not any(t in around for t in counted):
        # "How many of the complaints … were closed": 办结46件 of compensation cases does not say.
        reason = f"the figure does not count {counted[0]}"
        return Answer(answer=NOT_FOUND, abstained=True, sentence=reason, intent="number")
    if _asks_several(query):
        best = (_figure_run(best[0], body), best[1])
    result = _locate(*best)
    result.intent = "number"
    return result


# "分几个方面、几类", "how many aspects and tasks": several figures asked at once.
_SEVERAL = re.compile(r"(?:几|多少).*(?:几|多少)|\bhow many \w+(?: \w+)? and \w+")
# Between two figures of one run: the counted noun, then at most a joining mark ("4个方面16类50个问题").
_RUN_GAP = re.compile(r"[\u4e00-\u9fff]{0,4}[、和及与]?")


def _asks_several(query: Query) -> bool:
    return bool(_SEVERAL.search(query.folded))


def _figure_run(cand: Candidate, body: str) -> Candidate:
    """The run of figures the best one stands in, each with its counted noun."""
    figures = [m for m in NUMBER.finditer(body) if m.group(0)[-1:] not in "年月日"]
    start, end = cand.start, cand.end
    for m in figures:  # forwards from the best figure
        if m.start() >= end and _RUN_GAP.fullmatch(body, end, m.start()):
            end = m.end()
    for m in reversed(figures):  # and backwards
        if m.end() <= start and _RUN_GAP.fullmatch(body, m.end(), start):
            start = m.start()
    tail = re.match(r"[\u4e00-\u9fff]{0,4}", body[end:])
    if end > cand.end and tail:
        end += len(tail.group(0))  # the last figure's counted noun: "50个问题"
    return Candidate(body[start:end], cand.index, start, end, cand.score)


def _stands_with(group: list[str], sentence: str, clause: str, query: Query) -> bool:
    """The term is in the sentence, or a compound of it is spelled apart around the figure
    ("指出的问题" in "报告指出的4个方面16类50个问题")."""
    return any(t in sentence for t in group) or credit(group, clause, query.terms) >= PART_CREDIT


def _rarest_group(query: Query) -> list[str] | None:
    """The question's most distinctive term (highest IDF): a figure that is the answer stands with it."""
    groups = [
        g
        for g in content_groups(query)
        if query.weights.get(g[0], 0.0) >= DISTINCTIVE_IDF
        and g[0] not in MEASURE_NOUNS
        and not g[0].rstrip("年").isdigit()  # a year is checked on its own, against the whole passage
        and not DATE.fullmatch(g[0])  # a date governs the sentences after it ("截至2023年1月底，…；…办结2970件")
        and not _ROUND.fullmatch(g[0])  # as does the round or batch, named once in the report's lead
    ]
    if len(content_groups(query)) < 2 or not groups:
        return None
    return max(groups, key=lambda g: query.weights[g[0]])


def _list_or_clause(sentence: str, query: Query, intent: str) -> str:
    """A list answer: the titles in 《》 or the run of items the sentence enumerates, joined by 、;
    a fact answer: the clause holding most of the question's terms (never the whole paragraph)."""
    if intent == "list":
        titles = TITLE.findall(sentence)
        if len(titles) >= 2:
            return "、".join(t.strip("《》") for t in titles)
        items = best_list(sentence, query)
        if items:
            return "、".join(items)
    clauses = [c.strip() for c in CLAUSE.findall(sentence) if c.strip()]
    if not clauses:
        return sentence
    return max(clauses, key=lambda c: group_coverage(query, folded(c)))


_SUM = re.compile(
    r"加起来|合计|共计|总共|一共|总和|\bcombined\b|\bin total\b|\baltogether\b|\bsum\b|\badd(?:ing|ed)?\b.*\btogether\b"
    r"|\badd(?:ing|ed)? up\b|\btaken together\b"
)
_HIGHER = re.compile(r"多|高|大|快|more|higher|larger|bigger|most|greater")


def _compare(query: Query, hits: list[Hit]) -> Answer:
    """Each part's value, then the conclusion: which region's figure is larger (or smaller, earlier),
    or, for "加起来 / combined", their sum."""
    intent = "date" if EARLIER.search(query.folded) and not _SUM.search(query.folded) else "number"
    parts, values = _part_values(query, hits, intent)
    if len(values) < 2:
        return Answer(
            answer=NOT_FOUND, abstained=True, sentence="a figure is missing for a part", intent="compare", parts=parts
        )
    if _SUM.search(query.folded):
        return _sum_answer(values, parts)
    if intent == "date" and any(v < 10000 for _, v in values):
        values = [(r, v % 10000) for r, v in values]  # a date without its year: compare month and day
    if intent == "date":
        winner = min(values, key=lambda v: v[1])
    elif _HIGHER.search(query.folded):
        winner = max(values, key=lambda v: v[1])
    else:
        winner = min(values, key=lambda v: v[1])
    summary = "；".join(f"{r}: {p.sentence}" for (r, _), p in zip(values, parts, strict=False))
    return _conclusion(winner[0], summary, parts)


def _part_values(query: Query, hits: list[Hit], intent: str) -> tuple[list[Answer], list[tuple[str, float]]]:
    """One value per part, all in one unit: "69座" is compared with "38座", not with "190亿元"."""
    units = expected_units(query) if intent == "number" else ()
    ranked = []
    for part in query.parts:
        own = [h for h in hits if part.regions[0] in h.chunk.regions][:4]
        ranked.append(_ranked_values(part, own, VALUE_PATTERNS[intent], units))
    kind = unit_of if intent == "number" else _date_precision
    shared = _shared_unit(ranked, kind, units)
    parts: list[Answer] = []
    values: list[tuple[str, float]] = []
    for part, found in zip(query.parts, ranked, strict=True):
        found = [f for f in found if shared is None or kind(f[0].value) == shared]
        if not found:
            continue
        located = _locate(*found[0])
        located.region = part.regions[0]
        parts.append(located)
        key = _sort_key(located.answer, intent)
        if key is not None:
            values.append((part.regions[0], key))
    return parts, values


def _date_precision(value: str) -> str:
    """Dates compare at the day when every part has one ("7月14日" vs "2021年7月15日")."""
    return "day" if "日" in value else ""


def _shared_unit(
    ranked: list[list[tuple[Candidate, Hit]]], kind: Callable[[str], str], units: tuple[str, ...] = ()
) -> str | None:
    """The unit (or date precision) every part has a candidate in: the first the question implies
    (petitions count in 件 before 个), else the one with the best summed score."""
    best: dict[str, list[float]] = {}
    for found in ranked:
        seen: dict[str, float] = {}
        for cand, _ in found:
            unit = kind(cand.value)
            if unit and unit not in seen:
                seen[unit] = cand.score
        for unit, score in seen.items():
            best.setdefault(unit, []).append(score)
    common = {u: sum(v) for u, v in best.items() if len(v) == len(ranked)}
    preferred = [u for u in units if u in common]
    if preferred:
        return preferred[0]
    return max(common, key=lambda u: common[u]) if common else None


def _conclusion(value: str, sentence: str, parts: list[Answer]) -> Answer:
    """A comparison's answer: the conclusion, cited at its first part's value."""
    head = parts[0]
    return Answer(
        answer=value,
        abstained=False,
        sentence=sentence,
        doc=head.doc,
        start=head.start,
        end=head.end,
        sentence_start=head.sentence_start,
        sentence_end=head.sentence_end,
        intent="compare",
        parts=parts,
    )


def _sum_answer(values: list[tuple[str, float]], parts: list[Answer]) -> Answer:
    """For "Hunan and Guangxi combined": the parts' figures added, in the unit they share."""
    units = {re.sub(r"^[^\d]*[\d.]+", "", p.answer) for p in parts}
    total = sum(v for _, v in values)
    unit = units.pop() if len(units) == 1 else ""
    shown = f"{total:g}{unit}" if not unit.startswith(("万", "亿")) else f"{total:g}"
    summary = " + ".join(f"{r} {p.answer}" for (r, _), p in zip(values, parts, strict=False))
    return _conclusion(shown, f"{summary} = {shown}", parts)


def _sort_key(value: str, intent: str) -> float | None:
    """A comparable number: the figure itself, or a date as yyyymmdd."""
    if intent == "date":
        m = re.search(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日", value)
        if not m:
            return None
        return float(int(m.group(1) or 0) * 10000 + int(m.group(2)) * 100 + int(m.group(3)))
    if not NUMBER.search(folded(value)):
        return None  # a figure without a unit (an index value) is not compared
    m = re.search(r"\d+(?:\.\d+)?", value)
    if not m:
        return None
    number = float(m.group(0))
    return number * (10000 if "万" in value else 1) * (1e8 if "亿" in value else 1)
