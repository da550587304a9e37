"""The OpenAI-compatible endpoint through the real `openai` client against the real server.

What a chat front-end shows must be what POST /ask says: the same answer and the same citations
(the structured copy in `duchaqa`, and the Markdown built from it), streamed or not.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest

from common.settings import Settings
from index.dense import Encoder
from retriever import Pipeline
from tests.server.serving import serving

DESIGN_CARD_QUESTION = "How many petitions did Hunan close?"
UNANSWERABLE = "How many petitions did Sichuan close after the second-round central inspection?"
WRITE_KEY = "test-key"
ASSISTANT_ONLY = {"role": "assistant", "content": "hi"}


@pytest.fixture(scope="module")
def base_url(settings: Settings, encoder: Encoder, pipeline: Pipeline) -> Iterator[str]:
    with serving(settings, encoder) as url:
        yield url


@pytest.fixture(scope="module")
def chat(base_url: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{base_url}/v1", api_key="any key: reads are open here", max_retries=0)


def ask_api(base_url: str, question: str, **extra: Any) -> dict[str, Any]:
    response = httpx.post(f"{base_url}/ask", json={"question": question, **extra}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def spans(answer: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(c["doc"], c["start"], c["end"]) for c in answer["citations"]]


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def test_models_lists_the_served_model(chat: openai.OpenAI) -> None:
    assert [m.id for m in chat.models.list()] == ["duchaqa"]


def test_the_design_card_question_answers_with_the_api_s_answer_and_citations(
    chat: openai.OpenAI, base_url: str
) -> None:
    reply = chat.chat.completions.create(model="duchaqa", messages=[user(DESIGN_CARD_QUESTION)])
    expected = ask_api(base_url, DESIGN_CARD_QUESTION)
    extra = reply.model_extra["duchaqa"]
    assert (extra["answer"], extra["abstained"], spans(extra)) == (
        expected["answer"],
        expected["abstained"],
        spans(expected),
    )
    content = reply.choices[0].message.content
    assert reply.choices[0].finish_reason == "stop"
    # The value in bold, its sentence quoted with the number of the passage it stands in, and every
    # passage as a link to exactly its span.
    assert f"**{expected['answer']}**" in content
    assert "> " in content and " [1]" in content
    for c in expected["citations"]:
        assert f"?start={c['start']}&end={c['end']}" in content
    assert reply.usage.prompt_tokens > 0 and reply.usage.completion_tokens > 0
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens


def test_a_cited_link_returns_the_cited_passage(chat: openai.OpenAI) -> None:
    reply = chat.chat.completions.create(model="duchaqa", messages=[user("湖南信访件办结率")])
    first = reply.model_extra["duchaqa"]["citations"][0]
    link = reply.choices[0].message.content.split("](", 2)[1].split(")")[0]
    assert httpx.get(link).json()["text"] == first["text"]


def test_streaming_sends_the_same_reply_in_pieces(chat: openai.OpenAI) -> None:
    messages = [user(DESIGN_CARD_QUESTION)]
    whole = chat.chat.completions.create(model="duchaqa", messages=messages)
    stream = chat.chat.completions.create(
        model="duchaqa", messages=messages, stream=True, stream_options={"include_usage": True}
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) > 1
    ending = [c for c in chunks if c.choices and c.choices[0].finish_reason == "stop"]
    assert len(ending) == 1
    assert spans(ending[0].model_extra["duchaqa"]) == spans(whole.model_extra["duchaqa"])
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens == whole.usage.total_tokens


def test_a_follow_up_is_read_against_the_previous_question(chat: openai.OpenAI, base_url: str) -> None:
    first = chat.chat.completions.create(model="duchaqa", messages=[user(DESIGN_CARD_QUESTION)])
    messages = [
        {"role": "system", "content": "You answer from the reports."},
        user(DESIGN_CARD_QUESTION),
        {"role": "assistant", "content": first.choices[0].message.content},
        user("and Jiangxi?"),
    ]
    reply = chat.chat.completions.create(model="duchaqa", messages=messages)
    extra = reply.model_extra["duchaqa"]
    assert extra["resolved_question"] == "How many petitions did Jiangxi close?"
    assert extra["regions"] == ["江西"]
    expected = ask_api(base_url, extra["resolved_question"])
    assert (extra["answer"], spans(extra)) == (expected["answer"], spans(expected))
    assert "Read as: How many petitions did Jiangxi close?" in reply.choices[0].message.content


def test_options_sent_as_null_mean_their_defaults(base_url: str) -> None:
    body = {"model": "duchaqa", "messages": [user(DESIGN_CARD_QUESTION)], "n": None, "stream": None, "stop": None}
    response = httpx.post(f"{base_url}/v1/chat/completions", json=body, timeout=60)
    assert response.status_code == 200, response.text
    assert response.json()["object"] == "chat.completion"


def test_a_message_in_content_parts_is_read_as_its_text(chat: openai.OpenAI, base_url: str) -> None:
    parts = [{"type": "text", "text": "How many petitions"}, {"type": "text", "text": "did Hunan close?"}]
    reply = chat.chat.completions.create(model="duchaqa", messages=[{"role": "user", "content": parts}])
    extra = reply.model_extra["duchaqa"]
    assert extra["resolved_question"] == "How many petitions\ndid Hunan close?"
    assert extra["answer"] == ask_api(base_url, DESIGN_CARD_QUESTION)["answer"]


def test_an_unanswerable_question_says_so_plainly(chat: openai.OpenAI) -> None:
    reply = chat.chat.completions.create(model="duchaqa", messages=[user(UNANSWERABLE)])
    assert reply.model_extra["duchaqa"]["abstained"]
    assert reply.choices[0].message.content.startswith("The reports do not state this.")


def test_a_chinese_question_is_answered_in_chinese(chat: openai.OpenAI) -> None:
    reply = chat.chat.completions.create(model="duchaqa", messages=[user("湖南信访件办结率")])
    assert "置信度" in reply.choices[0].message.content and "来源" in reply.choices[0].message.content


@pytest.mark.parametrize(
    ("request_body", "error", "param"),
    [
        ({"model": "duchaqa", "messages": [user("   ")]}, openai.BadRequestError, "messages"),
        ({"model": "duchaqa", "messages": [ASSISTANT_ONLY]}, openai.BadRequestError, "messages"),
        ({"model": "duchaqa", "messages": [user("\x00\x01")]}, openai.BadRequestError, "messages"),
        ({"model": "duchaqa", "messages": [user("x" * 5000)]}, openai.BadRequestError, "messages"),
        ({"model": "duchaqa", "messages": [user(DESIGN_CARD_QUESTION)], "n": 2}, openai.BadRequestError, "n"),
        ({"model": "gpt-4o", "messages": [user(DESIGN_CARD_QUESTION)]}, openai.NotFoundError, "model"),
    ],
)
def test_bad_requests_get_openai_errors(
    chat: openai.OpenAI, request_body: dict[str, Any], error: type[Exception], param: str
) -> None:
    with pytest.raises(error) as caught:
        chat.chat.completions.create(**request_body)
    body = caught.value.body  # type: ignore[attr-defined]
    assert body["param"] == param and body["message"] and body["type"] == "invalid_request_error"


def test_a_malformed_body_is_an_openai_error(base_url: str) -> None:
    response = httpx.post(f"{base_url}/v1/chat/completions", json={"model": "duchaqa", "messages": "hi"})
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"message", "type", "param", "code"}
    response = httpx.post(
        f"{base_url}/v1/chat/completions", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and "error" in response.json()
    assert httpx.get(f"{base_url}/v1/embeddings").json()["error"]["code"] == "not_found"


def test_with_a_read_key_set_reads_need_it_or_the_write_key(
    settings: Settings, encoder: Encoder, base_url: str
) -> None:
    guarded = settings.model_copy(update={"read_key": "read-key"})
    with serving(guarded, encoder) as url:
        for key in ("read-key", WRITE_KEY):
            client = openai.OpenAI(base_url=f"{url}/v1", api_key=key, max_retries=0)
            reply = client.chat.completions.create(model="duchaqa", messages=[user(DESIGN_CARD_QUESTION)])
            assert not reply.model_extra["duchaqa"]["abstained"]
        wrong = openai.OpenAI(base_url=f"{url}/v1", api_key="wrong", max_retries=0)
        with pytest.raises(openai.AuthenticationError) as caught:
            wrong.models.list()
        assert caught.value.body["code"] == "invalid_api_key"  # type: ignore[index]
        # The same key guards every read, not only the chat door.
        assert httpx.post(f"{url}/ask", json={"question": DESIGN_CARD_QUESTION}).status_code == 401
        assert httpx.get(f"{url}/documents").status_code == 401
        ok = httpx.get(f"{url}/documents", headers={"Authorization": "Bearer read-key"})
        assert ok.status_code == 200 and json.loads(ok.text)["documents"]
        assert httpx.get(f"{url}/healthz").status_code == 200
