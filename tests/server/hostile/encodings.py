"""Text encodings: legacy Chinese, UTF-16/32 with and without marks, lying marks and charsets, mixtures."""

from __future__ import annotations

from .model import H, Hostile
from .reports import BIG5_REPORT, GANSU, GANSU_TITLE, REPORTS, as_html, as_text


def encoding_files() -> list[Hostile]:
    title = GANSU_TITLE
    second = REPORTS[0][2][:12]  # words from the second paragraph, to see the second half read right
    big5_title = BIG5_REPORT[0]
    utf8 = GANSU.encode("utf-8")
    # An even-length UTF-8 body decodes as (garbage) UTF-16 without error: the mojibake case.
    even = utf8 if len(utf8) % 2 == 0 else utf8 + b"\n"
    odd = even + b"\n"
    half = len(GANSU) // 2
    return [
        # GB18030 report
        H("enc-gb18030-txt", "gb18030.txt", GANSU.encode("gb18030"), "accept", (title, second)),
        # GB18030 Markdown
        H("enc-gb18030-md", "gb18030.md", ("# " + GANSU).encode("gb18030"), "accept", (title,)),
        # GBK page declaring its charset
        H("enc-gbk-html", "gbk.html", as_html(REPORTS[0], '<meta charset="gbk">').encode("gbk"), "accept", (title,)),
        # Big5 traditional-Chinese report
        H("enc-big5-txt", "big5.txt", as_text(BIG5_REPORT).encode("big5"), "accept", (big5_title,)),
        # Big5 page declaring its charset
        H(
            "enc-big5-html",
            "big5.html",
            as_html(BIG5_REPORT, '<meta charset="big5">').encode("big5"),
            "accept",
            (big5_title,),
        ),
        # UTF-16LE with its byte-order mark
        H("enc-utf16le-bom", "utf16le.txt", b"\xff\xfe" + GANSU.encode("utf-16-le"), "accept", (title, second)),
        # UTF-16BE with its byte-order mark
        H("enc-utf16be-bom", "utf16be.txt", b"\xfe\xff" + GANSU.encode("utf-16-be"), "accept", (title, second)),
        # UTF-16LE Markdown with its mark
        H("enc-utf16le-bom-md", "utf16le.md", b"\xff\xfe" + ("# " + GANSU).encode("utf-16-le"), "accept", (title,)),
        # UTF-8 with a byte-order mark
        H("enc-utf8-bom", "utf8bom.txt", b"\xef\xbb\xbf" + utf8, "accept", (title, second)),
        # a UTF-16LE mark in front of an even-length UTF-8 body: must be read as UTF-8 or refused, not mojibake
        H("enc-utf16le-bom-utf8-even", "bom-lie-le.txt", b"\xff\xfe" + even, "either", (title, second)),
        # a UTF-16BE mark in front of the same UTF-8 body
        H("enc-utf16be-bom-utf8-even", "bom-lie-be.txt", b"\xfe\xff" + even, "either", (title, second)),
        # the UTF-16LE mark lie with an odd-length body (not even valid UTF-16)
        H("enc-utf16le-bom-utf8-odd", "bom-lie-odd.md", b"\xff\xfe" + odd, "either", (title, second)),
        # UTF-32LE with its mark, which starts with the UTF-16LE mark
        H("enc-utf32le-bom", "utf32.txt", b"\xff\xfe\x00\x00" + GANSU.encode("utf-32-le"), "either", (title, second)),
        # UTF-16LE without a mark: NULs everywhere
        H("enc-utf16le-nobom", "utf16-nobom.txt", GANSU.encode("utf-16-le"), "either", (title, second)),
        # UTF-8 with a few invalid bytes spliced in
        H(
            "enc-utf8-invalid",
            "utf8-bad.txt",
            utf8[:60] + b"\xff\xc3\x28" + utf8[60:120] + b"\x80" + utf8[120:],
            "either",
            (title, second),
        ),
        # first half GB18030, second half UTF-8
        H(
            "enc-mixed-gb-utf8",
            "mixed.txt",
            GANSU[:half].encode("gb18030") + GANSU[half:].encode(),
            "either",
            (title, second),
        ),
        # Latin-1 English text (neither UTF-8 nor Chinese)
        H(
            "enc-latin1",
            "latin1.txt",
            "Caf\xe9 r\xe9sum\xe9: na\xefve fa\xe7ade, se\xf1or.\n".encode("latin-1") * 20,
            "either",
            ("Caf\xe9",),
        ),
        # Shift-JIS Japanese
        H(
            "enc-shift-jis",
            "sjis.txt",
            "環境省の報告書です。整備状況を説明します。\n".encode("shift_jis") * 20,
            "either",
            ("環境省",),
        ),
        # a page declaring Big5 whose bytes are GB18030
        H(
            "html-meta-lie-big5",
            "meta-lie-big5.html",
            as_html(REPORTS[0], '<meta charset="big5">').encode("gb18030"),
            "either",
            (title,),
        ),
        # a page declaring UTF-8 whose bytes are GB18030
        H(
            "html-meta-lie-utf8",
            "meta-lie-utf8.html",
            as_html(REPORTS[0], '<meta charset="utf-8">').encode("gb18030"),
            "either",
            (title,),
        ),
        # a page declaring GBK whose bytes are Big5
        H(
            "html-meta-lie-gbk",
            "meta-lie-gbk.html",
            as_html(BIG5_REPORT, '<meta charset="gbk">').encode("big5"),
            "either",
            (big5_title,),
        ),
        # a page declaring UTF-16 whose bytes are UTF-8
        H(
            "html-meta-lie-utf16",
            "meta-lie-utf16.html",
            as_html(REPORTS[0], '<meta charset="utf-16">').encode(),
            "either",
            (title,),
        ),
        # a page declaring a Python-only codec that would run escapes
        H(
            "html-meta-unicode-escape",
            "meta-escape.html",
            as_html(REPORTS[0], '<meta charset="unicode_escape">').encode(),
            "either",
            (title,),
        ),
    ]
