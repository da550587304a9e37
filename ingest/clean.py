"""Find the report's body: every line that is not page chrome, as offsets into the untouched text.

Reports arrive as saved web pages: forum menus, share bars, "查看原文", footers and
copyright lines sit between and around the paragraphs. We never rewrite the text
(citations index into it); we only say which line spans are body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.normalize import fold

# Lines that are chrome wherever they stand: menus, login prompts, forum post
# headers, share bars, reading counters, "print", source and copyright lines.
_CHROME_LINE = re.compile(
    r"""^(?:
        查看原文|其他|阅读原文|原文链接.*|关怀版|评论留言|評論留言|[【\[]?打印[】\]]?|打印本页|关闭窗口|
        找回密码|免费注册|QQ登录|只需一步,?快速开始|登录|注册|
        查看:\s*\d+\|回复:\s*\d+|打印\s+上一主题\s+下一主题|\[复制链接\]|跳转到指定楼层|
        楼主|沙发|板凳|地板|\d+\#|回复|使用道具\s*举报|举报|收藏收藏.*|分享到:.*|
        .*楼主\|?\s*发表于.*|发表于\s+\d{4}-\d{1,2}-\d{1,2}.*|
        (?:来)?源[:丨|].{0,30}|来源丨.*|.*转载请注明.*|.*编辑整理.*|\s*▼.*|
        近期要闻|全文\s*\|.*|继续滑动看下一个|向上滑动看下一个|您可能也对以下帖子感兴趣|
        文章有问题.*|您需要登录后才可以回帖.*|本版积分规则|.*最新主题|GMT[+-]\d+.*|
        ©.*|copyright.*|版权所有.*|快速回复.*返回顶部.*|返回顶部|返回列表|
        附件:?\s*\(?点击查看\)?|字号:.*|责任编辑.*|
        .{2,14}网|[^\w]+
    )$""",
    re.VERBOSE | re.IGNORECASE,
)
# Lines after which nothing is body any more (the footer of a forum or a news site).
_TAIL_START = re.compile(r"^(?:(?:来)?源[:丨|]|近期要闻|您需要登录后才可以回帖|您可能也对以下帖子感兴趣)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


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


def is_chrome(line: str) -> bool:
    """True for a line that belongs to the page around the report, not the report."""
    return bool(_CHROME_LINE.match(fold(line).strip()))


def body_lines(text: str) -> list[Span]:
    """The non-empty, non-chrome lines of `text`, trimmed, in order."""
    out: list[Span] = []
    for raw in _lines_with_offsets(text):
        span = strip_span(text, raw)
        if span is None:
            continue
        line = text[span.start : span.end]
        if _TAIL_START.match(fold(line)) and out:
            break
        if not is_chrome(line):
            out.append(span)
    return out
