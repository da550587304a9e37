"""kill -9 soak: many real `duchaqa ingest` runs killed at random moments; prints how many left the service whole.

    .venv/bin/python scripts/crash_soak.py --trials 20 --server-trials 20 [--seed 1] [--max-delay 9]

Each trial starts a real ingest doing one kind of write (rebuild, add, replace, remove),
kills it with SIGKILL at a random moment, and checks what tests/index/crashes.py checks: the
seed reports intact (or a replaced one kept, restorable), the build lock free, the index
loading and answering the design-card question, the embedding cache agreeing with the
index. Server trials start a real `duchaqa serve`, send it a replace or an upload and kill it
while it works on it. The last step is a normal build, which must complete and leave nothing half-made.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from common.settings import get_settings
from index.dense import Encoder
from tests.index.crashes import (
    ingest_and_kill,
    make_world,
    next_build_problems,
    problems_after_crash,
    serve_and_kill,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20, help="Killed ingests.")
    parser.add_argument("--server-trials", type=int, default=0, help="Servers killed mid-write.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay", type=float, default=9.0, help="Kill moments are drawn up to this many seconds.")
    args = parser.parse_args()

    settings = get_settings()
    encoder = Encoder.from_settings(settings)
    rng = random.Random(args.seed)
    failed, killed = 0, 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="duchaqa-crash-") as root:
        world = make_world(Path(root), encoder)
        trials = [("ingest", n) for n in range(args.trials)] + [("serve", n) for n in range(args.server_trials)]
        for kind, n in trials:
            what = ingest_and_kill(world, n, rng, args.max_delay) if kind == "ingest" else serve_and_kill(world, n, rng)
            problems = problems_after_crash(world, encoder)
            killed += "killed" in what
            failed += bool(problems) or "did not start" in what
            print(
                f"{kind:6s} {n + 1:3d}  {what:60s}  {'OK' if not problems else 'FAIL: ' + '; '.join(problems)}",
                flush=True,
            )
        final = next_build_problems(world, encoder)
    total = len(trials)
    print(
        f"\ntrials {total} (ingest {args.trials}, server {args.server_trials}), killed mid-run {killed}, "
        f"whole afterwards {total - failed}/{total}"
    )
    print(f"next build after the last kill: {'completed, nothing left behind' if not final else '; '.join(final)}")
    print(f"seconds {time.perf_counter() - started:.0f}")
    return 1 if failed or final else 0


if __name__ == "__main__":
    sys.exit(main())
