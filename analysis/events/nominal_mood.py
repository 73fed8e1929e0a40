"""Whether a nominal act ("the withdrawal of X", "an attack on X") is told as done: a nominal event is a fact unless
it is asked for (`is_demanded_noun`: "peace requires the withdrawal of X", "in search of agreement"), something is to
rest on it (`is_grounding`: "a settlement based on the withdrawal of X"), it may come or is kept from coming
(`is_averted_noun`: "the risk of war", "prevent an attack on X"), or it is the way to an end not yet reached
(`is_means_to_come`: "peace can be achieved only by the withdrawal of X"). The words are `settings.modality` of
event_patterns.yaml; the moods of clauses are analysis/events/modality.py."""

from __future__ import annotations

from typing import Mapping

from analysis.events.modality import has_modal
from analysis.events.syntax import children, lower_lemma, noun_phrase, verb_forms
from analysis.parsed import first_conjunct


def is_grounding(noun, settings: Mapping[str, frozenset[str]]) -> bool:
    """A nominal act named as what something is to rest on: "a settlement based on the withdrawal of X",
    "on the basis of the withdrawal of X" (`grounding_words`, `basis_nouns`)."""
    head = noun.head
    if noun.dep_ != "pobj":
        return False
    if head.lower_ in ("on", "upon") and head.head.tag_ == "VBN":
        return lower_lemma(head.head) in settings["grounding_words"]
    return head.lower_ == "of" and lower_lemma(head.head) in settings["basis_nouns"]


def is_demanded_noun(noun, settings: Mapping[str, frozenset[str]], *, depth: int = 0) -> bool:
    """A nominal act asked for, not done: the object of a word of demand ("peace requires the withdrawal of X",
    "Lebanon awaits the withdrawal of X", "hopes for the withdrawal of X"), what a noun of demand asks for ("the
    call for the withdrawal of X": `demand_nouns`), the predicate of a noun of requirement ("the only solution
    remains the withdrawal of X", "the solution lies in the withdrawal of X"), a condition to rest on
    (`is_grounding`), and any of these through a coordination ("requires the withdrawal of X and the return of
    Y") or an apposition ("three conditions: the withdrawal of X, …"; "it demands two things: the release of …")."""
    noun = first_conjunct(noun)
    if is_grounding(noun, settings):
        return True
    if noun.dep_ == "appos" and depth < 3:
        anchor = noun.head
        if lower_lemma(anchor) in settings["basis_nouns"] | settings["requirement_nouns"]:
            return True
        return is_demanded_noun(anchor, settings, depth=depth + 1)
    demand_words, head = settings["demand_words"], noun.head
    plans = settings["plan_words"]
    if noun.dep_ == "dobj" and set(verb_forms(head)) & (demand_words | plans):
        return True  # "the plan envisages the return of X": planned, not done
    if noun.dep_ == "pobj" and head.lower_ == "for" and (
            set(verb_forms(head.head)) & demand_words or lower_lemma(head.head) in settings["demand_nouns"]
            or {f"{form} for" for form in verb_forms(head.head)} & plans):
        return True  # "hopes for the withdrawal of X", "their proposal for the withdrawal of X", "provides for …"
    if noun.dep_ == "pobj" and head.lower_ == "of" and lower_lemma(head.head) in settings["demand_nouns"] \
            and noun.pos_ == "NOUN" and not children(noun, "poss"):
        return True  # "in search of agreement", "the proposal of a ceasefire" (but "the proposal of Kenya" proposes)
    predicate = head if noun.dep_ in ("attr", "acomp") else None
    if noun.dep_ == "pobj" and head.lower_ in ("in", "on", "upon") and lower_lemma(head.head) in ("lie", "rest", "depend"):
        predicate = head.head  # "the solution lies in the withdrawal of X", "peace rests on the return of X"
    if predicate is not None and predicate.pos_ in ("AUX", "VERB"):
        # any word of the subject's phrase: the parser may make "qua" the head of "the sine qua non condition of …"
        return any(lower_lemma(word) in settings["requirement_nouns"] for subject in children(predicate, "nsubj")
                   for word in noun_phrase(subject))
    return False


def is_averted_noun(noun, settings: Mapping[str, frozenset[str]]) -> bool:
    """A nominal act that may come or is kept from coming, not done: the "of" complement of a noun of possibility
    ("the risk of war between X and Y", "the danger of an attack on X": `possibility_nouns`) or the object of a
    verb of prevention ("we must prevent a war between X and Y": `preventing_verbs`)."""
    noun = first_conjunct(noun)
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and lower_lemma(head.head) in settings["possibility_nouns"]:
        return True
    return noun.dep_ in ("dobj", "nsubjpass") and lower_lemma(head) in settings["preventing_verbs"]


def is_means_to_come(noun, settings: Mapping[str, frozenset[str]]) -> bool:
    """A nominal act named as the way to an end not yet reached, so asked for rather than done: "peace can be
    achieved only by the withdrawal of X", "the crisis must be solved through the withdrawal of X". A done act
    stays done: "the region was destabilized by the invasion of X". A nominal act "without" which something
    happens or will not is not done either: "the conflict will never be solved without the withdrawal of X",
    "X attacked Y without a declaration of war". A later conjunct shares its first one's reading."""
    noun = first_conjunct(noun)
    head = noun.head
    if noun.dep_ == "dobj" and head.tag_ == "VBG" and head.dep_ in ("pcomp", "pobj"):
        noun, head = head, head.head  # "achieved only by ensuring the withdrawal of X": the gerund is the means
    if noun.dep_ in ("pobj", "pcomp") and head.lower_ == "without":
        return True
    if not (noun.dep_ in ("pobj", "pcomp") and head.dep_ == "prep" and head.lower_ in ("by", "through")
            and head.head.pos_ in ("VERB", "AUX")):
        return False
    modals = settings["possibility_modals"] | settings["ability_modals"] | settings["obligation_modals"] | settings["future_modals"]
    return has_modal(head.head, modals)
