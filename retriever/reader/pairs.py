"""Questions that combine two figures the question does not split by region or year: "A和B两处
合计…", "how many more … than …", "which is higher, A or B? Give the value".

A question naming two regions or two years is answered in parts (`reader.parts`). One naming two
things of one place (two pumping stations, two cases, two kinds of task) has no such handle: its
two figures are the pair of the reader's own candidates, in one unit, that answer it best together.
"""

from __future__ import annotations

import re
from itertools import combinations

from ingest.numerals import to_number
from retriever.query.intent import INTENT_PATTERNS, asks_extreme
from retriever.query.parse import Query
from retriever.reader.candidates import Proposal
from retriever.reader.located import Answer, conclusion
from retriever.reader.parts import asks_difference, asks_sum, counted_in, difference_answer, sum_answer

# Two things joined in the question, as a sum asks it: "A和B两处合计", "A与B加起来" (in one clause, so
# a coordination inside a longer name, "行政执法与刑事司法衔接方面，一共…", is not a pair), "A and B
# combined", "the two cases".
_SUM_ZH = re.compile(
    r"[和与及、跟同][^，,。；;：:！？!?]{1,14}?(?:[两二俩双][\u4e00-\u9fff]?|加起来|合计|共计|总共|一共|总和)"
)
_SUM_EN = re.compile(r"\b(?:and|or|both|two)\b")
# A difference is asked against something: "A比B多多少", "how many more … than", "A and B differ";
# "A比B低多少", "by how many points did A exceed B" ask it too. (A change the reports state,
# "比上年下降了多少", is one figure: its verb stands between 比 and 多少.)
_AGAINST = re.compile(r"比|和|与|跟|同|\b(?:than|and|between)\b")
_GAP = re.compile(r"比[^，,。；;？?]{1,30}?[高低多少大小长短]多少|\bby how (?:many|much)\b.*\b(?:exceed|than)\b")
# "what total area … died or degraded": an English total of two things.
_TOTAL_EN = re.compile(r"\btotal\b")
# A comparison of two named things: "A和B哪个更高", "A or B, which is higher".
_ALTERNATIVES_ZH = re.compile(r"(?:[和与跟同或]|还是).*(?:哪|谁)|(?:哪|谁).*(?:[和与跟同或]|还是)")
_ALTERNATIVES_EN = re.compile(r"\bor\b")
_COMPARE = dict(INTENT_PATTERNS)["compare"]
# A name the question quotes joins nothing: "“半边山、一面墙”式矿山" is one kind of mine.
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|《[^》]*》|\"[^\"]*\"")
# A comparison of dates ("which was earlier", "the first to…") is not a pair of figures.
_WHEN = re.compile(r"早|晚|先|\b(?:earlier|later|sooner)\b|\bfirst\b(?![\s-]+(?:round|batch))")
_LOWER = re.compile(r"(?:更|最|较)(?:低|少|小|短)|\b(?:lower|fewer|less|smaller|least|lowest|shorter)\b")


def asks_pair(query: Query) -> str:
    """ "sum", "difference", "higher" or "lower" for a question combining two figures it does not
    split into parts; "" for any other."""
    if len(query.parts) >= 2 or asks_extreme(query):  # "the most" is asked of a series, not of two
        return ""
    text, english = _QUOTED.sub("", query.folded), query.lang == "en"
    if english and (asks_sum(query) or _TOTAL_EN.search(text)) and _SUM_EN.search(text):
        return "sum"
    if not english and asks_sum(query) and _SUM_ZH.search(text):
        return "sum"
    if (asks_difference(query) and _AGAINST.search(text)) or _GAP.search(text):
        return "difference"
    alternatives = (_ALTERNATIVES_EN if english else _ALTERNATIVES_ZH).search(text)
    if alternatives and _COMPARE.search(text) and not _WHEN.search(text):
        return "lower" if _LOWER.search(text) else "higher"
    return ""


def best_pair(proposals: list[Proposal], pool: int) -> tuple[int, int] | None:
    """The two figures among the best `pool` candidates, counted in one unit, of two values, that
    the reader rates highest together (by the sum of their log-odds)."""
    values = {
        i: v
        for i, p in enumerate(proposals[:pool])
        if p.kind == "figure" and (v := to_number(p.answer.answer)) is not None
    }
    best: tuple[float, int, int] | None = None
    for i, j in combinations(values, 2):
        if values[i] == values[j] or counted_in(proposals[i].answer.answer) != counted_in(proposals[j].answer.answer):
            continue
        joint = proposals[i].logit + proposals[j].logit
        if best is None or joint > best[0]:
            best = (joint, i, j)
    return None if best is None else (best[1], best[2])


def combine(asked: str, first: Answer, second: Answer) -> Answer:
    """The pair's answer: their sum, their difference, or the higher (lower) figure, each part cited
    in the order the text gives them."""
    parts = sorted([first, second], key=lambda p: (p.doc, p.start))
    values = [("", to_number(p.answer) or 0.0) for p in parts]
    if asked == "sum":
        return sum_answer(values, parts)
    if asked == "difference":
        return difference_answer(values, parts)
    pick = max if asked == "higher" else min
    chosen = pick(zip(parts, values, strict=True), key=lambda pv: pv[1][1])[0]
    return conclusion(chosen.answer, f"{parts[0].answer}；{parts[1].answer}", parts)
