"""The MCP server through fastmcp's real client: in memory over the shared pipeline, and as
`duchaqa mcp` on stdio and on streamable HTTP (separate processes, as an agent runs it)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastmcp import Client
from fastmcp.client.transports import StdioTransport
from fastmcp.exceptions import ToolError

from common.settings import ROOT, Settings
from retriever import Pipeline
from server.mcp_server import DOCUMENT_URI, build_mcp
from server.schemas import AskResponse

QUESTION = "How many petitions did Hunan close?"
TOOLS = {"ask", "search", "get_passage", "list_documents"}


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def spans(answer: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(c["doc"], c["start"], c["end"]) for c in answer["citations"]]


def expected(pipeline: Pipeline, question: str) -> dict[str, Any]:
    return AskResponse.from_result(pipeline.ask(question, 5)).model_dump()


async def exercise(client: Client) -> dict[str, Any]:
    """List and call every tool and read a resource, as an agent would; return what came back."""
    async with client:
        tools = await client.list_tools()
        answer = (await client.call_tool("ask", {"question": QUESTION})).structured_content
        searched = (await client.call_tool("search", {"query": "湖南信访件办结率", "k": 3})).structured_content
        first = searched["results"][0]
        passage = (
            await client.call_tool("get_passage", {"doc": first["doc"], "start": first["start"], "end": first["end"]})
        ).structured_content
        documents = (await client.call_tool("list_documents", {})).structured_content
        resources = await client.list_resources()
        text = (await client.read_resource(str(resources[0].uri)))[0].text
        return {
            "tools": tools,
            "answer": answer,
            "searched": searched,
            "passage": passage,
            "documents": documents,
            "resources": resources,
            "text": text,
        }


def check(seen: dict[str, Any], pipeline: Pipeline) -> None:
    assert {t.name for t in seen["tools"]} == TOOLS
    for tool in seen["tools"]:  # an agent reads what each tool does and what each argument means
        assert tool.description and len(tool.description) > 40
        for name, schema in tool.input_schema.get("properties", {}).items():
            assert schema.get("description"), f"{tool.name}.{name} has no description"
        assert tool.annotations.read_only_hint
    want = expected(pipeline, QUESTION)
    got = seen["answer"]
    assert (got["answer"], got["abstained"], got["confidence"], spans(got)) == (
        want["answer"],
        want["abstained"],
        want["confidence"],
        spans(want),
    )
    first = seen["searched"]["results"][0]
    assert len(seen["searched"]["results"]) == 3
    assert seen["passage"]["text"] == first["text"]
    docs = sorted(pipeline.index.documents)
    assert [d["doc"] for d in seen["documents"]["documents"]] == docs
    assert sorted(r.name for r in seen["resources"]) == docs
    first_resource = seen["resources"][0]
    assert str(first_resource.uri).startswith(DOCUMENT_URI)
    assert seen["text"] == pipeline.index.sources[first_resource.name]


def test_every_tool_and_resource_in_memory(pipeline: Pipeline, settings: Settings) -> None:
    check(run(exercise(Client(build_mcp(pipeline, settings)))), pipeline)


def test_bad_calls_are_tool_errors_with_the_reason(pipeline: Pipeline, settings: Settings) -> None:
    async def calls() -> list[str]:
        messages = []
        async with Client(build_mcp(pipeline, settings)) as client:
            for name, arguments in [
                ("ask", {"question": "   "}),
                ("ask", {"question": QUESTION, "k": 500}),
                ("get_passage", {"doc": "no-such.txt", "start": 0, "end": 5}),
                ("get_passage", {"doc": sorted(pipeline.index.documents)[0], "start": 0, "end": 10**9}),
            ]:
                with pytest.raises(ToolError) as caught:
                    await client.call_tool(name, arguments)
                messages.append(str(caught.value))
        return messages

    empty, too_many, unknown, outside = run(calls())
    assert "empty" in empty
    assert "50" in too_many
    assert "no report named" in unknown
    assert "outside the document" in outside


def _environment(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "DUCHAQA_CORPUS_DIR": str(settings.corpus_dir),
        "DUCHAQA_INDEX_DIR": str(settings.index_dir),
        "DUCHAQA_CACHE_DIR": str(settings.cache_dir),
    }


def _command() -> str:
    return str(Path(sys.executable).parent / "duchaqa")


def test_duchaqa_mcp_on_stdio(pipeline: Pipeline, settings: Settings) -> None:
    transport = StdioTransport(_command(), ["mcp"], env=_environment(settings), cwd=str(ROOT))
    check(run(exercise(Client(transport, timeout=120))), pipeline)


def test_duchaqa_mcp_on_streamable_http_with_a_read_key(pipeline: Pipeline, settings: Settings) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [_command(), "mcp", "--transport", "http", "--port", str(port)],
        env={**_environment(settings), "DUCHAQA_READ_KEY": "read-key"},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while True:  # the model loads first: wait until the port answers
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else "exited"
            assert time.monotonic() < deadline, "duchaqa mcp did not start"
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        url = f"http://127.0.0.1:{port}/mcp"
        check(run(exercise(Client(url, auth="read-key", timeout=120))), pipeline)
        # Without the key, not even the handshake.
        hello = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}}
        accept = {"Accept": "application/json, text/event-stream"}
        for wrong in ({}, {"Authorization": "Bearer wrong"}):
            assert httpx.post(url, json=hello, headers={**accept, **wrong}).status_code == 401
        with pytest.raises(Exception, match="error response"):
            run(exercise(Client(url, auth="wrong", timeout=30)))
    finally:
        server.terminate()
        server.wait(timeout=20)
