"""The bench's concurrent clients: every question asked is answered and timed, none lost."""

from __future__ import annotations

from common.settings import Settings
from eval.bench.load import under_load
from index.dense import Encoder
from retriever import Pipeline
from tests.server.serving import serving

QUESTIONS = ["湖南信访件办结率", "How many petitions did Hunan close?", "青海森林覆蓋率提高到了多少"]


def test_concurrent_clients_each_ask_their_share_and_every_answer_is_timed(
    settings: Settings, encoder: Encoder, pipeline: Pipeline
) -> None:
    with serving(settings, encoder, pipeline) as url:
        figures = under_load(url, QUESTIONS, clients=12, asks=36)
    assert figures.clients == 12
    assert len(figures.seconds) == 36 and figures.errors == 0
    assert all(0 < s <= figures.wall for s in figures.seconds)


def test_a_server_that_refuses_is_counted_as_errors_not_lost(settings: Settings, encoder: Encoder) -> None:
    with serving(settings, encoder) as url:
        figures = under_load(url, ["", "湖南信访件办结率"], clients=2, asks=4)  # an empty question is refused
    assert len(figures.seconds) == 4 and figures.errors == 2
