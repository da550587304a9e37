"""Which inspection rounds, batches and campaigns a text names, and where.

Staff name the round to be precise ("第二轮督察期间罚款多少"), and compare rounds ("how many more
complaints in the third round than in the second"); the reports name it once, in a lead or a
heading. The reader's calendar of the central rounds is in `retriever.reader.rounds`.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import NamedTuple

from ingest.numerals import count_of

# An inspection round or batch, as the reports and staff name it: 首轮 is 第一轮, "the second round".
_ROUND_ZH = re.compile(r"(首|第[一二三四五六七八九十\d]+)(轮|批)")
_EN_ORDINAL = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th)"
_ROUND_EN = re.compile(rf"\b({_EN_ORDINAL})[\s-]+(round|batch)(?:e?s)?\b", re.IGNORECASE)
# "the 8th and 9th batches", "the first and second rounds": the first ordinal shares the noun.
_SHARED_EN = re.compile(
    rf"\b({_EN_ORDINAL})(?=(?:\s*,\s*|\s+and\s+|\s+or\s+)(?:the\s+)?(?:{_EN_ORDINAL})[\s-]+(round|batch))",
    re.IGNORECASE,
)
# "第八、九批", "第一、二轮": the first number shares the noun with the second.
_SHARED_ZH = re.compile(r"第([一二三四五六七八九十\d]+)[、和与及至]([一二三四五六七八九十\d]+)(轮|批)")
_EN_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_EN_ORDINALS = {word: n for n, word in enumerate(_EN_WORDS, start=1)}
# Campaigns of the genre a question may name: the look-back and rectifying while inspected.
CAMPAIGNS = {
    "回头看": re.compile(r"回头看|\blook[\s-]?back\b", re.IGNORECASE),
    "边督边改": re.compile(r"边督边改|\bwhile (?:the )?inspect", re.IGNORECASE),
}


class Mention(NamedTuple):
    """One round, batch or campaign named in a text: ("轮", 2), ("批", 1) or ("回头看", 0)."""

    kind: str
    number: int
    start: int
    end: int


def mentions(text: str) -> list[Mention]:
    """Every round, batch and campaign the text names, in the order it names them."""
    found = []
    for m in _ROUND_ZH.finditer(text):
        n = 1 if m.group(1) == "首" else count_of(m.group(1)[1:])
        if n:
            found.append(Mention(m.group(2), int(n), m.start(), m.end()))
    for m in _SHARED_ZH.finditer(text):
        first, second = count_of(m.group(1)), count_of(m.group(2))
        if first and second:
            found.append(Mention(m.group(3), int(first), m.start(), m.end(1)))
            found.append(Mention(m.group(3), int(second), m.start(2), m.end()))
    for m in [*_ROUND_EN.finditer(text), *_SHARED_EN.finditer(text)]:
        word = m.group(1).lower()
        n = _EN_ORDINALS.get(word) or int(re.sub(r"\D", "", word))
        found.append(Mention("轮" if m.group(2).lower() == "round" else "批", n, m.start(), m.end()))
    for name, pattern in CAMPAIGNS.items():
        found += [Mention(name, 0, m.start(), m.end()) for m in pattern.finditer(text)]
    return sorted(found, key=lambda m: m.start)


def periods_named(text: str) -> set[tuple[str, int]]:
    """The rounds, batches and campaigns a text names, as (轮|批|campaign, number)."""
    return {(m.kind, m.number) for m in mentions(text)}


def rounds_named(text: str) -> set[tuple[str, int]]:
    """The rounds and batches a text names, as (轮|批, number)."""
    return {(m.kind, m.number) for m in mentions(text) if m.kind in ("轮", "批")}


# What sets two periods side by side: "第一轮和第二轮", "the third round than the second", "首轮及回头看".
_BESIDE = re.compile(r"[和与及、跟同比或至]|还是|\b(?:and|or|than|versus|vs)\b", re.IGNORECASE)


def compared_periods(text: str) -> list[tuple[str, int]]:
    """The rounds (or batches) a question sets side by side, in its order: two or more of one kind,
    or one round beside the look-back ("the first round and the look-back combined"), each joined
    to the next by a conjunction or a comparison. Empty otherwise: "第二轮第一批" is one batch of one
    round, and "第三轮…边督边改" and "首轮回头看" name one period."""
    found = [m for m in mentions(text) if m.kind != "边督边改"]
    for kinds in (("轮",), ("批",), ("轮", "回头看")):
        chosen = [m for m in found if m.kind in kinds]
        named = list(dict.fromkeys((m.kind, m.number) for m in chosen))
        joined = all(_BESIDE.search(text, a.end, b.start) for a, b in pairwise(chosen))
        if len(named) >= 2 and joined and (kinds != ("轮", "回头看") or len(named) == 2):
            return named
    return []


def without_periods(text: str, periods: list[tuple[str, int]]) -> str:
    """The text with its mentions of these rounds, batches or campaigns blanked out."""
    for m in sorted(mentions(text), key=lambda m: -m.start):
        if (m.kind, m.number) in periods:
            text = text[: m.start] + " " + text[m.end :]
    return text


def said_in(text_before: str, period: tuple[str, int]) -> bool:
    """Whether a value is the figure said of this round, batch or campaign: the last of its kind
    named before the value (in the value's sentence, `text_before`) is that one, and no other figure
    stands between ("第二十二批122件（重点交办件10件）": 122件 is the batch's, 10件 a share of it)."""
    named = [m for m in mentions(text_before) if m.kind == period[0]]
    if not named or (named[-1].kind, named[-1].number) != period:
        return False
    return not re.search(r"\d", text_before[named[-1].end :])


def period_label(period: tuple[str, int]) -> str:
    """How a part is labelled in the answer: 第2轮, 第1批, 回头看."""
    kind, number = period
    return kind if kind in CAMPAIGNS else f"第{number}{kind}"


def narrowed_text(text: str, period: tuple[str, int], periods: list[tuple[str, int]]) -> str:
    """The question as one of its parts reads it: the other periods blanked out, and its own named
    in full when it shared its noun with one that went ("the 8th and 9th batches")."""
    kept = without_periods(text, [p for p in periods if p != period])
    if period not in {(m.kind, m.number) for m in mentions(kept)}:
        kept += " " + period_label(period)
    return kept


# A search term that is an ordinal alone ("第二十二", "第6"): an English "22nd batch" is looked up
# word by word, so its ordinal arrives without the noun.
_BARE_ORDINAL = re.compile(r"第([一二三四五六七八九十\d]+)")


def names_period(term: str, periods: list[tuple[str, int]]) -> bool:
    """Whether a search term names one of these periods (第二轮, 回头看, or the bare 第二十二 of
    the 22nd batch)."""
    if any((m.kind, m.number) in periods for m in mentions(term)):
        return True
    bare = _BARE_ORDINAL.fullmatch(term)
    return bool(bare) and count_of(bare.group(1)) in {n for kind, n in periods if kind in ("轮", "批")}
