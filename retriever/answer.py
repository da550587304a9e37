"""Extract the exact value a question asks for from the retrieved passages, or abstain.

Rules, not a language model: the question's intent (a number, a date, a title, a
list, a name, a comparison) picks a candidate pattern; candidates are scored by how
close they sit to the question's terms inside one clause, by the unit the question
implies, and by the rank of their passage. The reports not saying it (a region or
year they do not cover, terms they do not contain) is an answer too: "not found".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest import fold_with_map
from retriever.query import Query
from retriever.search import Hit

NOT_FOUND = "not found in the reports"

# A number with its unit: the units these reports use, longest first.
_UNITS = (
    "个百分点|百分点|平方公里|平方米|立方米|万千瓦|千瓦时|万吨|万亩|万公顷|万平方米|万元|亿元|万人|"
    "mg/l|毫克/升|公顷|公里|千米|人次|个数|余家|余个|余件|余人|余项|"
    "%|件|个|项|人|家|座|处|条|吨|亩|米|元|次|天|倍|批|宗|起|所|辆|台|户|村|类|万|亿"
)
NUMBER = re.compile(rf"(?:近|约|超过|共)?\d+(?:\.\d+)?(?:{_UNITS})")
DATE = re.compile(
    r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:[至到-]\d{0,4}年?\d{1,2}月(?:\d{1,2}日)?)?(?:底|前|以来)?"
    r"|\d{1,2}月\d{1,2}日(?:[至到-]\d{1,2}月\d{1,2}日)?"
)
TITLE = re.compile(r"《[^《》]{2,60}》")
_CLAUSE = re.compile(r"[^，,。；;：:！？!?\n]+")
_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")

_INTENTS: list[tuple[str, re.Pattern[str]]] = [
    (
        "compare",
        re.compile(
            r"哪个.*(?:多|高|少|低|大|小|快)|更(?:多|高|少|低|大)|\bcompare"
            r"|\bwhich\b.*\b(?:more|higher|less|fewer|lower|larger|bigger|most|greater)\b"
        ),
    ),
    (
        "date",
        re.compile(
            r"何时|什么时候|哪一?年|哪一?天|几月|时间|日期|\bwhen\b|what (?:date|year|month|day)|which (?:year|date)|how long ago"
        ),
    ),
    (
        "number",
        re.compile(
            r"多少|几|多大|多高|多长|多久|比例|占比|比重|百分之|率|\bhow (?:many|much|long|large|big|high)\b"
            r"|percent|proportion|share|\brate\b|ratio|number of|amount|total|area|length|\bcount\b"
        ),
    ),
    (
        "title",
        re.compile(
            r"《|什么(?:方案|条例|办法|规划|意见|计划|文件|制度)|哪(?:个|部|项)(?:方案|条例|办法|规划|意见|计划|文件)|\b(?:plan|regulation|measures|document|law|rules|programme|program|title)\b"
        ),
    ),
    ("list", re.compile(r"哪些|有哪几|列出|包括什么|\bwhich\b.*s\b|\blist\b|\bwhat (?:are|were)\b")),
    ("who", re.compile(r"谁|由谁|哪位|\bwho\b|\bwhom\b")),
]
# Units a question implies: (pattern over the folded question, units that satisfy it).
_UNIT_HINTS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"比例|占比|率|百分|percent|proportion|share|rate|ratio|%"), ("%", "百分点", "个百分点")),
    (re.compile(r"信访|举报|投诉|案件|petition|complaint|case"), ("件", "个", "起", "宗")),
    (re.compile(r"问责|追责|人|accountab|people|person|official"), ("人", "人次", "名")),
    (re.compile(r"公顷|hectare"), ("公顷", "万公顷")),
    (re.compile(r"亩|\bmu\b"), ("亩", "万亩")),
    (re.compile(r"资金|投入|投资|元|fund|invest|yuan|money|spend|spent|budget"), ("亿元", "万元", "元")),
    (re.compile(r"公里|千米|km|kilomet"), ("公里", "千米")),
    (re.compile(r"天数|几天|多少天|days"), ("天",)),
    (re.compile(r"吨|tons?\b|tonnes?"), ("吨", "万吨")),
    (re.compile(r"任务|项|task|item"), ("项", "个")),
]


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


@dataclass
class Candidate:
    value: str
    hit: Hit
    start: int  # offsets in the chunk's folded text
    end: int
    score: float


def intent_of(query: Query) -> str:
    for name, pattern in _INTENTS:
        if pattern.search(query.folded):
            if name == "compare" and len(query.regions) < 2:
                continue
            return name
    return "fact"


def expected_units(query: Query) -> tuple[str, ...]:
    for pattern, units in _UNIT_HINTS:
        if pattern.search(query.folded):
            return units
    return ()


def _term_positions(folded: str, terms: list[str]) -> list[tuple[int, int, str]]:
    spans = []
    for term in terms:
        if len(term) < 2 and not term.isdigit():
            continue
        for m in re.finditer(re.escape(term), folded):
            spans.append((m.start(), m.end(), term))
    return spans


def _closeness(folded: str, start: int, end: int, terms: list[str]) -> float:
    """How well the question's terms surround a candidate: distinct terms in its clause, then its sentence."""
    sentence = _enclosing(_SENTENCE, folded, start)
    clause = _enclosing(_CLAUSE, folded, start)
    score = 0.0
    seen: set[str] = set()
    for a, b, term in _term_positions(folded, terms):
        if term in seen:
            continue
        weight = min(len(term), 4) / 4
        if clause[0] <= a and b <= clause[1]:
            score += 1.0 * weight
            seen.add(term)
        elif sentence[0] <= a and b <= sentence[1]:
            score += 0.4 * weight
            seen.add(term)
    # A term right before the value ("办结3177件") is the strongest sign it is the asked figure.
    before = folded[max(0, start - 6) : start]
    if any(t in before for t in terms if len(t) >= 2):
        score += 0.8
    return score


def _enclosing(pattern: re.Pattern[str], text: str, pos: int) -> tuple[int, int]:
    for m in pattern.finditer(text):
        if m.start() <= pos < m.end():
            return m.start(), m.end()
    return pos, pos


def _candidates(query: Query, hits: list[Hit], pattern: re.Pattern[str], units: tuple[str, ...]) -> list[Candidate]:
    out = []
    terms = [t for t in query.terms if t not in query.regions]
    for rank, hit in enumerate(hits):
        folded, _ = fold_with_map(hit.chunk.text)
        for m in pattern.finditer(folded):
            score = _closeness(folded, m.start(), m.end(), terms) - 0.35 * rank
            if units:
                score += 0.6 if m.group(0).endswith(units) else -0.4
            out.append(Candidate(m.group(0), hit, m.start(), m.end(), score))
    return sorted(out, key=lambda c: -c.score)


def _in_region(query: Query, hits: list[Hit]) -> list[Hit]:
    if not query.regions:
        return hits
    own = [h for h in hits if h.chunk.regions and h.chunk.regions[0] in query.regions]
    return own or hits


def _locate(cand: Candidate) -> Answer:
    """Map a candidate back to exact source offsets and its sentence."""
    chunk = cand.hit.chunk
    folded, index = fold_with_map(chunk.text)
    a = index[cand.start]
    b = index[cand.end - 1] + 1
    s0, s1 = _enclosing(_SENTENCE, folded, cand.start)
    sa, sb = index[s0], index[max(s0, s1 - 1)] + 1
    return Answer(
        answer=chunk.text[a:b],
        abstained=False,
        sentence=chunk.text[sa:sb].strip(),
        doc=chunk.doc,
        start=chunk.start + a,
        end=chunk.start + b,
        sentence_start=chunk.start + sa,
        sentence_end=chunk.start + sb,
    )


def _best_sentence(query: Query, hits: list[Hit]) -> Candidate | None:
    """For facts and lists: the clause with most of the question's terms."""
    best: Candidate | None = None
    terms = [t for t in query.terms if t not in query.regions]
    for rank, hit in enumerate(hits[:3]):
        folded, _ = fold_with_map(hit.chunk.text)
        for m in _SENTENCE.finditer(folded):
            score = sum(min(len(t), 4) / 4 for t in set(terms) if t in m.group(0)) - 0.35 * rank
            if best is None or score > best.score:
                best = Candidate(m.group(0), hit, m.start(), m.end(), score)
    return best


def abstain_reason(query: Query, hits: list[Hit], covered: set[str], min_coverage: float) -> str | None:
    """Why the reports cannot answer this, or None when they may."""
    if not hits:
        return "nothing indexed matches"
    missing = [r for r in query.regions if r not in covered]
    if missing:
        return f"the reports do not cover {', '.join(missing)}"
    top = _in_region(query, hits)[:3]
    text = "".join(fold_with_map(h.chunk.text)[0] for h in top)
    if query.years and not any(y in text for y in query.years):
        return f"the passages do not mention {', '.join(query.years)}"
    terms = [t for t in dict.fromkeys(query.terms) if t not in query.regions and len(t) >= 2]
    if terms:
        coverage = sum(1 for t in terms if t in text) / len(terms)
        if coverage < min_coverage:
            return "the passages do not contain the question's terms"
    return None


def answer(query: Query, hits: list[Hit], covered: set[str], min_coverage: float) -> Answer:
    """The short answer with its source offsets, or an abstention."""
    intent = intent_of(query)
    reason = abstain_reason(query, hits, covered, min_coverage)
    if reason:
        return Answer(answer=NOT_FOUND, abstained=True, sentence=reason, intent=intent)
    if intent == "compare" and query.parts:
        return _compare(query, hits)
    pool = _in_region(query, hits)[:3]
    cand: Candidate | None = None
    if intent in ("number", "date", "title"):
        pattern = {"number": NUMBER, "date": DATE, "title": TITLE}[intent]
        units = expected_units(query) if intent == "number" else ()
        found = _candidates(query, pool, pattern, units)
        cand = found[0] if found else None
    if cand is None:
        cand = _best_sentence(query, pool)
    if cand is None:
        return Answer(answer=NOT_FOUND, abstained=True, intent=intent)
    result = _locate(cand)
    result.intent = intent
    if intent not in ("number", "date", "title"):
        result.answer = _short_fact(result.sentence, query)
    return result


def _short_fact(sentence: str, query: Query) -> str:
    """A fact answer: the sentence's clause holding most question terms (never the whole paragraph)."""
    clauses = [c.strip() for c in _CLAUSE.findall(sentence) if c.strip()]
    if not clauses:
        return sentence
    terms = [t for t in query.terms if t not in query.regions]

    def overlap(c: str) -> float:
        folded = fold_with_map(c)[0]
        return sum(1 for t in terms if t in folded)

    return max(clauses, key=overlap)


_HIGHER = re.compile(r"多|高|大|快|more|higher|larger|bigger|most|greater")


def _compare(query: Query, hits: list[Hit]) -> Answer:
    """Each part's value, then the conclusion: which region's figure is larger (or smaller)."""
    parts: list[Answer] = []
    values: list[tuple[str, float]] = []
    units = expected_units(query)
    for part in query.parts:
        own = [h for h in hits if h.chunk.regions and h.chunk.regions[0] == part.regions[0]][:3]
        found = _candidates(part, own, NUMBER, units)
        if not found:
            continue
        located = _locate(found[0])
        parts.append(located)
        number = re.search(r"\d+(?:\.\d+)?", located.answer)
        if number:
            values.append((part.regions[0], float(number.group(0))))
    if len(values) < 2:
        return Answer(answer=NOT_FOUND, abstained=True, intent="compare", parts=parts)
    want_high = bool(_HIGHER.search(query.folded))
    winner = max(values, key=lambda v: v[1]) if want_high else min(values, key=lambda v: v[1])
    summary = "；".join(f"{r} {p.answer}" for (r, _), p in zip(values, parts, strict=False))
    head = parts[0]
    return Answer(
        answer=winner[0],
        abstained=False,
        sentence=summary,
        doc=head.doc,
        start=head.start,
        end=head.end,
        sentence_start=head.sentence_start,
        sentence_end=head.sentence_end,
        intent="compare",
        parts=parts,
    )
