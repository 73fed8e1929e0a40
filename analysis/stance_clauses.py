"""Clause readings of the stance walk (analysis/stances.py): the target as the subject of a clause that says
something of it — an agent verb ("X continues its aggression"), a verb of saying the speaker rates ("as X
rightly said"), a clause the speaker is pleased at ("we are glad that X agreed"), a claim for its place ("X should
be admitted to the United Nations") — what the speaker says it is
to the target ("we are friends of X"), and whether a clause is only a condition or what would follow from one.

`ClauseReadings` is a mixin of `analysis.stances._Walk` (see analysis/stance_frames.py for what it reads).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.cameo import load_patterns
from analysis.events.conditions import condition_of, in_condition
from analysis.events.modality import has_modal
from analysis.stance_speakers import children, verb_lemma
from analysis.stance_words import cue_word, governor_negated, intensity, is_negated

if TYPE_CHECKING:
    from spacy.tokens import Token


class ClauseReadings:
    """What the clause around the target phrase says of it, and whether that clause is asserted at all."""

    def predicated_of_speaker(self, noun: Token) -> bool:
        """Whether `noun` says what the speaker is: "we are friends of X" (a copula's predicate), "we consider
        ourselves X's friends", "we regard ourselves as its friends", "we are seen as its allies"."""
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ == "as":
            verb = head.head
            return any(self.is_speaker(child) for child in children(verb, "dobj", "nsubjpass"))
        if noun.dep_ == "attr" and verb_lemma(head) in self.lexicon.copulas:
            return any(self.is_speaker(child) for child in children(head, "nsubj"))
        if noun.dep_ == "oprd":
            return any(self.is_speaker(child) for child in children(head, "dobj", "nsubjpass"))
        return False

    def clause(self, top: Token) -> None:
        """The target phrase as the subject of an agent verb: "X continues its aggression", "X pursues an
        expansionist policy", "X showed great courage", "X has excellent relations with us"; of a verb of saying
        that the speaker rates ("as X rightly said"); of a clause the speaker is pleased at ("we are glad that X
        agreed")."""
        view, lexicon, objects = self.view, self.lexicon, []
        if top.dep_ == "nsubjpass":
            self.advocated(top.head)
        if top.dep_ == "nsubj" and top.head.pos_ in ("VERB", "AUX"):
            self.manner(top.head)
            self.appraised(top.head)
            for verb in [top.head, *children(top.head, "xcomp")]:
                if verb_lemma(verb) in lexicon.agent_verbs:
                    objects += children(verb, "dobj")
                    objects += [pobj for prep in children(verb, "prep") if prep.lower_ in ("in", "on")
                                for pobj in children(prep, "pobj")]
        elif top.dep_ == "pobj" and top.head.dep_ == "agent" and verb_lemma(top.head.head) in lexicon.agent_verbs:
            objects = children(top.head.head, "nsubjpass")  # "aggression was committed by X"
        for noun in objects:
            word, factor, tokens = cue_word(view, noun)
            receives = verb_lemma(noun.head) in lexicon.receiving_verbs and noun.dep_ == "dobj"
            if receives and (word in lexicon.attitudes or (word in lexicon.acts and lexicon.acts[word].score > 0)):
                continue  # "X has the support of Y", "X enjoys the confidence of …": X receives it
            if word in lexicon.acts:
                self.act(noun, lexicon.acts[word], "subject", factor, tokens, False)
            elif word in lexicon.relations:
                self.relation(noun, lexicon.relations[word], "subject", factor, tokens)
            elif word in lexicon.traits:
                self.add(lexicon.traits[word], tokens, noun, factor=factor * intensity(view, noun),
                         negated=is_negated(view, noun) or governor_negated(view, noun))
            elif word in lexicon.stand_ins:
                for score, more, anchor, negated in self.judgements(noun):
                    self.add(score, more, anchor, negated=negated or governor_negated(view, noun))

    def advocated(self, verb: Token) -> None:
        """The target as the passive subject of a claim for its place: "X should be admitted to the United
        Nations", "X must be seated here" (lexicon settings advocacy_verbs; the events' obligation modals)."""
        lexicon = self.lexicon
        if verb_lemma(verb) not in lexicon.advocacy_verbs or self.hypothetical(verb):
            return
        if has_modal(verb, load_patterns().modality["obligation_modals"]):
            self.add(lexicon.advocacy_score, (verb.i,), verb, negated=is_negated(self.view, verb))

    def manner(self, verb: Token) -> None:
        """An adverb rating what the target said: "as X rightly said" praises X, "X falsely claimed" accuses it."""
        view = self.view
        if not view.is_reporting(verb):
            return
        for adverb in children(verb, "advmod"):
            word, factor, tokens = cue_word(view, adverb)
            if word in self.lexicon.manners:
                self.add(self.lexicon.manners[word], tokens, verb, factor=factor * intensity(view, adverb),
                         negated=is_negated(view, verb) or is_negated(view, adverb))

    def appraised(self, verb: Token) -> None:
        """The target as the subject of a clause that pleases the speaker: "we are pleased that X has agreed",
        "we note with satisfaction that X withdrew", "we were glad to hear X give the assurance". The clause
        must be asserted (not negated, not a condition) and the one pleased the speaker."""
        view, lexicon = self.view, self.lexicon
        if is_negated(view, verb) or self.hypothetical(verb):
            return
        current = verb
        for _ in range(3):
            # "satisfaction that X withdrew" is parsed as a clause on the noun
            complement = current.dep_ in ("ccomp", "xcomp") or (current.dep_ == "acl" and children(current, "mark"))
            if not complement or current.head.i == current.i:
                return
            governor = current.head
            word, factor, tokens = cue_word(view, governor)
            if word in lexicon.appraisals and factor > 0:
                holder = governor.head if governor.dep_ == "acomp" else governor
                if governor.dep_ == "pobj" and governor.head.lower_ == "with":
                    holder = governor.head.head  # "we note with satisfaction that …"
                if any(self.is_speaker(subject) for subject in children(holder, "nsubj", "nsubjpass")):
                    self.add(lexicon.appraisals[word], tokens, governor, factor=intensity(view, governor),
                             negated=is_negated(view, governor) or is_negated(view, holder))
                return
            for pobj in (pobj for prep in children(governor, "prep") if prep.lower_ == "with"
                         for pobj in children(prep, "pobj")):
                word, factor, tokens = cue_word(view, pobj)
                if word in lexicon.appraisals and factor > 0 and any(
                        self.is_speaker(subject) for subject in children(governor, "nsubj")):
                    self.add(lexicon.appraisals[word], tokens, pobj, factor=intensity(view, pobj),
                             negated=is_negated(view, governor))
                    return
            current = governor

    def hypothetical(self, token: Token) -> bool:
        """Whether the clause of `token` is a condition, or what would follow from one: "if X were to respect our
        borders", "friendship would be born if X …" (the events' own reading: analysis.events.modality)."""
        words, verb = load_patterns().modality, token
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            if verb.dep_ == "appos":
                return False  # an apposition is the speaker's own aside: "if X, the bastion of liberty, fell"
            verb = verb.head
        return in_condition(verb, words["conditions"]) or (
            condition_of(verb, words["conditions"]) is not None and has_modal(verb, words["counterfactual_modals"]))
