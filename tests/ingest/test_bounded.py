"""Reading untrusted files in the worker: limits on text, time and memory, and a worker that survives its files."""

from __future__ import annotations

import dataclasses
import time

import pytest

from common.settings import Settings
from ingest.bounded import Limits, ingest_bytes, ingest_untrusted
from ingest.read import ReadError

LIMITS = Limits.from_settings(Settings())
REPORT = "湖南省整改情况\n\n一、总体情况\n\n全省信访件办结3177件，办结率100%。\n".encode()


def test_the_worker_gives_what_reading_here_gives() -> None:
    there = ingest_untrusted("r.txt", REPORT, LIMITS)
    here = ingest_bytes("r.txt", REPORT, LIMITS)
    assert there.source == here.source
    assert there.info == here.info
    assert there.chunks == here.chunks


def test_text_past_the_character_limit_is_too_large() -> None:
    with pytest.raises(ReadError) as caught:
        ingest_untrusted("long.txt", ("整改" * 2000).encode(), dataclasses.replace(LIMITS, max_chars=1000))
    assert caught.value.kind == "too_large"
    assert "limit is 1,000" in str(caught.value)


def test_a_file_over_its_time_is_stopped_and_the_next_file_is_read() -> None:
    slow = ("湖南省信访件办结了3177件。\n" * 30_000).encode()
    started = time.perf_counter()
    with pytest.raises(ReadError, match=r"within 0\.3 s"):
        ingest_untrusted("slow.txt", slow, dataclasses.replace(LIMITS, seconds=0.3))
    assert time.perf_counter() - started < 5
    assert ingest_untrusted("next.txt", REPORT, LIMITS).info.chunks >= 1


def test_a_file_over_its_memory_fails_inside_the_worker() -> None:
    # 200 MB of address space cannot even hold the decoded text of 60 MB.
    tight = dataclasses.replace(LIMITS, memory_mb=200, max_bytes=10**9)
    with pytest.raises(ReadError) as caught:
        ingest_untrusted("huge.txt", "整".encode() * 20_000_000, tight)
    assert caught.value.kind in ("too_large", "invalid")
    assert ingest_untrusted("next.txt", REPORT, LIMITS).info.chunks >= 1


def test_deeply_nested_html_finishes_in_seconds() -> None:
    page = ("<div>" * 100_000 + "<p>整改正文：信访件办结3177件。</p>" + "</div>" * 100_000).encode()
    started = time.perf_counter()
    try:
        text = ingest_untrusted("deep.html", page, LIMITS).source.text
        assert "3177" in text
    except ReadError as err:  # refusing it with a reason is as good as reading it
        assert "deep.html" in str(err)
    assert time.perf_counter() - started < 30


def test_a_ten_megabyte_page_is_refused_in_seconds() -> None:
    paragraph = "<p>2023年全省整改任务完成情况：完成整改任务45项，信访件办结3177件，问责428人。</p>\n"
    page = ("<html><body><div>" + paragraph * (10_000_000 // len(paragraph.encode())) + "</div></body></html>").encode()
    started = time.perf_counter()
    with pytest.raises(ReadError) as caught:
        ingest_untrusted("big.html", page, LIMITS)
    assert caught.value.kind == "too_large"
    assert time.perf_counter() - started < 30


def test_a_report_among_200000_blank_lines_is_read_in_seconds() -> None:
    # A \s* at a line start ran over every blank line after it: quadratic, minutes for this file.
    data = b"\n" * 100_000 + REPORT + b"\n" * 100_000
    started = time.perf_counter()
    assert "3177" in ingest_bytes("blank-lines.md", data, LIMITS).source.text
    assert time.perf_counter() - started < 20
