"""The question-answering pipeline behind the CLI, the server and the evaluation: one code path."""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from common.settings import Settings
from index.build import chunk_settings, rules_hash
from index.dense import Encoder
from index.engine import EngineUnavailable
from index.store import IndexMismatch, IndexMissing, StoredIndex, check_compatible, load_index, read_manifest
from ingest import CHUNKER_VERSION
from retriever.priming import Primer
from retriever.query.dictionary import renderings
from retriever.query.parse import Query, parse_query, regions_named, split_asks
from retriever.reader import Proposal, Reader, answer_depth, build_reader, with_parts_confidence
from retriever.reader.located import Answer, holds
from retriever.reader.parts import combined_answer
from retriever.search.hits import Hit
from retriever.search.hybrid import Searcher


class QuestionError(ValueError):
    """A question we refuse to run: empty, too long, or not text."""


@dataclass
class Result:
    question: str
    query: Query
    answer: Answer
    hits: list[Hit]
    timings_ms: dict[str, float] = field(default_factory=dict)
    proposals: list[Proposal] = field(default_factory=list)  # what the reader weighed, best first


# A question, as a regular expression the API's schema can state: no control character but tab
# and line breaks, and at least one letter or digit. The letters are spelled out as ranges
# (Latin, Greek, Cyrillic, kana, hangul, CJK, full-width) because JSON Schema's regular expressions
# read \w as ASCII only, and Python's as any Unicode letter: a range means the same in both.
_CONTROL = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f"
_LETTER_OR_DIGIT = (
    "0-9A-Za-z\\u00aa\\u00b5\\u00ba\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u02af\\u0370-\\u03ff\\u0400-\\u04ff"
    "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7a3\\uf900-\\ufaff\\uff10-\\uff19\\uff21-\\uff3a\\uff41-\\uff5a"
)
QUESTION_PATTERN = rf"^[^{_CONTROL}]*[{_LETTER_OR_DIGIT}][^{_CONTROL}]*$"
_HAS_WORD = re.compile(f"[{_LETTER_OR_DIGIT}]")


def check_question(question: str, max_chars: int) -> str:
    """Refuse empty, over-long, binary or control-character questions with a clear message.

    The API's schema states the same rules (`QUESTION_PATTERN`, the length), so a client can
    check a question before sending it."""
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    if len(question) > max_chars:
        raise QuestionError(f"the question is {len(question)} characters long; the limit is {max_chars}")
    stripped = question.strip()
    if not stripped:
        raise QuestionError("the question is empty")
    if any(unicodedata.category(c) in ("Cc", "Cs") and c not in "\t\n\r" for c in stripped):
        raise QuestionError("the question contains control or non-text characters")
    if not _HAS_WORD.search(stripped):
        raise QuestionError("the question has no words in it")
    return stripped


def cited_first(hits: list[Hit], result: Answer, searcher: Searcher) -> list[Hit]:
    """The passages the answer (or each of its parts) was read from, first, in that order; the rest
    keep their rank. A part read from a passage outside the hits (an item of a heading list) brings
    its passage in."""
    cited: list[Hit] = []
    for part in result.parts or [result]:
        if part.abstained:
            continue
        hit = next((h for h in hits if holds(h.chunk, part)), None)
        if hit is None:
            chunk = searcher.chunk_at(part.doc, part.start)
            hit = Hit(chunk, 0.0, 0.0, 0.0) if chunk is not None else None
        if hit is not None and hit not in cited:
            cited.append(hit)
    return cited + [h for h in hits if h not in cited]


class Pipeline:
    """Holds the model and the current index; `reload` swaps in a new index atomically."""

    def __init__(
        self, settings: Settings, encoder: Encoder | None = None, reader: Reader | None = None, prime: bool = False
    ) -> None:
        """`prime`: encode the reader's contexts of every index loaded, in the background (a server
        does; a command answering one question would only compete with it)."""
        self.settings = settings
        self.prime = prime
        self.encoder = encoder or Encoder.from_settings(settings)
        self.reader = reader or build_reader(settings)
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None
        # Answers of the current index generation, most recently asked last (see answer_cache_size).
        self._answers: OrderedDict[tuple[str, int | None, str | None], Result] = OrderedDict()
        self._answers_of: Searcher | None = None
        self._answers_lock = threading.Lock()
        self._primer = Primer(settings, self.encoder)
        if settings.dictionary_terms:  # read once here, not at the first English question (a second)
            renderings()

    @property
    def searcher(self) -> Searcher:
        searcher = self._searcher
        if searcher is None:
            searcher = self.reload()
        return searcher

    @property
    def index(self) -> StoredIndex:
        return self.searcher.stored

    def reload(self) -> Searcher:
        """Load the current index from disk (checking it matches our model and chunker) and swap it in."""
        with self._lock:
            manifest = read_manifest(self.settings.index_dir)
            check_compatible(manifest, self.settings.model_name, CHUNKER_VERSION, chunk_settings(self.settings))
            kept = self._searcher.stored if self._searcher is not None else None
            stored = load_index(self.settings.index_dir, self.settings, previous=kept)
            searcher = Searcher(stored, self.encoder, self.settings)
            self._searcher = searcher  # one reference assignment: readers see old or new, never half
            with self._answers_lock:
                self._answers.clear()
                self._answers_of = None
            if self.prime:
                self._primer.start(searcher, lambda: self._searcher)
            return searcher

    @property
    def warming(self) -> bool:
        """Whether the reader's contexts of the loaded index are still being encoded (see `Primer`)."""
        return self._primer.warming

    def wait_primed(self, timeout: float | None = None) -> bool:
        """Wait for the contexts' encoding to end; whether it has."""
        return self._primer.wait(timeout)

    def follow(self) -> None:
        """Swap in a newer index another process (`duchaqa ingest`) has written since the last load;
        costs one small file read when there is none."""
        try:
            generation = read_manifest(self.settings.index_dir).generation
        except (IndexMissing, OSError, ValueError):
            return
        searcher = self._searcher
        if searcher is None or searcher.stored.manifest.generation != generation:
            self.try_reload()

    def stale_reason(self) -> str | None:
        """Why the loaded index no longer matches the rules and data files on disk (None: it does)."""
        if self.index.manifest.rules_hash != rules_hash():
            return "the ingest rules or data files changed since this index was built: run `duchaqa ingest`"
        return None

    def try_reload(self) -> str | None:
        """Reload if an index is there; return why not otherwise (a server starts without one)."""
        try:
            self.reload()
        except (IndexMissing, IndexMismatch, EngineUnavailable) as err:
            return str(err)
        return None

    def document_texts(self) -> dict[str, str]:
        """The text every citation offset points into, by document name."""
        return dict(self.searcher.stored.sources)

    def _understand(self, question: str, region: str | None, searcher: Searcher) -> Query:
        """Check and parse a question, with its terms weighed by rarity in this index."""
        question = check_question(question, self.settings.max_question_chars)
        query = parse_query(
            question,
            extra_region=region,
            use_glossary=self.settings.use_glossary,
            dictionary=self.settings.dictionary_terms,
            held_places=searcher.pools.by_tag,
            spell=searcher.speller.spell if self.settings.use_spelling else None,
        )
        searcher.weigh_terms(query)
        return query

    def search(self, question: str, k: int | None = None, region: str | None = None) -> tuple[Query, list[Hit]]:
        searcher = self.searcher
        query = self._understand(question, region, searcher)
        return query, searcher.search(query, k or self.settings.default_k)

    def ask(self, question: str, k: int | None = None, region: str | None = None) -> Result:
        searcher = self.searcher  # one snapshot: a reload mid-question cannot mix two indexes
        question = check_question(question, self.settings.max_question_chars)
        key = (question, k or self.settings.default_k, region or None)  # the default k and an explicit one are one key
        started = time.perf_counter()
        result = self._remembered(searcher, key)
        if result is not None:  # the kept answer, with the time this asking took
            return replace(result, timings_ms={"total": round((time.perf_counter() - started) * 1e3, 1)})
        asks = split_asks(question)
        if len(asks) > 1:
            result = self._ask_each(question, asks, k, region, searcher)
        else:
            result = self._ask_one(question, k, region, searcher)
        self._remember(searcher, key, result)
        return result

    def _remembered(self, searcher: Searcher, key: tuple[str, int | None, str | None]) -> Result | None:
        with self._answers_lock:
            result = self._answers.get(key) if self._answers_of is searcher else None
            if result is not None:
                self._answers.move_to_end(key)
            return result

    def _remember(self, searcher: Searcher, key: tuple[str, int | None, str | None], result: Result) -> None:
        """Keep an answer for its index generation only: answers of an older index are dropped."""
        size = self.settings.answer_cache_size
        if size <= 0:
            return
        with self._answers_lock:
            if self._answers_of is not searcher:
                self._answers.clear()
                self._answers_of = searcher
            self._answers[key] = result
            while len(self._answers) > size:
                self._answers.popitem(last=False)

    def _ask_each(
        self, question: str, asks: list[str], k: int | None, region: str | None, searcher: Searcher
    ) -> Result:
        """A question asking several things ("how many were handed over, and what was the closure
        rate?"): each ask answered on its own, in the region the question names, each cited."""
        t0 = time.perf_counter()
        query = self._understand(question, region, searcher)
        context = ",".join(query.regions) or region
        results = []
        for ask in asks:  # an ask naming no region of its own is about the question's
            results.append(self._ask_one(ask, k, region if regions_named(ask) else context, searcher))
        k = k or self.settings.default_k
        hits: list[Hit] = []
        for rank in range(k):  # each ask's passages in turn, the answers' own first
            for result in results:
                if rank < len(result.hits) and result.hits[rank] not in hits:
                    hits.append(result.hits[rank])
        total = {"total": round((time.perf_counter() - t0) * 1e3, 1)}
        asked = [(r.question, r.query.regions, r.answer) for r in results]
        return Result(
            question, query, with_parts_confidence(combined_answer(asked), self.reader.model), hits[:k], total
        )

    def _ask_one(self, question: str, k: int | None, region: str | None, searcher: Searcher) -> Result:
        t0 = time.perf_counter()
        query = self._understand(question, region, searcher)
        question = query.text
        t1 = time.perf_counter()
        k = k or self.settings.default_k
        # The answer always reads the same top passages (more for a question in parts or a list of
        # regions), whatever k the caller wants cited.
        depth = answer_depth(query, self.settings.answer_depth)
        hits = searcher.search(query, max(k, depth))
        t2 = time.perf_counter()
        reading = self.reader.read(query, hits[:depth], searcher.coverage, searcher.sentence_similarity)
        result = reading.answer
        if self.settings.cite_answer_first:
            hits = cited_first(hits, result, searcher)
        t3 = time.perf_counter()
        timings = {
            "parse": (t1 - t0) * 1e3,
            "search": (t2 - t1) * 1e3,
            "encode": query.encode_ms,  # the question's encoding, part of the search
            "answer": (t3 - t2) * 1e3,
            "total": (t3 - t0) * 1e3,
        }
        rounded = {k2: round(v, 1) for k2, v in timings.items()}
        return Result(question, query, result, hits[:k], rounded, reading.proposals)
