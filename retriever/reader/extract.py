"""Extract the exact value a question asks for from the retrieved passages, or abstain.

Rules, not a language model: the question's intent (a number, a date, a title, a
list, a name, a comparison) picks a candidate pattern; candidates are scored by how
close they sit to the question's terms inside one clause, by the unit the question
implies, and by the rank of their passage. The reports not saying it (a region or
year they do not cover, terms they do not contain) is an answer too: "not found".
Comparisons, sums and lists of regions are answered in parts (`retriever.parts`).
"""

from __future__ import annotations

import re

from common.types import Chunk
from retriever.headings import common_trimmed, heading_item
from retriever.lists import asked_count, best_list, list_bonus
from retriever.located import (
    NOT_FOUND,
    Answer,
    best_value,
    conclusion,
    holds,
    in_region,
    labels,
    locate,
    ranked_values,
)
from retriever.parts import REGION_LIST_DEPTH, asks_each, asks_regions, asks_sum, compare, each_region, region_list
from retriever.query import MEASURE_NOUNS, ROUND, YEAR, Query, counted_group
from retriever.search import Coverage, Hit
from retriever.slots import aligned_slot
from retriever.values import (
    ASKS_NAME,
    CLAUSE,
    DATE,
    NUMBER,
    ORDINAL,
    PART_CREDIT,
    QUOTED,
    SENTENCE,
    TITLE,
    VALUE_PATTERNS,
    Candidate,
    content_groups,
    counted_units,
    credit,
    enclosing,
    expected_units,
    folded,
    group_coverage,
    has_unit,
    intent_of,
    name_target,
    ordinal_pattern,
)

# A proper place name by its ending: 洱海, 滇池, 抚仙湖, 龙泉市 (a common word like 类别 is not).
NAMED_PLACE = re.compile(r"[\u4e00-\u9fff]{1,4}(?:湖|海|河|江|池|山|岛|湾|县|市|镇|乡|村|州|水库)")
ANSWER_DEPTH = 5  # the top passages the answerer reads (per part of a comparison)
MIN_SENTENCE_COVERAGE = 0.34  # a figure's sentence must hold this share of the question's terms
QUOTE_COVERAGE = 0.5  # a quoted name answers only from a sentence holding half the question's terms
NUMBER_TRIES = 3  # the best-placed figures tried, in turn, against the question's terms
DISTINCTIVE_IDF = 2.5  # in under a tenth of the passages: a term worth insisting on


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


def _described(hit: Hit) -> str:
    return folded(hit.chunk.text) + labels(hit)


def abstain_reason(query: Query, hits: list[Hit], covered: Coverage, min_coverage: float) -> str | None:
    """Why the reports cannot answer this, or None when they may."""
    if not hits:
        return "nothing indexed matches"
    missing = [r for r in query.regions if r not in covered.regions]
    if missing:
        return f"the reports do not cover {', '.join(missing)}"
    # "云南 洱海 2022年": a lake, river or county the question names that no passage mentions.
    unseen = [p for p in query.places if p not in covered.places] + [
        t for t in query.absent if NAMED_PLACE.fullmatch(t)
    ]
    if unseen:
        return f"the reports do not mention {', '.join(unseen)}"
    top = in_region(query, hits)[:3]
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
    rounds = [g for g in query.groups if all(ROUND.fullmatch(t) for t in g)]
    if found.abstained or not rounds:
        return []
    parts = found.parts or [found]
    titled = [labels(h) for h in hits for p in parts if holds(h.chunk, p)]
    leads = [covered.leads.get(p.doc, "") for p in parts]
    said = folded(" ".join(p.sentence for p in parts)) + " ".join(titled + leads)
    return [g[0] for g in rounds if not any(t in said for t in g)]


def _answer(query: Query, hits: list[Hit], covered: Coverage, min_coverage: float) -> Answer:
    intent = intent_of(query)
    reason = abstain_reason(query, hits, covered, min_coverage)
    if reason:
        return Answer(answer=NOT_FOUND, abstained=True, sentence=reason, intent=intent)
    if asks_regions(query):
        listed = region_list(query, hits)
        if listed is not None:
            return listed
    if query.parts and (intent == "compare" or asks_sum(query)):
        return compare(query, hits)
    if asks_each(query):
        return each_region(query, hits, lambda part, own: _answer(part, own, covered, min_coverage))
    pool = in_region(query, hits)[:4]  # in rank order: an overview passage keeps its place
    if intent == "number":
        return _number_answer(query, pool)
    best = None
    if intent in VALUE_PATTERNS:
        best = best_value(query, pool, VALUE_PATTERNS[intent])
    elif intent == "ordinal":
        best = best_value(query, pool, ordinal_pattern(query)) or best_value(query, pool, ORDINAL)
    elif (target := name_target(query)) is not None:
        # The sentence that says it word for word, around the asked slot, names it most exactly:
        # "处置完成[辽宁牧昌公司]积存危险废物和辽宁华电铁岭发电公司…".
        best = aligned_slot(query, pool) or _without_leading_verb(best_value(query, pool, target))
    else:
        if intent == "fact" and ASKS_NAME.search(query.folded):
            best = _quoted_name(query, pool)
        if best is None and intent in ("fact", "who"):  # (a name target has tried the alignment already)
            best = aligned_slot(query, pool)
    if intent == "list" and (listed := _heading_list(query, pool, covered)) is not None:
        return listed
    whole_sentence = best is None
    if whole_sentence:
        best = _best_sentence(query, pool, intent)
    if best is None:
        return Answer(answer=NOT_FOUND, abstained=True, sentence="no passage holds the question's terms", intent=intent)
    result = locate(*best)
    result.intent = intent
    if whole_sentence:
        result.answer = _list_or_clause(result.sentence, query, intent)
    return result


def answer_depth(query: Query) -> int:
    """How many of the top passages the answerer reads."""
    if asks_regions(query):
        return REGION_LIST_DEPTH
    return ANSWER_DEPTH * max(1, len(query.parts))


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
    return conclusion("、".join(items), "；".join(p.sentence for p in parts), parts, "list")


def _enumerating_coverage(query: Query, pool: list[Hit]) -> float:
    """The best share of the question's terms in a sentence that enumerates items or titles."""
    best = 0.0
    for hit in pool:
        for m in SENTENCE.finditer(folded(hit.chunk.text)):
            if len(best_list(m.group(0), query) or []) >= 2 or len(TITLE.findall(m.group(0))) >= 2:
                best = max(best, group_coverage(query, m.group(0) + labels(hit)))
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


def _sentence_before(body: str, start: int) -> int:
    """Where the sentence before the one starting at `start` begins (`start` for the first)."""
    return enclosing(SENTENCE, body, start - 1)[0] if start > 0 else start


def _quoted_name(query: Query, pool: list[Hit]) -> tuple[Candidate, Hit] | None:
    """For "what is it called / what does it apply": a quoted name (“一票否优”) in a sentence that
    holds most of the question's terms."""
    for cand, hit in ranked_values(query, pool, QUOTED):
        body = folded(hit.chunk.text)
        s0, s1 = enclosing(SENTENCE, body, cand.start)
        # The sentence with the one before it ("四是强化督导，跟踪督办落实。" heads the sentence it names).
        context = body[_sentence_before(body, s0) : s1] + labels(hit)
        if cand.value.strip("“”") in query.folded or group_coverage(query, context) < QUOTE_COVERAGE:
            continue  # the question's own words, or a sentence about something else
        beside = body[max(s0, cand.start - 4) : cand.start] + body[cand.end : min(s1, cand.end + 4)]
        if any(t in beside for g in content_groups(query) for t in g):
            return cand, hit  # "实行“清单制+责任制+销号制”", "“建账、督账、清账”机制"
    return None


def _number_answer(query: Query, pool: list[Hit]) -> Answer:
    """A figure: the best-placed number that stands with the question's terms. When the best fails
    that test, the next in the asked unit may pass ("PM10浓度77微克" after "PM2.5浓度45微克" for a PM10
    question); when none does, the reports do not give the figure."""
    units = expected_units(query)
    ranked = ranked_values(query, pool, NUMBER, units)
    if not ranked:
        return Answer(answer=NOT_FOUND, abstained=True, sentence="the passages give no such figure", intent="number")
    if units and not has_unit(ranked[0][0].value, units):
        return Answer(
            answer=NOT_FOUND,
            abstained=True,
            sentence=f"the passages give no figure in {'/'.join(units)}",
            intent="number",
        )
    reasons = []
    for cand, hit in ranked[:NUMBER_TRIES]:
        if units and not has_unit(cand.value, units):
            continue
        reason = _figure_unfit(query, cand, hit)
        if reason is None:
            body = folded(hit.chunk.text)
            best = (_figure_run(cand, body), hit) if _asks_several(query) else (cand, hit)
            result = locate(*best)
            result.intent = "number"
            return result
        reasons.append(reason)
    return Answer(answer=NOT_FOUND, abstained=True, sentence=reasons[0], intent="number")


def _figure_unfit(query: Query, cand: Candidate, hit: Hit) -> str | None:
    """Why this figure does not answer the question, or None: its sentence must hold the
    question's terms, its most distinctive term and the noun it counts."""
    body = folded(hit.chunk.text)
    s0, s1 = enclosing(SENTENCE, body, cand.start)
    sentence = body[s0:s1]
    if group_coverage(query, sentence) < MIN_SENTENCE_COVERAGE and not any(t in sentence for t in query.focus):
        return "no figure stands next to the question's terms"
    rarest = _rarest_group(query)
    clause = body[slice(*enclosing(CLAUSE, body, cand.start))]
    if rarest and not _stands_with(rarest, sentence + labels(hit), clause, query):
        return f"no figure stands next to {rarest[0]}"
    if query.years:
        # "2021年全省PM2.5浓度45微克…。河南省160个国控水质断面中…占80%": a paragraph's year dates the
        # figures after it, so another year's figure does not answer for the asked one.
        dated = YEAR.findall(body[body.rfind("\n", 0, cand.start) + 1 : s1])
        report_year = any(y in labels(hit) for y in query.years)  # "青海2021年报告里" names the report
        if dated and not set(dated) & set(query.years) and not report_year:
            return f"the figure is given for {dated[-1]}, not {query.years[0]}"
    counted = counted_group(query)
    around = body[_sentence_before(body, s0) : s1] + labels(hit)
    if counted and not any(t in around for t in counted) and not has_unit(cand.value, counted_units(query)):
        # "How many of the complaints … were closed": 办结46件 of compensation cases does not say.
        return f"the figure does not count {counted[0]}"
    return None


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
        and not ROUND.fullmatch(g[0])  # as does the round or batch, named once in the report's lead
    ]
    if len(content_groups(query)) < 2 or not groups:
        return None
    return max(groups, key=lambda g: query.weights[g[0]])


# Two or more quoted names in a row, joined by nothing or 、.
_QUOTED_RUN = re.compile(rf"(?:{QUOTED.pattern}、?){{2,}}")


def _list_or_clause(sentence: str, query: Query, intent: str) -> str:
    """A list answer: the titles in 《》 or the run of items the sentence enumerates, joined by 、;
    a fact answer: the clause holding most of the question's terms (never the whole paragraph)."""
    if intent == "list":
        titles = TITLE.findall(sentence)
        if len(titles) >= 2:
            return "、".join(t.strip("《》") for t in titles)
        quoted = _QUOTED_RUN.search(sentence)
        if quoted:  # "推出“重拳治污筑牢绿色防线”“我的家乡最青绿”等专题专栏": named items, in quotes
            return "、".join(q.strip("“”") for q in QUOTED.findall(quoted.group(0)))
        items = best_list(sentence, query)
        if items:
            return "、".join(items)
    clauses = [c.strip() for c in CLAUSE.findall(sentence) if c.strip()]
    if not clauses:
        return sentence
    return max(clauses, key=lambda c: group_coverage(query, folded(c)))
