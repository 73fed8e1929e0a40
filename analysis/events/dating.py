"""Dating: an event's date is its clause's own time expression, else the sentence's nearest one, else the
document's date. Years inside names ("the 1999 International Convention") and the year of a numbered
document ("resolution 435 (1978)") date nothing; nor does a date that qualifies another noun ("the decision of
14 January 1985"). A nominal act that only tells the time of another ("during the war imposed on us by Iraq")
recalls an act the text does not date: no date, not the document's."""

from __future__ import annotations

from datetime import date
from typing import Mapping, Sequence

from analysis.cameo import quad_class
from analysis.events.syntax import is_cleft, is_verb, lower_lemma
from analysis.events.triggers import Trigger
from analysis.timexes import dates_a_numbered_document


# Prepositions through which a nominal act tells the time of another ("during the war", "since the invasion").
TEMPORAL_PREPOSITIONS = frozenset({"during", "since", "after", "before", "until", "following", "throughout"})
# Verbs that say an act happened ("which occurred on Saturday", "which took place in May").
OCCURRENCE_VERBS = frozenset({"occur", "happen", "take"})


class Dater:
    """Dates triggers with the document's normalised time expressions."""

    def __init__(self, doc, timexes: Sequence[Mapping], *, doc_date: date | None, doc_precision: str):
        self.doc = doc
        self.doc_date = doc_date
        self.doc_precision = doc_precision
        self.timexes = self._spans(timexes)

    def _spans(self, timexes: Sequence[Mapping]) -> list[tuple]:
        spans = []
        for timex in timexes:
            start_date = timex.get("start_date")
            if start_date is None or timex.get("precision") == "duration":
                continue
            span = self.doc.char_span(int(timex["start"]), int(timex["end"]), alignment_mode="expand")
            if span is not None and len(span):
                if hasattr(start_date, "date") and callable(start_date.date):
                    start_date = start_date.date()
                spans.append((span, start_date, str(timex.get("precision") or "unknown")))
        return spans

    @staticmethod
    def _clause_head(token, clause_tokens: set[int]):
        current = token
        while current.head.i != current.i:  # up to the root; Token objects are new on each access
            current = current.head
            if current.i in clause_tokens or (is_verb(current) and current.dep_ not in ("prep", "amod", "pcomp")):
                return current
        return current

    @staticmethod
    def _names_something(span) -> bool:
        root = span.root
        if root.dep_ in ("nummod", "compound", "amod", "nmod") and root.head.pos_ == "PROPN" and root.i < root.head.i:
            return True  # "the 1999 International Convention": a year in a name dates no event
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "PROPN":
            return True  # "the Treaty … of 1991"
        return dates_a_numbered_document(span)

    @staticmethod
    def _dates_another_noun(span, anchors: set[int]) -> bool:
        """ "… in accordance with the decision of 14 January 1985": a date after "of" qualifying a noun in a
        phrase of circumstance is that noun's time (the decision's), not the act's. The act's own noun ("the
        invasion of 1979") and its object ("signed the agreement of 3 March") keep their dates."""
        root = span.root
        if root.dep_ != "pobj" or root.head.lower_ != "of":
            return False
        noun = root.head.head
        return noun.pos_ == "NOUN" and noun.i not in anchors and noun.dep_ == "pobj"

    @staticmethod
    def _tells_when(head, trigger: Trigger) -> bool:
        """ "…, which took place in Nairobi on Friday": a relative clause of happening that hangs on what the act
        names (its object) tells when the act itself happened; the parser hangs it on the nearest noun."""
        if head.dep_ != "relcl" or lower_lemma(head) not in OCCURRENCE_VERBS:
            return False
        if lower_lemma(head) == "take" and not any(child.lower_ == "place" for child in head.children):
            return False
        if not any(child.dep_ == "nsubj" and child.lower_ in ("which", "that") for child in head.children):
            return False
        noun = head.head
        return any(ancestor.i in (trigger.token.i, trigger.anchor.i) for ancestor in noun.ancestors)

    def date(self, trigger: Trigger, sentence, trigger_tokens: set[int]) -> tuple[date | None, str]:
        """The clause's own time expression, else (for material acts) the sentence's nearest one, else the
        document's date. A statement, an appeal or a judgement (verbal acts: quad classes 1 and 3) is made when
        the text says it, so only its own clause can date it otherwise: "we welcome the treaty of 31 July 1991",
        said in 2009, is a welcome of 2009."""
        verbal = trigger.pattern.root and quad_class(trigger.pattern.root) in (1, 3)
        anchors = {trigger.token.i, trigger.anchor.i}
        ancestors = {token.i for token in trigger.anchor.ancestors}
        best = None
        for span, start_date, precision in self.timexes:
            if not (sentence.start <= span.root.i < sentence.end) or self._names_something(span):
                continue
            if self._dates_another_noun(span, anchors):
                continue
            head = self._clause_head(span.root, trigger_tokens)
            if head.i in anchors or self._tells_when(head, trigger):
                rank = 0
            elif is_cleft(head) and head.i in ancestors:
                rank = 0  # "It was in 2022 that Russia removed …": the cleft's time is the clause's
            elif head.i in ancestors:
                rank = 1
            elif span.root.head.lower_ in ("since", "until"):
                continue  # "… financing crimes committed since 2014": another clause's span of time
            else:
                rank = 2
            if verbal and rank > 0:
                continue
            key = (rank, abs(span.start - trigger.token.i))
            if best is None or key < best[0]:
                best = (key, start_date, precision)
        if best is not None:
            return best[1], best[2]
        if self._is_time_reference(trigger):
            return None, "unknown"
        return self.doc_date, (self.doc_precision if self.doc_date is not None else "unknown")

    @staticmethod
    def _is_time_reference(trigger: Trigger) -> bool:
        """A nominal act that only tells the time of another ("during the war imposed on us by Iraq, we …", "in the
        years after the invasion of X", "during the times of the war of X against Y"): it recalls an act whose date
        the text does not give, which is not the document's."""
        noun = trigger.token
        if noun.pos_ != "NOUN" or trigger.anchor.i != noun.i:
            return False
        current = noun
        for _ in range(3):
            if current.dep_ != "pobj":
                return False
            preposition = current.head
            if preposition.lower_ in TEMPORAL_PREPOSITIONS:
                return True
            if preposition.lower_ != "of" or preposition.head.pos_ != "NOUN":
                return False
            current = preposition.head  # "the times of the war", "the years of the occupation"
        return False
