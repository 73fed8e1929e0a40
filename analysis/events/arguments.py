"""Arguments: the source and target actors of a trigger, read off the dependency parse.

Subjects (explicit or inherited through infinitives, coordination, relative clauses and copulas:
analysis/events/subjects.py), passive
agents, objects, datives and prepositional targets, possessors and adjectival owners of nouns ("Russian troops"),
"of"/"by" phrases of event nouns (analysis/events/nominal.py), appositions, coordinated actors, and a small
coreference rule for pronouns (analysis/events/references.py).
"""

from __future__ import annotations

from typing import Callable, Sequence

from analysis.agents import agent_heads
from analysis.cameo import PatternSet
from analysis.events.syntax import (RELATIVE_PRONOUNS, by_objects, children, is_infinitive, is_passive,
                                    is_verb, lower_lemma, modifier_tokens, objects_of, passive_agent, stray_objects)
from analysis.events.nominal import NounArguments
from analysis.events.subjects import SubjectReadings
from analysis.events.references import FIRST_PERSON_PRONOUNS, PLACE, MentionIndex, PronounReadings
from analysis.events.triggers import Trigger, TriggerFinder

Actor = tuple[str, str]  # (actor_id, NER label)


VIOLENT_ROOTS = frozenset({"18", "19", "20"})  # assault, fight, unconventional mass violence


class ArgumentReader(SubjectReadings, PronounReadings, NounArguments):
    """Reads source and target actors off the parse; `noun_triggers` holds the current sentence's own event
    nouns (so "condemned the annexation of Crimea by Russia" can aim at who annexed)."""

    def __init__(self, patterns: PatternSet, mentions: MentionIndex, finder: TriggerFinder,
                 collectives: frozenset[str] = frozenset()):
        self.patterns = patterns
        self.collectives = collectives
        self.mentions = mentions
        self.finder = finder
        self.noun_triggers: dict[int, Trigger] = {}
        self.agent_heads = agent_heads()
        # token → the actors of the statement verb that reports its clause ([] outside reported speech); set by
        # the document so that "we" in '"We will never recognize them," the minister said' is the minister's side
        self.reporter: Callable[[object], list] = lambda token: []
        # token → (whether it is inside quotation marks, the actors of who speaks there); set by the document
        self.quoted: Callable[[object], tuple[bool, list]] = lambda token: (False, [])
        # the document's author as an actor ([] without one); set by the document
        self.author: list[Actor] = []

    # -- actors named by a phrase ----------------------------------------------------------------------
    def actors(self, head, *, depth: int = 0) -> list[Actor]:
        """(actor_id, label) of the actors that the phrase headed by `head` names, coordinated ones included."""
        found: list[Actor] = []
        for token in [head, *head.conjuncts]:
            for actor in self._actors_of_one(token, depth=depth):
                if actor not in found:
                    found.append(actor)
        return found

    def _actors_of_one(self, head, *, depth: int) -> list[Actor]:
        if depth > 4:
            return []
        if head.lower_ in FIRST_PERSON_PRONOUNS and head.tag_ in ("PRP", "PRP$"):  # "us", never "US"
            reporters = self.reporter(head)
            if reporters:
                return reporters
            inside, speakers = self.quoted(head)
            if inside:
                return speakers  # "… in these terms: "We shall …"": the quoted one's "we", not the author's
            if head.i not in self.mentions.at:
                # first person that is no speaker mention ("I congratulate …", "allow me to thank …", "our planes
                # attacked"): the delegate speaking for the document's author
                return list(self.author)
        mention = self.mentions.at.get(head.i)
        if mention is not None:
            state = self.mentions.place_state.get(head.i)
            # a place an act is done to, from or in is its state: "occupied Tegucigalpa" acts on Honduras
            return [(state, PLACE)] if state else [(mention[0], mention[2])]
        if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$"):
            return self.antecedent(head, depth=depth)
        if self._is_demonstrative_state(head):
            return self.demonstrative_antecedent(head)
        for appos in children(head, "appos"):
            found = self.actors(appos, depth=depth + 1)
            if found:
                return found
        if head.dep_ == "appos" and head.pos_ == "NOUN" and head.head.i in self.mentions.at:
            # "Afghanistan, a country invaded by X": the noun that describes a name stands for it
            return self._actors_of_one(head.head, depth=depth + 1)
        if lower_lemma(head) in self.patterns.relational_nouns:
            # "thanks to the assistance of our partners": others than the speaker, unnamed; "our brothers in El
            # Salvador": the people of the place
            return [actor for prep in children(head, "prep") if prep.lower_ in ("in", "from")
                    for pobj in children(prep, "pobj") for actor in self.actors(pobj, depth=depth + 1)]
        members = self.names_members(head)
        for read in (self.modifier_actors, self._member_actors):
            found = read(head, depth=depth)
            if members:
                # "the Member States of the United Nations", "other United Nations Members": states, not the body
                found = [actor for actor in found if actor[0] not in self.collectives]
            if found:
                return found
        if head.pos_ in ("NOUN", "PROPN"):
            return self._maker_actors(head, depth=depth)
        return []

    def _is_demonstrative_state(self, head) -> bool:
        """ "that country", "that territory", "that sister country": a state noun pointed back at, with no name
        or owner of its own. "this country" is left alone (a speaker's own country as often as the one just
        named), as are "the country" and "that country of ours"."""
        # the tagger calls a capitalised "State" a proper noun
        if head.pos_ not in ("NOUN", "PROPN") or head.i in self.mentions.at or head.lower_ not in self.patterns.state_nouns \
                and lower_lemma(head) not in self.patterns.state_nouns:
            return False
        determiners = [child.lower_ for child in head.children if child.dep_ == "det"]
        owned = any(child.dep_ in ("poss", "prep") or child.ent_type_ for child in head.children)
        return determiners == ["that"] and not owned

    def names_members(self, head) -> bool:
        """A plural of a member noun, read from the word itself: the tagger calls "States" in "the Member States
        of …" a singular proper noun, and the lemma of a capitalized plural keeps its "s"."""
        word = head.lower_
        singular = word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else None
        return singular in self.patterns.member_nouns

    def is_agent_noun(self, head) -> bool:
        """A word for people, groups or institutions (analysis/data/agent_nouns.tsv), or for forces."""
        return (lower_lemma(head) in self.agent_heads or head.lower_ in self.agent_heads
                or lower_lemma(head) in self.patterns.force_nouns)

    def _member_actors(self, head, *, depth: int) -> list[Actor]:
        """ "officials of X", "troops from X", "officials in Kabul": the noun stands for the actor it belongs to.
        A place says whom a noun belongs to only when the noun names people or an institution (an agent noun
        of analysis/data/agent_nouns.tsv, or forces): "the attacks in Kabul" are no actor of Kabul's."""
        if lower_lemma(head) in self.patterns.topic_nouns:
            return []  # "the question of Cyprus": what is talked about, not who acts or is acted on
        agentive = self.is_agent_noun(head)
        for preposition in self.patterns.member_preps:
            if not agentive and preposition not in ("of", "from"):
                continue
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ == preposition:
                    for pobj in children(prep, "pobj"):
                        found = self.actors(pobj, depth=depth + 1)
                        if found:
                            return found
        return []

    def _maker_actors(self, head, *, depth: int) -> list[Actor]:
        """ "the adoption by the Assembly of …", "the plan produced by Russia": the noun stands for its maker's act."""
        for pobj in by_objects(head):
            found = self.actors(pobj, depth=depth + 1)
            if found:
                return found
        for participle in children(head, "acl"):
            if participle.tag_ == "VBN":
                agent = passive_agent(participle)
                found = self.actors(agent, depth=depth + 1) if agent is not None else []
                if found:
                    return found
            elif lower_lemma(participle) == "belong":  # "troops belonging to X's army"
                for prep in children(participle, "prep"):
                    for pobj in children(prep, "pobj"):
                        found = self.actors(pobj, depth=depth + 1)
                        if found:
                            return found
        return []

    def modifier_actors(self, head, *, depth: int) -> list[Actor]:
        """The actor among the head's left modifiers nearest the head, with those coordinated with it
        ("Afghanistan's Taliban-led government" → Taliban; "US and Pakistani intelligence" → both)."""
        candidates: dict[int, object] = {}
        people = self.is_agent_noun(head)
        for token in modifier_tokens(head):
            if token.i in self.mentions.at:
                mention = self.mentions.at[token.i]
                state = self.mentions.place_state.get(token.i)
                if state is not None:
                    if not people:
                        continue  # "the Geneva talks", "Kabul airport": where, not who
                    mention = (state, mention[1], "GPE")  # "Gaza militants": people of the place's state
                candidates.setdefault(mention[1].root.i, mention)
            elif token.tag_ == "PRP$" and token.dep_ == "poss":
                candidates.setdefault(token.i, token)
        if not candidates:
            return []
        nearest = max(candidates)
        linked = {nearest} | {t.i for t in self.mentions.doc[nearest].conjuncts if t.i in candidates}
        found: list[Actor] = []
        for index in sorted(linked):
            candidate = candidates[index]
            # a possessive pronoun: "its"/"their" by antecedent, "our"/"my" the speaker's
            actors = self._actors_of_one(candidate, depth=depth + 1) if not isinstance(candidate, tuple) else [
                (candidate[0], candidate[2])]
            for actor in actors:
                if actor not in found:
                    found.append(actor)
        return found

    # -- verbs and adjectives --------------------------------------------------------------------------
    def verb_arguments(self, trigger: Trigger) -> tuple[list, list, bool]:
        """(source actors, target actors, whether a doer was found in the syntax) of a verb or adjective."""
        token, pattern = trigger.token, trigger.pattern
        locations = pattern.root >= "14"
        # "is prepared to …", "is committed to achieving …": a participle of intent without agent is an adjective
        stative = pattern.intent and token.tag_ == "VBN" and passive_agent(token) is None
        passive = is_passive(token) and token.pos_ != "ADJ" and not stative
        if passive:
            agent = passive_agent(token)
            # "helped by the condemnation of Israel": an event noun acts, not the actor it names
            sources = self.actors(agent) if agent is not None and not self._is_event_noun(agent) else []
            themes = children(token, "nsubjpass")
            if agent is None and themes and lower_lemma(themes[0]) in self.patterns.force_nouns:
                # "Russian troops were deployed in …": the forces' owner acts; the place is the target
                sources = self.actors(themes[0])
                exclude = {actor[0] for actor in sources}
                targets = self.prep_actors(token, exclude=exclude) or (
                    self.prep_actors(token, exclude=exclude, preps=self.patterns.location_preps))
                return sources, targets, True
            has_doer = True
        else:
            subject = self.subject(token)
            if subject is None and token.pos_ == "ADJ":
                subject = self.subject(token.head) if is_verb(token.head) else None
            if subject is None and stative:
                subject = next(iter(children(token, "nsubjpass")), None)
            sources = self.actors(subject) if subject is not None and not self._is_event_noun(subject) else []
            has_doer = subject is not None
        source_ids = {actor[0] for actor in sources}
        if pattern.absorbs and pattern.root in ("02", "10") and not passive:
            return sources, self.addressees(token, source_ids=source_ids, preps=pattern.target_preps), has_doer
        preps = pattern.target_preps
        if preps is None and pattern.root in VIOLENT_ROOTS:
            # one fights for a cause or a side and against a foe: "peoples fighting for their liberation"
            preps = tuple(preposition for preposition in self.patterns.target_preps if preposition != "for")
        targets = self.target_actors(token, passive=passive, reporting=pattern.reporting,
                                     source_ids=source_ids, locations=locations,
                                     preps=preps, own_forces=pattern.moves_own_forces,
                                     # yielding (allow, accept) acts on the forces' owner; moving them does not
                                     moves_forces=pattern.root != "08" or pattern.code.startswith("087"))
        return sources, targets, has_doer

    def _is_event_noun(self, subject) -> bool:
        """Whether a verb's subject is itself an event of the sentence ("the boycott operations of X extend into
        …", "the attack by X left …"): what the verb says of it is no act of X's; the noun's own event is."""
        return subject.pos_ == "NOUN" and subject.i in self.noun_triggers

    def addressees(self, verb, *, source_ids: set[str], preps: Sequence[str] | None = None) -> list:
        """Whom an appeal or a demand is made of: the actor it names as its object ("urged Iran"), the doer of
        the act it asks for ("demanded the withdrawal of Israel", "demanded Israel's withdrawal"), or its
        prepositional addressee ("called on X", "demanded of X"). An actor inside what is asked for is its
        beneficiary, not its addressee: "demanded the restoration of the rights of the people of X" is made
        of someone the sentence does not name."""
        for head in self.object_phrases(verb, passive=False):
            found = [actor for actor in self.named(head) if actor[0] not in source_ids]
            if not found:
                event = self.noun_triggers.get(head.i)
                pattern = event.pattern if event is not None else (
                    self.finder.match(head, "NOUN") if head.pos_ == "NOUN" else None)
                if pattern is not None:
                    doers = self.noun_arguments(Trigger(head, pattern, head))[0]
                    found = [actor for actor in doers if actor[0] not in source_ids]
            if found:
                return found
        return self.prep_actors(verb, exclude=source_ids, preps=preps)

    def named(self, head) -> list[Actor]:
        """The actors a phrase names itself (its head, a coordinated head, an apposition, a pronoun's
        antecedent), not those it merely mentions inside ("the rights of X")."""
        found: list[Actor] = []
        for token in [head, *head.conjuncts]:
            mention = self.mentions.at.get(token.i)
            if mention is not None:
                actors = [(mention[0], mention[2])]
            elif token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$"):
                actors = self.antecedent(token, depth=0)
            else:
                actors = [actor for appos in children(token, "appos") for actor in self.named(appos)]
            found += [actor for actor in actors if actor not in found]
        return found

    def object_phrases(self, verb, *, passive: bool) -> list:
        heads = []
        if passive:
            heads += children(verb, "nsubjpass")
            if not heads and verb.dep_ in ("acl", "amod"):
                heads.append(verb.head)
        heads += objects_of(verb)
        heads += children(verb, "dative")
        if not heads and not passive:
            # "will not allow Ethiopia to fill the dam": the parser makes the one allowed, urged or forced the subject
            # of the infinitive; it is the verb's object
            heads += stray_objects(verb) or [
                subject for clause in children(verb, "ccomp") if is_infinitive(clause) and clause.tag_ == "VB"
                for subject in children(clause, "nsubj") if subject.lower_ not in RELATIVE_PRONOUNS]
        if not heads and not passive and verb.dep_ == "relcl":
            # "the militants the CIA trained": the relative clause's object is the noun it hangs on
            subjects = children(verb, "nsubj")
            if subjects and subjects[0].lower_ not in RELATIVE_PRONOUNS and not children(verb, "ccomp", "xcomp"):
                heads.append(verb.head)
        return heads

    def target_actors(self, verb, *, passive: bool, reporting: bool, source_ids: set[str],
                      locations: bool = False, preps: Sequence[str] | None = None, own_forces: bool = False,
                      moves_forces: bool = False) -> list:
        heads = self.object_phrases(verb, passive=passive)
        for head in heads:
            if own_forces and not passive and lower_lemma(head) in self.patterns.force_nouns and (
                    moves_forces or all(actor[0] in source_ids for actor in self.actors(head))):
                # "withdrew its forces from X": the forces are the doer's own; but "allowed Russian troops in"
                # acts on their owner (a withdrawal of someone else's forces names no target)
                continue
            if lower_lemma(head) in self.patterns.message_nouns:
                continue  # "conveyed the greetings of X to Y": the greetings' owner sends them
            event = self.noun_triggers.get(head.i)
            if event is not None and not passive:
                # "condemned the annexation of Crimea by Russia": the target is who did it; with no doer named
                # ("condemned the invasion of Panama") the act's victim is not the one condemned
                doers = [actor for actor in self.noun_arguments(event)[0] if actor[0] not in source_ids]
                if doers:
                    return doers
                continue
            # the noun a passive participle hangs on may name its own doer through that very participle ("the
            # embargo imposed on it by X" is X's embargo): that doer is no target
            own_noun = head.i == verb.head.i and verb.dep_ in ("acl", "amod")
            found = [actor for actor in self.actors(head) if actor[0] not in source_ids or (passive and not own_noun)]
            if found:
                return found
        found = self.prep_actors(verb, exclude=source_ids, preps=("to",) if reporting else preps)
        if found or reporting:
            return found
        if not heads:
            found = self._shared_object_actors(verb, source_ids)
            if found:
                return found
        for head in heads:
            if lower_lemma(head) in self.patterns.message_nouns:
                continue  # "greetings from X": its sender
            # "imposed a number of sanctions against Russia": the target hangs on the object, or on an object
            # coordinated with it ("established relations of friendship and cooperation with X")
            for part in [head, *head.conjuncts, *(pobj for prep in children(head, "prep") if prep.lower_ == "of"
                                                  for pobj in children(prep, "pobj"))]:
                found = self.prep_actors(part, exclude=source_ids)
                if found:
                    return found
        if locations:
            return self.prep_actors(verb, exclude=source_ids, preps=self.patterns.location_preps)
        return []

    def _shared_object_actors(self, verb, source_ids: set[str]) -> list:
        """ "trained and equipped the Syrian opposition": coordinated verbs share their object; a verb with a
        complement of its own does not ("accepted Russia's initiative and acceded to the Convention")."""
        if any(children(prep, "pobj") for prep in children(verb, "prep")):
            return []
        for other in verb.conjuncts:
            if is_verb(other):
                for head in children(other, "dobj"):
                    found = [actor for actor in self.actors(head) if actor[0] not in source_ids]
                    if found:
                        return found
        return []

    @staticmethod
    def _prepositions(token) -> list:
        """The token's prepositional phrases: its own ("to X", which the parser may label a dative) and those on
        an adverb of direction it carries ("flew them back home from X")."""
        # a preposition by its role: the tagger calls "upon" in "called upon X to …" a conjunction
        found = [child for child in token.children if child.dep_ in ("prep", "dative")
                 and (child.pos_ == "ADP" or children(child, "pobj"))]
        for adverb in children(token, "advmod"):
            if adverb.pos_ in ("ADV", "NOUN"):
                found += [child for child in adverb.children if child.dep_ == "prep"]
        return found

    def prep_actors(self, token, *, exclude: set[str], skip=None, preps: Sequence[str] | None = None) -> list:
        phrases = self._prepositions(token)
        for preposition in preps if preps is not None else self.patterns.target_preps:
            for prep in phrases:
                if prep.lower_ == preposition and (skip is None or skip not in prep.subtree):
                    # "rejoiced at seeing a free Namibia": a gerund's object is what the phrase is about
                    heads = children(prep, "pobj") + [obj for gerund in children(prep, "pcomp") if gerund.tag_ == "VBG"
                                                      for obj in children(gerund, "dobj")]
                    for head in heads:
                        found = [actor for actor in self.actors(head) if actor[0] not in exclude]
                        if found:
                            return found
        return []

    def governed_actors(self, verb, source_ids: set[str], *, depth: int = 0) -> list:
        """The target of a verb of appeal, threat or refusal that names it only inside what it governs:
        "demanded that the US cancel …" → US; "threatened to cut electricity to X" → X; also two clauses or a
        gerund down ("wishes to join others in welcoming X" → X)."""
        gerunds = [gerund for prep in children(verb, "prep") for gerund in children(prep, "pcomp") if gerund.tag_ == "VBG"]
        # further down only through infinitives and gerunds: a "that" clause below tells, it is not asked for
        for clause in children(verb, "xcomp", "ccomp" if depth == 0 else "xcomp") + gerunds:
            subject = children(clause, "nsubj")
            if subject:
                found = [actor for actor in self.actors(subject[0]) if actor[0] not in source_ids]
                if found:
                    return found
            found = self.target_actors(clause, passive=is_passive(clause), reporting=False, source_ids=source_ids)
            if found:
                return found
            if depth < 2:
                # "wishes to join others in welcoming Namibia": the act wished is further down
                found = self.governed_actors(clause, source_ids, depth=depth + 1)
                if found:
                    return found
        return []

    # -- nouns -----------------------------------------------------------------------------------------
