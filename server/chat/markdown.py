"""A cited answer as Markdown for a chat window: the value, the sentence it came from, numbered sources.

The Markdown is built from the same AskResponse that POST /ask returns, so what a chat client shows
cannot drift from what the API says: the value, its sentence, and each citation's document, section
and offsets (a link to the span in GET /documents/{doc}).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from server.schemas import AnswerSpan, AskResponse, Citation

_LABELS = {
    "en": {
        "not_found": "The reports do not state this.",
        "guess": "Closest candidate (low confidence: please check it)",
        "read_as": "Read as",
        "confidence": "Confidence",
        "sources": "Sources",
        "chars": "characters",
    },
    "zh": {
        "not_found": "报告中没有找到确切答案。",
        "guess": "最接近的候选（把握不大，请核对）",
        "read_as": "按此理解",
        "confidence": "置信度",
        "sources": "来源",
        "chars": "字符",
    },
    "zh-hant": {
        "not_found": "報告中沒有找到確切答案。",
        "guess": "最接近的候選（把握不大，請核對）",
        "read_as": "按此理解",
        "confidence": "置信度",
        "sources": "來源",
        "chars": "字元",
    },
}
# Characters Markdown would read as markup inside quoted report text.
_MARKUP = re.compile(r"([\\`*_\[\]<>#|~])")


def escape(text: str) -> str:
    return _MARKUP.sub(r"\\\1", text)


def span_link(base_url: str, doc: str, start: int, end: int) -> str:
    """Where GET /documents/{doc} returns exactly the cited span."""
    return f"{base_url.rstrip('/')}/documents/{quote(doc, safe='')}?start={start}&end={end}"


def render(answer: AskResponse, base_url: str, asked: str | None = None) -> str:
    """The answer as Markdown; `asked` is the question as the user typed it, when it was read as another."""
    labels = _LABELS.get(answer.lang, _LABELS["zh"])
    blocks: list[str] = []
    if asked is not None and asked.strip() != answer.question:
        blocks.append(f"*{labels['read_as']}: {escape(answer.question)}*")
    if answer.abstained:
        blocks.append(labels["not_found"])
        if answer.guess is not None:
            marker = _marker(answer.citations, answer.guess.span)
            blocks.append(f"{labels['guess']}: **{escape(answer.guess.answer)}**")
            blocks.append(_quote(answer.guess.answer_sentence, answer.guess.span, marker))
    elif answer.parts:
        lines = []
        for part in answer.parts:
            # A part about a region is labelled by the region; an ask of a question in several, by itself.
            label = part.region if part.region and part.question.startswith(part.region) else part.question
            label = label or part.region
            sentence = _inline(part.answer_sentence, part.span)
            marker = _marker(answer.citations, part.span)
            lines.append(f"- {escape(label)}: **{escape(part.answer)}**: {sentence}{marker}")
        blocks.append(f"**{escape(answer.answer)}**")
        blocks.append("\n".join(lines))
    else:
        blocks.append(f"**{escape(answer.answer)}**")
        blocks.append(_quote(answer.answer_sentence, answer.answer_span, _marker(answer.citations, answer.answer_span)))
    if not answer.abstained or answer.guess is not None:  # an abstention with no candidate has nothing to weigh
        blocks.append(f"{labels['confidence']}: {answer.confidence:.0%}")
    if answer.citations:
        blocks.append(f"**{labels['sources']}**\n\n" + _sources(answer.citations, base_url, labels["chars"]))
    return "\n\n".join(b for b in blocks if b)


def _sources(citations: list[Citation], base_url: str, chars: str) -> str:
    lines = []
    for n, c in enumerate(citations, 1):
        # The title is the link; the heading path follows, without the title when it leads it.
        path = [p for p in c.section.split(" > ") if p and p != c.title]
        where = " › ".join(escape(p) for p in path)
        link = span_link(base_url, c.doc, c.start, c.end)
        head = f"{n}. [{escape(c.title or c.doc)}]({link})"
        lines.append(" · ".join(x for x in (head, where, f"{escape(c.doc)}, {chars} {c.start}–{c.end}") if x))
    return "\n".join(lines)


def _marker(citations: list[Citation], span: AnswerSpan | None) -> str:
    """ " [n]" for the citation the span stands in ("" when none holds it)."""
    if span is None:
        return ""
    for n, c in enumerate(citations, 1):
        if c.doc == span.doc and c.start <= span.start and span.end <= c.end:
            return f" [{n}]"
    return ""


def _inline(sentence: str, span: AnswerSpan | None) -> str:
    """The sentence with the value in bold, when the value's offsets fall inside it."""
    if span is None:
        return escape(sentence.strip())
    a, b = span.start - span.sentence_start, span.end - span.sentence_start
    if not 0 <= a < b <= len(sentence):
        return escape(sentence.strip())
    return f"{escape(sentence[:a])}**{escape(sentence[a:b])}**{escape(sentence[b:])}".strip()


def _quote(sentence: str, span: AnswerSpan | None, marker: str) -> str:
    if not sentence.strip():
        return ""
    return "> " + _inline(sentence, span).replace("\n", "\n> ") + marker
