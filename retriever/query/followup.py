"""Questions in a conversation: a follow-up read against the question before it.

A chat client sends the whole conversation. A follow-up that names only a place or a year
("and Jiangxi?", "江西呢？", "2019年呢") asks the previous question again about that place or
year; one that changes the topic without naming a place ("what about the fines?", "那罚款呢")
keeps the previous question's place. Anything else is a question of its own.
"""

from __future__ import annotations

import re

from ingest import fold, get_gazetteer
from retriever.query.parse import YEAR, parse_query

# How a conversation marks a question as leaning on the one before: "and …", "what about …",
# "那…", "还有…", "…呢". Folded text (simplified script, ASCII punctuation, lower case).
_LEANS_ON_PREVIOUS = re.compile(
    r"^\s*(?:and|also|what about|how about|same for|then|那么?|还有|再看看?|另外|以及|和|跟|与)(?![a-z])"
    r"|呢\s*[?？。.!]*\s*$"
)


def resolve_followup(questions: list[str]) -> str:
    """The question the last of `questions` (a user's turns, oldest first) asks, read in the
    context of the ones before it; the last question itself when it stands on its own."""
    resolved = ""
    for question in questions:
        resolved = _read_against(question, resolved) if resolved else question
    return resolved


def _read_against(question: str, previous: str) -> str:
    query = parse_query(question)
    named = [*query.regions, *query.places]
    topical = [g for g in query.groups if not all(YEAR.fullmatch(t) or fold(t) in query.years for t in g)]
    if (named or query.years) and not topical:  # "and Jiangxi?", "2019年呢": the previous question, re-aimed
        text = _replace_places(previous, question) if named else previous
        return _replace_years(text, query.years) if query.years else text
    if not named and _LEANS_ON_PREVIOUS.search(fold(question)):  # "what about the fines?": same place
        places = _place_names(previous)
        if places:
            return f"{question.rstrip()} ({'、'.join(places)})"
    return question


def _mentions(text: str) -> list[tuple[int, int]]:
    """Where places are named in `text` (folding keeps offsets: one character for one)."""
    if len(fold(text)) != len(text):
        return []
    return [(m.start, m.end) for m in get_gazetteer().mentions(text)]


def _place_names(text: str) -> list[str]:
    return list(dict.fromkeys(text[a:b] for a, b in _mentions(text)))


def _replace_places(previous: str, followup: str) -> str:
    """The previous question with its places replaced by the follow-up's, as the follow-up writes them."""
    names = (" and " if previous.isascii() else "和").join(_place_names(followup))
    spans = _mentions(previous)
    if not names:
        return previous
    if not spans:  # the previous question named no place: the follow-up's is added
        return f"{previous.rstrip()} ({names})"
    # Places named together ("Hunan and Jiangxi") are replaced as one; else the first named is.
    end = spans[-1][1] if _only_joiners(previous, spans) else spans[0][1]
    return previous[: spans[0][0]] + names + previous[end:]


def _only_joiners(text: str, spans: list[tuple[int, int]]) -> bool:
    between = [text[spans[i][1] : spans[i + 1][0]] for i in range(len(spans) - 1)]
    return all(re.fullmatch(r"\s*(?:and|&|,|、|和|与|及|以及)?\s*", gap, re.IGNORECASE) for gap in between)


def _replace_years(previous: str, years: list[str]) -> str:
    found = YEAR.findall(previous)
    if not found:
        return f"{previous.rstrip()} ({'、'.join(years)})"
    text = previous
    for old, new in zip(found, years, strict=False):
        text = text.replace(old, new, 1)
    return text
