"""Understand a question: its language, the regions it names, its Chinese search terms, its parts.

English questions reach Chinese text through a maintained domain glossary
(`data/glossary.tsv`, matched on stemmed words, longest phrase first); regions come
from the one gazetteer in ingest; a question naming two or more regions is split
into one part per region, so each part's passage can be found on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from index.lexical import tokenize
from ingest import fold, get_gazetteer, is_mostly_latin, is_traditional

GLOSSARY_PATH = Path(__file__).parent / "data" / "glossary.tsv"
_STEMMER = snowballstemmer.stemmer("english")
_EN_WORD = re.compile(r"pm\s?2\.5|pm\s?10|[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*%?")
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")
_MAX_PHRASE = 4
# Words that ask about totals over all regions of a compilation rather than one region.
_OVERVIEW = re.compile(r"8省|八省|各省|全国|总计|合计|共计|\b(?:all|eight|total|overall|combined|altogether)\b")


@dataclass
class Query:
    text: str
    folded: str
    lang: str  # en | zh | zh-hant
    regions: list[str]  # provinces named, in order of mention
    places: list[str]  # cities/counties named
    terms: list[str]  # Chinese search terms (glossary for English, jieba words for Chinese)
    rewrite: str  # a Chinese rendering for the dense model ("" for Chinese questions)
    years: list[str]
    overview: bool = False
    parts: list[Query] = field(default_factory=list)

    @property
    def bm25_tokens(self) -> list[str]:
        return tokenize(" ".join(self.terms))


def _stem(word: str) -> str:
    return _STEMMER.stemWord(word.lower())


@lru_cache(maxsize=1)
def glossary() -> dict[tuple[str, ...], list[str]]:
    """English phrase (stemmed words) → Chinese terms."""
    table: dict[tuple[str, ...], list[str]] = {}
    if not GLOSSARY_PATH.is_file():
        return table
    for line in GLOSSARY_PATH.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        english, chinese = line.split("\t")[:2]
        key = tuple(_stem(w) for w in _EN_WORD.findall(english.lower()))
        terms = [fold(t.strip()) for t in chinese.split("|") if t.strip()]
        if key and terms:
            table.setdefault(key, [])
            table[key].extend(t for t in terms if t not in table[key])
    return table


def english_terms(question: str) -> list[str]:
    """Chinese terms for an English question: longest glossary phrases first, numbers kept."""
    words = _EN_WORD.findall(question.lower())
    stems = [_stem(w) for w in words]
    table = glossary()
    terms: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
            hit = table.get(tuple(stems[i : i + n]))
            if hit:
                terms.extend(hit)
                i += n
                break
        else:
            if words[i][0].isdigit():
                terms.append(words[i].replace(",", ""))
            i += 1
    return list(dict.fromkeys(terms))


def detect_language(question: str) -> str:
    if is_mostly_latin(question):
        return "en"
    return "zh-hant" if is_traditional(question) else "zh"


def parse_query(question: str, extra_region: str | None = None, use_glossary: bool = True) -> Query:
    """Everything the retriever and the answerer need to know about a question.

    `extra_region` is a region chosen outside the question (the API's `region` field)."""
    gazetteer = get_gazetteer()
    folded = fold(question)
    lang = detect_language(question)
    regions = gazetteer.provinces_in(question)
    if extra_region:
        regions = list(dict.fromkeys([*regions, *gazetteer.provinces_in(extra_region)]))
    places = gazetteer.places_in(question)
    years = list(dict.fromkeys(_YEAR.findall(folded)))
    if lang == "en":
        region_names = [*regions, *places]
        terms = english_terms(question) if use_glossary else tokenize(question)
        terms += [f"{y}年" for y in years if f"{y}年" not in terms and y not in terms]
        rewrite = " ".join(dict.fromkeys([*region_names, *terms]))
        terms = [*region_names, *terms]
    else:
        terms = tokenize(question)
        rewrite = ""
    query = Query(question, folded, lang, regions, places, terms, rewrite, years, bool(_OVERVIEW.search(folded)))
    if len(regions) >= 2 and not query.overview:
        query.parts = [_part_for(query, region) for region in regions]
    return query


def _part_for(query: Query, region: str) -> Query:
    """The same question narrowed to one of the regions it names."""
    others = [r for r in query.regions if r != region]
    terms = [t for t in query.terms if not any(o in t for o in others)]
    rewrite = " ".join(w for w in query.rewrite.split() if not any(o in w for o in others))
    return Query(query.text, query.folded, query.lang, [region], [], terms, rewrite, query.years)
