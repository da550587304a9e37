"""Writes that must lose nothing: a taken name, replace and restore, hostile names, limits at the door.

Each test module gets its own corpus copy and index (`writer`), through the real app.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from common.settings import Settings
from index.build import build_index
from index.dense import Encoder
from retriever import Pipeline
from server.app import create_app
from tests.conftest import make_settings
from tests.server.test_api import HUNAN_DOC, NEW_REPORT, ask, auth, document_names, document_text

KEY = "k"
HUNAN_QUESTION = "How many petitions did Hunan close?"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder: Encoder) -> Iterator[Settings]:
    settings = make_settings(tmp_path_factory.mktemp("writes"), cache_dir, api_key=KEY)
    build_index(settings, encoder)
    yield settings


@pytest.fixture()
def writer(world: Settings, encoder: Encoder) -> Iterator[TestClient]:
    pipe = Pipeline(world, encoder)
    pipe.reload()
    with TestClient(create_app(world, pipe)) as client:
        yield client


def upload(client: TestClient, name: str, data: bytes, **params: str) -> dict:
    response = client.post("/documents", files={"file": (name, data, "text/plain")}, headers=auth(KEY), params=params)
    return {"status": response.status_code, **response.json()}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- a taken name ---------------------------------------------------------------------------


def test_an_upload_under_a_taken_name_is_409_and_changes_nothing(writer: TestClient, world: Settings) -> None:
    before = digest(world.corpus_dir / HUNAN_DOC)
    generation = writer.get("/healthz").json()["generation"]
    result = upload(writer, HUNAN_DOC, NEW_REPORT.encode())
    assert result["status"] == 409
    assert "replace=true" in result["detail"]
    assert digest(world.corpus_dir / HUNAN_DOC) == before
    assert writer.get("/healthz").json()["generation"] == generation
    assert not ask(writer, HUNAN_QUESTION)["abstained"]


def test_replace_keeps_the_old_text_and_restore_brings_it_back(writer: TestClient, world: Settings) -> None:
    original = (world.corpus_dir / HUNAN_DOC).read_bytes()
    original_text = document_text(writer, HUNAN_DOC)
    replaced = upload(writer, HUNAN_DOC, NEW_REPORT.encode(), replace="true")
    assert replaced["status"] == 201, replaced
    assert replaced["replaced"] and replaced["kept_version"]
    assert document_text(writer, HUNAN_DOC) == NEW_REPORT
    versions = writer.get(f"/documents/{HUNAN_DOC}/versions").json()["versions"]
    assert [v["id"] for v in versions][-1] == replaced["kept_version"]
    assert versions[-1]["size"] == len(original)

    restored = writer.post(f"/documents/{HUNAN_DOC}/restore", headers=auth(KEY))
    assert restored.status_code == 200, restored.text
    assert (world.corpus_dir / HUNAN_DOC).read_bytes() == original
    assert document_text(writer, HUNAN_DOC) == original_text
    assert not ask(writer, HUNAN_QUESTION)["abstained"]
    # What the restore replaced (the upload) is kept in turn: restoring again redoes the replace.
    assert writer.get(f"/documents/{HUNAN_DOC}/versions").json()["versions"][-1]["size"] == len(NEW_REPORT.encode())


def test_a_deleted_report_can_be_restored(writer: TestClient, world: Settings) -> None:
    name = "删除后恢复.txt"
    assert upload(writer, name, NEW_REPORT.encode())["status"] == 201
    assert writer.delete(f"/documents/{name}", headers=auth(KEY)).status_code == 200
    assert name not in document_names(writer)
    restored = writer.post(f"/documents/{name}/restore", headers=auth(KEY))
    assert restored.status_code == 200, restored.text
    assert restored.json()["document"]["doc"] == name
    assert document_text(writer, name) == NEW_REPORT
    assert writer.delete(f"/documents/{name}", headers=auth(KEY)).status_code == 200


def test_restore_without_a_kept_version_is_404(writer: TestClient) -> None:
    for name in ("never-uploaded.txt", "..%2Fx.txt", ".history"):
        response = writer.post(f"/documents/{name}/restore", headers=auth(KEY))
        assert response.status_code == 404, (name, response.text)
    assert writer.get("/documents/never-uploaded.txt/versions").json()["versions"] == []


def test_restore_needs_the_key(writer: TestClient) -> None:
    assert writer.post(f"/documents/{HUNAN_DOC}/restore").status_code == 401


# --- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "江" * 90 + ".txt",  # 274 bytes: over what a file system holds, though only 94 characters
        "<img src=x onerror=alert(1)>.txt",
        "<script>alert(1)</script>.txt",
        "report|1.txt",
        "report.txt ",
    ],
    ids=["270-bytes", "img-onerror", "script", "pipe", "trailing-space"],
)
def test_names_no_file_system_can_hold_are_422(writer: TestClient, world: Settings, name: str) -> None:
    files = sorted(p.name for p in world.corpus_dir.iterdir())
    result = upload(writer, name, NEW_REPORT.encode())
    assert result["status"] == 422, result
    assert "file name" in result["detail"]
    assert sorted(p.name for p in world.corpus_dir.iterdir()) == files


def test_a_name_at_the_byte_limit_is_accepted(writer: TestClient) -> None:
    name = "江" * 83 + "报.txt"  # 84 characters of 3 bytes + 4 = 256: one over
    assert upload(writer, name, NEW_REPORT.encode())["status"] == 422
    name = "江" * 83 + ".txt"  # 253 bytes
    assert upload(writer, name, NEW_REPORT.encode())["status"] == 201
    assert writer.delete(f"/documents/{name}", headers=auth(KEY)).status_code == 200


def test_a_decomposed_name_is_stored_composed(writer: TestClient, world: Settings) -> None:
    decomposed = "Re\u0301sume\u0301.txt"  # what macOS sends for Résumé.txt
    result = upload(writer, decomposed, NEW_REPORT.encode())
    assert result["status"] == 201, result
    assert result["document"]["doc"] == "R\u00e9sum\u00e9.txt"
    assert (world.corpus_dir / "R\u00e9sum\u00e9.txt").is_file()
    assert upload(writer, "R\u00e9sum\u00e9.txt", b"x")["status"] == 409  # one report, however it is typed
    assert writer.delete("/documents/R\u00e9sum\u00e9.txt", headers=auth(KEY)).status_code == 200


# --- bounded work ------------------------------------------------------------------------------


def test_a_single_line_text_past_the_character_limit_is_refused_quickly(writer: TestClient) -> None:
    data = ("湖南省信访件办结了3177件，" * 60_000).encode()  # 780,000 characters on one line
    started = time.perf_counter()
    result = upload(writer, "one-line.txt", data)
    assert result["status"] == 413, result
    assert "characters" in result["detail"]
    assert time.perf_counter() - started < 20


def test_a_file_that_overruns_its_time_fails_cleanly(world: Settings, encoder: Encoder) -> None:
    pipe = Pipeline(world, encoder)
    slow = world.model_copy(update={"read_timeout_seconds": 0.5})
    with TestClient(create_app(slow, pipe)) as client:
        files = sorted(p.name for p in world.corpus_dir.rglob("*"))
        result = upload(client, "slow.txt", ("湖南省信访件办结了3177件。\n" * 20_000).encode())
        assert result["status"] == 422, result
        assert "within 0.5 s" in result["detail"]
        assert sorted(p.name for p in world.corpus_dir.rglob("*")) == files
        assert not ask(client, HUNAN_QUESTION)["abstained"]  # and the service goes on


def test_an_upload_over_the_limit_is_refused_before_its_body_is_read(world: Settings, encoder: Encoder) -> None:
    small = world.model_copy(update={"max_upload_bytes": 1000})
    with TestClient(create_app(small, Pipeline(world, encoder))) as client:
        headers = {**auth(KEY), "Content-Length": str(10**9)}
        response = client.post("/documents", content=b"x" * 100, headers=headers)
        assert response.status_code == 413
        assert "limit" in response.json()["detail"]


def test_writes_past_the_per_minute_limit_are_429(world: Settings, encoder: Encoder) -> None:
    limited = world.model_copy(update={"writes_per_minute": 3})
    with TestClient(create_app(limited, Pipeline(world, encoder))) as client:
        codes = [client.delete("/documents/nope.txt", headers=auth(KEY)).status_code for _ in range(5)]
        assert codes == [404, 404, 404, 429, 429]
        refused = client.delete("/documents/nope.txt", headers=auth(KEY))
        assert int(refused.headers["retry-after"]) > 0
        assert client.get("/documents").status_code == 200  # reads are not limited
