"""Report names: what a file may be called in the corpus, and how a name is shown safely.

A name is the key of a report everywhere (corpus file, index, citations, URLs), so it must
be a plain file name every common file system can hold: checked here, before any byte is
stored, and normalised so that the same name typed on two systems is one report.
"""

from __future__ import annotations

import unicodedata

from ingest.read.base import ReadError

# File systems bound a name in bytes, not characters: 255 bytes is 85 Chinese characters in UTF-8.
MAX_NAME_BYTES = 255

# Characters a file name must not hide: controls, format characters (bidi overrides that
# disguise "txt.exe"), line/paragraph separators, and surrogates from undecodable bytes.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})

# Characters Windows and SMB shares cannot hold in a name (a corpus folder may live on one);
# refusing them also keeps markup such as <script> out of every name.
_RESERVED = frozenset('<>:"|?*')


def normalize_name(name: str) -> str:
    """The name a report is stored under: Unicode NFC (macOS sends decomposed accents), checked.

    Raises ReadError("invalid") with the reason for a name no corpus folder should hold."""
    name = unicodedata.normalize("NFC", name)
    check_name(name)
    return name


def check_name(name: str) -> None:
    """A document name is a bare, visible, portable file name of at most `MAX_NAME_BYTES` bytes."""
    if not name or name in (".", ".."):
        raise ReadError(printable(name) or "(no name)", "missing file name")
    if "/" in name or "\\" in name:
        raise ReadError(printable(name), "file name must not contain a path")
    if name.startswith("."):
        raise ReadError(printable(name), "file name must not start with '.'")
    if any(unicodedata.category(ch) in _HIDDEN_CATEGORIES for ch in name):
        raise ReadError(printable(name), "file name contains control or invisible characters")
    if reserved := sorted(set(name) & _RESERVED):
        raise ReadError(printable(name), f"file name must not contain {' '.join(reserved)}")
    if name != name.rstrip(" ."):
        raise ReadError(printable(name), "file name must not end in a space or a dot")
    size = len(name.encode("utf-8", "surrogatepass"))
    if size > MAX_NAME_BYTES:
        raise ReadError(printable(name[:40]) + "…", f"file name is {size} bytes; the limit is {MAX_NAME_BYTES} bytes")


def printable(name: str) -> str:
    """The name with control characters escaped, safe to put in a log line or a response."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in name)
