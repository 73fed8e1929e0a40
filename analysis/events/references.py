"""References: the document's actor mentions by token, and the small coreference rule for pronouns.

A 3rd-person pronoun refers to the subject of a clause above it when that fits ("Russia removed the Taliban from
its list"), else to the nearest preceding mention of its kind (a person for "he", anything else for "it",
"they") within two sentences, preferring a recent subject; never to the speaker's own "we", "our".
`PronounReadings` is a part of `analysis.events.arguments.ArgumentReader` (it uses its `actors` and
`mentions`).
"""

from __future__ import annotations

from typing import Mapping, Sequence

from analysis.actors import PLACE_LABELS
from analysis.events.syntax import children, is_cleft, is_verb
from analysis.parsed import sentences

PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
GROUP_PRONOUNS = frozenset({"it", "its", "itself", "they", "them", "their", "theirs", "themselves"})
FIRST_PERSON_PRONOUNS = frozenset({"we", "us", "our", "ours", "ourselves", "i", "me", "my", "mine", "myself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
PRONOUN_LOOKBACK_SENTENCES = 2

Actor = tuple[str, str]  # (actor_id, NER label)
# The label of a place read as its state: an argument only of acts done on a territory (`territorial_roots`)
PLACE = "PLACE"


def _names_a_subject(token) -> bool:
    """A subject or the possessor of one: "Libya's attitude was menacing, and its attacks …" (its: Libya's)."""
    subjects = ("nsubj", "nsubjpass")
    return token.dep_ in subjects or (token.dep_ == "poss" and token.head.dep_ in subjects)


def _same_referent(first, second) -> bool:
    """Whether two third-person pronouns can name the same one: both "it"-forms or both "they"-forms."""
    words = {first.lower_, second.lower_}
    return words <= (GROUP_PRONOUNS - PLURAL_PRONOUNS) or words <= PLURAL_PRONOUNS or words <= PERSON_PRONOUNS


class MentionIndex:
    """The document's actor mentions as token spans: by token, in order, with the sentence of each token."""

    def __init__(self, doc, mentions: Sequence[Mapping]):
        self.doc = doc
        self.sentences = sentences(doc)
        self.sentence_of: dict[int, int] = {}
        for number, sentence in enumerate(self.sentences):
            self.sentence_of.update(dict.fromkeys(range(sentence.start, sentence.end), number))
        # token → the state a place mention lies in ("occupied Tegucigalpa": Honduras), as event coders code places
        self.place_state: dict[int, str] = {}
        self.spans = self._spans(mentions)
        self.at: dict[int, tuple] = {}
        for mention in sorted(self.spans, key=lambda item: item[1].start - item[1].end):  # longest first
            for token in mention[1]:
                self.at.setdefault(token.i, mention)

    def _spans(self, mentions: Sequence[Mapping]) -> list[tuple]:
        spans = []
        for mention in mentions:
            if not mention.get("actor_id"):
                continue
            span = self.doc.char_span(int(mention["start"]), int(mention["end"]), alignment_mode="expand")
            if span is not None and len(span):
                spans.append((str(mention["actor_id"]), span, str(mention.get("label") or "")))
                if mention.get("country") and mention.get("method") == "discovered" and mention.get("label") in PLACE_LABELS:
                    self.place_state.update(dict.fromkeys((token.i for token in span), str(mention["country"])))
        return sorted(spans, key=lambda item: item[1].start)


class PronounReadings:
    """The antecedent of a pronoun, for `ArgumentReader`."""

    def antecedent(self, pronoun, *, depth: int) -> list[Actor]:
        """A small coreference rule: a 3rd-person pronoun refers to the subject of a clause above it when that
        fits ("Russia removed the Taliban from its list"), else to the nearest preceding fitting mention."""
        word = pronoun.lower_
        if word in PERSON_PRONOUNS:
            fits = lambda label: label == "PERSON"  # noqa: E731
        elif word in GROUP_PRONOUNS:
            fits = lambda label: label != "PERSON"  # noqa: E731
        else:
            return []
        if pronoun.dep_ == "expl" or (word == "it" and (is_cleft(pronoun.head) or children(pronoun.head, "ccomp"))):
            return []  # "it was in 2022 that …", "it must be stated that …", "it means that …"
        for ancestor in pronoun.ancestors:
            if not is_verb(ancestor):
                continue
            for subject in children(ancestor, "nsubj", "nsubjpass"):
                if subject.i <= pronoun.i <= subject.right_edge.i:
                    continue
                if subject.pos_ == "PRON":
                    if _same_referent(subject, pronoun) and subject.i < pronoun.i and depth < 4:
                        return self.antecedent(subject, depth=depth + 1)  # "it persists in its acts": its = it
                    continue
                actors = [actor for actor in self.actors(subject, depth=depth + 1) if fits(actor[1])]
                if actors:
                    # "Kenya and Chad said they …": a plural pronoun is every one of a coordination
                    return actors if word in PLURAL_PRONOUNS else actors[:1]
        if pronoun.dep_ not in ("nsubj", "nsubjpass", "poss"):
            return []  # an object pronoun ("raping them") is too often someone the text did not name
        nearest, rival = self._nearest_and_rival(pronoun, fits)
        if rival is not None and (nearest is None or rival.i >= nearest[1].end):
            # a subject closer to the pronoun, of its number, names no actor: "the negotiations have not
            # ended, but they have yielded little" is about the negotiations, not the last state named
            return [actor for actor in self.actors(rival, depth=depth + 1) if fits(actor[1])][:1]
        if nearest is None:
            return []
        return self._coordinated(nearest, fits) if word in PLURAL_PRONOUNS else [(nearest[0], nearest[2])]

    def noun_antecedent(self, pronoun):
        """The common noun a subject pronoun stands for when it names no actor: the nearest subject before it of
        its number, nearer than any fitting mention ("Any actions that undermine those rights are void, as they
        threaten peace": the actions); else None."""
        if pronoun.lower_ not in GROUP_PRONOUNS or pronoun.dep_ not in ("nsubj", "nsubjpass"):
            return None
        nearest, rival = self._nearest_and_rival(pronoun, lambda label: label != "PERSON")
        return rival if rival is not None and (nearest is None or rival.i >= nearest[1].end) else None

    def _nearest_and_rival(self, pronoun, fits) -> tuple:
        """The mention a pronoun most likely names (the subject named last, else the nearest before it, within
        PRONOUN_LOOKBACK_SENTENCES) and the nearest common-noun subject of its number (`_rival_subject`)."""
        first_sentence = max(0, self.mentions.sentence_of.get(pronoun.i, 0) - PRONOUN_LOOKBACK_SENTENCES)
        earliest = self.mentions.sentences[first_sentence].start
        # a third person is not the speaker's "we", "our" (the author's own mentions): "we hope that it has
        # complied" is about another
        candidates = [(actor_id, span, label) for actor_id, span, label in reversed(self.mentions.spans)
                      if span.end <= pronoun.i and span.start >= earliest and fits(label)
                      and not (span.root.pos_ == "PRON" and span.root.lower_ in FIRST_PERSON_PRONOUNS)
                      and not self._modifies_a_thing(span)]
        # the subject named last is the likelier referent than a later object ("While Kenya negotiates with
        # Somalia, it continues …" is Kenya), as in salience-based coreference
        recent = self.mentions.sentences[max(0, self.mentions.sentence_of.get(pronoun.i, 0) - 1)].start
        nearest = next((candidate for candidate in candidates
                        if candidate[1].start >= recent and _names_a_subject(candidate[1].root)),
                       candidates[0] if candidates else None)
        return nearest, self._rival_subject(pronoun, earliest)

    def _coordinated(self, mention, fits) -> list[Actor]:
        """The actors of the coordination a mention ends or belongs to ("… to the European Union, Japan and the
        International Red Cross; they have assisted …" is all three), or the mention's own actor."""
        found = [(mention[0], mention[2])]
        root = mention[1].root
        for token in sorted(root.conjuncts, key=lambda token: token.i):
            other = self.mentions.at.get(token.i)
            if other is not None and fits(other[2]) and (other[0], other[2]) not in found:
                found.append((other[0], other[2]))
        return found

    def _modifies_a_thing(self, span) -> bool:
        """The name only qualifies a noun for a thing ("Security Council resolutions", "the Geneva talks"): a
        pronoun refers to a noun phrase, not to a word inside one; "the Security Council members" are people."""
        root = span.root
        return root.dep_ == "compound" and root.head.pos_ == "NOUN" and not self.is_agent_noun(root.head)

    def demonstrative_antecedent(self, noun) -> list[Actor]:
        """ "that country", "that territory", "that sister country": the state named last before the noun within
        two sentences, not the subject of the noun's own clause ("South Africa violated the sovereignty of that
        territory" is another) and not the speaker's own "we"."""
        verb = next((ancestor for ancestor in noun.ancestors if is_verb(ancestor)), None)
        own = {token.i for subject in (children(verb, "nsubj", "nsubjpass") if verb is not None else ())
               for token in subject.subtree}
        first_sentence = max(0, self.mentions.sentence_of.get(noun.i, 0) - PRONOUN_LOOKBACK_SENTENCES)
        earliest = self.mentions.sentences[first_sentence].start
        for actor_id, span, label in reversed(self.mentions.spans):
            if span.end > noun.left_edge.i or span.start < earliest or label != "GPE" or span.root.i in own:
                continue
            if span.root.pos_ == "PRON" or span.root.i in self.mentions.place_state:
                continue  # "we", "our": the speaker; a city is no country
            return [(actor_id, label)]
        return []

    def _rival_subject(self, pronoun, earliest: int):
        """The nearest common-noun subject before `pronoun` (from token `earliest` on) that agrees with it in
        number ("it": singular, "they": plural), or None."""
        plural = pronoun.lower_ in PLURAL_PRONOUNS
        for token in reversed(pronoun.doc[earliest : pronoun.i]):
            if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "NOUN" and token.i not in self.mentions.at:
                if (token.tag_ == "NNS") == plural and not token.conjuncts:
                    return token
        return None
