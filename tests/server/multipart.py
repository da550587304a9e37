"""A multipart upload body built by hand: the file name goes to the server exactly as given.

httpx (like a browser) percent-encodes control characters and quotes in a file name, so the
server would see a harmless "%00" instead of the NUL a hostile-name probe is about; and the
kill trials post from bare threads with urllib. Everyone who sends a raw upload uses this.
"""

from __future__ import annotations

import hashlib


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    """(body, Content-Type) of a form with one field `file` (UTF-8 name, only \\ and " escaped)."""
    boundary = "duchaqa" + hashlib.sha256(data).hexdigest()[:32]
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{quoted}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    )
    body = head.encode("utf-8", "surrogateescape") + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"
