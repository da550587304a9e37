"""The OpenAI-compatible chat face of the server (routes, Markdown rendering, error shape)."""

from server.chat.errors import OpenAIError, error_response, speaks_openai
from server.chat.routes import router

__all__ = ["OpenAIError", "error_response", "router", "speaks_openai"]
