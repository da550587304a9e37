"""Pydantic models at the API edge: what clients send and get back."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

from common.settings import get_settings
from common.types import DocumentInfo
from index.store import StoredIndex
from ingest.read import printable
from retriever import QUESTION_PATTERN, Answer, Hit, Query, Result

# The bounds the schema states are the server's own (its settings when this module loads); the
# pipeline enforces the same rules with a message that says which one a question broke.
_LIMITS = get_settings()
QUESTION_SCHEMA = {"maxLength": _LIMITS.max_question_chars, "pattern": QUESTION_PATTERN}
K_SCHEMA = {"minimum": 1, "maximum": _LIMITS.max_k}


class AskRequest(BaseModel):
    question: str = Field(
        description="In simplified or traditional Chinese, or English: at least one letter or digit, "
        "no control characters but tabs and line breaks.",
        examples=["How many petitions did Hunan close?"],
        json_schema_extra=QUESTION_SCHEMA,
    )
    k: int | None = Field(
        default=None, description="How many passages to cite (default 5).", json_schema_extra=K_SCHEMA
    )
    region: str | None = Field(default=None, description="Limit to a region, e.g. 湖南 or Hunan.")

    @field_validator("k", mode="before")
    @classmethod
    def k_is_a_json_integer(cls, value: object) -> object:
        # JSON's integers as the schema means them: 16 and 16.0, never true or "16".
        if isinstance(value, bool | str):
            raise ValueError("k must be an integer")
        return value


class Citation(BaseModel):
    doc: str = Field(description="The corpus file name.")
    title: str
    date: str | None = None
    section: str = Field(description="Heading path, outermost first, joined by ' > '.")
    region: str = Field(description="Regions of the passage, comma-separated.")
    start: int = Field(description="Offset of the passage in the document text.")
    end: int
    text: str
    score: float

    @classmethod
    def from_hit(cls, hit: Hit) -> Citation:
        c = hit.chunk
        return cls(
            doc=c.doc,
            title=c.title,
            date=c.date,
            section=c.section_path,
            region=",".join(c.regions),
            start=c.start,
            end=c.end,
            text=c.text,
            score=round(hit.score, 4),
        )


class AnswerSpan(BaseModel):
    doc: str
    start: int = Field(description="Offset of the answer value in the document text.")
    end: int
    sentence_start: int
    sentence_end: int


class PartAnswer(BaseModel):
    region: str = Field(description="The region this part of the comparison is about.")
    question: str = Field(default="", description="For a question asking several things: the part it answers.")
    answer: str
    answer_sentence: str
    span: AnswerSpan | None = None


class Guess(BaseModel):
    """The best candidate of an answer withheld for doubt: shown as a lead, never as the answer."""

    answer: str
    answer_sentence: str
    span: AnswerSpan | None = None


class AskResponse(BaseModel):
    question: str
    answer: str = Field(description="The short answer, or 'not found in the reports'.")
    abstained: bool
    confidence: float = Field(
        ge=0.0,
        le=1.0,
        description="Calibrated probability that the answer (when abstaining: the guess) is right.",
    )
    guess: Guess | None = Field(
        default=None,
        description="When the passages match but no candidate is sure enough: the best one, to check by hand.",
    )
    answer_sentence: str = Field(description="The source sentence the answer came from (or why it abstained).")
    answer_span: AnswerSpan | None = Field(default=None, description="Where the answer stands in its document.")
    parts: list[PartAnswer] = Field(
        default_factory=list, description="Each part of a comparison, or each thing a question asks."
    )
    intent: str
    lang: str
    regions: list[str]
    citations: list[Citation]
    timings_ms: dict[str, float]

    @classmethod
    def from_result(cls, result: Result) -> AskResponse:
        a = result.answer
        return cls(
            question=result.question,
            answer=a.answer,
            abstained=a.abstained,
            confidence=round(min(max(a.confidence, 0.0), 1.0), 4),
            guess=_guess(a),
            answer_sentence=a.sentence,
            answer_span=_span(a),
            parts=[
                PartAnswer(
                    region=p.region, question=p.question, answer=p.answer, answer_sentence=p.sentence, span=_span(p)
                )
                for p in a.parts
            ],
            intent=a.intent,
            lang=result.query.lang,
            regions=result.query.regions,
            citations=[Citation.from_hit(h) for h in result.hits],
            timings_ms=result.timings_ms,
        )


def _guess(a: Answer) -> Guess | None:
    if a.guess is None:
        return None
    return Guess(answer=a.guess.answer, answer_sentence=a.guess.sentence, span=_span(a.guess))


def _span(a: Answer) -> AnswerSpan | None:
    if a.abstained or a.start < 0:
        return None
    return AnswerSpan(doc=a.doc, start=a.start, end=a.end, sentence_start=a.sentence_start, sentence_end=a.sentence_end)


class SearchResponse(BaseModel):
    query: str
    lang: str
    regions: list[str]
    results: list[Citation]

    @classmethod
    def from_hits(cls, query: Query, hits: list[Hit]) -> SearchResponse:
        results = [Citation.from_hit(h) for h in hits]
        return cls(query=query.text, lang=query.lang, regions=query.regions, results=results)


class DocumentList(BaseModel):
    documents: list[DocumentInfo]

    @classmethod
    def of(cls, stored: StoredIndex) -> DocumentList:
        """The reports of an index, by file name."""
        return cls(documents=sorted(stored.documents.values(), key=lambda d: d.doc))


class UnknownDocument(LookupError):
    """No report of that name in the index."""


class SpanOutside(ValueError):
    """A span that does not lie inside its document."""


class DocumentText(BaseModel):
    doc: str
    title: str
    date: str | None = None
    start: int
    end: int
    text: str

    @classmethod
    def span(cls, stored: StoredIndex, doc: str, start: int | None = None, end: int | None = None) -> DocumentText:
        """A report's text [start, end), whole when neither is given; the errors say what is wrong."""
        if doc not in stored.sources:
            raise UnknownDocument(f"no report named {printable(doc)!r}")
        text = stored.sources[doc]
        a = 0 if start is None else start
        b = len(text) if end is None else end
        if a > b or b > len(text):
            raise SpanOutside(f"span [{a}, {b}) is outside the document (length {len(text)})")
        info = stored.documents[doc]
        return cls(doc=doc, title=info.title, date=info.date, start=a, end=b, text=text[a:b])


class UploadResponse(BaseModel):
    document: DocumentInfo | None
    documents: int = Field(description="Reports in the index now.")
    chunks: int
    embedded: int = Field(description="Passages embedded for this change (the rest came from the cache).")
    replaced: bool = Field(default=False, description="A report of this name was there before.")
    kept_version: str | None = Field(
        default=None, description="The version id under which the text it replaced is kept (restorable)."
    )


class Version(BaseModel):
    id: str = Field(description="UTC time it was set aside, then the start of its sha256; sorts oldest first.")
    size: int = Field(description="Bytes.")


class VersionList(BaseModel):
    doc: str
    versions: list[Version] = Field(description="Kept earlier versions, oldest first; restore puts back the last.")


class Health(BaseModel):
    status: str
    documents: int
    chunks: int
    model: str
    generation: str
    stale: str | None = None  # why the index should be rebuilt, when it should
    # The reader's contexts of a just-loaded index are still being encoded: the first answers are slower.
    warming: bool = False


class ErrorBody(BaseModel):
    detail: str
