"""The quality gate: the floor the figures may not drop below (one place; raise as we improve).

Set just under what the system reaches on `eval/dev.jsonl` when last raised (Recall@1 0.844,
Recall@5 0.987, MRR 0.910, answer accuracy 0.942, abstention 1.000, wrong abstention 0.006), and
on the seven check sets written apart from the system (`eval/check*.jsonl`, 408 questions:
Recall@1 0.815, Recall@5 0.991, MRR 0.902, answer accuracy 0.918, abstention 1.000).
"""

GATE_THRESHOLDS: dict[str, float] = {
    "recall@1": 0.82,
    "recall@5": 0.98,
    "mrr": 0.89,
    "answer_acc": 0.92,
    "abstain_acc": 0.95,
}
# Per language, Recall@5 must hold too: English questions over Chinese text are the weak spot.
GATE_RECALL5_BY_LANG: dict[str, float] = {"en": 0.97, "zh": 0.97, "zh-hant": 0.97}
# Wrong abstention (answerable questions answered "not found") may not rise above this.
GATE_MAX_WRONG_ABSTAIN = 0.03

# The check sets: questions the rules were not tuned on first (see the README), so a rule that
# only serves the dev set shows here.
CHECK_THRESHOLDS: dict[str, float] = {
    "recall@1": 0.80,
    "recall@5": 0.98,
    "mrr": 0.89,
    "answer_acc": 0.90,
    "abstain_acc": 0.97,
}

# The new-report corpus (`eval/unseen/`: 32 documents in every layout about regions outside the
# seed reports). First pass of the new ingest, before any rule saw these questions (tune / sealed):
# Recall@5 0.948 / 0.961, MRR 0.795 / 0.846, answer accuracy 0.390 / 0.390, abstention 0.714 / 0.714,
# wrong abstention 0.273 / 0.338. Set just under the figures after the rest of the ingest work
# (Recall@5 0.961 / 0.987, MRR 0.802 / 0.842, answers 0.403 / 0.390, abstention 0.643 / 0.857, wrong
# abstention 0.208 / 0.312). Tuning abstention fell by one question: a web page's headline, kept now,
# states a batch total the answerer offers for one city's. The answers are the weak part the scored
# reader (the next issue) is for; the gate keeps retrieval from sliding.
UNSEEN_TUNE_THRESHOLDS: dict[str, float] = {
    "recall@5": 0.95,
    "mrr": 0.79,
    "answer_acc": 0.39,
    "abstain_acc": 0.64,
    "wrong_abstain": 0.22,  # a ceiling, not a floor
}
UNSEEN_SEALED_THRESHOLDS: dict[str, float] = {
    "recall@5": 0.97,
    "mrr": 0.83,
    "answer_acc": 0.38,
    "abstain_acc": 0.85,
    "wrong_abstain": 0.32,  # a ceiling, not a floor
}
