"""Negation and modality of a trigger: whether its act is denied, and whether it is done, intended or imagined."""

from __future__ import annotations

from analysis.events.syntax import children

NEGATIONS = frozenset({"not", "n't", "never", "no"})


def is_negated(token) -> bool:
    return any(child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and child.lower_ in NEGATIONS)
               for child in token.children)


def is_rhetorical(verb) -> bool:
    """ "How can we allow …?": a question of this form denies the act it names."""
    return (verb.sent.text.rstrip().endswith("?")
            and any(child.dep_ == "advmod" and child.lower_ == "how" for child in verb.children)
            and any(child.dep_ == "aux" and child.lower_ in ("can", "could") for child in verb.children))


def has_modal(token, modals) -> bool:
    return any(child.dep_ == "aux" and child.lower_ in modals for child in children(token, "aux"))
