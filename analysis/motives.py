"""Stated purposes and causes in a spaCy Doc → motive rows (actor, category, cue, sentence).

A motive needs a cue that announces a purpose or a cause ("in order to", "aiming at", "because of",
"enables") and, in the words the cue governs, a term of a motive category ("terrorism",
"drug", "trade", "oil"). The actor is the subject of the nearest verb above the cue that has an
actor as subject, else the source of an event in the sentence, else the document's author; an
organ of a state (its foreign ministry, its president, "the Kremlin") speaks for that state.
Cues and category terms live in analysis/data/motive_cues.yaml.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Sequence

import yaml

from analysis.actors import sentence_index
from analysis.knowledge import KnowledgeBase

if TYPE_CHECKING:  # spaCy itself is imported when a matcher is first built
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

CUES_PATH = Path(__file__).parent / "data" / "motive_cues.yaml"
# Organs whose stated motives are their state's: a ministry, a leader, an agency of that state.
SPEAKS_FOR_STATE = {"organization", "person", "government"}


@lru_cache(maxsize=4)
def load_cues(path: str | Path = CUES_PATH) -> dict:
    """The cue phrases (by kind) and category terms of `path`, lower-cased."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    cues = {kind: tuple(phrase.lower() for phrase in phrases) for kind, phrases in data["cues"].items()}
    categories = {category: tuple(term.lower() for term in terms) for category, terms in data["categories"].items()}
    return {"cues": cues, "categories": categories}


_MATCHERS: dict[int, PhraseMatcher] = {}


def _matcher(vocab: Vocab, cues: Mapping[str, Sequence[str]]) -> PhraseMatcher:
    """One phrase matcher per vocabulary (per loaded pipeline), built on first use."""
    if id(vocab) not in _MATCHERS:
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        matcher = PhraseMatcher(vocab, attr="LOWER")
        for kind, phrases in cues.items():
            matcher.add(kind, [Doc(vocab, words=phrase.split()) for phrase in phrases])
        _MATCHERS[id(vocab)] = matcher
    return _MATCHERS[id(vocab)]


@lru_cache(maxsize=256)
def _term_pattern(term: str) -> re.Pattern:
    """A category term is a whole word, or a word beginning when it ends with "*" ("terror*")."""
    if term.endswith("*"):
        return re.compile(r"\b" + re.escape(term[:-1]))
    return re.compile(r"\b" + re.escape(term) + r"\b")


def _scope(cue: Span) -> Span:
    """The words a cue governs: from the cue to the end of its clause (the next semicolon or the sentence end)."""
    sentence = cue.sent
    end = cue.end
    while end < sentence.end and sentence.doc[end].text not in {";", ":"}:
        end += 1
    return sentence.doc[cue.start : end]


def categories_in(scope: Span, categories: Mapping[str, Sequence[str]]) -> list[str]:
    """Motive categories with a term in `scope`, in the order of the vocabulary."""
    text = scope.text.lower()
    return [category for category, terms in categories.items() if any(_term_pattern(term).search(text) for term in terms)]


def _mention_at(token: Token, mentions: Sequence[Mapping]) -> Mapping | None:
    subtree = [child for child in token.subtree]
    start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
    inside = [mention for mention in mentions if mention["actor_id"] and start <= mention["start"] and mention["end"] <= end]
    # The mention nearest the subject's head word is the subject ("Afghanistan's Taliban government" → Taliban).
    return min(inside, key=lambda mention: abs(mention["start"] - token.idx), default=None)


def acting_actor(cue: Span, sent_id: int, mentions: Sequence[Mapping], events: Sequence[Mapping], author_id: str | None) -> str | None:
    """Who the motive belongs to (see the module docstring)."""
    token: Token = cue.root
    while True:
        for child in token.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                mention = _mention_at(child, mentions)
                if mention is not None:
                    return mention["actor_id"]
        if token.head.i == token.i:  # the root (Token objects are new on each access: compare positions)
            break
        token = token.head
    sentence_events = [event for event in events if event["sent_id"] == sent_id and event.get("source_id")]
    if sentence_events:
        return sentence_events[0]["source_id"]
    return author_id


def speaking_state(knowledge_base: KnowledgeBase, actor_id: str | None) -> str | None:
    """A state organ's motives are its state's: mfa_rus → RUS, vladimir_putin → RUS."""
    actor = knowledge_base.get(actor_id) if actor_id else None
    if actor is not None and actor.kind in SPEAKS_FOR_STATE and actor.country and knowledge_base.get(actor.country):
        return actor.country
    return actor_id


def extract_motives(
    doc: Doc,
    mentions: Sequence[Mapping],
    events: Sequence[Mapping] = (),
    *,
    knowledge_base: KnowledgeBase,
    author_id: str | None = None,
) -> list[dict]:
    """Rows of the motives table (without doc_id): one per (cue, category) found in `doc`."""
    lexicon = load_cues()
    matcher = _matcher(doc.vocab, lexicon["cues"])
    sentence_of = sentence_index(doc)
    rows, seen = [], set()
    for _, start, end in matcher(doc):
        cue = doc[start:end]
        scope = _scope(cue)
        sent_id = sentence_of[cue.sent.start]
        actor_id = speaking_state(knowledge_base, acting_actor(cue, sent_id, [m for m in mentions if m["sent_id"] == sent_id], events, author_id))
        for category in categories_in(scope, lexicon["categories"]):
            key = (sent_id, actor_id, category)
            if key in seen:
                continue
            seen.add(key)
            rows.append({"sent_id": sent_id, "actor_id": actor_id, "category": category, "cue": scope.text, "text": cue.sent.text})
    return rows
