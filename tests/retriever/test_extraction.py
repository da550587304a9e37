"""Exact answers: the value of the asked kind, not the nearest number; honest abstention.

Questions here are phrased apart from the dev set's, so a rule that only fits one dev
question shows up as a failure.
"""

from __future__ import annotations

import pytest

from retriever import NOT_FOUND, Pipeline, parse_query
from retriever.query.intent import intent_of, ordinal_pattern
from retriever.query.names import name_target
from retriever.query.parse import MAX_ASKS, regions_named, split_asks
from retriever.query.units import expected_units
from retriever.reader.lists import best_list, count_asked
from retriever.reader.values import NUMBER, folded, has_unit, is_change, unit_of, value_candidates

# --- what the question asks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "units"),
    [
        ("青海生态环境损害赔偿案件的涉案金额是多少", ("亿元", "万元", "元")),  # the topic next to 多少
        ("河南问责了多少人", ("人", "名", "人次", "万人")),  # 128名 answers 多少人
        ("How many illegal wells were rectified?", ("眼", "口")),
        ("What daily treatment capacity do the new plants have?", ("吨/日", "万吨", "吨", "千瓦")),  # not 座
        ("How many old cars were scrapped?", ("辆", "台")),
        ("How many company employees suspected of crimes were detained?", ("人", "人次", "名", "万人")),  # head noun
        ("How many inspection teams did it form to check each area?", ()),  # "area" is not what is counted
        ("How many power plants in the region finished the retrofit?", ("家", "座", "个")),
        ("Jiangxi: for how many consecutive years was the river Class II?", ("年",)),
        ("What PM10 level did the city record?", ("微克/立方米", "μg/m3", "毫克/升", "mg/l", "%")),  # a concentration
        # A period: "working days" counts working days, not days; 几个月 counts months.
        ("How many working days longer is the notice period?", ("个工作日", "工作日")),
        ("整改期限是几个月？", ("个月",)),
        # What a part takes of a whole is a share, whatever it counts; land taken is an area.
        ("已办结和阶段性办结的投诉合计占多少？", ("%", "百分点", "成")),
        ("全省断面中优良水体占多少？", ("%", "百分点", "成")),
        ("项目违规占地多少亩？", ("亩",)),
        # Laws are counted by 部 or 件, not as items (项 counts standards beside them).
        ("How many local environmental laws had the province enacted?", ("部", "件")),
    ],
)
def test_the_unit_comes_from_the_topic_nearest_the_question_word(question: str, units: tuple[str, ...]) -> None:
    assert expected_units(parse_query(question)) == units


@pytest.mark.parametrize(
    ("question", "text", "name"),
    [
        ("What effluent standard must the plants reach?", "3座县城污水处理厂出水达到一级A标准，", "一级a标准"),
        ("改造后出水执行什么标准？", "改造后出水执行地表水准Ⅳ类标准，进水浓度不低于100毫克/升", "地表水准iv类标准"),
        # A title in book marks is read whole, 、 and all.
        ("对照哪个排放标准？", "超过《铜、镍、钴工业污染物排放标准》33.6倍", "《铜、镍、钴工业污染物排放标准》"),
    ],
)
def test_a_standard_is_named_after_the_verb_that_sets_it(question: str, text: str, name: str) -> None:
    target = name_target(parse_query(question))
    assert target is not None
    assert [m.group(0) for m in target.finditer(folded(text))] == [name]


def test_a_share_written_out_is_a_percentage() -> None:
    shares = ("%", "百分点", "成")
    assert has_unit("百分之七十七", shares) and has_unit("87.28%", shares)
    assert not has_unit("77台", shares)


def test_a_period_is_read_with_its_unit() -> None:
    text = "公示期不少于7个工作日，整改期限为6个月，分3个方面推进。"
    assert [m.group(0) for m in NUMBER.finditer(text)] == ["7个工作日", "6个月", "3个"]


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("山西 信访件 办结数", "number"),  # a keyword question ending in a measure noun
        ("新疆在河湖管理上率先在全国建立了哪项制度", "fact"),  # 率先 is not a rate
        ("湖南国考断面水质优良率在全国排第几", "ordinal"),
        ("Which Qinghai prefecture issued the first regulation?", "name"),
        ("What three working groups does the county have?", "list"),
        ("What forms of supervision did the teams use?", "list"),
        ("江西把信访件分为哪三类", "list"),
        ("Which Yellow River plan did Henan adopt?", "title"),  # the asked noun is the plan, not the river
        ("Which city in Yunnan was named a model city?", "name"),
        ("Were more tasks finished in Shanxi or in Hunan?", "compare"),
        # Which item of a series has the most: a name, or a list of the first few.
        ("Which city had the highest petition closure rate?", "name"),
        ("湖北哪三个市信访件最多", "list"),
        ("哪个市办结率最高达到多少", "number"),  # the figure itself is asked
        ("Which batch of complaints did the city receive on June 20?", "ordinal"),
        ("On which dates did the team go down to the city?", "date"),
        ("What dedicated phone number did the inspection team set up?", "contact"),
        ("大沙坊矮围的水体是什么水质类别？", "number"),
        # "when" opening the question asks a date; inside it, it only says which moment the value is of.
        ("What was the county's sewage collection rate when the inspectors singled it out?", "number"),
        ("By when must the county finish the task?", "date"),
        ("违建房屋是哪个月拆除的？", "date"),
        # A measured level is a figure; "provincial-level" qualifies a name.
        ("What was the city's average PM2.5 level in 2024?", "number"),
        ("What is the name of the first provincial-level regulation on forest chiefs?", "title"),
    ],
)
def test_intent(question: str, intent: str) -> None:
    assert intent_of(parse_query(question)) == intent


def test_english_ordinals_and_quoted_phrases_become_chinese_terms() -> None:
    query = parse_query("When did the 8th team give feedback on the formula 一台一报一网?")
    assert ["第八", "第8"] in query.groups
    assert "一台一报一网" in query.literals
    assert "五明确" in parse_query("青田「五明確」指的是哪五項").literals


def test_a_natural_feature_named_after_places_is_not_those_places() -> None:
    query = parse_query("What plan did Qinghai issue for the Qinghai-Tibet Plateau?")
    assert query.regions == ["青海"]


def test_values_know_their_unit_and_changes_from_levels() -> None:
    assert unit_of("34μg/m3") == unit_of("26.2微克/立方米") == "微克/立方米"
    assert unit_of("69座") == "座"
    text = "平均浓度同比下降21.4%,森林覆盖率提高到7.5%"
    assert is_change(text, text.index("21.4"))
    assert not is_change(text, text.index("7.5"))
    found = ordinal_pattern(parse_query("中央第几生态环境保护督察组")).search("由中央第一生态环境保护督察组对山西")
    assert found and found.group(0) == "中央第一生态环境保护督察组"  # the word before 第几 too


def test_a_bracketed_word_is_another_wording_of_the_word_before_it() -> None:
    groups = parse_query("督察反馈（梳理）的问题有多少个").groups
    assert any({"反馈", "梳理"} <= set(g) for g in groups)


def test_the_asked_verb_before_another_object_does_not_claim_its_figure() -> None:
    query = parse_query("建成了多少座污泥处理设施")
    text = "全市建成垃圾焚烧设施12座、焚烧能力1万吨/日,污泥处理设施7座。"
    assert value_candidates(query, [text], NUMBER, expected_units(query))[0].value == "7座"


# --- lists ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "sentence", "items"),
    [
        (
            "信访件分成哪三类",
            "将交办的3435件信访件分成一般信访件、重点信访件和疑难复杂信访件三类,分别交办各地。",
            ["一般信访件", "重点信访件", "疑难复杂信访件"],
        ),
        (
            "哪些地区入选国家生态文明建设示范区",
            "盘锦市和本溪市桓仁县入选国家生态文明建设示范区。",
            ["盘锦市", "本溪市桓仁县"],
        ),
        (
            "推动集群化数字化的传统产业有哪些",
            "切实推进合成革、阀门、木制家具等一批传统产业向集群化、数字化、品质化、绿色化发展。",
            ["合成革", "阀门", "木制家具"],
        ),
        (
            "哪几家省属国企开展了探索式督察",
            "组织对省建材集团和省投资集团、江铜集团和江钨控股集团等4家省属国有企业开展探索式督察。",
            ["省建材集团", "省投资集团", "江铜集团", "江钨控股集团"],
        ),
        (
            "要做到哪两个“应”",  # a quote mark with its partner inside the item stays
            "清理整治“应清尽清”、复绿提质“应绿尽绿”。",
            ["清理整治“应清尽清”", "复绿提质“应绿尽绿”"],
        ),
        (
            "督导组采取了哪些方式",  # a traditional lead-in verb is cut like a simplified one
            "成立3個督導組,採取現場核查、約談督辦、暗查暗訪等方式開展督導。",
            ["現場核查", "約談督辦", "暗查暗訪"],
        ),
        (
            "考核机制包括哪些环节",  # a quoted run: the quote's content, split at 、 only
            "建立“排查和建账、督办和销号、复核和问责”考核机制。",
            ["排查和建账", "督办和销号", "复核和问责"],
        ),
        (
            "县里对两条黑臭支流采取了哪些治理措施",  # "A、B和C": the last 和 closes the enumeration
            "对两条黑臭支流实施截污、清淤疏浚和生态补水,当年消除黑臭。",
            ["截污", "清淤疏浚", "生态补水"],
        ),
        (
            "督导组进驻了哪三个市",  # the clause's own words before the first item go ("分别进驻")
            "省里派出三个督导组,分别进驻甲市、乙市、丙市开展督导。",
            ["甲市", "乙市", "丙市"],
        ),
        (
            "Which three provinces received the feedback in the same batch?",  # "…的A、B、C三省": lead and count
            "这一问题在同批反馈的甲省、乙省、丙省三省中最为突出。",
            ["甲省", "乙省", "丙省"],
        ),
        (
            "哪几个城市开展了污泥处置试点",  # of two runs, the one in the clause the question asks about
            "推动甲市、乙市、丙市、丁市4个城市开展垃圾分类试点,戊市和己市2个城市开展污泥处置试点。",
            ["戊市", "己市"],
        ),
    ],
)
def test_a_list_is_the_run_of_like_items_without_lead_in_or_count(
    question: str, sentence: str, items: list[str]
) -> None:
    assert best_list(sentence, parse_query(question)) == items


def test_a_joining_word_inside_a_title_does_not_make_a_list() -> None:
    assert best_list("依法查处适用《中华人民共和国环境保护法》的案件。", parse_query("查处了哪些案件")) is None


def test_asked_count_in_both_languages() -> None:
    assert count_asked(parse_query("青海要健全哪四个方面")) == 4
    assert count_asked(parse_query("What three working groups are there?")) == 3
    assert count_asked(parse_query("哪些地区入选")) is None


# --- whole answers --------------------------------------------------------------------------------


def ask(pipeline: Pipeline, question: str) -> str:
    result = pipeline.ask(question, 5)
    answer = result.answer
    if not answer.abstained:
        text = pipeline.document_texts()[answer.doc]
        assert answer.sentence_start <= answer.start < answer.end <= answer.sentence_end
        assert text[answer.sentence_start : answer.sentence_end] == answer.sentence
    return answer.answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("安庆段江豚2015年有多少头", "130头"),  # the year right before the figure
        ("青海生态环境损害赔偿案件的涉案金额是多少", "34亿元"),
        ("云南的跟踪督办用的是什么机制", "建账、督账、清账"),  # a quoted name
        ("Who leads the rectification leading group in Qingtian county?", "县委、县政府主要领导"),
        ("湖南国考断面水质优良率在全国排第几", "第四"),
        ("对山西开展第二轮督察的是中央第几生态环境保护督察组", "第一生态环境保护督察组"),
        (
            "When did the Eighth Central Environmental Protection Inspection Team give Xinjiang its feedback?",
            "2018年1月2日",
        ),
        ("江西把交办信访件分为哪几类", "一般信访件、重点信访件、疑难复杂信访件"),
        ("Who was Guangxi's chairman?", "蓝天立"),  # the name right after the office asked
        ("广西的自治区党委书记是谁", "刘宁"),
        ("新疆整改工作领导小组由谁任组长", "陈全国"),  # not the localities' "各地…以党政主要领导为组长"
        ("云南督察报告指出的问题有几个方面几类", "4个方面16类"),  # several figures asked: their run
        ("辽宁行政执法与刑事司法衔接方面办了多少起行政处罚案件", "3317件"),  # 与 ≡ 和, 起 ≡ 件
        ("Which town in Haixi became a practice base for lucid waters and lush mountains?", "茶卡镇"),
        ("第二轮第三批督察的8省区已完成多少项整改任务", "356项"),  # the batch is named in the report's lead
        ("Where does Hunan's share of good-quality national assessment sections rank nationally?", "第四"),
        pytest.param(
            "Which river is Qingtian going to assess for aquatic ecosystem health?",
            "瓯江",  # not the county
            marks=pytest.mark.xfail(
                strict=True,
                reason="scored reader: the river's sentence shares few glossary terms with the English "
                "question, so its name is withheld for doubt (the rule cascade took the name pattern)",
            ),
        ),
        ("新疆(含兵团)生态保护红线面积多大", "42.42万平方公里"),  # what a total includes is not asked
        ("湟水河出省断面水质稳定在几类", "Ⅳ類"),  # a water-quality class is a figure
        ("江西将中央督察组交办的信访件除了交各地，还交给多少个省直部门", "13个"),  # 中央督察组 ≈ 督察组
        ("How many of the 558 rectification tasks had the 8 provinces finished?", "356项"),  # 558 is stated
        ("广西排查出的“半边山、一面墙”式矿山总共有多少座", "442座"),  # the total, not a (其中…) part
        ("How many of the petitions handed to Hunan were closed?", "3177件"),
        ("辽宁累计发放排污许可证的企业有多少家", "10515家"),  # 发放 ≈ 核发 (glossary)
        ("安徽省级在2021、2022两年共安排了多少地表水断面生态补偿资金", "3.2亿元"),  # counts 资金, not 断面
        ("广西自查发现了多少座“半边山、一面墙”式矿山", "146座"),  # …unless the part is asked
        ("What PM10 level did Henan record for 2021?", "77微克/立方米"),  # not the PM2.5 figure before it
        ("2018年新疆重点生态功能区转移支付资金同比增加了多少", "14.05亿元"),  # the change, not the level
        ("长江干流江西段连续几年达到Ⅱ类水质", "连续5年"),
        # The words around the question's slot, aligned with a sentence: the second of two partners.
        pytest.param(
            "江西省生态环保督察办与哪个部门建立了生态环境损害公益诉讼协作机制",
            "省检察院",
            marks=pytest.mark.xfail(
                strict=True,
                reason="scored reader: prefers 省委巡视办, the body named first in the same sentence, over "
                "the slot aligned with the question (the rule cascade tried the alignment first)",
            ),
        ),
        ("海南州出台了什么？", "不可降解塑料制品管理条例"),  # the slot ends the question: the verb's object
        ("河南推出了哪些专题专栏宣传整改", "重拳治污筑牢绿色防线、我的家乡最青绿"),  # quoted names in a row
        ("在生态环境损害赔偿方面，黄南州建立了什么", "生态系统环境损害调查评估专家库"),
        (
            "On what date did Xinjiang's leading group hold the meeting at which officials of 9 lagging prefectures "
            "were summoned for talks?",
            "2018年6月30日",  # "at which officials" is not a list question
        ),
    ],
)
def test_the_asked_value_is_extracted(pipeline: Pipeline, question: str, expected: str) -> None:
    got = ask(pipeline, question)
    assert expected in got
    assert not got.startswith(("达到", "累计", "共"))  # the figure, not the verb before it


def test_a_sum_adds_each_regions_figure_and_cites_both(pipeline: Pipeline) -> None:
    answer = pipeline.ask("湖南和广西交办的信访件加起来一共多少件", 5).answer
    assert answer.answer == "7238件"
    assert {p.region for p in answer.parts} == {"湖南", "广西"}
    assert {p.answer for p in answer.parts} == {"3321件", "3917件"}


@pytest.mark.parametrize(
    ("question", "answers"),
    [
        ("湖南和云南督察交办的信访件分别有多少件？", ["3321件", "3069件"]),
        ("Which inspection team went to Henan and to Hunan respectively?", ["中央第五", "中央第六"]),
    ],
)
def test_each_named_region_is_answered_in_turn_and_cited(pipeline: Pipeline, question: str, answers: list[str]) -> None:
    result = pipeline.ask(question, 5)
    parts = result.answer.parts
    assert [p.region for p in parts] == regions_named(question)
    assert all(want in p.answer for want, p in zip(answers, parts, strict=True))
    assert result.answer.answer == "；".join(p.answer for p in parts)
    assert all(any(h.chunk.doc == p.doc and h.chunk.start <= p.start < h.chunk.end for h in result.hits) for p in parts)


@pytest.mark.parametrize(
    ("question", "total", "values"),
    [
        ("Adding Hunan and Guangxi together, how many petitions were handed over?", "7238件", {"3321件", "3917件"}),
        ("云南和河南督察组交办的群众举报件合计多少件", "7037件", {"3069件", "3968件"}),  # 交办的, not 办结
        # "督察反馈的问题" asked, "督察报告反馈的50个问题完成整改19个" written: not the 5 cases' 2个.
        ("云南和湖南，督察反馈的问题已完成整改的加起来有多少个", "44个", {"19个", "25个"}),
    ],
)
def test_sums_add_the_figure_of_the_asked_verb(pipeline: Pipeline, question: str, total: str, values: set[str]) -> None:
    answer = pipeline.ask(question, 5).answer
    assert answer.answer == total
    assert {p.answer for p in answer.parts} == values


def test_a_comparison_counts_家_and_座_alike(pipeline: Pipeline) -> None:
    answer = pipeline.ask("辽宁建成的绿色矿山与广西现有的绿色矿山相比哪个多", 5).answer
    assert answer.answer == "广西（455座）"  # 455座, not a Guangxi figure in 家 picked to share 辽宁's unit
    assert {p.region for p in answer.parts} == {"辽宁", "广西"}


def test_a_comparison_compares_the_verb_it_asks_about_in_the_asked_unit(pipeline: Pipeline) -> None:
    answer = pipeline.ask("Which closed more petitions, Hunan or Guangxi?", 5).answer
    assert {p.answer for p in answer.parts} == {"3177件", "3848件"}  # closed, not handed over
    assert answer.answer == "广西（3848件）"  # the winner with its figure
    share = pipeline.ask("Hunan or Jiangxi: which closed a bigger share of its petitions?", 5).answer
    assert {p.answer for p in share.parts} == {"95.7%", "99%"}  # a share compares rates
    assert share.answer == "江西（99%）"


def test_a_date_comparison_compares_the_same_event(pipeline: Pipeline) -> None:
    answer = pipeline.ask("Which got the inspection feedback first, Henan or Yunnan?", 5).answer
    assert answer.answer == "云南"
    assert all("日" in p.answer for p in answer.parts)


@pytest.mark.parametrize(
    "question",
    [
        "What was the average PM2.5 concentration for the whole of Xinjiang in 2018?",  # only a change is given
        "湖南一共投入了多少亿元资金建设生活垃圾焚烧设施",  # the 亿元 figure nearby is Jiangxi's
        "How many complaints did Liaoning close?",  # 办结46件 counts compensation cases, not complaints
    ],
)
def test_no_answer_from_a_change_or_another_provinces_sentence(pipeline: Pipeline, question: str) -> None:
    """Such a figure is withheld, or shown as more likely wrong than right (the page says so)."""
    answer = pipeline.ask(question, 5).answer
    assert answer.answer == NOT_FOUND or answer.confidence < 0.5, answer


@pytest.mark.parametrize(
    "question",
    ["八省區整改方案一共明確了多少項整改任務", "广西 植树造林 多少公顷", "湖南和广西交办的信访件加起来一共多少件"],
)
def test_the_passages_the_answer_was_read_from_are_cited_first(pipeline: Pipeline, question: str) -> None:
    result = pipeline.ask(question, 5)
    parts = result.answer.parts or [result.answer]
    assert not result.answer.abstained
    for hit, part in zip(result.hits, parts, strict=False):
        assert hit.chunk.doc == part.doc
        assert hit.chunk.start <= part.start < part.end <= hit.chunk.end


@pytest.mark.parametrize(
    ("question", "regions"),
    [
        ("Which provinces were inspected from 7 April to 7 May 2021?", ["山西", "安徽", "江西", "河南"]),
        ("哪些省份在2021年7月20日收到督察反馈", ["山西", "安徽"]),
    ],
)
def test_which_provinces_lists_each_region_whose_passage_says_it(
    pipeline: Pipeline, question: str, regions: list[str]
) -> None:
    answer = pipeline.ask(question, 5).answer
    assert answer.answer == "、".join(regions)  # in the reports' order
    assert [p.region for p in answer.parts] == regions
    texts = pipeline.document_texts()
    for part in answer.parts:
        assert texts[part.doc][part.sentence_start : part.sentence_end] == part.sentence


def test_which_places_inside_a_province_is_not_a_list_of_provinces(pipeline: Pipeline) -> None:
    assert ask(pipeline, "哪些地区入选国家生态文明建设示范区") == "盘锦市、本溪市桓仁县"


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        (
            "Guangxi: how many petitions were handed over, and what was the closure rate?",
            ["Guangxi: how many petitions were handed over", "what was the closure rate?"],
        ),
        (  # the lead before the first ask is what each ask is about
            "Of the mines Anhui checked, how many were closed and how many were restored?",
            [
                "Of the mines Anhui checked, how many were closed",
                "Of the mines Anhui checked, how many were restored?",
            ],
        ),
        ("广西交办了多少信访件，办结率是多少？", ["广西交办了多少信访件", "办结率是多少"]),
        ("雲南督察報告指出的問題分幾個方面、幾類", ["雲南督察報告指出的問題分幾個方面、幾類"]),  # one run
        ("湖南和江西哪个办结率更高", ["湖南和江西哪个办结率更高"]),
        ("截至2022年12月,8省区的任务已经完成了几项?", ["截至2022年12月,8省区的任务已经完成了几项?"]),
    ],
)
def test_a_question_splits_into_the_things_it_asks(question: str, asks: list[str]) -> None:
    assert split_asks(question) == asks


def test_a_question_of_many_asks_is_read_as_one_not_searched_ask_by_ask() -> None:
    many = "How many petitions did Hunan close" + ", and what was the rate" * (MAX_ASKS + 1)
    assert split_asks(many) == [many]
    assert len(split_asks("广西交办了多少信访件，" * (MAX_ASKS + 1))) == 1


def test_each_ask_is_answered_in_the_region_the_question_names_and_cited(pipeline: Pipeline) -> None:
    result = pipeline.ask("Qinghai: how many people were held accountable, and how many units?", 5)
    answer = result.answer
    assert [p.answer for p in answer.parts] == ["50名", "10個"]
    assert answer.answer == "50名；10個"
    assert all(p.region == "青海" for p in answer.parts)
    texts = pipeline.document_texts()
    for part in answer.parts:
        assert texts[part.doc][part.start : part.end] == part.answer
        assert any(h.chunk.doc == part.doc and h.chunk.start <= part.start < h.chunk.end for h in result.hits)
