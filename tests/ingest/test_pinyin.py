"""The characters' readings the spelling of English names relies on (`ingest.pinyin`), read from the
shipped table, which must agree with pypinyin's, whence scripts/pinyin_table.py writes it."""

from __future__ import annotations

import pytest

from ingest.glossary import domain_terms
from ingest.pinyin import readings


@pytest.mark.parametrize(("char", "expected"), [("大", {"da", "dai", "tai"}), ("麓", {"lu"}), ("吕", {"lu", "lv"})])
def test_a_character_reads_as_english_writes_pinyin(char: str, expected: set[str]) -> None:
    assert expected <= set(readings(char))


def test_every_character_of_the_glossary_has_a_reading() -> None:
    chars = {c for term in domain_terms() for c in term if "\u4e00" <= c <= "\u9fff"}
    assert chars and all(readings(c) for c in chars)


def test_the_table_agrees_with_pypinyin() -> None:
    pypinyin = pytest.importorskip("pypinyin")
    for char in "督察整改杞麓湖通海大沙坊":
        expected = {r for r in pypinyin.lazy_pinyin(char, style=pypinyin.Style.NORMAL, v_to_u=True)}
        assert {r.replace("ü", "u") for r in expected} <= set(readings(char)), char
