"""HTML attacks: deep nesting, entity expansion, external entities, pages with no visible text, scripts."""

from __future__ import annotations

from .model import MB, H, Hostile
from .reports import REPORTS, as_html


def html_files() -> list[Hostile]:
    report = REPORTS[0]
    para = report[1]

    def nested(depth: int) -> bytes:
        return ("<html><body>" + "<div>" * depth + para + "</div>" * depth + "</body></html>").encode()

    laughs = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    billion = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY lol0 "lol">{laughs}]><html><body><p>&lol9;</p></body></html>'
    )
    quadratic = f'<!DOCTYPE html [<!ENTITY a "{"a" * 50_000}">]><html><body><p>{"&a;" * 50_000}</p></body></html>'
    xxe = '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><html><body><p>&xxe;</p></body></html>'
    return [
        # 10,000 nested divs around a paragraph
        H("html-nested-10k", "nested-10k.html", nested(10_000), "either"),
        # 100,000 nested divs (deeper than any recursive walk survives)
        H("html-nested-100k", "nested-100k.html", nested(100_000), "either"),
        # 100,000 unclosed <b> tags
        H("html-unclosed-100k", "unclosed-100k.html", ("<b>" * 100_000 + para).encode(), "either"),
        # a report with unclosed <p>, <div> and <span> tags: browsers show it fine
        H(
            "html-unclosed",
            "unclosed.html",
            f"<html><body><h1>{report[0]}<div><p>{report[1]}<p><span>{report[2]}".encode(),
            "accept",
            (report[0],),
        ),
        # nothing but a script
        H(
            "html-script-only",
            "script-only.html",
            b"<html><head><script>alert(1); document.write('x'.repeat(1e6))</script></head>"
            b"<body><script>alert(2)</script></body></html>",
            "refuse",
        ),
        # nothing but a style sheet
        H(
            "html-style-only",
            "style-only.htm",
            b"<html><head><style>body{background:url(javascript:alert(1))}</style></head><body><style>p{}</style></body></html>",
            "refuse",
        ),
        # nothing but noscript, template and iframe
        H(
            "html-invisible-only",
            "invisible.html",
            b"<html><body><noscript>turn on js</noscript><template><p>x</p></template>"
            b"<iframe src='//evil'></iframe></body></html>",
            "refuse",
        ),
        # a head with a title and an empty body
        H(
            "html-empty-body",
            "empty-body.html",
            f"<html><head><title>{report[0]}</title></head><body></body></html>".encode(),
            "refuse",
        ),
        # comments only
        H(
            "html-comments-only",
            "comments.html",
            b"<html><body><!-- " + para.encode() + b" --></body></html>",
            "refuse",
        ),
        # billion laughs: nine levels of entities, 10^9 "lol"s if expanded
        H("html-billion-laughs", "laughs.html", billion.encode(), "either"),
        # the same as .htm, no XML declaration
        H("htm-billion-laughs", "laughs.htm", billion.split("?>", 1)[1].encode(), "either"),
        # quadratic blow-up: one 50 KB entity used 50,000 times (2.5 GB expanded)
        H("html-quadratic-entity", "quadratic.html", quadratic.encode(), "either"),
        # an external entity naming /etc/passwd: must never be fetched
        H("html-xxe", "xxe.html", xxe.encode(), "either"),
        # a report page full of script and event handlers: the text is kept, the code is not
        H(
            "html-xss-report",
            "xss-report.html",
            as_html(report, "<script>alert(1)</script>")
            .replace("<p>", "<p onclick=alert(1)><img src=x onerror=alert(1)>")
            .encode(),
            "accept",
            (report[0],),
        ),
        # one 5 MB attribute value
        H(
            "html-huge-attribute",
            "huge-attr.html",
            (f'<html><body><p title="{"x" * 5 * MB}">{para}</p></body></html>').encode(),
            "either",
        ),
        # a million character references
        H(
            "html-many-entities",
            "entities.html",
            (f"<html><body><p>{para}</p><p>{'&amp;' * 1_000_000}</p></body></html>").encode(),
            "either",
        ),
        # a frameset and no body
        H(
            "html-frameset",
            "frameset.html",
            b"<html><frameset><frame src='a.html'><frame src='b.html'></frameset></html>",
            "refuse",
        ),
        # a CDATA section and processing instructions around a report
        H(
            "html-cdata-pi",
            "cdata.html",
            f"<?xml-stylesheet href='x'?><html><body><![CDATA[{para}]]>"
            f"<h1>{report[0]}</h1><p>{para}</p></body></html>".encode(),
            "either",
            (report[0],),
        ),
        # a valid .htm report
        H("htm-valid", "valid-report.htm", as_html(REPORTS[2]).encode(), "accept", (REPORTS[2][0],)),
    ]
