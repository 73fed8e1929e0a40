"""Conditions of a trigger's clause: whether an act is inside a condition ("if X attacks, …", "unless X
withdraws", "provided that …", "in the event that …", "as soon as X has withdrawn"), opened by its auxiliary with
no "if" ("Had X withdrawn, …", "Were X to comply, …", "Should X attack, …"), or awaited by a clause of time told in
the present ("until X releases the hostages"); and whether a condition is unreal (past perfect, subjunctive
"were"), so that what "would" follow it is imagined. Used by analysis/events/modality.py and the stance layer
(analysis/stance_clauses.py)."""

from __future__ import annotations

from analysis.events.syntax import children, is_infinitive, lower_lemma

__all__ = ["CLAUSE_CONDITIONS", "condition_of", "has_unreal_condition", "in_condition", "in_inverted_condition",
           "is_awaited"]

CLAUSE_CONDITIONS = frozenset({"in the event that", "on condition that", "provided that", "providing that"})


def condition_of(verb, conditions: frozenset[str]) -> str | None:
    for clause in children(verb, "advcl"):
        word = _condition_word(clause, conditions)
        if word is not None:
            return word
    return None


def _condition_word(clause, conditions: frozenset[str]) -> str | None:
    """The conjunction that makes `clause` a condition: one of `conditions` ("if", "unless", "once"), "as soon
    as" (an act not yet done), "in the event that"."""
    head = clause.head
    if clause.dep_ in ("ccomp", "pcomp") and head.lower_ in conditions and not children(head, "nsubj", "nsubjpass"):
        return f"{head.lower_} that"  # "provided (that) X withdraws": the parser takes "provided" for a preposition
    if clause.dep_ == "acl" and lower_lemma(head) == "condition" and head.dep_ == "pobj" \
            and head.head.lower_ in ("on", "upon") and children(clause, "mark"):
        return "on condition that"
    for mark in children(clause, "mark"):
        if mark.lower_ in conditions:
            return mark.lower_
        if mark.lower_ == "as" and mark.i > 0 and mark.doc[mark.i - 1].lower_ == "soon":
            return "as soon as"
        if mark.lower_ == "that" and any(prep.lower_ == "in" and any(lower_lemma(pobj) == "event"
                                                                     for pobj in children(prep, "pobj"))
                                         for prep in children(clause, "prep")):
            return "in the event that"
    return None


PAST_AUXILIARIES = frozenset({"was", "were", "had", "did"})


def is_awaited(verb, conjunctions: frozenset[str]) -> bool:
    """An act a clause of time waits for, told in the present: "Israel will not rest until Hamas releases the
    hostages", "we must act before X invades", "until all territory is freed". Told in the past it was done:
    "the war went on until Iraq withdrew", "before Iraq withdrew from Kuwait, it set the wells on fire"."""
    clause = verb.head if verb.dep_ == "conj" else verb  # "until X withdraws and pays"
    if clause.dep_ != "advcl" or not any(mark.lower_ in conjunctions for mark in children(clause, "mark")):
        return False
    auxiliaries = {child.lower_ for child in children(clause, "aux", "auxpass")}
    return clause.tag_ != "VBD" and not auxiliaries & PAST_AUXILIARIES


def has_unreal_condition(verb) -> bool:
    """An "if" clause told in the past perfect or the subjunctive "were": a condition that did not or does not
    hold, so what "would" follow it is imagined ("what Nasser would say if he had lived", "Kenya would condemn
    Somalia if it had attacked Ethiopia", "if I were …")."""
    for clause in children(verb, "advcl", "ccomp"):  # the parser hangs some "if" clauses as complements
        if _inverted_opener(clause) in UNREAL_OPENERS:
            return True  # "Had X withdrawn, …", "Were X to comply, it would …"
        if not any(mark.lower_ == "if" for mark in children(clause, "mark")):
            continue
        auxiliaries = {child.lower_ for child in children(clause, "aux", "auxpass")}
        if "had" in auxiliaries or (clause.lower_ == "were" and not auxiliaries):
            return True
    return False


# Auxiliaries that open a condition with no "if" when they come before the subject ("Had X …", "Were X to …",
# "Should X …"); the unreal ones tell a condition that does not hold.
UNREAL_OPENERS = ("had", "were")
INVERTED_OPENERS = (*UNREAL_OPENERS, "should")


def _inverted_opener(clause) -> str | None:
    """The auxiliary that opens an adverbial clause before its subject ("Had Israel withdrawn", "Were X to …"; the
    parser makes "Were" the clause's head), or None."""
    if clause.dep_ != "advcl":
        return None
    opener = clause if lower_lemma(clause) == "be" else next(iter(children(clause, "aux")), None)
    subjects = children(clause, "nsubj", "nsubjpass")
    if (opener is not None and opener.lower_ in INVERTED_OPENERS and opener.i == clause.left_edge.i
            and subjects and subjects[0].i > opener.i):
        return opener.lower_
    return None


def in_inverted_condition(verb) -> bool:
    """ "Had Israel withdrawn, …", "Should X attack, …", "Were X to lift the embargo, …" (the act an infinitive
    under the opener): a condition told by a clause that opens with its auxiliary, with no "if"."""
    return _inverted_opener(verb) is not None or _opened_by_unreal_root(verb) or (
        verb.dep_ == "advcl" and is_infinitive(verb) and _inverted_opener(verb.head) is not None)


def _opened_by_unreal_root(verb) -> bool:
    """A statement whose root is (or is the verb of) a "Had" or "Were" opening it before its subject: the parser
    has hung the whole sentence, consequent and all, under the condition ("Were X to comply with …, it would extradite … and
    release …" with "would extradite" a conjunct of the condition), so everything it tells is imagined."""
    sentence = verb.sent
    opener, root = sentence[0], sentence.root
    if (opener.lower_ not in UNREAL_OPENERS or sentence.text.rstrip().endswith("?")
            or not (opener.i == root.i or (opener.dep_ == "aux" and opener.head.i == root.i))):
        return False  # "Had the Council condemned … , it would have …": the opener, or its verb, is the root
    subjects = children(root, "nsubj", "nsubjpass")
    return bool(subjects) and subjects[0].i > opener.i


def in_condition(verb, conditions: frozenset[str]) -> bool:
    """The verb is inside a condition clause ("if X attacks, …", "unless X withdraws")."""
    current = verb
    for _ in range(4):
        word = _condition_word(current, conditions) if current.dep_ in ("advcl", "ccomp", "pcomp", "acl") else None
        if word is not None and (current.dep_ == "advcl" or word in CLAUSE_CONDITIONS):
            return True  # the parser makes "in the event that …", "provided that …" a complement
        # "if we are able to kill …": through the adjective a copula of the condition carries
        if current.dep_ not in ("conj", "xcomp", "advcl", "acomp") or current.head.i == current.i:
            return False
        current = current.head
    return False
