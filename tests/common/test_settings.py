"""Settings in one place: another folder of reports gets an index of its own."""

from __future__ import annotations

from pathlib import Path

from common.settings import Settings


def test_two_folders_of_the_same_name_never_share_an_index(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "index")  # type: ignore[call-arg]
    first = settings.for_corpus(tmp_path / "a" / "corpus")
    second = settings.for_corpus(tmp_path / "b" / "corpus")
    assert first.index_dir != second.index_dir
    assert first.index_dir.parent == second.index_dir.parent == tmp_path / "index" / "corpora"
    assert first.corpus_dir == tmp_path / "a" / "corpus"
    assert settings.for_corpus(tmp_path / "a" / "corpus").index_dir == first.index_dir  # stable
