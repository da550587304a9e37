"""What kind of name a "which / what / who" question wants, as a pattern over the text: a person
after the office that names them, an inspection group, a county, river, lake, company, body…"""

from __future__ import annotations

import re

from retriever.query.parse import Query

# What kind of name a "which/what/who" question wants: (question pattern, name pattern in the text),
# the role first: "the head of Qingtian county's group" asks for a person, not a county.
# A person's name after the office or role that names them ("组长陈润儿通报", "组长为耿惠昌", "书记刘宁、").
_PERSON = (
    r"(?:(?<=书记|主席|省长|市长|县长|州长|主任|厅长|局长|部长|组长)|(?<=组长为|组长是))[\u4e00-\u9fff·]{2,3}?"
    r"(?=同志|、|，|,|任|就|为|担任|主持|带队|率|通报|一行|[。；;）)\s]|$)"
)
# A province by its full name, which a province's own inspection group carries.
_PROVINCE = (
    r"(?:北京|天津|上海|重庆)市|(?:河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南"
    r"|四川|贵州|云南|陕西|甘肃|青海)省|(?:内蒙古|广西壮族|西藏|宁夏回族|新疆维吾尔)自治区"
)
_NAME_TARGETS: list[tuple[str, str]] = [
    # "由县委、县政府主要领导担任组长", "成立了自治区党委书记陈全国任组长", "以党政主要领导为组长";
    # or the person heading it: "组长陈润儿通报…", "组长为耿惠昌".
    (
        r"组长|\bhead(?:s|ed)?\b|\bleads?\b|\bled\b|\bleader\b|\bchair(?:s|ed)?\b",
        rf"(?<=[由以了，,。；;：:])[^，,。；;：:由以了]{{2,24}}?(?=(?:担任|任|为)(?:双|副)?组长)|{_PERSON}",
    ),
    # "自治区党委书记刘宁、自治区主席蓝天立就整改工作作出指示批示": the name after an office.
    (r"谁|哪位|\bwho\b|\bwhom\b|书记|省长|主席|\bsecretary\b|\bgovernor\b|\bchairman\b", _PERSON),
    # The central groups and a province's own ("安徽省第一生态环境保护督察组").
    (
        r"督察组|inspection (?:team|group)|\bteam\b",
        rf"(?:中央|{_PROVINCE})?第[一二三四五六七八九十]+(?:生态)?环境保护督察组",
    ),
    # "由市自然资源和规划局牵头", "委托…中南调查规划设计院编制": a body, after the word that hands it the work.
    (
        r"(?:哪个|哪一个|哪家|什么)(?:部门|单位|机构)|\b(?:department|bureau|agency|institute|institution"
        r"|organi[sz]ation|office)\b",
        r"(?:(?<=[由经与、，,：:（(])|(?<=委托|会同|联合|邀请|聘请|牵头))[\u4e00-\u9fff]{2,24}"
        r"(?:局|厅|委员会|办公室|研究院|研究所|设计院|院|中心|公司|集团|大学|站|部|委|办)",
    ),
    (r"哪个县|哪一县|\bcounty\b", r"[\u4e00-\u9fff]{2,4}县"),
    (r"哪个(?:镇|乡)|\btown(?:ship)?\b", r"[\u4e00-\u9fff]{2,4}(?:镇|乡)"),
    # Only a city asked for by "which": a question merely mentioning a city is about something else.
    (r"哪(?:个|一个|座)(?:城市|市)|\bwhich (?:\w+ ){0,2}city\b", r"[\u4e00-\u9fff]{2,4}市"),
    (r"哪个州|\bprefecture\b", r"[\u4e00-\u9fff]{2,4}州"),
    (r"哪条河|哪条江|什么河|\briver\b", r"[\u4e00-\u9fff]{1,4}(?:河|江)(?!流域)"),
    (r"哪个湖|\blake\b", r"[\u4e00-\u9fff]{1,4}湖"),
    (r"大学|universit", r"[\u4e00-\u9fff]{2,10}大学"),
    # A treatment process or technology, after the verb that adopts it: "采用氧化沟工艺", "采用A2/O工艺".
    (
        r"工艺|技术|\bprocess\b|\btechnolog",
        r"(?:(?<=采用|使用|应用|运用|引进|选用)|(?<=[，,、：:“（(]))[\u4e00-\u9fffa-z\d/+-]{2,10}?(?:工艺|技术)",
    ),
    # A standard a plant must meet: its title in book marks, or the grade after the verb that sets it
    # ("出水达到一级A标准").
    (
        r"什么(?:排放)?标准|哪(?:个|一|种|一级)?(?:排放)?标准|\b(?:which|what) (?:[\w-]+ ){0,2}standard\b",
        r"《[^《》]{2,40}?标准[^《》]{0,12}》"
        r"|(?:(?<=达到|执行|按照|满足|符合|提至|升至)|(?<=[到至为，,、（(“]))[\u4e00-\u9fffa-z\d.]{1,10}?(?:排放)?标准(?!化)",
    ),
    (r"公司|集团|compan|enterprise|corporat", r"[\u4e00-\u9fff]{2,16}(?:有限公司|公司|集团)"),
    (r"项目|\bproject\b", r"[\u4e00-\u9fff()（）]{4,40}项目"),
    (r"园区|产业园|\bindustrial parks?\b", r"(?:(?!的)[\u4e00-\u9fff]){2,8}(?:产业园|工业园区|园区)"),
]
NAME_TARGETS = [(re.compile(q), re.compile(t)) for q, t in _NAME_TARGETS]


_WHICH_NOUN = re.compile(
    r"\b(?:which|what) (?:\w+ ){0,2}?(\w+)\b"
    r"(?= (?:will|did|does|do|is|was|has|had|were|are|must|should|shall|can|could|would)\b)"
    r"|哪(?:个|一个|条|座|家)\S{1,3}"
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
