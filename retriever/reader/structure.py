"""How a sentence binds its figures to what they are said of: evidence for the scorer.

Three shapes of the genre put several figures of one kind in one sentence, and only the sentence's
structure says which is which:
- a change, "由1925家压减到1082家": the figure after 到/为/至 is the level reached, the one before
  it the level left (asked for only by "原来", "此前", "originally");
- a series read respectively, "泰州、扬州、徐州三市分别只有61%、65%和70%": the n-th figure belongs
  to the n-th item;
- labelled items, "涉及噪声1012件、大气593件": each figure belongs to the label of its own 、-item;
  where the labels before the figures say nothing, the nouns they count do ("已对59个探矿权、20个
  采矿权办理了注销": 59 counts 探矿权).
Each reader returns +1 when the structure binds the candidate to what the question names, −1 when
it binds it to something else, 0 when the sentence has no such structure around the candidate.
"""

from __future__ import annotations

import re

from index.lexical import tokenize
from retriever.query.dates import DATE
from retriever.query.focus import MEASURE_NOUNS
from retriever.query.intent import content_groups
from retriever.query.parse import Query
from retriever.reader.values import CLAUSE, SENTENCE, enclosing, figure_spans

# "由X…到Y", "从X…降至Y": a figure, a verb of change within a few characters, then the level reached.
_FROM = re.compile(r"[由从]")
_TO = re.compile(r"(?:到|至|为|成)")
_FROM_REACH = 14  # characters from 由/从 to the first figure ("由2015年的130头左右…")
_TO_REACH = 12  # characters from the first figure to 到/为/至 (the verb of change stands between)
# Questions that ask the level left, not the level reached.
_ASKS_BEFORE = re.compile(r"原来|原有|原先|此前|整治前|整改前|治理前|起初|\boriginally\b|\bpreviously\b|\bat first\b")

# "分别为", "分别达到", "分别只有": the figures after it pair with the items before it.
RESPECTIVELY = re.compile(r"分别|依次")
_ITEM_SPLIT = re.compile(r"、|和|及|与|以及")
_CLAUSE_END = "，,；;：:。！？!?\n"
# A 、-item's label: the words before its figure ("噪声1012件" is labelled 噪声).
ITEM = re.compile(r"[^，,。；;：:！？!?、\n]+")
LABEL_LENGTH = 10  # longer words before a figure are a clause of their own, not a label


def bindings(query: Query, body: str, at: int) -> dict[str, float]:
    """All three readings for the figure at `at` of a folded passage, by name."""
    s0, s1 = enclosing(SENTENCE, body, at)
    c0, c1 = enclosing(CLAUSE, body, at)
    return {
        "transition": transition(query, body[s0:s1], at - s0),
        "respectively": respectively(query, body[s0:s1], at - s0),
        "labelled": labelled(query, body[c0:c1], at - c0),
    }


def figures_in(text: str) -> list[tuple[int, int]]:
    """Spans of the figures in a folded text, in reading order."""
    return sorted(figure_spans(text))


def transition(query: Query, sentence: str, at: int) -> float:
    """+1 for the level reached in "由X到Y" (the level left when the question asks it), −1 for the
    other one, 0 outside such a change. `at` is the candidate's offset in the folded sentence."""
    figures = figures_in(sentence)
    for m in _FROM.finditer(sentence):
        first = next((f for f in figures if m.end() <= f[0] <= m.end() + _FROM_REACH), None)
        if first is None:
            continue
        to = _TO.search(sentence, first[1], first[1] + _TO_REACH)
        if to is None:
            continue
        reached = _level_after(sentence, to.end())
        second = next((f for f in figures if reached <= f[0] <= reached + 3), None)
        if second is None:
            continue
        if at in (first[0], second[0]):
            reached = at == second[0]
            asks_before = bool(_ASKS_BEFORE.search(query.folded))
            return 1.0 if reached != asks_before else -1.0
    return 0.0


def _level_after(sentence: str, at: int) -> int:
    """Where the level reached may start after 到/至: past the date it is reached by ("提高到2024年
    10月的46.8%" reaches 46.8% in October 2024)."""
    when = DATE.match(sentence, at)
    if when is None:
        return at
    return when.end() + (sentence.startswith("的", when.end()))


def _discriminating(query: Query, items: list[str], series: bool = False) -> int | None:
    """The one item the question's rarer terms (and places) single out. A term that stands in two
    items says nothing (洞庭湖 in 西洞庭湖 and 南洞庭湖), nor does a common one (环境). In a series
    "其中南京、镇江两市", "化学需氧量、氨氮、总磷平均浓度" the first item carries what precedes the series
    and the last what is said of all, so there a term must end the first item or begin the last."""
    chosen: set[int] = set()
    for group in _telling_groups(query):
        holders = {i for i, item in enumerate(items) if any(t in item for t in group)}
        if len(holders) != 1:
            continue
        n = holders.pop()
        if any(_at_edge(items[n], t, n, len(items), series) for t in group):
            chosen.add(n)
    return chosen.pop() if len(chosen) == 1 else None


def _telling_groups(query: Query) -> list[list[str]]:
    """The question's places and its term groups at least as rare as its average one."""
    groups = [g for g in content_groups(query) if g[0] not in MEASURE_NOUNS]
    weights = [query.weights.get(g[0], 1.0) for g in groups]
    mean = sum(weights) / len(weights) if weights else 0.0
    return [[p] for p in query.places] + [g for g, w in zip(groups, weights, strict=True) if w >= mean]


def _at_edge(item: str, term: str, n: int, count: int, series: bool) -> bool:
    if not series or 0 < n < count - 1:
        return term in item
    return item.endswith(term) if n == 0 else item.startswith(term)


def respectively(query: Query, sentence: str, at: int) -> float:
    """+1 when the candidate is the figure paired by 分别 with the item the question names, −1 when
    it is paired with another item, 0 when no such pairing holds the candidate."""
    for m in RESPECTIVELY.finditer(sentence):
        begin = max(sentence.rfind(c, 0, m.start()) for c in _CLAUSE_END) + 1
        items = [i for i in _ITEM_SPLIT.split(sentence[begin : m.start()]) if i]
        figures = [f for f in figures_in(sentence) if f[0] >= m.end()][: len(items)]
        if len(items) < 2 or len(figures) < len(items):
            continue
        starts = [f[0] for f in figures]
        if at not in starts:
            continue
        named = _discriminating(query, items, series=True)
        if named is None:
            return 0.0
        return 1.0 if starts.index(at) == named else -1.0
    return 0.0


def labelled(query: Query, clause: str, at: int) -> float:
    """+1 when the candidate's own 、-item is labelled with a term the question names and its
    sibling items are not, −1 when a sibling is and its own is not, 0 otherwise. Only a run of
    plain "label figure" items counts: an item holding two figures is a clause of its own."""
    items = list(ITEM.finditer(clause))
    if len(items) < 2 or RESPECTIVELY.search(clause):
        return 0.0
    labels, counted = [], []
    own = None
    for n, item in enumerate(items):
        figures = figures_in(item.group(0))
        if len(figures) > 1:
            return 0.0
        label = item.group(0)[: figures[0][0]] if figures else ""
        labels.append(label if len(label) <= LABEL_LENGTH else "")
        counted.append(_counted_noun(item.group(0)[figures[0][1] :]) if figures else "")
        if item.start() <= at < item.end():
            own = n
    if own is None:
        return 0.0
    named = _discriminating(query, labels) if labels[own] else None
    if named is None and _different_things(counted):
        named = _discriminating(query, counted)
    if named is None:
        return 0.0
    return 1.0 if named == own else -1.0


def _different_things(nouns: list[str]) -> bool:
    """Every item counts a noun of its own, none a part of another's (县 and 县市区 are one kind)."""
    return all(nouns) and not any(a != b and a in b for a in nouns for b in nouns) and len(set(nouns)) == len(nouns)


def _counted_noun(after: str) -> str:
    """The word right after a figure and its unit: what it counts ("探矿权" in 59个探矿权)."""
    return max((w for w in tokenize(after) if after.startswith(w)), key=len, default="")
