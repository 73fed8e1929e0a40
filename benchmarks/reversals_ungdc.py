"""Reversals on real UN speeches: recall of a list of reversals read from the speeches, and the strongest ones found.

    .venv/bin/python benchmarks/reversals_ungdc.py [--dev ../shared/benchmarks/ungdc_reversals_dev.yaml]
        [--speakers CUB IND …] [--years 1946 2024] [--period changepoints] [--tolerance 2] [--top 20]
        [--evidence 3] [--workers N] [--data DIR]

Every speech of the list's speakers (or of --speakers) in the chosen years is copied out of the UN General
Debate Corpus (../shared/corpora, unpacked once by benchmarks/ungdc.py) and built with
`analysis.build.build` into a data folder kept between runs (incremental). Then:

- **recall**: a listed reversal (speaker → target, stance before and after, flip year) is found when the
  build's reversals table has a directed row from the speaker toward the target (each side compared
  through actor families, so the Soviet Union stands for Russia) with the same two stances and a flip date
  within ±tolerance years of the listed flip year. Misses show the table's rows for that pair, if any.
- **strongest**: the `top` first rows of the reversals table (its own order: strength and certainty), each
  with its counts, confidence and `evidence` sentences from either side, for a reader to judge.

`--period` other than the build's default recomputes the reversals from the stored tables with that
period (`analysis.reversals.reversals`). The list is development material: the kit is also measured on
reversals that are not in it.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.ungdc import DEFAULT_ARCHIVE, DEFAULT_UNPACKED, make_corpus, unpack  # noqa: E402

DEFAULT_DEV = ROOT.parent / "shared" / "benchmarks" / "ungdc_reversals_dev.yaml"
SPEECH_NAME = re.compile(r"^(?P<country>[A-Z]{3})_(?P<session>\d+)_(?P<year>\d{4})\.txt$")


def read_dev(path: Path) -> list[dict]:
    if not path.exists():
        sys.exit(f"reversal list {path} not found; pass --dev PATH (it lives in ../shared/benchmarks)")
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("reversals") or []
    required = {"speaker", "target", "before", "after", "flip_year"}
    for number, entry in enumerate(entries, start=1):
        if not required <= set(entry):
            sys.exit(f"{path}: reversal #{number} lacks {sorted(required - set(entry))}")
    return entries


def select(unpacked: Path, countries: set[str], first_year: int, last_year: int) -> list[Path]:
    """The speeches of `countries` from `first_year` to `last_year` (inclusive), by path."""
    chosen = []
    for path in sorted(unpacked.rglob("*_*_*.txt")):
        match = SPEECH_NAME.match(path.name)
        if match and match["country"] in countries and first_year <= int(match["year"]) <= last_year:
            chosen.append(path)
    return chosen


def family_of(knowledge_base):
    """actor id → its family representative through lineage and affiliation (undated)."""
    from analysis import reversals

    cache: dict[str, str] = {}

    def family(actor_id: str) -> str:
        if actor_id not in cache:
            cache[actor_id] = reversals.fold_actor(actor_id, knowledge_base=knowledge_base)
        return cache[actor_id]

    return family


def match_dev(found: pd.DataFrame, dev: list[dict], *, family, tolerance: int) -> list[tuple[dict, pd.DataFrame, pd.DataFrame]]:
    """(entry, the matching rows, every row of that directed pair) per listed reversal."""
    a_family = found["a_id"].astype(str).map(family)
    b_family = found["b_id"].astype(str).map(family)
    results = []
    for entry in dev:
        pair = found[(a_family == family(entry["speaker"])) & (b_family == family(entry["target"]))]
        years = pd.to_datetime(pair["flip_date"]).dt.year
        hit = pair[(pair["before_stance"].astype(str) == entry["before"]["stance"])
                   & (pair["after_stance"].astype(str) == entry["after"]["stance"])
                   & ((years - int(entry["flip_year"])).abs() <= tolerance)]
        results.append((entry, hit, pair))
    return results


def describe(row: pd.Series) -> str:
    parts = [f"{row['a_id']} → {row['b_id']}: {row['before_stance']} "
             f"{pd.Timestamp(row['before_start']).year}–{pd.Timestamp(row['before_end']).year} → {row['after_stance']} "
             f"{pd.Timestamp(row['after_start']).year}–{pd.Timestamp(row['after_end']).year}, "
             f"flip {pd.Timestamp(row['flip_date']).date()}"]
    for column in ("n_before", "n_after", "confidence", "strength"):
        if column in row.index and pd.notna(row[column]):
            value = row[column]
            parts.append(f"{column} {value:.2f}" if isinstance(value, float) else f"{column} {value}")
    return ", ".join(parts)


def evidence_lines(row: pd.Series, tables, limit: int) -> list[str]:
    """Up to `limit` sentences from each side of a reversal, with their year and score."""
    stances = getattr(tables, "stances", None)
    if stances is not None and not stances.empty and "stance_id" in stances.columns:
        index = stances.set_index("stance_id")
        text, score = "evidence", "score"
    else:
        index = tables.events.set_index("event_id")
        text, score = "text", "goldstein"
    lines = []
    for side in ("before", "after"):
        ids = [identifier for identifier in row[f"evidence_{side}"] if identifier in index.index]
        for identifier in ids[:limit]:
            record = index.loc[identifier]
            if isinstance(record, pd.DataFrame):
                record = record.iloc[0]
            year = pd.Timestamp(record["date"]).year if pd.notna(record["date"]) else "?"
            sentence = re.sub(r"\s+", " ", str(record[text]))
            lines.append(f"      {side:<6} {year} {float(record[score]):+5.1f}  "
                         + textwrap.shorten(sentence, width=150, placeholder=" …"))
        if len(ids) > limit:
            lines.append(f"      {side:<6} … and {len(ids) - limit} more")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="the list of reversals read from the speeches")
    parser.add_argument("--speakers", nargs="+", default=None, help="ISO3 codes (default: the list's speakers)")
    parser.add_argument("--years", nargs=2, type=int, default=[1946, 2024], metavar=("FIRST", "LAST"))
    parser.add_argument("--period", default=None, help="recompute with this period (year, 5y, decade, changepoints)")
    parser.add_argument("--tolerance", type=int, default=2, help="years between the listed and the found flip")
    parser.add_argument("--top", type=int, default=20, help="how many of the strongest reversals to print")
    parser.add_argument("--evidence", type=int, default=3, help="sentences per side shown for each of them")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE)
    parser.add_argument("--unpacked", type=Path, default=DEFAULT_UNPACKED, help="where to unpack (outside the repository)")
    parser.add_argument("--data", type=Path, default=None, help="data folder to build into (kept between runs)")
    arguments = parser.parse_args()

    from analysis import load_tables, reversals
    from analysis.build import build
    from analysis.knowledge import load_knowledge_base

    if arguments.period is not None:
        reversals.check_period(arguments.period)  # fail before the long build, not after it
    dev = read_dev(arguments.dev)
    speakers = {code.upper() for code in (arguments.speakers or [entry["speaker"] for entry in dev])}
    first_year, last_year = arguments.years
    unpacked = unpack(arguments.archive, arguments.unpacked)
    speeches = select(unpacked, speakers, first_year, last_year)
    if not speeches:
        sys.exit(f"no speeches of {sorted(speakers)} in {first_year}–{last_year} under {unpacked}")
    slice_name = f"{'-'.join(sorted(speakers))}_{first_year}-{last_year}"
    work = Path(tempfile.gettempdir()) / "analysis-kit-reversals" / slice_name
    corpus, data = work / "corpus", arguments.data or work / "data"
    make_corpus(speeches, unpacked, corpus)

    started = time.perf_counter()
    report = build(corpus, data, workers=arguments.workers, progress=sys.stderr.isatty())
    print(f"built {len(speeches)} speeches of {len(speakers)} speakers {first_year}–{last_year} in "
          f"{time.perf_counter() - started:.1f} s on {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} cores → {data} ({report})")

    tables = load_tables(data)
    knowledge_base = load_knowledge_base()
    found = tables.reversals
    if arguments.period is not None:
        source = tables.stances if hasattr(tables, "stances") and not tables.stances.empty else tables.events
        found = reversals.reversals(source, knowledge_base=knowledge_base, period=arguments.period)
    print(f"events: {len(tables.events)}; stance observations: {len(getattr(tables, 'stances', []))}; "
          f"reversals: {len(found)}" + (f" (period={arguments.period})" if arguments.period else " (the build's table)"))

    results = match_dev(found, dev, family=family_of(knowledge_base), tolerance=arguments.tolerance)
    hits = sum(1 for _, hit, _ in results if not hit.empty)
    print(f"\n── recall on {arguments.dev.name}: {hits} of {len(dev)} (directed, same stances, flip ±{arguments.tolerance} years)")
    for entry, hit, pair in results:
        label = (f"{entry['speaker']} → {entry['target']} {entry['before']['stance']} → {entry['after']['stance']} "
                 f"{entry['flip_year']} (tier {entry.get('tier', '?')})")
        print(f"  {'found' if not hit.empty else 'MISSED':<7}{label}")
        for _, row in (hit if not hit.empty else pair).head(3).iterrows():
            print(f"           {describe(row)}")

    print(f"\n── the {min(arguments.top, len(found))} strongest reversals (of {len(found)})")
    for rank, (_, row) in enumerate(found.head(arguments.top).iterrows(), start=1):
        print(f"  {rank:>2}. {describe(row)}")
        for line in evidence_lines(row, tables, arguments.evidence):
            print(line)


if __name__ == "__main__":
    main()
