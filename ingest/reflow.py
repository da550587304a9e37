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


def wrap_widths(lines: list[str]) -> tuple[Measure, tuple[int, ...]] | None:
    """How and at what widths a text was hard-wrapped, or None when its lines are paragraphs.

    A PDF may wrap its title and its body (or an annex in a smaller font) at different widths:
    each width that a good share of the long lines sit at counts, the commonest first."""
    settings = get_settings()
    slack = settings.reflow_slack
    best: tuple[float, Measure, tuple[int, ...]] | None = None
    for measure in _MEASURES:
        long = [w for line in lines if (w := measure(line.rstrip())) >= settings.reflow_min_width]
        if len(long) < settings.reflow_min_lines:
            continue
        widths: list[int] = []
        for width, _ in Counter(long).most_common():
            band = sum(1 for w in long if width - slack <= w <= width + 1)
            if band >= settings.reflow_width_share * len(long) and all(abs(width - x) > slack for x in widths):
                widths.append(width)
        near = sum(1 for w in long if _band(w, widths, slack) is not None) / len(long)
        over = sum(1 for w in long if widths and w > max(widths) + slack) / len(long)
        if widths and near >= settings.reflow_share and over <= 0.05 and (best is None or near > best[0]):
            best = (near, measure, tuple(widths))
    return (best[1], best[2]) if best else None


def _band(width: int, widths: list[int] | tuple[int, ...], slack: int) -> int | None:
    """The wrap width a line of this width fills (the widest has no upper bound), or None."""
    for w in sorted(widths):
        if w - slack <= width and (width <= w + 1 or w == max(widths)):
            return w
    return None


def _joins(line: str, following: str, measure: Measure, widths: tuple[int, ...], slack: int) -> bool:
    """A full line that does not end a sentence runs on into a next line that opens nothing."""
    stripped = line.rstrip()
    return (
        bool(stripped)
        and bool(following.strip())
        and _band(measure(stripped), widths, slack) is not None
        and not _SENTENCE_END.search(stripped)
        and not _INDENT.match(following)
        and not HEADING_START.match(fold_aligned(following[:_HEADING_PEEK]))
    )


def reflow(text: str) -> tuple[str, int]:
    """The text with the line breaks of its hard wrapping removed, and how many went."""
    lines = text.split("\n")
    found = wrap_widths(lines)
    if found is None:
        return text, 0
    measure, widths = found
    slack = get_settings().reflow_slack
    pieces: list[str] = []
    joined = 0
    for i, line in enumerate(lines[:-1]):
        following = lines[i + 1]
        if _joins(line, following, measure, widths, slack):
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
