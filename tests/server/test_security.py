"""The edges: traversal on every path parameter, nothing of the server's insides in a response, CORS closed."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from common.settings import Settings
from index.dense import Encoder
from retriever import Pipeline
from server.app import create_app
from tests.server.test_api import HUNAN_DOC, auth

TRAVERSALS = ["..%2F..%2Fetc%2Fpasswd", "%2e%2e", ".lock", ".history", "%2Fetc%2Fpasswd", "a%00b.txt"]


@pytest.mark.parametrize("name", TRAVERSALS)
def test_no_path_parameter_reaches_outside_the_corpus(client: TestClient, settings: Settings, name: str) -> None:
    files = sorted(p.name for p in settings.corpus_dir.iterdir())
    responses = [
        client.get(f"/documents/{name}"),
        client.get(f"/documents/{name}/versions"),
        client.delete(f"/documents/{name}", headers=auth()),
        client.post(f"/documents/{name}/restore", headers=auth()),
    ]
    for response in responses:
        assert response.status_code in (200, 404, 405), (name, response.status_code, response.text)
        assert "root:" not in response.text
        if response.status_code == 200:  # only the versions listing answers 200, and it is empty
            assert response.json()["versions"] == []
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == files


def test_no_response_names_a_server_path(tmp_path: Path, settings: Settings, encoder: Encoder) -> None:
    empty = settings.model_copy(update={"index_dir": tmp_path / "no-index"})
    with TestClient(create_app(empty, Pipeline(empty, encoder))) as client:
        for response in (client.post("/ask", json={"question": "湖南信访件"}), client.get("/healthz")):
            assert "duchaqa ingest" in response.text
            assert str(tmp_path) not in response.text


def test_a_bug_gives_a_plain_500_without_a_trace(settings: Settings, pipeline: Pipeline, monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"secret detail at {settings.index_dir}")

    monkeypatch.setattr(pipeline, "ask", broken)
    with TestClient(create_app(settings, pipeline), raise_server_exceptions=False) as client:
        response = client.post("/ask", json={"question": "湖南信访件"})
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error: the server logged it"}
    assert "Traceback" not in response.text and "secret" not in response.text


def test_cors_is_closed_unless_origins_are_configured(settings: Settings, pipeline: Pipeline) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    with TestClient(create_app(settings, pipeline)) as client:
        assert "access-control-allow-origin" not in client.get("/documents", headers=origin).headers
    opened = settings.model_copy(update={"cors_origins": ["https://elsewhere.example"]})
    with TestClient(create_app(opened, pipeline)) as client:
        response = client.get("/documents", headers=origin)
        assert response.headers["access-control-allow-origin"] == "https://elsewhere.example"
        assert (
            "access-control-allow-origin"
            not in client.get("/documents", headers={"Origin": "https://third.example"}).headers
        )


def test_the_key_is_checked_whole(client: TestClient) -> None:
    # A prefix, a longer key, another case: all refused (compared with secrets.compare_digest).
    for key in ("test-", "test-key-and-more", "TEST-KEY", ""):
        assert client.delete(f"/documents/{HUNAN_DOC}", headers=auth(key)).status_code in (401, 403)


def test_the_schema_says_which_key_each_operation_takes(settings: Settings, pipeline: Pipeline) -> None:
    def security(app_settings: Settings, method: str, path: str) -> list[dict[str, list[str]]]:
        schema = create_app(app_settings, pipeline).openapi()
        return schema["paths"][path][method]["security"]

    # Reads are open on a server without a read key, and need it on one with; writes always need theirs.
    assert {} in security(settings, "post", "/ask")
    assert {} in security(settings, "post", "/v1/chat/completions")
    guarded = settings.model_copy(update={"read_key": "read-key"})
    assert security(guarded, "post", "/ask") == [{"ReadKey": []}]
    assert security(guarded, "get", "/v1/models") == [{"ReadKey": []}]
    assert security(settings, "delete", "/documents/{doc}") == [{"WriteKey": []}]
