"""Score the kit's time expressions against WikiWars (TIMEX2, a development set) and print the figures.

    .venv/bin/python benchmarks/timex_wikiwars.py [--data ../shared/benchmarks/wikiwars/wikiwars.jsonl]
                                                  [--cache /tmp/wikiwars.spacy] [--errors 40]

Each of the 22 articles is parsed by the kit's own pipeline (analysis.nlp.load_pipeline, in the pieces a
build uses) and its timexes found with analysis.timexes.find_timexes, anchored on the article's DCT (the
date the page was copied) as a build anchors on a document's date. Nested gold TIMEX2 are left out (the kit
finds one expression per span), as are gold spans without a value when values are compared.

- Spans: strict (same start and end) and relaxed (any overlap, each gold and each found span used once)
  precision, recall and F1.
- Values: over the relaxed matches whose gold has a VAL, the share whose value equals it; and value F1 (a
  true positive is a relaxed match with the right value). TIMEX2 and the kit's TimeML values are compared as
  written, except that TIMEX2 has no "X" in decades and centuries ("193", "19"), which the kit writes the
  same way, and that `mod` (APPROX, START, …) and times of day beyond the date are not compared: a gold
  "1944-06-06T05:30" counts as "1944-06-06".
- The expressions whose value is wrong are printed by kind (relative, month or day without a year, …) with
  examples, so that the next mechanism can be chosen.

`--cache` keeps the parsed articles in a DocBin, for quick runs while only analysis.dates changes; remove
the file when the pipeline (model, actor ruler) changes.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "wikiwars" / "wikiwars.jsonl"
_CLOCK = re.compile(r"(\d{4}-\d{2}-\d{2})T.*")


def read_articles(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def parse_articles(articles: list[dict], cache: Path | None):
    """One spaCy Doc per article, parsed as a build parses (pieces of at most nlp.MAX_CHUNK_CHARS)."""
    from spacy.tokens import Doc, DocBin

    from analysis.nlp import chunk_text, load_pipeline

    nlp = load_pipeline()
    if cache and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(articles):
            return docs
    docs = []
    for article in articles:
        pieces = [text for _, text in chunk_text(article["text"])]
        parsed = list(nlp.pipe(pieces))
        docs.append(parsed[0] if len(parsed) == 1 else Doc.from_docs(parsed, ensure_whitespace=False))
    if cache:
        DocBin(store_user_data=False, docs=docs).to_disk(cache)
    return docs


def comparable(value: str | None) -> str | None:
    """A value as compared: times of day cut to their date."""
    if value is None:
        return None
    clock = _CLOCK.fullmatch(value)
    return clock.group(1) if clock else value


def match(gold: list[dict], found: list[dict]) -> tuple[list[tuple[dict, dict]], int]:
    """Relaxed one-to-one matches (largest overlap first) and the number of exact-span matches."""
    pairs = []
    for g in gold:
        for f in found:
            overlap = min(g["end"], f["end"]) - max(g["start"], f["start"])
            if overlap > 0:
                pairs.append((overlap, g["start"], f["start"], id(g), id(f), g, f))
    used_gold, used_found, matches = set(), set(), []
    for _, _, _, gold_key, found_key, g, f in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if gold_key in used_gold or found_key in used_found:
            continue
        used_gold.add(gold_key)
        used_found.add(found_key)
        matches.append((g, f))
    strict = sum(g["start"] == f["start"] and g["end"] == f["end"] for g, f in matches)
    return matches, strict


def kind(gold: dict, text: str) -> str:
    """A rough class of a gold expression, to group the value errors."""
    lowered = gold["text"].lower()
    value = gold["value"] or ""
    if value.startswith("P"):
        return "duration"
    if value.endswith("_REF"):
        return "present/past/future"
    if re.search(r"\b(following|next|previous|preceding|later|earlier|same|that|this|before|after|ago|last)\b", lowered):
        return "relative"
    if not re.search(r"\b\d{3,4}s?\b", gold["text"]):
        return "no year written"
    if re.search(r"\d{4}", value) and re.search(r"centur|decade|\d0s\b", lowered):
        return "decade/century"
    return "year written"


def score(articles: list[dict], docs, *, errors: int) -> None:
    from analysis.timexes import find_timexes

    totals = collections.Counter()
    wrong = collections.defaultdict(list)
    for article, doc in zip(articles, docs):
        anchor = datetime.date.fromisoformat(article["dct"])
        gold = [t for t in article["timexes"] if not t["nested"]]
        found = find_timexes(doc, anchor=anchor)
        matches, strict = match(gold, found)
        totals.update(gold=len(gold), found=len(found), relaxed=len(matches), strict=strict)
        for g, f in matches:
            if g["value"] is None:
                continue
            totals["valued"] += 1
            if comparable(f["value"]) == comparable(g["value"]):
                totals["right_value"] += 1
            else:
                wrong[kind(g, article["text"])].append((article["doc_id"], g["text"], g["value"], f["text"], f["value"]))
        totals["gold_valued"] += sum(t["value"] is not None for t in gold)
    _print_figures(totals)
    _print_errors(wrong, errors)


def _prf(tp: int, predicted: int, relevant: int) -> str:
    p = tp / predicted if predicted else 0.0
    r = tp / relevant if relevant else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}"


def _print_figures(t: collections.Counter) -> None:
    print(f"gold timexes (not nested): {t['gold']}   found: {t['found']}")
    print(f"strict spans : {_prf(t['strict'], t['found'], t['gold'])}")
    print(f"relaxed spans: {_prf(t['relaxed'], t['found'], t['gold'])}")
    accuracy = t["right_value"] / t["valued"] if t["valued"] else 0.0
    print(f"value accuracy over relaxed matches with a gold value: {accuracy:.3f} ({t['right_value']}/{t['valued']})")
    print(f"value F1 (relaxed match and right value): {_prf(t['right_value'], t['found'], t['gold_valued'])}")


def _print_errors(wrong: dict, limit: int) -> None:
    print("\nwrong values by kind of expression:")
    for name, rows in sorted(wrong.items(), key=lambda item: -len(item[1])):
        print(f"  {name}: {len(rows)}")
    shown = 0
    for name, rows in sorted(wrong.items(), key=lambda item: -len(item[1])):
        for doc_id, gold_text, gold_value, found_text, found_value in rows[: max(1, limit // len(wrong))]:
            if shown >= limit:
                return
            print(f"  [{name}] {doc_id}: gold {gold_text!r}={gold_value}  kit {found_text!r}={found_value}")
            shown += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, default=None, help="DocBin of the parsed articles (made if missing)")
    parser.add_argument("--errors", type=int, default=40, help="how many wrong values to print")
    arguments = parser.parse_args()
    if not arguments.data.exists():
        sys.exit(f"WikiWars not found at {arguments.data} (it lives in ../shared/benchmarks/wikiwars)")
    articles = read_articles(arguments.data)
    started = time.perf_counter()
    docs = parse_articles(articles, arguments.cache)
    print(f"{len(articles)} articles parsed or loaded in {time.perf_counter() - started:.0f} s")
    score(articles, docs, errors=arguments.errors)


if __name__ == "__main__":
    main()
