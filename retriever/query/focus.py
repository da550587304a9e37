"""What a question asks about: its focus term (the asked verb or noun), the noun an English
"how many" counts, and the groups that say nothing about the topic (counting words, names)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from retriever.query.glossary import english_groups

if TYPE_CHECKING:
    from retriever.query.parse import Query

# Counting words the glossary gives for "how many" and the like: they say nothing about the topic.
_GENERIC = {
    "个",
    "项",
    "件",
    "年",
    "万",
    "亿",
    "多少",
    "几",
    "起来",
    "加起来",
    "更多",
    "哪个",
    "最低",
    "最高",
    "一共",
    "总共",
    "合计",
    "共计",
    "总计",
    # Light verbs and joiners: "占比达到多少", "两省…加起来".
    "达到",
    "达",
    "加",
    "两省",
    "涉及",
    # "各有多少", "分别是": each of the named regions, said by the question's form (retriever.reader.parts).
    "各有",
    "各自",
    "分别",
    "分别是",
}
# Where a Chinese question asks its question: the term right before this names what is asked.
_ASK_WORD = re.compile(r"多少|几|哪|什么|何时|谁|是否|怎么|如何|吗")


_ASK_WHEN = re.compile(r"什么时候|何时|哪一?天|哪一?年|几月")
# Nouns that name a measure rather than a topic ("森林抚育面积有多少"): the topic before them is the focus.
MEASURE_NOUNS = {"面积", "数量", "数目", "总数", "人数", "规模", "比例", "比重", "占比", "金额", "总量", "能力", "长度"}
# "how many rectification tasks": the counted noun phrase is the first glossary phrase after it.
_HOW_MANY = re.compile(r"\bhow (?:many|much)\s+(?:of\s+(?:the|these|those|its|their)\s+)?(\w+(?:\s+\w+)?)")


_WHO = re.compile(r"\s*(?:who|whom)\b")
_MORE = re.compile(r"\b(\w+(?: \w+)?) (?:more|fewer|less)\b")


def _english_focus(query: Query, groups: list[list[str]]) -> list[str]:
    """English puts the asked verb last and the counted noun after "how many": both are focus;
    "Who was the party secretary…" asks about the office right after "who"."""
    if _WHO.match(query.folded):
        return list(groups[0])
    comparative = _MORE.search(query.folded)
    verb = english_groups(comparative.group(1)) if comparative else []
    if verb:
        return list(verb[-1])  # "Which closed more petitions": closing is compared
    focus = list(groups[-1])
    counted = _HOW_MANY.search(query.folded)
    if counted:
        for group in english_groups(counted.group(1))[:1]:
            focus.extend(t for t in group if t not in focus and t not in _GENERIC)
    return focus


def counted_group(query: Query) -> list[str]:
    """What an English "how many X" counts (信访件 for "how many complaints"), or []."""
    counted = _HOW_MANY.search(query.folded) if query.lang == "en" else None
    if not counted:
        return []
    groups = english_groups(counted.group(1))[:1]
    return [t for t in groups[0] if t not in _GENERIC] if groups else []


def is_noise_group(group: list[str], regions: list[str], places: list[str]) -> bool:
    names = set(regions) | set(places)
    return all(t in _GENERIC or _ASK_WORD.match(t) or t in names or any(n and n in t for n in names) for t in group)


# A year, date or range ("2021", "2021年4月7日至5月7日") says when, and a round or batch
# ("in the second round") says which inspection: neither is what is asked.
# "第三轮", "第二批", or "第三" alone where English said "the third batch of the second round".
ROUND = re.compile(r"第[一二三四五六七八九十\d]+(?:轮|批)?")
_DATE_TERM = re.compile(rf"[\d年月日至]+|{ROUND.pattern}")
# "交办的群众举报件有多少": the verb qualifying the counted noun is asked about as much as the noun.
_QUALIFIED = "{verb}的{noun}"


def asked_focus(query: Query) -> list[str]:
    """The term group a question asks about: the last one before the question word (Chinese), or the
    last topical one (English, where the verb comes last: "How many petitions did Hunan close?")."""
    groups = [g for g in query.groups if not any(_DATE_TERM.fullmatch(t) or len(t) < 2 for t in g)]
    if not groups:
        return []
    if query.lang == "en":
        return _english_focus(query, groups)
    topical = [g for g in groups if g[0] not in MEASURE_NOUNS]
    groups = topical or groups
    when = _ASK_WHEN.search(query.folded)
    if when:
        # "什么时候向新疆反馈督察意见": the verb after a time question word is what is dated.
        after = [g for g in groups if query.folded.find(g[0], when.end()) >= 0]
        if after:
            return min(after, key=lambda g: query.folded.find(g[0], when.end()))
    ask = _ASK_WORD.search(query.folded)
    if ask:
        before = [g for g in groups if query.folded.rfind(g[0], 0, ask.start()) >= 0]
        if before:
            chosen = max(before, key=lambda g: query.folded.rfind(g[0], 0, ask.start()))
            focus = chosen + _qualifying_verb(query, groups, chosen)
            # "已完成" asked, "已经完成86项" written: the verb without its aspect marker counts too.
            return focus + [t[1:] for t in focus if t.startswith("已") and len(t) >= 3 and t[1:] not in focus]
    return groups[-1]


def _qualifying_verb(query: Query, groups: list[list[str]], noun: list[str]) -> list[str]:
    """The group written right before "的" and the chosen noun ("交办的群众举报件")."""
    for group in groups:
        if group is not noun and _QUALIFIED.format(verb=group[0], noun=noun[0]) in query.folded:
            return group
    return []
