"""Frames of the stance walk (analysis/stances.py): the nouns that take arguments — acts ("X's aggression
against Y"), relations ("our relations with X") and attitudes ("solidarity with X") — and who fills their
places: holder, partner, recipient, beneficiary.

`FrameReadings` is a mixin of `analysis.stances._Walk`: it reads `self.view` (the DocumentView), `self.lexicon`,
`self.target_id`, and adds cues through `self.add` and `self.judgements`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from analysis.parsed import lemma
from analysis.stance_lexicon import Act, Attitude
from analysis.stance_speakers import FIRST, OTHER, POSSESSIVES, RELATIVE_TAGS, children, verb_lemma
from analysis.stance_words import clause_subject, governor_negated, intensity, is_distanced, is_negated, is_resolved

if TYPE_CHECKING:
    from spacy.tokens import Token

AGENT_SLOTS = ("poss", "modifier", "by", "from", "subject")
# "in X" is left out: "aggression in X" has a victim, "apartheid in X", "repression in X" an agent.
PATIENT_SLOTS = ("against", "on", "upon", "into", "over", "to", "towards", "toward")
RECIPIENT_SLOTS = PATIENT_SLOTS + ("for", "in")
PARTNER_PREPS = ("with", "towards", "toward", "to", "against")


class FrameReadings:
    """Acts, relations and attitudes around the target, and who holds, shares or receives them."""

    def filled(self, noun: Token, preps: Sequence[str], *, names: bool = False) -> list[str]:
        """Actors in the noun's prepositional phrases headed by one of `preps` (also those the parser hung on
        the verb whose object the noun is); with `names`, a proper name that is no known actor counts as OTHER."""
        attached = children(noun, "prep", "dative")
        if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
            attached += [prep for prep in children(noun.head, "prep", "dative") if prep.i > noun.i]
        found: list[str] = []
        for prep in attached:
            if prep.lower_ in preps:
                for pobj in children(prep, "pobj"):
                    actors = self.view.phrase_actors(pobj, exclude=self.target_id)
                    if not actors and names and pobj.pos_ == "PROPN":
                        actors = [OTHER]  # "American military aid to Tel Aviv"
                    found += [actor for actor in actors if actor not in found]
        return found

    def holders(self, noun: Token, *, of_is_holder: bool, receiving_counts: bool) -> list[str]:
        """Who holds the relation or attitude: possessor, modifying actors, "of"/"by" phrase, and the subject
        of the clause it is the object of (for an attitude, not the subject of "receive", "enjoy" …)."""
        view = self.view
        found = [actor for child in noun.children
                 if child.dep_ in ("poss", "compound", "amod", "nmod") and not self.is_target(child)
                 for actor in [self.possessor(child)] if actor is not None and actor != self.target_id]
        found += self.filled(noun, ("of", "by") if of_is_holder else ("by",))
        left = noun.left_edge.i
        if left >= 2 and view.doc[left - 1].tag_ == "POS" and (left - 2) in view.mention_at:
            found.append(view.actor(view.doc[left - 2]))  # "Iran’s cooperation with …" mis-parsed around the "’s"
        verb, subject = clause_subject(noun)
        if subject is not None and (receiving_counts or verb_lemma(verb) not in self.lexicon.receiving_verbs):
            pronoun = subject.pos_ == "PRON" and subject.lower_ not in self.lexicon.first_person
            found += view.phrase_actors(subject, exclude=self.target_id) or (
                [OTHER] if pronoun and subject.tag_ not in RELATIVE_TAGS else [])
        return found

    def beneficiary(self, noun: Token) -> list[str]:
        """Who gets an act of help named without a recipient: the speaker when a word of thanks in its sentence
        says so (settings.gratitude_words: "we are grateful for the assistance of X", "we thank X for its
        support") or the clause's subject is the speaker ("we received X's aid"); else someone else ("this
        support by X", "the Batista regime stayed in power with the assistance of X"), so no stance. [] means
        the speaker."""
        _, subject = clause_subject(noun)
        if subject is not None and self.is_speaker(subject):
            return []
        if noun.dep_ in ("nsubj", "nsubjpass") and any(  # "the assistance of X has helped us"
                self.is_speaker(child) or any(self.is_speaker(pobj) for pobj in children(child, "pobj"))
                for child in noun.head.children if child.dep_ in ("dobj", "dative", "prep")):
            return []
        sentence = self.view.sentence(self.view.sentence_of(noun.i))
        if any(lemma(token).lower() in self.lexicon.gratitude_words for token in sentence):
            return []
        return [OTHER]

    def is_speaker(self, token: Token) -> bool:
        return token.lower_ in self.lexicon.first_person or self.view.actor(token) == FIRST or any(
            child.dep_ == "poss" and child.lower_ in self.lexicon.first_person for child in token.children)

    def possessor(self, token: Token) -> str | None:
        """The actor a modifier names; "its"/"their" through the antecedent ("Iran, extending its support to …")."""
        actor = self.view.actor(token)
        if actor == OTHER and token.lower_ in POSSESSIVES:
            entry = self.view.antecedent(token.i)
            return entry[0] if entry is not None else OTHER
        return actor

    def act_role(self, act: Act, slot: str, noun: Token) -> str | None:
        of = act.of
        if of == "agent" and slot == "of" and any(child.dep_ == "poss" for child in noun.children):
            of = "patient"  # "its support of United Nations activities": the possessor acts, "of" is what it acts on
        if slot in AGENT_SLOTS or (slot in ("of", "compound") and of == "agent"):
            return "agent"
        if slot in PATIENT_SLOTS or (slot in ("of", "compound") and of == "patient"):
            return "patient"
        return None

    def act(self, noun: Token, act: Act, slot: str, factor: float, tokens: tuple[int, ...],
            victim_only: bool) -> float | None:
        view = self.view
        negated = is_negated(view, noun) or governor_negated(view, noun) or is_distanced(view, noun)
        role = self.act_role(act, slot, noun)
        if role == "agent" and not victim_only:
            recipients = []
            if act.recipient == "speaker":
                recipients = self.filled(noun, RECIPIENT_SLOTS + (("of",) if act.of == "patient" else ()), names=True)
                recipients = recipients or self.beneficiary(noun)
            self.add(act.score, tokens, noun, factor=factor * intensity(view, noun), others=recipients,
                     negated=negated)
            for score, more, anchor, inner in self.judgements(noun, kinds=False, acts=False):
                self.add(score, more, anchor, others=recipients, negated=negated or inner)
            return None if negated or factor == 0 else act.score
        if role == "patient" and act.score < 0 and factor > 0:
            self.add(self.lexicon.patient_score, tokens, noun, negated=negated)
        return None

    def relation(self, noun: Token, score: float, slot: str, factor: float, tokens: tuple[int, ...]) -> None:
        view = self.view
        negated = is_negated(view, noun) or governor_negated(view, noun) or is_distanced(view, noun)
        if score < 0 and is_resolved(view, noun):
            score = -score / 2  # "all differences between Iran and Iraq had been settled": a rapprochement
        if slot in PARTNER_PREPS:
            others, partners = self.holders(noun, of_is_holder=True, receiving_counts=True), None
        elif slot == "between":  # "relations between us and X": the speaker must be the other side
            others = self.holders(noun, of_is_holder=True, receiving_counts=True)
            partners = self.filled(noun, ("between",))
        elif slot in AGENT_SLOTS + ("of", "compound"):  # "X's relations with us"
            others, partners = [], self.filled(noun, PARTNER_PREPS + ("between",))
        else:
            return
        self.add(score, tokens, noun, factor=factor * intensity(view, noun), others=others, partners=partners,
                 negated=negated)
        for quality, more, anchor, inner in self.judgements(noun, kinds=False, acts=False):
            self.add(quality, more, anchor, others=others, partners=partners, negated=negated or inner)

    def aimed(self, noun: Token, attitude: Attitude, slot: str) -> bool:
        """Whether `slot` names the attitude's target: one of its prepositions, or "of" when the entry says so
        or the noun follows "in" ("in support of X", "in recognition of X")."""
        if slot in attitude.preps:
            return True
        of_names_target = attitude.of == "target" or (noun.dep_ == "pobj" and noun.head.lower_ == "in")
        return slot == "of" and of_names_target and not self.filled(noun, tuple(attitude.preps))

    def attitude(self, noun: Token, attitude: Attitude, slot: str, factor: float,
                 tokens: tuple[int, ...]) -> float | None:
        view = self.view
        if noun.dep_ in ("npadvmod", "advmod", "prep") and not children(noun, "det", "poss", "amod"):
            return None  # "thanks to X", used as "because of X", thanks no one
        negated = is_negated(view, noun) or governor_negated(view, noun) or is_distanced(view, noun)
        if self.aimed(noun, attitude, slot):
            of_is_holder = attitude.of == "holder" or bool(self.filled(noun, tuple(attitude.preps)))
            if noun.dep_ == "pobj" and noun.head.lower_ == "in" and not self.filled(noun, tuple(attitude.preps)):
                of_is_holder = False
            holders = [] if attitude.owner is not None else self.holders(noun, of_is_holder=of_is_holder,
                                                                          receiving_counts=False)
            self.add(attitude.score, tokens, noun, factor=factor * intensity(view, noun), others=holders,
                     negated=negated)
            return None if negated or factor == 0 or attitude.score < 0 else attitude.score
        if attitude.owner is not None and slot in AGENT_SLOTS + ("of", "compound"):
            self.add(attitude.owner, tokens, noun, factor=factor * intensity(view, noun), negated=negated)
            for score, more, anchor, inner in self.judgements(noun, kinds=False, acts=False):
                self.add(score, more, anchor, factor=factor, negated=negated or inner)
            return None if negated or factor == 0 else attitude.owner
        return None
