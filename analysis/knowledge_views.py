"""What the knowledge base derives from its actors beyond name lookups: lineage families, and the
SpanRuler patterns that find its names in text (a mixin of analysis.knowledge.KnowledgeBase, which
holds `actors`, `lineage`, `lookup_only`, `_rank` and `_governors`).
"""

from __future__ import annotations

from typing import Iterator

from analysis.actor_keys import plural, variants

# SpanRuler labels, NER-like, so the statistical NER and the rules agree on what a span is.
LABEL_OF_KIND = {
    "state": "GPE", "person": "PERSON", "place": "LOC", "operation": "EVENT", "group": "NORP",
    "government": "ORG", "armed_group": "ORG", "organization": "ORG", "igo": "ORG",
}
SEAT_LABEL = "FAC"
DEMONYM_LABEL = "NORP"


class FamiliesAndPatterns:
    """Lineage walks, families and ruler patterns of a KnowledgeBase."""

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
