"""Which inspection round, batch and campaign a text names, and when each central round began.

Staff name the round to be precise ("第二轮督察期间罚款多少"); the reports name it once, in a
lead or a heading, and otherwise date their events. The central rounds' start years are a fact of
the genre: an event dated before the asked round began is of an earlier one.
"""

from __future__ import annotations

import re

from retriever.query.parse import YEAR
from retriever.query.rounds import CAMPAIGNS, rounds_named

# The year each round of the central inspection began: the first with the Hebei pilot at the
# turn of 2016, the look-back in 2018, the second in July 2019, the third in November 2023.
CENTRAL_ROUND_START = {1: 2015, 2: 2019, 3: 2023}
LOOK_BACK_START = 2018
# A province's (or a city's) own inspection rounds keep their own calendar. (Not 省委: the central
# inspectors report to 省委、省政府.)
_OWN_ROUNDS = re.compile(r"省级|市级|本级|provincial", re.IGNORECASE)


def central_start(question: str) -> int | None:
    """The year the central round (or the look-back) the question asks about began; None when it
    names none, names a province's own round, or names an earlier year too."""
    if _OWN_ROUNDS.search(question):
        return None
    starts = [CENTRAL_ROUND_START[n] for kind, n in rounds_named(question) if kind == "轮" and n in CENTRAL_ROUND_START]
    if CAMPAIGNS["回头看"].search(question):
        starts.append(LOOK_BACK_START)
    if not starts or any(int(y) < min(starts) for y in YEAR.findall(question)):
        return None  # "2016年…与回头看期间…": the question itself reaches back before the round
    return min(starts)


# "2017年以来", "since 2017" name where a period starts, not the date of one event: a later year
# is inside it, and it may run into the asked round.
SINCE = re.compile(r"(?:19|20)\d\d年?(?:以来|起)|\bsince (?:19|20)\d\d\b")


def before_round(question: str, dated: str) -> bool:
    """The text dates its event (its last year) before the asked central round began."""
    start = central_start(question)
    last = max(YEAR.finditer(dated), key=lambda m: m.start(), default=None)
    if start is None or last is None or SINCE.match(dated, last.start()):
        return False
    return int(last.group()) < start
