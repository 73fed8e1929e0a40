"""Nominal events: the doer and target of an event noun ("the Soviet invasion of Afghanistan", "the shelling of
its posts by Pakistan", "the war between Iran and Iraq"), and of a noun carried by a light verb ("Russia
launched an invasion of …"). `NounArguments` is a part of `analysis.events.arguments.ArgumentReader` (it uses
its `actors`, `subject`, `modifier_actors` and `prep_actors`).
"""

from __future__ import annotations

from analysis.events.syntax import COPULAS, by_objects, children, is_passive, is_verb, lower_lemma, passive_agent
from analysis.events.triggers import Trigger


class NounArguments:
    """Sources and targets of event nouns, for `ArgumentReader`."""

    def noun_arguments(self, trigger: Trigger) -> tuple[list, list, bool]:
        noun, pattern = trigger.token, trigger.pattern
        sources = self._noun_sources(noun, pattern)
        of_phrase = [pobj for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
                     for pobj in children(prep, "pobj")]
        forces = [head for head in of_phrase if lower_lemma(head) in self.patterns.force_nouns or lower_lemma(head) == "weapon"]
        of_phrase = [head for head in of_phrase if head not in forces]
        participles = [child for child in noun.children if child.dep_ == "acl" and child.tag_ == "VBN"]
        targets: list = []
        if pattern.of_role == "target" and not sources and of_phrase:
            # "the war of Russia against Ukraine": with a target of its own, the "of" phrase names the doer
            of_actors = [actor for head in of_phrase for actor in self.actors(head)]
            aimed = self.prep_actors(noun, exclude={actor[0] for actor in of_actors},
                                     preps=[prep for prep in self.patterns.target_preps if prep != "to"])
            if of_actors and aimed:
                sources, targets, of_phrase = of_actors, aimed, []
        if pattern.of_role == "target":
            for head in of_phrase:
                targets += [actor for actor in self.actors(head) if actor not in targets]
        elif sources and of_phrase:
            # "the Khmer Rouge rejection of our proposals": with its doer named before it, the "of" phrase of a doer-
            # type noun is what is acted upon
            of_actors = [actor for head in of_phrase for actor in self.actors(head)]
            if not any(actor in sources for actor in of_actors):
                targets += of_actors
        if not targets:
            targets = self.prep_actors(noun, exclude={actor[0] for actor in sources})
        for thing in of_phrase + forces:
            # "the supply of weapons to X", "the provision by Y of arms to X": the recipient hangs on what is given
            if not targets and not self.actors(thing):
                targets = self.prep_actors(thing, exclude={actor[0] for actor in sources}, preps=("to", "for"))
        if not targets and pattern.root.startswith(self.patterns.received_roots):
            targets = self._stray_recipient(noun, exclude={actor[0] for actor in sources})
        for participle in participles:
            if not targets:
                targets = self.prep_actors(participle, exclude={actor[0] for actor in sources})
        frame = self._act_frame(noun)
        if not targets and frame is not None:
            # "a wave of attacks by X on Y": the parser hangs the target on the noun of acts
            targets = self.prep_actors(frame, exclude={actor[0] for actor in sources})
        if not targets:
            # "attacks by Somalia on Kenya": the parser hangs the target on the doer's name
            targets = [actor for pobj in by_objects(noun) for actor in self.prep_actors(
                pobj, exclude={actor[0] for actor in sources}, preps=("on", "against"))]
        if not targets:
            targets = self._sufferers(noun, exclude={actor[0] for actor in sources})
        if not targets and pattern.root >= "14":
            targets = self.prep_actors(noun, exclude={actor[0] for actor in sources},
                                       preps=self.patterns.location_preps)
        if not sources:
            # "the war between Iran and Iraq": each side acts on the other
            between = [actor for prep in children(noun, "prep") if prep.lower_ == "between"
                       for pobj in children(prep, "pobj") for actor in self.actors(pobj)]
            if len({actor[0] for actor in between}) >= 2:
                sources = targets = between
        if not sources and noun.dep_ == "pobj" and noun.head.dep_ == "prep" and lower_lemma(noun.head.head) in COPULAS:
            # "Kenya is (not) at war with Somalia", "remains in conflict with …": the copula's subject is the side
            sources = [actor for subject in children(noun.head.head, "nsubj") for actor in self.actors(subject)]
            targets = [actor for actor in targets if actor not in sources]
        received = self._recipients(noun)
        if received:
            # "Kenya received aid from Japan": the receiver is the target; the giver is the noun's own doer or "from"
            givers = sources or self.prep_actors(noun.head, exclude={actor[0] for actor in received}, preps=("from",))
            sources, targets = givers, received
        own_arguments = bool(sources or targets)
        if trigger.anchor is not noun:
            sources, targets = self._light_verb_arguments(trigger, sources, targets)
            own_arguments = bool(sources or targets)
        return sources, targets, own_arguments

    def _sufferers(self, noun, *, exclude: set[str]) -> list:
        """Who an event noun is done to by being its victim ("Lebanon has been the victim of aggression by X",
        "Cyprus, the target of repeated attacks", "Chad fell victim to Libyan aggression", "Kenya became the object
        of a campaign of destabilization"): the subject of the verb the victim noun completes, or the name it stands
        in apposition to (settings.victim_nouns)."""
        while (frame := self._act_frame(noun)) is not None:
            noun = frame  # "a campaign of destabilization": the act is the campaign's
        if noun.dep_ != "pobj" or noun.head.lower_ not in ("of", "to"):
            return []
        governor = noun.head.head
        victims = [governor] if governor.pos_ == "NOUN" else [
            child for child in governor.children if child.dep_ in ("dobj", "attr", "oprd") and child.pos_ == "NOUN"]
        victim = next((word for word in victims if lower_lemma(word) in self.patterns.victim_nouns), None)
        if victim is None:
            return []
        if victim.dep_ == "appos":
            holders = [victim.head]
        elif victim.dep_ in ("attr", "oprd", "dobj") and is_verb(victim.head):
            holders = [holder for holder in [self.subject(victim.head)] if holder is not None]
        else:
            return []
        return [actor for holder in holders for actor in self.actors(holder) if actor[0] not in exclude]

    def _recipients(self, noun) -> list:
        """The subject of a verb of receiving whose object is the event noun ("Kenya received aid"), as actors."""
        verb = noun.head
        if noun.dep_ != "dobj" or lower_lemma(verb) not in self.patterns.receiving_verbs:
            return []
        subject = self.subject(verb)
        return self.actors(subject) if subject is not None else []

    def _noun_sources(self, noun, pattern) -> list:
        """The doer of an event noun: its possessor, an adjectival owner ("Soviet invasion"), a "by" phrase,
        the "of" phrase of a doer-type noun, the owner of the forces in it, the agent of a participle on it."""
        sources: list = []
        for child in children(noun, "poss"):
            sources += self.actors(child)
        if not sources:
            sources = self.modifier_actors(noun, depth=0)
        of_phrase = [pobj for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
                     for pobj in children(prep, "pobj")]
        # "the occupation of the old section of Jerusalem by Israeli forces": the parser hangs the "by" phrase on a
        # noun of the "of" phrase, which names no act of its own
        by_phrase = by_objects(noun) or self._stray_by_phrase(noun) or [
            pobj for head in of_phrase if head.i not in self.noun_triggers
            for inner in [head, *(p for of in children(head, "prep") if of.lower_ == "of" for p in children(of, "pobj"))]
            for pobj in by_objects(inner)]
        forces = [head for head in of_phrase if lower_lemma(head) in self.patterns.force_nouns or lower_lemma(head) == "weapon"]
        for head in by_phrase + (of_phrase if pattern.of_role == "source" else forces):
            if not sources:
                sources = self.actors(head)  # "the withdrawal of Russian troops": the troops' owner acts
        for participle in children(noun, "acl"):
            # "the case brought by Ukraine against Russia", "sanctions imposed by X on Y"
            if participle.tag_ == "VBN" and not sources:
                agent = passive_agent(participle)
                if agent is not None:
                    sources = self.actors(agent)
        return sources or self._act_noun_owner(noun)

    def _act_noun_owner(self, noun) -> list:
        """ "British acts of aggression", "Israel's policy of annexation", "a wave of attacks by X": the owner of a noun of acts whose "of"
        phrase is the event noun does the act."""
        frame = self._act_frame(noun)
        if frame is None:
            return []
        owners = [actor for child in children(frame, "poss") for actor in self.actors(child)]
        # "a campaign of aggression by Somalia": the frame's own "by" phrase names the doer too
        return owners or self.modifier_actors(frame, depth=0) or [
            actor for pobj in by_objects(frame) for actor in self.actors(pobj)]

    def _act_frame(self, noun):
        """The noun of acts whose "of" phrase `noun` is ("a wave of attacks", "Israel's policy of annexation"), or None."""
        if noun.dep_ != "pobj" or noun.head.lower_ != "of" or lower_lemma(noun.head.head) not in self.patterns.light_nouns:
            return None
        return noun.head.head

    @staticmethod
    def _active_governor(noun):
        """The active verb whose object `noun` is, on which the parser may hang the noun's own phrases; or None."""
        verb = noun.head
        return verb if noun.dep_ == "dobj" and is_verb(verb) and not is_passive(verb) else None

    def _stray_by_phrase(self, noun) -> list:
        """ "India protested the shelling of its posts by Pakistan": the parser hangs the "by" phrase on the verb,
        but an active verb has no agent, so a "by" phrase naming someone on it belongs to its object noun."""
        verb = self._active_governor(noun)
        return [pobj for pobj in by_objects(verb) if pobj.pos_ in ("PROPN", "NOUN", "PRON")] if verb is not None else []

    def _stray_recipient(self, noun, *, exclude: set[str]) -> list:
        """ "We condemn the supply of weapons to South Africa by Israel": the parser hangs the "to" phrase on the verb
        whose object the noun of a given act is; after the noun, it names who is given it."""
        verb = self._active_governor(noun)
        for prep in children(verb, "prep") if verb is not None else ():
            if prep.i > noun.i and prep.lower_ in ("to", "for"):
                found = [actor for pobj in children(prep, "pobj") for actor in self.actors(pobj) if actor[0] not in exclude]
                if found:
                    return found
        return []

    def _light_verb_arguments(self, trigger: Trigger, sources: list, targets: list) -> tuple[list, list]:
        """A noun carried by a light verb takes the verb's subject ("Russia launched an invasion") and, when it
        has none of its own, the verb's dative or prepositional target."""
        light, noun = trigger.anchor, trigger.token
        subject = self.subject(light)
        if is_passive(light):
            # "an invasion was launched by X"; but "X was engaged in aggression", "officials are involved in the
            # arrest of …": with the noun in a phrase of its own and no agent, the passive subject takes part
            subject = passive_agent(light)
            if subject is None and noun.dep_ == "pobj":
                subject = next(iter(children(light, "nsubjpass")), None)
        light_sources = self.actors(subject) if subject is not None else []
        if light_sources:
            if trigger.pattern.of_role == "source" and not targets and not any(
                    child.dep_ == "det" and child.lower_ == "the" for child in noun.children):
                # "we made demands of X", "Kenya made an appeal of X": with the verb's subject its doer, the "of"
                # phrase of a doer-type noun names whom it is made of ("made the demands of X its own" are X's)
                exclude = {actor[0] for actor in light_sources}
                targets = [actor for prep in children(noun, "prep") if prep.lower_ == "of"
                           for pobj in children(prep, "pobj") for actor in self.actors(pobj) if actor[0] not in exclude]
            sources = light_sources
        if not targets:
            exclude = {actor[0] for actor in sources}
            targets = [actor for head in children(light, "dative") for actor in self.actors(head)
                       if actor[0] not in exclude] or self.prep_actors(light, exclude=exclude, skip=noun)
        return sources, targets
