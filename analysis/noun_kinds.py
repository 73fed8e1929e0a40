"""What kind of named thing a common noun describes — a person, an organisation, a political place, another
place or a facility — read from WordNet's noun hierarchy into analysis/data/noun_kinds.tsv, and the lookup
descriptor typing (analysis/descriptors.py) asks.

    python -m analysis.noun_kinds convert /usr/share/wordnet [--out analysis/data/noun_kinds.tsv]

The folder is Princeton WordNet 3.0's database (index.noun, data.noun), as Debian's `wordnet-base` package
installs it. A noun's kind is that of its most frequent sense that has one: "hamlet" is a settlement (its
first sense, a community, is no kind; the prince is a proper noun and left out), "band" a musical
organisation, "spokesman" a person. Nouns with no sense under the kinds' roots are not in the file.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from pathlib import Path

NOUN_KINDS_PATH = Path(__file__).resolve().parent / "data" / "noun_kinds.tsv"
KINDS = ("PERSON", "GPE", "ORG", "FAC", "LOC")
# The roots of each kind, as WordNet 3.0 names its synsets (lemma.n.sense), in the order a synset is tried:
# a political unit (a country, a state) is a place before it is an organisation, a structure a facility before
# it is a place.
KIND_ROOTS = {
    "PERSON": ("person.n.01",),
    "GPE": ("administrative_district.n.01", "municipality.n.01", "settlement.n.06", "political_unit.n.01"),
    "ORG": ("organization.n.01", "body.n.02"),
    "FAC": ("structure.n.01", "facility.n.01"),
    "LOC": ("location.n.01", "body_of_water.n.01", "geological_formation.n.01"),
}
HEADER = """# Noun kinds: the kind of named thing a common noun describes ("a hamlet" → GPE, "a band" → ORG).
#
# What this holds: one line per noun (lower case, words joined by spaces) and its kind: PERSON, GPE (an
# administrative district, a municipality, a settlement, a political unit), ORG (an organisation), FAC (a
# structure or facility) or LOC (another location, a body of water, a geological formation). The kind is that
# of the noun's most frequent common-noun sense under one of those roots; nouns with none are left out.
#
# Source: Princeton WordNet 3.0 (index.noun, data.noun; Debian package wordnet-base 1:3.0-37), converted by
# `python -m analysis.noun_kinds convert /usr/share/wordnet` (analysis/noun_kinds.py).
# To extend: add a line "noun<TAB>KIND" (keep the file sorted); to refresh from the source, run the converter.
#
# WordNet Release 3.0 This software and database is being provided to you, the LICENSEE, by Princeton
# University under the following license. By obtaining, using and/or copying this software and database, you
# agree that you have read, understood, and will comply with these terms and conditions.: Permission to use,
# copy, modify and distribute this software and database and its documentation for any purpose and without
# fee or royalty is hereby granted, provided that you agree to comply with the following copyright notice and
# statements, including the disclaimer, and that the same appear on ALL copies of the software, database and
# documentation, including modifications that you make for internal use or for distribution. WordNet 3.0
# Copyright 2006 by Princeton University. All rights reserved. THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS"
# AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT
# NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANT- ABILITY OR FITNESS
# FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT
# INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name of Princeton University
# or Princeton may not be used in advertising or publicity pertaining to distribution of the software and/or
# database. Title to copyright in this software, database and any associated documentation shall at all times
# remain with Princeton University and LICENSEE agrees to comply with this license.
"""
MARKER = re.compile(r"\([a-z]+\)$")  # adjective markers such as "(a)" after a synset's words


# ─── Conversion ─────────────────────────────────────────────────────────────────────────────


def _synsets(data_noun: str) -> dict[str, tuple[list[str], list[str]]]:
    """Offset → (the synset's words as written, the offsets of its hypernyms and instance hypernyms)."""
    synsets = {}
    for line in data_noun.splitlines():
        if line.startswith("  "):  # the licence at the top of the file
            continue
        fields = line.split(" | ")[0].split()
        word_count = int(fields[3], 16)
        words = [MARKER.sub("", fields[4 + 2 * number]) for number in range(word_count)]
        at = 4 + 2 * word_count
        pointers = int(fields[at])
        hypernyms = [fields[at + 2 + 4 * number] for number in range(pointers) if fields[at + 1 + 4 * number] in ("@", "@i")]
        synsets[fields[0]] = (words, hypernyms)
    return synsets


def _senses(index_noun: str) -> dict[str, list[str]]:
    """Lemma → the offsets of its senses, most frequent first."""
    senses = {}
    for line in index_noun.splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        synset_count = int(fields[2])
        senses[fields[0]] = fields[len(fields) - synset_count:]
    return senses


def convert(folder: Path) -> dict[str, str]:
    """Noun (lower case, spaces between words) → kind, from a WordNet 3.0 database folder."""
    synsets = _synsets((folder / "data.noun").read_text(encoding="utf-8", errors="replace"))
    senses = _senses((folder / "index.noun").read_text(encoding="utf-8", errors="replace"))

    def offsets(names: tuple[str, ...]) -> set[str]:
        """The roots' synsets; a root a smaller or other WordNet lacks is left out."""
        found = set()
        for name in names:
            lemma, _, number = name.split(".")
            if int(number) <= len(senses.get(lemma, ())):
                found.add(senses[lemma][int(number) - 1])
        return found

    roots = {kind: offsets(names) for kind, names in KIND_ROOTS.items()}

    @functools.lru_cache(maxsize=None)
    def ancestors(synset: str) -> frozenset[str]:
        found = {synset}
        for hypernym in synsets[synset][1]:
            found |= ancestors(hypernym)
        return frozenset(found)

    def kind_of(synset: str) -> str | None:
        above = ancestors(synset)
        return next((kind for kind in KINDS if above & roots[kind]), None)

    kinds = {}
    for lemma, offsets in senses.items():
        for synset in offsets:
            written = [word for word in synsets[synset][0] if word.lower() == lemma]
            if written and all(word != word.lower() for word in written):
                continue  # a proper noun's sense ("Hamlet", "Hall" the physicist): no common noun's kind
            kind = kind_of(synset)
            if kind:
                kinds[lemma.replace("_", " ")] = kind
                break
    return kinds


def write(kinds: dict[str, str], out: Path) -> None:
    lines = [HEADER] + [f"{noun}\t{kind}\n" for noun, kind in sorted(kinds.items())]
    out.write_text("".join(lines), encoding="utf-8")


# ─── Lookup ─────────────────────────────────────────────────────────────────────────────────


@functools.lru_cache(maxsize=1)
def noun_kinds() -> dict[str, str]:
    kinds = {}
    for line in NOUN_KINDS_PATH.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            noun, kind = line.split("\t")
            kinds[noun] = kind
    return kinds


def noun_kind(noun: str) -> str | None:
    """The kind of named thing `noun` (a lemma, any case) describes, or None."""
    return noun_kinds().get(noun.lower())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    converting = commands.add_parser("convert", help="convert WordNet 3.0's noun database into the kit's noun kinds")
    converting.add_argument("folder", type=Path, help="a WordNet 3.0 database folder (index.noun, data.noun)")
    converting.add_argument("--out", type=Path, default=NOUN_KINDS_PATH)
    args = parser.parse_args(argv)
    kinds = convert(args.folder)
    write(kinds, args.out)
    print(f"{len(kinds)} nouns → {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
