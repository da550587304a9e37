"""The dev gold set is valid and balanced; load_gold refuses malformed files, naming the line."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from common.settings import ROOT
from eval.gold import LANGS, TYPES, GoldError, GoldItem, load_gold
from ingest import squash

DEV = ROOT / "eval" / "dev.jsonl"
CORPUS = ROOT / "corpus"
HUNAN_DOC = "001_d25812755243d715.txt"
QINGHAI_DOC = "000_3ef7bb5cd6a812bb.txt"
HUNAN_QUOTE = "交办的3321件信访件已办结3177件"
QINGHAI_QUOTE = "森林覆蓋率由6.3%提高到7.5%"


@pytest.fixture(scope="module")
def dev() -> list[GoldItem]:
    return load_gold(DEV, corpus_dir=CORPUS)


def corpus_text(doc: str) -> str:
    return (CORPUS / doc).read_text(encoding="utf-8")


# --- the dev set -------------------------------------------------------------------------------


def test_dev_set_is_big_enough_with_unique_ids(dev: list[GoldItem]) -> None:
    assert len(dev) >= 150
    ids = [item.id for item in dev]
    assert len(set(ids)) == len(ids)
    assert all(item.question.strip() for item in dev)


def test_every_quote_is_an_exact_substring_of_its_file(dev: list[GoldItem]) -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}
    quotes = 0
    for item in dev:
        for ev in item.evidence:
            assert ev.doc in texts, (item.id, ev.doc)
            assert ev.quote in texts[ev.doc], (item.id, ev.quote)
            assert 10 <= len(ev.quote) <= 80, (item.id, ev.quote)
            quotes += 1
    assert quotes >= len(dev)


def test_every_type_is_present(dev: list[GoldItem]) -> None:
    types = Counter(item.type for item in dev)
    assert set(types) == set(TYPES)
    assert types["unanswerable"] >= 15
    assert types["multi"] >= 10
    for item in dev:
        if item.type == "unanswerable":
            assert not item.answer and not item.evidence and not item.answerable, item.id
        else:
            assert item.answer and item.evidence and item.answerable, item.id
        if item.type == "multi":
            assert len(item.evidence) >= 2, item.id


def test_language_mix_is_roughly_40_45_15(dev: list[GoldItem]) -> None:
    langs = Counter(item.lang for item in dev)
    assert set(langs) == set(LANGS)
    share = {lang: n / len(dev) for lang, n in langs.items()}
    assert share["en"] >= 0.30, share
    assert share["zh"] >= 0.35, share
    assert share["zh-hant"] >= 0.10, share


def test_number_answers_appear_in_their_quotes(dev: list[GoldItem]) -> None:
    numbers = [item for item in dev if item.type == "number"]
    assert numbers
    for item in numbers:
        quotes = [squash(ev.quote) for ev in item.evidence]
        assert any(squash(form) in q for form in item.gold_forms for q in quotes), (item.id, item.gold_forms)


def test_every_document_has_questions(dev: list[GoldItem]) -> None:
    docs = {ev.doc for item in dev for ev in item.evidence}
    assert docs == {p.name for p in CORPUS.glob("*.txt")}


# --- refusing bad gold files -------------------------------------------------------------------


def item(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "t1",
        "question": "湖南信访件办结了多少件",
        "lang": "zh",
        "type": "number",
        "region": "湖南",
        "answer": "3177件",
        "answer_aliases": ["3177"],
        "evidence": [{"doc": HUNAN_DOC, "quote": HUNAN_QUOTE}],
    }
    return {**base, **overrides}


def write_lines(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_quotes_used_below_are_real() -> None:
    assert HUNAN_QUOTE in corpus_text(HUNAN_DOC)
    assert QINGHAI_QUOTE in corpus_text(QINGHAI_DOC)


def test_a_valid_small_file_loads(tmp_path: Path) -> None:
    multi = item(
        id="t2",
        type="multi",
        evidence=[{"doc": HUNAN_DOC, "quote": HUNAN_QUOTE}, {"doc": QINGHAI_DOC, "quote": QINGHAI_QUOTE}],
    )
    none = item(id="t3", type="unanswerable", answer="", answer_aliases=[], evidence=[])
    path = write_lines(tmp_path, [json.dumps(item()), "", json.dumps(multi), json.dumps(none)])
    items = load_gold(path, corpus_dir=CORPUS)
    assert [i.id for i in items] == ["t1", "t2", "t3"]
    assert items[0].gold_forms == ["3177件", "3177"]
    assert not items[2].answerable


def load_error(tmp_path: Path, lines: list[str], corpus_dir: Path | None = CORPUS) -> str:
    path = write_lines(tmp_path, lines)
    with pytest.raises(GoldError) as err:
        load_gold(path, corpus_dir=corpus_dir)
    return str(err.value)


def test_a_line_that_is_not_json_is_named(tmp_path: Path) -> None:
    message = load_error(tmp_path, [json.dumps(item()), "", "{not json"])
    assert "gold.jsonl:3:" in message


def test_a_duplicate_id_is_named(tmp_path: Path) -> None:
    message = load_error(tmp_path, [json.dumps(item()), json.dumps(item(question="again"))])
    assert "gold.jsonl:2:" in message
    assert "duplicate id 't1'" in message


def test_a_quote_not_in_its_file_is_named(tmp_path: Path) -> None:
    wrong = item(id="t2", evidence=[{"doc": HUNAN_DOC, "quote": "交办的3321件信访件已办结3178件"}])
    message = load_error(tmp_path, [json.dumps(item()), json.dumps(wrong)])
    assert "gold.jsonl:2:" in message
    assert "not an exact substring" in message
    # Without a corpus folder the same file is only checked for its format.
    assert len(load_gold(tmp_path / "gold.jsonl")) == 2


def test_a_quote_in_another_script_is_not_exact(tmp_path: Path) -> None:
    simplified = item(evidence=[{"doc": QINGHAI_DOC, "quote": "森林覆盖率由6.3%提高到7.5%"}])
    assert "not an exact substring" in load_error(tmp_path, [json.dumps(simplified)])


def test_a_multi_item_with_one_quote_is_refused(tmp_path: Path) -> None:
    message = load_error(tmp_path, [json.dumps(item(type="multi"))])
    assert "gold.jsonl:1:" in message
    assert "two or more quotes" in message


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"lang": "fr"}, "lang must be one of"),
        ({"type": "yesno"}, "type must be one of"),
        ({"evidence": [{"doc": HUNAN_DOC, "quote": "3177件"}]}, "at least 10"),
        ({"evidence": [{"doc": HUNAN_DOC, "quote": "湖" * 81}]}, "at most 80"),
        ({"evidence": [{"doc": "missing.txt", "quote": HUNAN_QUOTE}]}, "not in"),
        ({"answer": ""}, "need an answer and evidence"),
        ({"evidence": []}, "need an answer and evidence"),
        ({"type": "unanswerable"}, "unanswerable items"),
        ({"question": ""}, "question"),
    ],
    ids=["lang", "type", "short-quote", "long-quote", "missing-doc", "no-answer", "no-evidence", "unanswerable", "q"],
)
def test_malformed_items_are_refused_with_the_reason(tmp_path: Path, overrides: dict[str, Any], words: str) -> None:
    message = load_error(tmp_path, [json.dumps(item()), json.dumps(item(id="t2", **overrides))])
    assert "gold.jsonl:2:" in message
    assert words in message


def test_an_empty_file_has_no_questions(tmp_path: Path) -> None:
    assert "no questions" in load_error(tmp_path, ["", "  "])
