"""Errors on /v1 in the OpenAI shape, {"error": {"message", "type", "param", "code"}}, which chat clients read."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse

from server.chat.schemas import OpenAIErrorBody, OpenAIErrorDetail

PREFIX = "/v1/"
# The types OpenAI's own API uses for each status; clients show the message and branch on the code.
_TYPES = {401: "invalid_request_error", 403: "permission_error", 429: "rate_limit_error"}
_CODES = {401: "invalid_api_key", 404: "not_found", 413: "request_too_large", 503: "no_index"}


class OpenAIError(Exception):
    """A request the chat endpoint refuses, with what OpenAI's clients expect to read."""

    def __init__(self, status: int, message: str, code: str | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.param = status, message, code, param


def speaks_openai(request: Request) -> bool:
    return request.url.path.startswith(PREFIX)


def error_response(
    status: int,
    message: str,
    code: str | None = None,
    param: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    kind = _TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    detail = OpenAIErrorDetail(message=message, type=kind, param=param, code=code or _CODES.get(status))
    return JSONResponse(OpenAIErrorBody(error=detail).model_dump(), status_code=status, headers=headers)
