"""The unit a question's answer should carry: the one it names (多少个, 几项), the head noun an
English "how many" counts, or the one its topic implies (资金 → 亿元, 信访 → 件)."""

from __future__ import annotations

import re

from retriever.query.parse import Query

# Counting units and measure words of these reports, longest first so 万公顷 beats 万.
_UNITS = sorted(
    [
        "个百分点",
        "百分点",
        # Periods: "公示不少于7个工作日", "整改期限6个月" (a period, not a count of 个).
        "个工作日",
        "工作日",
        "个月",
        "平方公里",
        "平方米",
        "立方米",
        "万立方米",
        "万千瓦",
        "千瓦时",
        "万千瓦时",
        "万吨",
        "万亩",
        "万公顷",
        "万平方米",
        "万元",
        "亿元",
        "亿立方米",
        "万人",
        "mg/l",
        "μg/m3",
        "毫克/升",
        "微克/立方米",
        "蒸吨",
        "吨/日",
        "万吨/日",
        "千瓦",
        "万千瓦",
        "公顷",
        "公里",
        "千米",
        "人次",
        "件次",
        "户次",
        "余家",
        "余个",
        "余件",
        "余人",
        "余项",
        "余座",
        "余处",
        "万余",
        "%",
        "件",
        "个",
        "项",
        "人",
        "名",
        "家",
        "座",
        "处",
        "条",
        "吨",
        "亩",
        "米",
        "元",
        "次",
        "天",
        "倍",
        "批",
        "宗",
        "起",
        "所",
        "辆",
        "台",
        "户",
        "村",
        "类",
        "级",
        "眼",
        "口",
        "场",
        "期",
        "套",
        "份",
        "部",
        "篇",
        "本",
        "棵",
        "株",
        "只",
        "头",
        "万",
        "亿",
        "成",
    ],
    key=len,
    reverse=True,
)
UNIT_ALT = "|".join(re.escape(u) for u in _UNITS)

# Units a question implies: (pattern over the folded question, units that satisfy it).
_UNIT_HINTS: list[tuple[str, tuple[str, ...]]] = [
    # A water-quality class ("劣Ⅴ类", folded "劣v类") is the figure of "什么水质类别", "which class".
    (r"水质类别|几类水|\bclass\b", ("类",)),
    # "合计占多少", "占全省的多少": what a part takes of a whole is a share (not "占地多少亩", land taken).
    (
        r"比例|占比|比重|率|百分|占(?:[全总][^，,。?？]{0,6}?的)?(?:多少|几成)|\bpercent|\bproportion\b|\bshare\b"
        r"|\brate\b|\bratio\b|%",
        ("%", "百分点", "成"),
    ),
    (r"信访|举报|投诉|案件|\bpetition|\bcomplaint|\bcases?\b", ("件", "个", "起", "宗")),
    (
        r"问责|追责|人数|多少人|几人|几名|\baccountab|\bpeople\b|\bpersons?\b|\bofficials?\b|\bindividuals?\b"
        r"|\bresidents?\b|\bcadres?\b|\bemployees?\b|\bstaff\b|\bworkers?\b",
        ("人", "人次", "名", "万人"),
    ),
    (r"公顷|\bhectares?\b", ("公顷", "万公顷")),
    (r"亩|\bmu\b", ("亩", "万亩")),
    (
        r"资金|投入|投资|亿元|万元|金额|罚款|罚没|罚金|罚了|多少钱|\bfine[sd]?\b|\bpenalt|\bfunds?\b|\bfunding\b|\binvest|\byuan\b|\bmoney\b|\bspen[dt]|\bbudget"
        r"|\bcost|\bpayments?\b",
        ("亿元", "万元", "元"),
    ),
    (r"公里|千米|\bkm\b|\bkilomet", ("公里", "千米")),
    (r"工作日|\bworking days?\b", ("个工作日", "工作日")),
    (r"几个月|多少个月|\bmonths\b", ("个月",)),
    (r"天数|几天|多少天|\bdays\b", ("天",)),
    # "多长时间", "多久", "how long must it stay compliant": a period ("3个月", "5个工作日"), unless the
    # question measures a thing in space ("how long is the river section"). (Not "期限": "整改期限"
    # is asked as a deadline, a date.)
    (
        r"多长时间|多久|时长|\bhow long\b(?!.*\b(?:km|kilomet\w*|met(?:re|er)s?|rivers?|pipes?|pipelines?|roads?"
        r"|coast\w*|shore\w*|sections?|lines?|dykes?|embankments?|channels?)\b)",
        ("个月", "天", "日", "年", "个工作日", "工作日", "小时", "周"),
    ),
    # "新增污水处理能力44.25万吨/日": a capacity is a throughput or a power, not a count of plants.
    (r"处理能力|日处理|\bcapacity\b", ("吨/日", "万吨", "吨", "千瓦")),
    (r"吨|\btons?\b|\btonnes?\b", ("吨", "万吨", "蒸吨")),
    # A pollutant's figure is its concentration: "PM10 level", "PM2.5平均浓度".
    (
        r"浓度|化学需氧量|氨氮|总磷|\bconcentration|\bpm2\.?5\b|\bpm10\b|\bcod\b|\bammonia\b|\bphosphorus\b",
        ("微克/立方米", "μg/m3", "毫克/升", "mg/l", "%"),
    ),
    # "How large is the enclosure": the size of a place is its area.
    (
        r"面积|平方|\barea\b|\bsquare\b|\bhow (?:large|big)\b|\bsize\b",
        ("平方米", "万平方米", "平方公里", "公顷", "亩", "万亩"),
    ),
    (r"任务|项|\btasks?\b|\bitems?\b", ("项", "个")),
    # Laws and regulations are counted by 部 ("制定修订地方性法规31部") or 件, not as items (项: standards).
    (r"法规|条例|规章|\blaws?\b|\bregulations?\b|\blegislation\b", ("部", "件")),
    (r"\bproblems?\b|\bissues?\b", ("个", "项")),
    # Counts of events: "现场核查304次", "召开常委会25次".
    (r"次数|\btimes\b|\bchecks\b|\bvisits\b|\bsessions\b|\bmeetings\b", ("次", "场")),
    (r"机井|\bwells?\b", ("眼", "口")),
    (r"连续|\bconsecutive\b|\byears\b", ("年",)),
    (r"处理厂|处理设施|\btreatment (?:plants?|facilit)|\bincinerat", ("座", "个")),  # 污水处理厂113座
    (r"电厂|\bplants?\b|\bfactor(?:y|ies)\b|\benterprises?\b|\bcompan(?:y|ies)\b", ("家", "座", "个")),
    # "how many responsible units were held accountable" counts bodies (42个责任单位), not people.
    (r"单位|\bunits\b", ("个", "家")),
    (r"车辆|机动车|汽车|老旧车|\bvehicles?\b|\bcars?\b|\btrucks?\b", ("辆", "台")),
    (r"断面|\bsections?\b", ("个",)),
]
UNIT_HINTS = [(re.compile(p), units) for p, units in _UNIT_HINTS]

_ASKED_UNIT = re.compile(rf"(?:多少|几)({UNIT_ALT})")

# Units that count the same thing: "多少人" is answered by "128名" as well as "128人".
# Classifiers that count the same things: "多少个" is answered by "41座"; "134家" compares with "455座".
CLASSIFIERS = ("个", "家", "座", "处")
_SAME_UNIT = {
    "人": ("人", "名", "人次", "万人"),
    "名": ("名", "人", "人次"),
    "个": CLASSIFIERS,
    "起": ("起", "件", "宗"),  # cases: "多少起处罚案件" is answered by "3317件"
    "件": ("件", "起", "宗"),
}
# Where a question asks ("多少", "how many"): of the topics it names, the one nearest this is counted.
_ASK_AT = re.compile(
    r"多少|几|多大|多高|多长|多久|\bhow (?:many|much|long|large|big|high|far)\b|\bwhat\b"
    # A comparison asks where it compares: "which one closed a bigger share of the complaints" counts %.
    r"|\b(?:more|bigger|higher|larger|greater|fewer|less|lower|smaller)\b|更(?:多|高|大|少|低)"
)


# The counted noun phrase after "how many", up to the verb: "how many [coal-fired power plants] in…".
_EN_COUNTED = re.compile(
    r"(?<=how many)(?: (?!(?:did|does|do|is|was|were|are|has|have|had|will|can|of|in|for|at|to|by)\b)[\w'-]+){1,5}"
)


# Units that are themselves the counted noun ("how many years" → 连续5年), unlike a classifier
# (件 counts complaints and compensation cases alike).
_NOUN_UNITS = ("年", "天", "公顷", "亩", "吨", "公里", "千米", "平方米", "平方公里")


def counted_units(query: Query) -> tuple[str, ...]:
    """The measure unit the noun after an English "how many" names ("how many consecutive years" →
    年, "how many hectares" → 公顷); () for a noun counted by a classifier (complaints: 件)."""
    phrase = _counted_phrase(query)
    return tuple(u for u in _head_units(phrase) if u in _NOUN_UNITS) if phrase is not None else ()


def _counted_phrase(query: Query) -> str | None:
    """The noun phrase after an English "how many", up to its verb ("coal-fired power plants")."""
    ask = _ASK_AT.search(query.folded)
    counted = _EN_COUNTED.match(query.folded, ask.end()) if ask and query.lang == "en" else None
    return counted.group(0) if counted else None


def _head_units(phrase: str) -> tuple[str, ...]:
    """The head noun ends an English phrase: "company employees" counts people, "power plants" plants."""
    return _last_hint(" ".join(phrase.split()[-3:])) or ()


def _last_hint(phrase: str) -> tuple[str, ...] | None:
    """The units of the topic that comes last in a noun phrase, which names what the phrase counts
    (of two ending together, the longer: "working days" counts working days, not days)."""
    inside = [((m.end(), -m.start()), units) for p, units in UNIT_HINTS for m in p.finditer(phrase)]
    return max(inside, key=lambda x: x[0])[1] if inside else None


# The count of the things a question adds or sets side by side ("两项合计", "二者相比") is not the
# unit of the figure it asks.
_COUNTED_ITEMS = re.compile(r"[两二三四五六][项个者类起](?=的?(?:合计|加起来|共计|之和|总和|相比))")


def expected_units(query: Query) -> tuple[str, ...]:
    """The unit the answer should carry: one the question names (多少个, 几项), else the one implied by
    the topic nearest the question word ("案件涉案金额多少" counts money, not cases)."""
    folded = _COUNTED_ITEMS.sub("", query.folded)
    said = _ASKED_UNIT.search(folded)
    if said:
        return _SAME_UNIT.get(said.group(1), (said.group(1),))
    counted = _counted_phrase(query)
    if counted is not None:
        # "how many on-site teams did Qinghai set up by area": the noun after "how many" is what
        # is counted; a topic further on ("area") is not, so no unit is implied but the noun's.
        return _head_units(counted)
    ask = _ASK_AT.search(folded)
    at = ask.start() if ask else len(folded)
    if ask and query.lang != "en":
        # "多少地表水断面生态补偿资金": a Chinese noun phrase ends in what it counts (资金, not 断面).
        units = _last_hint(re.match(r"[^，,。；;？?!！\s]*", folded[ask.end() :]).group(0))
        if units:
            return units
    found = []
    for i, (pattern, units) in enumerate(UNIT_HINTS):
        m = _nearest(pattern, folded, at)
        if m:
            found.append((abs(m.start() - at), i, units))
    return min(found)[2] if found else ()


def _nearest(pattern: re.Pattern[str], text: str, at: int) -> re.Match[str] | None:
    return min(pattern.finditer(text), key=lambda m: abs(m.start() - at), default=None)
