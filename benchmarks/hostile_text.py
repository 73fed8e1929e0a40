"""Time and peak memory of one worker on texts built to be expensive: the bound README.md states.

    .venv/bin/python benchmarks/hostile_text.py [--case no-breaks|short-sentences] [--size N]

no-breaks        N characters (default 1,000,000) of words with no sentence end;
short-sentences  N sentences (default 100,000) of three words each, in one document.
Each case runs in a fresh process (so the peak memory is its own) through analysis.pipeline.process, the
function a build's worker runs, and prints the wall time, the process's peak RSS and the rows made.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = "Russia China talks peace government the of and troops border agreement Iran condemned attack".split()
DEFAULT_SIZES = {"no-breaks": 1_000_000, "short-sentences": 100_000}


def hostile_text(case: str, size: int) -> str:
    if case == "no-breaks":
        rng = random.Random(1)
        return " ".join(rng.choice(WORDS) for _ in range(size // 6 + 1))[:size]
    return " ".join("Russia met China." for _ in range(size))


def run_case(case: str, size: int) -> None:
    sys.path.insert(0, str(ROOT))
    from analysis.knowledge import load_knowledge_base
    from analysis.nlp import load_pipeline
    from analysis.pipeline import Job, process

    nlp, knowledge_base = load_pipeline(), load_knowledge_base()
    text = hostile_text(case, size)
    started = time.perf_counter()
    [(_, rows)] = list(process(nlp, knowledge_base, [Job("hostile", text, None, "unknown", None)]))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    counts = ", ".join(f"{len(table_rows):,} {name}" for name, table_rows in rows.items() if table_rows)
    print(f"{case:<16} {len(text):>10,} chars  {seconds:7.1f} s  peak RSS {peak:7,.0f} MiB  ({counts})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=sorted(DEFAULT_SIZES), action="append")
    parser.add_argument("--size", type=int, default=None)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    cases = arguments.case or sorted(DEFAULT_SIZES)
    if arguments.inner:
        run_case(cases[0], arguments.size)
        return
    for case in cases:
        size = arguments.size or DEFAULT_SIZES[case]
        subprocess.run([sys.executable, __file__, "--inner", "--case", case, "--size", str(size)], check=True)


if __name__ == "__main__":
    main()
