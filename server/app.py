"""The FastAPI application: JSON API (OpenAPI at /docs) and the staff page at /."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from common.settings import Settings, get_settings
from retriever import Pipeline
from server.routes import router

STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, pipeline: Pipeline | None = None) -> FastAPI:
    """Build the app; the model and index load once, at start-up (or are handed in by tests)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.pipeline is None:
            app.state.pipeline = Pipeline(settings)
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
    app.include_router(router)
    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    return app
