"""Compare two `duchaqa eval --out` result files on one gold set, by language and by type.

    python -m eval.compare --gold eval/dev.jsonl OLD.jsonl NEW.jsonl [--corpus DIR]

Rescores both files with the documented answer rule (`eval.metrics.answer_correct`): answer
accuracy on answerable questions, abstention on unanswerable ones, wrong abstention.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from eval.gold import GoldItem, load_gold
from eval.metrics import answer_correct


def _scores(items: list[GoldItem], results: dict[str, dict[str, object]]) -> dict[str, tuple[int, float, float, float]]:
    """Per group ("all", "lang=en", "type=number", …): (n, answer accuracy, abstention, wrong abstention)."""
    groups: dict[str, list[GoldItem]] = {"all": items}
    for item in items:
        groups.setdefault(f"lang={item.lang}", []).append(item)
        groups.setdefault(f"type={item.type}", []).append(item)
    out = {}
    for name, members in groups.items():
        answerable = [i for i in members if i.answerable]
        unanswerable = [i for i in members if not i.answerable]
        right = sum(
            1
            for i in answerable
            if not results[i.id]["abstained"] and answer_correct(str(results[i.id]["answer"]), i.gold_forms)
        )
        refused = sum(1 for i in answerable if results[i.id]["abstained"])
        withheld = sum(1 for i in unanswerable if results[i.id]["abstained"])
        share = lambda x, n: x / n if n else float("nan")  # noqa: E731
        out[name] = (
            len(members),
            share(right, len(answerable)),
            share(withheld, len(unanswerable)),
            share(refused, len(answerable)),
        )
    return out


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    items = load_gold(args.gold, corpus_dir=args.corpus)
    runs = []
    for path in (args.old, args.new):
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        runs.append(_scores(items, {r["id"]: r for r in lines}))
    print("| group | n | answer old → new | abstain old → new | wrong abstain old → new |")
    print("|---|---|---|---|---|")
    for name in sorted(runs[0], key=lambda g: (g != "all", g)):
        (n, *old), (_, *new) = runs[0][name], runs[1][name]
        cells = [f"{_fmt(a)} → {_fmt(b)}" if a == a else "–" for a, b in zip(old, new, strict=True)]
        print(f"| {name} | {n} | {' | '.join(cells)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
