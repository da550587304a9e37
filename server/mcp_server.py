"""The MCP face (`duchaqa mcp`): tools and resources an agent can use without reading our docs.

Tools: `ask` (question → answer, confidence, citations), `search` (query → passages with offsets),
`get_passage` (doc, start, end → text), `list_documents`. Each report is a resource,
duchaqa://documents/<name>. Every tool returns what the JSON API returns for the same call, so an
agent's citations are the page's and the API's.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Annotated
from urllib.parse import quote, unquote

from fastmcp import FastMCP
from fastmcp.exceptions import ResourceError, ToolError
from fastmcp.resources.types import TextResource
from fastmcp.server.auth import AccessToken, TokenVerifier
from fastmcp.server.providers import Provider
from fastmcp.utilities.versions import VersionSpec
from mcp.types import ToolAnnotations
from pydantic import Field

from common.settings import Settings, get_settings
from ingest.read import printable
from retriever import Pipeline, QuestionError
from server.schemas import (
    AskResponse,
    DocumentList,
    DocumentText,
    SearchResponse,
    SpanOutside,
    UnknownDocument,
)

INSTRUCTIONS = (
    "Cited answers from China's central eco-environmental inspection rectification reports (督察整改). "
    "Ask in Chinese (simplified or traditional) or English. `ask` gives the exact value asked for with its "
    "source sentence and passages (doc, start, end); an answer with abstained=true means the reports do not "
    "state it. `search` gives passages only; `get_passage` reads any span of a report; `list_documents` "
    "names the reports. Quote the citations' doc and offsets when you use an answer."
)
DOCUMENT_URI = "duchaqa://documents/"

Question = Annotated[
    str,
    Field(
        description="The question, in simplified or traditional Chinese or English, e.g. "
        "'How many petitions did Hunan close?' or '湖南信访件办结率'.",
        min_length=1,
    ),
]
# The bounds the schema states are the server's own, as in the JSON API's schema.
_MAX_K = get_settings().max_k
K = Annotated[int, Field(description=f"How many passages to return (1 to {_MAX_K}).", ge=1, le=_MAX_K)]
Region = Annotated[
    str | None, Field(description="Limit to one province-level region, e.g. '湖南' or 'Hunan'; omit for all.")
]


class ReadKeys(TokenVerifier):
    """Over HTTP, a client shows the read key (or the write key) as its bearer token, as the API's readers do.
    (On stdio the agent started the server itself: there is nothing to check.)"""

    def __init__(self, *keys: str | None) -> None:
        super().__init__()
        self.keys = [k for k in keys if k]

    async def verify_token(self, token: str) -> AccessToken | None:
        if any(secrets.compare_digest(token.encode(), key.encode()) for key in self.keys):
            return AccessToken(token=token, client_id="reader", scopes=[])
        return None


def build_mcp(pipeline: Pipeline, settings: Settings) -> FastMCP:
    """An MCP server over a loaded pipeline (it follows re-indexes other processes make); with a read key
    set, HTTP clients must show it."""
    auth = ReadKeys(settings.read_key, settings.api_key) if settings.read_key else None
    mcp = FastMCP("duchaqa", instructions=INSTRUCTIONS, providers=[DocumentResources(pipeline)], auth=auth)
    read_only = ToolAnnotations(read_only_hint=True, open_world_hint=False)

    @mcp.tool(annotations=read_only)
    def ask(question: Question, k: K = settings.default_k, region: Region = None) -> AskResponse:
        """Answer a question about the rectification reports with the exact value (a number with its
        unit, a name, a list), its confidence, the sentence it came from and the cited passages.
        When abstained is true the reports do not state it; `guess` may then hold the closest candidate."""
        try:
            return AskResponse.from_result(_current(pipeline).ask(question, k, region))
        except QuestionError as err:
            raise ToolError(str(err)) from err

    @mcp.tool(annotations=read_only)
    def search(query: Question, k: K = settings.default_k) -> SearchResponse:
        """Find the passages most relevant to a question or keywords, best first, each with its report,
        section, region and character offsets (no answer extraction)."""
        try:
            parsed, hits = _current(pipeline).search(query, k)
        except QuestionError as err:
            raise ToolError(str(err)) from err
        return SearchResponse.from_hits(parsed, hits)

    @mcp.tool(annotations=read_only)
    def get_passage(
        doc: Annotated[str, Field(description="A report's file name, as list_documents or a citation gives it.")],
        start: Annotated[int, Field(description="Offset of the first character (from a citation).", ge=0)],
        end: Annotated[int, Field(description="Offset after the last character.", ge=0)],
    ) -> DocumentText:
        """Read the text of a report between two character offsets (a citation's start and end, or wider)."""
        try:
            return DocumentText.span(_current(pipeline).index, doc, start, end)
        except UnknownDocument as err:
            raise ToolError(f"{err}: list_documents names them") from err
        except SpanOutside as err:
            raise ToolError(str(err)) from err

    @mcp.tool(annotations=read_only)
    def list_documents() -> DocumentList:
        """The reports in the index: file name, title, date, regions and passage count."""
        return DocumentList.of(_current(pipeline).index)

    return mcp


def _current(pipeline: Pipeline) -> Pipeline:
    pipeline.follow()
    return pipeline


class DocumentResources(Provider):
    """Each report of the current index as a text resource, duchaqa://documents/<file name>."""

    def __init__(self, pipeline: Pipeline) -> None:
        super().__init__()
        self.pipeline = pipeline

    async def _list_resources(self) -> Sequence[TextResource]:
        stored = _current(self.pipeline).index
        return [self._resource(doc) for doc in sorted(stored.documents)]

    async def _get_resource(self, uri: str, version: VersionSpec | None = None) -> TextResource | None:
        if not uri.startswith(DOCUMENT_URI):
            return None
        doc = unquote(uri.removeprefix(DOCUMENT_URI))
        if doc not in _current(self.pipeline).index.sources:
            raise ResourceError(f"no report named {printable(doc)!r}")
        return self._resource(doc)

    def _resource(self, doc: str) -> TextResource:
        stored = self.pipeline.index
        info = stored.documents[doc]
        return TextResource(
            uri=DOCUMENT_URI + quote(doc, safe=""),
            name=doc,
            title=info.title,
            description=f"{info.title} ({info.date or 'undated'}; {', '.join(info.regions) or 'no region'})",
            mime_type="text/plain",
            text=stored.sources[doc],
        )
