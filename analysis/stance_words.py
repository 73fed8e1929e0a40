"""Words of a parsed phrase as the stance rules read them: a cue word with its prefix, negation and distancing
on it or above it, the intensifiers on it, and the subject of the clause a noun is the object of.

Each function reads a token (and its neighbours in the parse) against the stance lexicon of a
`DocumentView`; none writes to the Doc.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.parsed import lemma
from analysis.stance_speakers import DocumentView, children, verb_lemma

if TYPE_CHECKING:
    from spacy.tokens import Token


def cue_word(view: DocumentView, token: Token) -> tuple[str | None, float, tuple[int, ...]]:
    """(lexicon lemma, factor, tokens) of a word with its prefix read: factor 0 for "non-", the inverting factor
    for "anti-"; a hyphenated whole the lexicon lists wins ("neo-colonialism", "so-called")."""
    lexicon, doc, index, lower = view.lexicon, view.doc, token.i, token.lower_
    prefix, found, tokens = None, lexicon.lookup(lower), (index,)
    if index >= 2 and doc[index - 1].text == "-" and not doc[index - 1].whitespace_ and not doc[index - 2].whitespace_:
        prefix, tokens = doc[index - 2].lower_, (index - 2, index - 1, index)
        whole = lexicon.lookup(f"{prefix}-{lower}")
        if whole is not None:
            return whole, 1.0, tokens
    elif found is None and "-" in lower:
        prefix, _, rest = lower.partition("-")
        found = lexicon.lookup(rest)
    if prefix is None or prefix in lexicon.neutral_prefixes:
        return found, 1.0, tokens
    if prefix in lexicon.negating_prefixes:
        return found, 0.0, tokens
    if prefix in lexicon.inverting_prefixes:
        return found, lexicon.inverting_factor, tokens
    return None, 1.0, tokens  # "be-cause" is not "cause"


def is_negated(view: DocumentView, token: Token) -> bool:
    """A negator on the token: "no aggression", "not friendly", "never an ally", "neither … nor"."""
    negators = view.lexicon.negators
    return any(child.dep_ == "neg" or (child.lower_ in negators and child.dep_ in ("det", "advmod", "preconj", "cc"))
               for child in token.children)


def is_distanced(view: DocumentView, noun: Token) -> bool:
    """A word that denies the noun applies: "the so-called threat", "the alleged aggression"."""
    distancing = view.lexicon.distancing
    return any(child.dep_ in ("amod", "advmod") and child.i < noun.i and cue_word(view, child)[0] in distancing
               for child in noun.children)


def governor_negated(view: DocumentView, noun: Token) -> bool:
    """Negation above a noun: "without interference", a negated copula or agent verb ("X is not an aggressor",
    "X has never committed aggression")."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "without":
        return True
    if _denied_by(view, noun):
        return True
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        # "without a revival of militarism", "no trace of hostility": the noun the cue completes is negated
        above = head.head
        return is_negated(view, above) or (above.dep_ == "pobj" and above.head.lower_ == "without")
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if head.pos_ in ("VERB", "AUX") and noun.dep_ in ("dobj", "attr", "nsubj", "nsubjpass", "pobj", "acomp"):
        verb = verb_lemma(head)
        if verb in view.lexicon.copulas or verb in view.lexicon.agent_verbs:
            return is_negated(view, head)
    return False


def _denied_by(view: DocumentView, noun: Token) -> bool:
    """A noun of refusal or want above the noun: "the lack of cooperation with X" (through "of"), "the refusal to
    have dialogue with X" (through the infinitive it governs)."""
    denying, head = view.lexicon.denying_words, noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of":
        return verb_lemma(head.head) in denying
    return noun.dep_ == "dobj" and head.dep_ == "acl" and head.tag_ == "VB" and verb_lemma(head.head) in denying


def intensity(view: DocumentView, token: Token) -> float:
    factor = 1.0
    for child in token.children:
        if child.dep_ in ("advmod", "amod") and child.i < token.i:
            factor *= view.lexicon.intensifiers.get(child.lower_, 1.0)
    return factor


def clause_subject(noun: Token) -> tuple[Token | None, Token | None]:
    """(verb, subject) of the clause in which `noun` is the object, directly or through "of" ("we express our
    gratitude", "X showed evidence of respect for …"); the subject is inherited by infinitives."""
    current, verb = noun, None
    for _ in range(3):
        if current.dep_ in ("dobj", "dative") and current.head.pos_ in ("VERB", "AUX"):
            verb = current.head
        elif current.dep_ == "pobj" and current.head.dep_ in ("prep", "dative"):
            prep = current.head
            if prep.head.pos_ in ("VERB", "AUX"):
                verb = prep.head
            elif prep.head.pos_ in ("NOUN", "PRON"):  # "evidence of respect", "nothing but contempt"
                current = prep.head
                continue
        break
    subject = None
    for _ in range(3):
        if verb is None:
            break
        subjects = children(verb, "nsubj")
        if subjects:
            subject = subjects[0]
            break
        if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
            subject = verb.head  # "the decision of X to initiate a dialogue": the noun's owner acts
            break
        if verb.dep_ not in ("xcomp", "conj") or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb, subject


def is_resolved(view: DocumentView, noun: Token) -> bool:
    """A relation noun that is settled, ended or eased: the object or passive subject of a resolving verb
    ("the dispute was resolved", "settled their differences"), or the "of"/"to" phrase of a resolving noun
    ("the settlement of the dispute", "an end to the hostility")."""
    words = view.lexicon.resolving_words
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB" and verb_lemma(head) in words:
        return True
    if noun.dep_ == "nsubj" and head.pos_ == "VERB" and verb_lemma(head) in words and not children(head, "dobj"):
        return True  # "the tension eased", "the hostility subsided"
    if noun.dep_ == "pobj" and head.lower_ in ("of", "to") and head.head.pos_ == "NOUN":
        return lemma(head.head).lower() in words
    return False
