"""The doer of a verb: its explicit subject, or the one it inherits through infinitives (control verbs, "it is my
privilege to …"), coordination, relative clauses, copulas and gerunds under a preposition ("By killing civilians,
A and B …"). A mixin of analysis/events/arguments.ArgumentReader, which gives `patterns`, `finder` and `subject`'s
callers."""

from __future__ import annotations

from analysis.events.syntax import AFFIRMING_NOUNS, RELATIVE_PRONOUNS, children, is_infinitive, is_passive, is_verb, lower_lemma


class SubjectReadings:
    """`subject(verb)`: the token naming the doer of a verb, or None (needs `self.patterns` and `self.finder`)."""

    def subject(self, verb, *, depth: int = 0):
        """The token that names the doer of `verb` (explicit, or inherited through infinitives, coordination,
        relative clauses and copulas), or None."""
        if depth > 6:
            return None
        # "… and no doubt has helped X" is parsed with "no doubt" as the subject: it only affirms
        subjects = [subject for subject in children(verb, "nsubj") if subject.lower_ not in AFFIRMING_NOUNS]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ in ("relcl", "acl"):
                return verb.head
            return subject
        if is_passive(verb):
            return None
        head = verb.head
        if head.i == verb.i:
            return None
        if verb.dep_ in ("xcomp", "advcl") and is_infinitive(verb) and self._expletive_subject(head):
            return self._experiencer(head)
        if verb.dep_ == "xcomp":
            return self._controller(verb, head, depth=depth)
        if verb.dep_ == "advcl" and is_infinitive(verb) and lower_lemma(head) in self.patterns.object_control_verbs \
                and children(head, "dobj"):
            # "allow me first to congratulate X": the parser hangs the complement of an object-control verb as a clause
            return children(head, "dobj")[0]
        if verb.dep_ == "conj" and is_verb(head):
            return self.subject(head, depth=depth + 1)
        if verb.dep_ in ("advcl", "acomp") and is_verb(head) and (verb.dep_ == "acomp" or is_infinitive(verb)):
            return self.subject(head, depth=depth + 1)
        if verb.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            return self._clause_owner(verb, head, depth=depth)
        if verb.dep_ == "pcomp" and head.dep_ == "prep":
            return self._gerund_doer(verb, head, depth=depth)
        return None

    @staticmethod
    def _expletive_subject(verb) -> bool:
        return any(subject.lower_ == "it" for subject in children(verb, "nsubj", "expl"))

    @staticmethod
    def _experiencer(verb):
        """Who does an infinitive extraposed after "it": the one the clause is given to ("it gives me great
        pleasure to welcome …") or whose pleasure or honour it is ("it is my privilege to thank …"); None
        when nobody is named ("it is time to act")."""
        datives = children(verb, "dative")
        if datives:
            return datives[0]
        for noun in children(verb, "dobj", "attr"):
            for possessor in children(noun, "poss"):
                return possessor
        return None

    def _gerund_doer(self, verb, prep, *, depth: int):
        """Who does a gerund under a preposition: "By killing civilians, A and B violated …" → A and B;
        "resorted to throwing stones" → the subject; "blamed X for attacking" → X; "the process of withdrawing"
        carried by a light verb → that verb's subject; under a participle on a noun, the noun ("youths resorted
        to throwing stones, officials said"); under a noun, its owner ("the role of X in assisting …")."""
        governor = prep.head
        if is_verb(governor):
            objects = children(governor, "dobj")
            if objects and prep.lower_ in ("for", "of") and not self.finder.is_light(governor):
                return objects[0]
            if objects and prep.lower_ == "in" and self._owner(objects[0]) is not None:
                # "we welcome the role of X in assisting the parties": the parser hangs the "in" on the verb
                return self._owner(objects[0])
            if is_passive(governor):
                subject = next(iter(children(governor, "nsubjpass")), None)
                if subject is None and governor.dep_ in ("acl", "amod") and governor.head.pos_ in ("NOUN", "PROPN"):
                    return governor.head  # "diplomats accused of spying", "youths resorted to throwing stones"
                return subject
            if verb.tag_ == "VBG" or self.finder.is_light(governor):
                return self.subject(governor, depth=depth + 1)
        if governor.dep_ == "dobj" and self.finder.is_light(governor.head):  # "began the process of withdrawing"
            return self.subject(governor.head, depth=depth + 1)
        if governor.pos_ == "NOUN" and prep.lower_ != "of":
            # "Egypt's efforts in mediating": the owner of the noun does it
            return self._owner(governor)
        return None

    @staticmethod
    def _owner(noun):
        """The possessor or "of" object of a noun ("Egypt's efforts", "the role of X"), or None."""
        owners = children(noun, "poss") or [pobj for of in children(noun, "prep") if of.lower_ == "of"
                                            for pobj in children(of, "pobj")]
        return owners[0] if owners else None

    def _controller(self, verb, head, *, depth: int):
        """Who does what an infinitive complement names: "X was forced / urged to withdraw" → X;
        "urged Iran to stop" → Iran; "X decided to withdraw" → X."""
        if is_passive(head) and children(head, "nsubjpass"):
            return children(head, "nsubjpass")[0]
        objects = children(head, "dobj")
        if lower_lemma(head) in self.patterns.object_control_verbs and objects:
            return objects[0]
        return self.subject(head, depth=depth + 1) or (head.head if head.dep_ in ("relcl", "acl") else None)

    def _clause_owner(self, verb, head, *, depth: int):
        """The doer of a clause hung on a noun: the noun itself, or the subject of the clause the noun is in."""
        if head.dep_ in ("attr", "oprd") and is_verb(head.head) and is_infinitive(verb):
            copula_subjects = children(head.head, "nsubj", "expl")
            if copula_subjects and copula_subjects[0].lower_ in ("it", "this", "that", "there"):
                return None  # "it is time to …": nobody in particular
            return self.subject(head.head, depth=depth + 1)
        if head.dep_ == "pobj" and lower_lemma(head) in ("order", "effort", "bid", "attempt"):
            return self.subject(head.head.head, depth=depth + 1) if is_verb(head.head.head) else None
        if head.dep_ == "dobj" and is_infinitive(verb) and self.finder.is_light(head.head):
            return self.subject(head.head, depth=depth + 1)  # "launched a programme to train …"
        intent = head if head.dep_ != "conj" else head.head  # "neither the need nor the intention to …"
        if intent.dep_ == "dobj" and is_infinitive(verb) and lower_lemma(head) in self.patterns.modality["intent_nouns"]:
            # "welcomed Peru's decision to withdraw", "the willingness of Peru to negotiate": the intent's owner;
            # without one, "X has the intention to …", the subject of the verb that has it
            return self._owner(head) or self.subject(intent.head, depth=depth + 1)
        return head
