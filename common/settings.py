"""Every tunable of duchaqa in one place, overridable by environment (DUCHAQA_*) or `.env`."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# The project root: settings paths are relative to it unless given absolute.
ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DUCHAQA_", env_file=".env", extra="ignore")

    # Where things live.
    corpus_dir: Path = ROOT / "corpus"
    index_dir: Path = ROOT / ".index"
    # Passage vectors by content hash, and (in documents/) reports as read with their BM25 words by
    # file content, shared by every index built here: a re-index reads and embeds only what is new.
    cache_dir: Path = ROOT / ".cache" / "embeddings"
    model_path: Path = ROOT / "models" / "multilingual-e5-small"
    model_name: str = "intfloat/multilingual-e5-small"
    # Encode with ONNX Runtime (the model exported at set-up; about three times faster per question)
    # or PyTorch ("torch"); the vectors agree to 1e-7. Threads of one encoding.
    encoder_backend: Literal["onnx", "torch"] = "onnx"
    # On ONNX, the export with 8-bit weights: questions and the reader's contexts in half the time,
    # vectors within 0.02 in cosine (see index.onnx); passages are embedded in 32 bits either way.
    # Off by default: it costs an answer on the dev set and two items on the sealed sets (README).
    encoder_quantized: bool = False
    # ONNX Runtime's threads for one encoding. A second thread saves a question 2.5 ms alone (32-bit
    # weights; nothing on 8-bit ones) and costs more when other questions are answered at once.
    encoder_threads: int = 1

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
    # Scale: up to `exact_search_max` passages every passage is scored for every question; above it,
    # only the top `candidate_depth` of each half (and of each half within the question's regions).
    # The dense half is exact (flat) up to `dense_flat_max` passages, approximate above it
    # (`dense_ann`; `duchaqa bench` measures what that costs in recall). Scoring every
    # passage (and counting each question term's passages by scanning them) costs more than the
    # candidates do from a few thousand passages on: 107 against 33 ms a question at 10,000.
    exact_search_max: int = 5_000
    candidate_depth: int = 200
    # Passages whose dense scores give a question's floor when only candidates are scored, and the
    # row sets (with their FAISS selectors) kept for the regions and places questions name.
    dense_floor_sample: int = 2048
    tagged_rows_kept: int = 64
    dense_flat_max: int = 20_000
    # The approximate index: an HNSW graph (`hnsw_links` neighbours a node, `hnsw_build_depth`
    # candidates weighed while linking, `hnsw_search_depth` kept while searching) or IVF (≈4·√n
    # lists, `ivf_nprobe` probed). At a million synthetic passages, where each passage has some
    # 6,000 near-copies, IVF's lists split each cloud of copies and miss its centre, the passage
    # itself: 96 probes found 0.857 of the dev evidence against exact search's 0.929. HNSW finds
    # 0.99 of the passages themselves among the exact top 200 at about 1 ms a search, for a build
    # of 133 s against IVF's 46 s. A change takes effect at the next full build (`--full`).
    dense_ann: Literal["hnsw", "ivf"] = "hnsw"
    hnsw_links: int = 32
    hnsw_build_depth: int = 40
    hnsw_search_depth: int = 256
    # A search within the passages of the question's regions or places, when they are at most this
    # many, compares the question with each of them (5-15 ms), whichever kind the index is: the
    # approximate indexes find few of a small share's nearest (a county's passages in a national index).
    dense_exact_among: int = 30_000
    ivf_nprobe: int = 96
    # The engine holding the passages' vectors and BM25 words: FAISS and bm25s in the index folder,
    # or Milvus (a cluster, or milvus-lite in a file). `milvus_uri` is a server's address
    # ("http://milvus:19530"); empty, a milvus-lite file `milvus.db` in the index folder. An HNSW
    # search visits `milvus_ef` nodes (more: nearer exact, slower).
    engine: Literal["faiss", "milvus"] = "faiss"
    milvus_uri: str = ""
    milvus_token: str = ""
    milvus_ef: int = 256
    # Incremental index (FAISS engine): a base of at least `delta_min_base` passages is kept when
    # reports are added or removed, and only they are indexed, in a delta beside it, until the
    # delta and the removed passages pass `delta_max_share` of the base; then a full build merges.
    # Under the floor a full build takes seconds anyway, and the scores stay exactly a full build's.
    delta_min_base: int = 20_000
    delta_max_share: float = 0.1

    # English words the glossary has no row for get up to `dictionary_terms` renderings from a general
    # dictionary (CC-CEDICT; 0: none), read by the reader but not searched for, their rarity
    # weighed by `dictionary_weight` (below the glossary's terms).
    dictionary_terms: int = 0
    dictionary_weight: float = 0.5
    # A capitalised English word no glossary row holds ("Dashafang") is read as the pinyin of a name
    # the reports write (大沙坊): cut into at most `spelling_max_syllables` syllables, and kept
    # when it fits at most `spelling_max_names` different runs of the reports' characters.
    use_spelling: bool = True
    spelling_max_syllables: int = 4
    spelling_max_names: int = 3
    spelling_cache_size: int = 4096  # spellings an index remembers

    # Switches for ablation (each technique on/off, measured by `python -m eval.ablation`).
    use_regions: bool = True
    use_glossary: bool = True
    use_rerank: bool = True
    # The passages the answer was read from are cited first (the answerer reads the top five).
    cite_answer_first: bool = True
    fusion: str = "convex"  # convex | rrf
    default_k: int = 5

    # The reader: candidates of the asked kind from the top `answer_depth` passages (per part of a
    # comparison), at most `reader_candidates` of each kind, scored by the fitted model in
    # `reader_weights`; below its calibrated confidence `abstain_below` (None: the threshold fitted
    # with the weights, chosen for at most 5% wrong abstention) the answer is "not found".
    answer_depth: int = 5
    reader_candidates: int = 6
    reader_weights: Path = ROOT / "retriever" / "reader" / "weights.json"
    abstain_below: float | None = None
    # A quoted name answers from a sentence holding this share of the question's terms; a term in
    # under a tenth of the passages (this IDF) is the distinctive one a figure should stand with.
    quote_coverage: float = 0.5
    distinctive_idf: float = 2.5
    # Features: the characters before and after a value whose terms bind closest to it (the asked
    # noun and verb stand right before a figure, its object right after), the gap within which the
    # asked word is said of the value ("办结3177件"), the characters on each side where the
    # question's words around its question word should stand, and the share of the question's
    # terms under which a sentence is about something else.
    reader_near: tuple[int, int, int, int] = (16, 6, 4, 20)
    reader_thin: float = 0.34
    # How much a sentence's structure ("由X到Y", "分别", labelled 、-items) moves a figure in the
    # rules' order of candidates (retriever.reader.structure).
    reader_structure_fit: float = 2.0
    # For one point of a change asked between two ("截至7月6日累计203件"), how much a figure said at
    # that point's date moves up the rules' order (retriever.query.points).
    reader_point_fit: float = 3.0
    # For one part of a question that sets rounds or batches side by side ("第二十二批比第六批多多少"),
    # how much a figure said in that part's own period moves up the rules' order (its sentence names
    # that period last before it: "…第二批29件；…第六批91件").
    reader_period_fit: float = 3.0
    # Candidate contexts compared with the question by the e5 model, per question (each a sentence,
    # or `reader_window` characters around the value in a longer one), and the vectors the encoder
    # keeps between questions and index generations.
    reader_sentences: int = 16
    reader_window: int = 60
    sentence_cache_size: int = 4096
    # After a load, a server encodes the contexts of every figure, date, title and sentence in the background:
    # up to this many (0: none) and half the cache above, on an index of no more passages than that;
    # this many at a time (a batch is some 50 ms: a question arriving meanwhile waits little).
    reader_prime_contexts: int = 2048
    reader_prime_batch: int = 8
    # Term groups whose passage counts a searcher keeps (a small index counts them by scanning).
    frequency_cache_size: int = 8192
    # A question combining two figures of one place ("A和B合计", "how many more … than") takes the
    # best pair among the reader's first `reader_pair_pool` candidates.
    reader_pair_pool: int = 8
    # A table's cell (retriever.reader.cells): the share of the question's terms a row must hold to
    # be the one asked about, and the cells proposed per question.
    reader_table: tuple[float, int] = (0.3, 3)

    # Input bounds at the API edge.
    max_question_chars: int = 2000
    max_k: int = 50
    max_upload_bytes: int = 50 * 1024 * 1024
    # What `duchaqa bench` accepts: a million synthetic passages peak near 8 GB; more clients only queue.
    bench_max_passages: int = 2_000_000
    bench_max_clients: int = 500
    # What one report may cost to read, clean and chunk (in a worker process, see ingest.bounded):
    # its text (the largest real report here is ~22,000 characters; 500,000 is a 600-page book),
    # its time, and its memory. A file past any of them is refused with the reason.
    max_document_chars: int = 500_000
    read_timeout_seconds: float = 60.0
    read_memory_mb: int = 2048
    # Earlier versions kept per report (what a replace or a delete took away), for restoring.
    history_keep: int = 10

    # Questions answered at once (more wait their turn): 40 at once only make each one 20 times
    # slower and starve the event loop. Three keep both cores busy while one question's Python holds
    # the interpreter and another's encoding runs outside it (fifty clients: p95 1.24 s at three,
    # 1.26-1.68 s at two, 1.6-1.9 s at four). And how long an idle client connection stays open
    # (a busy server must not close one a client is reusing).
    ask_concurrency: int = 3
    keep_alive_seconds: int = 30

    # Write endpoints need this bearer token; None refuses all writes.
    api_key: str | None = Field(default=None)
    # Reads (questions, passages, documents, the chat endpoint) are open unless this is set; then
    # they need it or the write key as the bearer token. A chat client gets this one, never the write key.
    read_key: str | None = Field(default=None)
    # Writes (uploads, deletes, restores) one client may make per minute; more get 429.
    writes_per_minute: int = 60
    # Origins whose pages may call the API from a browser (CORS). Empty: none but the staff
    # page itself, which is same-origin. Set e.g. DUCHAQA_CORS_ORIGINS='["https://intranet.example"]'.
    cors_origins: list[str] = Field(default_factory=list)

    # Passages embedded at once, shortest first (see index.dense.Encoder.passages).
    embed_batch_size: int = 4

    # Answers kept per index generation, by question, k and region: the page, a chat client and
    # an agent often ask the same question again, and a reload starts afresh. 0 turns it off.
    answer_cache_size: int = 512

    # The OpenAI-compatible chat endpoint: the model name clients pick, and the address links in its
    # Markdown point to (empty: the address the request came to; set it behind a proxy).
    chat_model: str = "duchaqa"
    public_url: str = ""
    # Earlier user turns a follow-up ("and Jiangxi?") is read against.
    chat_context_turns: int = 5

    def for_corpus(self, corpus: Path) -> Settings:
        """These settings over another folder of reports, with an index of its own: the folder's
        name and a digest of its full path, so two folders both called `corpus` never share one
        (each switch between them would rebuild it)."""
        where = corpus.resolve()
        digest = hashlib.sha1(str(where).encode("utf-8")).hexdigest()[:8]
        own = self.index_dir / "corpora" / f"{where.parent.name}-{where.name}-{digest}"
        return self.model_copy(update={"corpus_dir": corpus, "index_dir": own})


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached: read the environment once)."""
    return Settings()
