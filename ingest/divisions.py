"""China's county-level divisions from a maintained dataset, as gazetteer rows.

The curated `gazetteer.tsv` knows every province, the prefecture-level cities and the places
the seed reports name, with English and short forms. Everything else (about 2,900 counties,
districts and county-level cities) comes from the administrative-division table that the
PyPI package jionlp ships (`dictionary/china_location.zip`, updated 2025), snapshotted into
`data/divisions.tsv` by `python scripts/divisions.py` so that no process parses 12 MB at
start-up; a test checks the snapshot against the installed package.

A division enters by its full name only, and only when that name can name nothing else: it is
unique in China, at least three characters long, unknown to the curated gazetteer, and not a
common word of its own (jieba's dictionary knows 城区 or 开发区 as ordinary nouns). Short forms
(新建, 平原, 太平…) are ordinary words too often to enter at all. A mention of one of these names
must also end where a word ends (`ends_a_word`), so 新建区 is not read in 新建区域.

English questions name a county by the pinyin of its short name ("Renhuai", "Yuhuan"): that
spelling (from pypinyin, at snapshot time only) is an alias when no other division or curated
place is spelt the same and it is long enough not to be a syllable of something else. A spelling too
short to stand alone still names the division with the word English puts after it ("Suide County",
"Xixiu District"), when no other division is spelt so with that word. A bare spelling that is
too short or shared ("Luyi", "Yuanjiang") is kept apart as a weak spelling: a question's reader
takes it only where the reports at hand hold exactly one place spelt so.
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from collections import Counter
from functools import lru_cache
from pathlib import Path

import jieba

from ingest.normalize import fold

DIVISIONS_PATH = Path(__file__).parent / "data" / "divisions.tsv"
_DATASET = "dictionary/china_location.zip"
# A name of this many characters or fewer is too often a word or part of one (示范县, 矿区).
_MIN_NAME = 3
# Units a table lists that name no place.
_NOT_PLACES = frozenset({"市辖区", "市直辖行政区划", "省直辖县级行政区划", "自治区直辖县级行政区划"})
# jieba dictionary words at least this frequent, and not tagged as place names, are ordinary words.
_COMMON_WORD_FREQ = 100
# A pinyin spelling shorter than this is too often a syllable of another name ("Xian", "Anyi").
_MIN_SPELLING = 6
# A weak spelling shorter than this is a syllable, whatever the reports hold ("An", "Nan").
_MIN_WEAK_SPELLING = 4
# The word English writes after a division's spelling, by the last character of its Chinese name.
_KIND_WORDS = {"县": "County", "区": "District", "旗": "Banner", "市": "City"}


def _dataset_rows() -> list[tuple[int, list[str]]]:
    """(depth, fields) of the province (0), city (1) and county (2) lines of jionlp's table."""
    spec = importlib.util.find_spec("jionlp")  # located, never imported: only its data is used
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jionlp is not installed: scripts/setup.sh installs it (--no-deps)")
    archive = Path(next(iter(spec.submodule_search_locations))) / _DATASET
    with zipfile.ZipFile(archive) as bundle:
        text = bundle.read("china_location.txt").decode("utf-8")
    rows = []
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip("\t"))
        if depth <= 2 and line.strip():
            rows.append((depth, line.strip().split("\t")))
    return rows


@lru_cache(maxsize=1)
def _jieba_words() -> dict[str, tuple[int, str]]:
    words: dict[str, tuple[int, str]] = {}
    with jieba.get_dict_file() as handle:  # jieba's own dictionary, as bytes
        for raw in handle:
            parts = raw.decode("utf-8").split()
            if len(parts) >= 2:
                words[parts[0]] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    return words


def _is_common_word(word: str) -> bool:
    freq, tag = _jieba_words().get(word, (0, ""))
    return freq >= _COMMON_WORD_FREQ and not tag.startswith("ns")


def division_rows(known: set[str], province_of: dict[str, str]) -> list[str]:
    """Gazetteer rows (canonical, level, province, parent, aliases) for the divisions to add.

    `known`: folded aliases the curated gazetteer has; `province_of`: a province's full name in
    the dataset → its canonical name there."""
    rows = _dataset_rows()
    counts = Counter(fields[0] for depth, fields in rows if depth == 2)
    spellings = Counter(_spelling(fields) for depth, fields in rows if depth >= 1)
    qualified = Counter(_qualified(fields) for depth, fields in rows if depth >= 1)
    out: list[str] = []
    province = city = ""
    for depth, fields in rows:
        name = fields[0]
        if depth == 0:
            province = province_of.get(name, "")
        elif depth == 1:
            city = name
        elif province and _admissible(name, counts, known):
            aliases = [name, *_common_form(name, fields, counts, known)]
            spelt = _spelling(fields)
            weak = ""
            if _distinct_spelling(spelt, spellings, known):
                aliases.append(spelt)
            else:
                if _distinct_qualified(_qualified(fields), qualified, known):
                    aliases.append(_qualified(fields))
                weak = spelt if _weak_spelling(spelt, known) else ""
            out.append("\t".join([name, "county", province, city, "|".join(aliases), weak]).rstrip("\t"))
    return sorted(out)


def _distinct_spelling(spelt: str, spellings: Counter[str], known: set[str]) -> bool:
    """A spelling names this division alone: long enough, no other division or curated place spelt
    so, and not an English word the glossary knows (贵定 spells "guiding")."""
    return (
        len(spelt) >= _MIN_SPELLING
        and spellings[spelt] == 1
        and fold(spelt) not in known
        and spelt.lower() not in _english_words()
    )


def _weak_spelling(spelt: str, known: set[str]) -> bool:
    """A bare spelling that may name the division where the reports hold no other place spelt so."""
    return may_be_weak_spelling(spelt) and fold(spelt) not in known


def may_be_weak_spelling(spelt: str) -> bool:
    """Long enough not to be a syllable, and no word of the domain's English ("Changjiang" is the
    Yangtze before it is 昌江县)."""
    return len(spelt) >= _MIN_WEAK_SPELLING and spelt.lower() not in _english_words()


def _qualified(fields: list[str]) -> str:
    """The spelling with the word English writes after it (绥德县 → "Suide County"); "" without one."""
    spelt, kind = _spelling(fields), _KIND_WORDS.get(fields[0][-1:], "")
    return f"{spelt} {kind}" if spelt and kind else ""


def _distinct_qualified(form: str, forms: Counter[str], known: set[str]) -> bool:
    """A qualified spelling names this division alone: the word after it keeps it from being a
    syllable of another name, so only its uniqueness is asked."""
    return bool(form) and forms[form] == 1 and fold(form) not in known


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    from ingest.glossary import glossary_rows

    return frozenset(w for english, _ in glossary_rows() for w in re.findall(r"[a-z]+", english.lower()))


def _spelling(fields: list[str]) -> str:
    """The pinyin of a division's short name, as English writes it (仁怀 → Renhuai); "" without one."""
    short = fields[2] if len(fields) > 2 else ""
    if len(short) < 2:
        return ""
    return "".join(_pinyin()(short)).capitalize()


@lru_cache(maxsize=1)
def _pinyin():  # type: ignore[no-untyped-def]
    """pypinyin's converter: only the snapshot's writer and its test spell names (the snapshot carries
    the spellings), and a snapshot written without it would silently lose every spelling."""
    try:
        from pypinyin import lazy_pinyin
    except ImportError as err:
        raise RuntimeError("pypinyin is not installed: `pip install -e .[dev]` brings it") from err
    return lazy_pinyin


def _common_form(name: str, fields: list[str], counts: Counter[str], known: set[str]) -> list[str]:
    """An autonomous county or banner as the reports write it: its place name and 县/旗
    (威宁彝族回族苗族自治县 → 威宁县), when that too names nothing else."""
    short = fields[2] if len(fields) > 2 else ""
    suffix = "县" if name.endswith("自治县") else "旗" if name.endswith("自治旗") else ""
    form = short + suffix
    if not suffix or not short or form == name or len(form) < _MIN_NAME:
        return []
    return [form] if counts[form] == 0 and fold(form) not in known and not _is_common_word(form) else []


def _admissible(name: str, counts: Counter[str], known: set[str]) -> bool:
    stem = name[:-1]
    return (
        name not in _NOT_PLACES
        and counts[name] == 1
        and len(name) >= _MIN_NAME
        and fold(name) not in known
        and not _is_common_word(name)
        and not _is_common_word(stem)
    )


def starts_a_word(text: str, start: int) -> bool:
    """True when a word of `text` starts at `start` (jieba on a window around it): 乐山 in 歌乐山 does not."""
    pos = max(0, start - 8)
    if pos == start:
        return True
    for token in jieba.cut(text[pos : start + 8], HMM=False):
        pos += len(token)
        if pos >= start:
            return pos == start
    return True


def ends_a_word(text: str, end: int) -> bool:
    """True when a word of `text` ends at `end` (jieba on a window around it)."""
    start = max(0, end - 8)
    pos = start
    for token in jieba.cut(text[start : end + 4], HMM=False):
        pos += len(token)
        if pos >= end:
            return pos == end
    return True


def generate_rows() -> list[str]:
    """The snapshot's rows, from the installed dataset and the curated gazetteer."""
    from ingest.regions import curated_gazetteer

    curated = curated_gazetteer()
    province_of = {}
    for depth, fields in _dataset_rows():
        if depth == 0 and (place := curated.lookup(fields[0])) is not None:
            province_of[fields[0]] = place.province
    return division_rows(set(curated.aliases()), province_of)


def write_snapshot() -> int:
    """Regenerate `data/divisions.tsv` from the installed dataset; returns the rows written."""
    rows = generate_rows()
    header = (
        "# canonical\tlevel\tprovince\tparent\taliases\tweak spelling"
        " — generated by `python scripts/divisions.py` from jionlp\n"
    )
    DIVISIONS_PATH.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)
