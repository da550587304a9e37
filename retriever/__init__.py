"""Retriever: parse a question, search hybrid and region-aware, extract a cited answer."""

from retriever.located import NOT_FOUND, Answer
from retriever.pipeline import Pipeline, QuestionError, Result, check_question
from retriever.query import Query, parse_query
from retriever.search import Hit

__all__ = [
    "NOT_FOUND",
    "Answer",
    "Hit",
    "Pipeline",
    "Query",
    "QuestionError",
    "Result",
    "check_question",
    "parse_query",
]
