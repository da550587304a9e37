"""What one hostile upload is: its bytes, its name, and what a correct server does with it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Expect = Literal["refuse", "accept", "either"]

MB = 1024 * 1024


@dataclass(frozen=True)
class Hostile:
    """One hostile upload and what a correct server does with it under a new name."""

    id: str  # short unique slug, e.g. "docx-zip-bomb"
    name: str  # the upload's file name, exactly as sent
    data: bytes
    expect: Expect
    # When the server accepts the file, its stored text must hold each of these: catches mojibake and lost text.
    contains: tuple[str, ...] = ()


# A short name for the long lists of entries in each family.
H = Hostile
