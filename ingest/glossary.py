"""The English → Chinese domain glossary: one truth for the terms of these reports.

The retriever turns English questions into Chinese terms with it; the lexical index
teaches jieba its Chinese side, so 追责问责 or 国考断面 stay one word in questions and
in passages alike.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

GLOSSARY_PATH = Path(__file__).parent / "data" / "glossary.tsv"


@lru_cache(maxsize=1)
def glossary_rows() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(english phrase, Chinese terms) rows, in file order."""
    rows = []
    if GLOSSARY_PATH.is_file():
        for line in GLOSSARY_PATH.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#") or "\t" not in line:
                continue
            english, chinese = line.split("\t")[:2]
            terms = tuple(t.strip() for t in chinese.split("|") if t.strip())
            if english.strip() and terms:
                rows.append((english.strip(), terms))
    return tuple(rows)


@lru_cache(maxsize=1)
def domain_terms() -> frozenset[str]:
    """Every Chinese term of the glossary (two characters or more)."""
    return frozenset(t for _, terms in glossary_rows() for t in terms if len(t) >= 2 and not t.isascii())
