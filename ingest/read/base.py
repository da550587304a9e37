"""What every reader shares: the error a file that cannot be read ends in, and a headline's title."""

from __future__ import annotations

import re
from typing import Literal

ReadKind = Literal["unsupported", "too_large", "invalid"]


class ReadError(ValueError):
    """A document that cannot be read; `kind` tells the API which status to answer."""

    def __init__(self, doc: str, reason: str, kind: ReadKind = "invalid") -> None:
        # A parser's own message may carry line breaks or controls: one clean line, for a response or a log.
        reason = "".join(ch if ch.isprintable() else " " for ch in reason)
        reason = " ".join(reason.split())
        super().__init__(f"{doc}: {reason}")
        self.doc = doc
        self.reason = reason
        self.kind: ReadKind = kind

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str, ReadKind]]:
        # Exceptions pickle as cls(*args); ours takes three arguments, not the message.
        return (type(self), (self.doc, self.reason, self.kind))


# A title longer than this is a paragraph set in a title's place: the text's own title rules decide.
_MAX_TITLE = 80
_SPACE = re.compile(r"[ \t\n\r\f]+")


def structural_title(text: str) -> str:
    """A headline as a one-line title, or "" when it is missing or too long to be one."""
    title = _SPACE.sub(" ", text).strip()
    return title if len(title) <= _MAX_TITLE else ""
