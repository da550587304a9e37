"""The records that flow between rooms: ingest → index → retriever → server."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Dropped(BaseModel):
    """Something of a file that is not indexed, and why (`duchaqa ingest --explain`).

    With offsets it is a span of the document's text (a menu line, a byline); without, it never
    entered the text (a PDF's running header, a web page's navigation, a joined line break)."""

    reason: str
    text: str = ""
    start: int | None = None
    end: int | None = None


class HeadingHint(BaseModel):
    """A heading the file's own structure marks (a Word heading style or bold line, an HTML <h2>)."""

    start: int
    end: int
    level: int  # 1 = outermost


class SourceText(BaseModel):
    """A report as read from disk: the text every offset points into."""

    doc: str  # the corpus file name, e.g. "001_d25812755243d715.txt"
    text: str
    fmt: str  # txt | md | html | pdf | docx
    encoding: str | None = None
    dropped: list[Dropped] = Field(default_factory=list)  # what the reader left out of `text`
    title: str = ""  # the title the file's structure names (a page's <h1>, a Word Title paragraph)
    headings: list[HeadingHint] = Field(default_factory=list)


class Chunk(BaseModel):
    """One retrievable passage. `text == source.text[start:end]` always holds."""

    id: str
    doc: str
    title: str = ""
    date: str | None = None
    section: list[str] = Field(default_factory=list)  # heading path, outermost first
    regions: list[str] = Field(default_factory=list)  # canonical province-level names
    places: list[str] = Field(default_factory=list)  # finer places named (cities, counties)
    start: int
    end: int
    text: str

    @property
    def section_path(self) -> str:
        return " > ".join(self.section)


class DocumentInfo(BaseModel):
    """What the index knows of one report."""

    doc: str
    title: str = ""
    date: str | None = None
    regions: list[str] = Field(default_factory=list)
    chunks: int = 0
    chars: int = 0
    sha256: str = ""
    fmt: str = "txt"
    source: str = ""  # the byline's publisher or outlet, when the file has one
    author: str = ""
    dropped: list[Dropped] = Field(default_factory=list)
