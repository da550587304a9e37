"""The JSON API. Reads are open; writes (upload, delete) need the configured bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from common.settings import Settings
from index.corpus import (
    Change,
    DocumentExists,
    DocumentNotFound,
    NothingToRestore,
    add_document,
    history,
    remove_document,
    restore_document,
)
from index.store import IndexMismatch, IndexMissing
from ingest.read import ReadError, printable
from retriever import Pipeline, QuestionError
from server.deps import NO_INDEX, PipelineDep, SettingsDep, require_reader, require_writer
from server.schemas import (
    K_SCHEMA,
    QUESTION_SCHEMA,
    AskRequest,
    AskResponse,
    DocumentList,
    DocumentText,
    ErrorBody,
    Health,
    SearchResponse,
    SpanOutside,
    UnknownDocument,
    UploadResponse,
    Version,
    VersionList,
)

router = APIRouter()
# Reads are open unless a read key is set (see settings.read_key).
reads = APIRouter(
    dependencies=[Depends(require_reader)],
    responses={401: {"model": ErrorBody, "description": "A read key is set: send it as the bearer token"}},
)
_READ_ERROR_STATUS = {"unsupported": 415, "too_large": 413, "invalid": 422}
_ERRORS: dict[int | str, dict[str, object]] = {
    422: {"model": ErrorBody, "description": "Bad input"},
    503: {"model": ErrorBody, "description": "No index yet: run `duchaqa ingest`"},
}
# A body that is not even well-formed (not UTF-8 JSON, a broken multipart envelope).
_BODY_ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorBody, "description": "The body could not be parsed"},
}
_WRITE_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody, "description": "No or wrong bearer token"},
    403: {"model": ErrorBody, "description": "Writes are off: no key configured"},
    429: {"model": ErrorBody, "description": "Too many writes this minute"},
}


# ---- helpers ----------------------------------------------------------------------------


def _k(k: int | None, settings: Settings) -> int:
    k = settings.default_k if k is None else k
    if not 1 <= k <= settings.max_k:
        raise HTTPException(422, f"k must be between 1 and {settings.max_k}")
    return k


# ---- questions ---------------------------------------------------------------------------


@reads.post("/ask", response_model=AskResponse, responses={**_BODY_ERRORS, **_ERRORS}, tags=["questions"])
def ask(body: AskRequest, request: Request, pipeline: PipelineDep, settings: SettingsDep) -> AskResponse:
    """Answer a question with the exact value and the passages it came from."""
    k = _k(body.k, settings)
    try:
        with request.app.state.ask_slots:  # see settings.ask_concurrency
            result = pipeline.ask(body.question, k, body.region)
    except QuestionError as err:
        raise HTTPException(422, str(err)) from err
    return AskResponse.from_result(result)


@reads.get("/search", response_model=SearchResponse, responses=_ERRORS, tags=["questions"])
def search(
    request: Request,
    pipeline: PipelineDep,
    settings: SettingsDep,
    q: Annotated[str, Query(description="Question or keywords.", json_schema_extra=QUESTION_SCHEMA)],
    k: Annotated[int | None, Query(description="How many passages.", json_schema_extra=K_SCHEMA)] = None,
) -> SearchResponse:
    """Ranked passages only (no answer extraction)."""
    k = _k(k, settings)
    try:
        with request.app.state.ask_slots:
            query, hits = pipeline.search(q, k)
    except QuestionError as err:
        raise HTTPException(422, str(err)) from err
    return SearchResponse.from_hits(query, hits)


# ---- documents ---------------------------------------------------------------------------


@reads.get("/documents", response_model=DocumentList, responses=_ERRORS, tags=["documents"])
def list_documents(pipeline: PipelineDep) -> DocumentList:
    """The indexed reports with title, date, regions and chunk count."""
    return DocumentList.of(pipeline.index)


@reads.get(
    "/documents/{doc}",
    response_model=DocumentText,
    responses={404: {"model": ErrorBody}, **_ERRORS},
    tags=["documents"],
)
def get_document(
    doc: str,
    pipeline: PipelineDep,
    start: Annotated[int | None, Query(ge=0, description="Start of a cited span.")] = None,
    end: Annotated[int | None, Query(ge=0, description="End of a cited span.")] = None,
) -> DocumentText:
    """A report's text (the text citations point into), whole or the span [start, end)."""
    try:
        return DocumentText.span(pipeline.index, doc, start, end)
    except UnknownDocument as err:
        raise HTTPException(404, str(err)) from err
    except SpanOutside as err:
        raise HTTPException(422, str(err)) from err


@router.post(
    "/documents",
    response_model=UploadResponse,
    status_code=201,
    responses={
        409: {"model": ErrorBody, "description": "A report of that name exists: send replace=true"},
        413: {"model": ErrorBody},
        415: {"model": ErrorBody},
        **_BODY_ERRORS,
        **_WRITE_ERRORS,
        **_ERRORS,
    },
    tags=["documents"],
    dependencies=[Depends(require_writer)],
)
async def upload_document(
    request: Request,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="A report: .txt .md .html .pdf .docx")],
    replace: Annotated[
        bool, Query(description="Replace a report of the same name (its current text is kept, restorable).")
    ] = False,
) -> UploadResponse:
    """Add a report (or replace one, when asked); it is validated first, indexed aside, and swapped in atomically."""
    name = file.filename or ""
    data = await file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise HTTPException(413, f"{printable(name)}: larger than the {settings.max_upload_bytes // 2**20} MB limit")
    pipeline: Pipeline = request.app.state.pipeline
    try:
        change = await run_in_threadpool(add_document, settings, pipeline.encoder, name, data, replace)
    except DocumentExists as err:
        raise HTTPException(
            409,
            f"a report named {err.doc!r} already exists: send replace=true to replace it "
            "(its current text is kept and can be restored)",
        ) from err
    except ReadError as err:
        raise HTTPException(_READ_ERROR_STATUS.get(err.kind, 422), str(err)) from err
    return await _changed(pipeline, change)


@router.post(
    "/documents/{doc}/restore",
    response_model=UploadResponse,
    responses={404: {"model": ErrorBody, "description": "No earlier version is kept"}, **_WRITE_ERRORS, **_ERRORS},
    tags=["documents"],
    dependencies=[Depends(require_writer)],
)
async def restore(doc: str, request: Request, settings: SettingsDep) -> UploadResponse:
    """Undo the last replace or delete of a report: its newest kept version comes back (and what it
    replaces is kept in turn, so a second restore undoes the first)."""
    pipeline: Pipeline = request.app.state.pipeline
    try:
        change = await run_in_threadpool(restore_document, settings, pipeline.encoder, doc)
    except (NothingToRestore, DocumentNotFound) as err:
        raise HTTPException(404, f"no earlier version of {printable(doc)!r} is kept") from err
    except ReadError as err:
        raise HTTPException(422, str(err)) from err
    return await _changed(pipeline, change)


@reads.get("/documents/{doc}/versions", response_model=VersionList, tags=["documents"])
def list_versions(doc: str, settings: SettingsDep) -> VersionList:
    """The earlier versions of a report kept by replaces and deletes, oldest first."""
    return VersionList(doc=doc, versions=[Version(id=v.id, size=v.size) for v in history(settings, doc)])


@router.delete(
    "/documents/{doc}",
    response_model=DocumentList,
    responses={404: {"model": ErrorBody}, **_WRITE_ERRORS},
    tags=["documents"],
    dependencies=[Depends(require_writer)],
)
async def delete_document(doc: str, request: Request, settings: SettingsDep) -> DocumentList:
    """Remove a report from the corpus and the index (its text is kept: restore brings it back)."""
    pipeline: Pipeline = request.app.state.pipeline
    try:
        await run_in_threadpool(remove_document, settings, pipeline.encoder, doc)
    except DocumentNotFound as err:
        raise HTTPException(404, f"no report named {printable(doc)!r}") from err
    await run_in_threadpool(pipeline.reload)
    return DocumentList.of(pipeline.index)


async def _changed(pipeline: Pipeline, change: Change) -> UploadResponse:
    """Swap the new index in and describe it."""
    await run_in_threadpool(pipeline.reload)
    report = change.report
    return UploadResponse(
        document=pipeline.index.documents.get(change.doc),
        documents=report.documents,
        chunks=report.chunks,
        embedded=report.embedded,
        replaced=change.replaced,
        kept_version=change.kept.id if change.kept else None,
    )


# ---- health ------------------------------------------------------------------------------


@router.get("/healthz", response_model=Health, tags=["health"])
def health(request: Request) -> Health:
    """Liveness and what is loaded."""
    pipeline: Pipeline = request.app.state.pipeline
    try:
        stored = pipeline.index
    except IndexMissing:
        return Health(status=NO_INDEX, documents=0, chunks=0, model=pipeline.settings.model_name, generation="")
    except IndexMismatch as err:
        return Health(
            status=f"no index: {err}", documents=0, chunks=0, model=pipeline.settings.model_name, generation=""
        )
    return Health(
        status="ok",
        documents=len(stored.documents),
        chunks=len(stored.chunks),
        model=stored.manifest.model_name,
        generation=stored.manifest.generation,
        stale=pipeline.stale_reason(),
        warming=pipeline.warming,
    )
