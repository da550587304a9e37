"""Find the report's body: every line that is not page furniture, as offsets into the untouched text.

Reports arrive as saved web pages, forum threads, news articles and PDF extracts: menus,
bylines, share bars, counters and copyright lines sit around (and sometimes between) the
paragraphs. We never rewrite the text (citations index into it); we only say which line spans
are body, and record every line we did not keep with the reason (`explain`).

Furniture is recognised by its form and its position, never by one site's wording:
- anywhere: a line made only of interface words (print, share, log in, reply…), a counter,
  a copyright / ICP / site-registration line, a breadcrumb or menu line, a line of symbols only;
- a byline's fields become metadata and the body after it stays; its source and date stay text;
- at the ends of the page only: the short lines around that furniture (menu items, the
  site's name, related links) before the first or after the last line of running text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate

from common.settings import get_settings
from common.types import Dropped
from ingest.forms import HEADING_START
from ingest.normalize import fold, fold_aligned, fold_with_map

# Words of a web page's interface (buttons, menus, forum controls). A line made only of them,
# separators and numbers is furniture: no sentence of a report consists of these alone.
_UI_WORDS = (
    "查看原文|阅读原文|原文链接|点击查看|点此查看|查看全文|全文|关怀版|无障碍|评论留言|留言|评论|点赞|在看|收藏|分享到|分享|"
    "一键订阅|订阅|顶|踩|打印本页|打印|关闭窗口|关闭|找回密码|免费注册|注册|登录|退出|快速开始|只需一步|qq登录|微信登录|微博|微信|"
    "扫一扫|二维码|上一主题|下一主题|上一篇|下一篇|复制链接|跳转到指定楼层|楼主|沙发|板凳|地板|回复|快速回复|"
    "使用道具|举报|只看该作者|回帖奖励|倒序浏览|阅读模式|返回顶部|返回列表|返回首页|返回|首页|更多|字体|字号|"
    "大|中|小|默认|放大|缩小|繁体|简体|繁體|English|rss|搜索|检索|手机版|移动版|网站地图|联系我们|本版积分规则|"
    "继续滑动看下一个|向上滑动看下一个|点击留言|近期要闻|相关链接|相关阅读|相关新闻|推荐阅读|热点新闻|"
    "您可能也对以下帖子感兴趣|您需要登录后才可以回帖|最新主题|附件|附件下载|下载|视频|音频|朗读"
)
_SEPARATORS = r"[\s|｜丨/:：、,，·•>›»<«\-—_【】\[\]()（）#▼▲►◆●\d]"
_UI_LINE = re.compile(rf"^(?:(?:{_UI_WORDS})|{_SEPARATORS}|点击|点此|此)+$", re.IGNORECASE)

# Counters and post stamps: 查看: 3595|回复: 3, 浏览次数：1234, GMT+8, 2024-11-29 14:46.
_COUNTER = re.compile(
    r"^(?:(?:查看|回复|浏览|浏览次数|阅读|阅读量|阅读数|点击|点击数|点击量|访问量)\s*[:：]?\s*\d+\s*[|｜]?\s*)+$"
    r"|^gmt[+-]\d+.*$",
    re.IGNORECASE,
)

# Copyright, ICP and public-security registration, site identity and contact lines.
_LEGAL = re.compile(
    r"©|copyright|版权所有|icp[备證证]|[京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新蒙]icp|"
    r"公网安备|公安备案|网站标识码|主办单位|承办单位|技术支持|建议使用.{0,20}浏览器|分辨率|不良信息举报|"
    r"转载请注明|未经授权|编辑整理",
    re.IGNORECASE,
)
_LEGAL_MAX = 120

# Breadcrumbs ("首页 > 新闻中心 > 正文", "当前位置：…") and menu lines (three or more short items
# separated by spaces or bars; tabs are table cells, not menus).
_BREADCRUMB = re.compile(r"^(?:当前位置|您的位置|您现在的位置|所在位置)[:：]|^首页\s*[>›»/]|[>›»]\s*正文\s*$")
_MENU_ITEM = r"[\u4e00-\u9fffA-Za-z]{1,8}"
_MENU = re.compile(rf"^{_MENU_ITEM}(?:(?: {{1,}}|\s*[|｜丨·•/]\s*){_MENU_ITEM}){{2,}}$")

# A byline: only `field：value` pairs (source, time, author, editor…) and bare dates or times.
_BYLINE_FIELD = (
    r"来源|信息来源|稿源|文章来源|发布时间|发布日期|发文日期|发表时间|发表于|更新时间|时间|日期|作者|撰稿|"
    r"记者|通讯员|编辑|责任编辑|责编|审核|校对|摄影|浏览次数|阅读次数|点击数|字体|字号|发布机构|发布单位|发布者|"
    r"分享到|源"
)
_DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
_BYLINE_ITEM = rf"(?:(?:{_BYLINE_FIELD})\s*[:：丨|]\s*[^:：。，,；;|｜]{{0,40}}?|{_DATE}|(?:{_BYLINE_FIELD})\s+{_DATE})"
_BYLINE = re.compile(rf"^(?:{_BYLINE_ITEM}|{_UI_WORDS}|[\s|｜丨【】\[\]()（）])+$", re.IGNORECASE)
# A byline names at least one of its fields; a bare date is only a "date line".
_BYLINE_NAMED = re.compile(rf"(?:{_BYLINE_FIELD})\s*[:：丨|]|发表于")
# A publisher and a date alone on a line ("环境保护 2024-04-04"), or a bare date: bylines only in a page's head.
_PUBLISHER_DATE = re.compile(rf"^(?:([\u4e00-\u9fffA-Za-z]{{2,12}})\s+)?{_DATE}$")
_BYLINE_FIELDS = {
    "source": re.compile(r"(?:信息来源|文章来源|稿源|来源|发布机构|发布单位|^源)\s*[:：丨]\s*([^\s|｜:：]{1,30})"),
    "author": re.compile(r"(?:作者|记者|撰稿)\s*[:：]\s*([^|｜:：]{1,30}?)(?=\s{2,}|\s*[|｜]|\s+\S+[:：]|$)"),
    "date": re.compile(_DATE),
}
_DATE_ONLY = re.compile(_DATE)

# Running text: a line with sentence punctuation and enough Chinese to be a sentence.
_SENTENCE_MARK = re.compile(r"[。，；：！、]|[,;](?=\s*[\u4e00-\u9fff])")
_RUNNING_MIN_HANZI = 12
# A line with no sentence in it that may still be the report's own: a title or a heading.
_TITLE_WORDS = re.compile(r"报告|方案|材料|情况|措施|意见|公开|通知|改革|决定|规划|总结|通报|督察|整改|公示|案例|清单")
_SYMBOLS_ONLY = re.compile(r"^[^\w]+$")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Body:
    """The body lines of a text, what was dropped around them, and the byline's fields."""

    lines: list[Span]
    dropped: list[Dropped]
    byline: dict[str, str] = field(default_factory=dict)


def _lines_with_offsets(text: str) -> list[Span]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append(Span(pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def strip_span(text: str, span: Span) -> Span | None:
    """Trim white space (including NBSP and ideographic space) off a span; None if nothing is left."""
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


# Reasons that only count at a page's edges: in the middle such a line is the report's own
# (a spaced table header looks like a menu, a signature date like a byline's).
EDGE_ONLY = frozenset({"navigation", "date line"})
# Reasons that mark a line as the page's own byline, read into metadata.
BYLINES = frozenset({"byline", "date line"})
# A byline field that says where and when the report was published.
_PUBLICATION = re.compile(r"(?:来源|发布时间|发布日期|日期|时间|发布机构|发布单位)\s*[:：丨|]")


def furniture_reason(line: str) -> str | None:
    """Why a line may be page furniture (None: it is body wherever it stands); see EDGE_ONLY."""
    return _furniture_reason(fold(line).strip())


def _furniture_reason(folded: str) -> str | None:
    if _SYMBOLS_ONLY.match(folded):
        return "symbols only"
    if "\t" in folded:  # a table row: cells are never furniture, whatever they hold
        return None
    if _COUNTER.match(folded):
        return "counter"
    if _BYLINE.match(folded) and _BYLINE_NAMED.search(folded):
        return "byline"
    if _UI_LINE.match(folded):
        return "interface words only"
    if len(folded) <= _LEGAL_MAX and "。" not in folded and _LEGAL.search(folded):
        return "copyright or site registration"
    if _BREADCRUMB.search(folded) or (_MENU.match(folded) and not _SENTENCE_MARK.search(folded)):
        return "navigation"
    if _PUBLISHER_DATE.match(folded):
        return "date line"
    return None


_HANZI = re.compile(r"[\u4e00-\u9fff]")


def _is_running(folded: str) -> bool:
    """A (folded) line of sentences: what a page's furniture never is."""
    hanzi = len(_HANZI.findall(folded))
    return hanzi >= _RUNNING_MIN_HANZI and bool(_SENTENCE_MARK.search(folded))


def _keeps_at_the_edge(folded: str) -> bool:
    """A non-sentence line at the page's edge that is still the report's: its title or a heading."""
    return bool(HEADING_START.match(folded)) or (len(folded) >= 8 and bool(_TITLE_WORDS.search(folded)))


def read_byline(line: str, reason: str, into: dict[str, str]) -> None:
    """Fields of a byline or a page-head date line (source, author, date), first seen wins.

    Matched on the folded line, read from the original (citations and metadata show the source)."""
    folded, index = fold_with_map(line)
    patterns = {"source": _PUBLISHER_DATE, "date": _DATE_ONLY} if reason == "date line" else _BYLINE_FIELDS
    for name, pattern in patterns.items():
        found = pattern.search(folded)
        group = 1 if pattern.groups else 0
        if found and found.group(group) and name not in into:
            start, end = found.span(group)
            into[name] = line[index[start] : index[end - 1] + 1].strip()


def find_body(text: str, folded: str | None = None) -> Body:
    """Classify every non-empty line: body, furniture anywhere, or furniture at the page's edges.

    `folded` is `fold_aligned(text)` when the caller has it: every rule reads the folded lines."""
    folded = fold_aligned(text) if folded is None else folded
    spans = [s for raw in _lines_with_offsets(text) if (s := strip_span(text, raw))]
    lines = [folded[s.start : s.end] for s in spans]
    reasons = [_furniture_reason(line) for line in lines]
    edge = _edge_lines(lines, reasons)
    body = Body(lines=[], dropped=[])
    for i, span in enumerate(spans):
        reason = reasons[i]
        if reason in EDGE_ONLY:
            reason = reason if i in edge else None
        reason = reason or edge.get(i)
        if reason in BYLINES:
            read_byline(text[span.start : span.end], reason, body.byline)
            # Who published it and when are facts staff ask about ("when was it published?"): such a
            # line stays text too; credits and buttons are metadata only.
            if reason == "date line" or _PUBLICATION.search(lines[i]):
                reason = None
        if reason is None:
            body.lines.append(span)
            continue
        body.dropped.append(Dropped(reason=reason, text=text[span.start : span.end], start=span.start, end=span.end))
    return body


def _edge_lines(lines: list[str], reasons: list[str | None]) -> dict[int, str]:
    """What goes at the page's edges: the head up to its last furniture line, the tail from its first.

    The head ends at the last furniture line with little running text before it, and there only
    short lines that are neither a title nor a heading go (menu items, the site's name). The tail
    starts at the first furniture line with little running text after it, and everything there
    goes (related links, adverts), while a signature right under the last paragraph stays."""
    running = [
        len(line) if reason is None and _is_running(line) else 0 for line, reason in zip(lines, reasons, strict=True)
    ]
    before = list(accumulate(running, initial=0))  # before[i]: running text above line i
    total = before[-1]
    settings = get_settings()
    little = min(settings.edge_running_chars, settings.edge_running_share * total)
    furniture = [i for i, reason in enumerate(reasons) if reason]
    head_end = max((i for i in furniture if before[i] < little), default=-1)
    # A dated signature under the last paragraph (issuer, date) is the report's: the page's footer
    # starts after it, even when a link line stands between the paragraph and the signature.
    signed = max((i for i, reason in enumerate(reasons) if reason == "date line"), default=-1)
    tail_start = min((i for i in furniture if i > signed and total - before[i + 1] < little), default=len(lines))
    edge: dict[int, str] = {}
    for i in range(head_end + 1):
        if reasons[i]:
            edge[i] = reasons[i]  # type: ignore[assignment]
        elif not running[i] and not _keeps_at_the_edge(lines[i]):
            edge[i] = "page head"
    for i in range(max(tail_start, head_end + 1), len(lines)):
        edge[i] = reasons[i] or "page tail"
    return edge
