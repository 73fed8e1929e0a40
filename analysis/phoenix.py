"""PETRARCH2's Phoenix actor dictionaries → analysis/data/phoenix_actors.tsv → actors of the knowledge base:
office holders with their country and date-bounded roles, international organisations and non-state groups.

    python -m analysis.phoenix convert ../shared/reference/petrarch2 [--out analysis/data/phoenix_actors.tsv]

The converter keeps, from Phoenix.Countries.actors.txt, the persons (entries of two to five words with a
date-bounded role: "VLADIMIR_PUTIN_ [RUSGOV 000507-080507]"); from Phoenix.International.actors.txt the
intergovernmental (IGO…) and non-governmental (NGO…) organisations, not the companies (MNC…); and from
Phoenix.MilNonState.actors.txt the armed and non-state groups. A role's code starts with the ISO3 code of its
state (RUSGOV: Russia's government) and its dates are YYMMDD or YYYYMMDD ("<" until, ">" from).

The knowledge base (analysis/knowledge.py) reads the file after the curated YAML: an actor of the YAML with
the same id or name wins. Persons and non-governmental organisations are found by their names when the NER
finds them, never by the SpanRuler: thousands of names of office holders, many of them ordinary words elsewhere
("Rice", "Hope"), would label text the NER reads better in context, and slow the ruler's build.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import functools
import re
import sys
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

PHOENIX_ACTORS_PATH = Path(__file__).resolve().parent / "data" / "phoenix_actors.tsv"
SOURCES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
SOURCE_NOTE = "openeventdata/petrarch2, petrarch2/data/dictionaries/" + ", ".join(SOURCES) + ", commit 676801cd"
COLUMNS = ("id", "kind", "name", "country", "aliases", "roles")
# Sectors of a state whose holders are in office (CAMEO sector codes): a government, its military, police,
# intelligence, legislature and judiciary. Other roles (ELI elites, OPP opposition) make a person a member.
OFFICE_SECTORS = ("GOV", "MIL", "COP", "SPY", "LEG", "JUD")
SECTOR_TITLES = {"GOV": "Government", "MIL": "Military", "COP": "Police", "SPY": "Intelligence",
                 "LEG": "Legislature", "JUD": "Judiciary", "ELI": "Elite", "OPP": "Opposition", "REB": "Rebels"}
# Two-digit years up to this one are of this century: the dictionaries date from 2014.
CENTURY_PIVOT = 14
MAX_PERSON_WORDS = 5
PERSON_SOURCE, ORGANIZATIONS_SOURCE, GROUPS_SOURCE = SOURCES
ORGANIZATION_KINDS = {"IGO": "igo", "NGO": "organization"}
# Words written in lower case inside names ("Osama bin Laden", "Front for the Liberation of …").
LOWER_WORDS = frozenset({"al", "el", "bin", "ibn", "bint", "de", "da", "di", "do", "dos", "das", "du", "del", "della",
                         "van", "von", "der", "den", "la", "le", "of", "the", "and", "for", "on", "in", "at", "to",
                         "y", "e", "ul", "ud"})
ROLE = re.compile(r"\[([^\]]*)\]")
DATES = re.compile(r"^(?P<start>\d{6}|\d{8})?-(?P<end>\d{6}|\d{8})?$|^(?P<op>[<>])(?P<when>\d{6}|\d{8})$")
ACRONYM = re.compile(r"\(([A-Z][A-Z0-9.\-]{1,9})\)")
NAME_WORD = re.compile(r"^[A-Z][A-Z'.\-]*$")

HEADER = """# Phoenix actors: office holders, international organisations and non-state groups for the knowledge base.
#
# What this holds: one line per actor: id, kind (person, igo, organization, armed_group), name, country (ISO3 or
# empty), aliases (separated by "|") and date-bounded roles (separated by ";", each "relation target title start
# end", empty dates written "-"; relation office for a state's government, military, police, intelligence,
# legislature or judiciary, member_of otherwise).
#
# Source: {source}, converted by `python -m analysis.phoenix convert` (analysis/phoenix.py): persons are the
# entries of Phoenix.Countries.actors.txt with a date-bounded role (two to five words), organisations the IGO and
# NGO entries of Phoenix.International.actors.txt, groups the entries of Phoenix.MilNonState.actors.txt; names
# are title-cased, an acronym in brackets ("(MEK)") is an alias, two-digit years up to {pivot:02d} are 20xx.
# The curated analysis/data/actors.yaml wins over a line here with the same id or name.
# To extend: add a line (keep the columns), or better an entry in a YAML file of your own; to refresh from the
# source, run the converter.
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
# {columns}
"""


# ─── Reading the dictionaries ─────────────────────────────────────────────────────────────


def entries(text: str) -> Iterator[tuple[str, list[str], list[str]]]:
    """(name, synonyms, role codes) for each entry of a Phoenix actors file, names as written ("VLADIMIR_PUTIN_")."""
    name, synonyms, roles = None, [], []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        found = [role.strip() for role in ROLE.findall(line)]
        words = ROLE.sub(" ", line).strip()
        if line[0] not in " \t+[":
            if name is not None:
                yield name, synonyms, roles
            name, synonyms, roles = words, [], found
        elif name is not None:
            if line.lstrip().startswith("+") and words.lstrip("+").strip():
                synonyms.append(words.lstrip("+").strip())
            roles += found
    if name is not None:
        yield name, synonyms, roles


def parse_day(text: str, *, end: bool = False) -> date | None:
    """ "000507" → 2000-05-07, "780427" → 1978-04-27, "19270101" → 1927-01-01; None when it is no day."""
    if len(text) == 6:
        year = int(text[:2])
        year += 2000 if year <= CENTURY_PIVOT else 1900
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    try:
        return date(year, max(month, 1), max(day, 1))
    except ValueError:
        return None


def parse_role(code: str) -> tuple[str, str, date | None, date | None, bool] | None:
    """ "RUSGOV 000507-080507" → ("RUS", "GOV", start, end, dated); None for a code without a three-letter prefix."""
    parts = code.split()
    if not parts or not re.fullmatch(r"[A-Z]{3,}", parts[0]):
        return None
    prefix, sector = parts[0][:3], parts[0][3:6]
    start = end = None
    dated = False
    if len(parts) > 1:
        match = DATES.match(parts[1])
        if match is None:
            return None
        dated = True
        if match["op"]:
            day = parse_day(match["when"])
            start, end = (day, None) if match["op"] == ">" else (None, day)
        else:
            start = parse_day(match["start"]) if match["start"] else None
            end = parse_day(match["end"]) if match["end"] else None
        if start and end and end < start:
            return None  # a slip in the dictionary ("121207-120802"): no date to trust
    return prefix, sector, start, end, dated


def cased(words: Iterable[str]) -> str:
    """Words of a dictionary name in the case news text writes them: "OSAMA BIN LADEN" → "Osama bin Laden",
    "MCCAIN" → "McCain", "AL-QAEDA" → "al-Qaeda"; the first word is always capitalised."""
    written = []
    for number, word in enumerate(words):
        parts = []
        for part in word.split("-"):
            lower = part.lower()
            if lower in LOWER_WORDS and (number > 0 or "-" in word):
                parts.append(lower)
            elif lower.startswith("mc") and len(lower) > 3:
                parts.append("Mc" + lower[2:].capitalize())
            elif "'" in lower and lower.index("'") == 1:
                parts.append(lower[0].upper() + "'" + lower[2:].capitalize())
            else:
                parts.append(lower.capitalize())
        written.append("-".join(parts))
    return " ".join(written)


def _words(name: str) -> list[str]:
    """The words of a dictionary name, without a bracketed acronym and a leading "THE" (the knowledge base
    ignores a leading "the")."""
    words = [word for word in re.split(r"[_\s]+", ACRONYM.sub(" ", name)) if word]
    return words[1:] if len(words) > 1 and words[0] == "THE" else words


def _acronyms(name: str) -> list[str]:
    return ACRONYM.findall(name)


def _slug(text: str) -> str:
    from analysis.actors import slug

    return slug(text)


def _format_day(day: date | None) -> str:
    return day.isoformat() if day else "-"


def _persons(text: str, states: set[str]) -> Iterator[dict]:
    for name, synonyms, codes in entries(text):
        words = _words(name)
        if not 2 <= len(words) <= MAX_PERSON_WORDS or not all(NAME_WORD.match(word) for word in words):
            continue
        roles = [role for role in map(parse_role, codes) if role is not None and role[0] in states]
        if not any(role[4] for role in roles):
            continue  # no date-bounded role: an institution of the state, not an office holder
        aliases = []
        for synonym in synonyms:
            synonym_words = _words(synonym)
            if synonym_words and all(NAME_WORD.match(word) for word in synonym_words):
                aliases.append(cased(synonym_words))
        # The state of the latest role is the person's country.
        latest = max(roles, key=lambda role: (role[4], role[3] or role[2] or date.min))
        yield {
            "kind": "person",
            "name": cased(words),
            "country": latest[0],
            "aliases": aliases,
            "roles": [("office" if sector in OFFICE_SECTORS else "member_of", prefix,
                       SECTOR_TITLES.get(sector, sector or "Member"), start, end)
                      for prefix, sector, start, end, _dated in dict.fromkeys(roles)],
        }


def _organizations(text: str, states: set[str], *, groups: bool) -> Iterator[dict]:
    for name, synonyms, codes in entries(text):
        parsed = [role for role in map(parse_role, codes) if role is not None]
        if not parsed:
            continue
        prefix = parsed[0][0]
        if groups:
            kind, country = "armed_group", prefix if prefix in states else None
        else:
            kind = ORGANIZATION_KINDS.get(prefix)
            if kind is None:
                continue  # companies (MNC) and persons
            country = next((role[1] for role in parsed if role[1] in states), None)
            if any(role[4] for role in parsed):
                continue  # a person with a dated post in an organisation (Kofi Annan): no organisation
        words = _words(name)
        if not words or not all(NAME_WORD.match(word) or (word.isupper() and word.isascii()) for word in words):
            continue
        names = [cased(words) if len(words) > 1 or len(words[0]) > 6 else words[0]]
        aliases = [*_acronyms(name)]
        for synonym in synonyms:
            synonym_words = _words(synonym)
            if synonym_words:
                aliases.append(cased(synonym_words) if len(synonym_words) > 1 else synonym_words[0])
            aliases += _acronyms(synonym)
        yield {"kind": kind, "name": names[0], "country": country, "aliases": aliases, "roles": []}


def ordinary_words() -> frozenset[str]:
    """The English words of the trained pipeline's lemmatizer tables (nouns, verbs, adjectives, adverbs), lower
    case: "organization", "youth", "zero"."""
    import spacy

    from analysis.nlp import model_name

    nlp = spacy.load(model_name(), exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "ner", "senter"])
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index", {})
    return frozenset(word.lower() for words in index.values() for word in words if word.isalpha())


def _names_something_else(alias: str, name: str, *, ordinary: frozenset[str], state_names: frozenset[str]) -> bool:
    """An alias no organisation or group may have: a state's name ("Colombia" for a Colombian party), or one
    ordinary English word that is a gloss or a word of the name, not a spelling of it: TANZIM's gloss
    "Organization" would make every "the Organization" an armed group, and "Foundation" every foundation;
    "Taleban", "Hizballah" and "Interpol" resemble their names and stay."""
    from rapidfuzz import fuzz

    folded = alias.casefold()
    if folded in state_names:
        return True
    acronym = alias.isupper() and len(alias) <= 5  # "ANA", "AIAI": the lemmatizer's tables hold odd short words
    if " " in alias or "-" in alias or acronym or folded not in ordinary:
        return False
    own_word = folded in name.casefold().split()
    return own_word or fuzz.partial_ratio(folded, name.casefold()) < SPELLING_SIMILARITY


SPELLING_SIMILARITY = 70  # rapidfuzz partial ratio above which an alias is a spelling of the name, not a gloss


def convert(folder: Path, states: set[str], *, ordinary: frozenset[str] = frozenset(),
            state_names: frozenset[str] = frozenset()) -> list[dict]:
    """Actor records from the Phoenix files in `folder`, ids made unique (a name shared by two persons takes
    their country: "abdul_ali_afg"). Organisations and groups lose the aliases `_names_something_else` refuses."""
    read = lambda source: (folder / source).read_text(encoding="utf-8", errors="replace")  # noqa: E731
    records = [*_persons(read(PERSON_SOURCE), states),
               *_organizations(read(ORGANIZATIONS_SOURCE), states, groups=False),
               *_organizations(read(GROUPS_SOURCE), states, groups=True)]
    # One record per name and kind: the dictionaries list some names twice ("AMENA_AFZALI_", "AMINA_AFZALI_" stay two).
    merged: dict[tuple[str, str, str | None], dict] = {}
    for record in records:
        key = (record["name"].casefold(), record["kind"], record["country"] if record["kind"] == "person" else None)
        if key in merged:
            merged[key]["aliases"] += record["aliases"]
            merged[key]["roles"] += record["roles"]
        else:
            merged[key] = record
    counts = collections.Counter(_slug(record["name"]) for record in merged.values())
    result = []
    for record in merged.values():
        base = _slug(record["name"])
        record["id"] = base if counts[base] == 1 else f"{base}_{(record['country'] or record['kind']).lower()}"
        record["aliases"] = list(dict.fromkeys(
            alias for alias in record["aliases"] if alias != record["name"] and (
                record["kind"] == "person" or not _names_something_else(alias, record["name"], ordinary=ordinary,
                                                                        state_names=state_names))))
        record["roles"] = list(dict.fromkeys(record["roles"]))
        result.append(record)
    ids = collections.Counter(record["id"] for record in result)
    return sorted((record for record in result if ids[record["id"]] == 1), key=lambda record: record["id"])


def write(records: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER.format(source=SOURCE_NOTE, pivot=CENTURY_PIVOT, columns="\t".join(COLUMNS)))
        for record in records:
            roles = ";".join(" ".join((relation, target, title.replace(" ", "_"), _format_day(start), _format_day(end)))
                             for relation, target, title, start, end in record["roles"])
            handle.write("\t".join([record["id"], record["kind"], record["name"], record["country"] or "",
                                    "|".join(record["aliases"]), roles]) + "\n")


# ─── Reading the converted file ───────────────────────────────────────────────────────────


@functools.lru_cache(maxsize=2)
def load(path: str | Path = PHOENIX_ACTORS_PATH) -> tuple[dict, ...]:
    """The file's actor records: {id, kind, name, country, aliases (a tuple), roles (a tuple of knowledge.Role)}."""
    from analysis.knowledge import Role

    roles_seen: dict[str, Role] = {}  # one Role per text: thousands of holders share "office USA Government …"
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.startswith("#") or not line.strip():
                continue
            row = line.rstrip("\n").split("\t")
            if len(row) != len(COLUMNS):
                raise ValueError(f"{path}: line {number} has {len(row)} columns; expected {len(COLUMNS)}: {', '.join(COLUMNS)}")
            actor_id, kind, name, country, aliases, roles = row
            parsed = []
            for text in roles.split(";") if roles else ():
                role = roles_seen.get(text)
                if role is None:
                    role = roles_seen[text] = _role(text, path, number)
                parsed.append(role)
            records.append({"id": actor_id, "kind": kind, "name": name, "country": country or None,
                            "aliases": tuple(aliases.split("|")) if aliases else (), "roles": tuple(parsed)})
    return tuple(records)


def _role(text: str, path, number: int):
    from analysis.knowledge import Role

    parts = text.split(" ")
    if len(parts) != 5:
        raise ValueError(f"{path}: line {number}: role {text!r} is not 'relation target title start end'")
    relation, target, title, start, end = parts
    day = lambda value: None if value == "-" else date.fromisoformat(value)  # noqa: E731
    return Role(relation=relation, target=target, start=day(start), end=day(end), title=title.replace("_", " "))


def knowledge_records(taken: set[str], *, path: str | Path = PHOENIX_ACTORS_PATH) -> list[dict]:
    """The file's records for the knowledge base's build (analysis/knowledge.py), each {id, name, kind, country,
    aliases, roles}, but for an actor whose id or name is in `taken` (ids and folded names of the curated
    actors); an alias that names a curated actor is dropped."""
    records = []
    for record in load(str(path)):
        if record["id"] in taken or record["name"].casefold() in taken:  # the file's names are ASCII and clean
            continue
        if any(alias.casefold() in taken for alias in record["aliases"]):
            record = {**record, "aliases": tuple(alias for alias in record["aliases"] if alias.casefold() not in taken)}
        records.append(record)
    return records


# Kinds the SpanRuler matches by name: armed groups and intergovernmental bodies, which news names in passing and
# the NER often misses. Persons and non-governmental organisations are found by lookup when the NER finds them:
# every pattern costs the ruler's build about 50 microseconds, and thousands of them would double it.
RULER_KINDS = ("armed_group", "igo")


def in_ruler(record: dict) -> bool:
    """Whether the SpanRuler should match the actor's names: armed groups and intergovernmental bodies named in two
    words or more or by an acronym; no person (see the module docstring), no organisation named by one ordinary
    word ("Aleph")."""
    name = record["name"]
    return record["kind"] in RULER_KINDS and (" " in name or "-" in name or name.isupper())


def add_actors(actors: dict) -> frozenset[str]:
    """Add to `actors` (id → knowledge.Actor, the curated ones) the file's actors it does not have by id or name;
    return the ids of those the SpanRuler must not match (`in_ruler`)."""
    from analysis.knowledge import AFFILIATED_KINDS, Actor, folded_key

    taken = set(actors) | {folded_key(name) for actor in actors.values() if actor.kind != "state" for name in actor.aliases}
    defaults = {field.name: field.default for field in dataclasses.fields(Actor)
                if field.default is not dataclasses.MISSING}
    lookup_only = set()
    for record in knowledge_records(taken):
        # built here, not by knowledge_files.freeze: the file is converted clean, and twenty thousand records must load fast
        country = record["country"]
        actor = object.__new__(Actor)  # the frozen dataclass's __init__ sets each field through object.__setattr__
        actor.__dict__.update({**defaults, "actor_id": record["id"], "name": record["name"], "kind": record["kind"],
                               "country": country, "aliases": (record["name"], *record["aliases"]),
                               "roles": record["roles"],
                               "affiliation": country if record["kind"] in AFFILIATED_KINDS else None})
        actors[record["id"]] = actor
        if not in_ruler(record):
            lookup_only.add(record["id"])
    return frozenset(lookup_only)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("convert", help="Phoenix.*.actors.txt → phoenix_actors.tsv")
    command.add_argument("folder", type=Path)
    command.add_argument("--out", type=Path, default=PHOENIX_ACTORS_PATH)
    arguments = parser.parse_args(argv)
    missing = [source for source in SOURCES if not (arguments.folder / source).is_file()]
    if missing:
        parser.error(f"{arguments.folder} lacks {', '.join(missing)} (they live in ../shared/reference/petrarch2)")
    from analysis.knowledge import load_knowledge_base

    state_actors = [actor for actor in load_knowledge_base().actors.values() if actor.kind == "state"]
    states = {actor.actor_id for actor in state_actors}
    state_names = frozenset(name.casefold() for actor in state_actors for name in actor.aliases)
    records = convert(arguments.folder, states, ordinary=ordinary_words(), state_names=state_names)
    write(records, arguments.out)
    counts = collections.Counter(record["kind"] for record in records)
    print(", ".join(f"{count} {kind}" for kind, count in sorted(counts.items())) + f" → {arguments.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
