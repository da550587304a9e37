"""The scoring rules, exactly as documented, so other tools can rescore `--out` files the same way.

Hit: a passage hits a quote when its normalised text contains the normalised quote
(NFKC, traditional→simplified, whitespace removed), or its [start, end) covers at
least 60% of the quote's span in the file. A multi item is found at rank r only
when all its quotes are hit within the top r; other items at the first hit.
Answer: a normalised gold form occurs in the normalised answer, and the answer is
at most three times the longest gold form plus 10 characters long.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ingest import squash

COVER_SHARE = 0.6


@dataclass(frozen=True)
class Passage:
    doc: str
    start: int
    end: int
    text: str


def quote_spans(quote: str, text: str) -> list[tuple[int, int]]:
    """Every occurrence of the quote in its document."""
    spans, pos = [], text.find(quote)
    while pos >= 0:
        spans.append((pos, pos + len(quote)))
        pos = text.find(quote, pos + 1)
    return spans


def hits_quote(passage: Passage, doc: str, quote: str, spans: list[tuple[int, int]]) -> bool:
    if passage.doc != doc:
        return False
    if squash(quote) in squash(passage.text):
        return True
    for a, b in spans:
        overlap = min(b, passage.end) - max(a, passage.start)
        if b > a and overlap / (b - a) >= COVER_SHARE:
            return True
    return False


def quote_ranks(passages: list[Passage], evidence: list[tuple[str, str, list[tuple[int, int]]]]) -> list[int | None]:
    """For each quote, the 1-based rank of the first passage hitting it (None if none does)."""
    ranks: list[int | None] = []
    for doc, quote, spans in evidence:
        rank = next((i for i, p in enumerate(passages, 1) if hits_quote(p, doc, quote, spans)), None)
        ranks.append(rank)
    return ranks


def found_rank(ranks: list[int | None], multi: bool) -> int | None:
    """Rank at which the item counts as found."""
    if not ranks:
        return None
    if multi:
        return None if any(r is None for r in ranks) else max(r for r in ranks if r is not None)
    known = [r for r in ranks if r is not None]
    return min(known) if known else None


def ndcg(ranks: list[int | None], multi: bool, k: int = 10) -> float:
    """Binary-relevance nDCG@k over passages: a passage hitting any of the item's quotes is relevant
    once (two quotes in one passage are one relevant passage, so the score never passes 1); a quote
    no passage hits still counts in the ideal ranking."""
    wanted = ranks if multi else ([found_rank(ranks, False)] if ranks else [])
    found = sorted({r for r in wanted if r is not None})
    needed = len(found) + sum(1 for r in wanted if r is None)
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(needed, k) + 1))
    got = sum(1 / math.log2(r + 1) for r in found if r <= k)
    return got / ideal if ideal else 0.0


def answer_correct(answer: str, gold_forms: list[str]) -> bool:
    norm = squash(answer)
    forms = [squash(f) for f in gold_forms if squash(f)]
    if not norm or not forms:
        return False
    longest = max(len(f) for f in forms)
    return len(norm) <= 3 * longest + 10 and any(f in norm for f in forms)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)
