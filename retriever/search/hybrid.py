"""Hybrid search: dense and BM25 scores, normalised and combined convexly, then region-aware.

A convex combination keeps BM25's sharp separation (a passage with the exact rare
term stands far above the rest), which reciprocal rank fusion throws away. Regions
named in the question lift their own sections and push other regions' down: the
province sections of a compilation share one template, so without this a question
lands on the same figure for another province.
"""

from __future__ import annotations

import math
import time

import numpy as np

from common.settings import Settings
from common.types import Chunk
from index.dense import Encoder
from index.engine import LexicalScores
from index.store import StoredIndex
from ingest import fold
from retriever.query.intent import intent_of
from retriever.query.parse import Query
from retriever.query.units import expected_units
from retriever.reader.values import VALUE_PATTERNS, sentence_coverage, value_candidates
from retriever.search.candidates import Candidates
from retriever.search.headings import heading_series
from retriever.search.hits import Coverage, Hit
from retriever.search.spelling import Speller
from retriever.search.tables import table_heads

_RRF_K = 60
ABSENT_WEIGHT = 0.5


def _minmax(x: np.ndarray, lo: float | None = None) -> np.ndarray:
    if x.size == 0:
        return x
    lo, hi = float(x.min()) if lo is None else lo, float(x.max())
    return (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)


def _rrf(x: np.ndarray) -> np.ndarray:
    """Reciprocal-rank scores (for the ablation: what rank fusion would give), scaled to 0..1."""
    ranks = np.empty(len(x), dtype=np.float32)
    ranks[np.argsort(-x, kind="stable")] = np.arange(1, len(x) + 1)
    return (_RRF_K + 1) / (_RRF_K + ranks)


def _by_max(x: np.ndarray, hi: float | None = None) -> np.ndarray:
    if hi is None:
        hi = float(x.max()) if x.size else 0.0
    return x / hi if hi > 0 else np.zeros_like(x)


class Searcher:
    """Scores the passages of a loaded index for a parsed question: all of them in a small index,
    each half's top candidates in a large one (see `candidates`)."""

    def __init__(self, stored: StoredIndex, encoder: Encoder, settings: Settings) -> None:
        self.stored = stored
        self.encoder = encoder
        self.settings = settings
        self.chunks = stored.chunks
        # Folded texts of the passages an index scores whole (all of a small index; in a large one, the
        # sample a term no word index knows is counted in): a million of them would cost gigabytes.
        self._folded = [fold(c.text) for c in self.chunks[: settings.exact_search_max]]
        self._frequencies: dict[tuple[str, ...], int] = {}
        # A fixed sample of passage vectors: the floor of a question's dense scores when only
        # candidates are scored (evenly spaced rows; all of them in a small index).
        spread = np.linspace(0, len(self.chunks) - 1, min(len(self.chunks), settings.dense_floor_sample))
        sample = np.unique(spread.astype(np.int64))
        self._floor_vectors = stored.dense.vectors(sample) if len(self.chunks) else np.zeros((0, 0), np.float32)
        self.pools = Candidates(self.chunks)
        self.speller = Speller(self._folded)
        # A region counts as covered when some passage is about it (its first tag) or a report is:
        # a passing mention ("完成都市" reads as 成都) does not make the reports cover 四川.
        regions = {c.regions[0] for c in self.chunks if c.regions}
        regions |= {r for d in stored.documents.values() for r in d.regions}
        places = frozenset(p for c in self.chunks for p in c.places)
        heads = table_heads(self.chunks, stored.sources)
        self.coverage = Coverage(frozenset(regions), places, self._leads(), heading_series(self.chunks), heads)

    def _leads(self) -> dict[str, str]:
        """Each report's opening (folded): its first passages up to `min_chunk_chars` of text, so a
        title the chunker keeps apart from the first paragraph (a byline between them) is not all of it."""
        leads: dict[str, str] = {}
        order = sorted(range(len(self.chunks)), key=lambda i: (self.chunks[i].doc, self.chunks[i].start))
        for i in order:
            doc = self.chunks[i].doc
            if len(leads.get(doc, "")) < self.settings.min_chunk_chars:
                leads[doc] = (leads.get(doc, "") + " " + self._fold_of(i)).strip()
        return leads

    def _fold_of(self, row: int) -> str:
        return self._folded[row] if row < len(self._folded) else fold(self.chunks[row].text)

    def weigh_terms(self, query: Query) -> None:
        """IDF of each term group (over chunk texts), so coverage counts rare terms for more."""
        n = len(self.chunks)
        df = {g[0]: self._document_frequency(tuple(g)) for g in _every_group(query)}
        idf = {term: math.log((n + 1) / (count + 0.5)) for term, count in df.items() if count}
        self._keep_telling_lookups(query, idf)
        for group in _every_group(query):  # read again: the idle lookups are gone
            # A term no passage holds is mostly tokenizer noise (率要, 大约): it weighs little.
            query.weights[group[0]] = idf.get(group[0], ABSENT_WEIGHT)
            if group[0] in query.looked_up:  # a general dictionary's guess weighs below the glossary
                query.weights[group[0]] *= self.settings.dictionary_weight
            if not df[group[0]] and group[0] not in query.absent:
                query.absent.append(group[0])
        for part in query.parts:
            part.weights = query.weights

    def _keep_telling_lookups(self, query: Query, idf: dict[str, float]) -> None:
        """A general dictionary's rendering is kept only where the reports use it and it is rare
        (a tenth of the passages or fewer): "信箱" for "mailbox" tells where to read; "十二月" for
        "December" (the reports write 12月), "复式" for "combined" or a common word only dilutes
        what the question's glossary terms say. (`idf`: of each group the reports hold.)"""
        if not query.looked_up:
            return
        telling = {t for t in query.looked_up if idf.get(t, 0.0) >= self.settings.distinctive_idf}
        idle = set(query.looked_up) - telling
        for q in (query, *query.parts):
            q.groups = [g for g in q.groups if g[0] not in idle]
        query.looked_up = [t for t in query.looked_up if t in telling]

    def _document_frequency(self, group: tuple[str, ...]) -> int:
        """Passages holding one of the group's terms: counted in a small index; in a large one, read
        from the lexical index's word counts (a scan of every passage would cost more than the search).
        Counted once per index generation: questions share their terms."""
        known = self._frequencies.get(group)
        if known is None:
            known = self._frequencies[group] = self._count_frequency(group)
            if len(self._frequencies) > self.settings.frequency_cache_size:
                self._frequencies.clear()
        return known

    def _count_frequency(self, group: tuple[str, ...]) -> int:
        n = len(self.chunks)
        if len(self._folded) == n:
            return sum(1 for text in self._folded if any(t in text for t in group))
        counts = [self.stored.lexical.document_frequency(t) for t in group]
        if all(c is None for c in counts):  # no word the tokenizer keeps: count in the folded sample
            found = sum(1 for text in self._folded if any(t in text for t in group))
            return round(found * n / max(1, len(self._folded)))
        return min(n, sum(c for c in counts if c))

    def query_vectors(self, query: Query) -> np.ndarray:
        """The question's e5 vectors (the question, and its Chinese rendering for English), once."""
        if query.vectors is None:
            texts = [query.text] + ([query.rewrite] if query.rewrite else [])
            started = time.perf_counter()
            query.vectors = self.encoder.queries(texts)
            query.encode_ms = (time.perf_counter() - started) * 1e3
        return query.vectors

    def sentence_similarity(self, query: Query, sentences: list[str]) -> list[float]:
        """Cosine of each sentence with the question (the best of its vectors): the model reads
        English and paraphrase where the question's terms have no match in the text."""
        q = self.query_vectors(query)
        return [float(np.max(q @ v)) for v in self.encoder.contexts(sentences)]

    def candidates(self, query: Query, lexical: LexicalScores) -> np.ndarray:
        """The rows this question is scored on (see `retriever.search.candidates`)."""
        return self.pools.rows(query, lexical, self.stored.dense, self.query_vectors(query), self.settings)

    def _dense_floor(self, query: Query) -> float:
        """The lowest dense score over the sample of passages (the mean over the question's vectors)."""
        sims = np.mean([self._floor_vectors @ v for v in self.query_vectors(query)], axis=0)
        return float(sims.min()) if sims.size else 0.0

    def dense_scores(self, query: Query, rows: np.ndarray) -> np.ndarray:
        vectors = self.query_vectors(query)
        if len(rows) == len(self.chunks):
            sims = [self.stored.dense.scores(v) for v in vectors]
        else:
            stored = self.stored.dense.vectors(rows)
            sims = [stored @ v for v in vectors]
        return np.mean(sims, axis=0) if sims else np.zeros(len(rows), np.float32)

    def region_adjustment(self, query: Query, rows: np.ndarray) -> np.ndarray:
        """+boost for the question's own region(s), −penalty for sections of other regions."""
        s = self.settings
        adj = np.zeros(len(rows), dtype=np.float32)
        wanted = set(query.regions)
        places = set(query.places)
        for j, i in enumerate(rows):
            regions = self.chunks[i].regions
            if wanted:
                if regions and regions[0] in wanted:
                    adj[j] += s.region_boost
                elif wanted.intersection(regions):
                    adj[j] += s.region_boost * 0.5
                else:
                    adj[j] -= s.region_penalty
            if places and places.intersection(self.chunks[i].places):
                adj[j] += s.region_boost * 0.5
            if query.overview and len(set(regions)) >= 3:
                adj[j] += s.region_boost * 0.5
        return adj

    def score(self, query: Query) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(rows, fused, dense, lexical): the candidate rows and their scores."""
        empty = np.zeros(0, dtype=np.float32)
        if not self.chunks:
            return np.zeros(0, np.int64), empty, empty, empty
        lexical_all = self.stored.lexical.scores(query.bm25_tokens)
        rows = self.candidates(query, lexical_all)
        dense = self.dense_scores(query, rows)
        lexical = lexical_all.at(rows)
        w = self.settings.dense_weight
        if self.settings.fusion == "rrf":
            fused = w * _rrf(dense) + (1 - w) * _rrf(lexical)
        elif len(rows) == len(self.chunks):
            fused = w * _minmax(dense) + (1 - w) * _by_max(lexical)
        else:
            # Candidates only: each half is scaled as over every passage, so a passage's fused score
            # does not depend on which others were taken. BM25's best is known (every passage was
            # scored); the dense floor is read from a fixed sample of passages.
            lo = min(float(dense.min()), self._dense_floor(query))
            fused = w * _minmax(dense, lo) + (1 - w) * _by_max(lexical, lexical_all.best())
        if self.settings.use_regions:
            fused = fused + self.region_adjustment(query, rows)
        return rows, fused, dense, lexical

    def rerank_bonus(self, query: Query, indices: np.ndarray) -> np.ndarray:
        """Answer-aware: reward a passage whose sentence holds the asked terms together and, for
        questions asking a number, date or title, a value of that kind right next to them."""
        intent = intent_of(query)
        pattern = VALUE_PATTERNS.get(intent)
        units = expected_units(query) if intent == "number" else ()
        # A date the question spells out ("2021年4月7日至5月7日") or a phrase it quotes ("五明确") is
        # matched whole, not token by token.
        literals = query.literals
        bonus = np.zeros(len(indices), dtype=np.float32)
        for j, i in enumerate(indices):
            text = self.chunks[i].text
            signal = sentence_coverage(query, text)
            if literals and any(x in self._fold_of(i) for x in literals):
                signal = 1.0
            if pattern is not None:
                found = value_candidates(query, [text], pattern, units)
                value = min(max(found[0].score, 0.0) / 2.5, 1.0) if found else 0.0
                signal = 0.5 * signal + 0.5 * value
            bonus[j] = self.settings.rerank_weight * signal
        return bonus

    def chunk_at(self, doc: str, pos: int) -> Chunk | None:
        """The first passage of `doc` that holds character `pos`."""
        return next((c for c in self.chunks if c.doc == doc and c.start <= pos < c.end), None)

    def ranked(self, query: Query, k: int) -> list[Hit]:
        rows, fused, dense, lexical = self.score(query)
        order = np.argsort(-fused, kind="stable")
        if self.settings.use_rerank and len(order):
            head = order[: self.settings.rerank_depth]
            fused = fused.copy()
            fused[head] += self.rerank_bonus(query, rows[head])
            order = np.argsort(-fused, kind="stable")
        return [Hit(self.chunks[rows[j]], float(fused[j]), float(dense[j]), float(lexical[j])) for j in order[:k]]

    def search(self, query: Query, k: int) -> list[Hit]:
        """Top-k hits; a question with parts gets each part's best passages interleaved first."""
        if not query.parts:
            return self.ranked(query, k)
        per_part = [self.ranked(part, k) for part in query.parts]
        merged: dict[str, Hit] = {}
        for rank in range(k):
            for hits in per_part:
                if rank < len(hits) and len(merged) < k:
                    merged.setdefault(hits[rank].chunk.id, hits[rank])
        for hit in self.ranked(query, k):
            if len(merged) >= k:
                break
            merged.setdefault(hit.chunk.id, hit)
        return list(merged.values())[:k]


def _every_group(query: Query) -> list[list[str]]:
    """The term groups of a question and of its parts."""
    return [*query.groups, *(g for p in query.parts for g in p.groups)]
