"""The FastAPI application: JSON API (OpenAPI at /docs) and the staff page at /."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from common.settings import Settings, get_settings
from retriever import Pipeline
from server import chat
from server.deps import READ_SCHEME
from server.limits import WriteGuard
from server.routes import reads, router

STATIC_DIR = Path(__file__).parent / "static"
log = logging.getLogger("duchaqa")


def validation_message(err: RequestValidationError) -> str:
    """FastAPI's list of validation errors as one line: "body.k: Input should be a valid integer; …"."""
    parts = []
    for error in err.errors()[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


def open_reads(schema: dict[str, Any]) -> None:
    """Mark the read key optional (an empty requirement among the alternatives) on every read."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            security = operation.get("security", [])
            if any(READ_SCHEME in requirement for requirement in security) and {} not in security:
                security.append({})


def create_app(settings: Settings | None = None, pipeline: Pipeline | None = None) -> FastAPI:
    """Build the app; the model and index load once, at start-up (or are handed in by tests)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.pipeline is None:
            app.state.pipeline = Pipeline(settings, prime=True)
        app.state.pipeline.try_reload()
        yield

    app = FastAPI(
        title="duchaqa",
        summary="Cited answers from central eco-environmental inspection rectification reports (督察整改).",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.pipeline = pipeline
    app.state.ask_slots = threading.BoundedSemaphore(settings.ask_concurrency)
    app.include_router(reads)
    app.include_router(router)
    app.include_router(chat.router)
    app.add_middleware(WriteGuard, max_bytes=settings.max_upload_bytes, per_minute=settings.writes_per_minute)
    # Closed unless origins are named in settings: a page elsewhere must not drive the API with a user's browser.
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )

    # Every error has one shape, {"detail": "<what is wrong>"}: a body that fails validation too.
    # Under /v1 it is OpenAI's shape, {"error": {"message", "type", "param", "code"}}, which chat clients read.
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, err: RequestValidationError) -> JSONResponse:
        if chat.speaks_openai(request):
            first = err.errors()[0] if err.errors() else {}
            param = ".".join(str(p) for p in first.get("loc", ())[1:]) or None
            return chat.error_response(400, validation_message(err), "invalid_request", param)
        return JSONResponse({"detail": validation_message(err)}, status_code=422)

    @app.exception_handler(HTTPException)
    async def refused(request: Request, err: HTTPException) -> JSONResponse:
        if chat.speaks_openai(request):
            return chat.error_response(err.status_code, str(err.detail), headers=err.headers)
        return await http_exception_handler(request, err)

    @app.exception_handler(chat.OpenAIError)
    async def refused_chat(request: Request, err: chat.OpenAIError) -> JSONResponse:
        return chat.error_response(err.status, err.message, err.code, err.param)

    # A bug must not hand a client a stack trace or a server path: it is logged here, and the
    # client gets one plain line.
    @app.exception_handler(Exception)
    async def internal_error(request: Request, err: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        if chat.speaks_openai(request):
            return chat.error_response(500, "internal error: the server logged it")
        return JSONResponse({"detail": "internal error: the server logged it"}, status_code=500)

    # Reads take the read key only on a server that sets one: elsewhere the schema says they need none.
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        schema = generate()
        if not settings.read_key:
            open_reads(schema)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    return app
