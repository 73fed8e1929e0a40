"""Shared fixtures: the trained pipeline (skipped when no model is installed) and the seed build."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_1e9d3a2641c16e74.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    """The kit's trained pipeline with the actor ruler; tests that need it skip when no model is installed."""
    from analysis.nlp import ModelNotFoundError, load_pipeline

    try:
        return load_pipeline()
    except ModelNotFoundError as error:
        pytest.skip(str(error))


@pytest.fixture(scope="session")
def knowledge_base():
    from analysis.knowledge import load_knowledge_base

    return load_knowledge_base()


@pytest.fixture(scope="session")
def seed_data(tmp_path_factory, nlp) -> Path:
    """The seeds/ folder built once per test session (one process: the seed is one document)."""
    from analysis.build import build

    out = tmp_path_factory.mktemp("seed-data")
    build(SEEDS, out, workers=1, progress=False)
    return out


@pytest.fixture(scope="session")
def seed_tables(seed_data):
    from analysis import load_tables

    return load_tables(seed_data)
