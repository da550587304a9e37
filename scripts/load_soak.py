"""Load soak: many staff asking a real `duchaqa serve` while reports are added and removed; prints failures and latency.

    .venv/bin/python scripts/load_soak.py --clients 50 --per-client 40 --cycles 5

The server runs as its own process on a private copy of corpus/ (and of the embedding
cache, so nothing is re-embedded). Every answer must be the one given before the load began.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common.settings import Settings  # noqa: E402
from tests.server.load import run_load  # noqa: E402

KEY = "soak"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--per-client", type=int, default=40)
    parser.add_argument("--cycles", type=int, default=5, help="Add/remove cycles during the load.")
    parser.add_argument("--server-log", type=Path, help="Keep the server's log (errors with their traces) here.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="duchaqa-load-") as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "corpus", root / "corpus")
        if Settings().cache_dir.is_dir():
            shutil.copytree(Settings().cache_dir, root / "cache")
        env = {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "DUCHAQA_CORPUS_DIR": str(root / "corpus"),
            "DUCHAQA_INDEX_DIR": str(root / "index"),
            "DUCHAQA_CACHE_DIR": str(root / "cache"),
            "DUCHAQA_API_KEY": KEY,
        }
        duchaqa = str(Path(sys.executable).parent / "duchaqa")
        subprocess.run([duchaqa, "ingest"], env=env, check=True, capture_output=True)
        port = _free_port()
        log = args.server_log.open("wb") if args.server_log else subprocess.DEVNULL
        command = [duchaqa, "serve", "--port", str(port)]
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
        try:
            base_url = f"http://127.0.0.1:{port}"
            _wait_ready(base_url)
            report = run_load(base_url, KEY, args.clients, args.per_client, args.cycles)
        finally:
            server.terminate()
            server.wait(30)
    print(f"clients {args.clients} × ≥{args.per_client} questions, {args.cycles} add/remove cycles")
    print(report.summary())
    for failure in report.failures[:20]:
        print("  FAIL", failure)
    return 1 if report.failures or any(code >= 300 for code in report.writes) else 0


def _wait_ready(base_url: str) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).json().get("status") == "ok":
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not start")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    sys.exit(main())
