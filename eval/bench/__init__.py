"""`duchaqa bench`: speed, memory and scale figures of one machine, printed in one run.

    duchaqa bench [--sizes 10000,100000,1000000] [--clients 1,8,50] [--gold eval/dev.jsonl]

Everything is built in a temporary folder from corpus/ (the project's index and cache are
not touched, so the first embedding is really cold):
- the current corpus: ingest time by stage, adding and removing one report, query latency
  with and without the question's encoding, memory and disk;
- concurrent clients against a real `duchaqa serve` process;
- synthetic indexes of the chosen sizes (eval.bench.synthetic): search latency without
  encoding, Recall@5 on the gold set against exact search over the same passages, memory;
- a Chatchat-style baseline (eval.bench.baseline) over the same corpus, and the ratio.
Prints figures; asserts nothing.
"""

from eval.bench.run import run_bench

__all__ = ["run_bench"]
