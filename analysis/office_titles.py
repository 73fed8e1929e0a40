"""An office named by its title alone → the person holding it on the document's date.

"the Secretary-General of NATO", "the NATO Secretary General", "Hezbollah's Secretary-General" and, in a text
that names the United Nations, "the Secretary-General" are mentions of whoever held that office then, read off
the knowledge base's date-bounded roles that carry a title (analysis/data/actors.yaml: `roles: [{relation:
office, target: un, title: Secretary-General, …}]`; Phoenix's office holders are left out, their roles name a
sector such as "Government", not a title). The owner of the office is read, in order, from
  - an "of" phrase after the title naming an actor ("the Secretary-General of the United Nations");
  - a mention just before it ("the NATO Secretary General", "Hezbollah's Secretary-General", "the Soviet
    General Secretary");
  - for a bare title ("the Secretary-General"; not a vocative, "Mr. Chairman"), the person named beside that title
    earlier in the document ("Arab League Secretary-General Amr Moussa … the Secretary-General said"), else
    the organisation nearest before it in the document (after it when none comes before) among those whose
    office bears that title. A bare title resolves only when no state's office bears it: "the President" or
    "the Prime Minister" may be any of the states a text names, or the President of the General Assembly, so
    it stays no one.
A title right beside a person's name ("Secretary-General Kofi Annan", "Annan, the Secretary-General") is left to
that name; a title owned by something the knowledge base gives no holder ("the Chairman of the Committee"), or in
an undated document, names no one. Matching is by words only (no parse): a few token checks per capitalised word.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import TYPE_CHECKING, Iterator, NamedTuple, Sequence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from analysis.actor_records import Role
    from analysis.knowledge import KnowledgeBase

STATE_KINDS = frozenset({"state", "government"})
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
HYPHENS = frozenset({"-", "‑", "–"})
# The word before a bare title that makes it a reference to one office-holder: "the Secretary-General". A vocative
# ("Mr. Chairman", "Mr. President") addresses whoever is in the chair, who is seldom the holder of that title the
# knowledge base knows.
BARE_LEADS = frozenset({"the"})


class Holder(NamedTuple):
    actor_id: str
    role: Role  # its target is the actor whose office it is


class TitleIndex(NamedTuple):
    holders: dict[tuple[str, ...], list[Holder]]  # title words, lower case → who held that office, when
    state_titles: frozenset[tuple[str, ...]]  # titles some state's office bears
    longest: int


def title_key(title: str) -> tuple[str, ...]:
    """ "Secretary-General" and "Secretary General" → ("secretary", "general")."""
    for hyphen in HYPHENS:
        title = title.replace(hyphen, " ")
    return tuple(title.lower().split())


@functools.lru_cache(maxsize=4)
def title_index(knowledge_base: KnowledgeBase) -> TitleIndex:
    holders: dict[tuple[str, ...], list[Holder]] = {}
    state_titles = set()
    for actor_id, actor in knowledge_base.actors.items():
        if actor_id in knowledge_base.lookup_only:
            continue  # Phoenix's office holders: their roles name a sector ("Government", "Elite"), not a title
        for role in actor.roles:
            if role.relation != "office" or not role.title:
                continue
            key = title_key(role.title)
            holders.setdefault(key, []).append(Holder(actor_id, role))
            office = knowledge_base.get(role.target)
            if office is None or office.kind in STATE_KINDS:
                state_titles.add(key)
    return TitleIndex(holders, frozenset(state_titles), max(map(len, holders), default=0))


class TitleSpan(NamedTuple):
    start: int  # token indices of the title's words
    end: int
    key: tuple[str, ...]


def _words_from(doc: Doc, index: int, longest: int) -> list[tuple[int, str]]:
    """(token end, lower-case word) for the capitalised words from `index` on, hyphens between them skipped."""
    words = []
    position = index
    while position < len(doc) and len(words) < longest:
        token = doc[position]
        if token.text in HYPHENS and words and not doc[position - 1].whitespace_:
            position += 1
            continue
        if not (token.is_alpha and (token.is_title or token.is_upper)):
            break
        words.append((position + 1, token.lower_))
        position += 1
    return words


def title_spans(doc: Doc, index: TitleIndex) -> Iterator[TitleSpan]:
    """The longest known title at each capitalised word, left to right, never overlapping."""
    position = 0
    while position < len(doc):
        words = _words_from(doc, position, index.longest)
        found = None
        for length in range(len(words), 0, -1):
            key = tuple(word for _, word in words[:length])
            end = words[length - 1][0]
            if length < len(words) and doc[end].text in HYPHENS:
                continue  # "Director" of "Director-General": part of a longer title
            if key in index.holders:
                found = TitleSpan(position, end, key)
                break
        if found is None:
            position += 1
            continue
        yield found
        position = found.end


class OfficeHolders:
    """Finds title mentions in one document, given its resolved mentions as (span, actor_id) pairs."""

    def __init__(self, knowledge_base: KnowledgeBase, on: date, named: Sequence[tuple[Span, str | None]]):
        self.index = title_index(knowledge_base)
        self.on = on
        self.actor_at: dict[int, str] = {}
        self.person_at: dict[int, str | None] = {}
        for span, actor_id in named:
            for token in span:
                if actor_id:
                    self.actor_at[token.i] = actor_id
                if span.label_ == "PERSON":
                    self.person_at[token.i] = actor_id
        self.order = sorted((span.start, actor_id) for span, actor_id in named if actor_id)
        # title → the person named beside it earlier ("Arab League Secretary-General Amr Moussa … the Secretary-
        # General said"): a later bare title is that person
        self.named_holder: dict[tuple[str, ...], str | None] = {}

    def find(self, doc: Doc) -> Iterator[tuple[TitleSpan, str]]:
        """(title span, the holder's actor_id) for every title the document names a holder by."""
        for title in title_spans(doc, self.index):
            if any(token in self.actor_at for token in range(title.start, title.end)):
                continue  # inside a name already read ("the Secretary-General Kofi Annan", a knowledge-base alias)
            beside = self._name_beside(doc, title)
            if beside is not None:
                self.named_holder[title.key] = self.person_at[beside]
                continue
            holder = self._holder(doc, title)
            if holder is not None:
                yield title, holder

    def _name_beside(self, doc: Doc, title: TitleSpan) -> int | None:
        """The token of a person's name right after the title or before it, a comma or "the" between."""
        after = title.end + (1 if title.end < len(doc) and doc[title.end].text == "," else 0)
        before = title.start - 1
        while before >= 0 and doc[before].lower_ in ("the", ","):
            before -= 1
        return next((token for token in (after, before) if token in self.person_at), None)

    def _holder(self, doc: Doc, title: TitleSpan) -> str | None:
        holders = [holder for holder in self.index.holders[title.key] if holder.role.active(self.on)]
        following = doc[title.end] if title.end < len(doc) else None
        if following is not None and following.lower_ == "of":
            owner = self.actor_at.get(self._first_word(doc, title.end + 1))
            return self._of(holders, owner)  # "the Chairman of the Committee": owned, but by no one known
        owner = self._owner_before(doc, title.start)
        if owner is not None:
            return self._of(holders, owner)
        if title.key in self.index.state_titles or title.start == 0 or doc[title.start - 1].lower_ not in BARE_LEADS:
            return None
        if title.key in self.named_holder:
            return self.named_holder[title.key]  # None: a person the knowledge base does not know, not the office's
        return self._nearest(holders, title.start)

    @staticmethod
    def _first_word(doc: Doc, index: int) -> int:
        return index + 1 if index < len(doc) and doc[index].lower_ == "the" else index

    def _owner_before(self, doc: Doc, start: int) -> str | None:
        index = start - 1
        if index >= 0 and doc[index].text in POSSESSIVES:
            index -= 1
        return self.actor_at.get(index) if index >= 0 else None

    def _of(self, holders: list[Holder], owner: str | None) -> str | None:
        if owner is None:
            return None
        found = [holder.actor_id for holder in holders if holder.role.target == owner]
        return found[0] if len(set(found)) == 1 else None

    def _nearest(self, holders: list[Holder], start: int) -> str | None:
        offices = {holder.role.target: holder.actor_id for holder in holders}
        before = [(position, actor_id) for position, actor_id in self.order if position < start and actor_id in offices]
        after = [(position, actor_id) for position, actor_id in self.order if position > start and actor_id in offices]
        if before:
            return offices[before[-1][1]]
        return offices[after[0][1]] if after else None
