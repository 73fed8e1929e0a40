"""Coding: the CAMEO code of a trigger, from its pattern, what it governs, its negation and its modality.

A verb of intent takes its code from the act it governs ("pledged to send aid" → intent to give aid, 033), a
verb of appeal or demand from what it asks for ("urged X to withdraw" → appeal to yield, 0256), a statement
that an actor must act becomes a demand on that actor ("said Iraq must cooperate" → 100), and a future act
of material kind is an intent ("will visit" → 036).
"""

from __future__ import annotations

from typing import Callable

from analysis.cameo import Pattern, PatternSet, quad_class
from analysis.events.modality import Modality, has_modal, is_negated, is_without, performative_frame
from analysis.events.syntax import children, is_infinitive, is_passive, lower_lemma, passive_agent
from analysis.events.triggers import Trigger, TriggerFinder


def complement_code(pattern: Pattern, governed) -> str | None:
    """The pattern's code for the governed event: its full code first, then its 3-digit code, then its root
    ("0874" → "087" → "08"), so that one map entry can cover a whole CAMEO family."""
    governed_code = governed[1].code or ""
    for length in (len(governed_code), 3, 2):
        if length <= len(governed_code) and governed_code[:length] in pattern.complement_codes:
            return pattern.complement_codes[governed_code[:length]]
    return None


UNSPECIFIED_THREAT = "130"  # CAMEO "Threaten, not specified"


def _aimed_against(verb) -> bool:
    """Whether the infinitive a verb of intent governs aims its act "against" someone named ("against X", not
    "against terrorism")."""
    return any(token.lower_ == "against" and token.dep_ == "prep" and any(
        word.ent_type_ for pobj in children(token, "pobj") for word in pobj.subtree)
        for clause in children(verb, "xcomp") for token in clause.subtree)


class Coder:
    """Chooses the CAMEO code of each trigger."""

    def __init__(self, patterns: PatternSet, finder: TriggerFinder):
        self.patterns = patterns
        self.finder = finder
        # whether a subject names the document's author ("Uganda wishes to congratulate …" in Uganda's speech); set
        # by the document
        self.is_speaker: Callable[[object], bool] = lambda subject: False

    def obligation_clause(self, verb):
        """The clause of a statement that puts an obligation on someone ("said Iraq must cooperate"), or None."""
        for clause in children(verb, "ccomp"):
            if has_modal(clause, self.patterns.obligation_modals):
                return clause
            if lower_lemma(clause) == "have" and any(x.dep_ == "xcomp" and is_infinitive(x) for x in clause.children):
                return clause  # "Iraq has to cooperate"
        return None

    def code(self, trigger: Trigger, mood: Modality) -> tuple[str | None, bool]:
        """(code, negated) of a trigger in its modality. A refusal ("will not accept") takes a code of rejection
        and is no longer negated; a future act is an intent or a threat. None: no event (a plain intent whose act
        is of no kind the kit knows)."""
        pattern, negated = trigger.pattern, mood.negated
        if negated and pattern.negated_code and not is_without(trigger.anchor):
            # "did not accept" rejects; "cannot reach peace without accepting X" rejects nothing: the act is not done
            return pattern.negated_code, False
        code = pattern.code
        if pattern.intent:
            governed = self.finder.complement_trigger(trigger.token)
            if governed is not None and self.performed(*governed):
                code = governed[1].code  # "I wish to thank Japan" thanks Japan
            elif governed is not None:
                root = governed[1].root
                # a hostile act of a kind with no intent code of its own ("determined to resist the aggression of
                # X", "ready to reject …") is announced as a threat, never as an intent to cooperate
                hostile = UNSPECIFIED_THREAT if quad_class(root) >= 3 else None
                code = complement_code(pattern, governed) or self.patterns.intent_codes.get(root) or hostile or code
            elif code.startswith("03") and (_aimed_against(trigger.token) or self._answers_conflict(trigger.token)):
                # "prepared to take measures against X", "ready to resume its struggle against X", "ready to respond
                # to the aggression of X": an act the lexicon does not know, aimed against someone or answering
                # their hostility, is a threat, not an intent to cooperate
                code = UNSPECIFIED_THREAT
            elif pattern.needs_act or negated:
                # "Israel intends to keep the Golan Heights", "decided to nationalize the canal": a plain intent
                # or decision says nothing of cooperation until its act is known; a denied intent of an act of no
                # known kind tells nothing at all ("I do not wish to dwell on …")
                return None, negated
            return code, negated
        if pattern.complement_codes:
            # "urged X to withdraw" is an appeal to yield (025x), "demanded that X release …" a demand (105x)
            governed = self.finder.complement_trigger(trigger.token)
            if governed is None and pattern.needs_act:
                return None, negated  # "I want members to know …" asks for no act of any kind
            if governed is not None and not is_negated(governed[0]):
                code = complement_code(pattern, governed) or code
            return code, negated
        if negated:
            refusal = self._refusal(trigger, code)
            return (refusal, False) if refusal != code else (code, True)
        if mood.mood == "future":
            return self._future(pattern, code, mood), False
        return code, False

    def _answers_conflict(self, verb) -> bool:
        """Whether the infinitive a verb of intent governs takes a hostile act as its prepositional object ("to
        respond to the aggression of X", "to put an end to the occupation")."""
        for clause in children(verb, "xcomp"):
            for prep in children(clause, "prep"):
                for noun in children(prep, "pobj"):
                    pattern = self.finder.pattern_of(noun)
                    if pattern is not None and pattern.code and quad_class(pattern.root) >= 3:
                        return True
        return False

    def performed(self, token, pattern: Pattern) -> bool:
        """Whether the act of `token` is done by saying it in the speaker's own frame of wish ("I wish to
        congratulate X", "we would like to express our condemnation"), not wished for."""
        return bool(pattern.code) and pattern.code.startswith(self.patterns.performative_codes) and performative_frame(
            token, self.patterns.modality["performative_frames"], self.is_speaker)

    def _refusal(self, trigger: Trigger, code: str) -> str:
        """ "will not allow", "cannot accept", "does not recognize": refusing a cooperative act now or for the
        future is a rejection (settings.refusal_codes); "did not recognize" only denies a past act."""
        auxiliaries = {child.lower_ for child in children(trigger.anchor, "aux")}
        agent = passive_agent(trigger.anchor) if is_passive(trigger.anchor) else None
        if is_passive(trigger.anchor) and not (agent is not None and any(t.ent_type_ for t in agent.subtree)):
            return code  # "the dispute will not be resolved by force": nobody refuses anything
        if auxiliaries & self.patterns.modality["refusal_auxiliaries"] and code[:2] in self.patterns.refusal_codes:
            return self.patterns.refusal_codes[code[:2]]
        return code

    def _future(self, pattern: Pattern, code: str, mood: Modality) -> str:
        """An announced act: conflict → threat (13x), material cooperation → intent (03x); verbal acts keep their
        code ("will ask" is an appeal). Any act "unless …" is a threat."""
        threat = mood.condition in self.patterns.modality["threat_conditions"]
        if pattern.root in self.patterns.intent_codes and pattern.root not in ("03", "13"):
            intended = self.patterns.intent_codes[pattern.root]
            return intended if not threat or intended.startswith("13") else "130"
        return "130" if threat and pattern.root not in ("13",) else code

    def obligation(self, mood: Modality, code: str) -> str:
        """The demand or appeal that an obligation on an act amounts to ("X must withdraw" → 1056)."""
        base, codes = self.patterns.obligations.get(mood.obligation or "", ("100", {}))
        if mood.negated:
            return base  # "X must not attack": a demand to refrain, of no particular kind
        for length in (len(code), 3, 2):
            if code[:length] in codes:
                return codes[code[:length]]
        return base
