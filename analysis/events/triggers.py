"""Triggers: the words of a sentence that announce an event (a verb, an event noun carried by a light verb, an
adjective such as "ready to …"), each with the trigger-lexicon pattern whose conditions hold."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Iterable, Mapping

from analysis.cameo import Pattern, PatternSet
from analysis.petrarch import VerbDictionary, load_verb_dictionary, match_verb
from analysis.events.syntax import (COPULAS, children, forms, governed, is_infinitive, is_passive, is_to_infinitive,
                                    lower_lemma, modifier_tokens, object_words, objects_of, passive_agent, phrase,
                                    verb_forms)


@dataclass
class Trigger:
    token: object           # the trigger token (for a light-verb noun: the noun)
    pattern: Pattern
    anchor: object          # the clause token that carries tense, negation and subject (the light verb, or the token)


@functools.lru_cache(maxsize=4096)
def _petrarch_pattern(lemma: str, code: str, swapped: bool, note: str) -> Pattern:
    # PETRARCH codes events between two actors: its readings need someone acted upon
    return Pattern(lemma=lemma, code=code, swapped=swapped, origin="petrarch", note=note, needs_target=True)


def _stray_complements(noun) -> list:
    """Infinitives the parser hung on the verb whose object an appeal noun is, after that noun: in "reiterate our
    call to the Council to impose sanctions" what is asked ("to impose") is the call's, not the speaker's act."""
    if noun.dep_ != "dobj":
        return []
    return [child for child in noun.head.children if child.dep_ == "advcl" and child.i > noun.i and is_to_infinitive(child)]


def _adjective_in_verb_coordination(token) -> bool:
    """ "withdraw to secure and recognized boundaries": the parser reads the adjective "secure" as a verb and the
    participle coordinated with it as another; a bare participle is no conjunct of a base form."""
    return (token.dep_ == "conj" and token.tag_ == "VBN" and token.head.tag_ == "VB"
            and not any(child.dep_ in ("aux", "auxpass") for child in token.children))


def _is_particle(verb, child) -> bool:
    """Whether `child` can be the particle of a phrasal verb: after the verb ("In these conditions we have given …"
    holds no "give in"), and either tagged a particle or a preposition or adverb with only adverbs and the verb's
    object between them ("looked carefully into", "forced the agency out of"): in "look forward to the coming
    into effect of …" the "into" of "coming" makes no "look into", whatever the parser hangs it on."""
    if child.i <= verb.i or child.dep_ not in ("prt", "prep", "advmod", "dative"):
        return False
    if child.dep_ == "prt":
        return True
    objects = {word.i for obj in verb.children if obj.dep_ == "dobj" for word in obj.subtree}
    return all(word.pos_ == "ADV" or word.i in objects for word in verb.doc[verb.i + 1 : child.i])


class TriggerFinder:
    """Finds the triggers of a sentence; `mention_at` (token index → mention) keeps actor names from triggering.

    A verb's sense comes from two lexicons: the kit's own patterns (event_patterns.yaml), which know the
    language of statements, appeals and UN speeches, and PETRARCH2's verb dictionary (data/petrarch_verbs.tsv,
    analysis/petrarch.py), which covers thousands more verb phrases of the news. Readings, best first:
      1. a kit pattern that holds (its conditions, or its default for the lemma);
      2. a PETRARCH pattern that names the verb's object and holds ("upgraded diplomatic relations" → 050,
         "handed over medicine" → 073, "ended mediation efforts" → 166): an object tells a verb's sense best;
      3. for a lemma the kit does not know at all, another PETRARCH pattern that holds (a preposition, a
         particle, a subject), else PETRARCH's default for the verb.
    A lemma the kit knows only in senses whose conditions failed gets no PETRARCH default. A stop entry (no
    event) of either, when it is the reading chosen, is final. PETRARCH reads finite verbs, infinitives and
    gerunds only: a participle describing a noun ("militiamen armed with machetes") is a state, and the verbs
    that carry another's sense (light verbs, "need to", "have to") carry it, they are not events themselves.
    Where both lexicons know a verb, the kit wins: PETRARCH's dictionary is broad but noisy (it codes
    "uphold a right" as a threat), and the kit's senses are written for the statements the kit reads most.
    As in PETRARCH, which codes events between two actors, a PETRARCH reading makes an event only where someone
    is acted upon (its pattern `needs_target`): "we expect that …" is no intent to cooperate.
    """

    def __init__(self, patterns: PatternSet, mention_at: Mapping[int, object], *, verbs: VerbDictionary | None = None):
        self.patterns = patterns
        self.mention_at = mention_at
        self.verbs = verbs if verbs is not None else load_verb_dictionary()

    # -- one token -------------------------------------------------------------------------------------
    def match(self, token, pos: str) -> Pattern | None:
        kit, known = self._kit_match(token, pos)
        if kit is not None or pos != "VERB" or not self._petrarch_reads(token):
            return kit if kit is None or kit.code is not None else None
        reading = match_verb(token, self.verbs, skip=self.mention_at.keys())
        # a light verb whose object is no event noun is read by that object only: "extend our congratulations to
        # X" (051), "extend condolences" (018), not PETRARCH's default for "extend"
        by_object_only = known or lower_lemma(token) in self.patterns.light_verbs
        if reading is None or (by_object_only and not (reading.specific and reading.by_object)):
            return None
        return self._petrarch(token, reading)

    def _petrarch_reads(self, token) -> bool:
        if token.tag_ == "VBN" and token.dep_ in ("acl", "amod"):
            return False
        return lower_lemma(token) not in self.patterns.modality["obligation_verbs"]

    def _kit_match(self, token, pos: str) -> tuple[Pattern | None, bool]:
        """(the first kit pattern whose conditions hold, whether the kit knows the lemma at all)."""
        for form in (verb_forms(token) if pos == "VERB" else (lower_lemma(token), token.lower_)):
            entries = self.patterns.lookup(form, pos)
            for pattern in entries:
                if self.holds(pattern, token):
                    return pattern, True
            if entries:
                return None, True
        return None, False

    @staticmethod
    def _petrarch(token, reading) -> Pattern | None:
        if reading.code is None:
            return None
        return _petrarch_pattern(lower_lemma(token), reading.code, reading.swapped, reading.pattern)

    def token_pos(self, token) -> str | None:
        if token.i in self.mention_at:
            return None
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ not in ("aux", "auxpass")):
            # a participle used as an adjective ("declared weapons", "the ousted president") tells no event
            return None if token.dep_ == "amod" or _adjective_in_verb_coordination(token) else "VERB"
        if token.pos_ == "NOUN" and token.dep_ != "compound":
            return "NOUN"
        if token.pos_ == "ADJ" and token.dep_ not in ("amod",):
            return "ADJ"
        return None

    def pattern_of(self, token) -> Pattern | None:
        pos = self.token_pos(token)
        if pos is None:
            return None
        pattern = self.match(token, pos)
        if pattern is None and pos == "VERB" and token.tag_ == "VBN" and not self._done_by_someone(token) \
                and not self._perfect_with_object(token):
            pattern = self.match(token, "ADJ")
        return pattern

    @staticmethod
    def _perfect_with_object(participle) -> bool:
        """ "they have committed acts of sabotage": a perfect tense acting on an object, not the adjective ("we are
        committed to peace")."""
        return bool(children(participle, "dobj")) and any(aux.lower_ in ("have", "has", "had", "'ve", "having")
                                                          for aux in children(participle, "aux"))

    def _done_by_someone(self, participle) -> bool:
        """A participle whose "by" phrase names a doer (a name, a nationality, armed forces, members) is the verb's
        passive, not an adjective: "crimes committed by the Serbian forces" tells of no commitment (030), while
        "concerned by the situation" stays the adjective."""
        agent = passive_agent(participle)
        if agent is None:
            return False
        if lower_lemma(agent) in self.patterns.force_nouns | self.patterns.member_nouns:
            return True
        return any(word.pos_ == "PROPN" or word.ent_type_ for word in agent.subtree)

    def holds(self, pattern: Pattern, token) -> bool:
        """Whether every condition of `pattern` holds for `token` (event_patterns.yaml's header lists them)."""
        if pattern.particle and not any(_is_particle(token, child) and child.lower_ in pattern.particle for child in token.children):
            return False
        if pattern.passive is not None and is_passive(token) != pattern.passive:
            return False
        if pattern.object is not None and not self._object_holds(pattern, token):
            return False
        if pattern.prep and not self._prep_holds(pattern, token):
            return False
        if pattern.complement is not None and not self._complement_holds(pattern, token):
            return False
        if pattern.modifier and not ({word for t in modifier_tokens(token) for word in forms(t)} & pattern.modifier):
            return False
        if pattern.with_words or pattern.without_words:
            words = {word for t in phrase(token) if t is not token for word in forms(t)}
            if pattern.with_words and not (words & pattern.with_words):
                return False
            if words & pattern.without_words:
                return False
        return True

    def _object_holds(self, pattern: Pattern, token) -> bool:
        objects = self.object_heads(token)
        if pattern.object is True:
            return bool(objects)
        if pattern.object is False:
            # a clause is an object too: "the report demonstrated that the sanctions had failed" shows, not protests
            return not objects and not children(token, "ccomp")
        return bool(object_words(objects) & pattern.object)

    @staticmethod
    def _prep_holds(pattern: Pattern, token) -> bool:
        preps = [child for child in token.children if child.dep_ in ("prep", "agent", "dative", "prt")
                 and child.lower_ in pattern.prep]
        if not preps:
            return False
        return not pattern.prep_object or any(
            object_words(children(prep, "pobj", "pcomp")) & pattern.prep_object for prep in preps)

    @staticmethod
    def _complement_holds(pattern: Pattern, token) -> bool:
        # an adverbial participle is no complement: "Speaking in Cairo, the minister agreed that …"
        infinitive = any(child.dep_ == "xcomp" or (child.dep_ in ("advcl", "acl") and is_infinitive(child)
                                                   and child.tag_ != "VBG") for child in token.children)
        # a noun's that-clause is its "acl" ("our conviction that …"), a relative clause ("the steps that we took") not
        clause = any(child.dep_ == "ccomp" or (token.pos_ == "NOUN" and child.dep_ == "acl" and any(
            mark.dep_ == "mark" and mark.lower_ == "that" for mark in child.children)) for child in token.children)
        # another's act asked for: an infinitive with a subject of its own ("want X to withdraw")
        # (a to-infinitive: "expect that X will adhere" asks nothing)
        asked = any(child.dep_ == "ccomp" and is_to_infinitive(child) and children(child, "nsubj") for child in token.children)
        if pattern.complement == "finite":  # a proposition: "expect that relations will improve", not "expect X to …"
            return any(child.dep_ == "ccomp" and not is_to_infinitive(child) for child in token.children)
        return {True: infinitive or clause, False: not (infinitive or clause), "infinitive": infinitive,
                "clause": clause, "asked": asked}[pattern.complement]

    @staticmethod
    def object_heads(token) -> list:
        if token.pos_ == "NOUN":
            return [pobj for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
                    for pobj in children(prep, "pobj")]
        heads = objects_of(token)
        if is_passive(token):
            heads += children(token, "nsubjpass")
            if token.dep_ in ("acl", "amod"):
                heads.append(token.head)
        if not heads and token.dep_ == "relcl" and children(token, "nsubj"):
            heads.append(token.head)
        return heads

    # -- light verbs -----------------------------------------------------------------------------------
    def is_light(self, verb) -> bool:
        return lower_lemma(verb) in self.patterns.light_verbs or (
            verb.pos_ == "VERB" and any(form in self.patterns.light_verbs for form in verb_forms(verb)[2:]))

    def light_noun(self, verb):
        """The noun trigger that light verb `verb` carries ("launched an attack"), with its pattern."""
        if not self.is_light(verb):
            return None
        # "launched an attack", and in the passive "an attack was launched by X"
        candidates = children(verb, "dobj") + (children(verb, "nsubjpass") if is_passive(verb) else [])
        candidates += [pobj for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in self.patterns.light_preps
                       for pobj in children(prep, "pobj")]
        # "carried out acts of aggression": the act is the aggression
        candidates += [pobj for noun in list(candidates) if lower_lemma(noun) in self.patterns.light_nouns
                       for prep in children(noun, "prep") if prep.lower_ == "of" for pobj in children(prep, "pobj")]
        for noun in candidates:
            if noun.pos_ == "NOUN" and noun.i not in self.mention_at:
                pattern = self.match(noun, "NOUN") or self._carried_sense(noun)
                if pattern is not None:
                    return noun, pattern
        return None

    def _carried_sense(self, noun) -> Pattern | None:
        """A noun pattern whose only unmet condition is its qualifying words: those tell an act from a mere
        noun ("full support" against "the support of the people"), and a light verb already tells it
        ("reaffirmed its support for …", "voiced its support")."""
        for pattern in self.patterns.lookup(lower_lemma(noun), "NOUN"):
            if pattern.with_words and pattern.code is not None and self.holds(replace(pattern, with_words=frozenset()), noun):
                return pattern
        return None

    # -- a sentence ------------------------------------------------------------------------------------
    def triggers(self, sentence) -> list[Trigger]:
        """The sentence's triggers in text order, without those inside what another trigger reports, wants or
        alleges, and without nouns that only restate their verb."""
        found: dict[int, Trigger] = {}
        carried: set[int] = set()
        for token in sentence:
            if token.pos_ in ("VERB", "AUX") and token.i not in self.mention_at:
                light = self.light_noun(token)
                if light is not None:
                    own = self.pattern_of(token)
                    if own is not None and own.absorbs:
                        found[token.i] = Trigger(token, own, token)
                    else:
                        noun, pattern = light
                        found[noun.i] = Trigger(noun, pattern, token)
                        carried.add(noun.i)
                    continue
            if token.i in found or token.i in carried:
                continue
            pattern = self.pattern_of(token)
            if pattern is not None:
                found[token.i] = Trigger(token, pattern, token)
        absorbed = self._absorbed(found.values()) | self._restated(found) | self._copulas_of_triggers(found)
        return [trigger for index, trigger in sorted(found.items()) if index not in absorbed]

    @staticmethod
    def _copulas_of_triggers(found: Mapping[int, Trigger]) -> set[int]:
        """Copulas whose predicate adjective is a trigger of its own: "I remain committed to peace" is one act,
        the adjective's ("committed"), not a second one of "remain" (PETRARCH2's "remain … committed")."""
        return {index for index, trigger in found.items()
                if trigger.anchor is trigger.token and lower_lemma(trigger.token) in COPULAS
                and any(child.dep_ == "acomp" and child.i in found for child in trigger.token.children)}

    @staticmethod
    def _restated(found: Mapping[int, Trigger]) -> set[int]:
        """Noun triggers that only restate the verb whose object they are ("imposed a number of sanctions"), that
        the verb's reading is made of ("suspended its military aid" is one act, 1622), or that a participle of
        the same root qualifies ("the agreement signed by X and Y")."""
        restated = set()
        for index, trigger in found.items():
            token = trigger.token
            if token.pos_ == "VERB" and token.dep_ == "acl" and token.head.i in found \
                    and found[token.head.i].pattern.root == trigger.pattern.root:
                # "the agreement signed by X and Y": one act, told by the participle with its doers
                restated.add(token.head.i)
            if trigger.token.pos_ != "NOUN" or trigger.anchor is not trigger.token:
                continue
            current = trigger.token
            for _ in range(3):
                if current.dep_ not in ("dobj", "pobj", "prep", "nsubjpass"):
                    break
                current = current.head
                governor = found.get(current.i)
                if governor is not None and (governor.pattern.root == trigger.pattern.root or (
                        isinstance(governor.pattern.object, frozenset) and trigger.token.dep_ == "dobj")):
                    # "imposed a number of sanctions"; "suspended its military aid": the verb's reading already
                    # names what it acts on
                    restated.add(index)
                    break
        return restated

    @staticmethod
    def _absorbed(found: Iterable[Trigger]) -> set[int]:
        """Tokens inside what a verb of appeal, intent, threat, refusal or accusation governs: what is
        asked, promised, threatened or alleged there has not happened, so it is no event of its own."""
        absorbed: set[int] = set()
        for trigger in found:
            if not trigger.pattern.absorbs:
                continue
            tokens = [trigger.token] if trigger.anchor is trigger.token else [trigger.token, trigger.anchor]
            for token in tokens:
                if token.pos_ == "NOUN":
                    inside = [child for child in token.children if child.i > token.i] + _stray_complements(token)
                else:
                    inside = governed(token)
                for child in inside:
                    absorbed.update(t.i for t in child.subtree if t.i != trigger.token.i)
        return absorbed

    def complement_trigger(self, token, *, depth: int = 0):
        """The trigger that a verb of intent, threat or refusal governs, and its pattern."""
        if depth > 3:
            return None
        # below a governed verb of no known kind, its prepositional phrases are its circumstances and what it acts
        # on, not the act intended ("determined to respond to threats" intends no threat)
        # ("join others in welcoming X": a gerund there is still an act)
        below_verb = depth >= 2 and token.pos_ == "ADP" and token.head.pos_ in ("VERB", "AUX")
        inner = ("pcomp",) if below_verb else ("xcomp", "ccomp", "dobj", "acl", "prep", "pobj", "pcomp")
        candidates = governed(token) if depth == 0 else [
            child for child in token.children
            if child.dep_ in inner or (child.dep_ == "advcl" and is_infinitive(child))]
        for child in sorted(candidates, key=lambda child: (child.dep_ in ("prep", "pobj", "pcomp"), child.i)):
            light = self.light_noun(child) if child.pos_ in ("VERB", "AUX") else None
            if light is not None:
                return light
            pattern = self.pattern_of(child)
            if pattern is not None:
                return child, pattern
            found = self.complement_trigger(child, depth=depth + 1)
            if found is not None:
                return found
        return None
