"""Every face gives the same answer with the same citations, for every question of the dev set.

The JSON API, the CLI (`duchaqa ask - --json`), the staff page in a real browser, the OpenAI
endpoint through the `openai` client and the MCP server through fastmcp's client are asked each dev
question; what each shows is compared with what POST /ask returns. Citations getting lost or not
matching the answer on the way out is the usual fault of such faces (RAGFlow #8273, #7232).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from fastmcp import Client

from common.settings import ROOT, Settings
from index.dense import Encoder
from retriever import Pipeline
from server.chat.markdown import escape
from server.mcp_server import build_mcp
from tests.conftest import DEV_SET
from tests.server.serving import serving
from tests.server.test_page import CHROMIUM, CHROMIUM_ARGS, SLOW_MS

QUESTIONS = [json.loads(line)["question"] for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line]

# What a face must carry: the answer, whether it abstained, and each cited span in order.
Shown = tuple[str, bool, list[tuple[str, int, int]]]


def shown(answer: dict[str, Any]) -> Shown:
    spans = [(c["doc"], c["start"], c["end"]) for c in answer["citations"]]
    return answer["answer"], answer["abstained"], spans


def differences(face: dict[str, Shown], api: dict[str, Shown]) -> list[str]:
    return [f"{q!r}: {face.get(q)} != {want}" for q, want in api.items() if face.get(q) != want]


@pytest.fixture(scope="module")
def served(settings: Settings, encoder: Encoder, pipeline: Pipeline) -> Iterator[tuple[str, Pipeline]]:
    """One server and its pipeline, shared by the in-process faces (its answer cache with them)."""
    own = Pipeline(settings, encoder)
    own.reload()
    with serving(settings, encoder, own) as url:
        yield url, own


@pytest.fixture(scope="module")
def api(served: tuple[str, Pipeline]) -> dict[str, dict[str, Any]]:
    url, _ = served
    with httpx.Client(base_url=url, timeout=60) as client:
        answers = {}
        for question in QUESTIONS:
            response = client.post("/ask", json={"question": question})
            assert response.status_code == 200, response.text
            answers[question] = response.json()
        return answers


def test_the_openai_endpoint_says_what_the_api_says(served: tuple[str, Pipeline], api: dict[str, Any]) -> None:
    url, _ = served
    chat = openai.OpenAI(base_url=f"{url}/v1", api_key="open", max_retries=0)
    seen: dict[str, Shown] = {}
    for question in QUESTIONS:
        reply = chat.chat.completions.create(model="duchaqa", messages=[{"role": "user", "content": question}])
        structured = reply.model_extra["duchaqa"]
        seen[question] = shown(structured)
        # The Markdown carries the same value and links to exactly the same spans.
        content = reply.choices[0].message.content
        if not structured["abstained"]:
            assert f"**{escape(structured['answer'])}**" in content, question
        for c in structured["citations"]:
            assert f"?start={c['start']}&end={c['end']}" in content, question
    assert not differences(seen, {q: shown(a) for q, a in api.items()})


def test_the_mcp_ask_tool_says_what_the_api_says(
    served: tuple[str, Pipeline], settings: Settings, api: dict[str, Any]
) -> None:
    _, pipeline = served

    async def ask_all() -> dict[str, Shown]:
        async with Client(build_mcp(pipeline, settings)) as client:
            return {q: shown((await client.call_tool("ask", {"question": q})).structured_content) for q in QUESTIONS}

    assert not differences(asyncio.run(ask_all()), {q: shown(a) for q, a in api.items()})


def test_the_cli_says_what_the_api_says(settings: Settings, api: dict[str, Any]) -> None:
    env = {
        **os.environ,
        "DUCHAQA_CORPUS_DIR": str(settings.corpus_dir),
        "DUCHAQA_INDEX_DIR": str(settings.index_dir),
        "DUCHAQA_CACHE_DIR": str(settings.cache_dir),
    }
    done = subprocess.run(
        [str(Path(sys.executable).parent / "duchaqa"), "ask", "-", "--json"],
        input="\n".join(QUESTIONS) + "\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
        check=True,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == len(QUESTIONS)
    seen = {q: shown(answer) for q, answer in zip(QUESTIONS, lines, strict=True)}
    assert not differences(seen, {q: shown(a) for q, a in api.items()})


@pytest.mark.browser
def test_the_page_shows_what_the_api_says(served: tuple[str, Pipeline], api: dict[str, Any]) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package to run the browser tests")
    from playwright.sync_api import sync_playwright

    url, _ = served
    seen: dict[str, Shown] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url)
        for question in QUESTIONS:
            page.evaluate("document.getElementById('result').replaceChildren()")
            page.locator("#question").fill(question)
            page.locator("#question").press("Enter")
            page.locator(".answer-card").wait_for(timeout=SLOW_MS)
            on_page = page.evaluate(_READ_PAGE)
            seen[question] = (on_page["answer"], on_page["abstained"], [tuple(c) for c in on_page["citations"]])
        browser.close()
    # An abstention shows no value: the page says so in words, in both languages.
    expected = {q: ("" if a["abstained"] else a["answer"], *shown(a)[1:]) for q, a in api.items()}
    assert not differences(seen, expected)


# What the page shows: the answer's text, whether it abstained, and each citation's span.
_READ_PAGE = """() => {
  const card = document.querySelector('.answer-card');
  const abstained = card.classList.contains('abstained');
  const value = card.querySelector('.answer-line .answer-text');
  return {
    abstained,
    answer: abstained || !value ? '' : value.textContent,
    citations: [...document.querySelectorAll('li.citation')].map(
      (li) => [li.dataset.doc, Number(li.dataset.start), Number(li.dataset.end)]),
  };
}"""
