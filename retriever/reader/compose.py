"""Stage 4 of the reader: choose the answer, say how sure it is, or say the reports do not say.

A question asking one value gets the best-scored candidate with its calibrated confidence; below
the fitted threshold the answer is "not found", with the best guess kept for the page to show.
Questions in parts (comparisons, sums, each of several regions, lists of regions) combine their
parts' answers and confidences. Only what the corpus cannot hold at all (a region, place or year
no passage names) is refused before reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from retriever.query.intent import intent_of
from retriever.query.parse import YEAR, Query
from retriever.query.parts import narrowed
from retriever.query.points import MEASURED_AGAINST
from retriever.reader.candidates import Proposal, context_window, propose
from retriever.reader.features import describe
from retriever.reader.located import NOT_FOUND, Answer
from retriever.reader.pairs import asks_pair, best_pair, combine
from retriever.reader.parts import (
    REGION_LIST_DEPTH,
    PartRanker,
    asks_difference,
    asks_each,
    asks_regions,
    asks_sum,
    compare,
    each_region,
    own_hits,
    region_list,
)
from retriever.reader.score import ReaderModel, probabilities
from retriever.reader.values import folded, is_change
from retriever.search.hits import Coverage, Hit

# A proper place name by its ending: 洱海, 滇池, 抚仙湖, 龙泉市 (a common word like 类别 is not).
NAMED_PLACE = re.compile(r"[\u4e00-\u9fff]{1,4}(?:湖|海|河|江|池|山|岛|湾|县|市|镇|乡|村|州|水库)")

# How the reader compares a candidate's sentence with the question (the e5 model, via the searcher).
Similarity = Callable[[Query, list[str]], list[float]]


@dataclass
class Reading:
    """The answer and every candidate the reader weighed (for the page, the eval and the fit)."""

    answer: Answer
    proposals: list[Proposal] = field(default_factory=list)


@dataclass(frozen=True)
class Reader:
    model: ReaderModel
    threshold: float
    candidates: int
    sentences: int
    window: int
    pair_pool: int

    def read(self, query: Query, hits: list[Hit], covered: Coverage, similarity: Similarity) -> Reading:
        """The short answer with its source offsets and confidence, or an abstention."""
        intent = intent_of(query)
        refused = unheld(query, hits, covered)
        if refused:
            return Reading(Answer(NOT_FOUND, True, refused, intent=intent))
        if asks_regions(query):
            listed = region_list(query, hits)
            if listed is not None:
                return Reading(self._combined(listed, query, hits, covered, similarity))
        if query.parts and (intent == "compare" or asks_sum(query) or asks_difference(query)):
            if any(part.point for part in query.parts) and MEASURED_AGAINST.search(query.folded):
                stated = self._read_one(query, hits, covered, similarity)
                if stated_change(stated):
                    return stated
            ranked = compare(query, hits, self._part_ranker(covered, similarity))
            return Reading(self._combined(ranked, query, hits, covered, similarity))
        asked = asks_pair(query)
        if asked:
            paired = self._read_pair(asked, query, hits, covered, similarity)
            if paired is not None:
                return paired
        if asks_each(query):
            each = each_region(query, hits, lambda part, own: self.read(part, own, covered, similarity).answer)
            return Reading(with_parts_confidence(each, self.model))
        return self._read_one(query, hits, covered, similarity)

    def weigh(
        self, query: Query, hits: list[Hit], covered: Coverage, similarity: Similarity, intent: str | None = None
    ) -> list[Proposal]:
        """Every candidate for a one-value question, described and scored, best first."""
        proposals = propose(query, hits, covered, self.candidates, intent)
        if not proposals:
            return []
        sentences = [context_window(p, self.window) for p in proposals[: self.sentences]]
        sims = similarity(query, sentences) + [0.0] * (len(proposals) - len(sentences))
        describe(query, hits, covered, proposals, sims)
        logits = self.model.logits([p.features for p in proposals])
        for proposal, logit, p in zip(proposals, logits, probabilities(logits), strict=True):
            proposal.logit, proposal.probability = float(logit), float(p)
        return sorted(proposals, key=lambda p: -p.logit)

    def _part_ranker(self, covered: Coverage, similarity: Similarity) -> PartRanker:
        """A comparison's part ranks its values as a one-value question would: by the fitted model."""

        def rank(part: Query, hits: list[Hit], intent: str) -> list[Answer]:
            return [p.answer for p in self.weigh(part, hits, covered, similarity, intent)]

        return rank

    def _confidence(self, proposals: list[Proposal], chosen: int | None = None) -> float:
        logits = np.array([p.logit for p in proposals])
        return self.model.confidence(logits, [p.features for p in proposals], chosen)

    def _read_one(self, query: Query, hits: list[Hit], covered: Coverage, similarity: Similarity) -> Reading:
        intent = intent_of(query)
        proposals = self.weigh(query, hits, covered, similarity)
        if not proposals:
            return Reading(Answer(NOT_FOUND, True, "the passages hold no value of the asked kind", intent=intent))
        confidence = self._confidence(proposals)
        best = proposals[0].answer
        best.confidence = confidence
        if confidence < self.threshold:
            reason = "the reports may not state it exactly: the best candidate is too uncertain"
            doubt = Answer(NOT_FOUND, True, reason, intent=intent, confidence=confidence, guess=best)
            return Reading(doubt, proposals)
        return Reading(best, proposals)

    def _read_pair(
        self, asked: str, query: Query, hits: list[Hit], covered: Coverage, similarity: Similarity
    ) -> Reading | None:
        """Two figures of one place combined: the best pair of the reader's figures, each as sure as
        the reader is of it once the other is set aside; the answer as sure as both together. None
        when the passages hold no such pair (the question is then read as asking one value)."""
        proposals = self.weigh(query, hits, covered, similarity, intent="number")
        pair = best_pair(proposals, self.pair_pool)
        if pair is None:
            return None
        answers = []
        for chosen, other in (pair, pair[::-1]):
            rest = [p for i, p in enumerate(proposals) if i != other]
            answer = proposals[chosen].answer
            answer.confidence = self._confidence(rest, chosen - (other < chosen))
            answers.append(answer)
        combined = with_parts_confidence(combine(asked, *answers), self.model)
        if combined.confidence < self.threshold:
            reason = "the reports may not state both figures exactly: the best pair is too uncertain"
            doubt = Answer(NOT_FOUND, True, reason, intent="compare", confidence=combined.confidence, guess=combined)
            return Reading(doubt, proposals)
        return Reading(combined, proposals)

    def _combined(
        self, answer: Answer, query: Query, hits: list[Hit], covered: Coverage, similarity: Similarity
    ) -> Answer:
        """A comparison, a sum or a list of regions: each part's value is as sure as the reader is of
        it among that part's own candidates (not at all when it is not one of them); the answer is
        as sure as its parts together."""
        if answer.abstained:
            return answer
        part_queries = query.parts or [narrowed(query, p.region) for p in answer.parts if p.region]
        for part_query in part_queries:
            part = next((p for p in answer.parts if p.region == (part_query.label or part_query.regions[0])), None)
            if part is None:
                continue
            weighed = self.weigh(part_query, own_hits(part_query, query, hits), covered, similarity)
            same = [i for i, p in enumerate(weighed) if p.answer.doc == part.doc and _overlap(p.answer, part)]
            part.confidence = self._confidence(weighed, same[0]) if same else 0.0
        return with_parts_confidence(answer, self.model)


def stated_change(reading: Reading) -> bool:
    """A year measured against another ("2025年比2024年提高了多少") is how reports state a change
    ("较2024年提高6.1个百分点"): the one-value reading answers it when its figure is said right after
    a verb of change; a figure said as a level ("提高到99.1%", "降至12微克/立方米") is not the change,
    which is then the difference of the two years' figures."""
    if reading.answer.abstained or not reading.proposals:
        return False
    best = reading.proposals[0]
    return is_change(folded(best.hit.chunk.text), best.answer.start - best.hit.chunk.start)


def _overlap(a: Answer, b: Answer) -> bool:
    """The two spans share a character, or the one sentence (a list's part is a sentence)."""
    return (a.start < b.end and b.start < a.end) or a.sentence_start == b.sentence_start


def with_parts_confidence(answer: Answer, model: ReaderModel) -> Answer:
    """An answer in parts is as sure as all its given parts together."""
    given = [p.confidence for p in answer.parts if not p.abstained]
    answer.confidence = model.joint(given) if given and not answer.abstained else 0.0
    return answer


def unheld(query: Query, hits: list[Hit], covered: Coverage) -> str | None:
    """Why the corpus cannot hold the answer at all: nothing indexed, or a region, place or year
    the question names that no passage does."""
    if not hits:
        return "nothing indexed matches"
    missing = [r for r in query.regions if r not in covered.regions]
    if missing:
        return f"the reports do not cover {', '.join(missing)}"
    # "云南 洱海 2022年": a lake, river or county the question names that no passage mentions.
    unseen = [p for p in query.places if p not in covered.places] + [
        t for t in query.absent if NAMED_PLACE.fullmatch(t)
    ]
    if unseen:
        return f"the reports do not mention {', '.join(unseen)}"
    years = [t for t in query.absent if YEAR.fullmatch(t.rstrip("年"))]
    if years:
        return f"the reports do not mention {', '.join(years)}"
    return None


def answer_depth(query: Query, depth: int) -> int:
    """How many of the top passages the reader reads."""
    if asks_regions(query):
        return REGION_LIST_DEPTH
    return depth * max(1, len(query.parts))
