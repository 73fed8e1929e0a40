"""Coding: the CAMEO code of a trigger, from its pattern, what it governs, its negation and its modality.

A verb of intent takes its code from the act it governs ("pledged to send aid" → intent to give aid, 033), a
verb of appeal or demand from what it asks for ("urged X to withdraw" → appeal to yield, 0256), a statement
that an actor must act becomes a demand on that actor ("said Iraq must cooperate" → 100), and a future act
of material kind is an intent ("will visit" → 036).
"""

from __future__ import annotations

from analysis.cameo import Pattern, PatternSet
from analysis.events.modality import has_modal, is_negated
from analysis.events.syntax import children, is_infinitive, lower_lemma
from analysis.events.triggers import Trigger, TriggerFinder


def complement_code(pattern: Pattern, governed) -> str | None:
    """The pattern's code for the governed event: its full code first, then its 3-digit code, then its root
    ("0874" → "087" → "08"), so that one map entry can cover a whole CAMEO family."""
    governed_code = governed[1].code or ""
    for length in (len(governed_code), 3, 2):
        if length <= len(governed_code) and governed_code[:length] in pattern.complement_codes:
            return pattern.complement_codes[governed_code[:length]]
    return None


class Coder:
    """Chooses the CAMEO code of each trigger."""

    def __init__(self, patterns: PatternSet, finder: TriggerFinder):
        self.patterns = patterns
        self.finder = finder

    def obligation_clause(self, verb):
        """The clause of a statement that puts an obligation on someone ("said Iraq must cooperate"), or None."""
        for clause in children(verb, "ccomp"):
            if has_modal(clause, self.patterns.obligation_modals):
                return clause
            if lower_lemma(clause) == "have" and any(x.dep_ == "xcomp" and is_infinitive(x) for x in clause.children):
                return clause  # "Iraq has to cooperate"
        return None

    def code(self, trigger: Trigger, negated: bool) -> tuple[str, bool]:
        """(code, negated): a negated trigger with a code of refusal takes that code and is no longer negated."""
        pattern = trigger.pattern
        if negated and pattern.negated_code:
            return pattern.negated_code, False
        code = pattern.code
        if pattern.intent:
            governed = self.finder.complement_trigger(trigger.token)
            if governed is not None:
                root = governed[1].root
                code = complement_code(pattern, governed) or self.patterns.intent_codes.get(root) or code
            return code, negated
        if pattern.complement_codes:
            # "urged X to withdraw" is an appeal to yield (025x), "demanded that X release …" a demand (105x)
            governed = self.finder.complement_trigger(trigger.token)
            if governed is not None and not is_negated(governed[0]):
                code = complement_code(pattern, governed) or code
            return code, negated
        if has_modal(trigger.anchor, self.patterns.future_modals) and pattern.root in self.patterns.intent_codes \
                and pattern.root not in ("03", "13"):
            code = self.patterns.intent_codes[pattern.root]
        return code, negated
