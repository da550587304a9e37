"""The `duchaqa` command's new entry points on bad input: a clear message, a non-zero exit, no traceback."""

from __future__ import annotations

from pathlib import Path

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
