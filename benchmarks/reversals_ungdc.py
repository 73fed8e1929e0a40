"""Build a slice of the UN General Debate Corpus and print the dyads and reversals the kit finds.

    .venv/bin/python benchmarks/reversals_ungdc.py [--countries UKR RUS] [--years 2005 2024]
        [--period changepoints] [--top 10] [--workers N] [--data DIR]

The archive (../shared/corpora/ungdc-1946-2024.tar.xz) is unpacked once outside the repository
(benchmarks/ungdc.py's `unpack`); the speeches of the chosen countries in the chosen years are
copied into a corpus folder and built with `analysis.build.build` (incrementally, into --data,
default a folder in the system's temporary folder). In the speeches "we" and "my country" are the
speaking state: the corpus reader takes the author from the file name, the actors stage maps them.
Then it prints, from `analysis.reversals`: the dyads between the chosen countries, the busiest dyads
of the slice, the strongest reversals and the role swaps.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.ungdc import DEFAULT_ARCHIVE, DEFAULT_UNPACKED, make_corpus, unpack  # noqa: E402

SPEECH_NAME = re.compile(r"^(?P<country>[A-Z]{3})_(?P<session>\d+)_(?P<year>\d{4})\.txt$")


def select(unpacked: Path, countries: set[str], first_year: int, last_year: int) -> list[Path]:
    """The speeches of `countries` from `first_year` to `last_year` (inclusive), by path."""
    chosen = []
    for path in sorted(unpacked.rglob("*_*_*.txt")):
        match = SPEECH_NAME.match(path.name)
        if match and match["country"] in countries and first_year <= int(match["year"]) <= last_year:
            chosen.append(path)
    return chosen


def show(title: str, table: pd.DataFrame) -> None:
    print(f"\n── {title} ({len(table)} rows)")
    if table.empty:
        print("   (none)")
    else:
        print(table.to_string(index=False, max_colwidth=60))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", nargs="+", default=["UKR", "RUS"], help="ISO3 codes of the speakers (default UKR RUS)")
    parser.add_argument("--years", nargs=2, type=int, default=[2005, 2024], metavar=("FIRST", "LAST"))
    parser.add_argument("--period", default="changepoints", help="year, 5y, decade or changepoints (default)")
    parser.add_argument("--top", type=int, default=10, help="how many reversals and busy dyads to print")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE)
    parser.add_argument("--unpacked", type=Path, default=DEFAULT_UNPACKED, help="where to unpack (outside the repository)")
    parser.add_argument("--data", type=Path, default=None, help="data folder to build into (kept between runs)")
    arguments = parser.parse_args()

    from analysis import load_tables, reversals
    from analysis.build import build
    from analysis.knowledge import load_knowledge_base

    reversals._check_period(arguments.period)  # fail before the long build, not after it
    countries = {code.upper() for code in arguments.countries}
    first_year, last_year = arguments.years
    unpacked = unpack(arguments.archive, arguments.unpacked)
    speeches = select(unpacked, countries, first_year, last_year)
    if not speeches:
        sys.exit(f"no speeches of {sorted(countries)} in {first_year}–{last_year} under {unpacked}")
    slice_name = f"{'-'.join(sorted(countries))}_{first_year}-{last_year}"
    work = Path(tempfile.gettempdir()) / "analysis-kit-reversals" / slice_name
    corpus, data = work / "corpus", arguments.data or work / "data"
    make_corpus(speeches, unpacked, corpus)

    started = time.perf_counter()
    report = build(corpus, data, workers=arguments.workers, progress=True)
    print(f"built {len(speeches)} speeches of {', '.join(sorted(countries))} {first_year}–{last_year} "
          f"in {time.perf_counter() - started:.1f} s → {data} ({report})")

    events = load_tables(data).events
    knowledge_base = load_knowledge_base()
    folded = reversals.fold_actors(events, knowledge_base=knowledge_base)
    print(f"events: {len(events)}; with source and target: "
          f"{int((folded['source_family'].notna() & folded['target_family'].notna()).sum())}")

    directed = reversals.dyads(events, knowledge_base=knowledge_base, period=arguments.period)
    among = directed[directed["source_id"].isin(countries) & directed["target_id"].isin(countries)]
    show(f"dyads among {', '.join(sorted(countries))}, period={arguments.period}", among)
    undirected = reversals.dyads(events, knowledge_base=knowledge_base, period=arguments.period, directed=False)
    totals = (undirected.groupby(["source_id", "target_id"], observed=True)
              .agg(n_events=("n_events", "sum"), periods=("n_events", "size")).reset_index()
              .sort_values(["n_events", "source_id", "target_id"], ascending=[False, True, True]))
    show(f"busiest pairs (undirected), top {arguments.top}", totals.head(arguments.top))

    found = reversals.reversals(events, knowledge_base=knowledge_base, period=arguments.period)
    found = found.assign(n_before=found["evidence_before"].map(len), n_after=found["evidence_after"].map(len))
    columns = ["a_id", "b_id", "before_start", "before_end", "before_stance", "after_start", "after_end",
               "after_stance", "flip_date", "strength", "n_before", "n_after"]
    show(f"reversals, top {arguments.top} by strength", found[columns].head(arguments.top))
    swaps = reversals.role_swaps(events, knowledge_base=knowledge_base, period=arguments.period)
    show("role swaps", swaps[["a_id", "b_id", "target_id", "before_start", "before_end", "after_start",
                              "after_end", "strength"]].head(arguments.top))


if __name__ == "__main__":
    main()
