"""HTML: the visible text of a page's main content (with its headline), one block per line."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

from ingest.read.base import ReadError, structural_title
from ingest.read.plain import decode, unify_newlines

# Never visible as page text, and dropped wherever they are.
_INVISIBLE_TAGS = ("head", "script", "style", "noscript", "iframe", "template", "svg", "object", "embed")

# Page furniture: the semantic tags always go (but see _is_noise); a <form> only
# when it does not hold most of the text (ASP.NET pages put the whole body in one).
_FURNITURE_TAGS = ("nav", "header", "footer", "aside")
_WRAPPER_TAGS = ("form",)

# Class/id words that mark menus, footers, comment boxes and the like; a class or id token
# starting or ending with one matches ("navbar", "topnav", "site-footer", "comments").
_NOISE_WORDS = (
    "nav",
    "menu",
    "footer",
    "header",
    "sidebar",
    "breadcrumb",
    "comment",
    "login",
    "share",
    "copyright",
)

# Class/id tokens of the container that holds the article on common (and Chinese CMS) sites.
_CONTENT_TOKENS = frozenset(
    {
        "content",
        "main-content",
        "maincontent",
        "article",
        "article-content",
        "articlecontent",
        "post-content",
        "entry-content",
        "trs_editor",
        "zoom",
        "pages_content",
    }
)

# Elements that start a new line of text.
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "address",
        "figure",
        "figcaption",
        "caption",
        "hr",
        "body",
    }
)
_CELL_TAGS = frozenset({"td", "th"})

# Markup strings that are not page text.
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_BLANK_LINES = re.compile(r"\n{3,}")

# Declared charsets we honour, mapped to the codec that reads them (GB18030 is a superset
# of GB2312 and GBK; browsers read ISO-8859-1 as windows-1252). Any other label is ignored
# and the bytes are detected like plain text: Python has codecs (unicode_escape, idna...)
# that no page should be able to pick.
_DECLARED_CODECS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5",
    "big5-hkscs": "big5hkscs",
    "iso-8859-1": "cp1252",
    "windows-1252": "cp1252",
}


def read_html(name: str, data: bytes) -> tuple[str, str, str]:
    """An HTML page: the visible text of its main content, one block per line; its encoding and headline."""
    text, encoding = decode(name, data, _declared_charset(data))
    soup = BeautifulSoup(text, "lxml")
    # Furniture goes before the container is chosen, so that a teaser <article> in a
    # sidebar cannot pass for it, and share bars or comment boxes inside the article go too.
    _drop_noise(soup)
    page_text = _tidy_lines(_block_text(_with_headline(soup, _main_container(soup))))
    if not page_text:
        raise ReadError(name, "no text")
    headline = soup.find("h1")
    return page_text, encoding, structural_title(headline.get_text(" ") if isinstance(headline, Tag) else "")


def _declared_charset(data: bytes) -> str | None:
    """The codec for the charset a page's <meta> names, if we honour it (head only)."""
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    return _DECLARED_CODECS.get(match.group(1).decode("ascii").lower())


def _drop_noise(soup: BeautifulSoup) -> None:
    """Remove invisible elements and page furniture (menus, footers, comment boxes).

    One top-down pass with an explicit stack and text lengths computed beforehand: a
    hostile page may nest thousands of elements, and per-element searches would make
    that quadratic. Scripts and styles are only parsed here, never run.
    """
    lengths = _text_lengths(soup)
    page_chars = lengths[id(soup)]
    doomed: list[Tag] = []
    stack: list[tuple[Tag, bool]] = [(soup, False)]
    while stack:
        element, in_article = stack.pop()
        if _is_noise(element, in_article, lengths[id(element)], page_chars):
            doomed.append(element)
            continue
        in_article = in_article or element.name in ("article", "main")
        stack.extend((child, in_article) for child in element.children if isinstance(child, Tag))
    for element in doomed:
        element.decompose()


def _is_noise(element: Tag, in_article: bool, chars: int, page_chars: int) -> bool:
    if element.name in _INVISIBLE_TAGS:
        return True
    if element.name in ("[document]", "html", "body"):
        return False
    if element.name in _FURNITURE_TAGS:
        # An HTML5 <header> inside the article carries its title, not the site's banner.
        return not (element.name == "header" and in_article)
    # A wrapper or noise-named element holding most of the text is not furniture
    # ("has-sidebar" layouts, a page-wide <form>): dropping it would drop the article.
    return (element.name in _WRAPPER_TAGS or _has_noise_name(element)) and chars * 2 <= page_chars


def _text_lengths(root: Tag) -> dict[int, int]:
    """Visible non-blank characters under every tag, keyed by id(), in one pass."""
    lengths: dict[int, int] = {}
    total = 0
    # A tag is pushed twice: once to visit its children, once (with the running total
    # at its start) to record how much text they added.
    stack: list[tuple[Tag | NavigableString, int | None]] = [(root, None)]
    while stack:
        node, total_at_start = stack.pop()
        if total_at_start is not None:
            lengths[id(node)] = total - total_at_start
        elif isinstance(node, Tag):
            stack.append((node, total))
            if node.name not in _INVISIBLE_TAGS:
                stack.extend((child, None) for child in node.contents)
        elif not isinstance(node, _NOT_TEXT):
            total += len(node.strip())
    return lengths


def _has_noise_name(element: Tag) -> bool:
    return any(token.startswith(_NOISE_WORDS) or token.endswith(_NOISE_WORDS) for token in _name_tokens(element))


def _name_tokens(element: Tag) -> list[str]:
    """The lower-cased class names and id of an element, split into words."""
    return [token for name in _class_and_id(element) for token in re.split(r"[\s_-]+", name) if token]


def _class_and_id(element: Tag) -> list[str]:
    """An element's class names and id, lower-cased."""
    classes = element.get("class") or []
    names = classes.split() if isinstance(classes, str) else list(classes)
    element_id = element.get("id")
    if isinstance(element_id, str):
        names.append(element_id)
    return [name.lower() for name in names]


def _main_container(soup: BeautifulSoup) -> Tag:
    """The element holding the article: <article>/<main>, a content-like box, else <body>."""
    lengths = _text_lengths(soup)
    elements = soup.find_all(True)
    semantic = [element for element in elements if _is_semantic_main(element)]
    content_like = [element for element in elements if _is_content_like(element)]
    for candidates in (semantic, content_like):
        best = max(candidates, key=lambda element: lengths[id(element)], default=None)
        if best is not None and lengths[id(best)] > 0:
            return best
    return soup.body or soup


def _with_headline(soup: BeautifulSoup, container: Tag) -> Tag:
    """The container widened to hold the page's headline when it stands just outside.

    Government sites put the <h1> and byline in a box above the content box (`article_title`
    over `TRS_Editor`): the report's title is body, so the container grows to their nearest
    common ancestor, unless that is the whole page (then only the headline is missing, and the
    menus around it are not worth it)."""
    headline = soup.find("h1")
    if not isinstance(headline, Tag) or headline in container.parents or headline is container:
        return container
    inside = set(map(id, headline.parents))
    common = next((p for p in container.parents if id(p) in inside), None)
    if common is None or common.name in ("[document]", "html", "body"):
        return container
    return common


def _is_semantic_main(element: Tag) -> bool:
    return element.name in ("article", "main") or element.get("role") == "main"


def _is_content_like(element: Tag) -> bool:
    return any(name in _CONTENT_TOKENS for name in _class_and_id(element))


def _block_text(root: Tag) -> str:
    """The text under `root`, with a line break around each block element and <br>.

    Walked with an explicit stack: a hostile page may nest deeper than Python recursion.
    Whitespace inside text collapses to one space as a browser shows it, except in <pre>.
    """
    parts: list[str] = []
    stack: list[tuple[Tag | NavigableString | str, bool]] = [(root, False)]
    while stack:
        node, in_pre = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, _NOT_TEXT):
                parts.append(str(node) if in_pre else _HTML_SPACE.sub(" ", str(node)))
        elif isinstance(node, Tag):
            stack.extend(_expand(node, in_pre))
        else:
            parts.append(node)
    return "".join(parts)


def _expand(tag: Tag, in_pre: bool) -> list[tuple[Tag | NavigableString | str, bool]]:
    """What a tag pushes on the walk stack, in reverse order: separator, children, separator."""
    if tag.name == "br":
        return [("\n", in_pre)]
    in_pre = in_pre or tag.name == "pre"
    children = [(child, in_pre) for child in reversed(tag.contents)]
    if tag.name in _BLOCK_TAGS:
        return [("\n", in_pre), *children, ("\n", in_pre)]
    if tag.name in _CELL_TAGS:
        return [("\t", in_pre), *children]
    return children


def _tidy_lines(text: str) -> str:
    """Strip every line and keep at most one blank line between blocks."""
    lines = [line.strip() for line in unify_newlines(text).split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")
