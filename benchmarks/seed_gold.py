"""Score the seed article's tables against the analyst's gold annotation and print each part.

    .venv/bin/python benchmarks/seed_gold.py [--gold ../shared/gold/000_1e9d3a2641c16e74.gold.yaml]

Builds seeds/ into a temporary folder (one process), prints the scores of analysis.evaluate and how
long extraction took once the model was loaded.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_GOLD = ROOT.parent / "shared" / "gold" / "000_1e9d3a2641c16e74.gold.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    arguments = parser.parse_args()
    if not arguments.gold.exists():
        sys.exit(f"gold annotation {arguments.gold} not found (it lives in ../shared/gold)")

    from analysis import evaluate, load_tables
    from analysis.build import build
    from analysis.knowledge import load_knowledge_base
    from analysis.nlp import load_pipeline

    started = time.perf_counter()
    load_pipeline()
    load_knowledge_base()
    loading = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="kit-seed-") as scratch:
        started = time.perf_counter()
        build(arguments.seeds, scratch, workers=1, progress=False)
        extraction = time.perf_counter() - started
        tables = load_tables(scratch)
    gold = evaluate.load_gold(arguments.gold)
    print(f"model and knowledge base loaded in {loading:.2f} s; seed built in {extraction:.2f} s after that")
    for part, score in evaluate.report(tables, gold).items():
        print(f"{part:>28}: {score}")
    categories = sorted(evaluate.motive_categories(tables, gold, "russia"))
    print(f"{'Russia motive categories':>28}: {', '.join(categories)}")


if __name__ == "__main__":
    main()
