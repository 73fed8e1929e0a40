"""Actor files → merged actor records: what analysis.knowledge.KnowledgeBase is built from.

    build_records(paths)     the YAML files read (analysis.actor_records), merged over the generated UN
                             member states (analysis.library_states), templates expanded (one ministry per
                             state), the Phoenix actors added (analysis.phoenix), references checked

Later files win on scalar fields; list fields (aliases, roles, …) add up. Ambiguous names go to the
actor listed first, the user's own files before the packaged one (`rank`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

from analysis.actor_keys import possessive, strip_the
from analysis.actor_records import LIST_FIELDS, Actor, Lineage, fail, read_file
from analysis.library_states import generated_states
from analysis.tables import ACTOR_KINDS

LIBRARY_SOURCE = "country libraries"
# Kinds whose affiliation defaults to their country: they act on behalf of it.
AFFILIATED_KINDS = ("person", "organization", "government", "operation")


class Records(NamedTuple):
    actors: dict[str, Actor]
    lineage: tuple[Lineage, ...]
    rank: dict[str, int]
    codes: dict[str, tuple[str, ...]]
    lookup_only: frozenset[str]


# ─── Merging ──────────────────────────────────────────────────────────────────────────────


def merge_entry(record: dict, entry: dict) -> None:
    """Scalar fields of `entry` replace, list fields add (roles too)."""
    for field, value in entry.items():
        if field in ("id", "lineage"):
            continue
        if field in LIST_FIELDS or field == "roles":
            record.setdefault(field, [])
            record[field] += value
        else:
            record[field] = value


def template_records(template: dict, state: dict) -> dict:
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


def dedupe(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


def build_records(paths: Sequence[Path]) -> Records:
    """The actors of these files merged with the generated states and the Phoenix actors: what
    analysis.knowledge.KnowledgeBase is made of (actors, lineage, rank, codes, lookup_only)."""
    from analysis import phoenix

    files = [read_file(path) for path in paths]
    not_aliases = {word.casefold() for file in files for word in file["not_aliases"]}

    # Curated entries merged across files (later files win), remembering where each came from.
    overlays: dict[str, dict] = {}
    sources: dict[str, str] = {}
    lineage: list[Lineage] = []
    for file in files:
        for entry in file["entries"]:
            overlay = overlays.setdefault(entry.actor_id, {"id": entry.actor_id})
            merge_entry(overlay, entry.data)
            sources[entry.actor_id] = entry.source
            lineage += entry.data["lineage"]
    # Ambiguous names go to the actor listed first, the user's own files before the packaged one.
    rank: dict[str, int] = {}
    for file in reversed(files):
        for entry in file["entries"]:
            rank.setdefault(entry.actor_id, len(rank))

    records = generated_states(not_aliases)
    merged = set()
    for actor_id, overlay in overlays.items():  # states first: the templates need their final names
        if actor_id in records or overlay.get("kind") == "state":
            merge_entry(records.setdefault(actor_id, {"id": actor_id}), overlay)
            merged.add(actor_id)
    templates = {str(template["id"]): template for file in files for template in file["templates"]}
    states = [record for record in records.values() if record.get("kind") == "state"]
    for template in templates.values():
        for state in states:
            generated = template_records(template, state)
            records.setdefault(generated["id"], generated)
    for actor_id, overlay in overlays.items():
        if actor_id not in merged:
            merge_entry(records.setdefault(actor_id, {"id": actor_id}), overlay)
    actors = {actor_id: freeze(record, sources.get(actor_id, LIBRARY_SOURCE)) for actor_id, record in records.items()}
    lookup_only = phoenix.add_actors(actors)  # office holders, organisations and groups the YAML does not have
    for actor_id in actors:
        rank.setdefault(actor_id, len(rank))

    codes = {actor_id: dedupe(record.get("codes", [])) for actor_id, record in records.items()}
    check_references(actors, lineage, sources)
    return Records(actors, tuple(lineage), rank, codes, lookup_only)


def freeze(record: dict, source: str) -> Actor:
    actor_id = record["id"]
    for field in ("name", "kind"):
        if not record.get(field):
            raise fail(source, actor_id, f"has no {field}: a new actor needs a name and a kind "
                        f"({', '.join(ACTOR_KINDS)}); an entry that only extends must use an existing id")
    excluded = set(record.get("exclude") or [])
    keep = lambda values: dedupe(value for value in values if value not in excluded)  # noqa: E731
    demonyms = keep(record.get("demonyms", []))
    # A library spelling that is the people's adjective ("Thai", "Togolese") is a demonym, not a name.
    aliases = keep(strip_the(alias) for alias in [record["name"], *record.get("aliases", [])]
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


def check_references(actors: dict[str, Actor], lineage: Sequence[Lineage], sources: dict[str, str]) -> None:
    known = set(actors)
    for actor_id, actor in actors.items():
        source = sources.get(actor_id, LIBRARY_SOURCE)
        if actor.country is not None and (actor.country not in known or actors[actor.country].kind != "state"):
            raise fail(source, actor_id, f"country={actor.country!r} is not a state in the knowledge base; "
                        "use an ISO3 code such as RUS, or add the state")
        if actor.affiliation is not None and actor.affiliation not in known:
            raise fail(source, actor_id, f"affiliation={actor.affiliation!r} is not an actor id in the knowledge base")
        for role in actor.roles:
            if role.target not in known:
                raise fail(source, actor_id, f"role target={role.target!r} is not an actor id in the knowledge base")
    for link in lineage:
        for end in (link.predecessor, link.successor):
            if end not in known:
                owner = link.successor if end == link.predecessor else link.predecessor
                raise fail(sources.get(owner, LIBRARY_SOURCE), owner,
                            f"lineage names {end!r}, which is not an actor id in the knowledge base")
