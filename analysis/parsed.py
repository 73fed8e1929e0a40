"""Cheap reads of parsed Docs that the extraction stages share: sentences and lemmas on demand.

No spaCy import here: modules that only sometimes see a Doc (dates reads corpus headers too) use these
without loading spaCy.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Callable, Iterable

import numpy

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

# Lemmatizers run on demand (see `nlp.defer_lemmatizer`), by the id of the vocabulary their pipeline
# shares with every Doc it makes; the Vocab is kept alive with its lemmatizer so the id is never reused.
# Each comes with a cache of its lemmas by (word, part of speech, morphology), the inputs the English rule
# lemmatizer reads: its own cache skips base forms and words without rules, which are most of the words
# asked for, and recomputing them was a third of the event stage's time.
_DEFERRED_LEMMATIZERS: dict[int, tuple["Vocab", Callable[["Token"], list[str]], dict[tuple[int, int, int], str]]] = {}


def register_lemmatizer(vocab: "Vocab", lemmatize: Callable[["Token"], list[str]]) -> None:
    _DEFERRED_LEMMATIZERS[id(vocab)] = (vocab, lemmatize, {})


def lemma(token: "Token") -> str:
    """`token.lemma_`, computed on first use when the pipeline's lemmatizer is deferred."""
    if token.lemma == 0:
        deferred = _DEFERRED_LEMMATIZERS.get(id(token.doc.vocab))
        if deferred is not None:
            _, lemmatize, cache = deferred
            key = (token.orth, token.pos, token.morph.key)
            found = cache.get(key)
            if found is None:
                found = cache[key] = lemmatize(token)[0]
            token.lemma_ = found
    return token.lemma_


def first_conjunct(token: "Token") -> "Token":
    """The first of a coordination's conjuncts ("Aisby" for "Heydour" in "Aisby and Heydour are …"; the
    withdrawal for the return in "the withdrawal of X and the return of Y")."""
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head
    return token


def sentences(doc: "Doc") -> list["Span"]:
    """`list(doc.sents)`, read from the SENT_START array: `doc.sents` makes a Token object for every token
    of the text, which cost a tenth of the extraction time when every stage walked it."""
    if not doc.has_annotation("SENT_START"):
        return list(doc.sents)  # raises spaCy's own error for a Doc without sentence boundaries
    starts = [0, *(numpy.flatnonzero(doc.to_array("SENT_START")[1:] == 1) + 1).tolist()] if len(doc) else []
    ends = [*starts[1:], len(doc)]
    return [doc[start:end] for start, end in zip(starts, ends)]


DOUBLE_QUOTES = ('"', "“", "”", "«", "»", "„")
CLOSING_QUOTES = frozenset({"”", "»"})


def paired_quotes(marks: Iterable[tuple[int, str]]) -> list[tuple[int, int]]:
    """(opening, closing) token indices of the quotations that double quotation marks (index, text, in text
    order) make: a mark opens unless it can only close ("”", "»"), and the next mark closes it."""
    quotes, opened = [], None
    for index, text in marks:
        if opened is None and text not in CLOSING_QUOTES:
            opened = index
        elif opened is not None:
            quotes.append((opened, index))
            opened = None
    return quotes


def enclosing_quote(quotes: list[tuple[int, int]], index: int) -> int | None:
    """The number of the quotation in `quotes` (from `paired_quotes`) whose marks enclose token `index`, or None."""
    number = bisect_right(quotes, (index, float("inf"))) - 1
    return number if number >= 0 and quotes[number][0] < index < quotes[number][1] else None


def quotation_verb(doc: "Doc", start: int, end: int, *, sentence_at: Callable[[int], "Span"],
                   is_reporting: Callable[["Token"], bool]) -> "Token | None":
    """The verb the text gives the quotation between the marks at tokens `start` and `end` to: a statement verb
    outside the marks in the sentence where they open or close ('"We will never yield," the minister said'), else
    the main verb of the clause a colon before them ends ("Kenya took a clear position: "We shall never …"");
    None when the text does not say. `sentence_at(i)` is the sentence of token i."""
    opening, closing = sentence_at(start), sentence_at(end)
    for token in [*doc[opening.start : start], *doc[end + 1 : closing.end]]:
        if is_reporting(token):
            return token
    if start > 0 and doc[start - 1].text == ":":
        # the clause's own head: the parser may hang it on the quotation's verb
        before = range(opening.start, start)
        return next((token for token in doc[opening.start : start] if token.pos_ in ("VERB", "AUX")
                     and (token.head.i == token.i or token.head.i not in before)), None)
    return None

