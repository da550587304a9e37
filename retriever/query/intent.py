"""What a question asks for: its intent (a number, a date, a title, a list, a name, a comparison…).

Read from the question alone (its words, its question word, the noun it counts); the reader
looks for such values in passages (`retriever.reader.values`).
"""

from __future__ import annotations

import re

from retriever.query.parse import Query

# A "what is it called / what … does it apply" question, whose answer may be such a quoted name.
ASKS_NAME = re.compile(
    r"叫什么|称为|名称|(?:什么|何种|哪种)(?:制度|机制|要求|内容|模式|理念|原则|方式|口号|称号|做法)"
    r"|\b(?:called|named)\b|\bwhat (?:\w+ )?(?:mechanism|system|requirement|principle|model|slogan|approach)s?\b"
)
# A bare decimal (an index value such as 4.49) for questions whose figure has no unit.


# "整改方案的文号是什么", "what is the plan's document number".
ASKS_DOC_NUMBER = re.compile(r"文号|发文字号|文件编号|\b(?:document|reference|file|serial) (?:number|no\b)")

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
        # (The plural is a noun's: "which river is…", "which lake does…" ask for one name.)
        r"|(?<!at )(?<!in )(?<!of )(?<!by )(?<!on )\bwhich (?!(?:batch|round)\b)(?:[\w-]+ ){0,2}"
        # ("which dates", "which years" ask for a date.)
        r"(?!(?:is|was|has|does|goes|dates|days|months|years)\b)[a-z]*[^s\W]s\b"
        # A keyword question ending in "…的地区" names the kind of items it wants listed.
        r"|的(?:地区|城市|市县|县区|项目|企业|措施|名单|单位)\s*[?？]?$",
    ),
    (
        "date",
        # "When…", "by when": a date; "the rate when the inspectors came" is a clause, not the ask;
        # "多长时间" asks a period, a figure.
        r"何时|什么时候|哪一?年|哪一?天|哪(?:一个|个|一)?月|几月|几号|日期"
        r"|(?:^|[,;:]\s*|\b(?:by|since|until|till|from) )when\b"
        r"|what (?:date|year|month|day)|which (?:year|date|month)|on what date|(?<!多长)(?<!多少)时间",
    ),
    # "中央第几督察组", "排名全国第几", "what rank": the answer is an ordinal.
    # "Which batch of complaints…", "in which round": a numbered batch or round, 第十三批.
    (
        "ordinal",
        r"第几|\bwhat rank|\branks?\b.*\bwhere\b|\bwhere\b.*\brank(?:s|ed)?\b|\bwhich place\b"
        r"|\b(?:which|what) (?:batch|round)\b",
    ),
    # A telephone line or a mailbox the inspectors opened to the public, or a document's number: a
    # string that identifies, read whole.
    (
        "contact",
        r"电话|热线|信箱|邮箱|\b(?:phone|telephone|hotline|mailbox|e-?mail|p\.?o\.? box)\b|" + ASKS_DOC_NUMBER.pattern,
    ),
    (
        "number",
        # A water-quality class is a figure of its own ("劣Ⅴ类"): "什么水质类别", "which class".
        r"水质类别|几类水|\bclass\b|"
        r"多少|几|多大|多高|多长|多久|比例|占比|比重|百分之|率(?!先)|\bhow (?:many|much|long|large|big|high|far)\b"
        r"|\bpercent|\bproportion\b|\bshare\b|\brate\b|\bratio\b|\bnumber of\b|\bamount\b|\btotal\b|\barea\b"
        r"|\blength\b|\bcount\b|\bby how\b|\bconcentration\b|\bcapacity\b|金额"
        # "What was the average PM2.5 level": a measured level is a figure (not "provincial-level", "at
        # what level of government").
        r"|\baverage\b|\bmean\b|(?<!-)\blevels?\b(?! of (?:government|administration|the party))"
        # A keyword question ending in a measure noun ("山西 信访件 办结数", "日处理能力") asks for its figure.
        r"|(?:数|数量|数目|总量|能力|规模|面积|长度|浓度|人数)\s*[?？]?$"
        # …or has such a word among its keywords ("沈阳 信访件 办结数 截至2024年11月底").
        r"|(?:^|\s)[\u4e00-\u9fff]{0,6}(?:数|数量|总量|金额)(?=\s)",
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
_ASKS_NAMED = next(pattern for name, pattern in INTENT_PATTERNS if name == "name")

ASKS_DAY = re.compile(r"日期|哪一?天|几号|几月几日|\bwhat (?:date|day)\b|\bon which day\b")
# An ordinal: "全国第四", "第一".
ORDINAL = re.compile(r"(?:全国|全省|中部六省)?第[一二三四五六七八九十百\d]+")
_ORDINAL_NOUN = re.compile(r"([\u4e00-\u9fff]{0,2})第几([\u4e00-\u9fff]{2,12})")


# The noun an English question numbers: "which batch" is a 第N批, "which round" a 第N轮.
_ENGLISH_ORDINAL_NOUN = {"batch": "批", "round": "轮"}
_WHICH_ORDINAL = re.compile(r"\b(?:which|what) (batch|round)\b")


def ordinal_pattern(query: Query) -> re.Pattern[str]:
    """For "中央第几生态环境保护督察组": an ordinal followed by the noun the question puts after 第几,
    with the word before 第几 when the text has it too ("中央第三…督察组", not "第三…督察组")."""
    noun = _ORDINAL_NOUN.search(query.folded)
    if not noun:
        english = _WHICH_ORDINAL.search(query.folded)
        if english:
            return re.compile(ORDINAL.pattern + _ENGLISH_ORDINAL_NOUN[english.group(1)])
        return ORDINAL
    before = f"(?:{re.escape(noun.group(1))})?" if noun.group(1) else ""
    return re.compile(before + ORDINAL.pattern + re.escape(noun.group(2)))


# "Which city had the most…", "哪个市办结率最高": which item of a series has the most or the least.
_MOST = re.compile(r"最(?:多|高|大|快|长|重)|居首|\b(?:most|highest|largest|biggest|greatest|longest|top)\b")
_LEAST = re.compile(r"最(?:少|低|小|短|慢|轻)|\b(?:fewest|lowest|least|smallest|shortest)\b")
# The question asks which item, not the figure itself ("最高达到多少" asks the figure).
_ASKS_WHICH = re.compile(r"哪|\bwhich\b|\bwhat (?:city|county|prefecture|district|province)\b")
_ASKS_FIGURE = re.compile(r"多少|几[个项件家]|\bhow (?:many|much)\b|\bwhat (?:was|is) the (?:figure|number|rate)\b")
# A question that counts something ("12369热线受理了多少件"), where "电话是多少" asks the line itself.
_COUNTS = re.compile(r"多少(?=[\u4e00-\u9fff])|几[个项件家次]|\bhow (?:many|much)\b")
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5}
_HOW_MANY_ITEMS = re.compile(r"\bwhich (two|three|four|five)\b|哪([两二三四五])|前([两二三四五])")


def asks_extreme(query: Query) -> int:
    """+1 when the question asks which item has the most, −1 the least, 0 when it asks neither."""
    text = query.folded
    if not _ASKS_WHICH.search(text) or _ASKS_FIGURE.search(text):
        return 0
    if _MOST.search(text):
        return 1
    return -1 if _LEAST.search(text) else 0


def items_asked(query: Query) -> int:
    """How many items the question wants: "which three prefectures" three, else one."""
    m = _HOW_MANY_ITEMS.search(query.folded)
    return _COUNT_WORDS[next(g for g in m.groups() if g)] if m else 1


def intent_of(query: Query) -> str:
    """number | date | title | list | who | compare | fact. One part of a comparison asks for the
    value compared: a date for "which was first", else a number. "Which city had the most…" asks
    a name (a list for "which three…"), unless it names the regions it compares."""
    if asks_extreme(query) and len(query.regions) < 2:
        return "list" if items_asked(query) > 1 else "name"
    for name, pattern in INTENT_PATTERNS:
        if pattern.search(query.folded):
            if name == "contact" and _COUNTS.search(query.folded):
                continue  # "12369热线受理了多少件" asks a count, not the line ("电话是多少" asks the line)
            if name == "compare" and len(query.regions) < 2 and len(query.parts) < 2:
                # ("Which prefecture was the first to…" asks a name, whatever "and" it holds.)
                if len(query.regions) == 1 and _ONE_PART.search(query.folded) and not _ASKS_NAMED.search(query.folded):
                    return "date" if EARLIER.search(query.folded) else "number"
                continue
            return name
    return "fact"


EARLIER = re.compile(r"早|先|\b(?:earlier|sooner)\b|\bfirst\b(?![\s-]+(?:round|batch|time))")
# A comparison between named regions ("Yunnan or Henan", "湖南和江西"), seen from one of its parts.
_ONE_PART = re.compile(r"\bor\b|\band\b|和|与|还是|、")


def content_groups(query: Query) -> list[list[str]]:
    """The question's term groups minus region names and one-character noise."""
    out = []
    for group in query.groups:
        kept = [t for t in group if len(t) >= 2 or t.isdigit()]
        if kept:
            out.append(kept)
    return out


_ASKS_CHANGE = re.compile(
    r"下降|上升|增加|减少|提高|降低|增长|提升|改善|削减|变化|幅度|同比|\b(?:decreas|increas|drop|fell|fall|rise|rose"
    r"|reduc|improv|chang|grow|grew|cut|by how much)"
)


def asks_change(query: Query) -> bool:
    return bool(_ASKS_CHANGE.search(query.folded))
