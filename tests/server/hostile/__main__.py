"""`python -m tests.server.hostile`: list every hostile file (expectation, size, hash, id, name) and the build time."""

from __future__ import annotations

import hashlib
import time

from . import MB, hostile_files


def main() -> None:
    started = time.perf_counter()
    everything = hostile_files()
    seconds = time.perf_counter() - started
    for h in everything:
        print(f"{h.expect:7} {len(h.data):>10} {hashlib.sha256(h.data).hexdigest()[:12]} {h.id:28} {h.name!r}")
    total = sum(len(h.data) for h in everything)
    print(f"{len(everything)} files, {total / MB:.1f} MB, built in {seconds:.1f}s")


if __name__ == "__main__":
    main()
