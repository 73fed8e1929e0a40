"""Events: a parsed spaCy Doc with its actor mentions and time expressions → CAMEO-coded event rows.

One row per "who did what to whom, when": a trigger (a verb such as "recognized", a noun such as
"invasion", an adjective such as "ready to …") found in `analysis/data/event_patterns.yaml`, its source
and target actors read off the dependency parse (subject, object, passive agent, possessor, "of"/"on"
phrases, coordinated actors, relative clauses, infinitives, a pronoun's antecedent), its CAMEO code,
root, quad class and Goldstein weight from `analysis/data/cameo_codebook.csv`, whether it is negated,
and its date: the clause's own time expression, else the sentence's, else the document's. A verb of
intent, appeal or demand takes its code from what it governs ("urged X to withdraw" → appeal to yield).

Columns of each row (see `analysis.tables.SCHEMAS["events"]`, less the ids the caller adds):
sent_id, trigger_start, date, date_precision, source_id, target_id, verb, cameo_code, cameo_root,
quad_class, goldstein, negated, text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Iterator, Mapping, Sequence

# The data loaders are part of the events API too (callers write events.load_patterns()).
from analysis.cameo import CODEBOOK_PATH, PATTERNS_PATH, CodebookEntry, Pattern, PatternSet, load_codebook, load_patterns, quad_class
from analysis.parsed import lemma, sentences

__all__ = ["CODEBOOK_PATH", "PATTERNS_PATH", "CodebookEntry", "Pattern", "PatternSet", "extract_events", "load_codebook", "load_patterns", "quad_class"]

DATE_PRECISIONS = ("day", "month", "year", "decade", "century", "duration", "unknown")

# Dependency labels of the English models (ClearNLP style) that the rules read.
LEFT_MODIFIERS = ("poss", "compound", "amod", "nmod", "npadvmod")
CLAUSE_CHILDREN = ("nsubj", "nsubjpass", "csubj", "csubjpass", "ccomp", "advcl", "conj", "parataxis", "relcl",
                   "cc", "punct", "mark")
CIRCUMSTANCE_PREPS = frozenset({"after", "before", "following", "during", "since", "despite", "amid", "amidst", "until"})
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that", "whose"})
PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
GROUP_PRONOUNS = frozenset({"it", "its", "itself", "they", "them", "their", "theirs", "themselves"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
COPULAS = frozenset({"be", "become", "remain"})
PRONOUN_LOOKBACK_SENTENCES = 2


# ----------------------------------------------------------------------------------------- small parse helpers

def _lemma(token) -> str:
    return lemma(token).lower()


def _forms(token) -> set[str]:
    return {lemma(token).lower(), token.lower_}


def _verb_forms(token) -> list[str]:
    """The verb's lemma, then guesses that undo a regular inflection: the statistical lemmatizer sometimes
    slips ("staged" → "stag"), and a trigger must not be lost to that."""
    word = token.lower_
    forms = [lemma(token).lower(), word]
    for suffix, replacement in (("ied", "y"), ("ies", "y"), ("ed", "e"), ("ed", ""), ("d", ""), ("es", ""),
                                ("s", ""), ("ing", "e"), ("ing", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: -len(suffix)] + replacement)
    return list(dict.fromkeys(forms))


def _children(token, *deps: str):
    return [child for child in token.children if child.dep_ in deps]


def _is_verb(token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass")


def _is_passive(token) -> bool:
    if any(child.dep_ in ("nsubjpass", "auxpass", "csubjpass") for child in token.children):
        return True
    # "a camp attacked by militiamen", "the ousted president": a participle on a noun is passive, unless it
    # is intransitive with a preposition ("youths resorted to …", mis-tagged as a participle)
    return (token.tag_ == "VBN" and token.dep_ in ("acl", "amod") and not _children(token, "nsubj")
            and (bool(_children(token, "agent")) or not _children(token, "prep")))


def _is_negated(token) -> bool:
    return any(child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and child.lower_ in NEGATIONS)
               for child in token.children)


def _is_rhetorical(verb) -> bool:
    """ "How can we allow …?": a question of this form denies the act it names."""
    return (verb.sent.text.rstrip().endswith("?")
            and any(child.dep_ == "advmod" and child.lower_ == "how" for child in verb.children)
            and any(child.dep_ == "aux" and child.lower_ in ("can", "could") for child in verb.children))


def _is_cleft(verb) -> bool:
    """ "It was in 2022 that Russia removed …": a copula whose "that"-clause carries the event."""
    return _lemma(verb) == "be" and any(
        child.dep_ in ("ccomp", "advcl", "csubj") and any(mark.lower_ == "that" for mark in _children(child, "mark"))
        for child in verb.children)


def _is_infinitive(token) -> bool:
    return any(child.dep_ == "aux" and child.lower_ == "to" for child in token.children) or token.tag_ in ("VB", "VBG")


def _phrase(token) -> Iterator:
    """The trigger's own phrase: its subtree, subject included, without the clauses hung on it."""
    skip = {child.i for child in token.children if child.dep_ in CLAUSE_CHILDREN and child.dep_ not in ("nsubj", "nsubjpass")}
    stack = [token]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(child for child in current.children if child.i not in skip)


def _modifier_tokens(token) -> Iterator:
    for child in token.children:
        if child.dep_ in LEFT_MODIFIERS and child.i < token.i:
            yield from child.subtree


def _object_words(heads) -> set[str]:
    words: set[str] = set()
    for head in heads:
        words |= _forms(head)
        for child in head.children:
            if child.dep_ in ("compound", "amod", "nmod"):
                words |= _forms(child)
            elif child.dep_ == "prep" and child.lower_ == "of":
                for pobj in _children(child, "pobj"):
                    words |= _forms(pobj)
    return words


# ----------------------------------------------------------------------------------------- extraction

@dataclass
class _Trigger:
    token: object           # the trigger token (for a light-verb noun: the noun)
    pattern: Pattern
    anchor: object          # the clause token that carries tense, negation and subject (the light verb, or the token)


class _DocumentEvents:
    """Finds the events of one Doc; keeps the finding apart from the rows it returns."""

    def __init__(self, doc, mentions: Sequence[Mapping], timexes: Sequence[Mapping], patterns: PatternSet,
                 codebook: Mapping[str, CodebookEntry], doc_date: date | None, doc_precision: str):
        self.doc = doc
        self.patterns = patterns
        self.codebook = codebook
        self.doc_date = doc_date
        self.doc_precision = doc_precision
        self.sentences = sentences(doc)
        self.sentence_of = {}
        for number, sentence in enumerate(self.sentences):
            self.sentence_of.update(dict.fromkeys(range(sentence.start, sentence.end), number))
        self.mentions = self._mention_spans(mentions)
        self.mention_at: dict[int, tuple] = {}
        for mention in sorted(self.mentions, key=lambda item: item[1].start - item[1].end):  # longest first
            for token in mention[1]:
                self.mention_at.setdefault(token.i, mention)
        self.timexes = self._timex_spans(timexes)
        self.noun_triggers: dict[int, _Trigger] = {}

    # -- inputs ----------------------------------------------------------------------------------------
    def _span(self, start: int, end: int):
        return self.doc.char_span(int(start), int(end), alignment_mode="expand")

    def _mention_spans(self, mentions: Sequence[Mapping]) -> list[tuple]:
        spans = []
        for mention in mentions:
            if not mention.get("actor_id"):
                continue
            span = self._span(mention["start"], mention["end"])
            if span is not None and len(span):
                spans.append((str(mention["actor_id"]), span, str(mention.get("label") or "")))
        return sorted(spans, key=lambda item: item[1].start)

    def _timex_spans(self, timexes: Sequence[Mapping]) -> list[tuple]:
        spans = []
        for timex in timexes:
            start_date = timex.get("start_date")
            if start_date is None or timex.get("precision") == "duration":
                continue
            span = self._span(timex["start"], timex["end"])
            if span is not None and len(span):
                if hasattr(start_date, "date") and callable(start_date.date):
                    start_date = start_date.date()
                spans.append((span, start_date, str(timex.get("precision") or "unknown")))
        return spans

    # -- triggers --------------------------------------------------------------------------------------
    def _match(self, token, pos: str) -> Pattern | None:
        for lemma in (_verb_forms(token) if pos == "VERB" else (_lemma(token), token.lower_)):
            for pattern in self.patterns.lookup(lemma, pos):
                if self._holds(pattern, token):
                    return pattern if pattern.code is not None else None
            if self.patterns.lookup(lemma, pos):
                return None
        return None

    def _token_pos(self, token) -> str | None:
        if token.i in self.mention_at:
            return None
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ not in ("aux", "auxpass")):
            # a participle used as an adjective ("declared weapons", "the ousted president") tells no event
            return None if token.dep_ == "amod" else "VERB"
        if token.pos_ == "NOUN" and token.dep_ != "compound":
            return "NOUN"
        if token.pos_ == "ADJ" and token.dep_ not in ("amod",):
            return "ADJ"
        return None

    def _pattern_of(self, token) -> Pattern | None:
        pos = self._token_pos(token)
        if pos is None:
            return None
        pattern = self._match(token, pos)
        if pattern is None and pos == "VERB" and token.tag_ == "VBN":
            pattern = self._match(token, "ADJ")
        return pattern

    def _holds(self, pattern: Pattern, token) -> bool:
        if pattern.particle and not any(
            child.dep_ in ("prt", "prep", "advmod", "dative") and child.lower_ in pattern.particle
            for child in token.children
        ):
            return False
        if pattern.passive is not None and _is_passive(token) != pattern.passive:
            return False
        if pattern.object is not None:
            objects = self._object_heads(token)
            if pattern.object is True and not objects:
                return False
            if pattern.object is False and objects:
                return False
            if isinstance(pattern.object, frozenset) and not (_object_words(objects) & pattern.object):
                return False
        if pattern.prep:
            preps = [child for child in token.children if child.dep_ in ("prep", "agent", "dative", "prt")
                     and child.lower_ in pattern.prep]
            if not preps:
                return False
            if pattern.prep_object and not any(
                _object_words(_children(prep, "pobj", "pcomp")) & pattern.prep_object for prep in preps
            ):
                return False
        if pattern.complement is not None:
            infinitive = any(child.dep_ == "xcomp" or (child.dep_ in ("advcl", "acl") and _is_infinitive(child))
                             for child in token.children)
            clause = any(child.dep_ == "ccomp" for child in token.children)
            wanted = {True: infinitive or clause, False: not (infinitive or clause), "infinitive": infinitive,
                      "clause": clause}[pattern.complement]
            if not wanted:
                return False
        if pattern.modifier and not ({word for t in _modifier_tokens(token) for word in _forms(t)} & pattern.modifier):
            return False
        if pattern.with_words or pattern.without_words:
            words = {word for t in _phrase(token) if t is not token for word in _forms(t)}
            if pattern.with_words and not (words & pattern.with_words):
                return False
            if words & pattern.without_words:
                return False
        return True

    def _object_heads(self, token) -> list:
        if token.pos_ == "NOUN":
            return [pobj for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
                    for pobj in _children(prep, "pobj")]
        heads = _children(token, "dobj")
        if _is_passive(token):
            heads += _children(token, "nsubjpass")
            if token.dep_ in ("acl", "amod"):
                heads.append(token.head)
        if not heads and token.dep_ == "relcl" and _children(token, "nsubj"):
            heads.append(token.head)
        return heads

    def _is_light(self, verb) -> bool:
        return _lemma(verb) in self.patterns.light_verbs or (
            verb.pos_ == "VERB" and any(form in self.patterns.light_verbs for form in _verb_forms(verb)[2:]))

    def _light_noun(self, verb):
        """The noun trigger that light verb `verb` carries ("launched an attack"), with its pattern."""
        if not self._is_light(verb):
            return None
        candidates = _children(verb, "dobj")
        candidates += [pobj for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in self.patterns.light_preps
                       for pobj in _children(prep, "pobj")]
        for noun in candidates:
            if noun.pos_ == "NOUN" and noun.i not in self.mention_at:
                pattern = self._match(noun, "NOUN")
                if pattern is not None:
                    return noun, pattern
        return None

    def _triggers(self, sentence) -> list[_Trigger]:
        triggers: dict[int, _Trigger] = {}
        carried: set[int] = set()
        for token in sentence:
            if token.pos_ in ("VERB", "AUX") and token.i not in self.mention_at:
                light = self._light_noun(token)
                if light is not None:
                    own = self._pattern_of(token)
                    if own is not None and own.absorbs:
                        triggers[token.i] = _Trigger(token, own, token)
                    else:
                        noun, pattern = light
                        triggers[noun.i] = _Trigger(noun, pattern, token)
                        carried.add(noun.i)
                    continue
            if token.i in triggers or token.i in carried:
                continue
            pattern = self._pattern_of(token)
            if pattern is not None:
                triggers[token.i] = _Trigger(token, pattern, token)
        absorbed = self._absorbed(triggers.values()) | self._restated(triggers)
        return [trigger for index, trigger in sorted(triggers.items()) if index not in absorbed]

    def _restated(self, triggers: Mapping[int, _Trigger]) -> set[int]:
        """Noun triggers that only restate the verb whose object they are ("imposed a number of sanctions")."""
        restated = set()
        for index, trigger in triggers.items():
            if trigger.token.pos_ != "NOUN" or trigger.anchor is not trigger.token:
                continue
            current = trigger.token
            for _ in range(3):
                if current.dep_ not in ("dobj", "pobj", "prep", "nsubjpass"):
                    break
                current = current.head
                governor = triggers.get(current.i)
                if governor is not None and governor.pattern.root == trigger.pattern.root:
                    restated.add(index)
                    break
        return restated

    def _absorbed(self, triggers: Iterable[_Trigger]) -> set[int]:
        """Tokens inside what a verb of appeal, intent, threat, refusal or accusation governs: what is
        asked, promised, threatened or alleged there has not happened, so it is no event of its own."""
        absorbed: set[int] = set()
        for trigger in triggers:
            if not trigger.pattern.absorbs:
                continue
            tokens = [trigger.token] if trigger.anchor is trigger.token else [trigger.token, trigger.anchor]
            for token in tokens:
                if token.pos_ == "NOUN":
                    governed = [child for child in token.children if child.i > token.i]
                else:
                    governed = self._governed(token)
                for child in governed:
                    absorbed.update(t.i for t in child.subtree if t.i != trigger.token.i)
        return absorbed

    # -- actors ----------------------------------------------------------------------------------------
    def _actors(self, head, *, depth: int = 0) -> list[tuple[str, str]]:
        """(actor_id, label) of the actors that the phrase headed by `head` names, coordinated ones included."""
        found: list[tuple[str, str]] = []
        for token in [head, *head.conjuncts]:
            for actor in self._actors_of_one(token, depth=depth):
                if actor not in found:
                    found.append(actor)
        return found

    def _actors_of_one(self, head, *, depth: int) -> list[tuple[str, str]]:
        if depth > 4:
            return []
        mention = self.mention_at.get(head.i)
        if mention is not None:
            return [(mention[0], mention[2])]
        if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$"):
            return self._antecedent(head, depth=depth)
        for appos in _children(head, "appos"):
            found = self._actors(appos, depth=depth + 1)
            if found:
                return found
        found = self._modifier_actors(head, depth=depth)
        if found:
            return found
        for preposition in self.patterns.member_preps:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ == preposition:
                    for pobj in _children(prep, "pobj"):
                        found = self._actors(pobj, depth=depth + 1)
                        if found:
                            return found
        if head.pos_ in ("NOUN", "PROPN"):
            # "the adoption by the Assembly of …", "the plan produced by Russia": the noun stands for its maker's act
            for prep in _children(head, "prep", "agent"):
                if prep.lower_ == "by":
                    for pobj in _children(prep, "pobj"):
                        found = self._actors(pobj, depth=depth + 1)
                        if found:
                            return found
            for participle in _children(head, "acl"):
                if participle.tag_ == "VBN":
                    agent = self._passive_agent(participle)
                    found = self._actors(agent, depth=depth + 1) if agent is not None else []
                    if found:
                        return found
                elif _lemma(participle) == "belong":  # "troops belonging to X's army"
                    for prep in _children(participle, "prep"):
                        for pobj in _children(prep, "pobj"):
                            found = self._actors(pobj, depth=depth + 1)
                            if found:
                                return found
        return []

    def _modifier_actors(self, head, *, depth: int) -> list[tuple[str, str]]:
        """The actor among the head's left modifiers nearest the head, with those coordinated with it
        ("Afghanistan's Taliban-led government" → Taliban; "US and Pakistani intelligence" → both)."""
        candidates: dict[int, tuple] = {}
        for token in _modifier_tokens(head):
            if token.i in self.mention_at:
                mention = self.mention_at[token.i]
                candidates.setdefault(mention[1].root.i, mention)
            elif token.tag_ == "PRP$" and token.dep_ == "poss":
                candidates.setdefault(token.i, token)
        if not candidates:
            return []
        nearest = max(candidates)
        linked = {nearest} | {t.i for t in self.doc[nearest].conjuncts if t.i in candidates}
        found: list[tuple[str, str]] = []
        for index in sorted(linked):
            candidate = candidates[index]
            actors = self._antecedent(candidate, depth=depth) if not isinstance(candidate, tuple) else [
                (candidate[0], candidate[2])]
            for actor in actors:
                if actor not in found:
                    found.append(actor)
        return found

    def _antecedent(self, pronoun, *, depth: int) -> list[tuple[str, str]]:
        """A small coreference rule: a 3rd-person pronoun refers to the subject of a clause above it when that
        fits ("Russia removed the Taliban from its list"), else to the nearest preceding fitting mention."""
        word = pronoun.lower_
        if word in PERSON_PRONOUNS:
            fits = lambda label: label == "PERSON"  # noqa: E731
        elif word in GROUP_PRONOUNS:
            fits = lambda label: label != "PERSON"  # noqa: E731
        else:
            return []
        if pronoun.dep_ == "expl" or (word == "it" and (_is_cleft(pronoun.head) or _children(pronoun.head, "ccomp"))):
            return []  # "it was in 2022 that …", "it must be stated that …", "it means that …"
        for ancestor in pronoun.ancestors:
            if not _is_verb(ancestor):
                continue
            for subject in _children(ancestor, "nsubj", "nsubjpass"):
                if subject.i <= pronoun.i <= subject.right_edge.i or subject.pos_ == "PRON":
                    continue
                actors = [actor for actor in self._actors(subject, depth=depth + 1) if fits(actor[1])]
                if actors:
                    return actors[:1]
        if pronoun.dep_ not in ("nsubj", "nsubjpass", "poss"):
            return []  # an object pronoun ("raping them") is too often someone the text did not name
        first_sentence = max(0, self.sentence_of.get(pronoun.i, 0) - PRONOUN_LOOKBACK_SENTENCES)
        earliest = self.sentences[first_sentence].start
        for actor_id, span, label in reversed(self.mentions):
            if span.end <= pronoun.i and span.start >= earliest and fits(label):
                return [(actor_id, label)]
        return []

    # -- arguments -------------------------------------------------------------------------------------
    def _subject(self, verb, *, depth: int = 0):
        """The token that names the doer of `verb` (explicit, or inherited through infinitives, coordination,
        relative clauses and copulas), or None."""
        if depth > 6:
            return None
        subjects = _children(verb, "nsubj")
        if subjects:
            subject = subjects[0]
            if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ in ("relcl", "acl"):
                return verb.head
            return subject
        if _is_passive(verb):
            return None
        head = verb.head
        if head is verb:
            return None
        if verb.dep_ == "xcomp":
            if _is_passive(head) and _children(head, "nsubjpass"):
                return _children(head, "nsubjpass")[0]  # "X was forced / urged to withdraw": X withdraws
            objects = _children(head, "dobj")
            if _lemma(head) in self.patterns.object_control_verbs and objects:
                return objects[0]
            return self._subject(head, depth=depth + 1) or (head.head if head.dep_ in ("relcl", "acl") else None)
        if verb.dep_ == "conj" and _is_verb(head):
            return self._subject(head, depth=depth + 1)
        if verb.dep_ in ("advcl", "acomp") and _is_verb(head) and (verb.dep_ == "acomp" or _is_infinitive(verb)):
            return self._subject(head, depth=depth + 1)
        if verb.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            if head.dep_ in ("attr", "oprd") and _is_verb(head.head) and _is_infinitive(verb):
                copula_subjects = _children(head.head, "nsubj", "expl")
                if copula_subjects and copula_subjects[0].lower_ in ("it", "this", "that", "there"):
                    return None  # "it is time to …": nobody in particular
                return self._subject(head.head, depth=depth + 1)
            if head.dep_ == "pobj" and _lemma(head) in ("order", "effort", "bid", "attempt"):
                return self._subject(head.head.head, depth=depth + 1) if _is_verb(head.head.head) else None
            if head.dep_ == "dobj" and _is_infinitive(verb) and self._is_light(head.head):
                return self._subject(head.head, depth=depth + 1)  # "launched a programme to train …"
            return head
        if verb.dep_ == "pcomp" and head.dep_ == "prep":
            governor = head.head
            if _is_verb(governor) and self._is_light(governor):  # "resorted to throwing stones"
                return self._subject(governor, depth=depth + 1)
            if governor.dep_ == "dobj" and self._is_light(governor.head):  # "began the process of withdrawing"
                return self._subject(governor.head, depth=depth + 1)
        return None

    def _passive_agent(self, verb):
        for agent in _children(verb, "agent"):
            for pobj in _children(agent, "pobj"):
                return pobj
        return None

    def _verb_arguments(self, trigger: _Trigger) -> tuple[list, list, bool]:
        """(source actors, target actors, whether a doer was found in the syntax) of a verb or adjective."""
        token, pattern = trigger.token, trigger.pattern
        locations = pattern.root >= "14"
        passive = _is_passive(token) and token.pos_ != "ADJ" and not (
            pattern.intent and token.tag_ == "VBN" and _children(token, "xcomp"))
        if passive:
            agent = self._passive_agent(token)
            sources = self._actors(agent) if agent is not None else []
            themes = _children(token, "nsubjpass")
            if agent is None and themes and _lemma(themes[0]) in self.patterns.force_nouns:
                # "Russian troops were deployed in …": the forces' owner acts; the place is the target
                sources = self._actors(themes[0])
                exclude = {actor[0] for actor in sources}
                targets = self._prep_actors(token, exclude=exclude) or (
                    self._prep_actors(token, exclude=exclude, preps=self.patterns.location_preps))
                return sources, targets, True
            has_doer = True
        else:
            subject = self._subject(token)
            if subject is None and token.pos_ == "ADJ":
                subject = self._subject(token.head) if _is_verb(token.head) else None
            if subject is None and pattern.intent and token.tag_ == "VBN" and _children(token, "xcomp"):
                subject = next(iter(_children(token, "nsubjpass")), None)  # "is prepared to …" is an adjective
            sources = self._actors(subject) if subject is not None else []
            has_doer = subject is not None
        targets = self._target_actors(token, passive=passive, reporting=pattern.reporting,
                                      source_ids={actor[0] for actor in sources}, locations=locations,
                                      preps=pattern.target_preps, own_forces=pattern.moves_own_forces,
                                      # yielding (allow, accept) acts on the forces' owner; moving them does not
                                      moves_forces=pattern.root != "08" or pattern.code.startswith("087"))
        return sources, targets, has_doer

    def _object_phrases(self, verb, *, passive: bool) -> list:
        heads = []
        if passive:
            heads += _children(verb, "nsubjpass")
            if not heads and verb.dep_ in ("acl", "amod"):
                heads.append(verb.head)
        heads += [verb.head if obj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" else obj
                  for obj in _children(verb, "dobj")]
        heads += _children(verb, "dative")
        if not heads and not passive and verb.dep_ == "relcl":
            # "the militants the CIA trained": the relative clause's object is the noun it hangs on
            subjects = _children(verb, "nsubj")
            if subjects and subjects[0].lower_ not in RELATIVE_PRONOUNS and not _children(verb, "ccomp", "xcomp"):
                heads.append(verb.head)
        return heads

    def _target_actors(self, verb, *, passive: bool, reporting: bool, source_ids: set[str],
                       locations: bool = False, preps: Sequence[str] | None = None, own_forces: bool = False,
                       moves_forces: bool = False) -> list:
        heads = self._object_phrases(verb, passive=passive)
        for head in heads:
            if own_forces and not passive and _lemma(head) in self.patterns.force_nouns and (
                    moves_forces or all(actor[0] in source_ids for actor in self._actors(head))):
                # "withdrew its forces from X": the forces are the doer's own; but "allowed Russian troops in"
                # acts on their owner (a withdrawal of someone else's forces names no target)
                continue
            event = self.noun_triggers.get(head.i)
            if event is not None and not passive:
                # "condemned the annexation of Crimea by Russia": the target is who did it
                doers = [actor for actor in self._noun_arguments(event)[0] if actor[0] not in source_ids]
                if doers:
                    return doers
            found = [actor for actor in self._actors(head) if actor[0] not in source_ids or passive]
            if found:
                return found
        found = self._prep_actors(verb, exclude=source_ids, preps=("to",) if reporting else preps)
        if found or reporting:
            return found
        if not heads:
            # "trained and equipped the Syrian opposition": coordinated verbs share their object
            for other in verb.conjuncts:
                if _is_verb(other):
                    for head in _children(other, "dobj"):
                        found = [actor for actor in self._actors(head) if actor[0] not in source_ids]
                        if found:
                            return found
        for head in heads:
            # "imposed a number of sanctions against Russia": the target hangs on the object
            for phrase in [head, *(pobj for prep in _children(head, "prep") if prep.lower_ == "of"
                                   for pobj in _children(prep, "pobj"))]:
                found = self._prep_actors(phrase, exclude=source_ids)
                if found:
                    return found
        if locations:
            return self._prep_actors(verb, exclude=source_ids, preps=self.patterns.location_preps)
        return []

    def _noun_arguments(self, trigger: _Trigger) -> tuple[list, list, bool]:
        noun, pattern = trigger.token, trigger.pattern
        sources: list = []
        for child in noun.children:
            if child.dep_ == "poss":
                sources += self._actors(child)
        if not sources:
            sources = self._modifier_actors(noun, depth=0)
        of_phrase = [pobj for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
                     for pobj in _children(prep, "pobj")]
        by_phrase = [pobj for prep in noun.children if prep.dep_ in ("prep", "agent") and prep.lower_ == "by"
                     for pobj in _children(prep, "pobj")]
        forces = [head for head in of_phrase if _lemma(head) in self.patterns.force_nouns or _lemma(head) == "weapon"]
        for head in by_phrase + (of_phrase if pattern.of_role == "source" else forces):
            if not sources:
                sources = self._actors(head)  # "the withdrawal of Russian troops": the troops' owner acts
        of_phrase = [head for head in of_phrase if head not in forces]
        participles = [child for child in noun.children if child.dep_ == "acl" and child.tag_ == "VBN"]
        for participle in participles:
            # "the case brought by Ukraine against Russia", "sanctions imposed by X on Y"
            agent = self._passive_agent(participle)
            if not sources and agent is not None:
                sources = self._actors(agent)
        targets: list = []
        if pattern.of_role == "target" and not sources and of_phrase:
            # "the war of Russia against Ukraine": with a target of its own, the "of" phrase names the doer
            of_actors = [actor for head in of_phrase for actor in self._actors(head)]
            aimed = self._prep_actors(noun, exclude={actor[0] for actor in of_actors},
                                      preps=[prep for prep in self.patterns.target_preps if prep != "to"])
            if of_actors and aimed:
                sources, targets, of_phrase = of_actors, aimed, []
        if pattern.of_role == "target":
            for head in of_phrase:
                targets += [actor for actor in self._actors(head) if actor not in targets]
        if not targets:
            targets = self._prep_actors(noun, exclude={actor[0] for actor in sources})
        for participle in participles:
            if not targets:
                targets = self._prep_actors(participle, exclude={actor[0] for actor in sources})
        if not targets and pattern.root >= "14":
            targets = self._prep_actors(noun, exclude={actor[0] for actor in sources},
                                        preps=self.patterns.location_preps)
        own_arguments = bool(sources or targets)
        light = trigger.anchor
        if light is not noun:
            subject = self._subject(light)
            if _is_passive(light):
                agent = self._passive_agent(light)
                subject = agent
            light_sources = self._actors(subject) if subject is not None else []
            if light_sources:
                sources = light_sources
            if not targets:
                exclude = {actor[0] for actor in sources}
                targets = [actor for head in _children(light, "dative") for actor in self._actors(head)
                           if actor[0] not in exclude] or self._prep_actors(light, exclude=exclude, skip=noun)
            own_arguments = bool(sources or targets)
        return sources, targets, own_arguments

    def _prep_actors(self, token, *, exclude: set[str], skip=None, preps: Sequence[str] | None = None) -> list:
        for preposition in preps if preps is not None else self.patterns.target_preps:
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ == preposition and (skip is None or skip not in prep.subtree):
                    for pobj in _children(prep, "pobj"):
                        found = [actor for actor in self._actors(pobj) if actor[0] not in exclude]
                        if found:
                            return found
        return []

    # -- codes -----------------------------------------------------------------------------------------
    def _governed(self, token) -> list:
        """What a verb of appeal, intent, threat or refusal governs: its complements, its object and the
        prepositional phrases after it, but not the circumstances around it ("After the invasion, X pledged …")."""
        governed = []
        for child in token.children:
            if child.dep_ in ("xcomp", "ccomp", "dobj", "dative", "attr", "oprd", "acomp", "acl"):
                governed.append(child)
            elif child.dep_ == "advcl" and _is_infinitive(child):
                governed.append(child)
            elif child.dep_ in ("prep", "pcomp") and child.i > token.i and child.lower_ not in CIRCUMSTANCE_PREPS:
                governed.append(child)
        return governed

    def _complement_trigger(self, token, *, depth: int = 0):
        """The trigger that a verb of intent, threat or refusal governs, and its pattern."""
        if depth > 3:
            return None
        children = self._governed(token) if depth == 0 else [
            child for child in token.children
            if child.dep_ in ("xcomp", "ccomp", "dobj", "acl", "prep", "pobj", "pcomp")
            or (child.dep_ == "advcl" and _is_infinitive(child))]
        for child in sorted(children, key=lambda child: (child.dep_ in ("prep", "pobj", "pcomp"), child.i)):
            light = self._light_noun(child) if child.pos_ in ("VERB", "AUX") else None
            if light is not None:
                return light
            pattern = self._pattern_of(child)
            if pattern is not None:
                return child, pattern
            found = self._complement_trigger(child, depth=depth + 1)
            if found is not None:
                return found
        return None

    @staticmethod
    def _complement_code(pattern: Pattern, governed) -> str | None:
        """The pattern's code for the governed event: its full code first, then its 3-digit code, then its root
        ("0874" → "087" → "08"), so that one map entry can cover a whole CAMEO family."""
        governed_code = governed[1].code or ""
        for length in (len(governed_code), 3, 2):
            if length <= len(governed_code) and governed_code[:length] in pattern.complement_codes:
                return pattern.complement_codes[governed_code[:length]]
        return None

    def _has_future(self, token) -> bool:
        return any(child.dep_ == "aux" and child.lower_ in self.patterns.future_modals for child in token.children)

    def _obligation_clause(self, verb):
        for clause in _children(verb, "ccomp"):
            if any(child.dep_ == "aux" and child.lower_ in self.patterns.obligation_modals for child in clause.children):
                return clause
            if _lemma(clause) == "have" and any(x.dep_ == "xcomp" and _is_infinitive(x) for x in clause.children):
                return clause  # "Iraq has to cooperate"
        return None

    def _code(self, trigger: _Trigger, negated: bool) -> tuple[str, bool]:
        pattern = trigger.pattern
        if negated and pattern.negated_code:
            return pattern.negated_code, False
        code = pattern.code
        if pattern.intent:
            governed = self._complement_trigger(trigger.token)
            if governed is not None:
                root = governed[1].root
                code = self._complement_code(pattern, governed) or self.patterns.intent_codes.get(root) or code
            return code, negated
        if pattern.complement_codes:
            # "urged X to withdraw" is an appeal to yield (025x), "demanded that X release …" a demand (105x)
            governed = self._complement_trigger(trigger.token)
            if governed is not None and not _is_negated(governed[0]):
                code = self._complement_code(pattern, governed) or code
            return code, negated
        if self._has_future(trigger.anchor) and pattern.root in self.patterns.intent_codes and pattern.root not in (
            "03", "13"
        ):
            code = self.patterns.intent_codes[pattern.root]
        return code, negated

    # -- dates -----------------------------------------------------------------------------------------
    def _clause_head(self, token, clause_tokens: set[int]):
        current = token
        while current.head.i != current.i:  # up to the root; Token objects are new on each access
            current = current.head
            if current.i in clause_tokens or (_is_verb(current) and current.dep_ not in ("prep", "amod", "pcomp")):
                return current
        return current

    def _date(self, trigger: _Trigger, sentence, trigger_tokens: set[int]) -> tuple[date | None, str]:
        anchors = {trigger.token.i, trigger.anchor.i}
        ancestors = {token.i for token in trigger.anchor.ancestors}
        best = None
        for span, start_date, precision in self.timexes:
            if not (sentence.start <= span.root.i < sentence.end):
                continue
            if span.root.dep_ in ("nummod", "compound", "amod", "nmod") and span.root.head.pos_ == "PROPN" and (
                    span.root.i < span.root.head.i):
                continue  # "the 1999 International Convention": a year in a name dates no event
            if span.root.dep_ == "pobj" and span.root.head.lower_ == "of" and span.root.head.head.pos_ == "PROPN":
                continue  # "the Treaty … of 31 July 1991" likewise
            head = self._clause_head(span.root, trigger_tokens)
            if head.i in anchors:
                rank = 0
            elif _is_cleft(head) and head.i in ancestors:
                rank = 0  # "It was in 2022 that Russia removed …": the cleft's time is the clause's
            elif head.i in ancestors:
                rank = 1
            elif span.root.head.lower_ in ("since", "until"):
                continue  # "… financing crimes committed since 2014": another clause's span of time
            else:
                rank = 2
            distance = abs(span.start - trigger.token.i)
            key = (rank, distance)
            if best is None or key < best[0]:
                best = (key, start_date, precision)
        if best is not None:
            return best[1], best[2]
        return self.doc_date, (self.doc_precision if self.doc_date is not None else "unknown")

    # -- rows ------------------------------------------------------------------------------------------
    def events(self) -> Iterator[dict]:
        for sent_id, sentence in enumerate(self.sentences):
            triggers = self._triggers(sentence)
            self.noun_triggers = {trigger.token.i: trigger for trigger in triggers
                                  if trigger.token.pos_ == "NOUN" and trigger.anchor is trigger.token}
            trigger_tokens = {trigger.token.i for trigger in triggers} | {trigger.anchor.i for trigger in triggers}
            seen: set[tuple] = set()
            for trigger in triggers:
                for row in self._rows(trigger, sent_id, sentence, trigger_tokens):
                    key = (row["trigger_start"], row["source_id"], row["target_id"], row["cameo_code"])
                    if key not in seen:
                        seen.add(key)
                        yield row

    def _rows(self, trigger: _Trigger, sent_id: int, sentence, trigger_tokens: set[int]) -> Iterator[dict]:
        token, pattern = trigger.token, trigger.pattern
        if token.pos_ == "NOUN":
            sources, targets, found = self._noun_arguments(trigger)
        else:
            sources, targets, found = self._verb_arguments(trigger)
        negated = _is_negated(trigger.anchor) or (trigger.anchor is not token and _is_negated(token))
        if pattern.negated_code and _is_rhetorical(trigger.anchor):
            negated = True  # "how can we accept …?" refuses; "how can X attack …?" still reports an attack
        if token.pos_ == "NOUN" and not negated:
            governor = token.head.head if token.dep_ == "pobj" else token.head
            if governor is not token and _lemma(governor) in COPULAS:
                negated = _is_negated(governor)  # "is not at war with …"
        code, negated = self._code(trigger, negated)
        source_ids = {actor[0] for actor in sources}
        if pattern.reporting and not negated:
            clause = self._obligation_clause(token)
            if clause is not None:
                subject = self._subject(clause)
                obliged = [actor for actor in self._actors(subject) if actor[0] not in source_ids] if subject else []
                if obliged:
                    code, targets = self.patterns.obligation_code, obliged
        if pattern.absorbs and not targets and token.pos_ != "NOUN" and not _children(token, "dobj"):
            # an addressee named but not an actor ("urged member States not to recognize X") is the target,
            # not X inside what it is asked to do
            targets = self._governed_actors(token, source_ids)
        if not found or not (sources or targets):
            return
        if not sources and self.codebook[code].quad_class in (1, 2) and (
                token.pos_ == "NOUN" or token.dep_ in ("relcl", "acl")):
            return  # "the ceasefire agreement for Ukraine", "a dialogue that meets …": cooperation needs a doer
        entry = self.codebook[code]
        when, precision = self._date(trigger, sentence, trigger_tokens)
        pairs = [(source, target) for source in (sources or [None]) for target in (targets or [None])
                 if source is None or target is None or source[0] != target[0]]
        if not pairs:  # "Russia urged that it …": nobody acts on itself
            pairs = [(source, None) for source in sources]
        if not targets and len(sources) > 1 and entry.quad_class in (1, 2):
            # "X and Y agreed/met": CAMEO codes one event each way between the coordinated actors.
            pairs = [(source, target) for source in sources for target in sources if source != target]
        for source, target in pairs:
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

    def _governed_actors(self, verb, source_ids: set[str]) -> list:
        """The target of a verb of appeal, threat or refusal that names it only inside what it governs:
        "demanded that the US cancel …" → US; "threatened to cut electricity to X" → X."""
        for clause in _children(verb, "xcomp", "ccomp"):
            subject = _children(clause, "nsubj")
            if subject:
                found = [actor for actor in self._actors(subject[0]) if actor[0] not in source_ids]
                if found:
                    return found
            found = self._target_actors(clause, passive=_is_passive(clause), reporting=False, source_ids=source_ids)
            if found:
                return found
        return []


def extract_events(
    doc,
    mentions: Sequence[Mapping],
    timexes: Sequence[Mapping],
    *,
    doc_date: date | None,
    doc_precision: str = "day",
    patterns: PatternSet | None = None,
    codebook: Mapping[str, CodebookEntry] | None = None,
) -> list[dict]:
    """The CAMEO-coded events of a parsed `doc`, one dict per (trigger, source, target).

    `mentions` are the document's actor mentions (char offsets, `actor_id`; those without one are not
    actors), `timexes` its normalised time expressions; `doc_date`/`doc_precision` date the events whose
    sentence has no usable time expression. Sentences are numbered as `doc.sents` (sent_id from 0).
    """
    if doc_precision not in DATE_PRECISIONS:
        raise ValueError(f"doc_precision={doc_precision!r}; allowed: {', '.join(DATE_PRECISIONS)}")
    if not doc.has_annotation("DEP"):
        raise ValueError("doc has no dependency parse; run it through the trained pipeline (analysis.nlp) first")
    codebook = codebook if codebook is not None else load_codebook()
    patterns = patterns if patterns is not None else load_patterns()
    return list(_DocumentEvents(doc, mentions, timexes, patterns, codebook, doc_date, doc_precision).events())
