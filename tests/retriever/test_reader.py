"""The scored reader: candidates → features → fitted score → answer with a calibrated confidence.

Run on the real model and a real index of the five reports plus the short test report of the
"Answers that carry over" issue (`data/demo_report.txt`, written for the check, not a real one).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from common.settings import Settings
from eval.fit_reader import TUNING_SETS
from index.build import build_index
from index.dense import Encoder
from ingest.numerals import to_number
from retriever import NOT_FOUND, Pipeline, parse_query
from retriever.reader import KINDS, WeightsError, build_reader, every_context, load_model
from retriever.reader.features import arabic_years
from retriever.reader.rounds import before_round, rounds_named
from tests.conftest import make_settings, pipeline_with

DEMO = Path(__file__).parent / "data" / "demo_report.txt"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder: Encoder) -> Pipeline:
    return pipeline_with(tmp_path_factory.mktemp("demo"), cache_dir, encoder, DEMO)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("江苏整改任务已完成多少项?", "45项"),
        # The round, the campaign or the year named to be precise: evidence, not a condition.
        ("江苏首轮督察整改任务已完成多少项?", "45项"),
        ("江苏第一轮中央环保督察整改任务已完成多少项?", "45项"),
        ("江苏问责多少人?", "428人"),
        ("江苏首轮中央环保督察问责多少人?", "428人"),
        ("2017年以来江苏问责多少人?", "428人"),
        ("How many people did Jiangsu hold accountable?", "428人"),
        ("In Jiangsu's first-round inspection rectification, how many people were held accountable?", "428人"),
    ],
)
def test_naming_the_context_does_not_lose_the_answer(demo: Pipeline, question: str, answer: str) -> None:
    result = demo.ask(question)
    assert result.answer.answer == answer, (question, result.answer)
    assert 0.0 < result.answer.confidence <= 1.0
    assert result.hits[0].chunk.doc == DEMO.name


def test_a_value_dated_before_the_asked_round_is_refused_with_the_guess_kept(demo: Pipeline) -> None:
    # The demo report's figures are dated 2018, before the third central round began (late 2023).
    result = demo.ask("江苏第三轮中央环保督察问责多少人?")
    assert result.answer.abstained, result.answer
    assert result.answer.guess is not None and result.answer.guess.answer == "428人"


def test_a_province_s_figure_is_no_answer_for_one_of_its_cities(pipeline: Pipeline) -> None:
    # Qinghai's report names 西宁, but not in the passage, section or lead the forest cover is read from.
    result = pipeline.ask("西宁市森林覆盖率是多少?")
    assert result.answer.abstained, result.answer
    assert result.answer.guess is not None and result.answer.guess.answer == "7.5%"


def test_every_answer_carries_its_confidence(pipeline: Pipeline) -> None:
    for question in ("How many petitions did Hunan close?", "湖南信访件办结率", "青海森林覆蓋率提高到了多少"):
        result = pipeline.ask(question)
        assert not result.answer.abstained
        assert 0.5 <= result.answer.confidence <= 1.0, (question, result.answer.confidence)
        assert result.proposals and result.proposals[0].probability >= result.proposals[-1].probability


def test_a_region_the_reports_do_not_cover_is_refused_before_reading(pipeline: Pipeline) -> None:
    result = pipeline.ask("How many petitions did Sichuan close?")
    assert result.answer.abstained and result.answer.answer == NOT_FOUND
    assert result.answer.confidence == 0.0 and result.answer.guess is None
    assert "do not cover" in result.answer.sentence


def test_doubt_keeps_the_best_guess(settings: Settings, encoder: Encoder, pipeline: Pipeline) -> None:
    """Above every confidence, the reader withholds the answer but keeps its guess for the page."""
    strict = Pipeline(settings, encoder, build_reader(settings.model_copy(update={"abstain_below": 1.01})))
    strict.reload()
    result = strict.ask("How many petitions did Hunan close?")
    assert result.answer.abstained and result.answer.answer == NOT_FOUND
    assert result.answer.guess is not None and result.answer.guess.answer == "3177件"
    assert result.answer.confidence == pytest.approx(
        pipeline.ask("How many petitions did Hunan close?").answer.confidence
    )


def test_rounds_are_read_with_the_genres_synonyms() -> None:
    assert rounds_named("首轮督察") == rounds_named("第一轮督察") == rounds_named("the first-round inspection")
    assert rounds_named("第二轮第三批") == {("轮", 2), ("批", 3)}
    assert rounds_named("首批") == rounds_named("the 1st batch") == {("批", 1)}
    assert rounds_named("第一时间") == set()


def test_a_year_in_chinese_digits_is_the_same_year_at_the_same_offsets() -> None:
    """Official documents date themselves "二〇二二年": a figure said of that year is not said of the
    year the question names, and the year checks must see it."""
    text = "以二〇二二年为例，二零二四年一月，完成一二三项"
    assert arabic_years(text) == "以2022年为例，2024年一月，完成一二三项"
    assert len(arabic_years(text)) == len(text)


def test_the_weights_match_the_features_the_reader_computes(pipeline: Pipeline, settings: Settings) -> None:
    model = load_model(settings.reader_weights)
    result = pipeline.ask("How many petitions did Hunan close?")
    computed = set(result.proposals[0].features)
    assert set(model.features) == computed
    assert {f"kind_{k}" for k in KINDS} <= computed
    assert 0.0 < model.threshold < 1.0


def test_the_weights_were_fitted_on_tuning_sets_only(settings: Settings) -> None:
    data = json.loads(settings.reader_weights.read_text(encoding="utf-8"))
    assert data["fitted_on"] and set(data["fitted_on"]) <= set(TUNING_SETS)
    assert not any("sealed" in name for name in data["fitted_on"])


def test_damaged_weights_are_refused_with_a_clear_error(tmp_path: Path, settings: Settings) -> None:
    broken = tmp_path / "weights.json"
    broken.write_text('{"version": 1, "features": ["a"], "mean": [0, 0]}', encoding="utf-8")
    with pytest.raises(WeightsError, match="weights"):
        load_model(broken)
    with pytest.raises(WeightsError, match="cannot read"):
        load_model(tmp_path / "missing.json")


def test_a_sum_across_named_years_is_read_year_by_year() -> None:
    query = parse_query("太湖2010年全年和2014年上半年的生态清淤量加起来是多少？")
    assert [p.label for p in query.parts] == ["2010年", "2014年"]
    assert [p.years for p in query.parts] == [["2010"], ["2014"]]
    assert not any("2014" in t for g in query.parts[0].groups for t in g)
    # A change measured against a year is also two years' levels; the reader keeps the change the
    # reports state themselves when they do (tests/retriever/test_points.py).
    assert [p.label for p in parse_query("2021年PM2.5浓度比2020年下降了多少？").parts] == ["2021年", "2020年"]


def test_how_many_more_is_the_difference_of_the_parts(pipeline: Pipeline) -> None:
    result = pipeline.ask("How many more petitions did Hunan close than Jiangxi?")
    parts = result.answer.parts
    assert len(parts) == 2 and not result.answer.abstained
    figures = [to_number(p.answer) for p in parts]
    assert to_number(result.answer.answer) == pytest.approx(abs(figures[0] - figures[1]))
    assert {p.region for p in parts} == {"湖南", "江西"}


def test_an_answer_in_parts_is_as_sure_as_its_fitted_joint(settings: Settings) -> None:
    model = load_model(settings.reader_weights)
    assert model.joint([]) == 0.0
    assert 0.0 < model.joint([0.3, 0.4]) < model.joint([0.6, 0.7]) < model.joint([0.9, 0.95]) < 1.0


def test_a_primed_index_answers_a_figure_question_without_encoding_a_context(
    tmp_path_factory: pytest.TempPathFactory, cache_dir: Path
) -> None:
    settings = make_settings(tmp_path_factory.mktemp("primed"), cache_dir)
    shutil.copyfile(DEMO, settings.corpus_dir / DEMO.name)
    for other in settings.corpus_dir.iterdir():
        if other.name != DEMO.name:
            other.unlink()
    encoder = Encoder.from_settings(settings)  # its own cache of contexts, empty
    build_index(settings, encoder)
    pipeline = Pipeline(settings, encoder, prime=True)
    pipeline.reload()
    assert pipeline.wait_primed(timeout=120)
    primed = encoder.cached_contexts()
    window = settings.reader_window
    assert primed == {t for chunk in pipeline.searcher.chunks for t in every_context(chunk, window)}
    assert pipeline.ask("江苏问责多少人?").answer.answer == "428人"
    assert encoder.cached_contexts() == primed  # every context the reader compared was primed

    # A restart over the same reports reads the primed vectors from the cache folder: it encodes none.
    restarted = Encoder.from_settings(settings)
    encoded: list[str] = []
    encode = restarted._encode
    restarted._encode = lambda texts, *args, **kw: encoded.extend(texts) or encode(texts, *args, **kw)  # type: ignore[method-assign]
    again = Pipeline(settings, restarted, prime=True)
    again.reload()
    assert again.wait_primed(timeout=120)
    assert restarted.cached_contexts() == primed and not encoded


def test_every_context_is_the_window_the_reader_reads_around_each_value(pipeline: Pipeline) -> None:
    window = pipeline.settings.reader_window
    for chunk in pipeline.searcher.chunks[:40]:
        contexts = every_context(chunk, window)
        assert len(contexts) == len(set(contexts))
        assert all(0 < len(c) <= window and c in chunk.text for c in contexts)
        if any(ch.isdigit() for ch in chunk.text):
            assert contexts


@pytest.mark.parametrize(
    ("question", "dated", "before"),
    [
        ("第三轮中央生态环境保护督察是何时进驻的？", "2017年4月25日至5月25日", True),
        ("第三轮中央生态环境保护督察是何时进驻的？", "2023年11月21日", False),
        ("第三轮督察组哪天向省委、省政府反馈？", "2017年7月", True),  # 省委 is whom they report to
        ("How much was fined during the second-round central inspection?", "截至2017年底，罚款", True),
        ("第二轮督察期间罚款多少？", "2018年以来，累计罚款", False),  # a period running into the round
        ("第二轮省级督察期间罚款多少？", "2017年，罚款", False),  # a province's own rounds
        ("回头看交办的信访件有多少？", "2017年8月，交办", True),
        ("2016年整治与回头看期间整治合计搬迁多少头生猪？", "2016年，搬迁", False),  # the question reaches back
    ],
)
def test_an_event_dated_before_the_asked_central_round_is_of_another(question: str, dated: str, before: bool) -> None:
    assert before_round(question, dated) is before
