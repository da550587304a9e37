"""Lists in a sentence: "盘锦市和本溪市桓仁县入选…", "设置奖励发放、全额发放、扣减发放、不予发放四种发放情形".

A list answer is the run of like items the sentence enumerates, without the lead-in
verb before the first item, the count or tail after the last, and without the run that
merely repeats the question's own words ("向集群化、数字化…发展" when the question asks
which industries go 集群化、数字化).
"""

from __future__ import annotations

import re

from ingest import fold
from ingest.numerals import count_of
from retriever.query.intent import content_groups
from retriever.query.parse import Query
from retriever.reader.values import CLAUSE, TITLE, group_coverage

_NUMERAL = "一二三四五六七八九十两"
# A run in the clause about the question beats a longer run in a clause about something else
# ("五个城市开展强制分类试点，三个城市开展餐厨废弃物试点" for the 餐厨 pilot cities).
CLAUSE_FIT = 6.0
# The count that closes a list: "三个专项工作组", "四种发放情形", "4家省属国有企业", "“四场标志性重大战役”", "五省市".
_COUNT_TAIL = re.compile(rf"[“\"]?(?:[{_NUMERAL}]|\d+)(?:个|种|项|类|条|大|场|家|座|批|张|方面|件|名|省|市)")
# Words that lead into a list rather than belong to its first item.
_LEAD = re.compile(
    r"(?:对|将|把|包括|如|即|推进|推动|组织|开展了?|建成|实施|设置|下设|设立|设有|规划建设|建设|打好|打赢|实行|已开展|采取|采用|通过|建立|健全"
    r"|聚焦|围绕|涵盖|涉及|分成|分为|及|和|与|还有|另有"
    # A clause's own words before the run: "…分别进驻中山、湛江", "…反馈的福建、甘肃", "…存在A、B"
    r"|进驻|分别|的|在|是|为)"
)
# The shortest last item an enumeration's closing 和 may join: "生态保护和修复", "Ⅱ类及以上" are one item.
_CLOSING_ITEM = 3
# Joins two items ("A和B", "A及B"), unless inside one item ("省直部门和省属企业的例行督察").
_PAIR = re.compile(r"以及|和|及|与")
_EN_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


# The count of the very things asked, said with the question word: "哪四个方面", "是哪3项", "…3项任务是
# 哪些", "which five provinces", "the four working groups" (not "那4条支流用了哪些措施", where the count
# is of something else, nor "第21项", "Five-Year plans").
_COUNT_ASKED = re.compile(
    rf"哪([{_NUMERAL}]|\d+)(?:个|种|项|类|条|大|场|家|方面|省|市)"
    rf"|(?<![第\d{_NUMERAL}])([{_NUMERAL}]|\d+)(?:个|种|项|类|条|家|方面)[^，,。？?]{{0,12}}?(?:是哪|有哪些|分别是|包括哪些)"
    r"|\b(?:which|what|the)\s+(two|three|four|five|six|seven|eight|nine|ten)\b(?!-)"
)


def count_asked(query: Query) -> int | None:
    """How many of the asked things the question says there are, where it says so of them."""
    m = _COUNT_ASKED.search(query.folded)
    if not m:
        return None
    if m.group(3):
        return _EN_COUNT[m.group(3)]
    return count_of(m.group(1) or m.group(2))


def best_list(sentence: str, query: Query) -> list[str] | None:
    """The sentence's most answer-like run of items, trimmed; None when it enumerates nothing."""
    runs = [(run, clause) for run, clause in _runs(sentence) if len(run) >= 2]
    if not runs:
        return None
    return max(runs, key=lambda rc: _run_score(rc[0], rc[1], query))[0]


def list_bonus(sentence: str, query: Query) -> float:
    """How much a sentence looks like the answer to a list question: it enumerates, and as many
    items as the question asks for."""
    run = best_list(sentence, query)
    if run is None:
        return 0.0
    return 0.2 + (0.3 if count_asked(query) == len(run) else 0.0)


def _runs(sentence: str) -> list[tuple[list[str], str]]:
    """Each run of items with the clause it stands in."""
    runs = []
    for clause in CLAUSE.findall(sentence):
        for piece in re.split(r"等", clause):
            items = [i for i in piece.split("、") if i]
            if items:
                items[-1] = _without_count(items[-1])
            items = _split_pairs(items) if len(items) >= 2 else _pair_halves("".join(items))
            if len(items) >= 2 and all(items):
                runs.append((_trim(items), clause))
    return runs


def _split_pairs(items: list[str]) -> list[str]:
    """ "省建材集团和省投资集团、江铜集团和江钨控股集团": 和 joins two items when both halves end
    alike (集团/集团) or the halves end like the run's other items; and the last item's 和 is how
    an enumeration closes ("截污、酒糟废水集中处理和生态补水"), unless the run is of pairs ("排查和建账、
    复核和问责"), what follows it is said of both halves ("省直部门和省属企业的例行督察") or completes a
    compound ("青海湖生态保护和修复", "Ⅱ类及以上")."""
    endings = {i[-1] for i in items}
    pairs = any(_PAIR.search(i) for i in items[:-1])
    out = []
    for n, item in enumerate(items):
        halves = _pair_halves(item)
        if len(halves) == 2 and all(len(h) >= 2 for h in halves):
            a, b = halves
            alike = a[-1] == b[-1] or (a[-1] in endings and b[-1] in endings and len(endings) == 1)
            if alike or (n == len(items) - 1 and not pairs and len(b) >= _CLOSING_ITEM and "的" not in b):
                out.extend(halves)
                continue
        out.append(item)
    return out


def _pair_halves(text: str) -> list[str]:
    """The text split at its first joining word outside a title: "《中华人民共和国环境保护法》" is one name."""
    titles = [(m.start(), m.end()) for m in TITLE.finditer(text)]
    for m in _PAIR.finditer(text):
        if not any(a < m.start() < b for a, b in titles):
            return [text[: m.start()], text[m.end() :]]
    return [text]


def _trim(items: list[str]) -> list[str]:
    """Cut the lead-in before the first item and the count or tail after the last."""
    items = _inside_quotes(items)
    items = [_unquoted_ends(i) for i in items]
    middle = items[1:-1] or items[1:]
    usual = max((len(i) for i in middle), default=len(items[0]))
    if len(items[0]) >= usual + 2:
        first = fold(items[0])  # "採取專項督查": the lead-in words are matched simplified
        first = first if len(first) == len(items[0]) else items[0]
        leads = [m.end() for m in _LEAD.finditer(first) if len(items[0]) - m.end() >= 2]
        if leads:
            items[0] = items[0][max(leads) :]
    if len(items[-1]) > max(len(i) for i in items[:-1]) * 3 // 2 + 2:
        items[-1] = _cut_tail(items[-1])
    return [i for i in (_unquoted_ends(i) for i in items) if i]


def _unquoted_ends(item: str) -> str:
    """Strip a quote mark at either end that has no partner inside: "退耕还林“应还尽还”" keeps both
    of its marks, "“发现和交办" loses its stray opening one."""
    item = item.strip(' "')
    if item.startswith("“") and "”" not in item:
        item = item[1:]
    if item.endswith("”") and "“" not in item:
        item = item[:-1]
    return item.strip()


def _inside_quotes(items: list[str]) -> list[str]:
    """ "健全“发现和交办、…、核查和考核”闭环管理机制": a quoted run is the quote's content, so the
    words before the opening mark and after the closing one are not items' parts."""
    first, last = items[0], items[-1]
    if "“" in first and "”" not in first.split("“")[-1] and "”" in last and "“" not in last:
        return [first.rsplit("“", 1)[1], *items[1:-1], last.split("”", 1)[0]]
    return items


def _without_count(item: str) -> str:
    """ "宣传报道三个专项工作组" → "宣传报道": the count closes the list."""
    tail = _COUNT_TAIL.search(item, 1)
    return item[: tail.start()] if tail else item


_TAIL = re.compile(r"入选|创建|被|成为|获得|荣获|向|纳入|列入|已|均|全部|分别|作为|实现|达到|开展|进行")


def _cut_tail(item: str) -> str:
    """ "本溪市桓仁县入选国家生态文明建设示范区" → "本溪市桓仁县": the predicate after the last item."""
    m = _TAIL.search(item, 2)
    return item[: m.start()] if m else item


def _run_score(run: list[str], clause: str, query: Query) -> float:
    """More items, in a clause about the question, score higher; items that are nothing but the
    question's own terms are its context, not the answer ("向集群化、数字化…发展" for "推动集群化
    数字化的产业有哪些")."""
    terms = sorted({t for g in content_groups(query) for t in g if len(t) >= 2}, key=len, reverse=True)
    echoing = sum(1 for item in run if len(_without(fold(item), terms)) < 2)
    score = len(run) - 3.0 * echoing + CLAUSE_FIT * group_coverage(query, fold(clause))
    if count_asked(query) == len(run):
        score += 2.0
    return score


def _without(text: str, terms: list[str]) -> str:
    for term in terms:
        text = text.replace(term, "")
    return text
