"""A person's title beside the name ("the British Defence Secretary, <name>", "Russian Deputy Foreign Minister
<name>", "<name>, Pakistan's ambassador") → the state the person serves, for the `country` of mentions and actors.

The title is a run of words of a state office (agent nouns of the government, military, police, intelligence,
legislature or judiciary sectors, analysis/data/agent_nouns.tsv: "Secretary", "Minister", "ambassador") and the
words that qualify them ("Deputy", "Foreign", "Defence"), owned by a mention of a state or of an actor with a
country just before it ("British", "Pakistan's", "the Kremlin's"). Found by walking at most `MAX_TITLE_WORDS`
tokens either side of the name: no parse is read, so the finding costs a few token checks per person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

MAX_TITLE_WORDS = 5
DETERMINERS = frozenset({"the", "a", "an"})
POSSESSIVES = frozenset({"'s", "’s", "'"})


def _title_word(token, office_words: frozenset[str]) -> bool:
    """A word of a title: capitalised ("Deputy", "Foreign"), or an office noun in any case ("ambassador")."""
    return (token.is_alpha and (token.is_title or token.is_upper)) or token.lower_ in office_words \
        or token.lower_ in ("-", "of")


def _has_office(tokens, office_words: frozenset[str]) -> bool:
    return any(token.lower_ in office_words for token in tokens)


def title_owner(doc: Doc, span: Span, owner_at: Callable[[int], str | None], office_words: frozenset[str]) -> str | None:
    """The country (ISO3) whose office the title beside `span` names, or None. `owner_at(token index)` gives the
    country of the mention covering that token (None when no mention with a country covers it)."""
    # Before: "[the] <owner>['s] <title words> [,] <name>"
    index = span.start - 1
    if index >= 0 and doc[index].text == ",":
        index -= 1
    title = []
    while index >= 0 and len(title) < MAX_TITLE_WORDS and owner_at(index) is None \
            and _title_word(doc[index], office_words):
        title.append(doc[index])
        index -= 1
    if index >= 0 and doc[index].text in POSSESSIVES:
        index -= 1
    if title and index >= 0 and owner_at(index) is not None and _has_office(title, office_words):
        return owner_at(index)
    # After: "<name>, [the] <owner>['s] <title words>"
    index = span.end
    if index < len(doc) and doc[index].text == ",":
        index += 1
        while index < len(doc) and doc[index].lower_ in DETERMINERS:
            index += 1
        owner = owner_at(index) if index < len(doc) else None
        if owner is not None:
            while index < len(doc) and owner_at(index) == owner:
                index += 1
            if index < len(doc) and doc[index].text in POSSESSIVES:
                index += 1
            title = []
            while index < len(doc) and len(title) < MAX_TITLE_WORDS and owner_at(index) is None \
                    and _title_word(doc[index], office_words):
                title.append(doc[index])
                index += 1
            if _has_office(title, office_words):
                return owner
    return None
