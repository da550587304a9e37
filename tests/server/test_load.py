"""Eight staff asking while a report is added and removed: no error, and the same right answers throughout."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from common.settings import Settings
from index.build import build_index
from index.dense import Encoder
from tests.conftest import make_settings
from tests.server.load import run_load
from tests.server.serving import serving

KEY = "load"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder: Encoder) -> Iterator[str]:
    settings: Settings = make_settings(tmp_path_factory.mktemp("load"), cache_dir, api_key=KEY)
    build_index(settings, encoder)
    with serving(settings, encoder) as url:
        yield url


def test_questions_during_two_swaps_never_fail(base_url: str) -> None:
    report = run_load(base_url, KEY, clients=8, per_client=25, cycles=1)
    print(report.summary())
    assert report.writes == [201, 200]
    assert len(report.generations) == 2  # both swaps happened while the clients asked
    assert report.asked >= 8 * 25
    assert not report.failures, report.failures[:5]
