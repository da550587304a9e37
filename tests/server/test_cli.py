"""The `duchaqa` command: bad input gets a clear message and no traceback; writes lose nothing."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from server.cli import app
from tests.conftest import CORPUS

runner = CliRunner()


def test_explain_prints_what_a_file_keeps_and_drops(tmp_path: Path) -> None:
    page = tmp_path / "news.txt"
    page.write_text(
        "首页 | 新闻中心 | 政务公开\n江苏公开督察整改落实情况\n来源：新华日报  发布时间：2022-03-15\n"
        "截至2022年2月底，全省64项整改任务已完成45项，其余19项正按序时进度推进。\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["ingest", "--explain", str(page)])
    assert result.exit_code == 0, result.output
    assert "body covered by chunks: 100.0%" in result.output
    assert "[navigation] 0-16: '首页 | 新闻中心 | 政务公开'" in result.output
    # The byline's source and date are read as metadata and stay text.
    assert "source: 新华日报" in result.output and "date: 2022-03-15" in result.output


def test_explain_reports_unreadable_and_missing_files_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    good = CORPUS / "002_016a5db2350202bd.txt"
    args = ["ingest", "--explain", str(tmp_path / "empty.txt"), str(tmp_path / "broken.pdf"), "/no/such.txt", str(good)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "empty file" in result.output and "malformed PDF" in result.output and "no such file" in result.output
    assert good.name in result.output
    assert "Traceback" not in result.output


def test_explain_needs_files() -> None:
    result = runner.invoke(app, ["ingest", "--explain"])
    assert result.exit_code != 0
    assert "needs one or more files" in result.output


def test_eval_on_a_folder_without_reports_says_so(tmp_path: Path) -> None:
    for folder in (tmp_path, tmp_path / "missing"):
        result = runner.invoke(app, ["eval", "--corpus", str(folder)])
        assert result.exit_code != 0
        assert "no reports in" in result.output
        assert "Traceback" not in result.output


def test_damaged_reader_weights_are_reported_without_a_traceback(tmp_path: Path, monkeypatch) -> None:
    from common.settings import get_settings

    broken = tmp_path / "weights.json"
    broken.write_text('{"version": 2, "features": ["first"]', encoding="utf-8")  # cut short
    monkeypatch.setenv("DUCHAQA_READER_WEIGHTS", str(broken))
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["ask", "How many petitions did Hunan close?"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code != 0
    assert "reader's weights" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("name", "value"), [("DUCHAQA_DENSE_ANN", "hnws"), ("DUCHAQA_HNSW_LINKS", "many")])
def test_a_wrong_setting_is_named_without_a_traceback(name: str, value: str, monkeypatch) -> None:
    from common.settings import get_settings

    monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["ask", "How many petitions did Hunan close?"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "invalid setting" in result.output and name in result.output
    assert "Traceback" not in result.output


def test_ask_from_stdin_answers_every_line_a_bad_one_too(settings, pipeline, monkeypatch) -> None:
    import json

    from common.settings import get_settings

    for name, value in (("CORPUS_DIR", settings.corpus_dir), ("INDEX_DIR", settings.index_dir)):
        monkeypatch.setenv(f"DUCHAQA_{name}", str(value))
    monkeypatch.setenv("DUCHAQA_CACHE_DIR", str(settings.cache_dir))
    get_settings.cache_clear()
    try:
        lines = "湖南信访件办结了多少件\n   \n\x01\x02\nHow many petitions did Hunan close?\n"
        result = runner.invoke(app, ["ask", "-", "--json"], input=lines)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2  # some lines were refused
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 4  # a line out for every line in, so answers stay beside their questions
    assert "3177" in answers[0]["answer"] and "3177" in answers[3]["answer"]
    assert answers[1]["error"] == "the question is empty"
    assert "control" in answers[2]["error"]
    assert "Traceback" not in result.output


# --- writes through the CLI: a taken name, replace, restore, limits ----------------------------------

SMALL, OTHER = "000_3ef7bb5cd6a812bb.txt", "002_016a5db2350202bd.txt"


@pytest.fixture()
def small_world(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A one-report corpus for the CLI (the session's embedding cache: nothing here needs the model)."""
    from common.settings import get_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / SMALL, corpus)
    monkeypatch.setenv("DUCHAQA_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("DUCHAQA_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("DUCHAQA_CACHE_DIR", str(cache_dir))
    get_settings.cache_clear()
    yield corpus
    get_settings.cache_clear()


def test_ingest_replaces_only_when_asked_and_restore_undoes_it(small_world: Path, tmp_path: Path) -> None:
    original = (small_world / SMALL).read_bytes()
    incoming = tmp_path / "incoming" / SMALL
    incoming.parent.mkdir()
    incoming.write_bytes((CORPUS / OTHER).read_bytes())  # another report's text under the same name

    result = runner.invoke(app, ["ingest", str(incoming)])
    assert result.exit_code == 0, result.output
    assert "already in" in result.output and "--replace" in result.output
    assert (small_world / SMALL).read_bytes() == original

    result = runner.invoke(app, ["ingest", "--replace", str(incoming)])
    assert result.exit_code == 0, result.output
    assert f"replaced {SMALL}" in result.output
    assert (small_world / SMALL).read_bytes() == incoming.read_bytes()

    result = runner.invoke(app, ["restore", SMALL])
    assert result.exit_code == 0, result.output
    assert (small_world / SMALL).read_bytes() == original
    result = runner.invoke(app, ["restore", "never-there.txt"])
    assert result.exit_code != 0 and "no earlier version" in result.output


def test_ingest_refuses_a_huge_one_line_text_quickly(small_world: Path, tmp_path: Path) -> None:
    big = tmp_path / "one-line.txt"
    big.write_text("湖南省信访件办结了3177件，" * 60_000, encoding="utf-8")  # 780,000 characters, one line
    started = time.perf_counter()
    result = runner.invoke(app, ["ingest", str(big)])
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output and "characters" in result.output
    assert not (small_world / big.name).exists()
    assert time.perf_counter() - started < 30


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--clients", "0", "--clients: each number must be between 1 and 500"),
        ("--sizes", "10000,abc", "--sizes: '10000,abc' is not a comma-separated list of whole numbers"),
        ("--disk-sizes", "99999999999", "--disk-sizes: each number must be between 1 and 2,000,000"),
    ],
)
def test_bench_refuses_counts_it_cannot_run_before_building_anything(option: str, value: str, said: str) -> None:
    result = runner.invoke(app, ["bench", option, value])
    assert result.exit_code == 1 and said in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_bench_needs_a_question_to_time(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["bench", "--gold", str(empty)])
    assert result.exit_code == 1 and "no questions" in " ".join(result.output.split())
