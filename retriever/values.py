"""What kind of value a question asks for, and where such values stand next to the asked terms.

Shared by the reranker (prefer the passage holding a value of the asked type next to
the asked terms) and the answerer (extract that value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest import fold_with_map
from retriever.query import Query

# Counting units and measure words of these reports, longest first so 万公顷 beats 万.
_UNITS = sorted(
    (
        "个百分点 百分点 平方公里 平方米 立方米 万立方米 万千瓦 千瓦时 万千瓦时 万吨 万亩 万公顷 万平方米 万元 亿元 亿立方米 万人 "
        "mg/l 毫克/升 微克/立方米 蒸吨 公顷 公里 千米 人次 户次 余家 余个 余件 余人 余项 余座 余处 万余 "
        "% 件 个 项 人 名 家 座 处 条 吨 亩 米 元 次 天 倍 批 宗 起 所 辆 台 户 村 类 眼 口 场 期 套 份 篇 本 棵 株 只 头 "
        "万 亿 成"
    ).split(),
    key=len,
    reverse=True,
)
_UNIT_ALT = "|".join(re.escape(u) for u in _UNITS)
_CN_DIGIT = "[一二三四五六七八九十百千万两]+"
NUMBER = re.compile(
    rf"(?:近|约|超过|超|共|累计|达到?)?(?:\d+(?:\.\d+)?|{_CN_DIGIT})(?:余)?(?:{_UNIT_ALT})(?:以上|以下|左右)?"
)
DATE = re.compile(
    r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:[至到-]\d{0,4}年?\d{1,2}月(?:\d{1,2}日)?)?(?:底|前|以来)?"
    r"|\d{1,2}月\d{1,2}日(?:[至到-]\d{1,2}月\d{1,2}日)?|\d{4}-\d{1,2}-\d{1,2}"
)
TITLE = re.compile(r"《[^《》]{2,60}》")
CLAUSE = re.compile(r"[^，,。；;：:！？!?\n]+")
SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")

_INTENTS: list[tuple[str, str]] = [
    (
        "compare",
        r"哪个.*(?:多|高|少|低|大|小|快|早|晚)|谁.*更|更(?:多|高|少|低|大|早)|\bcompare|\bwhich\b.*\b(?:more|higher|less|fewer"
        r"|lower|larger|bigger|most|greater|earlier|later|first)\b|\bwhose\b.*\b(?:earlier|more|higher)\b",
    ),
    (
        "date",
        r"何时|什么时候|哪一?年|哪一?天|几月|几号|日期|\bwhen\b|what (?:date|year|month|day)|which (?:year|date)"
        r"|on what date|时间",
    ),
    (
        "number",
        r"多少|几|多大|多高|多长|多久|比例|占比|比重|百分之|率|\bhow (?:many|much|long|large|big|high|far)\b"
        r"|percent|proportion|share|\brate\b|ratio|number of|amount|\btotal\b|\barea\b|length|\bcount\b|\bby how\b",
    ),
    (
        "title",
        r"《|什么(?:方案|条例|办法|规划|意见|计划|文件|制度|规定|决定)|哪(?:个|部|项|份)(?:方案|条例|办法|规划|意见|计划|文件)"
        r"|\b(?:plan|regulation|regulations|measures|document|law|rules|programme|program|title|named|name of)\b",
    ),
    ("list", r"哪些|哪几|列出|包括什么|有什么|\blist\b|\bwhat (?:are|were)\b|\bwhich\b.*(?:s|ies)\b"),
    ("who", r"谁|由谁|哪位|\bwho\b|\bwhom\b"),
]
INTENT_PATTERNS = [(name, re.compile(p)) for name, p in _INTENTS]

# Units a question implies: (pattern over the folded question, units that satisfy it).
_UNIT_HINTS: list[tuple[str, tuple[str, ...]]] = [
    (r"比例|占比|比重|率|百分|percent|proportion|share|\brate|ratio|%", ("%", "百分点", "成")),
    (r"信访|举报|投诉|案件|petition|complaint|case", ("件", "个", "起", "宗")),
    (r"问责|追责|人数|多少人|几人|accountab|people|person|official|individual|resident", ("人", "人次", "名", "万人")),
    (r"公顷|hectare", ("公顷", "万公顷")),
    (r"亩|\bmu\b", ("亩", "万亩")),
    (r"资金|投入|投资|亿元|万元|fund|invest|yuan|money|spend|spent|budget|cost", ("亿元", "万元", "元")),
    (r"公里|千米|km|kilomet", ("公里", "千米")),
    (r"天数|几天|多少天|\bdays\b", ("天",)),
    (r"吨|\btons?\b|tonnes?", ("吨", "万吨", "蒸吨")),
    (r"浓度|concentration", ("微克/立方米", "毫克/升", "mg/l", "%")),
    (r"面积|平方|\barea\b|square", ("平方米", "万平方米", "平方公里", "公顷", "亩", "万亩")),
    (r"任务|项|task|item", ("项", "个")),
]
UNIT_HINTS = [(re.compile(p), units) for p, units in _UNIT_HINTS]
VALUE_PATTERNS = {"number": NUMBER, "date": DATE, "title": TITLE}


@dataclass
class Candidate:
    value: str
    index: int  # which passage, in the order given
    start: int  # offsets in that passage's folded text
    end: int
    score: float


def intent_of(query: Query) -> str:
    """number | date | title | list | who | compare | fact."""
    for name, pattern in INTENT_PATTERNS:
        if pattern.search(query.folded):
            if name == "compare" and len(query.regions) < 2 and len(query.parts) < 2:
                continue
            return name
    return "fact"


def expected_units(query: Query) -> tuple[str, ...]:
    for pattern, units in UNIT_HINTS:
        if pattern.search(query.folded):
            return units
    return ()


def content_terms(query: Query) -> list[str]:
    """The question's terms minus region names and one-character noise."""
    regions = set(query.regions) | set(query.places)
    return [t for t in dict.fromkeys(query.terms) if t not in regions and (len(t) >= 2 or t.isdigit())]


@lru_cache(maxsize=4096)
def folded(text: str) -> str:
    return fold_with_map(text)[0]


def enclosing(pattern: re.Pattern[str], text: str, pos: int) -> tuple[int, int]:
    for m in pattern.finditer(text):
        if m.start() <= pos < m.end():
            return m.start(), m.end()
    return pos, pos


def closeness(text: str, start: int, terms: list[str]) -> float:
    """How well the question's terms surround a value: distinct terms in its clause, then its sentence,
    and most of all a term right before it ("办结3177件")."""
    sentence = enclosing(SENTENCE, text, start)
    clause = enclosing(CLAUSE, text, start)
    score = 0.0
    for term in terms:
        weight = min(len(term), 4) / 4
        best = 0.0
        for m in re.finditer(re.escape(term), text[sentence[0] : sentence[1]]):
            a = sentence[0] + m.start()
            best = max(best, 1.0 if clause[0] <= a < clause[1] else 0.4)
        score += best * weight
    before = text[max(0, start - 6) : start]
    if any(t in before for t in terms if len(t) >= 2):
        score += 0.8
    return score


def value_candidates(query: Query, texts: list[str], pattern: re.Pattern[str], units: tuple[str, ...]) -> list[Candidate]:
    """Every value of the asked kind in the passages, scored by closeness and unit fit, best first."""
    terms = content_terms(query)
    out = []
    for i, text in enumerate(texts):
        body = folded(text)
        for m in pattern.finditer(body):
            score = closeness(body, m.start(), terms)
            if units:
                score += 0.6 if any(u in m.group(0) for u in units) else -0.4
            out.append(Candidate(m.group(0), i, m.start(), m.end(), score))
    return sorted(out, key=lambda c: -c.score)


def sentence_coverage(query: Query, text: str) -> float:
    """Share of the question's terms found together in one sentence of the passage (0..1)."""
    terms = content_terms(query)
    if not terms:
        return 0.0
    total = sum(min(len(t), 4) for t in terms)
    best = 0
    for m in SENTENCE.finditer(folded(text)):
        best = max(best, sum(min(len(t), 4) for t in terms if t in m.group(0)))
    return best / total
