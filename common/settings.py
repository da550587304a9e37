"""Every tunable of duchaqa in one place, overridable by environment (DUCHAQA_*) or `.env`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# The project root: settings paths are relative to it unless given absolute.
ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DUCHAQA_", env_file=".env", extra="ignore")

    # Where things live.
    corpus_dir: Path = ROOT / "corpus"
    index_dir: Path = ROOT / ".index"
    # Passage vectors by content hash, shared by every index built here (re-indexing is cheap).
    cache_dir: Path = ROOT / ".cache" / "embeddings"
    model_path: Path = ROOT / "models" / "multilingual-e5-small"
    model_name: str = "intfloat/multilingual-e5-small"

    # Chunking: characters of body text per chunk (tuned on the dev set), the
    # overlap between pieces of one long section, and the size under which a
    # section is merged into its neighbour.
    chunk_chars: int = 700
    chunk_overlap: int = 80
    min_chunk_chars: int = 120
    # Hard-wrapped text (a PDF's lines, or text pasted from one) is re-flowed when at least
    # `reflow_share` of its lines at least `reflow_min_width` wide are within `reflow_slack` of one
    # width (and there are `reflow_min_lines` of them); a line that full runs on into the next.
    reflow_min_width: int = 20
    reflow_min_lines: int = 5
    reflow_slack: int = 4
    reflow_share: float = 0.5
    # A second wrap width (a title or an annex in another font) counts when this share of lines sit at it.
    reflow_width_share: float = 0.15
    # A page's head ends at its last furniture line with "little" running text before it, and its tail
    # starts at the first with little after it: under `edge_running_chars` characters and under
    # `edge_running_share` of all the running text (a short news item is all body).
    edge_running_chars: int = 200
    edge_running_share: float = 0.25
    # A PDF line among a page's first or last `pdf_edge_lines` that recurs (digits aside) on at
    # least `pdf_running_share` of the pages is a running header or footer.
    pdf_edge_lines: int = 2
    pdf_running_share: float = 0.4
    # Index each chunk with its title, date, region and heading path in front of its text.
    contextual_chunks: bool = True

    # Hybrid search: weight of the dense score in the convex combination
    # (1 - dense_weight goes to BM25), and the region boost/penalty.
    dense_weight: float = 0.45
    region_boost: float = 0.25
    region_penalty: float = 0.35
    # Answer-aware reranking of the top `rerank_depth`: passages holding a value of the asked kind
    # next to the asked terms, or the asked terms together in one sentence, move up.
    rerank_weight: float = 0.3
    rerank_depth: int = 20

    # Switches for ablation (each technique on/off, measured by `python -m eval.ablation`).
    use_regions: bool = True
    use_glossary: bool = True
    use_rerank: bool = True
    # The passages the answer was read from are cited first (the answerer reads the top five).
    cite_answer_first: bool = True
    fusion: str = "convex"  # convex | rrf
    default_k: int = 5

    # Abstention: below this (IDF-weighted) share of the question's terms in the top passages, say "not found".
    min_coverage: float = 0.35

    # Input bounds at the API edge.
    max_question_chars: int = 2000
    max_k: int = 50
    max_upload_bytes: int = 50 * 1024 * 1024

    # Write endpoints need this bearer token; None refuses all writes.
    api_key: str | None = Field(default=None)

    embed_batch_size: int = 16


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached: read the environment once)."""
    return Settings()
