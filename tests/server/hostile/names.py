"""Hostile upload names: traversal, absolute paths, controls, invisible and look-alike characters, lengths."""

from __future__ import annotations

import unicodedata

from .model import H, Hostile
from .reports import GANSU, GANSU_TITLE


def name_files() -> list[Hostile]:
    text = GANSU.encode()
    cjk = "督察整改进展情况报告"  # ten characters, three UTF-8 bytes each
    return [
        # parent-directory traversal, Unix separator
        H("name-dotdot-slash", "../x.txt", text, "refuse"),
        # deep traversal to /tmp
        H("name-dotdot-deep", "../../../../../../tmp/hostile-x.txt", text, "refuse"),
        # parent-directory traversal, Windows separator
        H("name-dotdot-backslash", "..\\x.txt", text, "refuse"),
        # an absolute Unix path
        H("name-abs-unix", "/etc/passwd.txt", text, "refuse"),
        # a Windows drive path: the multipart parser keeps only "x.txt" (old IE sent full paths), so storing
        # it as x.txt is as right as refusing it; it must never land anywhere else
        H("name-abs-windows", "C:\\x.txt", text, "either", (GANSU_TITLE,)),
        # a UNC path (same parser rule as the drive path)
        H("name-unc", "\\\\server\\share\\unc.txt", text, "either", (GANSU_TITLE,)),
        # percent-encoded "../": a legal literal name, but it must never be decoded into a path
        H("name-pct-traversal", "%2e%2e%2fx.txt", text, "either", (GANSU_TITLE,)),
        # "./" prefix
        H("name-dot-slash", "./x.txt", text, "refuse"),
        # a sub-folder
        H("name-subdir", "sub/x.txt", text, "refuse"),
        # a URL as a name
        H("name-url", "http://example.com/x.txt", text, "refuse"),
        # full-width solidus: NFKC normalisation would turn it into "/"
        H("name-fullwidth-slash", "..／fw.txt", text, "either", (GANSU_TITLE,)),
        # division slash (U+2215) looks like "/"
        H("name-division-slash", "..\u2215ds.txt", text, "either", (GANSU_TITLE,)),
        # a hidden file
        H("name-hidden", ".x.txt", text, "refuse"),
        # only a suffix: a hidden file too
        H("name-suffix-only", ".txt", text, "refuse"),
        # the current directory
        H("name-dot", ".", text, "refuse"),
        # the parent directory
        H("name-dotdot", "..", text, "refuse"),
        # an empty name
        H("name-empty", "", text, "refuse"),
        # NUL in the name (C string truncation: "re" + "port.txt")
        H("name-nul", "re\x00port.txt", text, "refuse"),
        # a C0 control character
        H("name-soh", "re\x01port.txt", text, "refuse"),
        # a newline (log and header injection)
        H("name-newline", "report\n.txt", text, "refuse"),
        # a carriage return
        H("name-cr", "report\r.txt", text, "refuse"),
        # a tab
        H("name-tab", "re\tport.txt", text, "refuse"),
        # an ANSI escape sequence (terminal injection in logs)
        H("name-ansi", "\x1b[31mred.txt", text, "refuse"),
        # DEL
        H("name-del", "re\x7fport.txt", text, "refuse"),
        # a C1 control (NEL, U+0085)
        H("name-c1", "re\x85port.txt", text, "refuse"),
        # right-to-left override: shows as "reportexe.txt", really ends in .exe
        H("name-rlo-exe", "report\u202etxt.exe", text, "refuse"),
        # right-to-left override ending in .txt: shows as "eviltxt.jpg"
        H("name-rlo-txt", "evil\u202egpj.txt", text, "refuse"),
        # a zero-width space hiding in the name
        H("name-zwsp", "rep\u200bort.txt", text, "refuse"),
        # a byte-order mark at the start of the name
        H("name-bom", "\ufeffreport.txt", text, "refuse"),
        # a Unicode line separator
        H("name-line-sep", "re\u2028port.txt", text, "refuse"),
        # 90 CJK characters + ".txt" = 274 UTF-8 bytes: over the 255-byte file-name limit
        H("name-cjk-90", cjk * 9 + ".txt", text, "refuse"),
        # 80 CJK characters + ".txt" = 244 bytes: long but legal
        H("name-cjk-80", cjk * 8 + ".txt", text, "accept", (GANSU_TITLE,)),
        # exactly 255 ASCII bytes
        H("name-ascii-255", "a" * 251 + ".txt", text, "accept", (GANSU_TITLE,)),
        # 256 ASCII bytes
        H("name-ascii-256", "a" * 252 + ".txt", text, "refuse"),
        # a script tag (also holds "/")
        H("name-script", "<script>alert(1)</script>.txt", text, "refuse"),
        # an img tag with an onerror handler, no slash: only the <> rule refuses it
        H("name-img-onerror", "<img src=x onerror=alert(1)>.txt", text, "refuse"),
        # each character Windows forbids in names: < > : " | ? *
        H("name-lt", "a<b.txt", text, "refuse"),
        H("name-gt", "a>b.txt", text, "refuse"),
        H("name-colon", "a:b.txt", text, "refuse"),
        H("name-quote", 'a"b.txt', text, "refuse"),
        H("name-pipe", "a|b.txt", text, "refuse"),
        H("name-question", "a?b.txt", text, "refuse"),
        H("name-star", "a*b.txt", text, "refuse"),
        # NFD-decomposed accented Latin (as macOS writes names): a legal name
        H("name-nfd", unicodedata.normalize("NFD", "Résumé café.txt"), text, "accept", (GANSU_TITLE,)),
        # an ordinary Chinese name
        H("name-chinese", "甘肃省整改进展.txt", text, "accept", (GANSU_TITLE,)),
        # spaces inside
        H("name-spaces", "report with spaces.txt", text, "accept", (GANSU_TITLE,)),
        # an emoji (four UTF-8 bytes)
        H("name-emoji", "\U0001f4c4report.txt", text, "accept", (GANSU_TITLE,)),
        # a semicolon, which splits header parameters when unquoted
        H("name-semicolon", "a;b.txt", text, "either", (GANSU_TITLE,)),
        # a Windows reserved device name: legal on the server's file system
        H("name-con", "CON.txt", text, "either", (GANSU_TITLE,)),
        # a stem of one space
        H("name-space-stem", " .txt", text, "either", (GANSU_TITLE,)),
    ]
