"""Question understanding: language, regions, terms and parts (`parse`), what is asked (`intent`),
and dates written the way the reports write them (`dates`)."""

from retriever.query.intent import intent_of
from retriever.query.parse import Query, parse_query, regions_named, split_asks
from retriever.query.units import expected_units

__all__ = ["Query", "expected_units", "intent_of", "parse_query", "regions_named", "split_asks"]
