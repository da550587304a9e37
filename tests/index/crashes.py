"""kill -9 trials: a real `duchaqa ingest` (or server upload) killed at a random moment, then everything checked.

Shared by the CI test (tests/index/test_crash.py, a bounded number of trials) and the soak
script (scripts/crash_soak.py, as many as asked). A trial passes when, after the kill:
the seed reports are byte for byte as they were, any other report in corpus/ is whole, the
build lock is free, the index loads and answers the design-card question with a citation,
the embedding cache agrees with the index it fed, and the next build completes and leaves
no half-made file behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from common.settings import ROOT, Settings
from index.build import build_index
from index.dense import EmbeddingCache, Encoder
from index.history import versions
from index.store import load_index
from ingest.chunk import contextual_text
from retriever import Pipeline
from tests.server.multipart import multipart

DUCHAQA = Path(sys.executable).parent / "duchaqa"
QUESTION = "How many petitions did Hunan close?"
SEED = "001_d25812755243d715.txt"
# Half-made files a killed build, save or upload leaves, by where they would be.
LEFTOVERS = (".building-*", ".current-*", ".upload-*")


@dataclass
class World:
    """A private corpus, index and embedding cache, and what its seed reports were."""

    root: Path
    settings: Settings
    seeds: dict[str, str] = field(default_factory=dict)  # name → sha256
    added: dict[str, bytes] = field(default_factory=dict)  # reports trials added, by name

    @property
    def env(self) -> dict[str, str]:
        s = self.settings
        return {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "DUCHAQA_CORPUS_DIR": str(s.corpus_dir),
            "DUCHAQA_INDEX_DIR": str(s.index_dir),
            "DUCHAQA_CACHE_DIR": str(s.cache_dir),
            "DUCHAQA_API_KEY": "crash",
            # Small reports added beside the base as a delta (a replaced seed report outgrows it:
            # a full build), so kills land in both kinds of write.
            "DUCHAQA_DELTA_MIN_BASE": "0",
        }


def make_world(root: Path, encoder: Encoder, seed_cache: Path | None = None) -> World:
    """Copy the corpus and an embedding cache (the given one, else the project's) under `root` and
    build an index there."""
    corpus, cache = root / "corpus", root / "cache"
    shutil.copytree(ROOT / "corpus", corpus)
    seed_cache = seed_cache or Settings().cache_dir
    if seed_cache.is_dir():
        shutil.copytree(seed_cache, cache)
    settings = Settings(corpus_dir=corpus, index_dir=root / "index", cache_dir=cache)
    build_index(settings, encoder)
    seeds = {p.name: _sha(p.read_bytes()) for p in corpus.iterdir() if p.is_file()}
    return World(root, settings, seeds)


def new_report(n: int) -> bytes:
    """A short report with figures of its own, so its passages need embedding."""
    return (
        f"宁夏回族自治区第{n}批整改任务完成情况\n\n一、总体情况\n\n"
        f"截至本月，自治区已完成整改任务{100 + n}项，关停取缔违规砂石料场{n * 7 + 3}家，"
        f"整治入黄排污口{n * 11 + 5}个，修复矿山面积{n}.{n % 10}万亩。\n\n"
        f"二、下一步安排\n\n对剩余{n % 9 + 1}项任务实行挂牌督办，每月调度一次进展。\n"
    ).encode()


def ingest_and_kill(world: World, n: int, rng: random.Random, max_delay: float) -> str:
    """One trial: start a real `duchaqa ingest` doing one kind of write, kill -9 it at a random moment."""
    kind = rng.choice(["rebuild", "add", "replace", "remove"])
    args = ["ingest", "--full"]
    if kind == "add":
        path = world.root / "incoming" / f"新增报告{n}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(new_report(n))
        world.added[path.name] = path.read_bytes()
        args = ["ingest", str(path)]
    elif kind == "replace":
        path = world.root / "incoming" / SEED
        path.parent.mkdir(exist_ok=True)
        path.write_bytes((world.settings.corpus_dir / SEED).read_bytes() + f"\n补记第{n}条。\n".encode())
        args = ["ingest", "--replace", str(path)]
    elif kind == "remove" and world.added:
        args = ["remove", rng.choice(sorted(world.added))]
    delay = rng.uniform(0.2, max_delay)
    process = subprocess.Popen(
        [str(DUCHAQA), *args], env=world.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        process.wait(delay)
        return f"{' '.join(args[:2])[:40]}: finished before {delay:.1f}s"
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return f"{' '.join(args[:2])[:40]}: killed at {delay:.1f}s"


def serve_and_kill(world: World, n: int, rng: random.Random) -> str:
    """One trial: a real `duchaqa serve` takes a replace or an upload and is killed -9 while at it."""
    port = _free_port()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    server = subprocess.Popen([str(DUCHAQA), "serve", "--port", str(port)], env=world.env, **quiet)
    try:
        if not _ready(port, 120):
            return "the server did not start"
        if rng.random() < 0.5:
            name, query = SEED, "?replace=true"
            data = (world.settings.corpus_dir / SEED).read_bytes() + f"\n补记第{n}条。\n".encode()
        else:
            name, query, data = f"上传报告{n}.txt", "", new_report(1000 + n)
            world.added[name] = data
        threading.Thread(target=_post, args=(port, name, data, query), daemon=True).start()
        delay = rng.uniform(0.1, 3.0)  # validating in the worker, storing, embedding, swapping
        time.sleep(delay)
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
    return f"serve, {'replace' if query else 'upload'}: killed {delay:.1f}s into the request"


def problems_after_crash(world: World, encoder: Encoder) -> list[str]:
    """Everything a kill must not break (an empty list: nothing broke)."""
    found = _corpus_problems(world)
    if not _lock_is_free(world.settings.index_dir):
        found.append("the build lock is still held")
    found += _index_problems(world, encoder)
    found += _cache_problems(world)
    return found


def next_build_problems(world: World, encoder: Encoder) -> list[str]:
    """The next build completes and sweeps what the kill left half-made."""
    report = build_index(world.settings, encoder)
    found = [f"next build skipped {e}" for e in report.errors]
    for root in (world.settings.corpus_dir, world.settings.index_dir):
        found += [f"left behind: {p}" for pattern in LEFTOVERS for p in root.rglob(pattern)]
    return found


def _corpus_problems(world: World) -> list[str]:
    corpus = world.settings.corpus_dir
    found = []
    for name, sha in world.seeds.items():
        data = (corpus / name).read_bytes() if (corpus / name).is_file() else b""
        if _sha(data) == sha:
            continue
        # A replace may have gone through: then the original must be kept, restorable.
        kept = {_sha(v.path.read_bytes()) for v in versions(corpus, name)}
        if sha not in kept:
            found.append(f"{name} changed and its original is not kept")
    for path in corpus.iterdir():
        listed = path.is_file() and not path.name.startswith(".") and path.name not in world.seeds
        if listed and world.added.get(path.name) != path.read_bytes():
            found.append(f"{path.name} is not a whole report")
    return found


def _lock_is_free(index_dir: Path) -> bool:
    with (index_dir / ".lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def _index_problems(world: World, encoder: Encoder) -> list[str]:
    try:
        pipeline = Pipeline(world.settings, encoder)
        pipeline.reload()
        result = pipeline.ask(QUESTION)
    except Exception as err:  # any failure to load or answer is the finding
        return [f"index does not load or answer: {err!r}"]
    if result.answer.abstained or not result.hits:
        return [f"the design-card question is not answered: {result.answer.text!r}"]
    return []


def _cache_problems(world: World) -> list[str]:
    """Every cached vector of a passage in the index is the vector the index holds for it."""
    settings = world.settings
    cache = EmbeddingCache(settings.cache_dir, settings.model_name)
    stored = load_index(settings.index_dir)
    # Through the dense half's own face: a delta generation (an add that finished before its kill)
    # joins a base and a delta, and has no single FAISS index to reconstruct from.
    held = stored.dense.vectors(np.arange(len(stored.chunks)))
    found = []
    for i, chunk in enumerate(stored.chunks):
        key = cache.key(contextual_text(chunk, chunk.regions) if settings.contextual_chunks else chunk.text)
        if key in cache.vectors and not np.allclose(cache.vectors[key], held[i], atol=1e-5):
            found.append(f"cached vector of {chunk.id} disagrees with the index")
    return found


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _post(port: int, name: str, data: bytes, query: str) -> None:
    body, content_type = multipart(name, data)
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/documents{query}",
        data=body,
        method="POST",
        headers={"Content-Type": content_type, "Authorization": "Bearer crash"},
    )
    with contextlib.suppress(OSError):  # the server is killed under it: the point of the test
        urllib.request.urlopen(request, timeout=60).read()


def _ready(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as res:
                if res.status == 200:
                    return True
        except OSError:
            time.sleep(0.2)
    return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
