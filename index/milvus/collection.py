"""Our generations' collections in Milvus: one per generation, written whole, opened, dropped."""

from __future__ import annotations

import json
from pathlib import Path

from pymilvus import CollectionSchema, DataType, Function, FunctionType, MilvusException
from pymilvus.milvus_client import IndexParams

from common.settings import Settings
from index.dense import DIM
from index.engine import MILVUS_RECORD, EngineData, EngineUnavailable
from index.milvus.client import K1, B, encode_words, shared_client, uri_of
from index.milvus.search import MilvusDense, MilvusLexical

# Rows sent in one insert (a gRPC message stays well under its size limit).
INSERT_BATCH = 1_000
# A passage's words (hex) and its tags fit these field sizes (a passage is at most a few thousand characters).
MAX_WORDS_BYTES = 65_535
MAX_TAGS, MAX_TAG_BYTES = 4_096, 256
# A passage without a word is indexed under this one (as bm25s's placeholder), so it still has a length.
EMPTY = "∅"


def _collection_name(generation: str) -> str:
    return "duchaqa_" + "".join(ch if ch.isalnum() else "_" for ch in generation)


class MilvusEngine:
    """A connection to one Milvus (server or milvus-lite file), and the collections of our generations."""

    def __init__(self, uri: str, token: str = "") -> None:
        self.uri = uri
        self.client = shared_client(uri, token)

    @classmethod
    def connect(cls, settings: Settings) -> MilvusEngine:
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        return cls(uri_of(settings), settings.milvus_token)

    def write(self, root: Path, generation: str, data: EngineData) -> None:
        """Index the passages in a new collection named after the generation, recorded in `root`."""
        name = _collection_name(generation)
        (root / MILVUS_RECORD).write_text(json.dumps({"uri": self.uri, "collection": name}))
        if self.client.has_collection(name):  # left by a build killed after creating it
            self.client.drop_collection(name)
        self.client.create_collection(
            name, schema=self._schema(), index_params=self._index_params(), consistency_level="Strong"
        )
        for start in range(0, len(data.words), INSERT_BATCH):
            rows = range(start, min(start + INSERT_BATCH, len(data.words)))
            self.client.insert(name, [self._row(i, data) for i in rows])
        self.client.flush(name)

    @staticmethod
    def _row(i: int, data: EngineData) -> dict[str, object]:
        words = encode_words(data.words[i] or [EMPTY])
        if len(words.encode()) > MAX_WORDS_BYTES:
            raise ValueError(f"passage {i} has more words than a Milvus text field holds ({MAX_WORDS_BYTES} bytes)")
        tags = [t for t in data.tags[i] if len(t.encode()) <= MAX_TAG_BYTES][:MAX_TAGS]
        return {"row": i, "words": words, "dense": data.vectors[i].tolist(), "tags": tags}

    def _schema(self) -> CollectionSchema:
        schema = self.client.create_schema(auto_id=False)
        schema.add_field("row", DataType.INT64, is_primary=True)
        schema.add_field(
            "words",
            DataType.VARCHAR,
            max_length=MAX_WORDS_BYTES,
            enable_analyzer=True,
            enable_match=True,
            analyzer_params={"tokenizer": "standard"},
        )
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_field("dense", DataType.FLOAT_VECTOR, dim=DIM)
        schema.add_field(
            "tags", DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=MAX_TAGS, max_length=MAX_TAG_BYTES
        )
        schema.add_function(
            Function(
                name="bm25", function_type=FunctionType.BM25, input_field_names=["words"], output_field_names=["sparse"]
            )
        )
        return schema

    def _index_params(self) -> IndexParams:
        params = self.client.prepare_index_params()
        params.add_index("dense", index_type="HNSW", metric_type="IP", params={"M": 16, "efConstruction": 200})
        params.add_index(
            "sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params={"bm25_k1": K1, "bm25_b": B}
        )
        return params

    @classmethod
    def open(cls, root: Path, size: int, settings: Settings) -> tuple[MilvusDense, MilvusLexical]:
        record = json.loads((root / MILVUS_RECORD).read_text())
        engine = cls(record["uri"], settings.milvus_token)
        try:
            engine.client.load_collection(record["collection"])
        except MilvusException as err:  # dropped behind our back, or the server lost it
            raise EngineUnavailable(
                f"cannot load {record['collection']} at {record['uri']} ({err.message}): "
                "run `duchaqa ingest` to rebuild"
            ) from err
        return (
            MilvusDense(engine.client, record["collection"], size, settings.milvus_ef),
            MilvusLexical(engine.client, record["collection"], size),
        )

    @classmethod
    def drop(cls, root: Path, token: str = "") -> None:
        """Drop the collection a generation's record names (EngineUnavailable when Milvus cannot now)."""
        try:
            record = json.loads((root / MILVUS_RECORD).read_text())
        except (OSError, ValueError):  # no readable record: no collection to name
            return
        milvus = shared_client(record["uri"], token)
        try:
            if milvus.has_collection(record["collection"]):
                milvus.drop_collection(record["collection"])
        except MilvusException as err:
            raise EngineUnavailable(f"cannot drop {record['collection']} at {record['uri']}: {err.message}") from err
