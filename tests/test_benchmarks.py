"""The scale benchmark runs end to end on a few speeches and prints every figure the issue asks for
(skipped when ../shared/corpora is absent). Its figures are judged by people, not asserted here."""

from __future__ import annotations

import subprocess
import sys

import pytest

import analysis
from conftest import ROOT, SHARED

ARCHIVE = SHARED / "corpora" / "ungdc-1946-2024.tar.xz"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not ARCHIVE.exists(), reason=f"{ARCHIVE} is not here (../shared is absent)")]


def test_throughput_benchmark_prints_every_figure(tmp_path, nlp):
    result = subprocess.run(
        [sys.executable, "benchmarks/throughput.py", "--n", "2", "4", "--unpacked", str(tmp_path / "ungdc"), "--keep", str(tmp_path / "kept")],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    for figure in ("raw spaCy", "kit build", "tokens/s", "raw_time / kit_time = ", "no-change rebuild", "peak PSS", "memory, PSS: N=4 / N=2"):
        assert figure in out, out
    assert "4 documents (1 processed, 3 unchanged)" in out  # one edited speech, and only it, processed again
    assert len(analysis.load_tables(tmp_path / "kept" / "4" / "data").documents) == 4


def test_throughput_parts_measured_apart_make_one_report(tmp_path, nlp):
    """The whole corpus takes longer than a sitting: raw spaCy and the kit are measured in two runs."""
    results = tmp_path / "results.json"
    command = [sys.executable, "benchmarks/throughput.py", "--n", "2", "--unpacked", str(tmp_path / "ungdc"), "--results", str(results)]
    first = subprocess.run([*command, "--part", "kit"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "only the kit part is measured so far" in first.stdout and "raw_time / kit_time" not in first.stdout
    second = subprocess.run([*command, "--part", "raw"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "raw_time / kit_time = " in second.stdout and "no-change rebuild" in second.stdout, second.stdout
