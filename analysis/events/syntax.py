"""Small reads of a dependency parse that every part of the events stage shares (no state, no spaCy import).

The English models use ClearNLP-style labels: nsubj, dobj, prep/pobj, xcomp, ccomp, advcl, relcl, acl …
"""

from __future__ import annotations

from typing import Iterator

from analysis.parsed import lemma

# Left-hand modifiers of a noun that may name its owner or doer ("Russian troops", "Afghanistan's government").
LEFT_MODIFIERS = ("poss", "compound", "amod", "nmod", "npadvmod")
# Children that open a clause of their own: a trigger's phrase stops there.
CLAUSE_CHILDREN = ("nsubj", "nsubjpass", "csubj", "csubjpass", "ccomp", "advcl", "conj", "parataxis", "relcl",
                   "cc", "punct", "mark")
# Prepositions of circumstance: what they govern happens around the act, it is not what the act is about.
CIRCUMSTANCE_PREPS = frozenset({"after", "before", "following", "during", "since", "despite", "amid", "amidst", "until"})
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that", "whose"})
COPULAS = frozenset({"be", "become", "remain"})
# "no doubt" affirms what follows; the parser makes it the subject of "… and no doubt has helped X"
AFFIRMING_NOUNS = frozenset({"doubt"})


def objects_of(verb) -> list:
    """The verb's direct objects, a relative pronoun standing for the noun its clause is on ("the weapons which
    Somalia has received", "the militants whom the CIA trained")."""
    return [verb.head if obj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" else obj
            for obj in children(verb, "dobj")]


def lower_lemma(token) -> str:
    return lemma(token).lower()


def forms(token) -> set[str]:
    """The token's lemma and its lower-case text: a word list matches either."""
    return {lemma(token).lower(), token.lower_}


def verb_forms(token) -> list[str]:
    """The verb's lemma, then guesses that undo a regular inflection: the statistical lemmatizer sometimes
    slips ("staged" → "stag"), and a trigger must not be lost to that."""
    word = token.lower_
    found = [lemma(token).lower(), word]
    for suffix, replacement in (("ied", "y"), ("ies", "y"), ("ed", "e"), ("ed", ""), ("d", ""), ("es", ""),
                                ("s", ""), ("ing", "e"), ("ing", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            found.append(word[: -len(suffix)] + replacement)
    return list(dict.fromkeys(found))


def children(token, *deps: str) -> list:
    return [child for child in token.children if child.dep_ in deps]


def is_verb(token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass")


CLAUSE_SLOTS = ("ROOT", "ccomp", "parataxis", "advcl")  # where a clause's verb stands, never a noun argument


def is_passive(token) -> bool:
    if any(child.dep_ in ("nsubjpass", "auxpass", "csubjpass") for child in token.children):
        return True
    # "a camp attacked by militiamen", "the ousted president", "diplomats accused of spying", "soldiers killed in
    # the attack": a participle on a noun is passive (the noun is what was done to). Only a participle with a
    # preposition hung on a noun standing where a clause's verb belongs (the root, a clausal complement) is that
    # clause's own verb, mis-tagged ("Iraqi militias resorted to firing rockets …").
    return (token.tag_ == "VBN" and token.dep_ in ("acl", "amod") and not children(token, "nsubj")
            and (bool(children(token, "agent")) or not children(token, "prep") or token.head.dep_ not in CLAUSE_SLOTS))


def is_to_infinitive(verb) -> bool:
    """A verb with its "to" ("to withdraw"), not a bare form after a modal ("will adhere")."""
    return any(child.dep_ == "aux" and child.lower_ == "to" for child in verb.children)


def is_infinitive(token) -> bool:
    return is_to_infinitive(token) or token.tag_ in ("VB", "VBG")


def is_cleft(verb) -> bool:
    """ "It was in 2022 that Russia removed …": a copula whose "that"-clause carries the event."""
    return lower_lemma(verb) == "be" and any(
        child.dep_ in ("ccomp", "advcl", "csubj") and any(mark.lower_ == "that" for mark in children(child, "mark"))
        for child in verb.children)


NESTED_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "csubj"})


def phrase(token) -> Iterator:
    """The trigger's own phrase: its subtree, subject included, without the clauses hung on it or on its words
    ("gave attention to the problem of women, who play no role in the economic sphere" gives no money)."""
    skip = {child.i for child in token.children if child.dep_ in CLAUSE_CHILDREN and child.dep_ not in ("nsubj", "nsubjpass")}
    stack = [token]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(child for child in current.children if child.i not in skip
                     and not (current is not token and child.dep_ in NESTED_CLAUSES))


def noun_phrase(head, *, preps: tuple[str, ...] = ()) -> list:
    """A noun and the words of its phrase, without the clauses hung on it and without its prepositional phrases
    except those of `preps` ("a group of African diplomats" with preps=("of",))."""
    found, stack = [], [head]
    while stack:
        token = stack.pop()
        found.append(token)
        stack.extend(child for child in token.children if child.dep_ not in ("relcl", "acl", "punct", "cc")
                     and (child.dep_ != "prep" or child.lower_ in preps))
    return found


def modifier_tokens(token) -> Iterator:
    for child in token.children:
        if child.dep_ in LEFT_MODIFIERS and child.i < token.i:
            yield from child.subtree


def object_words(heads) -> set[str]:
    """Lemmas and forms of object heads with their compounds, adjectives and "of" phrases ("state of emergency")."""
    words: set[str] = set()
    for head in heads:
        words |= forms(head)
        for child in head.children:
            if child.dep_ in ("compound", "amod", "nmod"):
                words |= forms(child)
            elif child.dep_ == "prep" and child.lower_ == "of":
                for pobj in children(child, "pobj"):
                    words |= forms(pobj)
    return words


def governed(token) -> list:
    """What a verb of appeal, intent, threat or refusal governs: its complements, its object and the
    prepositional phrases after it, but not the circumstances around it ("After the invasion, X pledged …")."""
    found = []
    for child in token.children:
        if child.dep_ in ("xcomp", "ccomp", "dobj", "dative", "attr", "oprd", "acomp", "acl"):
            found.append(child)
        elif child.dep_ == "advcl" and is_infinitive(child):
            found.append(child)
        elif child.dep_ in ("prep", "pcomp") and child.i > token.i and child.lower_ not in CIRCUMSTANCE_PREPS:
            found.append(child)
    return found


def by_objects(token) -> list:
    """The heads of the token's "by" phrases ("the shelling by Pakistan", "a plan produced by Russia")."""
    return [pobj for prep in token.children if prep.dep_ in ("prep", "agent") and prep.lower_ == "by"
            for pobj in children(prep, "pobj")]


def stray_objects(verb) -> list:
    """Objects the parser hung on a noun of the verb's own prepositional phrase: in "we welcome with deep
    satisfaction the initiative of X" the initiative becomes an object of "satisfaction". A noun takes no
    object, so it is the verb's."""
    # the tagger may call such a noun a verb ("satisfaction"/VERB), so its place in the parse decides; a gerund
    # ("by supporting X") takes its own object
    return [token for prep in children(verb, "prep") for token in prep.subtree
            if token.dep_ == "dobj" and token.head.dep_ in ("pobj", "conj") and token.head.tag_ != "VBG"
            and token.head.i != verb.i and token.i > prep.i]


def passive_agent(verb):
    """The head of the "by" phrase of a passive verb, or None."""
    for agent in children(verb, "agent"):
        for pobj in children(agent, "pobj"):
            return pobj
    return None
