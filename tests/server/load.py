"""Concurrent staff against a live server while reports are added and removed.

Shared by the CI test (tests/server/test_load.py, bounded) and scripts/load_soak.py. Each
client asks questions whose right answers were read before the load began; a writer adds a
report and removes it again, `cycles` times, while they ask. A failure is any non-200, a
refusal, or an answer other than the one recorded (the report added is about another region,
so no answer may change).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import httpx
import numpy as np

# Questions about different seed reports, in three scripts; the design-card question first.
QUESTIONS = [
    "How many petitions did Hunan close?",
    "湖南信访件办结率",
    "青海森林覆蓋率提高到了多少",
    "湖南信访件办结了多少件",
]
EXTRA_DOC = "负载测试新增报告.txt"
EXTRA_REPORT = (
    "宁夏回族自治区督察整改进展\n\n一、总体情况\n\n截至年底，自治区关停违规砂石料场57家，"
    "整治入黄排污口312个，完成矿山生态修复8.6万亩。\n"
).encode()


@dataclass
class LoadReport:
    asked: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    writes: list[int] = field(default_factory=list)  # status of each add and remove
    generations: set[str] = field(default_factory=set)
    wall: float = 0.0

    def summary(self) -> str:
        lat = np.array(self.seconds or [0.0]) * 1000
        return (
            f"questions {self.asked}, failed {len(self.failures)}, writes {self.writes}, "
            f"index generations seen {len(self.generations)}, latency p50/p95/max "
            f"{np.percentile(lat, 50):.0f}/{np.percentile(lat, 95):.0f}/{lat.max():.0f} ms, wall {self.wall:.0f} s"
        )


def expected_answers(base_url: str) -> dict[str, str]:
    """Each question's answer before the load: what every answer during it must be."""
    with httpx.Client(base_url=base_url, timeout=120) as client:
        answers = {}
        for question in QUESTIONS:
            body = client.post("/ask", json={"question": question}).json()
            assert not body["abstained"], (question, body)
            answers[question] = body["answer"]
        return answers


def run_load(base_url: str, key: str, clients: int, per_client: int, cycles: int) -> LoadReport:
    """`clients` threads ask `per_client` questions each (and on, until the writer is done)."""
    expected = expected_answers(base_url)
    report = LoadReport()
    lock = threading.Lock()
    writing = threading.Event()
    writing.set()
    started = time.perf_counter()

    def ask_loop(n: int) -> None:
        with httpx.Client(base_url=base_url, timeout=120) as client:
            i = 0
            while i < per_client or writing.is_set():
                question = QUESTIONS[(n + i) % len(QUESTIONS)]
                outcome, took = _ask(client, question, expected[question])
                with lock:
                    report.asked += 1
                    report.seconds.append(took)
                    if outcome:
                        report.failures.append(outcome)
                i += 1

    def write_loop() -> None:
        headers = {"Authorization": f"Bearer {key}"}
        try:
            with httpx.Client(base_url=base_url, timeout=300, headers=headers) as client:
                for _ in range(cycles):
                    files = {"file": (EXTRA_DOC, EXTRA_REPORT, "text/plain")}
                    report.writes.append(client.post("/documents", files=files).status_code)
                    report.generations.add(client.get("/healthz").json()["generation"])
                    report.writes.append(client.delete(f"/documents/{EXTRA_DOC}").status_code)
                    report.generations.add(client.get("/healthz").json()["generation"])
        finally:
            writing.clear()

    threads = [threading.Thread(target=ask_loop, args=(n,)) for n in range(clients)]
    threads.append(threading.Thread(target=write_loop))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report.wall = time.perf_counter() - started
    return report


def _ask(client: httpx.Client, question: str, expected: str) -> tuple[str, float]:
    """('', seconds) when the answer is the expected one, else (what went wrong, seconds)."""
    t0 = time.perf_counter()
    try:
        response = client.post("/ask", json={"question": question})
    except httpx.HTTPError as err:
        return f"{question}: {err!r}", time.perf_counter() - t0
    took = time.perf_counter() - t0
    if response.status_code != 200:
        return f"{question}: {response.status_code} {response.text[:120]}", took
    body = response.json()
    if body["abstained"] or not body["citations"] or body["answer"] != expected:
        return f"{question}: answered {body['answer']!r}, expected {expected!r}", took
    return "", took
