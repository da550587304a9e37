"""No text lost: on every document of every test corpus, the chunks hold the whole body.

The body is every visible character that ingest did not record as dropped (with its reason);
the chunks must cover at least 99% of it, and every recorded drop must point at its text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from common.settings import ROOT, Settings
from index.build import corpus_files
from ingest.explain import explain_file

CORPORA = [ROOT / "corpus", ROOT / "eval" / "unseen" / "corpus"]
FILES = [path for folder in CORPORA for path in corpus_files(folder)]
DEFAULTS = Settings()
MIN_COVERAGE = 0.99


def test_every_test_corpus_has_documents() -> None:
    for folder in CORPORA:
        assert corpus_files(folder), folder


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_chunks_cover_the_body_and_drops_point_at_their_text(path: Path) -> None:
    found = explain_file(path, DEFAULTS.chunk_chars, DEFAULTS.chunk_overlap, DEFAULTS.min_chunk_chars)
    assert found.chunks, path.name
    assert found.coverage >= MIN_COVERAGE, f"{path.name}: chunks cover {found.coverage:.2%} of the body"
    text = found.source.text
    for drop in found.info.dropped:
        if drop.start is not None and drop.end is not None:
            assert text[drop.start : drop.end] == drop.text, (path.name, drop)
    # A file's body is most of it: a page that lost its article would show here.
    dropped = sum(len(d.text) for d in found.info.dropped if d.start is not None)
    assert dropped < 0.5 * len(text), f"{path.name}: {dropped} of {len(text)} characters dropped"
