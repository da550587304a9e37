"""The OpenAI-compatible face: GET /v1/models and POST /v1/chat/completions, streamed or not.

A chat front-end (Open WebUI, Cherry Studio, ChatBox, LobeChat) points its "OpenAI API" at this
server; the reply is the cited answer in Markdown, and the same answer as POST /ask returns it
rides along in the `duchaqa` field, so no client has to parse Markdown to get the citations.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from common.settings import Settings
from retriever import Pipeline, QuestionError, check_question
from retriever.query.followup import resolve_followup
from server.chat.errors import OpenAIError
from server.chat.markdown import render
from server.chat.schemas import (
    AssistantMessage,
    ChatCompletion,
    ChatCompletionChunk,
    ChatRequest,
    Choice,
    ChunkChoice,
    Cited,
    Delta,
    ModelCard,
    ModelList,
    OpenAIErrorBody,
    Usage,
)
from server.deps import PipelineDep, SettingsDep, require_reader
from server.schemas import AskResponse

router = APIRouter(
    prefix="/v1",
    tags=["openai"],
    dependencies=[Depends(require_reader)],
    responses={
        400: {"model": OpenAIErrorBody, "description": "Bad request"},
        401: {"model": OpenAIErrorBody, "description": "A read key is set: send it as the bearer token"},
        503: {"model": OpenAIErrorBody, "description": "No index yet"},
    },
)
_STARTED = int(time.time())


@router.get("/models", response_model=ModelList)
def list_models(settings: SettingsDep) -> ModelList:
    """The one model this server answers as (chat clients list it to pick from)."""
    return ModelList(data=[ModelCard(id=settings.chat_model, created=_STARTED)])


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    responses={
        200: {
            "content": {"text/event-stream": {"description": "With stream: true, chat.completion.chunk events"}},
        },
        404: {"model": OpenAIErrorBody, "description": "No such model"},
    },
)
def chat_completions(
    body: ChatRequest, request: Request, pipeline: PipelineDep, settings: SettingsDep
) -> ChatCompletion | StreamingResponse:
    """Answer the conversation's last user message (a follow-up read against the earlier ones) with
    the cited answer as Markdown, and the structured answer in `duchaqa`."""
    _check_request(body, settings)
    asked = [m.text() for m in body.messages if m.role == "user"]
    question = resolve_followup([*_earlier_questions(asked[:-1], settings), asked[-1]])
    cited = _answer(request, pipeline, question, body)
    content = render(cited, settings.public_url or str(request.base_url), asked=asked[-1])
    prompt_tokens = sum(pipeline.encoder.count_tokens(m.text()) for m in body.messages)
    completion_tokens = pipeline.encoder.count_tokens(content)
    usage = Usage(
        prompt_tokens=prompt_tokens, completion_tokens=completion_tokens, total_tokens=prompt_tokens + completion_tokens
    )
    reply_id, created = f"chatcmpl-{secrets.token_hex(12)}", int(time.time())
    if body.stream:
        include_usage = bool(body.stream_options and body.stream_options.include_usage)
        events = _events(reply_id, created, body.model, content, cited, usage if include_usage else None)
        return StreamingResponse(events, media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
    choice = Choice(message=AssistantMessage(content=content))
    return ChatCompletion(id=reply_id, created=created, model=body.model, choices=[choice], usage=usage, duchaqa=cited)


def _check_request(body: ChatRequest, settings: Settings) -> None:
    if body.model != settings.chat_model:
        raise OpenAIError(
            404,
            f"The model {body.model!r} does not exist: this server answers as {settings.chat_model!r}",
            "model_not_found",
            "model",
        )
    if body.n not in (None, 1):
        raise OpenAIError(400, "n must be 1: there is one extracted answer per question", param="n")
    if body.messages[-1].role != "user" or not body.messages[-1].text().strip():
        raise OpenAIError(400, "the last message must be the user's question, as text", param="messages")
    if body.k is not None and not 1 <= body.k <= settings.max_k:
        raise OpenAIError(400, f"k must be between 1 and {settings.max_k}", param="k")


def _earlier_questions(asked: list[str], settings: Settings) -> list[str]:
    """The user's recent earlier turns a follow-up can lean on (ones no question could be are skipped)."""
    kept = []
    for text in asked[-settings.chat_context_turns :] if settings.chat_context_turns else []:
        try:
            kept.append(check_question(text, settings.max_question_chars))
        except QuestionError:
            continue
    return kept


def _answer(request: Request, pipeline: Pipeline, question: str, body: ChatRequest) -> Cited:
    try:
        with request.app.state.ask_slots:  # see settings.ask_concurrency
            result = pipeline.ask(question, body.k, body.region)
    except QuestionError as err:
        raise OpenAIError(400, str(err), param="messages") from err
    return Cited(**AskResponse.from_result(result).model_dump(), resolved_question=question)


def _events(reply_id: str, created: int, model: str, content: str, cited: Cited, usage: Usage | None) -> Iterator[str]:
    """Server-sent events as OpenAI streams them: the role, the text block by block, the end (with
    the structured answer), the usage when asked for, then [DONE]."""

    def event(choices: list[ChunkChoice], **extra: object) -> str:
        chunk = ChatCompletionChunk(id=reply_id, created=created, model=model, choices=choices, **extra)
        return f"data: {chunk.model_dump_json(exclude_none=True)}\n\n"

    yield event([ChunkChoice(delta=Delta(role="assistant", content=""))])
    blocks = content.split("\n\n")
    for i, block in enumerate(blocks):
        yield event([ChunkChoice(delta=Delta(content=block + ("\n\n" if i < len(blocks) - 1 else "")))])
    yield event([ChunkChoice(delta=Delta(), finish_reason="stop")], duchaqa=cited)
    if usage is not None:
        yield event([], usage=usage)
    yield "data: [DONE]\n\n"
