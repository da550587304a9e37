"""The gazetteer: provinces and the places below them, in simplified, traditional and English.

One module for every room: ingest tags chunks with it, the retriever reads regions
out of questions with it. Chinese aliases match as substrings of folded text (longest
first, so 海南藏族自治州 wins over 海南); English aliases match whole words, any case.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ahocorasick_rs import AhoCorasick, MatchKind

from ingest.divisions import DIVISIONS_PATH, ends_a_word, may_be_weak_spelling, starts_a_word
from ingest.normalize import fold

_LATIN_RUN = re.compile(r"[a-z][a-z \-'.]*")
# A capitalised word, with the apostrophe of a spelling (Bing'an) but not a possessive's.
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:'(?!s\b)[a-z]+)?\b")
# A curated place's two-word English name: its spelling, then what tells it from namesakes.
_TWO_WORDS = re.compile(r"([A-Z][a-z']+) ([A-Z][a-z]+)")
# The words that tell a place from its namesakes after its spelling ("Chaoyang City"); a province's
# name does too ("Yulin Shaanxi"). Any other second word is part of the name ("Inner Mongolia").
_TELLING_WORDS = frozenset({"City", "County", "District", "Prefecture", "League", "Banner"})


def _whole_word(text: str, start: int, end: int) -> bool:
    """No Latin letter right before `start` or right at `end`."""
    return not ("a" <= text[start - 1 : start] <= "z") and not ("a" <= text[end : end + 1] <= "z")


GAZETTEER_PATH = Path(__file__).parent / "data" / "gazetteer.tsv"


@dataclass(frozen=True)
class Place:
    canonical: str
    level: str  # province | city | county
    province: str
    parent: str = ""


@dataclass(frozen=True)
class Mention:
    place: Place
    start: int  # offsets into the folded text the mention was found in
    end: int


class Gazetteer:
    """Place lookup over folded text."""

    def __init__(
        self,
        places: list[tuple[Place, list[str]]],
        guarded: frozenset[str] = frozenset(),
        weak: Sequence[tuple[Place, str]] = (),
    ) -> None:
        # Aliases from the division dataset: a mention must end where a word ends (see divisions).
        self._guarded = frozenset(fold(a) for a in guarded)
        self.places = [p for p, _ in places]
        self.provinces = sorted({p.province for p in self.places})
        self._by_alias: dict[str, Place] = {}
        for place, aliases in places:
            for alias in aliases:
                key = fold(alias.strip())
                # A province keeps its alias over a city of the same spelling (吉林, 海南).
                if key and (key not in self._by_alias or place.level == "province"):
                    self._by_alias[key] = place
        # Each place's Chinese names, in the order they were read (asked for with every question).
        self._chinese_of: dict[str, list[str]] = {}
        for alias, place in self._by_alias.items():
            if not alias.isascii():
                self._chinese_of.setdefault(place.canonical, []).append(alias)
        # Chinese names are found by one Aho-Corasick automaton, leftmost-longest (海南藏族自治州 over
        # 海南): one pass over the text whatever the number of names (some 6,000 with the counties).
        self._chinese = sorted(alias for alias in self._by_alias if not alias.isascii())
        self._automaton = AhoCorasick(self._chinese, matchkind=MatchKind.LeftmostLongest) if self._chinese else None
        # English names: every occurrence from one automaton too, kept where a word begins and ends,
        # the longest at each place, left to right: what one regex of all the names (longest first)
        # finds, without trying thousands of names at every letter of an English question.
        self._latin = sorted(alias for alias in self._by_alias if alias.isascii())
        self._latin_automaton = AhoCorasick(self._latin, matchkind=MatchKind.Standard) if self._latin else None
        # Spellings too short or too shared to name a place alone ("Luyi", "Yulin"): read only
        # against the places some reports hold (`weak_places`).
        self._weak: dict[str, list[Place]] = {}
        for place, spelling in weak:
            if fold(spelling) not in self._by_alias:
                self._weak.setdefault(spelling.lower(), []).append(place)

    def mentions(self, text: str) -> list[Mention]:
        """Every place named in `text` (folded first), leftmost-longest."""
        folded = fold(text)
        return [
            Mention(self._by_alias[name], start, end)
            for start, end, name in self._names(folded)
            if (name not in self._guarded or ends_a_word(folded, end)) and self._begins(folded, start, name)
        ]

    def _begins(self, folded: str, start: int, name: str) -> bool:
        """A city or county's Chinese name names it only where a word begins: 乐山 (a city) inside
        歌乐山 (a mountain) does not. Province names are left alone: no common word holds them."""
        return name.isascii() or self._by_alias[name].level == "province" or starts_a_word(folded, start)

    def _names(self, folded: str) -> list[tuple[int, int, str]]:
        """(start, end, alias) of each name, scanning left to right, the longest at each place."""
        latin = self._english(folded)
        chinese = self._automaton.find_matches_as_indexes(folded) if self._automaton else []
        found = [(start, end, self._chinese[k]) for k, start, end in chinese]
        if not latin:
            return found
        # Merged left to right; where a name holding Latin letters overlaps an English one, the
        # first to start wins, the Chinese one at a tie.
        merged: list[tuple[int, int, str]] = []
        for start, end, name in sorted(found + [(s, e, folded[s:e]) for s, e in latin.items()], key=_by_start):
            if not merged or start >= merged[-1][1]:
                merged.append((start, end, name))
        return merged

    def _english(self, folded: str) -> dict[int, int]:
        """start → end of each English name, inside a run of Latin letters and whole words."""
        runs = [(m.start(), m.end()) for m in _LATIN_RUN.finditer(folded)]
        if not runs or self._latin_automaton is None:  # a report is mostly Chinese
            return {}
        starts = [a for a, _ in runs]
        found = []
        for _, start, end in self._latin_automaton.find_matches_as_indexes(folded, overlapping=True):
            run = bisect_right(starts, start) - 1
            if run >= 0 and end <= runs[run][1] and _whole_word(folded, start, end):
                found.append((start, end))
        names: dict[int, int] = {}
        last = 0
        for start, end in sorted(found, key=lambda span: (span[0], -span[1])):  # the longest at each place
            if start >= last:
                names[start], last = end, end
        return names

    def weak_places(self, text: str, held: Collection[str], within: Collection[str] = ()) -> list[Place]:
        """Places an English `text` names by a weak spelling: a capitalised word spelt as exactly one of
        the places `held` (the reports' place tags), in the provinces `within` when any are given."""
        found: list[Place] = []
        for word in _CAPITALISED.findall(text):
            places = [p for p in self._weak.get(word.lower(), ()) if p.canonical in held]
            places = [p for p in places if not within or p.province in within]
            if len(places) == 1 and places[0] not in found:
                found.append(places[0])
        return found

    def provinces_in(self, text: str) -> list[str]:
        """Province-level regions named in `text`, directly or through a place below them, in order."""
        return _provinces(self.mentions(text))

    def places_in(self, text: str) -> list[str]:
        """Places below province level named in `text` (canonical names), in order."""
        return _places(self.mentions(text))

    def provinces_and_places(self, text: str) -> tuple[list[str], list[str]]:
        """`provinces_in` and `places_in` from one scan of the text."""
        mentions = self.mentions(text)
        return _provinces(mentions), _places(mentions)

    def province_counts(self, text: str) -> Counter[str]:
        return Counter(m.place.province for m in self.mentions(text))

    def aliases_of(self, canonical: str) -> list[str]:
        """The folded Chinese names a place goes by (湖南 → 湖南省 …), for matching in text."""
        return list(self._chinese_of.get(canonical, ()))

    def aliases(self) -> list[str]:
        """Every folded alias, Chinese and English."""
        return list(self._by_alias)

    def lookup(self, name: str) -> Place | None:
        return self._by_alias.get(fold(name))


def _provinces(mentions: list[Mention]) -> list[str]:
    return list(dict.fromkeys(m.place.province for m in mentions))


def _places(mentions: list[Mention]) -> list[str]:
    return list(dict.fromkeys(m.place.canonical for m in mentions if m.place.level != "province"))


def _by_start(found: tuple[int, int, str]) -> tuple[int, bool]:
    return found[0], found[2].isascii()


def _parse(path: Path) -> list[tuple[Place, list[str], str]]:
    """(place, names, weak spelling) of each row."""
    rows: list[tuple[Place, list[str], str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        canonical, level, province, parent, aliases, weak = (fields + [""] * 6)[:6]
        names = [canonical, *(a for a in aliases.split("|") if a)]
        place = Place(canonical.strip(), level.strip(), province.strip(), parent.strip())
        rows.append((place, names, weak.strip()))
    return rows


def _province_words(rows: list[tuple[Place, list[str], str]]) -> frozenset[str]:
    """The one-word English names of the provinces ("Shaanxi")."""
    provinces = (names for place, names, _ in rows if place.level == "province")
    return frozenset(n for names in provinces for n in names if n.isalpha() and n.isascii())


def _first_of_two(place: Place, names: list[str], telling: frozenset[str]) -> str:
    """A curated place's bare spelling, from the two-word English name that tells it from its
    namesakes ("Yulin Shaanxi", "Chaoyang City"); never a province's ("Inner Mongolia" is one name)."""
    if place.level == "province":
        return ""
    spellings = (m.group(1) for n in names if (m := _TWO_WORDS.fullmatch(n)) and m.group(2) in telling)
    return next((s for s in spellings if may_be_weak_spelling(s)), "")


def _gazetteer(rows: list[tuple[Place, list[str], str]], guarded: frozenset[str] = frozenset()) -> Gazetteer:
    telling = _TELLING_WORDS | _province_words(rows)
    weak = [(place, spelling or _first_of_two(place, names, telling)) for place, names, spelling in rows]
    return Gazetteer([(place, names) for place, names, _ in rows], guarded, [(p, s) for p, s in weak if s])


@lru_cache(maxsize=1)
def curated_gazetteer() -> Gazetteer:
    """The hand-kept places alone: provinces, cities, English and short names, ambiguity rules."""
    return _gazetteer(_parse(GAZETTEER_PATH))


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The shared gazetteer, read once: the curated places, then every county-level division."""
    divisions = _parse(DIVISIONS_PATH) if DIVISIONS_PATH.is_file() else []
    guarded = frozenset(alias for _, aliases, _ in divisions for alias in aliases)
    return _gazetteer(_parse(GAZETTEER_PATH) + divisions, guarded)


def dominant_region(text: str, share: float = 0.5) -> str | None:
    """The province a single-region report is about: the one most of its place names point to.

    Reports that call themselves only 我区/全区/我省 still name their cities and rivers,
    so the counts find the region the header does not give."""
    counts = get_gazetteer().province_counts(text)
    if not counts:
        return None
    top, n = counts.most_common(1)[0]
    return top if n / sum(counts.values()) >= share else None


def titled_region(title: str, text: str) -> str | None:
    """The province a report's title names, when its text names that province more than any other.

    A city's disclosure that sets itself beside the provinces of its inspection batch names them
    often enough that no province holds half its place names; its title still says whose report
    it is. A comparison whose title names one region in passing (…兼与辽宁对照) names others more."""
    named = get_gazetteer().provinces_in(title)
    if len(named) != 1:
        return None
    ranked = get_gazetteer().province_counts(text).most_common(2)
    if not ranked or ranked[0][0] != named[0]:
        return None
    return named[0] if len(ranked) == 1 or ranked[0][1] > ranked[1][1] else None
