"""Soak the real server (and optionally the CLI) with the hostile uploads of tests/server/hostile/.

    .venv/bin/python scripts/hostile_soak.py [--limit N] [--only ID,ID] [--timeout S] [--cli] [--keep]

Everything runs in a temporary world: a copy of corpus/, a private index, a copy of the embedding
cache (so nothing is re-embedded) and API key "soak". The real `duchaqa serve` runs as a subprocess;
each hostile file is uploaded as a new name and judged: a refused file must get a 4xx, an accepted
one 201 (it is then deleted again, 200), "either" allows both. Whatever the status, a 5xx, a
timeout, a dead server, a changed report, junk left in the corpus folder, or a path or traceback in
the response is a failure. Also checked: re-uploading an existing report without ?replace=true is
409 and changes nothing, and one question is answered at the start and at the end.

With --cli each file with a plain file name also goes through `duchaqa ingest <file>`.
Prints every failure and a summary; exits 1 if anything failed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from rich.console import Console
from rich.table import Table
from rich.text import Text

ROOT = Path(__file__).resolve().parent.parent
DUCHAQA = ROOT / ".venv" / "bin" / "duchaqa"
KEY = "soak"
EXISTING = "001_d25812755243d715.txt"  # a report in corpus/, re-uploaded without ?replace=true
QUESTION = "How many petitions did Hunan close?"
HEALTH_SECONDS = 5.0
START_SECONDS = 240.0
MAX_RETRIES = 5  # a write answered 429 is tried again this many times in all

# Failure kinds, in the order the summary lists them.
KINDS = (
    "5xx",
    "timeout/hang",
    "server died",
    "report modified",
    "junk left",
    "path/trace leaked",
    "wrong status",
    "wrong text",
    "question abstained",
)

console = Console(stderr=True, highlight=False, width=160)

sys.path.insert(0, str(ROOT))
from tests.server.hostile import Hostile, hostile_files  # noqa: E402
from tests.server.multipart import multipart  # noqa: E402

HostileFile = Hostile


# ---- the hostile collection -------------------------------------------------------------------


# ---- the temporary world ----------------------------------------------------------------------


@dataclass
class World:
    root: Path
    corpus: Path
    index: Path
    cache: Path
    logs: Path
    env: dict[str, str]
    originals: dict[str, bytes] = field(default_factory=dict)  # corpus file name -> its bytes at the start


def make_world(root: Path) -> World:
    corpus, index, cache, logs = root / "corpus", root / "index", root / "cache", root / "logs"
    shutil.copytree(ROOT / "corpus", corpus)
    project_cache = ROOT / ".cache" / "embeddings"
    if project_cache.is_dir():
        shutil.copytree(project_cache, cache)
    logs.mkdir()
    # Nothing of the caller's own DUCHAQA_* settings may leak into the soak.
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUCHAQA_")}
    env.update(
        DUCHAQA_CORPUS_DIR=str(corpus),
        DUCHAQA_INDEX_DIR=str(index),
        DUCHAQA_CACHE_DIR=str(cache),
        DUCHAQA_API_KEY=KEY,
        # The soak is about content, not the write rate limit: one client writes ~250 times in minutes.
        DUCHAQA_WRITES_PER_MINUTE="100000",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
        PYTHONUNBUFFERED="1",  # the server's log is read after each upload
    )
    originals = {p.name: p.read_bytes() for p in sorted(corpus.iterdir()) if p.is_file()}
    return World(root, corpus, index, cache, logs, env, originals)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def modified_reports(world: World) -> list[str]:
    """Pre-existing corpus files that are gone or whose bytes changed."""
    changed = []
    for name, data in world.originals.items():
        path = world.corpus / name
        if not path.is_file() or sha256(path.read_bytes()) != sha256(data):
            changed.append(name)
    return changed


def stray_files(world: World, allowed: Collection[str] = ()) -> list[str]:
    """Files that should not be there: in the corpus folder beyond the reports (and `allowed`), or
    anywhere else in the world but the index, the cache and the logs (an upload that escaped)."""
    skip = (world.index, world.cache, world.logs, world.corpus / ".history", world.root / "cli-in")
    found = []
    for path in world.root.rglob("*"):
        if not path.is_file() and not path.is_symlink():
            continue
        if any(path.is_relative_to(s) for s in skip):
            continue
        relative = path.relative_to(world.root)
        if path.parent == world.corpus and (path.name in world.originals or path.name in allowed):
            continue
        found.append(str(relative))
    return sorted(found)


def escape_targets(world: World, names: list[str]) -> list[Path]:
    """Where a path-like upload name would land outside the world if a server followed it."""
    targets: set[Path] = set()
    for name in names:
        if "/" not in name and "\\" not in name:
            continue
        for candidate in (name, name.replace("\\", "/")):
            with suppress(OSError, ValueError):
                path = Path(candidate)
                targets.add((path if path.is_absolute() else world.corpus / path).resolve())
    # Only paths that do not exist yet: a file already there is none of our business (and never deleted).
    return sorted(t for t in targets if not t.is_relative_to(world.root) and not t.exists())


def restore_corpus(world: World) -> list[str]:
    """Put the corpus folder back as it started; returns what had to be undone."""
    undone = []
    for stray in stray_files(world):
        path = world.root / stray
        with suppress(OSError):
            path.unlink()
            undone.append(f"removed {stray}")
    for name in modified_reports(world):
        (world.corpus / name).write_bytes(world.originals[name])
        undone.append(f"restored {name}")
    return undone


# ---- processes --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process(proc: subprocess.Popen[Any]) -> None:
    """End a process we started, and its group (it was started in its own session), by its id."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with suppress(subprocess.TimeoutExpired):
            proc.wait(wait)
            return


def run_cli(world: World, args: list[str], timeout: float, log: Path) -> tuple[int | None, float, str]:
    """Run `duchaqa <args>`; (exit code or None on timeout, seconds, combined output)."""
    started = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(DUCHAQA), *args],
            env=world.env,
            cwd=world.root,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            code: int | None = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            stop_process(proc)
            code = None
    return code, time.perf_counter() - started, log.read_text(errors="replace")


class Server:
    """The real `duchaqa serve` on a free port, restartable after a hang."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.log: Path = world.logs / "server-0.log"
        self.log_seen = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.starts += 1
        self.log = self.world.logs / f"server-{self.starts}.log"
        self.log_seen = 0
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [str(DUCHAQA), "serve", "--port", str(self.port)],
                env=self.world.env,
                cwd=self.world.root,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log}")
            if health(self.url) == "ok":
                return
            time.sleep(0.5)
        raise RuntimeError(f"server not healthy after {START_SECONDS:.0f}s; see {self.log}")

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc)

    def restart(self) -> None:
        self.stop()
        self.port = free_port()  # the old socket may linger
        self.start()

    def dead(self) -> bool:
        return self.proc is None or self.proc.poll() is not None

    def new_log(self) -> str:
        """What the server logged since the last call (to name the exception behind a 5xx)."""
        new = self.log.read_bytes()[self.log_seen :]
        self.log_seen += len(new)
        return new.decode(errors="replace")


def health(url: str) -> str | None:
    """/healthz's status, or None when the server does not answer within HEALTH_SECONDS."""
    try:
        response = httpx.get(f"{url}/healthz", timeout=HEALTH_SECONDS)
        return str(response.json().get("status")) if response.status_code == 200 else f"HTTP {response.status_code}"
    except (httpx.HTTPError, ValueError):
        return None


def last_exception(log: str) -> str:
    """The last exception line in a log (e.g. "OSError: [Errno 36] File name too long: ...")."""
    lines = [line for line in log.splitlines() if re.match(r"^[\w.]+(Error|Exception|Exit)\b", line)]
    return lines[-1][:160] if lines else ""


def generation(url: str) -> str:
    with suppress(httpx.HTTPError, ValueError):
        return str(httpx.get(f"{url}/healthz", timeout=HEALTH_SECONDS).json().get("generation", ""))
    return "?"


# ---- one upload -------------------------------------------------------------------------------


@dataclass
class Failure:
    phase: str
    id: str
    name: str
    kind: str
    detail: str
    status: str = ""
    seconds: float | None = None


@dataclass
class Result:
    id: str
    name: str
    expect: str
    status: int | None  # None: no response (timeout or connection lost)
    seconds: float
    alive: bool
    failures: list[Failure]


class Soak:
    def __init__(self, world: World, server: Server, timeout: float, escapes: list[Path]) -> None:
        self.world = world
        self.server = server
        self.timeout = timeout
        self.escapes = escapes
        self.auth = {"Authorization": f"Bearer {KEY}"}
        self.throttled = 0  # writes answered 429 (and retried)

    def post(self, name: str, data: bytes, params: dict[str, str] | None = None) -> httpx.Response:
        body, content_type = multipart(name, data)
        headers = {**self.auth, "Content-Type": content_type}
        return self._unthrottled("POST", f"{self.server.url}/documents", content=body, headers=headers, params=params)

    def delete(self, doc: str) -> int | None:
        with suppress(httpx.HTTPError):
            url = f"{self.server.url}/documents/{quote(doc, safe='')}"
            return self._unthrottled("DELETE", url, headers=self.auth).status_code
        return None

    def _unthrottled(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """A write, repeated after Retry-After while the server's rate limit says 429 (should the
        limit not be raised by DUCHAQA_WRITES_PER_MINUTE): a throttled file was never judged."""
        for _ in range(MAX_RETRIES):
            response = httpx.request(method, url, timeout=self.timeout, **kwargs)
            if response.status_code != 429:
                return response
            self.throttled += 1
            time.sleep(min(float(response.headers.get("retry-after", "5") or 5), 61.0))
        return response

    def stored_text(self, doc: str) -> str | None:
        with suppress(httpx.HTTPError, ValueError):
            response = httpx.get(f"{self.server.url}/documents/{quote(doc, safe='')}", timeout=self.timeout)
            if response.status_code == 200:
                return str(response.json().get("text", ""))
        return None

    def leaks(self, text: str) -> list[str]:
        """Server internals in a response: a file-system path of ours, a traceback, /etc/passwd."""
        found = [what for what in (str(self.world.root), str(ROOT)) if what in text]
        found += [what for what in ("Traceback", "root:x:0:0") if what in text]
        return found

    def upload(self, h: HostileFile) -> Result:
        """Upload one hostile file as a new name and judge everything that followed."""
        fail: list[Failure] = []

        def add(kind: str, detail: str) -> None:
            fail.append(Failure("upload", h.id, h.name, kind, detail))

        status, body, seconds = self._send(h)
        alive = health(self.server.url) is not None and not self.server.dead()
        logged = self.server.new_log()  # after the health probe: a traceback is logged after its 500 is sent
        if status is None:
            add("server died" if self.server.dead() else "timeout/hang", body)
        elif status >= 500:
            add("5xx", f"HTTP {status}: {last_exception(logged) or body[:120]}")
        else:
            self._judge_status(h, status, add)
        if status is not None and not alive:
            add("server died", f"no /healthz answer within {HEALTH_SECONDS:.0f}s after HTTP {status}")
        if leaked := self.leaks(body):
            add("path/trace leaked", f"response holds {', '.join(leaked)}")
        if status == 201:
            self._check_accepted(h, body, add)
        self._check_world(add, hung=status is None or not alive)
        for failure in fail:
            failure.status, failure.seconds = str(status or "-"), seconds
        return Result(h.id, h.name, h.expect, status, seconds, alive, fail)

    def _send(self, h: HostileFile) -> tuple[int | None, str, float]:
        started = time.perf_counter()
        try:
            response = self.post(h.name, h.data)
            # The last attempt's own time: waits behind a 429 are not the server's work.
            return response.status_code, response.text, response.elapsed.total_seconds()
        except httpx.TimeoutException:
            return None, f"no answer within {self.timeout:.0f}s", time.perf_counter() - started
        except httpx.HTTPError as err:
            return None, f"{type(err).__name__}: {err}", time.perf_counter() - started

    @staticmethod
    def _judge_status(h: HostileFile, status: int, add: Any) -> None:
        refused = 400 <= status < 500
        right = {"refuse": refused, "accept": status == 201, "either": refused or status == 201}[h.expect]
        if not right:
            add("wrong status", f"HTTP {status}, expected {h.expect}")

    def _check_accepted(self, h: HostileFile, body: str, add: Any) -> None:
        """An accepted file: stored under a safe name, read right, then deleted again."""
        try:
            doc = json.loads(body)["document"]["doc"]
        except (ValueError, KeyError, TypeError):
            doc = h.name
        text = self.stored_text(doc)
        if text is None:
            add("wrong text", f"accepted as {doc!r} but GET /documents gives nothing")
        else:
            if missing := [c for c in h.contains if c not in text]:
                add("wrong text", f"stored text lacks {missing[0][:20]!r}; starts {text[:30]!r}")
            if leaked := self.leaks(text):
                add("path/trace leaked", f"stored text holds {', '.join(leaked)}")
        if (deleted := self.delete(doc)) != 200:
            add("wrong status", f"DELETE {doc!r} gave {deleted}")

    def _check_world(self, add: Any, hung: bool) -> None:
        """After the upload (and its delete): reports intact, nothing stray, nothing escaped.

        After a hang the request may still be running and its file legitimately in place, so the
        server is restarted first and what is left over then is reported with the hang."""
        when = ""
        if hung:
            self.server.stop()
            when = "after killing the hung server: "
        if changed := modified_reports(self.world):
            add("report modified", when + ", ".join(changed))
        if strays := stray_files(self.world):
            add("junk left", when + ", ".join(strays[:3]) + (" …" if len(strays) > 3 else ""))
        if escaped := [str(p) for p in self.escapes if p.exists()]:
            add("junk left", f"written outside the corpus: {', '.join(escaped)}")
            for path in escaped:
                with suppress(OSError):
                    Path(path).unlink()
        if changed or strays or hung:
            restore_corpus(self.world)
        if hung or self.server.dead():
            self.server.restart()

    # ---- the checks around the hostile files ------------------------------------------------

    def existing_name(self) -> list[Failure]:
        """Re-uploading an existing report without ?replace=true is a 409 and changes nothing."""
        fail: list[Failure] = []
        original = self.world.originals[EXISTING]
        hostile = "湖南省信访件办结0件。这份上传想悄悄替换原报告。\n".encode() * 20
        started = time.perf_counter()
        try:
            status: int | None = self.post(EXISTING, hostile).status_code
        except httpx.HTTPError as err:
            status = None
            fail.append(Failure("existing", "existing-name", EXISTING, "timeout/hang", str(err)))
        seconds = time.perf_counter() - started
        if status is not None and status != 409:
            kind = "5xx" if status >= 500 else "wrong status"
            fail.append(Failure("existing", "existing-name", EXISTING, kind, f"HTTP {status}, expected 409"))
        if sha256((self.world.corpus / EXISTING).read_bytes()) != sha256(original):
            fail.append(Failure("existing", "existing-name", EXISTING, "report modified", "replaced without ?replace"))
            self._put_back(original)
        for failure in fail:
            failure.status, failure.seconds = str(status or "-"), seconds
        return fail

    def _put_back(self, original: bytes) -> None:
        # Through the API, so the index follows; on disk as a last resort.
        with suppress(httpx.HTTPError):
            self.post(EXISTING, original, params={"replace": "true"})
        if sha256((self.world.corpus / EXISTING).read_bytes()) != sha256(original):
            (self.world.corpus / EXISTING).write_bytes(original)

    def question(self, when: str) -> list[Failure]:
        """The question about Hunan must be answered (not abstained)."""
        try:
            response = httpx.post(f"{self.server.url}/ask", json={"question": QUESTION}, timeout=60)
            answer = response.json() if response.status_code == 200 else {}
        except (httpx.HTTPError, ValueError) as err:
            return [Failure("ask", f"ask-{when}", QUESTION, "timeout/hang", str(err))]
        if response.status_code != 200 or answer.get("abstained", True):
            detail = f"HTTP {response.status_code}, answer {str(answer.get('answer', response.text))[:60]!r}"
            return [Failure("ask", f"ask-{when}", QUESTION, "question abstained", detail)]
        console.print(f"ask ({when}): {answer.get('answer')!r}")
        return []


# ---- the CLI path -----------------------------------------------------------------------------


@dataclass
class CliResult:
    id: str
    name: str
    expect: str
    code: int | None
    seconds: float
    added: bool
    failures: list[Failure]


def plain_name(name: str) -> bool:
    """A name that can be one file in a folder here."""
    return (
        bool(name) and name not in (".", "..") and "/" not in name and "\x00" not in name and len(name.encode()) <= 255
    )


def cli_ingest(world: World, h: HostileFile, timeout: float) -> CliResult:
    """`duchaqa ingest <file>` on one hostile file written to its own folder."""
    folder = world.root / "cli-in" / h.id
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / h.name
    path.write_bytes(h.data)
    code, seconds, output = run_cli(world, ["ingest", str(path)], timeout, world.logs / f"cli-{h.id}.log")
    fail: list[Failure] = []

    def add(kind: str, detail: str) -> None:
        fail.append(Failure("cli", h.id, h.name, kind, detail, str(code), seconds))

    if code is None:
        add("timeout/hang", f"no exit within {timeout:.0f}s")
    if "Traceback" in output:
        add("path/trace leaked", f"traceback: {last_exception(output) or '?'}")
    if changed := modified_reports(world):
        add("report modified", ", ".join(changed))
    # The CLI may store the name normalised (NFC), as the server does.
    stored = [n for n in {h.name, unicodedata.normalize("NFC", h.name)} if n not in world.originals]
    added = any((world.corpus / n).is_file() for n in stored)
    if strays := stray_files(world, stored):
        add("junk left", ", ".join(strays[:3]))
    # The next run rebuilds from the corpus folder: an added report just has to go.
    restore_corpus(world)
    shutil.rmtree(folder, ignore_errors=True)
    return CliResult(h.id, h.name, h.expect, code, seconds, added, fail)


# ---- the report -------------------------------------------------------------------------------


def show_name(name: str, width: int = 40) -> Text:
    """The name with controls escaped (an ANSI name must not repaint the terminal), shortened."""
    shown = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in name)
    return Text(shown if len(shown) <= width else shown[: width - 1] + "…")


def failure_table(failures: list[Failure]) -> Table:
    table = Table(title=f"{len(failures)} failures", show_lines=False)
    for column in ("phase", "id", "name", "status", "s", "kind", "detail"):
        table.add_column(column, overflow="fold")
    for f in failures:
        seconds = f"{f.seconds:.2f}" if f.seconds is not None else ""
        table.add_row(f.phase, f.id, show_name(f.name), f.status, seconds, f.kind, Text(f.detail))
    return table


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return max(values, default=0.0)
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def summary(
    results: list[Result], cli: list[CliResult], failures: list[Failure], restarts: int, throttled: int
) -> Table:
    table = Table(title="summary", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    expects = Counter(r.expect for r in results)
    right = Counter(r.expect for r in results if not any(f.kind == "wrong status" for f in r.failures))
    statuses = Counter(str(r.status or "none") for r in results)
    seconds = [r.seconds for r in results]
    table.add_row("files tried", str(len(results)))
    for expect in ("refuse", "accept", "either"):
        table.add_row(f"  expected {expect}", f"{expects[expect]} ({right[expect]} got the right status)")
    table.add_row("statuses", ", ".join(f"{s}×{n}" for s, n in sorted(statuses.items())))
    kinds = Counter(f.kind for f in failures)
    for kind in KINDS:
        table.add_row(f"failures: {kind}", str(kinds[kind]))
    table.add_row("failures in all", str(len(failures)))
    table.add_row("files with a failure", str(len({(f.phase, f.id) for f in failures})))
    table.add_row("max s per request", f"{max(seconds, default=0.0):.2f}")
    table.add_row("p95 s per request", f"{p95(seconds):.2f}")
    table.add_row("server (re)starts", str(restarts))
    table.add_row("writes retried after 429", str(throttled))
    if cli:
        cli_seconds = [c.seconds for c in cli]
        table.add_row("CLI files tried", str(len(cli)))
        table.add_row("  CLI added / skipped", f"{sum(c.added for c in cli)} / {sum(not c.added for c in cli)}")
        # Not failures by the CLI's bar (no hang, no trace, no damage), but worth a look.
        table.add_row("  CLI added, expected refuse", str(sum(c.added and c.expect == "refuse" for c in cli)))
        table.add_row("  CLI skipped, expected accept", str(sum(not c.added and c.expect == "accept" for c in cli)))
        table.add_row("  CLI max / p95 s", f"{max(cli_seconds):.1f} / {p95(cli_seconds):.1f}")
    return table


# ---- main -------------------------------------------------------------------------------------


@contextmanager
def temporary_root(keep: bool) -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="hostile-soak-"))
    try:
        yield root
    finally:
        if keep:
            console.print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="Only the first N hostile files.")
    parser.add_argument("--only", default="", help="Only these hostile ids (comma-separated), to replay a failure.")
    parser.add_argument("--timeout", type=float, default=30.0, help="Seconds per request or CLI run (default 30).")
    parser.add_argument("--cli", action="store_true", help="Also run `duchaqa ingest <file>` on each plain-named file.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder (logs, corpus, index).")
    return parser.parse_args(argv)


def run_uploads(
    world: World, server: Server, files: list[HostileFile], timeout: float
) -> tuple[list[Result], list[Failure], int]:
    soak = Soak(world, server, timeout, escape_targets(world, [h.name for h in files]))
    failures = soak.question("start")
    console.print(f"generation at start: {generation(server.url)}")
    results: list[Result] = []
    for number, h in enumerate(files, 1):
        try:
            result = soak.upload(h)
        except Exception as err:  # the soak goes on whatever one file does to it
            failure = Failure("upload", h.id, h.name, "server died", f"soak error: {type(err).__name__}: {err}")
            result = Result(h.id, h.name, h.expect, None, 0.0, False, [failure])
            with suppress(Exception):
                restore_corpus(world)
                server.restart()
        results.append(result)
        failures += result.failures
        mark = "[red]FAIL[/red]" if result.failures else "ok"
        console.print(
            f"[{number:>3}/{len(files)}] {h.expect:6} {result.status or '-':>4} {result.seconds:6.2f}s {mark:4} {h.id}"
        )
    failures += soak.existing_name()
    failures += soak.question("end")
    console.print(f"generation at end: {generation(server.url)}")
    return results, failures, soak.throttled


def run_cli_phase(world: World, files: list[HostileFile], timeout: float) -> list[CliResult]:
    plain = [h for h in files if plain_name(h.name)]
    results = []
    for number, h in enumerate(plain, 1):
        try:
            result = cli_ingest(world, h, timeout)
        except Exception as err:  # one bad file never stops the run
            result = CliResult(
                h.id, h.name, h.expect, None, 0.0, False, [Failure("cli", h.id, h.name, "timeout/hang", repr(err))]
            )
        results.append(result)
        mark = "[red]FAIL[/red]" if result.failures else "ok"
        added = "added" if result.added else "skipped"
        console.print(f"cli [{number:>3}/{len(plain)}] {h.expect:6} {added:7} {result.seconds:5.1f}s {mark:4} {h.id}")
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    only = {i for i in args.only.split(",") if i}
    files = [h for h in hostile_files() if not only or h.id in only][: args.limit]
    out = Console(width=200, highlight=False)
    with temporary_root(args.keep) as root:
        world = make_world(root)
        console.print(f"world: {root}; corpus sha256: " + ", ".join(sha256(d)[:8] for d in world.originals.values()))
        code, seconds, output = run_cli(world, ["ingest"], 600, world.logs / "ingest.log")
        if code != 0:
            console.print(output[-2000:])
            console.print(f"[red]ingest failed ({code})[/red]")
            return 2
        console.print(f"index built in {seconds:.0f}s")
        server = Server(world)
        try:
            server.start()
            results, failures, throttled = run_uploads(world, server, files, args.timeout)
        finally:
            server.stop()
        cli = run_cli_phase(world, files, args.timeout) if args.cli else []
        failures += [f for c in cli for f in c.failures]
        if failures:
            out.print(failure_table(failures))
        out.print(summary(results, cli, failures, server.starts, throttled))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
