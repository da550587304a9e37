"""The domain glossary: English words and phrases to the Chinese the reports use (stemmed,
longest phrase first), ordinals as the reports number rounds and teams, and the other wordings a
Chinese term has in the reports."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import lru_cache

from ingest import fold, get_gazetteer
from ingest.glossary import glossary_rows
from retriever.query.dictionary import dictionary_terms
from retriever.query.stems import stem as _stem

_EN_WORD = re.compile(r"pm\s?2\.5|pm\s?10|\d+(?:st|nd|rd|th)\b|[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*%?")
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")
_CN_DIGITS = "零一二三四五六七八九"
_SPELLED_ORDINALS = {
    w: n
    for n, w in enumerate(
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"], 1
    )
}
_NUMBERED = {"round", "batch", "team", "central", "inspection", "group", "phase"}

_MAX_PHRASE = 4


@lru_cache(maxsize=1)
def glossary() -> dict[tuple[str, ...], list[str]]:
    """English phrase (stemmed words) → Chinese terms (folded)."""
    table: dict[tuple[str, ...], list[str]] = {}
    for english, chinese in glossary_rows():
        key = tuple(_stem(w) for w in _EN_WORD.findall(english.lower()))
        if key:
            entry = table.setdefault(key, [])
            entry.extend(t for t in (fold(c) for c in chinese) if t not in entry)
    return table


def english_groups(question: str, dictionary: int = 0, looked_up: list[str] | None = None) -> list[list[str]]:
    """Chinese term groups for an English question, in question order: one group per glossary
    phrase (its alternatives), longest phrase first; numbers kept as their own group. With
    `dictionary`, a word the glossary lacks gets up to that many renderings from the general
    dictionary, and each such group's first term is added to `looked_up`."""
    words = _EN_WORD.findall(question.lower())
    stems = [_stem(w) for w in words]
    table = glossary()
    groups: list[list[str]] = []
    i = 0
    while i < len(words):
        for n in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
            hit = table.get(tuple(stems[i : i + n]))
            if hit:
                groups.append(list(hit))
                i += n
                break
        else:
            ordinal = _ORDINAL.fullmatch(words[i])
            spelled = _SPELLED_ORDINALS.get(words[i])
            after = words[i + 1] if i + 1 < len(words) else ""
            if ordinal:
                groups.append(_ordinal_terms(int(ordinal.group(1))))
            elif spelled and (words[i] != "first" or after in _NUMBERED):
                # "the Eighth Central … Team" → 第八; "first" only where it numbers ("first round").
                groups.append(_ordinal_terms(spelled))
            elif words[i][0].isdigit():
                groups.append([words[i].replace(",", "")])
            elif dictionary and (found := dictionary_terms(words[i], dictionary)):
                groups.append(found)
                if looked_up is not None:
                    looked_up.append(found[0])
            i += 1
    return groups


def _ordinal_terms(n: int) -> list[str]:
    """ "8th" → 第八 (and 第8): the reports number teams, rounds and batches in Chinese."""
    if n <= 10:
        chinese = "十" if n == 10 else _CN_DIGITS[n]
    elif n < 20:
        chinese = "十" + _CN_DIGITS[n % 10]
    elif n < 100:
        chinese = _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    else:
        return [f"第{n}"]
    return [f"第{chinese}", f"第{n}"]


@lru_cache(maxsize=1)
def _synonym_rows() -> dict[str, tuple[str, ...]]:
    """The Chinese terms of the first glossary row a term heads that has other terms in it."""
    rows: dict[str, tuple[str, ...]] = {}
    for _, chinese in glossary_rows():
        if len(chinese) >= 2:
            rows.setdefault(chinese[0], chinese)
    return rows


def chinese_synonyms(term: str, longest: int = 99) -> tuple[str, ...]:
    """How else the reports word a Chinese term (the glossary row it heads), up to `longest` chars."""
    return tuple(t for t in _synonym_rows().get(term, ()) if len(t) <= longest)


# A name written in pinyin: a capitalised word after the question's first ("the Dashafang enclosure").
_CAPITALISED = re.compile(r"(?<=\S)\s+([A-Z][a-z]{3,})\b")


def spelled_names(question: str, spell: Callable[[str], list[str]], named: Collection[str] = ()) -> list[list[str]]:
    """One term group per capitalised word no glossary row holds that `spell` finds the reports'
    Chinese name for ("Dashafang" → 大沙坊, "Qilu Lake" → 杞麓). A word that spells a region or place
    the question already names (`named`), or one the gazetteer knows, is that place, not a new name."""
    table = glossary()
    gazetteer = get_gazetteer()
    groups = []
    for m in _CAPITALISED.finditer(question):
        word = m.group(1)
        if (_stem(word.lower()),) in table or any(gazetteer.provinces_and_places(word)):
            continue
        names = spell(word.lower())
        if names and not any(n in k or k in n for n in names for k in named):
            groups.append(names)
    return groups
