"""Ingest: files in, cited chunks out (read → clean → sections → chunk → regions)."""

from ingest.document import ingest_source
from ingest.normalize import fold, fold_with_map, is_mostly_latin, is_traditional, squash
from ingest.regions import Gazetteer, Place, get_gazetteer

# Bump when chunk boundaries or metadata change: an index built by another version is rebuilt.
CHUNKER_VERSION = "4"

__all__ = [
    "CHUNKER_VERSION",
    "Gazetteer",
    "Place",
    "fold",
    "fold_with_map",
    "get_gazetteer",
    "ingest_source",
    "is_mostly_latin",
    "is_traditional",
    "squash",
]
