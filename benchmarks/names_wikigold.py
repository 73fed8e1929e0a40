"""Score the kit's actor mentions against wikigold's PER/ORG/LOC names and print the errors by class.

    .venv/bin/python benchmarks/names_wikigold.py [--conll ../shared/benchmarks/wikigold/wikigold.conll.txt]
                                                  [--examples 8] [--limit N]

wikigold (Balasuriya et al. 2009, CC BY 4.0; text from English Wikipedia, CC BY-SA) is read from
../shared/benchmarks and never copied. Each article's text is rebuilt from its tokens as the corpus
README says (single spaces, none before closing punctuation and clitics, none after opening brackets),
gold names are the maximal runs of one I- type. Three systems are scored, exact span and type:

  spacy     the trained pipeline alone (spacy.load), its doc.ents;
  kit       the kit's own pipeline (analysis.nlp.load_pipeline) and mention finding
            (analysis.actors.find_mentions), as a build runs them;
  kit±the   the kit with a leading "the" on either side ignored, to show how much of the difference
            is only that convention (OntoNotes keeps "the" in many names, CoNLL leaves it out).

Labels are mapped PERSON → PER, ORG → ORG, GPE/LOC/FAC → LOC; other labels (NORP, EVENT …) and the
kit's speaker rows are no prediction of these types. MISC gold names are not scored, and a prediction
whose span is exactly a MISC name is left out of the errors (neither right nor spurious).
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_CONLL = ROOT.parent / "shared" / "benchmarks" / "wikigold" / "wikigold.conll.txt"

TYPES = ("PER", "ORG", "LOC")
SCORED_LABEL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "n't", "'re", "'ve", "'ll", "'d", "'m", "'S"}
NO_SPACE_AFTER = {"(", "[", "{", "$"}


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    type: str
    text: str


@dataclass
class Article:
    text: str
    gold: list[Name]


# ─── Reading wikigold ───────────────────────────────────────────────────────────────────────


def read_articles(path: Path) -> list[Article]:
    """The articles of a wikigold CoNLL file: `-DOCSTART-` closes each one, a blank line ends a sentence."""
    articles: list[Article] = []
    sentences: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if not fields:
            if sentence:
                sentences.append(sentence)
                sentence = []
            continue
        if fields[0] == "-DOCSTART-":
            if sentence:
                sentences.append(sentence)
                sentence = []
            if sentences:
                articles.append(_article(sentences))
            sentences = []
            continue
        sentence.append((" ".join(fields[:-1]), fields[-1]))
    if sentence:
        sentences.append(sentence)
    if sentences:
        articles.append(_article(sentences))
    return articles


def _article(sentences: list[list[tuple[str, str]]]) -> Article:
    parts: list[str] = []
    gold: list[Name] = []
    length = 0
    for number, sentence in enumerate(sentences):
        if number:
            parts.append(" ")
            length += 1
        run_type, run_start, run_end = None, 0, 0
        previous = None
        for token, tag in sentence:
            if previous is not None and token not in NO_SPACE_BEFORE and previous not in NO_SPACE_AFTER:
                parts.append(" ")
                length += 1
            start = length
            parts.append(token)
            length += len(token)
            previous = token
            kind = tag[2:] if tag.startswith(("I-", "B-")) else None
            if kind != run_type or tag.startswith("B-"):
                if run_type is not None:
                    gold.append(Name(run_start, run_end, run_type, ""))
                run_type, run_start = kind, start
            run_end = length
        if run_type is not None:
            gold.append(Name(run_start, run_end, run_type, ""))
    text = "".join(parts)
    return Article(text, [Name(name.start, name.end, name.type, text[name.start : name.end]) for name in gold])


# ─── Predictions ────────────────────────────────────────────────────────────────────────────


def spacy_names(texts: list[str]) -> list[list[Name]]:
    import spacy

    from analysis.nlp import model_name

    nlp = spacy.load(model_name())
    return [[Name(entity.start_char, entity.end_char, SCORED_LABEL[entity.label_], entity.text)
             for entity in doc.ents if entity.label_ in SCORED_LABEL]
            for doc in nlp.pipe(texts, batch_size=16)]


def kit_names(texts: list[str]) -> list[list[Name]]:
    """The mentions table's rows of every text, through the build's pipeline, chunking and mention finder."""
    from analysis import actors
    from analysis.knowledge import load_knowledge_base
    from analysis.nlp import chunk_text, load_pipeline

    nlp = load_pipeline()
    knowledge_base = load_knowledge_base()
    pieces = [(piece, (number, offset)) for number, text in enumerate(texts) for offset, piece in chunk_text(text)]
    names: list[list[Name]] = [[] for _ in texts]
    for doc, (number, offset) in nlp.pipe(pieces, as_tuples=True, batch_size=16):
        for row in actors.find_mentions(doc, knowledge_base=knowledge_base):
            if row["label"] in SCORED_LABEL:
                names[number].append(Name(row["start"] + offset, row["end"] + offset, SCORED_LABEL[row["label"]], row["text"]))
    return names


# ─── Scoring ────────────────────────────────────────────────────────────────────────────────

_THE = re.compile(r"^(?:the|The|THE) ")


def without_the(name: Name) -> Name:
    match = _THE.match(name.text)
    if not match or len(name.text) == match.end():
        return name
    return Name(name.start + match.end(), name.end, name.type, name.text[match.end():])


def score(gold: list[list[Name]], predicted: list[list[Name]], *, ignore_the: bool = False) -> dict[str, tuple[int, int, int]]:
    """(true positives, predicted, gold) per type and overall, exact span and type."""
    counts = {kind: [0, 0, 0] for kind in (*TYPES, "all")}
    for gold_names, predicted_names in zip(gold, predicted):
        normal = without_the if ignore_the else (lambda name: name)
        gold_keys = {(normal(name).start, name.end, name.type) for name in gold_names if name.type in TYPES}
        predicted_keys = {(normal(name).start, name.end, name.type) for name in predicted_names}
        for key in gold_keys:
            counts[key[2]][2] += 1
        for key in predicted_keys:
            counts[key[2]][1] += 1
            if key in gold_keys:
                counts[key[2]][0] += 1
    for kind in TYPES:
        for index in range(3):
            counts["all"][index] += counts[kind][index]
    return {kind: tuple(values) for kind, values in counts.items()}


def prf(true_positives: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def print_scores(title: str, counts: dict[str, tuple[int, int, int]]) -> None:
    print(f"\n{title}")
    print(f"  {'type':<4} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'pred':>6} {'gold':>6}")
    for kind, values in counts.items():
        precision, recall, f1 = prf(*values)
        print(f"  {kind:<4} {precision:6.3f} {recall:6.3f} {f1:6.3f} {values[0]:6d} {values[1]:6d} {values[2]:6d}")


# ─── Errors ─────────────────────────────────────────────────────────────────────────────────


def error_classes(articles: list[Article], predicted: list[list[Name]]) -> dict[str, list[str]]:
    """Each wrong prediction or missed gold name filed under one class, with a line of context."""
    classes: dict[str, list[str]] = collections.defaultdict(list)
    for article, predicted_names in zip(articles, predicted):
        gold = [name for name in article.gold if name.type in TYPES]
        misc = {(name.start, name.end) for name in article.gold if name.type == "MISC"}
        gold_spans = {(name.start, name.end): name for name in gold}
        predicted_spans = {(name.start, name.end): name for name in predicted_names}
        matched_gold = set()
        for name in predicted_names:
            key = (name.start, name.end)
            if key in gold_spans:
                matched_gold.add(key)
                if gold_spans[key].type != name.type:
                    classes[f"type {gold_spans[key].type}→{name.type}"].append(f"{name.text!r}")
                continue
            if key in misc:
                classes[f"MISC name as {name.type}"].append(f"{name.text!r}")
                continue
            overlapping = [g for g in gold if g.start < name.end and name.start < g.end]
            if overlapping:
                other = overlapping[0]
                matched_gold.add((other.start, other.end))
                classes[_boundary_class(name, other)].append(f"{name.text!r} (gold {other.type} {other.text!r})")
            else:
                classes[f"spurious {name.type}"].append(f"{name.text!r} in …{_context(article.text, name)}…")
        for key, name in gold_spans.items():
            if key in matched_gold or key in predicted_spans:
                continue
            if any(p.start < name.end and name.start < p.end for p in predicted_names):
                continue
            classes[f"missed {name.type}"].append(f"{name.text!r} in …{_context(article.text, name)}…")
    return classes


def _boundary_class(predicted: Name, gold: Name) -> str:
    if _THE.match(predicted.text) and without_the(predicted).start == gold.start and predicted.end == gold.end:
        return "boundary: leading the"
    if predicted.start <= gold.start and predicted.end >= gold.end:
        side = "too long"
    elif predicted.start >= gold.start and predicted.end <= gold.end:
        side = "too short"
    else:
        side = "crossing"
    same = "" if predicted.type == gold.type else f", type {gold.type}→{predicted.type}"
    return f"boundary: {side}{same}"


def _context(text: str, name: Name, width: int = 40) -> str:
    return text[max(0, name.start - width) : name.end + width].replace("\n", " ")


def print_errors(classes: dict[str, list[str]], *, examples: int) -> None:
    print("\nkit errors by class (most frequent first)")
    for name, items in sorted(classes.items(), key=lambda item: -len(item[1])):
        print(f"  {len(items):5d}  {name}")
        for item in items[:examples]:
            print(f"           {item}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conll", type=Path, default=DEFAULT_CONLL)
    parser.add_argument("--examples", type=int, default=6, help="examples printed per error class")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--no-spacy", action="store_true", help="skip the trained pipeline alone")
    arguments = parser.parse_args()
    if not arguments.conll.exists():
        print(f"wikigold not found at {arguments.conll} (it lives in ../shared/benchmarks/wikigold); nothing scored")
        return
    articles = read_articles(arguments.conll)[: arguments.limit]
    texts = [article.text for article in articles]
    gold = [article.gold for article in articles]
    print(f"wikigold: {len(articles)} articles, "
          + ", ".join(f"{kind} {sum(name.type == kind for names in gold for name in names)}" for kind in TYPES))
    if not arguments.no_spacy:
        started = time.perf_counter()
        alone = spacy_names(texts)
        print_scores(f"spacy alone ({time.perf_counter() - started:.0f} s)", score(gold, alone))
    started = time.perf_counter()
    kit = kit_names(texts)
    print_scores(f"kit ({time.perf_counter() - started:.0f} s, pipeline load included)", score(gold, kit))
    print_scores('kit, leading "the" ignored on either side', score(gold, kit, ignore_the=True))
    if not arguments.no_spacy:
        print_scores('spacy alone, leading "the" ignored on either side', score(gold, alone, ignore_the=True))
    print_errors(error_classes(articles, kit), examples=arguments.examples)


if __name__ == "__main__":
    main()
