"""A name as written → the actor it spells, allowing for variants of spelling (rapidfuzz): a person ("Mohammed
Khatami", "Bhutto") among the persons named earlier in the document, else among the knowledge base's persons by
the date of the document; an organisation ("Mujahedeen-e Khalq") among the knowledge base's organisations.

A name matches another when their surnames (last words) are the same or nearly so, and their given names agree:
the same, nearly the same ("Mohammad" / "Mohammed"), an initial of the other, or absent from one of them
("Bhutto" / "Benazir Bhutto"). "Nearly" is a rapidfuzz similarity of at least `SIMILAR` (out of 100) on the names
folded to lower-case ASCII, for words of `MIN_FUZZY_LENGTH` letters or more; shorter words must agree exactly.
An organisation's name matches another of as many words when each word matches its counterpart so (at
`SIMILAR_WORD_OF_ORGANIZATION`).
Only candidates sharing a block (the surname's last `SUFFIX` letters; a word of an organisation's name) are
compared, so a document costs a few dictionary lookups per name, never a scan of the knowledge base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Iterable, Sequence

from rapidfuzz import fuzz

from analysis.knowledge import ascii_fold

if TYPE_CHECKING:
    from analysis.knowledge import Actor, KnowledgeBase

SIMILAR = 85
MIN_FUZZY_LENGTH = 5
SUFFIX = 3
# Words before a name that are no part of it: titles and honorifics ("President Putin", "Mr Bhutto").
TITLE_WORDS = frozenset({"mr", "mrs", "ms", "dr", "sir", "president", "prime", "minister", "general", "gen",
                         "king", "queen", "prince", "sheikh", "ayatollah", "hojatolislam", "mullah", "senator"})


def words_of(name: str) -> list[str]:
    """The words of a name folded to lower-case ASCII, without titles and punctuation: "President Vladimir V. Putin"
    → ["vladimir", "v", "putin"]."""
    words = [word for word in re.split(r"[\s.]+", ascii_fold(name).casefold().replace("'s", "")) if word]
    words = [re.sub(r"[^a-z\-]", "", word) for word in words]
    words = [word for word in words if word]
    while len(words) > 1 and words[0] in TITLE_WORDS:
        words = words[1:]
    return words


def similar(first: str, second: str, *, threshold: int = SIMILAR) -> bool:
    """Two words are one name spelt two ways: equal, or both long and nearly equal ("mohammad", "mohammed")."""
    if first == second:
        return True
    if min(len(first), len(second)) < MIN_FUZZY_LENGTH:
        return False
    return fuzz.ratio(first, second) >= threshold


def _given_agree(first: Sequence[str], second: Sequence[str]) -> bool:
    """Given names (the words before the surname) agree: one side has none, or each word of the shorter side
    matches a word of the longer one in order, as the same word, a variant or an initial."""
    if not first or not second:
        return True
    shorter, longer = sorted((list(first), list(second)), key=len)
    position = 0
    for index, word in enumerate(shorter):
        # an initial stands for the word in its own place only: "Bertrand Russell" is not "Richard B. Russell"
        while position < len(longer) and not (similar(word, longer[position]) or (
                min(len(word), len(longer[position])) == 1 and word[0] == longer[position][0] and position == index)):
            position += 1
        if position == len(longer):
            return False
        position += 1
    return True


def same_person(first: str, second: str) -> bool:
    """Whether two written names can be one person: "Mohammad Khatami" / "Mohammed Khatami", "Bhutto" /
    "Benazir Bhutto", "George W. Bush" / "George Bush"; not "Benazir Bhutto" / "Zulfikar Ali Bhutto"."""
    a, b = words_of(first), words_of(second)
    if not a or not b or not similar(a[-1], b[-1]):
        return False
    if (len(a) == 1 or len(b) == 1) and a[-1] != b[-1]:
        return False  # a surname alone is spelt exactly: "Hatami" is not "Khatami"
    return _given_agree(a[:-1], b[:-1])


@dataclass
class DocumentPersons:
    """The persons a document has named so far, found again by a variant of their name."""

    by_surname: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # surname → (name, actor id)

    def add(self, name: str, actor_id: str) -> None:
        words = words_of(name)
        if words:
            entries = self.by_surname.setdefault(words[-1][-SUFFIX:], [])
            if (name, actor_id) not in entries:
                entries.append((name, actor_id))

    def find(self, name: str) -> str | None:
        """The id of the one person named earlier that `name` can be (the latest when several are one id)."""
        words = words_of(name)
        if not words:
            return None
        ids = {actor_id for seen, actor_id in self.by_surname.get(words[-1][-SUFFIX:], ()) if same_person(name, seen)}
        return ids.pop() if len(ids) == 1 else None


class KnowledgePersons:
    """The knowledge base's persons by surname block, for names the knowledge base does not spell exactly."""

    def __init__(self, knowledge_base: KnowledgeBase):
        self.knowledge_base = knowledge_base
        self.by_block: dict[str, list[tuple[str, str]]] = {}
        for actor in knowledge_base.actors.values():
            if actor.kind != "person":
                continue
            for alias in actor.aliases:
                words = words_of(alias)
                if len(words) >= 2:  # a surname alone ("Putin") is an alias the lookup already finds
                    self.by_block.setdefault(words[-1][-SUFFIX:], []).append((alias, actor.actor_id))

    def find(self, name: str, *, on: date | None = None) -> Actor | None:
        """The knowledge base's person `name` spells, when one stands out on `on`: the only candidate, or the only
        one in office then, or the only one holding any role then."""
        words = words_of(name)
        if not words:
            return None
        ids = list(dict.fromkeys(actor_id for alias, actor_id in self.by_block.get(words[-1][-SUFFIX:], ())
                                 if same_person(name, alias)))
        return self._one(ids, on=on, surname_only=len(words) == 1)

    def _one(self, ids: list[str], *, on: date | None, surname_only: bool) -> Actor | None:
        if not ids:
            return None
        kb = self.knowledge_base
        day = on or date.today()
        steps = [[actor_id for actor_id in ids if kb.in_office(actor_id, on=day)]]
        if not surname_only:
            # a surname alone names the one in office, not one of a country's elite of the day ("As Gandhi said"
            # in 1978 is no quote of Rajiv Gandhi, who held no office until 1984)
            steps.append([actor_id for actor_id in ids if any(role.active(day) and (role.start or role.end)
                                                              for role in kb.actors[actor_id].roles)])
        for narrowed in steps:
            if len(narrowed) == 1:
                return kb.actors[narrowed[0]]
            if len(narrowed) > 1:
                return None
        # A surname alone names no one without a role then; a full name may name someone out of office.
        return kb.actors[ids[0]] if len(ids) == 1 and not surname_only else None


def knowledge_persons(knowledge_base: KnowledgeBase) -> KnowledgePersons:
    """The persons index of `knowledge_base`, built once per knowledge base."""
    return _index_of(knowledge_base, "_persons_index", KnowledgePersons)


def _index_of(knowledge_base: KnowledgeBase, attribute: str, build):
    """`build(knowledge_base)`, made once and kept on the knowledge base under `attribute`."""
    index = getattr(knowledge_base, attribute, None)
    if index is None:
        index = build(knowledge_base)
        setattr(knowledge_base, attribute, index)
    return index


def variants_of(names: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Across a table of discovered persons ((actor id, name) pairs): each id that is a spelling variant of another
    person's name → the id it joins (the first listed of its group). "mohammed_khatami" → "mohammad_khatami"."""
    persons = DocumentPersons()
    joined: dict[str, str] = {}
    for actor_id, name in names:
        found = persons.find(name)
        if found is not None and found != actor_id and len(words_of(name)) >= 2:
            joined[actor_id] = found
            continue
        persons.add(name, actor_id)
    return joined


# Kinds of actor an organisation's name (an NER ORG span) can stand for.
ORGANIZATION_KINDS = ("organization", "armed_group", "igo", "government")
MIN_BLOCK_LENGTH = 4
MAX_BLOCK_SIZE = 200  # a word shared by more names than this ("national", "iran") blocks nothing
MIN_ORGANIZATION_WORDS = 2
# Transliterated words of organisations' names vary more than given names ("Mujahedeen" / "Mujahedin": 84), and
# the other words of the name must match too.
SIMILAR_WORD_OF_ORGANIZATION = 80


def organization_words(name: str) -> list[str]:
    """An organisation's name folded for comparison: "The People's Mujahedin-e-Khalq" → ["peoples", "mujahedin",
    "e", "khalq"]."""
    words = re.split(r"[\s\-]+", ascii_fold(name).casefold().replace("'", "").replace("’", ""))
    words = [re.sub(r"[^a-z0-9]", "", word) for word in words]
    words = [word for word in words if word]
    return words[1:] if len(words) > 1 and words[0] == "the" else words


class KnowledgeOrganizations:
    """The knowledge base's organisations, groups and bodies by the words of their names."""

    def __init__(self, knowledge_base: KnowledgeBase):
        self.knowledge_base = knowledge_base
        self.names: list[tuple[list[str], str]] = []
        self.by_word: dict[str, list[int]] = {}
        for actor in knowledge_base.actors.values():
            if actor.kind not in ORGANIZATION_KINDS:
                continue
            for alias in actor.aliases:
                words = organization_words(alias)
                if len(words) < MIN_ORGANIZATION_WORDS:
                    continue
                number = len(self.names)
                self.names.append((words, actor.actor_id))
                for word in set(words):
                    if len(word) >= MIN_BLOCK_LENGTH:
                        self.by_word.setdefault(word, []).append(number)

    def find(self, name: str) -> Actor | None:
        """The one organisation `name` spells with variants of its words ("Mujahedeen-e Khalq" → the MEK)."""
        words = organization_words(name)
        if len(words) < MIN_ORGANIZATION_WORDS:
            return None
        candidates: set[int] = set()
        for word in set(words):
            block = self.by_word.get(word, ())
            if len(block) <= MAX_BLOCK_SIZE:
                candidates.update(block)
        ids = {self.names[number][1] for number in candidates
               if len(self.names[number][0]) == len(words)
               and all(similar(mine, theirs, threshold=SIMILAR_WORD_OF_ORGANIZATION)
                       for mine, theirs in zip(words, self.names[number][0]))}
        return self.knowledge_base.actors[ids.pop()] if len(ids) == 1 else None


def knowledge_organizations(knowledge_base: KnowledgeBase) -> KnowledgeOrganizations:
    """The organisations index of `knowledge_base`, built once per knowledge base."""
    return _index_of(knowledge_base, "_organizations_index", KnowledgeOrganizations)
