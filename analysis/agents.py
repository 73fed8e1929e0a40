"""Agent nouns — the words for people, groups and institutions ("minister", "rebels", "police") with the
CAMEO sector each names — converted from PETRARCH2's Phoenix agents dictionary into analysis/data/agent_nouns.tsv,
and loaded from there.

    python -m analysis.agents convert ../shared/reference/petrarch2/Phoenix.agents.txt [--out analysis/data/agent_nouns.tsv]

The events stage reads them to tell a noun that stands for an actor ("officials in Kabul": Kabul's officials)
from one that only happens somewhere ("the attacks in Kabul").
"""

from __future__ import annotations

import argparse
import csv
import functools
import re
import sys
from pathlib import Path

AGENTS_PATH = Path(__file__).resolve().parent / "data" / "agent_nouns.tsv"
SOURCE_NOTE = "openeventdata/petrarch2, petrarch2/data/dictionaries/Phoenix.agents.txt, commit 676801cd"
SUBSTITUTION = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
ENTRY = re.compile(r"^(?P<phrase>[^\[{]+?)\s*(?:\{(?P<plurals>[^}]*)\})?\s*\[~?(?P<sector>[A-Z~]+)\]")
WORD = re.compile(r"^[a-z][a-z'\-]*$")

HEADER = """# Agent nouns: words for people, groups and institutions, with the CAMEO sector each names.
#
# What this holds: one line per agent phrase (lower case, words separated by spaces) and its sector code
# (GOV government, MIL military, REB rebels, COP police, OPP opposition, BUS business, MED media, …; a
# compound such as GOVMIL is a government's military). The last word of a phrase is its head noun.
# Regular plurals are not listed: the loader adds them ("official" → "officials").
#
# Source: {source}, converted by `python -m analysis.agents convert` (analysis/agents.py): substitution sets
# (!PERSON! = man, men, woman, women, person) expanded, underscores turned into spaces, irregular plurals in
# {{…}} kept as phrases of their own, entries with other markup left out.
# To extend: add a line "phrase<TAB>SECTOR" (keep the file sorted); to refresh from the source, run the converter.
#
# The MIT License (MIT)
#
# Copyright (c) 2014 Open Event Data Alliance
#
# Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
# associated documentation files (the "Software"), to deal in the Software without restriction, including
# without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
# copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
# following conditions:
#
# The above copyright notice and this permission notice shall be included in all copies or substantial
# portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
# LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
# EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN
# AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE
# OR OTHER DEALINGS IN THE SOFTWARE.
#
# phrase	sector
"""


def _expand(phrase: str, substitutions: dict[str, list[str]]) -> list[str]:
    variants = [phrase]
    for key, values in substitutions.items():
        variants = [variant.replace(key, value) for variant in variants for value in values] if any(
            key in variant for variant in variants) else variants
    return variants


def _phrase(text: str) -> str | None:
    words = [word for word in text.replace("_", " ").lower().split() if word]
    return " ".join(words) if words and all(WORD.match(word) for word in words) else None


def convert(source: Path) -> list[tuple[str, str]]:
    """(phrase, sector) pairs of a Phoenix agents file, sorted and without duplicates."""
    substitutions: dict[str, list[str]] = {}
    found: set[tuple[str, str]] = set()
    for line in source.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.split("#", 1)[0].strip()
        substitution = SUBSTITUTION.match(line)
        if substitution:
            substitutions[substitution[1]] = [value.strip() for value in substitution[2].split(",") if value.strip()]
            continue
        entry = ENTRY.match(line)
        if not entry:
            continue
        sector = entry["sector"].replace("~", "")
        for text in [entry["phrase"], *(entry["plurals"] or "").split()]:
            for variant in _expand(text.strip(), substitutions):
                phrase = _phrase(variant)
                if phrase:
                    found.add((phrase, sector))
    return sorted(found)


def write(pairs: list[tuple[str, str]], out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER.format(source=SOURCE_NOTE))
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerows(pairs)


def _plurals(word: str) -> set[str]:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return {word[:-1] + "ies"}
    if word.endswith(("s", "sh", "ch", "x")):
        return {word + "es"}
    return {word + "s"}


# A phrase's head noun is its last word before a preposition: "minister for rural development" is a minister.
PHRASE_PREPOSITIONS = frozenset({"of", "for", "in", "on", "at", "to", "from", "with", "against"})


def _head(phrase: str) -> str:
    words = phrase.split()
    for index, word in enumerate(words[1:], start=1):
        if word in PHRASE_PREPOSITIONS:
            return words[index - 1]
    return words[-1]


@functools.lru_cache(maxsize=4)
def _load(path: str) -> dict[str, frozenset[str]]:
    heads: dict[str, set[str]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.reader((line for line in handle if line.strip() and not line.startswith("#")), delimiter="\t")
        for number, row in enumerate(rows, start=1):
            if len(row) != 2 or not row[0] or not row[1]:
                raise ValueError(f"{path}: agent row #{number} {row!r} is not 'phrase<TAB>SECTOR'")
            head = _head(row[0])
            for form in {head, *_plurals(head)}:
                heads.setdefault(form, set()).add(row[1])
    return {head: frozenset(sectors) for head, sectors in heads.items()}


def agent_heads(path: str | Path | None = None) -> dict[str, frozenset[str]]:
    """Head noun (singular and regular plural) → the sectors of the agent phrases it heads; read once per path."""
    return _load(str(Path(path) if path else AGENTS_PATH))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("convert", help="Phoenix.agents.txt → agent_nouns.tsv")
    command.add_argument("source", type=Path)
    command.add_argument("--out", type=Path, default=AGENTS_PATH)
    arguments = parser.parse_args(argv)
    if not arguments.source.is_file():
        parser.error(f"{arguments.source} is not a file (Phoenix.agents.txt lives in ../shared/reference/petrarch2)")
    pairs = convert(arguments.source)
    write(pairs, arguments.out)
    print(f"{len(pairs)} agent phrases, {len({phrase.split()[-1] for phrase, _ in pairs})} head nouns → {arguments.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
