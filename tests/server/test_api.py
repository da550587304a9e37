"""The JSON API through FastAPI's TestClient: real model, real index, real app.

Read-only tests use the session's shared index. Uploads and deletes that succeed run
on a private corpus copy and index (`writable`), so nothing the other tests see changes.
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from common.settings import Settings
from index.build import build_index, corpus_files
from index.dense import Encoder
from retriever import Pipeline
from server.app import create_app
from tests.conftest import CORPUS, make_settings

HUNAN_DOC = "001_d25812755243d715.txt"
HUNAN_QUESTION = "湖南信访件办结了多少件"
KEY = "test-key"

NEW_DOC = "宁夏整改报告.txt"
NEW_REPORT = """宁夏回族自治区第二轮中央生态环境保护督察整改落实情况报告

一、总体情况
宁夏回族自治区坚持把督察整改作为重大政治任务,建立整改台账,逐项推动落实。
二、主要成效
一是强化源头治理。宁夏回族自治区累计关停取缔违规砂石料场57家,整治入黄排污口312个。
二是加强生态修复。贺兰山东麓完成矿山生态修复治理面积8.6万亩。
2024年6月18日
"""
NEW_QUESTION = "宁夏关停取缔了多少家违规砂石料场"


def auth(key: str = KEY) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def document_text(client: TestClient, doc: str, start: int | None = None, end: int | None = None) -> str:
    params = {k: v for k, v in {"start": start, "end": end}.items() if v is not None}
    response = client.get(f"/documents/{doc}", params=params)
    assert response.status_code == 200, response.text
    return response.json()["text"]


def document_names(client: TestClient) -> list[str]:
    response = client.get("/documents")
    assert response.status_code == 200
    return [d["doc"] for d in response.json()["documents"]]


def ask(client: TestClient, question: str, **extra: Any) -> dict[str, Any]:
    response = client.post("/ask", json={"question": question, **extra})
    assert response.status_code == 200, response.text
    return response.json()


# --- asking ------------------------------------------------------------------------------------


def test_ask_answers_with_the_exact_value_and_cited_passages(client: TestClient) -> None:
    body = ask(client, HUNAN_QUESTION)
    assert not body["abstained"]
    assert "3177" in body["answer"]
    assert body["lang"] == "zh"
    assert "湖南" in body["regions"]
    citations = body["citations"]
    assert citations and citations[0]["doc"] == HUNAN_DOC
    first = citations[0]
    for field in ("doc", "title", "section", "region", "start", "end", "text", "score"):
        assert field in first
    assert first["section"].startswith("06湖南省")
    assert first["region"].split(",")[0] == "湖南"
    assert first["text"] == document_text(client, HUNAN_DOC, first["start"], first["end"])


def test_every_citation_is_the_slice_of_its_document(client: TestClient) -> None:
    body = ask(client, HUNAN_QUESTION, k=8)
    assert len(body["citations"]) == 8
    whole = {}
    for c in body["citations"]:
        assert 0 <= c["start"] < c["end"]
        whole.setdefault(c["doc"], document_text(client, c["doc"]))
        assert c["text"] == whole[c["doc"]][c["start"] : c["end"]]
        assert c["text"] == document_text(client, c["doc"], c["start"], c["end"])


def test_answer_span_points_at_the_answer_in_its_document(client: TestClient) -> None:
    body = ask(client, HUNAN_QUESTION)
    span = body["answer_span"]
    assert span is not None
    text = document_text(client, span["doc"])
    assert text[span["start"] : span["end"]] == body["answer"]
    assert span["sentence_start"] <= span["start"] < span["end"] <= span["sentence_end"]
    assert body["answer_sentence"] == text[span["sentence_start"] : span["sentence_end"]].strip()
    # The answer lies inside one of the cited passages.
    assert any(
        c["doc"] == span["doc"] and c["start"] <= span["start"] and span["end"] <= c["end"] for c in body["citations"]
    )


def test_ask_reports_timings(client: TestClient) -> None:
    body = ask(client, HUNAN_QUESTION)
    assert set(body["timings_ms"]) >= {"parse", "search", "answer", "total"}
    assert body["timings_ms"]["total"] >= 0


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        {"question": ""},
        {"question": "   \n\t\u3000 "},
        {"question": "湖" * 2001},
        {"question": "\x00\x01"},
        {"question": "湖南\x00信访件"},
        {"question": "？！。"},
        {},
        {"k": 3},
        {"question": 123},
        {"question": ["湖南"]},
        {"question": HUNAN_QUESTION, "k": 1000},
        {"question": HUNAN_QUESTION, "k": -1},
        {"question": HUNAN_QUESTION, "k": "many"},
    ],
    ids=[
        "empty",
        "whitespace",
        "too-long",
        "controls",
        "embedded-nul",
        "no-words",
        "no-fields",
        "missing-question",
        "number",
        "list",
        "k-too-big",
        "k-negative",
        "k-not-int",
    ],
)
def test_bad_questions_are_422_with_a_reason(client: TestClient, payload: dict[str, Any]) -> None:
    response = client.post("/ask", json=payload)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert detail


def test_question_errors_say_what_is_wrong(client: TestClient) -> None:
    cases = {
        "": "empty",
        "湖" * 2001: "2000",
        "\x00\x01": "control",
    }
    for question, word in cases.items():
        response = client.post("/ask", json={"question": question})
        assert response.status_code == 422
        assert word in response.json()["detail"]
    response = client.post("/ask", json={"question": HUNAN_QUESTION, "k": 1000})
    assert "k must be between 1 and 50" in response.json()["detail"]


def test_question_at_the_length_limit_is_accepted(client: TestClient) -> None:
    question = (HUNAN_QUESTION + " ") * (2000 // (len(HUNAN_QUESTION) + 1))
    assert len(question.strip()) <= 2000
    body = ask(client, question)
    assert body["citations"]


def test_body_that_is_not_json_is_422(client: TestClient) -> None:
    response = client.post("/ask", content=b"question=hunan", headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"]
    # Bytes that are not even UTF-8 fail before JSON parsing: FastAPI answers 400, still with a reason.
    response = client.post("/ask", content=b"\xff\xfe{", headers={"Content-Type": "application/json"})
    assert response.status_code in (400, 422)
    assert response.json()["detail"]


@pytest.mark.parametrize("endpoint", ["ask", "search"])
def test_k_zero_is_refused(client: TestClient, endpoint: str) -> None:
    if endpoint == "ask":
        response = client.post("/ask", json={"question": HUNAN_QUESTION, "k": 0})
    else:
        response = client.get("/search", params={"q": HUNAN_QUESTION, "k": 0})
    assert response.status_code == 422


# --- search, documents, health, schema ---------------------------------------------------------


@pytest.mark.parametrize("k", [1, 3, 7])
def test_search_returns_k_passages(client: TestClient, k: int) -> None:
    response = client.get("/search", params={"q": "Hunan petitions closed", "k": k})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["lang"] == "en"
    assert len(body["results"]) == k
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)
    for r in body["results"]:
        assert r["text"] == document_text(client, r["doc"], r["start"], r["end"])


def test_search_refuses_bad_queries(client: TestClient) -> None:
    assert client.get("/search", params={"q": "  "}).status_code == 422
    assert client.get("/search", params={"q": "湖南", "k": 51}).status_code == 422
    assert client.get("/search").status_code == 422


def test_documents_lists_every_report_of_the_corpus(client: TestClient) -> None:
    response = client.get("/documents")
    assert response.status_code == 200
    documents = response.json()["documents"]
    assert len(documents) == len(corpus_files(CORPUS))
    assert [d["doc"] for d in documents] == sorted(d["doc"] for d in documents)
    assert HUNAN_DOC in [d["doc"] for d in documents]
    for d in documents:
        assert d["title"]
        assert d["chunks"] > 0
        assert d["chars"] == len(document_text(client, d["doc"]))
    health = client.get("/healthz").json()
    assert sum(d["chunks"] for d in documents) == health["chunks"]


def test_document_text_whole_and_span(client: TestClient) -> None:
    whole = client.get(f"/documents/{HUNAN_DOC}").json()
    assert whole["start"] == 0 and whole["end"] == len(whole["text"])
    assert whole["title"]
    part = client.get(f"/documents/{HUNAN_DOC}", params={"start": 10, "end": 30}).json()
    assert part["text"] == whole["text"][10:30]
    assert (part["start"], part["end"]) == (10, 30)
    empty = client.get(f"/documents/{HUNAN_DOC}", params={"start": 30, "end": 30}).json()
    assert empty["text"] == ""


def test_unknown_document_is_404(client: TestClient) -> None:
    response = client.get("/documents/nope")
    assert response.status_code == 404
    assert "nope" in response.json()["detail"]
    assert client.get("/documents/..%2F..%2Fetc%2Fpasswd").status_code == 404


@pytest.mark.parametrize(
    "params",
    [{"start": 30, "end": 10}, {"start": 0, "end": 10**7}, {"start": 10**7}, {"start": -1}, {"end": "x"}],
    ids=["start-after-end", "end-past-length", "start-past-length", "negative", "not-int"],
)
def test_bad_span_is_422(client: TestClient, params: dict[str, Any]) -> None:
    response = client.get(f"/documents/{HUNAN_DOC}", params=params)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_healthz(client: TestClient, settings: Settings) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["documents"] == len(corpus_files(CORPUS))
    assert body["stale"] is None
    assert body["chunks"] > 0
    assert body["model"] == settings.model_name
    assert body["generation"]
    assert isinstance(body["warming"], bool)  # the reader's contexts still being encoded after a load


def test_openapi_lists_the_endpoints(client: TestClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/ask", "/search", "/documents", "/documents/{doc}", "/healthz"} <= set(paths)
    assert "post" in paths["/ask"] and "get" in paths["/search"]
    assert {"get", "post"} <= set(paths["/documents"])
    assert {"get", "delete"} <= set(paths["/documents/{doc}"])


# --- refused writes (the shared index is never changed) ----------------------------------------


def docx_zip_bomb() -> bytes:
    """A zip whose document part inflates 4 MiB of zeros from a few KiB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (4 << 20))
    return buffer.getvalue()


@pytest.fixture()
def unchanged(client: TestClient, settings: Settings) -> Iterator[None]:
    """Whatever a refused write test does, the listing and the corpus folder stay as they were."""
    names = document_names(client)
    files = sorted(p.name for p in settings.corpus_dir.iterdir())
    generation = client.get("/healthz").json()["generation"]
    yield
    assert document_names(client) == names
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == files
    assert client.get("/healthz").json()["generation"] == generation


def test_writes_are_off_without_a_configured_key(settings: Settings, pipeline: Pipeline, unchanged: None) -> None:
    app = create_app(settings.model_copy(update={"api_key": None}), pipeline)
    with TestClient(app) as c:
        response = c.post("/documents", files={"file": (NEW_DOC, NEW_REPORT.encode(), "text/plain")}, headers=auth())
        assert response.status_code == 403
        assert "DUCHAQA_API_KEY" in response.json()["detail"]
        assert c.delete(f"/documents/{HUNAN_DOC}", headers=auth()).status_code == 403


@pytest.mark.parametrize("headers", [{}, auth("wrong"), {"Authorization": "Basic dGVzdC1rZXk="}])
def test_writes_need_the_right_token(client: TestClient, headers: dict[str, str], unchanged: None) -> None:
    response = client.post("/documents", files={"file": (NEW_DOC, NEW_REPORT.encode(), "text/plain")}, headers=headers)
    assert response.status_code == 401
    assert response.headers.get("www-authenticate") == "Bearer"
    assert response.json()["detail"]
    assert client.delete(f"/documents/{HUNAN_DOC}", headers=headers).status_code == 401


def test_unsupported_type_is_415(client: TestClient, unchanged: None) -> None:
    exe = ("setup.exe", b"MZ\x90\x00" * 64, "application/x-msdownload")
    response = client.post("/documents", files={"file": exe}, headers=auth())
    assert response.status_code == 415
    assert "setup.exe" in response.json()["detail"]


def test_oversize_upload_is_413(settings: Settings, pipeline: Pipeline, unchanged: None) -> None:
    app = create_app(settings.model_copy(update={"max_upload_bytes": 1000}), pipeline)
    with TestClient(app) as c:
        data = NEW_REPORT.encode() * 10
        assert len(data) > 1000
        response = c.post("/documents", files={"file": (NEW_DOC, data, "text/plain")}, headers=auth())
        assert response.status_code == 413
        assert NEW_DOC in response.json()["detail"]


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer garbage", "application/pdf"),
        ("notazip.docx", b"this is plain text, not a zip archive", "application/octet-stream"),
        ("bomb.docx", docx_zip_bomb(), "application/octet-stream"),
        ("binary.txt", bytes(range(256)) * 8, "text/plain"),
        ("empty.txt", b"", "text/plain"),
    ],
    ids=["broken-pdf", "docx-not-zip", "docx-zip-bomb", "binary-txt", "empty"],
)
def test_unreadable_uploads_are_422_naming_the_file(
    client: TestClient, name: str, data: bytes, mime: str, unchanged: None
) -> None:
    response = client.post("/documents", files={"file": (name, data, mime)}, headers=auth())
    assert response.status_code == 422, response.text
    assert name in response.json()["detail"]


def test_upload_without_a_file_is_422(client: TestClient, unchanged: None) -> None:
    response = client.post("/documents", headers=auth())
    assert response.status_code == 422


# --- uploads and deletes that succeed (a private corpus and index) ----------------------------


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder: Encoder) -> Iterator[TestClient]:
    """A client on its own corpus copy and index, with writes allowed for `Bearer k`."""
    settings = make_settings(tmp_path_factory.mktemp("writable"), cache_dir, api_key="k")
    build_index(settings, encoder)
    pipe = Pipeline(settings, encoder)
    pipe.reload()
    with TestClient(create_app(settings, pipe)) as c:
        yield c


def test_upload_then_ask_then_delete(writable: TestClient) -> None:
    c = writable
    before = document_names(c)
    assert NEW_DOC not in before
    assert ask(c, NEW_QUESTION)["abstained"]  # no report covers 宁夏 yet

    response = c.post("/documents", files={"file": (NEW_DOC, NEW_REPORT.encode(), "text/plain")}, headers=auth("k"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["document"]["doc"] == NEW_DOC
    assert body["document"]["regions"] == ["宁夏"]
    assert body["document"]["date"] == "2024-06-18"
    assert body["documents"] == len(before) + 1
    assert 0 < body["embedded"] < body["chunks"]  # only the new report's passages were embedded
    assert sorted([*before, NEW_DOC]) == document_names(c)
    assert document_text(c, NEW_DOC) == NEW_REPORT

    answer = ask(c, NEW_QUESTION)
    assert not answer["abstained"]
    assert "57" in answer["answer"]
    assert answer["citations"][0]["doc"] == NEW_DOC
    assert answer["answer_span"]["doc"] == NEW_DOC
    span = answer["answer_span"]
    assert NEW_REPORT[span["start"] : span["end"]] == answer["answer"]

    response = c.delete(f"/documents/{NEW_DOC}", headers=auth("k"))
    assert response.status_code == 200, response.text
    assert [d["doc"] for d in response.json()["documents"]] == before
    assert document_names(c) == before
    assert c.get(f"/documents/{NEW_DOC}").status_code == 404
    assert ask(c, NEW_QUESTION)["abstained"]


def test_delete_unknown_is_404(writable: TestClient) -> None:
    before = document_names(writable)
    for name in ("nope.txt", ".lock", "..%2Fcorpus"):
        response = writable.delete(f"/documents/{name}", headers=auth("k"))
        assert response.status_code == 404, (name, response.text)
    assert document_names(writable) == before


def test_questions_during_an_upload_see_a_whole_index(writable: TestClient) -> None:
    c = writable
    baseline = ask(c, HUNAN_QUESTION)
    assert not baseline["abstained"] and baseline["citations"]
    generation = c.get("/healthz").json()["generation"]

    upload_status: list[int] = []

    def upload() -> None:
        data = NEW_REPORT.replace("57家", "58家").encode()
        status = -1
        try:
            response = c.post("/documents", files={"file": ("并发上传.txt", data, "text/plain")}, headers=auth("k"))
            status = response.status_code
        finally:
            upload_status.append(status)  # also stops the askers if the upload blew up

    failures: list[str] = []
    answers: list[str] = []
    lock = threading.Lock()

    def keep_asking() -> None:
        while not upload_status:
            try:
                response = c.post("/ask", json={"question": HUNAN_QUESTION})
                body = response.json()
            except Exception as err:  # any failure is a finding, reported below
                with lock:
                    failures.append(repr(err))
                continue
            with lock:
                if response.status_code != 200:
                    failures.append(f"{response.status_code}: {response.text[:200]}")
                elif not body["citations"] or body["abstained"]:
                    failures.append(f"incomplete answer: {body}")
                else:
                    answers.append(body["answer"])

    uploader = threading.Thread(target=upload)
    askers = [threading.Thread(target=keep_asking) for _ in range(3)]
    for t in askers:
        t.start()
    uploader.start()
    uploader.join(timeout=300)
    for t in askers:
        t.join(timeout=60)

    assert upload_status == [201]
    assert not failures, failures[:3]
    assert len(answers) >= 3
    assert set(answers) == {baseline["answer"]}
    assert c.get("/healthz").json()["generation"] != generation
    assert "并发上传.txt" in document_names(c)
