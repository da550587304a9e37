"""Hostile uploads against the real app, in-process: a bounded slice of tests/server/hostile/ for CI.

Each chosen file is uploaded under its new name and judged as `scripts/hostile_soak.py` judges it:
a refused file gets a 4xx, an accepted one 201 with its text read right (then it is deleted again),
"either" allows both. After every file the seed reports are unchanged, nothing else is in the corpus
folder, no `.upload-*` temporary is left, no response showed a server path or a traceback, and
/healthz still says "ok". At the end the seed question is still answered.

One test per family; its failure message lists every failing file id with what went wrong.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from common.settings import ROOT, Settings
from index.build import build_index
from index.dense import Encoder
from retriever import Pipeline
from server.app import create_app
from tests.conftest import make_settings
from tests.server.hostile import FAMILIES, Hostile, hostile_families
from tests.server.multipart import multipart

KEY = "k"
QUESTION = "How many petitions did Hunan close?"
ANSWER = "3177"

# Bounded CI time: the soak script (scripts/hostile_soak.py) throws every file at the real server; CI throws a
# slice that takes about a minute on two cores. Left out: files over a megabyte (sizes, bombs, a 5 MB attribute:
# the reader and limit tests cover those), the slow parses, and most files the server stores. A refusal takes
# about 0.02 s, but a stored file about 3 s (its upload and its delete each rebuild and reload the index), so
# only a sample of those runs here: two valid reports and a stored probe in the families most likely to go wrong.
MAX_CI_BYTES = 1_000_000
CI_SKIPPED = frozenset(
    {
        # slow parses (5 to 14 s each, measured)
        "random-gb-range-txt",
        "html-nested-10k",
        "html-unclosed-100k",
        "html-quadratic-entity",
        "size-long-line",
        # stored files beyond the sample (2 to 5 s each, measured), by family
        "report-txt",
        "report-md",
        "report-html",
        "type-exe-txt",
        "type-upper-suffix",
        "type-html-as-txt",
        "name-abs-windows",
        "name-unc",
        "name-cjk-80",
        "name-ascii-255",
        "name-nfd",
        "name-chinese",
        "name-spaces",
        "name-emoji",
        "name-semicolon",
        "name-con",
        "name-space-stem",
        "enc-gb18030-md",
        "enc-gbk-html",
        "enc-big5-txt",
        "enc-big5-html",
        "enc-utf16le-bom",
        "enc-utf16be-bom",
        "enc-utf16le-bom-md",
        "enc-utf8-bom",
        "enc-utf32le-bom",
        "html-meta-lie-big5",
        "html-meta-lie-utf8",
        "html-meta-lie-gbk",
        "html-meta-lie-utf16",
        "html-meta-unicode-escape",
        "html-unclosed",
        "html-billion-laughs",
        "htm-billion-laughs",
        "html-xss-report",
        "html-cdata-pi",
        "htm-valid",
        "docx-traversal-members",
        "docx-xxe",
        "docx-duplicate-part",
        "docx-minimal",
        "docx-valid-small",
        "pdf-encrypted-empty-user",
        "pdf-huge-count",
        "pdf-bad-xref",
        "pdf-javascript",
        "pdf-valid-chinese",
    }
)


def chosen(h: Hostile) -> bool:
    """Whether the CI test throws `h` (see MAX_CI_BYTES and CI_SKIPPED)."""
    return len(h.data) <= MAX_CI_BYTES and h.id not in CI_SKIPPED


# ---- the world: a private corpus copy and index, the real app in-process -------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder: Encoder) -> Settings:
    settings = make_settings(tmp_path_factory.mktemp("hostile"), cache_dir, api_key=KEY, writes_per_minute=100_000)
    build_index(settings, encoder)
    return settings


@pytest.fixture(scope="module")
def seeds(world: Settings) -> dict[str, bytes]:
    """The corpus as it started: file name -> bytes (kept whole, so a damaged report can be put back)."""
    return {p.name: p.read_bytes() for p in world.corpus_dir.iterdir() if p.is_file()}


@pytest.fixture(scope="module")
def client(world: Settings, encoder: Encoder) -> Iterator[TestClient]:
    pipeline = Pipeline(world, encoder)
    pipeline.reload()
    # A 500 must come back as a response to judge, not as the app's exception raised into the test.
    with TestClient(create_app(world, pipeline), raise_server_exceptions=False) as c:
        yield c


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---- one upload -------------------------------------------------------------------------------


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {KEY}"}


def document_path(doc: str) -> str:
    """`doc` as one path segment for the test client.

    Quoted twice: Starlette's TestClient unquotes the path httpx has already decoded, so a name that
    is itself percent-encoded ("%2e%2e%2fx.txt") would otherwise reach the app as "../x.txt"."""
    return quote(quote(doc, safe=""), safe="")


def leaks(world: Settings, response: httpx.Response) -> list[str]:
    """Server internals in a response: our file-system paths, a traceback, the /etc/passwd an entity named."""
    text = response.text
    return [what for what in (str(world.corpus_dir.parent), str(ROOT), "Traceback", "root:x:0:0") if what in text]


def judge_status(h: Hostile, status: int) -> list[str]:
    refused = 400 <= status < 500
    right = {"refuse": refused, "accept": status == 201, "either": refused or status == 201}[h.expect]
    return [] if right else [f"HTTP {status}, expected {h.expect}"]


def check_accepted(client: TestClient, world: Settings, h: Hostile, upload: httpx.Response) -> list[str]:
    """An accepted file: stored, read right (every string of `contains`), then deleted again."""
    problems: list[str] = []
    doc = upload.json()["document"]["doc"]
    path = f"/documents/{document_path(doc)}"
    stored = client.get(path)
    if stored.status_code != 200:
        problems.append(f"accepted as {doc!r} but GET gave HTTP {stored.status_code}")
    else:
        text = stored.json()["text"]
        problems += [f"stored text lacks {c[:20]!r}; starts {text[:30]!r}" for c in h.contains if c not in text]
        problems += [f"GET holds {what!r}" for what in leaks(world, stored)]
    deleted = client.delete(path, headers=auth())
    if deleted.status_code != 200:
        problems.append(f"DELETE {doc!r} gave HTTP {deleted.status_code}")
    problems += [f"DELETE holds {what!r}" for what in leaks(world, deleted)]
    return problems


def modified(world: Settings, seeds: dict[str, bytes]) -> list[str]:
    """Seed reports that are gone or whose bytes changed."""
    corpus = world.corpus_dir
    return [
        n
        for n, data in seeds.items()
        if not (corpus / n).is_file() or digest((corpus / n).read_bytes()) != digest(data)
    ]


def temporaries(world: Settings) -> list[Path]:
    """Upload temporaries (`.upload-*`) anywhere in the world: each upload must clean up its own."""
    return sorted(world.corpus_dir.parent.rglob(".upload-*"))


def strays(world: Settings, seeds: dict[str, bytes]) -> list[Path]:
    """Other files that should not be there: in corpus/ beyond the seeds, or beside corpus/ and index/ (an
    upload that escaped). A kept version in .history/ is by design: an accepted upload, deleted again."""
    corpus = world.corpus_dir
    skip = (world.index_dir, corpus / ".history")
    found = [p for p in corpus.parent.rglob("*") if p.is_file() and not any(p.is_relative_to(s) for s in skip)]
    return [p for p in found if not p.name.startswith(".upload-") and not (p.parent == corpus and p.name in seeds)]


def check_world(client: TestClient, world: Settings, seeds: dict[str, bytes]) -> list[str]:
    """After an upload (and its delete): seeds intact, nothing stray, no temporaries, /healthz "ok"."""
    root = world.corpus_dir.parent
    problems = [f"report modified: {name}" for name in modified(world, seeds)]
    problems += [f"junk left: {p.relative_to(root)}" for p in strays(world, seeds)]
    problems += [f"temporary left: {p.relative_to(root)}" for p in temporaries(world)]
    health = client.get("/healthz")
    status = health.json().get("status") if health.status_code == 200 else f"HTTP {health.status_code}"
    if status != "ok":
        problems.append(f"/healthz says {status!r}")
    return problems


def tidy(world: Settings, seeds: dict[str, bytes]) -> None:
    """Undo what a failing file left on disk, so the files after it are judged on their own."""
    for path in [*strays(world, seeds), *temporaries(world)]:
        path.unlink(missing_ok=True)
    for name in modified(world, seeds):
        (world.corpus_dir / name).write_bytes(seeds[name])


def judge(client: TestClient, world: Settings, seeds: dict[str, bytes], h: Hostile) -> list[str]:
    """Upload `h` under its name and return everything that went wrong (empty: it passed)."""
    body, content_type = multipart(h.name, h.data)
    upload = client.post("/documents", content=body, headers={**auth(), "Content-Type": content_type})
    if upload.status_code >= 500:
        problems = [f"HTTP {upload.status_code}: {upload.text[:120]}"]
    else:
        problems = judge_status(h, upload.status_code)
    problems += [f"upload response holds {what!r}" for what in leaks(world, upload)]
    if upload.status_code == 201:
        problems += check_accepted(client, world, h, upload)
    problems += check_world(client, world, seeds)
    if problems:
        tidy(world, seeds)
    return problems


# ---- the tests --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def files() -> dict[str, list[Hostile]]:
    """The CI slice by family: built when the module runs (about four seconds), not when it is collected."""
    return {family: [h for h in hostile if chosen(h)] for family, hostile in hostile_families().items()}


def test_the_ci_slice_is_broad_enough(files: dict[str, list[Hostile]]) -> None:
    # The slice must still span every family and keep at least 100 files, or CI tests too little.
    assert set(files) == set(FAMILIES)
    assert all(files.values()), [family for family, chosen_files in files.items() if not chosen_files]
    assert sum(len(chosen_files) for chosen_files in files.values()) >= 100


@pytest.mark.parametrize("family", list(FAMILIES))
def test_hostile_family(
    family: str, files: dict[str, list[Hostile]], client: TestClient, world: Settings, seeds: dict[str, bytes]
) -> None:
    failures = {h.id: problems for h in files[family] if (problems := judge(client, world, seeds, h))}
    report = "\n".join(f"{id_}: {'; '.join(problems)}" for id_, problems in failures.items())
    assert not failures, f"{len(failures)} of {len(files[family])} {family} files failed:\n{report}"


def test_the_seed_question_is_still_answered(client: TestClient) -> None:
    # Runs after the families: whatever they did, the original reports still answer.
    response = client.post("/ask", json={"question": QUESTION})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert not answer["abstained"], answer
    assert ANSWER in answer["answer"], answer["answer"]
