"""Actor ids → their family representatives on a date, by lineage, affiliation and rulers.

    fold_actor(actor_id, *, knowledge_base, on)     one actor's family representative on a day
    fold_actors(table, *, knowledge_base)           table + source_family, target_family
    Folder(knowledge_base, by_affiliation=...)      the folding itself, caching what it looked up
                                                    (analysis.reversals folds every observation with one)

`knowledge_base=None` loads the kit's default knowledge base (`analysis.knowledge`); any object with
its `get`, `lineage`, `family` and `governing_actor` will do.

One representative actor per observation side, on the observation's date:
    1. lineage: an actor folds into its latest successor through the links that continue it —
       succeeded_by, then merged_into, then gave_rise_to; a link is followed only when it is the
       actor's one successor of the best such relation (the Soviet Union → Russia, the Mujahideen →
       the Taliban; Yugoslavia → Serbia and Montenegro → Serbia, never into the states it split into);
    2. affiliation (option `by_affiliation`, on by default): an actor that is not a state folds into
       the actor it is affiliated with (the knowledge base defaults persons, organizations,
       governments and operations to their country: the CIA → the United States, a minister → his
       state, the Haqqani network → the Taliban);
    3. rulers (not for a state that authors documents of the corpus: it speaks as itself): a state folds
       into the non-state actor (kind armed_group, group or organization)
       holding a "governs" role over it on the observation's date — Afghanistan in 1998 and in 2025 →
       the Taliban, Afghanistan in 2010 stays Afghanistan. Persons and governments that govern a
       state fold back into it, so they never replace it. An undated observation keeps the state.
    The steps repeat until nothing changes.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable

import pandas as pd

from analysis import tables
from analysis.stance_series import check_table

__all__ = ["CONTINUING_RELATIONS", "Folder", "RULER_KINDS", "fold_actor", "fold_actors", "fold_table"]

# Kinds of actor that replace the state they govern; persons and governments stand for the state.
RULER_KINDS = ("armed_group", "group", "organization")
# Lineage relations through which an actor continues, best first; split_into is never followed.
CONTINUING_RELATIONS = ("succeeded_by", "merged_into", "gave_rise_to")


def check_flag(name: str, value) -> None:
    if not isinstance(value, bool):
        raise ValueError(f"{name}={value!r} is not allowed; allowed: True, False")


def knowledge_base_or_default(knowledge_base):
    """`knowledge_base`, or the kit's default one when it is None."""
    if knowledge_base is not None:
        return knowledge_base
    from analysis.knowledge import load_knowledge_base

    return load_knowledge_base()


class Folder:
    """Folds actor ids into family representatives with one knowledge base, caching what it looked up."""

    def __init__(self, knowledge_base, *, by_affiliation: bool, speaking: Iterable[str] = ()):
        self.knowledge_base = knowledge_base
        self.by_affiliation = by_affiliation
        self.successor = self._successors(knowledge_base.lineage)
        self._static: dict[str, str] = {}
        # States that author documents of the corpus speak as themselves whoever governs them: Cambodia's
        # speeches of 1976 are Cambodia's, not a history of the Khmer Rouge (no ruler folding for them)
        self.speaking = {self.static(str(actor)) for actor in speaking if actor}
        self._rulers: dict[str, tuple[str, ...]] = {}
        self._governing: dict[tuple[str, date], str] = {}

    @staticmethod
    def _successors(lineage: Iterable) -> dict[str, str]:
        links: dict[str, list] = {}
        for link in lineage:
            if link.relation in CONTINUING_RELATIONS:
                links.setdefault(link.predecessor, []).append(link)
        chosen = {}
        for predecessor, found in links.items():
            best = min(CONTINUING_RELATIONS.index(link.relation) for link in found)
            candidates = {link.successor for link in found if CONTINUING_RELATIONS.index(link.relation) == best}
            if len(candidates) == 1:
                chosen[predecessor] = candidates.pop()
        return chosen

    def kind(self, actor_id: str) -> str | None:
        actor = self.knowledge_base.get(actor_id)
        return None if actor is None else actor.kind

    def static(self, actor_id: str) -> str:
        """The family through lineage and affiliation alone (no dates)."""
        if actor_id not in self._static:
            current, seen = actor_id, {actor_id}
            while True:
                actor = self.knowledge_base.get(current)
                following = self.successor.get(current)
                if following is None and self.by_affiliation and actor is not None and actor.kind != "state":
                    following = actor.affiliation
                if not following or following in seen:
                    break
                seen.add(following)
                current = following
            self._static[actor_id] = current
        return self._static[actor_id]

    def rulers(self, state_id: str) -> tuple[str, ...]:
        """Non-state actors with a "governs" role over `state_id` at some time, latest first."""
        if state_id not in self._rulers:
            found = []
            if self.kind(state_id) == "state" and state_id not in self.speaking:
                for candidate in sorted(self.knowledge_base.family(state_id)):
                    actor = self.knowledge_base.get(candidate)
                    if actor is None or actor.kind not in RULER_KINDS:
                        continue
                    starts = [role.start or date.min for role in actor.roles
                              if role.relation == "governs" and role.target == state_id]
                    if starts:
                        found.append((max(starts), candidate))
            self._rulers[state_id] = tuple(candidate for _, candidate in sorted(found, reverse=True))
        return self._rulers[state_id]

    def fold(self, actor_id: str, on: date | None) -> str:
        """The family representative of `actor_id` on the day `on` (None: undated)."""
        family = self.static(actor_id)
        if on is None or not self.rulers(family):
            return family
        key = (family, on)
        if key not in self._governing:
            governor = self.knowledge_base.governing_actor(family, on=on)
            folded = family
            if governor and governor != family and self.kind(governor) in RULER_KINDS:
                folded = self.static(governor)
            self._governing[key] = folded
        return self._governing[key]

    def in_power(self, ruler_id: str, on: date) -> bool:
        """Whether `ruler_id` governs some state on the day `on` (the Taliban in 1998 and 2025, not in 2018)."""
        actor = self.knowledge_base.get(ruler_id)
        return actor is not None and any(role.relation == "governs" and role.active(on) for role in actor.roles)

    def history(self, family: str) -> str:
        """The actor whose history `family` belongs to: a state ever governed by a ruler → that ruler."""
        rulers = self.rulers(family)
        return self.static(rulers[0]) if rulers else family


def fold_actor(actor_id: str, *, knowledge_base, on: date | None = None, by_affiliation: bool = True) -> str:
    """The family representative of one actor on the day `on` (see the module docstring)."""
    check_flag("by_affiliation", by_affiliation)
    return Folder(knowledge_base_or_default(knowledge_base), by_affiliation=by_affiliation).fold(actor_id, on)


def _fold_column(ids: pd.Series, days: pd.Series, folder: Folder) -> pd.Series:
    actors = ids.astype("object").where(ids.notna(), None)
    static = {actor: folder.static(actor) for actor in actors.dropna().unique()}
    result = actors.map(static)
    # Only a state that some ruler governs at some time needs the row's date.
    dated_actors = [actor for actor, family in static.items() if folder.rulers(family)]
    dated = actors.isin(dated_actors) & days.notna()
    if dated.any():
        pairs = pd.DataFrame({"actor": actors[dated], "day": days[dated]})
        unique = pairs.drop_duplicates()
        folded = {
            (actor, day): folder.fold(actor, day.date())
            for actor, day in zip(unique["actor"], unique["day"])
        }
        result[dated] = [folded[key] for key in zip(pairs["actor"], pairs["day"])]
    return result.astype(tables.STRING)


def fold_table(table: pd.DataFrame, folder: Folder) -> pd.DataFrame:
    days = pd.to_datetime(table["date"], errors="coerce").dt.normalize()
    folded = table.copy()
    folded["source_family"] = _fold_column(table["source_id"], days, folder)
    folded["target_family"] = _fold_column(table["target_id"], days, folder)
    return folded


def fold_actors(table: pd.DataFrame, *, knowledge_base=None, by_affiliation: bool = True) -> pd.DataFrame:
    """`table` (stances or events) plus `source_family` and `target_family`: each side's family
    representative on the row's date (lineage, affiliation when `by_affiliation`, rulers; see the
    module docstring)."""
    check_table(table)
    check_flag("by_affiliation", by_affiliation)
    return fold_table(table, Folder(knowledge_base_or_default(knowledge_base), by_affiliation=by_affiliation))
