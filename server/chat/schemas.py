"""The OpenAI chat-completions shapes (the subset chat front-ends send and read), and duchaqa's extra field."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from server.schemas import K_SCHEMA, AskResponse


class TextPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")  # name, tool_calls …: accepted, not read
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[TextPart] | None = None

    def text(self) -> str:
        """The message's text: a string, or its text parts joined (images and other parts are not read)."""
        if isinstance(self.content, str):
            return self.content
        return "\n".join(p.text for p in self.content or [] if p.type == "text" and p.text)


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")
    include_usage: bool = False


class ChatRequest(BaseModel):
    """An OpenAI chat request. The last user message is the question; earlier user messages are the
    context a follow-up is read in. Sampling options (temperature, max_tokens …) are accepted and
    have no effect: the answer is extracted, not generated."""

    model_config = ConfigDict(extra="allow")
    model: str = Field(description="The served model's name (GET /v1/models).", examples=["duchaqa"])
    messages: list[ChatMessage] = Field(min_length=1)
    # Clients send null for options they leave unset: null means the default here too.
    stream: bool | None = False
    stream_options: StreamOptions | None = None
    n: int | None = Field(default=1, description="Only 1: there is one extracted answer.")
    k: int | None = Field(
        default=None, description="duchaqa: how many passages to cite (default 5).", json_schema_extra=K_SCHEMA
    )
    region: str | None = Field(default=None, description="duchaqa: limit to a region, e.g. 湖南 or Hunan.")


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class Cited(AskResponse):
    """What POST /ask returns for the question the conversation asks, so a client that reads
    citations does not have to parse the Markdown."""

    resolved_question: str = Field(
        description="The question answered: the last user message, read against the earlier ones when it "
        "is a follow-up ('and Jiangxi?')."
    )


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    duchaqa: Cited = Field(description="The structured answer and its citations (an extension of the OpenAI shape).")


class Delta(BaseModel):
    role: Literal["assistant"] | None = None
    content: str | None = None


class ChunkChoice(BaseModel):
    index: int = 0
    delta: Delta
    finish_reason: Literal["stop"] | None = None
    logprobs: None = None


class ChatCompletionChunk(BaseModel):
    """One server-sent event of a streamed reply; the last one with a choice carries `duchaqa`."""

    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChunkChoice]
    usage: Usage | None = None
    duchaqa: Cited | None = None


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "duchaqa"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class OpenAIErrorDetail(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class OpenAIErrorBody(BaseModel):
    error: OpenAIErrorDetail
