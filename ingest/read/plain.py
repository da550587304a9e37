"""Plain text: bytes decoded as UTF-8 (with or without a mark), UTF-16, a declared charset, GB18030 or Big5."""

from __future__ import annotations

from itertools import islice

from charset_normalizer import from_bytes

from ingest.read.base import ReadError

# Bytes that never occur in text (all C0 controls but tab, newline, vertical tab, form
# feed, carriage return and escape; and DEL). Many of them means binary.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_MAX_CONTROL_SHARE = 0.01

# Characters looked at to tell GB18030 from Big5.
_HANZI_SAMPLE = 20_000
# Chinese text in either standard is mostly its common hanzi (about nine in ten); below this share,
# judged on at least this many hanzi, the bytes are another encoding's (Shift-JIS read as GB18030).
_MIN_COMMON_HANZI = 0.5
_MIN_HANZI_TO_JUDGE = 20

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# UTF-32's little-endian mark begins with UTF-16's: it must be tried first.
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
# Declared charsets that name a Chinese legacy encoding: a page may declare the wrong one of
# them (a Big5 page saying gbk), and both decode the same bytes, so the bytes decide.
_CHINESE_LEGACY = frozenset({"gbk", "gb2312", "gb18030", "cp936", "x-gbk", "euc-cn", "big5", "big5-hkscs", "cp950"})
_UTF8_BOM = b"\xef\xbb\xbf"


def read_plain(name: str, data: bytes) -> tuple[str, str]:
    """A .txt/.md report: decoded text with newlines unified, nothing else touched."""
    text, encoding = decode(name, data)
    text = unify_newlines(text)
    if not text.strip():
        raise ReadError(name, "no text")
    return text, encoding


def unify_newlines(text: str) -> str:
    # Offsets must not depend on the writer's platform: \r\n and lone \r both become \n.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(name: str, data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM or not), a declared charset, GB18030 or Big5, in that order."""
    # A byte-order mark is the strongest evidence there is; UTF-16 text is full of NULs,
    # so its mark must be recognised before the binary check.
    if data.startswith(_UTF32_BOMS):
        return _strict(name, data, "utf-32"), "utf-32"
    if data.startswith(_UTF16_BOMS):
        if _utf8_behind_utf16_mark(data):
            raise ReadError(name, "starts with a UTF-16 byte-order mark but the text after it is UTF-8")
        return _strict(name, data, "utf-16"), "utf-16"
    _reject_binary(name, data)
    if data.startswith(_UTF8_BOM):
        return _strict(name, data[len(_UTF8_BOM) :], "utf-8"), "utf-8"

    # Strict UTF-8 almost never accepts text written in another encoding, so it goes first.
    text = _try_decode(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    if declared is not None and declared.lower() not in _CHINESE_LEGACY:
        text = _try_decode(data, declared)
        if text is not None:
            return text, declared
    return _decode_chinese_legacy(name, data)


def _strict(name: str, data: bytes, encoding: str) -> str:
    text = _try_decode(data, encoding)
    if text is None:
        raise ReadError(name, f"starts with a {encoding} byte-order mark but is not valid {encoding}")
    return text


def _utf8_behind_utf16_mark(data: bytes) -> bool:
    """A UTF-16 mark glued onto UTF-8 text (a bad concatenation) would decode as UTF-16 mojibake.

    Real UTF-16 text is never valid UTF-8 past a few characters: Latin letters bring NUL
    bytes, and Chinese brings lead bytes UTF-8 does not allow. So valid UTF-8 with no NUL
    after the mark is UTF-8, and the file contradicts itself."""
    body = data[2:]
    return b"\x00" not in body and any(b >= 0x80 for b in body[:4096]) and _try_decode(body, "utf-8") is not None


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _reject_binary(name: str, data: bytes) -> None:
    # Text never holds NUL and hardly any other control byte; executables, images and
    # archives are full of them.
    if b"\x00" in data:
        raise ReadError(name, "binary file")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data):
        raise ReadError(name, "binary file")


def _decode_chinese_legacy(name: str, data: bytes) -> tuple[str, str]:
    """Pick GB18030 or Big5, whichever decodes cleanly and reads as more common Chinese."""
    decoded = {enc: text for enc in ("gb18030", "big5") if (text := _try_decode(data, enc)) is not None}
    if not decoded:
        raise ReadError(name, "not valid UTF-8, GB18030 or Big5")
    if len(decoded) == 1:
        [(encoding, text)] = decoded.items()
        return _unless_garbled(name, text, encoding)

    # Both decode (Big5 and GBK share their byte ranges): the right one reads as common
    # characters, the wrong one as rare ones. On a tie, let charset-normalizer decide.
    gb_share = _common_hanzi_share(decoded["gb18030"], "gb18030")
    big5_share = _common_hanzi_share(decoded["big5"], "big5")
    if gb_share != big5_share:
        encoding = "gb18030" if gb_share > big5_share else "big5"
    else:
        encoding = _charset_normalizer_guess(data)
    return _unless_garbled(name, decoded[encoding], encoding)


def _unless_garbled(name: str, text: str, encoding: str) -> tuple[str, str]:
    """Refuse a decoding that reads as rare characters: the bytes are in another encoding.

    GB18030 accepts almost any bytes, so Shift-JIS or EUC-KR text "decodes" as a stream of rare
    hanzi. Real Chinese text is mostly its standard's common (level-1) hanzi; text whose hanzi
    are mostly not is another language's bytes, and storing it would store gibberish."""
    hanzi = list(islice((ch for ch in text if "\u4e00" <= ch <= "\u9fff"), _HANZI_SAMPLE))
    if len(hanzi) < _MIN_HANZI_TO_JUDGE:
        return text, encoding
    is_common = _is_gb2312_level1 if encoding == "gb18030" else _is_big5_level1
    if sum(map(is_common, hanzi)) / len(hanzi) < _MIN_COMMON_HANZI:
        raise ReadError(name, "not UTF-8, GB18030 or Big5 text: its bytes decode as rare characters")
    return text, encoding


def _common_hanzi_share(text: str, encoding: str) -> float:
    """Share of the non-ASCII characters that are level-1 (common) hanzi of their standard.

    Both standards order their hanzi by frequency: GB2312 level 1 (lead bytes B0-D7) holds
    the 3,755 commonest simplified ones, Big5 level 1 (A440-C67E) the 5,401 commonest
    traditional ones. Text decoded with the wrong table lands mostly outside them.
    """
    # A sample is as telling as the whole, and encoding char by char is slow on big files.
    non_ascii = list(islice((ch for ch in text if ord(ch) > 0x7F), _HANZI_SAMPLE))
    if not non_ascii:
        return 0.0
    is_common = _is_gb2312_level1 if encoding == "gb18030" else _is_big5_level1
    return sum(is_common(ch) for ch in non_ascii) / len(non_ascii)


def _is_gb2312_level1(ch: str) -> bool:
    encoded = ch.encode("gb18030")
    return len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7 and encoded[1] >= 0xA1


def _is_big5_level1(ch: str) -> bool:
    try:
        encoded = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xA440 <= int.from_bytes(encoded, "big") <= 0xC67E


def _charset_normalizer_guess(data: bytes) -> str:
    # Mainland reports are the corpus, so GB18030 wins when even the detector has no idea.
    best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    return "big5" if best is not None and best.encoding == "big5" else "gb18030"
