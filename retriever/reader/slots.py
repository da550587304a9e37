"""A Chinese "which / what / who" question answered by aligning it with a sentence.

"督察办与哪个机构建立了协作机制" and "督察办与省委巡视办建立督察与巡视监督协作机制" share the words
on both sides of the asked slot: what the sentence has between them (省委巡视办) is the answer.
Tried before a name pattern (which may run across 和 into the next name) and for fact questions no
pattern serves; English questions share no words with the text.
"""

from __future__ import annotations

import re
from itertools import takewhile

from retriever.query.parse import Query
from retriever.reader.located import in_region
from retriever.reader.values import SENTENCE, Candidate, folded, group_coverage
from retriever.search.hits import Hit

# The asked slot: a question word, then perhaps the kind of thing asked ("哪个机构", "什么部门").
_WH = re.compile(r"哪(?:一个|个|家|位|一位|一级|座|条)|什么|谁")
_TAIL_MARKS = re.compile(r"[?？!！。.\s]+$")
# The question ends in the kind of thing asked, a noun phrase the name itself ends in.
_ENDS_IN_KIND = re.compile(r"[^的了是]{2,10}")
_CLAUSE_MARK = re.compile(r"[，,。；;：:！？!?、“”\n]")
_SKIP = "了的是"  # function characters between the slot and the words after it
LEFT_CHARS = 1  # the question's characters right before the slot that the sentence must have
MIN_AGREE = 4  # characters of the question, on the two sides, the sentence must share
PLACE_AGREE = 2  # a place the question names, in the sentence, agrees as much as two characters
RIGHT_CHARS = 2
MAX_KIND = 4  # characters after the question word that may name the kind of thing asked
MIN_SLOT, MAX_SLOT = 2, 20
MIN_COVERAGE = 0.5  # the sentence must hold half the question's terms


def aligned_slot(query: Query, hits: list[Hit]) -> tuple[Candidate, Hit] | None:
    """The words a passage sentence has where the question has its question word: of all the
    alignments, the one whose text agrees longest with the question on both sides."""
    wh = _WH.search(query.folded)
    if query.lang == "en" or not wh:
        return None
    before = query.folded[: wh.start()].rstrip(_SKIP)  # "处置完成了哪家公司" is written "处置完成辽宁牧昌公司"
    tail = _TAIL_MARKS.sub("", query.folded[wh.end() :])
    if not _is_cjk(before[-LEFT_CHARS:]) or (wh.group(0) == "什么" and _ENDS_IN_KIND.fullmatch(tail)):
        return None  # "建成了什么督察档案管理平台": the name ends in the asked kind, a name pattern's job
    afters = _afters(tail)
    if tail and not afters:
        return None
    best: tuple[int, Candidate, Hit] | None = None
    for index, hit in enumerate(in_region(query, hits)):
        body = folded(hit.chunk.text)
        previous = ""
        for m in SENTENCE.finditer(body):
            # The sentence before sets its topic: "…赔偿工作格局。黄南州建立了…专家库。"
            context, previous = previous + m.group(0), m.group(0)
            if group_coverage(query, context) < MIN_COVERAGE:
                continue
            named = PLACE_AGREE * sum(p in m.group(0) for p in query.places)  # "黄南州建立了…"
            for a, b, agree in _alignments(body, m.start(), m.end(), before, afters):
                agree += named
                if agree >= MIN_AGREE and (best is None or agree > best[0]):
                    best = (agree, Candidate(body[a:b], index, a, b, 1.0), hit)
    return (best[1], best[2]) if best else None


def _afters(after: str) -> list[str]:
    """The question after the slot, for each length the asked kind may have ("机构建立了…" → 建立…)."""
    out = []
    for kind in range(MAX_KIND + 1):
        rest = after[kind:].lstrip(_SKIP).replace("了", "")  # "建立了协作机制" is written "建立协作机制"
        if _is_cjk(rest[:RIGHT_CHARS]) and rest not in out:
            out.append(rest)
    return out


def _alignments(body: str, start: int, end: int, before: str, afters: list[str]) -> list[tuple[int, int, int]]:
    """Each span of the sentence between the question's words before and after its slot (within
    MAX_SLOT characters, CJK only), with how many characters agree on the two sides."""
    out = []
    left = before[-LEFT_CHARS:]
    for lm in re.finditer(re.escape(left), body[start:end]):
        a = start + lm.end()
        left_agree = _agree(body[:a][::-1], before[::-1])
        while a < end and body[a] in _SKIP:  # "建立了生态系统…专家库"
            a += 1
        if not afters:  # "建立了什么？": the slot ends the question, and its clause in the text
            b = _clause_end(body, a, end)
            if b - a >= MIN_SLOT and _is_cjk(body[a:b]):
                out.append((a, b, left_agree))
        for after in afters:
            b = body.find(after[:RIGHT_CHARS], a + MIN_SLOT, min(end, a + MAX_SLOT + 1))
            if b > 0 and _is_cjk(body[a:b]):
                out.append((a, b, left_agree + _agree(body[b:end], after)))
    return out


def _clause_end(body: str, a: int, end: int) -> int:
    """Where the clause from `a` ends (the next mark), within MAX_SLOT characters."""
    m = _CLAUSE_MARK.search(body, a, min(end, a + MAX_SLOT + 1))
    return m.start() if m else min(end, a + MAX_SLOT)


def _agree(x: str, y: str) -> int:
    """Characters two strings share from their start."""
    return sum(1 for _ in takewhile(lambda pair: pair[0] == pair[1], zip(x, y, strict=False)))


def _is_cjk(text: str) -> bool:
    return bool(text) and all("\u4e00" <= c <= "\u9fff" for c in text)
