"""Retriever: parse a question, search hybrid and region-aware, extract a cited answer."""

from retriever.pipeline import QUESTION_PATTERN, Pipeline, QuestionError, Result, check_question
from retriever.query.parse import Query, parse_query
from retriever.reader.located import NOT_FOUND, Answer
from retriever.search.hits import Hit

__all__ = [
    "NOT_FOUND",
    "QUESTION_PATTERN",
    "Answer",
    "Hit",
    "Pipeline",
    "Query",
    "QuestionError",
    "Result",
    "check_question",
    "parse_query",
]
