"""Regenerate ingest/data/divisions.tsv from the administrative-division table jionlp ships."""

from ingest.divisions import DIVISIONS_PATH, write_snapshot

if __name__ == "__main__":
    print(f"wrote {write_snapshot()} divisions to {DIVISIONS_PATH}")
