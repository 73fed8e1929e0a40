"""The actor records and the reading of actor YAML files (`analysis/data/actors.yaml`, a user's files).

The records the knowledge base (analysis/knowledge.py) is made of: `Actor`, its date-bounded `Role`s and the
`Lineage` between actors, plus `parse_date`. `read_file` reads one YAML file and validates every field of
every entry against the vocabulary below (fields, relations, id shapes, `analysis.tables.ACTOR_KINDS`),
raising a ValueError that names the file and the actor; merging the files into actors is the knowledge
base's build. The YAML file's header explains every field and how to add an actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Sequence

import yaml

from analysis.actor_keys import clean
from analysis.tables import ACTOR_KINDS

ROLE_RELATIONS = ("governs", "controls", "office", "member_of", "part_of")
LINEAGE_RELATIONS = ("succeeded_by", "merged_into", "split_into", "gave_rise_to")

ACTOR_FIELDS = (
    "id", "name", "kind", "country", "aliases", "demonyms", "capitals", "seats", "codes", "roles",
    "valid_from", "valid_until", "affiliation", "successors", "predecessors", "exclude", "note",
)
LIST_FIELDS = ("aliases", "demonyms", "capitals", "seats", "codes", "exclude")
ROLE_FIELDS = ("relation", "target", "start", "end", "title")
LINK_FIELDS = ("id", "on", "relation")
TEMPLATE_FIELDS = ("id", "name", "kind", "aliases")
FILE_SECTIONS = ("actors", "templates", "not_aliases", "version")

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


def fail(source: str, actor_id: str | None, message: str) -> ValueError:
    where = f"{source}: actor {actor_id!r}: " if actor_id else f"{source}: "
    return ValueError(where + message)


def _as_list(value, *, source: str, actor_id: str, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, (str, int, float)) for item in value):
        raise fail(source, actor_id, f"{field}={value!r} must be a list of strings")
    return [clean(str(item)) for item in value if clean(str(item))]


def _date_field(value, *, end: bool, source: str, actor_id: str, field: str) -> date | None:
    try:
        return parse_date(value, end=end)
    except ValueError as error:
        raise fail(source, actor_id, f"{field}: {error}") from None


def _check_keys(mapping: dict, allowed: Sequence[str], *, source: str, actor_id: str | None, what: str) -> None:
    unknown = [key for key in mapping if key not in allowed]
    if unknown:
        raise fail(source, actor_id, f"{what} has unknown field(s) {unknown}; allowed: {', '.join(allowed)}")


def _validate_entry(raw, source: str) -> _Entry:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"].strip():
        raise fail(source, None, f"every entry under actors: needs an id; got {raw!r}")
    actor_id = raw["id"].strip()
    _check_keys(raw, ACTOR_FIELDS, source=source, actor_id=actor_id, what="entry")
    data: dict = {"id": actor_id}
    if "kind" in raw:
        if raw["kind"] not in ACTOR_KINDS:
            raise fail(source, actor_id, f"kind={raw['kind']!r} is not allowed; allowed: {', '.join(ACTOR_KINDS)}")
        data["kind"] = raw["kind"]
        pattern, shape = (STATE_ID, "three upper-case letters (ISO 3166-1 alpha-3)") if raw["kind"] == "state" else (
            SLUG_ID, "a lower-case slug such as al_qaeda")
        if not pattern.match(actor_id):
            raise fail(source, actor_id, f"id={actor_id!r} must be {shape}")
    for field in ("name", "country", "affiliation", "note"):
        if field in raw:
            data[field] = None if raw[field] is None else clean(str(raw[field]))
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
        raise fail(source, actor_id, f"a role must be a mapping like {{relation: governs, target: AFG}}; got {raw!r}")
    _check_keys(raw, ROLE_FIELDS, source=source, actor_id=actor_id, what="role")
    relation = raw.get("relation")
    if relation not in ROLE_RELATIONS:
        raise fail(source, actor_id, f"role relation={relation!r} is not allowed; allowed: {', '.join(ROLE_RELATIONS)}")
    if not isinstance(raw.get("target"), str):
        raise fail(source, actor_id, f"role {raw!r} needs a target actor id")
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
        raise fail(source, actor_id, f"each of {direction} must be a mapping like {{id: RUS, on: 1991-12-26}}; got {raw!r}")
    _check_keys(raw, LINK_FIELDS, source=source, actor_id=actor_id, what=direction[:-1])
    relation = raw.get("relation", "succeeded_by")
    if relation not in LINEAGE_RELATIONS:
        raise fail(source, actor_id, f"{direction[:-1]} relation={relation!r} is not allowed; "
                    f"allowed: {', '.join(LINEAGE_RELATIONS)}")
    on = _date_field(raw.get("on"), end=False, source=source, actor_id=actor_id, field=f"{direction[:-1]} on")
    if direction == "successors":
        return Lineage(predecessor=actor_id, successor=raw["id"], on=on, relation=relation)
    return Lineage(predecessor=raw["id"], successor=actor_id, on=on, relation=relation)


def read_file(path: Path) -> dict:
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
            raise fail(source, template["id"], f"kind={template.get('kind')!r} is not allowed; "
                        f"allowed: {', '.join(ACTOR_KINDS)}")
    return {
        "entries": [_validate_entry(raw, source) for raw in data.get("actors") or []],
        "templates": templates,
        "not_aliases": [str(word) for word in data.get("not_aliases") or []],
    }
