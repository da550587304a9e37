"""Understand a question: its language, the regions it names, its Chinese search terms, its parts.

English questions reach Chinese text through a maintained domain glossary
(`data/glossary.tsv`, matched on stemmed words, longest phrase first); regions come
from the one gazetteer in ingest; a question that sets regions, years, rounds or points in time
side by side is split into parts (retriever.query.parts), so each part's passage can be found on
its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import lru_cache

from index.lexical import tokenize
from ingest import fold, get_gazetteer, is_mostly_latin, is_traditional
from ingest.glossary import glossary_rows
from ingest.numerals import count_of
from retriever.query.dates import YEAR, chinese_dates, spelled_days
from retriever.query.focus import asked_focus, is_noise_group
from retriever.query.glossary import chinese_synonyms, english_groups, spelled_names
from retriever.query.model import Query
from retriever.query.parts import question_parts
from retriever.query.points import asked_point

# Words that ask about totals over all regions of a compilation rather than one region.
_OVERVIEW = re.compile(
    r"8省|八省|各省|全国|总计|合计|共计|\b(?:all|eight|8 provinces|total|overall|combined|altogether)\b"
)
# Of those, the ones that mean every region: "Hunan and Guangxi combined" is still two parts.
_ALL_REGIONS = re.compile(r"8省|八省|各省|全国|\b(?:all|eight|8 provinces)\b")


# A natural feature (plateau, river, lake, mountain): named after places, but not the places.
_FEATURE = re.compile(r"(?:高原|河|江|湖|山|山脉|盆地|平原|草原|沙漠|湿地)$")


@lru_cache(maxsize=1)
def _feature_names() -> re.Pattern[str] | None:
    """Glossary phrases that hold a region's English name without meaning the region: "Qinghai-Tibet
    Plateau" is 青藏高原, not Tibet. Masked before regions are looked for."""
    gazetteer = get_gazetteer()
    names = []
    for english, chinese in glossary_rows():
        if not all(_FEATURE.search(c) for c in chinese):
            continue
        for mention in gazetteer.mentions(english):
            aliases = (mention.place.canonical, *gazetteer.aliases_of(mention.place.canonical))
            if not any(a in fold(c) for c in chinese for a in aliases):
                names.append(r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", english.strip())))
                break
    return re.compile(r"\b(?:" + "|".join(names) + r")\b", re.IGNORECASE) if names else None


# "the Chishui River", "Lake Poyang", "Wusheng village": an English name before or after the word
# for a feature or a smaller place is that one's, whichever county shares its spelling.
_ENGLISH_FEATURE = re.compile(
    r"\b[A-Z][a-z]+[\s-]+(?i:river|lake|reservoir|mountain|wetland|basin|plateau|bay|canal|creek|village"
    r"|township|street|road|bridge|dam|mine|reserve)s?\b"
    r"|\b(?i:lake|mount|mt\.?)\s+[A-Z][a-z]+\b"
)


def _region_text(question: str) -> str:
    features = _feature_names()
    masked = features.sub(" ", question) if features else question
    return _ENGLISH_FEATURE.sub(" ", masked)


def _with_weak_places(
    region_text: str, regions: list[str], places: list[str], held: Collection[str]
) -> tuple[list[str], list[str]]:
    """Regions and places with those an English question names by a weak spelling ("Luyi", "Yulin"):
    the one place of the reports spelt so, inside the regions the question names if it names any.
    `region_text` is the question with its natural features masked (`_region_text`)."""
    weak = get_gazetteer().weak_places(region_text, held, regions)
    weak = [p for p in weak if p.canonical not in places]
    return (
        list(dict.fromkeys([*regions, *(p.province for p in weak)])),
        [*places, *(p.canonical for p in weak)],
    )


def regions_named(question: str) -> list[str]:
    """The province-level regions a question names (not natural features named after them)."""
    return get_gazetteer().provinces_in(_region_text(question))


def detect_language(question: str) -> str:
    if is_mostly_latin(question):
        return "en"
    return "zh-hant" if is_traditional(question) else "zh"


# "新疆(含兵团)…总面积", "处理能力(含租赁应急设施)": what a total includes is not what is asked, and
# the reports state the included part on its own ("其中，兵团…1.36万平方公里").
_QUALIFIER = re.compile(r"[(（](?:含|包括|包含|including\b)[^()（）]{1,30}[)）]", re.IGNORECASE)


def parse_query(
    question: str,
    extra_region: str | None = None,
    use_glossary: bool = True,
    dictionary: int = 0,
    held_places: Collection[str] = (),
    spell: Callable[[str], list[str]] | None = None,
) -> Query:
    """Everything the retriever and the answerer need to know about a question.

    `extra_region` is a region chosen outside the question (the API's `region` field); with
    `dictionary`, an English word the glossary lacks gets that many renderings from the general
    dictionary (read for, weighed below the glossary, not searched for); `held_places`, the places
    the reports at hand name, resolve an English spelling too short or shared to name one alone;
    `spell` gives the Chinese names the reports write for a pinyin spelling ("Dashafang" → 大沙坊)."""
    gazetteer = get_gazetteer()
    folded = fold(question)
    lang = detect_language(question)
    region_text = _region_text(question)  # as regions_named reads it, masked once
    regions = gazetteer.provinces_in(region_text)
    if extra_region:
        regions = list(dict.fromkeys([*regions, *gazetteer.provinces_in(extra_region)]))
    places = gazetteer.places_in(region_text)
    if lang == "en" and held_places:
        regions, places = _with_weak_places(region_text, regions, places, held_places)
    years = list(dict.fromkeys(YEAR.findall(folded)))
    if lang == "en":
        region_names = [*regions, *places]
        body = _QUALIFIER.sub(" ", question)
        looked_up: list[str] = []
        groups = english_groups(body, dictionary, looked_up) if use_glossary else [[t] for t in tokenize(body)]
        groups += spelled_names(body, spell, region_names) if spell else []
        groups += [[f"{y}年", y] for y in years if not any(y in g or f"{y}年" in g for g in groups)]
        # Chinese written into an English question ("a formula starting with 一台一报一网") is matched as is.
        literals = [fold(run) for run in _CJK_RUN.findall(question)]
        groups += [[run] for run in literals]
        # "from 7 April to 7 May 2021" is matched as the reports write it: 2021年4月7日至5月7日.
        dates = chinese_dates(question)
        groups += [dates] if dates else []
        literals += [d for d in dates if "日" in d]  # a month ("2022年12月底") is too common to insist on
        terms = list(dict.fromkeys(t for g in groups if g[0] not in looked_up for t in g))
        rewrite = " ".join(dict.fromkeys([*region_names, *terms]))
        terms = [*region_names, *terms]
    else:
        # "多大面积" would cut as 多/大面积: the question words go before the cut.
        tokens = list(dict.fromkeys(tokenize(_ASK_PHRASE.sub(" ", _QUALIFIER.sub(" ", question)))))
        terms = tokens
        # Search mode yields 生态环境 and also 生态, 环境: for matching, one term is one group.
        groups = [[t] for t in tokens if not any(t != o and t in o for o in tokens)]
        # "八省区" in the question, "8省(区)" in the report.
        groups = [[*g, str(n)] if (n := _single_count(g[0])) is not None else g for g in groups]
        # "行政执法与刑事司法衔接" asked, "行政执法和刑事司法衔接" written; "8省区" asked, "8省(区)" written.
        groups = [[*g, *_spelling_variants(g[0])] for g in groups]
        groups = _bracketed_alternatives(folded, groups)
        if use_glossary:  # "中央督察组" asked, "督察组" written (a longer synonym would outweigh what was asked)
            groups = [list(dict.fromkeys([*g, *chinese_synonyms(g[0], len(g[0]))])) for g in groups]
        terms += [str(n) for t in tokens if (n := _single_count(t)) is not None]
        rewrite = ""
        literals = []
        looked_up = []
    # A phrase the question quotes ("青田「五明確」") is a term of its own, matched whole.
    quoted = [fold(q) for q in _QUOTED.findall(question) if not q.isascii()]
    literals += quoted
    groups += [[q] for q in quoted if not any(q in g for g in groups)]
    terms += [q for q in quoted if q not in terms]
    query = Query(question, folded, lang, regions, places, terms, rewrite, years, bool(_OVERVIEW.search(folded)))
    query.groups = [g for g in groups if not is_noise_group(g, regions, places)]
    query.looked_up = looked_up
    query.literals = list(dict.fromkeys([*literals, *spelled_days(folded)]))
    query.focus = asked_focus(query)
    query.all_regions = bool(_ALL_REGIONS.search(folded))
    query.parts = question_parts(query)
    if not query.parts:
        query.point = asked_point(question, folded, lang == "en")
    return query


_CONJUNCTIONS = "与和及"


# "反馈（梳理）的问题": a word in brackets right after another is its other wording.
_ALTERNATIVE = re.compile(r"([\u4e00-\u9fff]{2,8})\(([\u4e00-\u9fff]{2,6})\)")


def _bracketed_alternatives(folded: str, groups: list[list[str]]) -> list[list[str]]:
    """Join the bracketed word's group to the group of the word before it: either wording answers."""
    for m in _ALTERNATIVE.finditer(folded):
        first = next((g for g in groups if m.group(1).endswith(g[0])), None)
        other = next((g for g in groups if g[0] == m.group(2)), None)
        if first is not None and other is not None and first is not other:
            first.extend(t for t in other if t not in first)
            groups = [g for g in groups if g is not other]
    return groups


def _spelling_variants(term: str) -> list[str]:
    """Other ways the reports write a term: another conjunction, 省(区) for 省区."""
    out = [term.replace("省区", "省(区)")] if "省区" in term else []
    if len(term) >= 4:
        out += [term.replace(c, o) for c in _CONJUNCTIONS if c in term for o in _CONJUNCTIONS if o != c]
    return out


_EN_ASKS = r"(?:what|how|which|when|who)\b"
_EN_ASK_WORD = re.compile(_EN_ASKS, re.IGNORECASE)
# "Of the landfills Henan inspected, how many…": the lead before the first ask.
_EN_LEAD = re.compile(rf".+?,\s*(?={_EN_ASKS})", re.IGNORECASE)
# "how many petitions were handed over, and what was the closure rate": two asks in one question.
_EN_ASK_SPLIT = re.compile(rf",?\s+and\s+(?:\w+\s+)?(?={_EN_ASKS})", re.IGNORECASE)
_ZH_ASK_SPLIT = re.compile(r"[，,；;？?\s]+")
_ZH_ASKS = re.compile(r"多少|几|哪|什么|何时|谁")
_MIN_ASK_CHARS = 6  # a piece shorter than this ("几类") belongs to the ask before it
# Each ask is a search of its own: a question of dozens of asks (hostile or pasted) is read as one.
MAX_ASKS = 4


def split_asks(question: str) -> list[str]:
    """The separate questions a question asks, each with its own ask word, or the question alone.
    Pieces joined by 、 stay one ask ("分几个方面、几类" asks for one run of figures)."""
    if is_mostly_latin(question):
        pieces = [p.strip() for p in _EN_ASK_SPLIT.split(question) if p.strip()]
        # "Of the landfills Henan inspected, how many are in use and how many were shut down?": the
        # lead before the first ask is what every ask is about.
        lead = _EN_LEAD.match(pieces[0])
        if lead:
            pieces = [pieces[0], *(p if not _EN_ASK_WORD.match(p) else lead.group(0) + p for p in pieces[1:])]
        return pieces if 2 <= len(pieces) <= MAX_ASKS else [question]
    asks: list[str] = []
    pending = ""
    for piece in _ZH_ASK_SPLIT.split(question):
        pending = f"{pending} {piece}".strip()
        if _ZH_ASKS.search(fold(pending)) and len(pending) >= _MIN_ASK_CHARS:
            asks.append(pending)
            pending = ""
    if pending and asks:
        asks[-1] = f"{asks[-1]} {pending}"
    return asks if 2 <= len(asks) <= MAX_ASKS else [question]


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_QUOTED = re.compile(r"[「“\"『‘']([^」”\"』’']{2,24})[」”\"』’']")


def _single_count(token: str) -> int | None:
    """A one-character Chinese count (八 in 八省区, 两 in 两个) as a number; digits are matched as they are."""
    return count_of(token) if len(token) == 1 and not token.isdigit() else None


# The ask with its measure word: "多少家涉VOCs企业" would cut as 多少/家涉/VOCs.
_ASK_PHRASE = re.compile(
    r"(?:多少|几)(?:个|家|项|件|座|名|人|条|次|处|所|台|辆|类|种|批|吨|亩)?|多大|多长|多高|多久|多远|多重"
)
