"""The genre's extraction rules: how a value of each kind is cut from a sentence.

A sentence that enumerates gives a list, a numbered heading series gives a list cited item by
item, a quoted name answers "what is it called", a run of figures answers "how many of each",
a name pattern reads back over a leading verb. These are facts of how the reports are written;
which candidate answers the question is for the scored reader to say (`reader.score`).
"""

from __future__ import annotations

import re

from common.settings import get_settings
from common.types import Chunk
from retriever.query.dates import DATE
from retriever.query.focus import MEASURE_NOUNS, ROUND
from retriever.query.intent import content_groups
from retriever.query.parse import Query
from retriever.reader.lists import best_list, count_asked, list_bonus
from retriever.reader.located import Answer, conclusion, labels, ranked_values
from retriever.reader.values import (
    CLAUSE,
    NUMBER,
    PART_CREDIT,
    QUOTED,
    SENTENCE,
    TITLE,
    Candidate,
    credit,
    enclosing,
    folded,
    group_coverage,
)
from retriever.search.headings import common_trimmed, heading_item
from retriever.search.hits import Coverage, Hit


def best_sentences(query: Query, hits: list[Hit], intent: str, n: int) -> list[tuple[Candidate, Hit]]:
    """For facts and lists: the `n` sentences of the top passages holding most of the question's
    term groups (for a list, ones that enumerate, as many items as asked), best first."""
    found: list[tuple[Candidate, Hit]] = []
    for rank, hit in enumerate(hits[:3]):
        for m in SENTENCE.finditer(folded(hit.chunk.text)):
            score = group_coverage(query, m.group(0)) - 0.15 * rank
            if intent == "list":
                score += list_bonus(m.group(0), query)
            found.append((Candidate(m.group(0), rank, m.start(), m.end(), score), hit))
    return sorted(found, key=lambda f: -f[0].score)[:n]


# A name pattern reads back over the verb before it: "开展瓯江水生态健康评估" names 瓯江.
_LEADING_VERB = re.compile(
    r"^(?:开展|推进|实施|加强|完成|治理|保护|整治|推动|建设|委托|邀请|会同|对|在|将|把|由|与|同|和)"
)


def without_leading_verb(best: tuple[Candidate, Hit] | None) -> tuple[Candidate, Hit] | None:
    if best is None:
        return None
    cand, hit = best
    verb = _LEADING_VERB.match(cand.value)
    if not verb or len(cand.value) - verb.end() < 2:
        return best
    start = cand.start + verb.end()
    return Candidate(cand.value[verb.end() :], cand.index, start, cand.end, cand.score), hit


def heading_list(query: Query, pool: list[Hit], covered: Coverage) -> Answer | None:
    """A list written as numbered headings ("一是健全…。二是健全…"): a series of as many headings as
    the question asks for, holding more of its terms than any sentence that enumerates; each item
    cited."""
    count = count_asked(query)
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


def sentence_before(body: str, start: int) -> int:
    """Where the sentence before the one starting at `start` begins (`start` for the first)."""
    return enclosing(SENTENCE, body, start - 1)[0] if start > 0 else start


def quoted_name(query: Query, pool: list[Hit]) -> tuple[Candidate, Hit] | None:
    """For "what is it called / what does it apply": a quoted name (“一票否优”) in a sentence that
    holds most of the question's terms."""
    for cand, hit in ranked_values(query, pool, QUOTED):
        body = folded(hit.chunk.text)
        s0, s1 = enclosing(SENTENCE, body, cand.start)
        # The sentence with the one before it ("四是强化督导，跟踪督办落实。" heads the sentence it names).
        context = body[sentence_before(body, s0) : s1] + labels(hit)
        if cand.value.strip("“”") in query.folded or group_coverage(query, context) < get_settings().quote_coverage:
            continue  # the question's own words, or a sentence about something else
        beside = body[max(s0, cand.start - 4) : cand.start] + body[cand.end : min(s1, cand.end + 4)]
        if any(t in beside for g in content_groups(query) for t in g):
            return cand, hit  # "实行“清单制+责任制+销号制”", "“建账、督账、清账”机制"
    return None


# "分几个方面、几类", "how many aspects and tasks": several figures asked at once.
_SEVERAL = re.compile(r"(?:几|多少).*(?:几|多少)|\bhow many \w+(?: \w+)? and \w+")
# Between two figures of one run: the counted noun, then at most a joining mark ("4个方面16类50个问题").
_RUN_GAP = re.compile(r"[\u4e00-\u9fff]{0,4}[、和及与]?")


def asks_several(query: Query) -> bool:
    return bool(_SEVERAL.search(query.folded))


def figure_run(cand: Candidate, body: str) -> Candidate:
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


def stands_with(group: list[str], sentence: str, clause: str, query: Query) -> bool:
    """The term is in the sentence, or a compound of it is spelled apart around the figure
    ("指出的问题" in "报告指出的4个方面16类50个问题")."""
    return any(t in sentence for t in group) or credit(group, clause, query.terms) >= PART_CREDIT


def rarest_group(query: Query) -> list[str] | None:
    """The question's most distinctive term (highest IDF): a figure that is the answer stands with it."""
    groups = [
        g
        for g in content_groups(query)
        if query.weights.get(g[0], 0.0) >= get_settings().distinctive_idf
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


def list_or_clause(sentence: str, query: Query, intent: str) -> str:
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
