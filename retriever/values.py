"""What kind of value a question asks for, and where such values stand next to the asked terms.

Shared by the reranker (prefer the passage holding a value of the asked type next to
the asked terms) and the answerer (extract that value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest import fold_with_map
from ingest.numerals import CN_DIGITS, CN_FIGURE, is_structure
from retriever.dates import DATE
from retriever.query import MEASURE_NOUNS, YEAR, Query

# Counting units and measure words of these reports, longest first so 万公顷 beats 万.
_UNITS = sorted(
    [
        "个百分点",
        "百分点",
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
        "眼",
        "口",
        "场",
        "期",
        "套",
        "份",
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
_UNIT_ALT = "|".join(re.escape(u) for u in _UNITS)
_CN_DIGIT = "[一二三四五六七八九十百千万两]+"
NUMBER = re.compile(
    rf"(?:近|约|超过|超)?(?:\d+(?:\.\d+)?|{CN_FIGURE})(?:余)?(?:[万亿](?:余)?)?(?:{_UNIT_ALT})(?:以上|以下|左右)?"
    # A percentage written out, which needs no unit after it: 百分之九十八点六.
    rf"|(?:近|约|超过|超)?百分之[{CN_DIGITS}]+(?:点[{CN_DIGITS}]+)?"
    # A water-quality class, Ⅳ类 folded to "iv类": the figure of "稳定在几类".
    r"|(?<![a-z])劣?[ivx]{1,4}(?:~[ivx]{1,4})?类"
    # A run of years ("连续5年达到Ⅱ类水质"): a year count, where a bare 年 would be a date.
    rf"|连续(?:\d+|{_CN_DIGIT})年"
)
TITLE = re.compile(r"《[^《》]{2,60}》")
# A named mechanism, requirement or slogan, in quotes: “建账、督账、清账”, “一票否优”.
QUOTED = re.compile(r"“[^“”]{2,30}”")
# A "what is it called / what … does it apply" question, whose answer may be such a quoted name.
ASKS_NAME = re.compile(
    r"叫什么|称为|名称|(?:什么|何种|哪种)(?:制度|机制|要求|内容|模式|理念|原则|方式|口号|称号|做法)"
    r"|\b(?:called|named)\b|\bwhat (?:\w+ )?(?:mechanism|system|requirement|principle|model|slogan|approach)s?\b"
)
# A bare decimal (an index value such as 4.49) for questions whose figure has no unit.
BARE = re.compile(r"(?<![A-Za-z\d.])\d+\.\d+(?![\d.%])")  # not the 2.5 of PM2.5
CLAUSE = re.compile(r"[^，,。；;：:！？!?\n]+")
# One 、-item; a parenthesis stays whole ("21个县(市、区)创建为…" is one item).
SUBCLAUSE = re.compile(r"(?:[^，,。；;：:！？!?、\n(（]|[(（][^()（）\n]{0,20}[)）]|[(（])+")
FOCUS_BEFORE, FOCUS_AFTER, UNIT_FIT = 2.0, 0.5, 1.0
SUBCLAUSE_FIT = 0.5  # a term in the value's own 、-item ("森林抚育40万公顷") binds tighter than one in its clause
CJK_NUMERAL = 0.5
SCOPE_PENALTY = 1.0
OBJECT_GAP = 4  # characters between the asked verb and a figure that make them another object's
_SCOPE_VERB = re.compile(r"(交办|移交|转办|受理|明确|确定|梳理|排查|制定|列入|涉及)(?:出|了|的)?(?:共|累计)?$")
PART_CREDIT = 0.8  # a compound whose sub-words all stand in the text nearly matches
_DISTRIBUTIVE = re.compile(r"各(?:地|级|有关|相关|市|县|州|部门|乡镇|单位)")
YEAR_FIT = 1.5  # a figure dated to another year than the asked one is a near miss at best
_OWN_YEAR = re.compile(r"((?:19|20)\d\d)年(?:底|末)?[^\d]{0,3}$")
SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")

_INTENTS: list[tuple[str, str]] = [
    (
        "compare",
        r"哪个.*(?:多|高|少|低|大|小|快|早|晚|先)|谁.*更|更(?:多|高|少|低|大|早)|\bcompare|\bwhich\b.*\b(?:more|higher|less|fewer"
        r"|lower|larger|bigger|most|greater|earlier|later|first)\b|\bwhose\b.*\b(?:earlier|more|higher)\b"
        # "Did the inspectors hand over more complaints to Henan or to Guangxi?"
        r"|\b(?:more|fewer|less|higher|lower|larger|bigger|greater)\b.*\bor\b",
    ),
    (
        "list",
        r"哪些|哪几|有哪|哪[两二三四五六七八九十\d]+[个种项类条大场家方面州]|\bwhat (?:kinds?|types?|sorts?) of\b"
        r"|\bwhat (?:two|three|four|five|six|seven|eight|nine|ten) "
        r"|\bwhat (?:forms|ways|means|methods|steps|aspects)\b"
        # "Which plans…" but not the relative "at which officials…".
        r"|(?<!at )(?<!in )(?<!of )(?<!by )(?<!on )\bwhich (?:[\w-]+ ){0,2}[a-z]*[^s\W]s\b"
        # A keyword question ending in "…的地区" names the kind of items it wants listed.
        r"|的(?:地区|城市|市县|县区|项目|企业|措施|名单|单位)\s*[?？]?$",
    ),
    (
        "date",
        r"何时|什么时候|哪一?年|哪一?天|几月|几号|日期|\bwhen\b|what (?:date|year|month|day)|which (?:year|date)"
        r"|on what date|时间",
    ),
    # "中央第几督察组", "排名全国第几", "what rank": the answer is an ordinal.
    ("ordinal", r"第几|\bwhat rank|\branks?\b.*\bwhere\b|\bwhere\b.*\brank(?:s|ed)?\b|\bwhich place\b"),
    (
        "number",
        r"多少|几|多大|多高|多长|多久|比例|占比|比重|百分之|率(?!先)|\bhow (?:many|much|long|large|big|high|far)\b"
        r"|\bpercent|\bproportion\b|\bshare\b|\brate\b|\bratio\b|\bnumber of\b|\bamount\b|\btotal\b|\barea\b"
        r"|\blength\b|\bcount\b|\bby how\b|\bconcentration\b|\bcapacity\b|金额"
        # A keyword question ending in a measure noun ("山西 信访件 办结数", "日处理能力") asks for its figure.
        r"|(?:数|数量|数目|总量|能力|规模|面积|长度|浓度|人数)\s*[?？]?$",
    ),
    # "Which Qinghai prefecture issued a regulation…": the noun after "which" names what is asked.
    (
        "name",
        r"\bwhich (?:\w+ ){0,2}(?:prefecture|county|town|township|river|lake|project|company|enterprise|team"
        # The kind must be the asked noun itself: "which Dongting Lake regulation" asks for a title.
        r"|university|city)\b(?! (?:regulations?|plans?|laws?|rules|measures|programmes?|documents?)\b)"
        r"|哪(?:个|一个|条|座|家)(?:县|州|河|江|湖|项目|公司|企业|督察组|大学|市|城市)",
    ),
    # Before titles: "Who was the secretary named in the report…" asks for a person.
    ("who", r"谁|由谁|哪位|\bwho\b|\bwhom\b"),
    (
        "title",
        r"《|什么(?:方案|条例|办法|规划|意见|计划|文件|规定|决定)|哪一?(?:个|部|项|份)(?:方案|条例|办法|规划|意见|计划|文件|纲要)"
        r"|\b(?:plan|regulation|regulations|measures|document|law|rules|programme|program|title|named|name of)\b",
    ),
    ("list", r"哪些|哪几|列出|包括什么|有什么|\blist\b|\bwhat (?:are|were)\b|\bwhich\b.*(?:s|ies)\b"),
]
INTENT_PATTERNS = [(name, re.compile(p)) for name, p in _INTENTS]

# Units a question implies: (pattern over the folded question, units that satisfy it).
_UNIT_HINTS: list[tuple[str, tuple[str, ...]]] = [
    (r"比例|占比|比重|率|百分|\bpercent|\bproportion\b|\bshare\b|\brate\b|\bratio\b|%", ("%", "百分点", "成")),
    (r"信访|举报|投诉|案件|\bpetition|\bcomplaint|\bcases?\b", ("件", "个", "起", "宗")),
    (
        r"问责|追责|人数|多少人|几人|几名|\baccountab|\bpeople\b|\bpersons?\b|\bofficials?\b|\bindividuals?\b"
        r"|\bresidents?\b|\bcadres?\b|\bemployees?\b|\bstaff\b|\bworkers?\b",
        ("人", "人次", "名", "万人"),
    ),
    (r"公顷|\bhectares?\b", ("公顷", "万公顷")),
    (r"亩|\bmu\b", ("亩", "万亩")),
    (
        r"资金|投入|投资|亿元|万元|金额|\bfunds?\b|\bfunding\b|\binvest|\byuan\b|\bmoney\b|\bspen[dt]|\bbudget"
        r"|\bcost|\bpayments?\b",
        ("亿元", "万元", "元"),
    ),
    (r"公里|千米|\bkm\b|\bkilomet", ("公里", "千米")),
    (r"天数|几天|多少天|\bdays\b", ("天",)),
    # "新增污水处理能力44.25万吨/日": a capacity is a throughput or a power, not a count of plants.
    (r"处理能力|日处理|\bcapacity\b", ("吨/日", "万吨", "吨", "千瓦")),
    (r"吨|\btons?\b|\btonnes?\b", ("吨", "万吨", "蒸吨")),
    (r"浓度|\bconcentration", ("微克/立方米", "μg/m3", "毫克/升", "mg/l", "%")),
    (r"面积|平方|\barea\b|\bsquare\b", ("平方米", "万平方米", "平方公里", "公顷", "亩", "万亩")),
    (r"任务|项|\btasks?\b|\bitems?\b", ("项", "个")),
    (r"\bproblems?\b|\bissues?\b", ("个", "项")),
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

# What kind of name a "which/what/who" question wants: (question pattern, name pattern in the text),
# the role first: "the head of Qingtian county's group" asks for a person, not a county.
_NAME_TARGETS: list[tuple[str, str]] = [
    # "由县委、县政府主要领导担任组长", "成立了自治区党委书记陈全国任组长", "以党政主要领导为组长".
    (
        r"组长|\bhead(?:s|ed)?\b|\bleads?\b|\bled\b|\bleader\b|\bchair(?:s|ed)?\b",
        r"(?<=[由以了，,。；;：:])[^，,。；;：:由以了]{2,24}?(?=(?:担任|任|为)(?:双|副)?组长)",
    ),
    # "自治区党委书记刘宁、自治区主席蓝天立就整改工作作出指示批示": the name after an office.
    (
        r"谁|哪位|\bwho\b|\bwhom\b|书记|省长|主席|\bsecretary\b|\bgovernor\b|\bchairman\b",
        r"(?<=书记|主席|省长|市长|县长|州长|主任|厅长|局长|部长)[\u4e00-\u9fff·]{2,8}?(?=同志|、|，|,|任|就|为|担任|主持)",
    ),
    (r"督察组|inspection team|\bteam\b", r"中央第[一二三四五六七八九十]+(?:生态)?环境保护督察组"),
    (r"哪个县|哪一县|\bcounty\b", r"[\u4e00-\u9fff]{2,4}县"),
    (r"哪个(?:镇|乡)|\btown(?:ship)?\b", r"[\u4e00-\u9fff]{2,4}(?:镇|乡)"),
    # Only a city asked for by "which": a question merely mentioning a city is about something else.
    (r"哪(?:个|一个|座)(?:城市|市)|\bwhich (?:\w+ ){0,2}city\b", r"[\u4e00-\u9fff]{2,4}市"),
    (r"哪个州|\bprefecture\b", r"[\u4e00-\u9fff]{2,4}州"),
    (r"哪条河|哪条江|什么河|\briver\b", r"[\u4e00-\u9fff]{1,4}(?:河|江)(?!流域)"),
    (r"哪个湖|\blake\b", r"[\u4e00-\u9fff]{1,4}湖"),
    (r"大学|universit", r"[\u4e00-\u9fff]{2,10}大学"),
    (r"公司|集团|compan|enterprise|corporat", r"[\u4e00-\u9fff]{2,16}(?:有限公司|公司|集团)"),
    (r"项目|\bproject\b", r"[\u4e00-\u9fff()（）]{4,40}项目"),
    (r"园区|产业园|\bindustrial parks?\b", r"(?:(?!的)[\u4e00-\u9fff]){2,8}(?:产业园|工业园区|园区)"),
]
NAME_TARGETS = [(re.compile(q), re.compile(t)) for q, t in _NAME_TARGETS]


_WHICH_NOUN = re.compile(
    r"\bwhich (?:\w+ ){0,2}?(\w+)\b(?= (?:will|did|does|do|is|was|has|had|were|are)\b)|哪(?:个|一个|条|座|家)\S{1,3}"
)


def name_target(query: Query) -> re.Pattern[str] | None:
    """The name pattern for what the question asks: the noun after "which" first ("Which river will
    Qingtian County…" wants a river, not a county), then any the question mentions."""
    which = _WHICH_NOUN.search(query.folded)
    if which:
        for question, target in NAME_TARGETS:
            if question.search(which.group(0)):
                return target
    for question, target in NAME_TARGETS:
        if question.search(query.folded):
            return target
    return None


_ASKS_DAY = re.compile(r"日期|哪一?天|几号|几月几日|\bwhat (?:date|day)\b|\bon which day\b")
_ASKED_UNIT = re.compile(rf"(?:多少|几)({_UNIT_ALT})")
VALUE_PATTERNS = {"number": NUMBER, "date": DATE, "title": TITLE}
# An ordinal: "全国第四", "第一".
ORDINAL = re.compile(r"(?:全国|全省|中部六省)?第[一二三四五六七八九十百\d]+")
_ORDINAL_NOUN = re.compile(r"([\u4e00-\u9fff]{0,2})第几([\u4e00-\u9fff]{2,12})")


def ordinal_pattern(query: Query) -> re.Pattern[str]:
    """For "中央第几生态环境保护督察组": an ordinal followed by the noun the question puts after 第几,
    with the word before 第几 when the text has it too ("中央第三…督察组", not "第三…督察组")."""
    noun = _ORDINAL_NOUN.search(query.folded)
    if not noun:
        return ORDINAL
    before = f"(?:{re.escape(noun.group(1))})?" if noun.group(1) else ""
    return re.compile(before + ORDINAL.pattern + re.escape(noun.group(2)))


@dataclass
class Candidate:
    value: str
    index: int  # which passage, in the order given
    start: int  # offsets in that passage's folded text
    end: int
    score: float


def intent_of(query: Query) -> str:
    """number | date | title | list | who | compare | fact. One part of a comparison asks for the
    value compared: a date for "which was first", else a number."""
    for name, pattern in INTENT_PATTERNS:
        if pattern.search(query.folded):
            if name == "compare" and len(query.regions) < 2 and len(query.parts) < 2:
                if len(query.regions) == 1 and _ONE_PART.search(query.folded):
                    return "date" if EARLIER.search(query.folded) else "number"
                continue
            return name
    return "fact"


EARLIER = re.compile(r"早|先|\b(?:earlier|first|sooner)\b")
# A comparison between named regions ("Yunnan or Henan", "湖南和江西"), seen from one of its parts.
_ONE_PART = re.compile(r"\bor\b|\band\b|和|与|还是|、")


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
    return _last_hint(" ".join(phrase.split()[-2:])) or ()


def _last_hint(phrase: str) -> tuple[str, ...] | None:
    """The units of the topic that comes last in a noun phrase, which names what the phrase counts."""
    inside = [(m.start(), units) for p, units in UNIT_HINTS for m in p.finditer(phrase)]
    return max(inside, key=lambda x: x[0])[1] if inside else None


def expected_units(query: Query) -> tuple[str, ...]:
    """The unit the answer should carry: one the question names (多少个, 几项), else the one implied by
    the topic nearest the question word ("案件涉案金额多少" counts money, not cases)."""
    said = _ASKED_UNIT.search(query.folded)
    if said:
        return _SAME_UNIT.get(said.group(1), (said.group(1),))
    counted = _counted_phrase(query)
    if counted is not None:
        # "how many on-site teams did Qinghai set up by area": the noun after "how many" is what
        # is counted; a topic further on ("area") is not, so no unit is implied but the noun's.
        return _head_units(counted)
    ask = _ASK_AT.search(query.folded)
    at = ask.start() if ask else len(query.folded)
    if ask and query.lang != "en":
        # "多少地表水断面生态补偿资金": a Chinese noun phrase ends in what it counts (资金, not 断面).
        units = _last_hint(re.match(r"[^，,。；;？?!！\s]*", query.folded[ask.end() :]).group(0))
        if units:
            return units
    found = []
    for i, (pattern, units) in enumerate(UNIT_HINTS):
        m = _nearest(pattern, query.folded, at)
        if m:
            found.append((abs(m.start() - at), i, units))
    return min(found)[2] if found else ()


def _nearest(pattern: re.Pattern[str], text: str, at: int) -> re.Match[str] | None:
    return min(pattern.finditer(text), key=lambda m: abs(m.start() - at), default=None)


def content_groups(query: Query) -> list[list[str]]:
    """The question's term groups minus region names and one-character noise."""
    out = []
    for group in query.groups:
        kept = [t for t in group if len(t) >= 2 or t.isdigit()]
        if kept:
            out.append(kept)
    return out


@lru_cache(maxsize=4096)
def folded(text: str) -> str:
    return fold_with_map(text)[0]


def enclosing(pattern: re.Pattern[str], text: str, pos: int) -> tuple[int, int]:
    for m in pattern.finditer(text):
        if m.start() <= pos < m.end():
            return m.start(), m.end()
    return pos, pos


@lru_cache(maxsize=4096)
def _untitled(text: str) -> str:
    """The text with the words inside 《》 blanked, offsets kept."""
    return TITLE.sub(lambda m: "《" + "□" * (len(m.group(0)) - 2) + "》", text)


def closeness(text: str, start: int, query: Query) -> float:
    """How well the question surrounds a value: its term groups in the value's clause (then its
    sentence), its focus term right before the value ("办结3177件" for "办结了多少件"), and its year."""
    sentence = enclosing(SENTENCE, text, start)
    clause = enclosing(CLAUSE, text, start)
    if DATE.match(text, start) and start - clause[0] <= 2:
        # "2021年4月6日至5月6日，督察组对辽宁开展了督察": a leading date governs the next clause.
        following = CLAUSE.search(text, clause[1] + 1)
        if following and following.start() <= sentence[1]:
            clause = (clause[0], following.end())
    sub = enclosing(SUBCLAUSE, text, start)
    if sub[0] > 0 and text[sub[0] - 1] == "、" and _ENDS_IN_FIGURE.search(text, max(0, sub[0] - 24), sub[0] - 1):
        # "长江干流江西段连续5年、赣江干流连续2年达到Ⅱ类水质": what follows the last item's figure is
        # said of every item, so it binds that figure no tighter than the others.
        sub = (sub[0], max(start + 1, _value_end(text, start)))
    score = 0.0
    for group in content_groups(query):
        best = 0.0
        for term in group:
            weight = min(len(term), 4) / 4
            for m in re.finditer(re.escape(term), text[sentence[0] : sentence[1]]):
                a = sentence[0] + m.start()
                place = 1.0 + SUBCLAUSE_FIT if sub[0] <= a < sub[1] else 1.0 if clause[0] <= a < clause[1] else 0.4
                best = max(best, place * weight)
        if not best:
            # "督察反馈的问题" asked, "督察报告反馈的50个问题" written: the compound's words in the clause.
            best = credit(group, text[clause[0] : clause[1]], query.terms) * min(len(group[0]), 4) / 4
        score += best
    plain = _untitled(text)  # a term inside 《…》 names a document, not what the sentence does
    before = plain[max(sub[0], start - 12) : start]
    is_date = DATE.match(text, start) is not None
    # A date comes before its verb ("于2021年7月17日反馈", "2021年4月9日至5月9日，督察组…开展了督察");
    # a figure comes after it ("办结3177件").
    after = plain[start : clause[1] if is_date else sub[1]]
    scope = _SCOPE_VERB.search(before)
    if scope and not any(scope.group(1) in t or t in scope.group(1) for t in query.terms):
        # "明确的558项整改任务，已完成356项": a figure right after a verb the question does not ask
        # (handed over, defined, found) is the scope, not the count asked about.
        score -= SCOPE_PENALTY
    if any(t in before for t in query.focus):
        score += FOCUS_AFTER if _other_object(before, query) else FOCUS_BEFORE
    elif any(t in after for t in query.focus):
        score += FOCUS_BEFORE if is_date else FOCUS_AFTER
    if _TOTAL.search(query.folded) and _in_breakdown(text, sentence[0], start):
        score -= FOCUS_BEFORE + UNIT_FIT  # "共排查…442座(其中…自查发现146座)": a total is asked, not a part
    if _DISTRIBUTIVE.search(text[sentence[0] : start]) and "各" not in query.folded:
        score -= 2 * UNIT_FIT  # "各地…均成立了…任组长的小组" is about the localities, not the region asked
    if query.years:
        years_here = set(YEAR.findall(text[sentence[0] : sentence[1]]))
        if years_here & set(query.years):
            score += 0.6
        elif years_here:
            score -= 0.8
        # "由2015年130头左右上升到2020年200头左右": the year right before a figure is its year.
        own = _OWN_YEAR.search(text[max(sub[0], start - 8) : start])
        if own:
            score += YEAR_FIT if own.group(1) in query.years else -YEAR_FIT
    return score


# The item before ends in its figure, with no predicate of its own: "长江干流江西段连续5年、".
_ENDS_IN_FIGURE = re.compile(rf"(?:{NUMBER.pattern})$")


def _value_end(text: str, start: int) -> int:
    m = NUMBER.match(text, start) or BARE.match(text, start)
    return m.end() if m else start + 1


def _other_object(before: str, query: Query) -> bool:
    """ "全省建成生活垃圾焚烧设施69座、…餐厨垃圾处理设施41座" for "建成了多少座餐厨垃圾处理设施": the
    asked verb stands before the figure, but with an object between that the question does not name."""
    verb_end = max(before.rfind(t) + len(t) for t in query.focus if t in before)
    between = before[verb_end:]
    return len(between) >= OBJECT_GAP and not any(t in between for g in content_groups(query) for t in g)


_TOTAL = re.compile(r"一共|总共|共计|合计|总计|累计|\bin total\b|\baltogether\b|\btotal\b")


def _in_breakdown(text: str, begin: int, at: int) -> bool:
    """The position stands inside a "(其中…)" breakdown of the figure before it."""
    opened = max(text.rfind("(其中", begin, at), text.rfind("（其中", begin, at))
    return opened >= 0 and not re.search(r"[)）]", text[opened:at])


def value_candidates(
    query: Query, texts: list[str], pattern: re.Pattern[str], units: tuple[str, ...]
) -> list[Candidate]:
    """Every value of the asked kind in the passages, scored by closeness and unit fit, best first."""
    out = []
    for i, text in enumerate(texts):
        body = folded(text)
        spans = [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(body)]
        if pattern is NUMBER:
            taken = [(a, b) for a, b, _ in spans]
            spans += [
                (m.start(), m.end(), m.group(0))
                for m in BARE.finditer(body)
                if not any(a <= m.start() < b for a, b in taken)
            ]
        for a, b, value in spans:
            score = closeness(body, a, query)
            if pattern is NUMBER and is_structure(value):
                score -= CJK_NUMERAL  # "四个方面", "两个基地": structure more often than a figure
            if pattern is DATE and "日" in value and _ASKS_DAY.search(query.folded):
                score += UNIT_FIT  # "on what date" wants the day, not "2021年7月"
            if units:
                score += UNIT_FIT if has_unit(value, units) else -UNIT_FIT
            out.append(Candidate(value, i, a, b, score))
    return sorted(out, key=lambda c: -c.score)


_TRAILING_UNIT = re.compile(rf"({_UNIT_ALT})(?:以上|以下|左右)?$")


# One unit, two spellings: "34μg/m3" and "26.2微克/立方米" are compared as they stand.
_SAME_SPELLING = {"μg/m3": "微克/立方米", "mg/l": "毫克/升"}


def unit_of(value: str) -> str:
    """The unit a figure is counted in ("69座" → 座, "6.91万吨" → 万吨), "" for a bare number."""
    m = _TRAILING_UNIT.search(folded(value))
    return _SAME_SPELLING.get(m.group(1), m.group(1)) if m else ""


# A figure right after a verb of change is a change ("平均浓度同比下降21.4%"), not a level
# ("提高到71%" is a level).
_CHANGE_BEFORE = re.compile(r"(?:下降|上升|增加|减少|提高|降低|增长|提升|改善|削减|减排|增幅|降幅)(?:了|幅度为?)?$")
_ASKS_CHANGE = re.compile(
    r"下降|上升|增加|减少|提高|降低|增长|提升|改善|削减|变化|幅度|同比|\b(?:decreas|increas|drop|fell|fall|rise|rose"
    r"|reduc|improv|chang|grow|grew|cut|by how much)"
)


def asks_change(query: Query) -> bool:
    return bool(_ASKS_CHANGE.search(query.folded))


def is_change(text: str, start: int) -> bool:
    return bool(_CHANGE_BEFORE.search(text[max(0, start - 8) : start]))


def has_unit(value: str, units: tuple[str, ...]) -> bool:
    return any(u in value for u in units)


def group_coverage(query: Query, text: str) -> float:
    """Share of the question's term groups (any alternative) found in `text` (folded), each weighted
    by its rarity in the corpus, so a missing 南川河 weighs more than a missing 生态. A measure noun
    (人数, 面积) names the value's kind, which the reports rarely spell out, so it does not count."""
    groups = [g for g in content_groups(query) if g[0] not in MEASURE_NOUNS]
    if not groups:
        return 1.0
    weights = [query.weights.get(g[0], 1.0) for g in groups]
    found = sum(w * credit(g, text, query.terms) for g, w in zip(groups, weights, strict=True))
    return found / sum(weights) if sum(weights) else 1.0


def credit(group: list[str], text: str, terms: list[str]) -> float:
    """1 for a group found; for a compound word that is not ("担任组长" where the text says
    "任双组长"), part credit by the share of its sub-words found."""
    if any(t in text for t in group):
        return 1.0
    parts = [t for t in terms if len(t) >= 2 and t not in group and t in group[0]]
    return PART_CREDIT * sum(t in text for t in parts) / len(parts) if parts else 0.0


def sentence_coverage(query: Query, text: str) -> float:
    """Share of the question's term groups found together in one sentence of the passage (0..1)."""
    if not content_groups(query):
        return 0.0
    return max((group_coverage(query, m.group(0)) for m in SENTENCE.finditer(folded(text))), default=0.0)
