"""One parsed document → its event rows: triggers per sentence, their arguments, code and date."""

from __future__ import annotations

from datetime import date
from typing import Iterator, Mapping, Sequence

from analysis.cameo import CodebookEntry, PatternSet
from analysis.events.arguments import ArgumentReader, MentionIndex
from analysis.events.coding import Coder
from analysis.events.dating import Dater
from analysis.events.modality import is_negated, is_rhetorical
from analysis.events.syntax import COPULAS, children, lower_lemma
from analysis.events.triggers import Trigger, TriggerFinder


class DocumentEvents:
    """Finds the events of one Doc; keeps the finding (triggers, arguments, codes) apart from the rows."""

    def __init__(self, doc, mentions: Sequence[Mapping], timexes: Sequence[Mapping], patterns: PatternSet,
                 codebook: Mapping[str, CodebookEntry], doc_date: date | None, doc_precision: str):
        self.codebook = codebook
        self.patterns = patterns
        self.mentions = MentionIndex(doc, mentions)
        self.finder = TriggerFinder(patterns, self.mentions.at)
        self.arguments = ArgumentReader(patterns, self.mentions, self.finder)
        self.coder = Coder(patterns, self.finder)
        self.dater = Dater(doc, timexes, doc_date=doc_date, doc_precision=doc_precision)

    def events(self) -> Iterator[dict]:
        for sent_id, sentence in enumerate(self.mentions.sentences):
            triggers = self.finder.triggers(sentence)
            self.arguments.noun_triggers = {trigger.token.i: trigger for trigger in triggers
                                            if trigger.token.pos_ == "NOUN" and trigger.anchor is trigger.token}
            trigger_tokens = {trigger.token.i for trigger in triggers} | {trigger.anchor.i for trigger in triggers}
            seen: set[tuple] = set()
            for trigger in triggers:
                for row in self._rows(trigger, sent_id, sentence, trigger_tokens):
                    key = (row["trigger_start"], row["source_id"], row["target_id"], row["cameo_code"])
                    if key not in seen:
                        seen.add(key)
                        yield row

    def _negated(self, trigger: Trigger) -> bool:
        token, pattern = trigger.token, trigger.pattern
        negated = is_negated(trigger.anchor) or (trigger.anchor is not token and is_negated(token))
        if pattern.negated_code and is_rhetorical(trigger.anchor):
            negated = True  # "how can we accept …?" refuses; "how can X attack …?" still reports an attack
        if token.pos_ == "NOUN" and not negated:
            governor = token.head.head if token.dep_ == "pobj" else token.head
            if governor is not token and lower_lemma(governor) in COPULAS:
                negated = is_negated(governor)  # "is not at war with …"
        return negated

    def _rows(self, trigger: Trigger, sent_id: int, sentence, trigger_tokens: set[int]) -> Iterator[dict]:
        token, pattern = trigger.token, trigger.pattern
        if token.pos_ == "NOUN":
            sources, targets, found = self.arguments.noun_arguments(trigger)
        else:
            sources, targets, found = self.arguments.verb_arguments(trigger)
        code, negated = self.coder.code(trigger, self._negated(trigger))
        source_ids = {actor[0] for actor in sources}
        if pattern.reporting and not negated:
            clause = self.coder.obligation_clause(token)
            if clause is not None:
                subject = self.arguments.subject(clause)
                obliged = [actor for actor in self.arguments.actors(subject) if actor[0] not in source_ids] if subject else []
                if obliged:
                    code, targets = self.patterns.obligation_code, obliged
        if pattern.absorbs and not targets and token.pos_ != "NOUN" and not children(token, "dobj"):
            # an addressee named but not an actor ("urged member States not to recognize X") is the target,
            # not X inside what it is asked to do
            targets = self.arguments.governed_actors(token, source_ids)
        if not found or not (sources or targets):
            return
        entry = self.codebook[code]
        if not sources and entry.quad_class in (1, 2) and (token.pos_ == "NOUN" or token.dep_ in ("relcl", "acl")):
            return  # "the ceasefire agreement for Ukraine", "a dialogue that meets …": cooperation needs a doer
        when, precision = self.dater.date(trigger, sentence, trigger_tokens)
        for source, target in _pairs(sources, targets, entry.quad_class):
            yield {
                "sent_id": sent_id,
                "trigger_start": token.idx,
                "date": when,
                "date_precision": precision,
                "source_id": source[0] if source else None,
                "target_id": target[0] if target else None,
                "verb": pattern.lemma if not negated else f"not {pattern.lemma}",
                "cameo_code": code,
                "cameo_root": entry.root,
                "quad_class": entry.quad_class,
                "goldstein": entry.goldstein,
                "negated": negated,
                "text": sentence.text.strip(),
            }


def _pairs(sources: list, targets: list, quad_class: int) -> list[tuple]:
    """(source, target) pairs of one trigger; nobody acts on itself."""
    pairs = [(source, target) for source in (sources or [None]) for target in (targets or [None])
             if source is None or target is None or source[0] != target[0]]
    if not pairs:  # "Russia urged that it …"
        pairs = [(source, None) for source in sources]
    if not targets and len(sources) > 1 and quad_class in (1, 2):
        # "X and Y agreed/met": CAMEO codes one event each way between the coordinated actors.
        pairs = [(source, target) for source in sources for target in sources if source != target]
    return pairs
