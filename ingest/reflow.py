"""Join the hard line breaks of text wrapped at a fixed width (PDF extracts, text pasted from a PDF).

A wrapped report breaks its sentences wherever the line was full: "已办结31\\n77件". Left so,
a figure, a term or a heading's title is cut in two for every rule after this one. A text is
taken as wrapped when most of its long lines share one display width; a full line that does
not end a sentence is then joined to the next, unless the next opens a paragraph (indented)
or a heading. Only line breaks go: every character of the text stays.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable

from common.settings import get_settings
from ingest.forms import HEADING_START
from ingest.normalize import fold_aligned

_SENTENCE_END = re.compile(r"[。！？；：!?;:][”’」』)）]*$")
_INDENT = re.compile(r"^(?:\u3000|\s{2,})")
# How much of the next line shows whether it opens with a heading number.
_HEADING_PEEK = 12
_WORD_CHAR = re.compile(r"[A-Za-z]")


def display_width(line: str) -> int:
    """Columns a line takes: wide (CJK, full-width) characters count two, others one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


# A PDF wraps by glyph width, a text tool by character count: both are tried.
Measure = Callable[[str], int]
_MEASURES: tuple[Measure, ...] = (display_width, len)


def wrap_width(lines: list[str]) -> tuple[Measure, int] | None:
    """How and at what width a text was hard-wrapped, or None when its lines are paragraphs."""
    settings = get_settings()
    best: tuple[float, Measure, int] | None = None
    for measure in _MEASURES:
        long = [w for line in lines if (w := measure(line.rstrip())) >= settings.reflow_min_width]
        if len(long) < settings.reflow_min_lines:
            continue
        mode, _ = Counter(long).most_common(1)[0]
        near = sum(1 for w in long if mode - settings.reflow_slack <= w <= mode + 1) / len(long)
        over = sum(1 for w in long if w > mode + settings.reflow_slack) / len(long)
        if near >= settings.reflow_share and over <= 0.05 and (best is None or near > best[0]):
            best = (near, measure, mode)
    return (best[1], best[2]) if best else None


def _joins(line: str, following: str, measure: Measure, width: int, slack: int) -> bool:
    """A full line that does not end a sentence runs on into a next line that opens nothing."""
    stripped = line.rstrip()
    return (
        bool(stripped)
        and bool(following.strip())
        and measure(stripped) >= width - slack
        and not _SENTENCE_END.search(stripped)
        and not _INDENT.match(following)
        and not HEADING_START.match(fold_aligned(following[:_HEADING_PEEK]))
    )


def reflow(text: str) -> tuple[str, int]:
    """The text with the line breaks of its hard wrapping removed, and how many went."""
    lines = text.split("\n")
    found = wrap_width(lines)
    if found is None:
        return text, 0
    measure, width = found
    slack = get_settings().reflow_slack
    pieces: list[str] = []
    joined = 0
    for i, line in enumerate(lines[:-1]):
        following = lines[i + 1]
        if _joins(line, following, measure, width, slack):
            kept = line.rstrip()
            # Words in Latin script keep a space between them; Chinese and split figures join without one.
            if _WORD_CHAR.match(kept[-1:]) and _WORD_CHAR.match(following.lstrip()[:1]):
                kept += " "
            pieces.append(kept)
            joined += 1
        else:
            pieces.append(line + "\n")
    pieces.append(lines[-1])
    return "".join(pieces), joined
