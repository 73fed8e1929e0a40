"""Helpers the corpus and format tests share: a folder written from a mapping, and what read_corpus makes of it."""

from __future__ import annotations

import datetime
from pathlib import Path

from analysis.corpus import Document, Problem, read_corpus

TODAY = datetime.date(2025, 7, 10)


def read(folder, **options) -> tuple[dict[str, Document], dict[str, list[str]]]:
    """Documents by path and problem reasons by path."""
    documents, problems = {}, {}
    for item in read_corpus(folder, today=TODAY, **options):
        if isinstance(item, Document):
            documents[item.path] = item
        else:
            assert isinstance(item, Problem) and item.stage == "corpus" and item.reason.strip()
            problems.setdefault(item.path, []).append(item.reason)
    return documents, problems


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder
