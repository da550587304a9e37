"""Shared dependencies: the one pipeline (model + current index) a process serves from, and who may read or write."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from common.settings import Settings
from index.model import ModelError
from index.store import IndexMismatch, IndexMissing
from retriever import Pipeline
from retriever.reader import WeightsError

NO_INDEX = "no index yet: run `duchaqa ingest` on the server to build it from corpus/"
# Two schemes, so the API's schema can say which key an operation takes: writes always need the write
# key; reads need the read key only on a server that sets one (the schema then says so, see app.py).
READ_SCHEME = "ReadKey"
_write_bearer = HTTPBearer(auto_error=False, scheme_name="WriteKey", description="DUCHAQA_API_KEY")
_read_bearer = HTTPBearer(
    auto_error=False,
    scheme_name=READ_SCHEME,
    description="DUCHAQA_READ_KEY (or the write key); needed only when the server sets a read key",
)


def load_pipeline(settings: Settings, fail: Callable[[str], None], prime: bool = False) -> Pipeline:
    """Load the model and the index, turning the usual set-up mistakes into one clear message
    (`prime`: for a process that answers many questions, see `Pipeline`)."""
    try:
        pipeline = Pipeline(settings, prime=prime)
        pipeline.reload()
    except (ModelError, IndexMissing, IndexMismatch, WeightsError) as err:
        fail(str(err))
        raise
    return pipeline


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_pipeline(request: Request) -> Pipeline:
    """The loaded pipeline; 503 with the fix when no index has been built."""
    pipeline: Pipeline = request.app.state.pipeline
    try:
        pipeline.searcher  # noqa: B018 - loads the index on first use
    except IndexMissing as err:  # its message names the index folder: not for clients
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, NO_INDEX) from err
    except IndexMismatch as err:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(err)) from err
    return pipeline


WriteCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_write_bearer)]
ReadCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_read_bearer)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def _holds(credentials: HTTPAuthorizationCredentials | None, *keys: str | None) -> bool:
    given = credentials.credentials if credentials else ""
    return any(key and secrets.compare_digest(given.encode(), key.encode()) for key in keys)


def require_writer(settings: SettingsDep, credentials: WriteCredentials) -> None:
    """Writes need `Authorization: Bearer <DUCHAQA_API_KEY>`; with no key configured they are off."""
    if not settings.api_key:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "uploads and deletes are disabled: set DUCHAQA_API_KEY on the server and send it as a bearer token",
        )
    if not _holds(credentials, settings.api_key):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "a valid bearer token is required", {"WWW-Authenticate": "Bearer"}
        )


def require_reader(settings: SettingsDep, credentials: ReadCredentials) -> None:
    """Reads are open unless DUCHAQA_READ_KEY is set; then they need it (or the write key) as a bearer token."""
    if settings.read_key and not _holds(credentials, settings.read_key, settings.api_key):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "a valid bearer token is required", {"WWW-Authenticate": "Bearer"}
        )


PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]
