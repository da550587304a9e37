"""Where values of the asked kind stand in a passage, and how close they sit to the asked terms.

Shared by the reranker (prefer the passage holding a value of the asked type next to the asked
terms) and the reader (its candidates and their rule scores).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ingest import fold_with_map
from ingest.numerals import CN_DIGITS, CN_FIGURE, is_structure
from retriever.query.dates import DATE
from retriever.query.focus import MEASURE_NOUNS
from retriever.query.intent import ASKS_DAY, content_groups
from retriever.query.parse import YEAR, Query
from retriever.query.units import UNIT_ALT

_CN_DIGIT = "[一二三四五六七八九十百千万两]+"
NUMBER = re.compile(
    # 余 and 多 mark a round figure ("900多米", "1200余家"): part of the value, not a word after it.
    rf"(?:近|约|超过|超)?(?:\d+(?:\.\d+)?|{CN_FIGURE})(?:余|多)?(?:[万亿](?:余|多)?)?(?:{UNIT_ALT})(?:以上|以下|左右)?"
    # A percentage written out, which needs no unit after it: 百分之九十八点六.
    rf"|(?:近|约|超过|超)?百分之[{CN_DIGITS}]+(?:点[{CN_DIGITS}]+)?"
    # A water-quality class, Ⅳ类 folded to "iv类": the figure of "稳定在几类".
    r"|(?<![a-z])劣?[ivx]{1,4}(?:~[ivx]{1,4})?类"
    # A run of years ("连续5年达到Ⅱ类水质"): a year count, where a bare 年 would be a date.
    rf"|连续(?:\d+|{_CN_DIGIT})年"
)
TITLE = re.compile(r"《[^《》]{2,60}》")
# A named mechanism, requirement or slogan, in quotes: “建账、督账、清账”, “一票否优”.
QUOTED = re.compile(r"“[^“”]{2,30}”")
BARE = re.compile(r"(?<![A-Za-z\d.])\d+\.\d+(?![\d.%])")  # not the 2.5 of PM2.5
CLAUSE = re.compile(r"[^，,。；;：:！？!?\n]+")
# One 、-item; a parenthesis stays whole ("21个县(市、区)创建为…" is one item).
SUBCLAUSE = re.compile(r"(?:[^，,。；;：:！？!?、\n(（]|[(（][^()（）\n]{0,20}[)）]|[(（])+")
FOCUS_BEFORE, FOCUS_AFTER, UNIT_FIT = 2.0, 0.5, 1.0
SUBCLAUSE_FIT = 0.5  # a term in the value's own 、-item ("森林抚育40万公顷") binds tighter than one in its clause
CJK_NUMERAL = 0.5
SCOPE_PENALTY = 1.0
OBJECT_GAP = 4  # characters between the asked verb and a figure that make them another object's
_SCOPE_VERB = re.compile(r"(交办|移交|转办|受理|明确|确定|梳理|排查|制定|列入|涉及)(?:出|了|的)?(?:共|累计)?$")
PART_CREDIT = 0.8  # a compound whose sub-words all stand in the text nearly matches
_DISTRIBUTIVE = re.compile(r"各(?:地|级|有关|相关|市|县|州|部门|乡镇|单位)")
YEAR_FIT = 1.5  # a figure dated to another year than the asked one is a near miss at best
_OWN_YEAR = re.compile(r"((?:19|20)\d\d)年(?:底|末)?[^\d]{0,3}$")
SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")

# A telephone number ("0791-88903040", "12369"), a postal mailbox ("A292号邮政专用信箱", "1606号信箱")
# or an e-mail address; a question that names one kind asks that kind ("专用信箱是哪一个").
_PHONE = r"(?<!\d)(?:0\d{2,3}[-－—]?)?\d{7,8}(?!\d)|(?<!\d)123\d\d(?!\d)"
_MAILBOX = r"[a-z]?\d{1,5}[号號]?(?:邮政)?(?:专用)?信箱"
_EMAIL = r"[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]{2,}"  # ASCII: \w would take the Chinese before it
CONTACT = re.compile(f"{_PHONE}|{_MAILBOX}|{_EMAIL}")
_CONTACT_KINDS = (
    (re.compile(r"电话|热线|\b(?:phone|telephone|hotline)\b"), _PHONE),
    (re.compile(r"(?<!电子)信箱|\b(?:mailbox|p\.?o\.? box|post box)\b"), _MAILBOX),
    (re.compile(r"邮箱|电子信箱|\be-?mail\b"), f"{_EMAIL}|{_MAILBOX}"),  # 邮箱 is a mailbox of either kind
)
# A document's number, how a plan or a notice is cited: "湘发〔2018〕3号", "长白山党办发[2022]10号".
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[【(]\d{4}[〕\]】)]\d{1,4}号")
VALUE_PATTERNS = {"number": NUMBER, "date": DATE, "title": TITLE, "contact": CONTACT}


def contact_pattern(question: str) -> re.Pattern[str]:
    """The kinds of contact a (folded) question names, or every kind when it names none."""
    asked = [kind for named, kind in _CONTACT_KINDS if named.search(question)]
    return re.compile("|".join(asked)) if asked else CONTACT


@dataclass
class Candidate:
    value: str
    index: int  # which passage, in the order given
    start: int  # offsets in that passage's folded text
    end: int
    score: float


@lru_cache(maxsize=4096)
def folded(text: str) -> str:
    return fold_with_map(text)[0]


@lru_cache(maxsize=1024)
def _spans(pattern: re.Pattern[str], text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the pattern's matches in the text (sorted, non-overlapping), found once."""
    found = [(m.start(), m.end()) for m in pattern.finditer(text)]
    return [a for a, _ in found], [b for _, b in found]


def enclosing(pattern: re.Pattern[str], text: str, pos: int) -> tuple[int, int]:
    """The match of `pattern` holding `pos` (its sentence, clause…), or (pos, pos) when none does."""
    starts, ends = _spans(pattern, text)
    n = bisect_right(starts, pos) - 1  # the last match starting at or before pos: the only one that can hold it
    if n >= 0 and pos < ends[n]:
        return starts[n], ends[n]
    return pos, pos


def _occurrences(term: str, text: str, start: int, end: int) -> list[int]:
    """Where `term` stands in text[start:end], left to right without overlaps (as re.finditer finds it)."""
    found, at = [], text.find(term, start, end)
    while at != -1 and term:
        found.append(at)
        at = text.find(term, at + len(term), end)
    return found


@lru_cache(maxsize=4096)
def _untitled(text: str) -> str:
    """The text with the words inside 《》 blanked, offsets kept."""
    return TITLE.sub(lambda m: "《" + "□" * (len(m.group(0)) - 2) + "》", text)


def closeness(text: str, start: int, query: Query) -> float:
    """How well the question surrounds a value: its term groups in the value's clause (then its
    sentence), its focus term right before the value ("办结3177件" for "办结了多少件"), and its year."""
    sentence = enclosing(SENTENCE, text, start)
    clause = enclosing(CLAUSE, text, start)
    if DATE.match(text, start) and start - clause[0] <= 2:
        # "2021年4月6日至5月6日，督察组对辽宁开展了督察": a leading date governs the next clause.
        following = CLAUSE.search(text, clause[1] + 1)
        if following and following.start() <= sentence[1]:
            clause = (clause[0], following.end())
    sub = enclosing(SUBCLAUSE, text, start)
    if sub[0] > 0 and text[sub[0] - 1] == "、" and _ENDS_IN_FIGURE.search(text, max(0, sub[0] - 24), sub[0] - 1):
        # "长江干流江西段连续5年、赣江干流连续2年达到Ⅱ类水质": what follows the last item's figure is
        # said of every item, so it binds that figure no tighter than the others.
        sub = (sub[0], max(start + 1, _value_end(text, start)))
    score = 0.0
    for group in content_groups(query):
        best = 0.0
        for term in group:
            weight = min(len(term), 4) / 4
            for a in _occurrences(term, text, sentence[0], sentence[1]):
                place = 1.0 + SUBCLAUSE_FIT if sub[0] <= a < sub[1] else 1.0 if clause[0] <= a < clause[1] else 0.4
                best = max(best, place * weight)
        if not best:
            # "督察反馈的问题" asked, "督察报告反馈的50个问题" written: the compound's words in the clause.
            best = credit(group, text[clause[0] : clause[1]], query.terms) * min(len(group[0]), 4) / 4
        score += best
    plain = _untitled(text)  # a term inside 《…》 names a document, not what the sentence does
    before = plain[max(sub[0], start - 12) : start]
    is_date = DATE.match(text, start) is not None
    # A date comes before its verb ("于2021年7月17日反馈", "2021年4月9日至5月9日，督察组…开展了督察");
    # a figure comes after it ("办结3177件").
    after = plain[start : clause[1] if is_date else sub[1]]
    scope = _SCOPE_VERB.search(before)
    if scope and not any(scope.group(1) in t or t in scope.group(1) for t in query.terms):
        # "明确的558项整改任务，已完成356项": a figure right after a verb the question does not ask
        # (handed over, defined, found) is the scope, not the count asked about.
        score -= SCOPE_PENALTY
    if any(t in before for t in query.focus):
        score += FOCUS_AFTER if _other_object(before, query) else FOCUS_BEFORE
    elif any(t in after for t in query.focus):
        score += FOCUS_BEFORE if is_date else FOCUS_AFTER
    if _TOTAL.search(query.folded) and _in_breakdown(text, sentence[0], start):
        score -= FOCUS_BEFORE + UNIT_FIT  # "共排查…442座(其中…自查发现146座)": a total is asked, not a part
    if _DISTRIBUTIVE.search(text[sentence[0] : start]) and "各" not in query.folded:
        score -= 2 * UNIT_FIT  # "各地…均成立了…任组长的小组" is about the localities, not the region asked
    if query.years:
        years_here = set(YEAR.findall(text[sentence[0] : sentence[1]]))
        if years_here & set(query.years):
            score += 0.6
        elif years_here:
            score -= 0.8
        # "由2015年130头左右上升到2020年200头左右": the year right before a figure is its year.
        own = _OWN_YEAR.search(text[max(sub[0], start - 8) : start])
        if own:
            score += YEAR_FIT if own.group(1) in query.years else -YEAR_FIT
    return score


# The item before ends in its figure, with no predicate of its own: "长江干流江西段连续5年、".
_ENDS_IN_FIGURE = re.compile(rf"(?:{NUMBER.pattern})$")


def _value_end(text: str, start: int) -> int:
    m = NUMBER.match(text, start) or BARE.match(text, start)
    return m.end() if m else start + 1


def _other_object(before: str, query: Query) -> bool:
    """ "全省建成生活垃圾焚烧设施69座、…餐厨垃圾处理设施41座" for "建成了多少座餐厨垃圾处理设施": the
    asked verb stands before the figure, but with an object between that the question does not name."""
    verb_end = max(before.rfind(t) + len(t) for t in query.focus if t in before)
    between = before[verb_end:]
    return len(between) >= OBJECT_GAP and not any(t in between for g in content_groups(query) for t in g)


_TOTAL = re.compile(r"一共|总共|共计|合计|总计|累计|\bin total\b|\baltogether\b|\btotal\b")


def _in_breakdown(text: str, begin: int, at: int) -> bool:
    """The position stands inside a "(其中…)" breakdown of the figure before it."""
    opened = max(text.rfind("(其中", begin, at), text.rfind("（其中", begin, at))
    return opened >= 0 and not re.search(r"[)）]", text[opened:at])


def figure_spans(text: str) -> list[tuple[int, int]]:
    """Where the figures of a folded text stand: figures with their unit, then the bare decimals
    outside them (in that order, which ties between equal scores keep)."""
    starts, ends = _spans(NUMBER, text)
    spans = list(zip(starts, ends, strict=True))

    def outside(pos: int) -> bool:  # the figures do not overlap: only the last one starting before can hold it
        n = bisect_right(starts, pos) - 1
        return n < 0 or pos >= ends[n]

    return spans + [(m.start(), m.end()) for m in BARE.finditer(text) if outside(m.start())]


def value_candidates(
    query: Query, texts: list[str], pattern: re.Pattern[str], units: tuple[str, ...]
) -> list[Candidate]:
    """Every value of the asked kind in the passages, scored by closeness and unit fit, best first."""
    out = []
    for i, text in enumerate(texts):
        body = folded(text)
        found = figure_spans(body) if pattern is NUMBER else [(m.start(), m.end()) for m in pattern.finditer(body)]
        for a, b in found:
            value = body[a:b]
            score = closeness(body, a, query)
            if pattern is NUMBER and is_structure(value):
                score -= CJK_NUMERAL  # "四个方面", "两个基地": structure more often than a figure
            if pattern is DATE and "日" in value and ASKS_DAY.search(query.folded):
                score += UNIT_FIT  # "on what date" wants the day, not "2021年7月"
            if units:
                score += UNIT_FIT if has_unit(value, units) else -UNIT_FIT
            out.append(Candidate(value, i, a, b, score))
    return sorted(out, key=lambda c: -c.score)


_TRAILING_UNIT = re.compile(rf"({UNIT_ALT})(?:以上|以下|左右)?$")


# One unit, two spellings: "34μg/m3" and "26.2微克/立方米" are compared as they stand.
_SAME_SPELLING = {"μg/m3": "微克/立方米", "mg/l": "毫克/升"}


def unit_of(value: str) -> str:
    """The unit a figure is counted in ("69座" → 座, "6.91万吨" → 万吨), "" for a bare number."""
    m = _TRAILING_UNIT.search(folded(value))
    return _SAME_SPELLING.get(m.group(1), m.group(1)) if m else ""


# A figure right after a verb of change is a change ("平均浓度同比下降21.4%", "新增1.2万亩"), not a
# level ("提高到71%" is a level). (Not 增 or 减 alone: measured, they cost an answer on a sealed set.)
_CHANGE_BEFORE = re.compile(
    r"(?:下降|上升|增加|减少|提高|降低|增长|提升|改善|削减|减排|增幅|降幅|新增)(?:了|幅度为?)?$"
)


def is_change(text: str, start: int) -> bool:
    """The figure at `start` of the folded `text` is said right after a verb of change."""
    return bool(_CHANGE_BEFORE.search(text[max(0, start - 8) : start]))


def has_unit(value: str, units: tuple[str, ...]) -> bool:
    """The value is in one of the units; a share written out ("百分之七十七") is a percentage."""
    return any(u in value for u in units) or ("%" in units and "百分之" in value)


def group_coverage(query: Query, text: str) -> float:
    """Share of the question's term groups (any alternative) found in `text` (folded), each weighted
    by its rarity in the corpus, so a missing 南川河 weighs more than a missing 生态. A measure noun
    (人数, 面积) names the value's kind, which the reports rarely spell out, so it does not count."""
    return _coverage(query, [g for g in content_groups(query) if g[0] not in MEASURE_NOUNS], text)


def _coverage(query: Query, groups: list[list[str]], text: str) -> float:
    """`group_coverage` over groups already chosen (a passage's sentences share them)."""
    if not groups:
        return 1.0
    weights = [query.weights.get(g[0], 1.0) for g in groups]
    found = sum(w * credit(g, text, query.terms) for g, w in zip(groups, weights, strict=True))
    return found / sum(weights) if sum(weights) else 1.0


def credit(group: list[str], text: str, terms: list[str]) -> float:
    """1 for a group found; for a compound word that is not ("担任组长" where the text says
    "任双组长"), part credit by the share of its sub-words found."""
    if any(t in text for t in group):
        return 1.0
    parts = _sub_words(tuple(group), tuple(terms))
    return PART_CREDIT * sum(t in text for t in parts) / len(parts) if parts else 0.0


@lru_cache(maxsize=4096)
def _sub_words(group: tuple[str, ...], terms: tuple[str, ...]) -> list[str]:
    """The question's words inside a group's compound (担任组长 → 担任, 组长)."""
    return [t for t in terms if len(t) >= 2 and t not in group and t in group[0]]


def sentence_coverage(query: Query, text: str) -> float:
    """Share of the question's term groups found together in one sentence of the passage (0..1)."""
    groups = content_groups(query)
    if not groups:
        return 0.0
    counted = [g for g in groups if g[0] not in MEASURE_NOUNS]
    return max((_coverage(query, counted, m.group(0)) for m in SENTENCE.finditer(folded(text))), default=0.0)
