"""Evaluative language in a parsed Doc → stance observations: the speaker of a sentence judging an actor it names.

`language_stances(doc, mentions, *, author_id)` returns one row per (sentence, source, target) in which the
sentence's speaker aims evaluative language at the target: "the barbarous aggression of X" (hostile to X),
"our fraternal friends in X", "X imperialism", "our excellent relations with X" (cooperative). Verbs
(condemn, praise, thank …) are left to the CAMEO events; this layer reads nouns and adjectives only.

How a row is found — from each actor mention, never from the sentence as a whole:
  1. The phrase that names the target: the mention, the nouns that stand for it ("the government of X",
     "X's policy", "the Israeli forces": lexicon `stand_ins`), the noun it modifies or complements, the
     predicate of its clause ("X is our friend"), the object of an agent verb it is the subject of ("X
     continues its aggression"), and the relative and possessive pronouns that refer to it ("X, whose
     aggression …", "the people of X and their heroic resistance"). Nothing else in the sentence reaches
     the target: in "X helped us fight imperialism" the imperialism is nobody's.
  2. The target's role in that phrase (the sections of analysis/data/stance_lexicon.yaml): judged by a
     quality or a kind ("racist X", "X, the aggressor"), an emblem by what it embodies ("X, a beacon of
     freedom", "the last bastion of colonialism"), agent or patient of an act ("X's aggression" is
     hostile, "aggression against X" makes X a victim: settings.patient_score), partner of a relation
     ("relations with X"), target or endorsed holder of an attitude ("solidarity with X", "the struggle
     of X against Y"). A relation or attitude counts only when its other side is the speaker or unnamed.
     Through the clause the target is the subject of: a verb of saying the speaker rates ("as X rightly
     said": `manners`), a clause the speaker is pleased at ("we are glad that X agreed": `appraisals`).
     What the speaker says it is to the target: "we are friends of X", "we regard ourselves as X's allies".
  3. Negation on the cue, its noun, or the copula or agent verb above it drops the cue ("X is not an
     aggressor", "without interference"), and so does a condition ("if X were to respect …, friendship
     would be born": the events' conditions, analysis/events/modality.py), and so do "non-" and words that distance ("so-called
     aggression"); "anti-" turns the cue round ("the anti-imperialist struggle of X" praises X)
     (analysis/stance_words.py).
  4. The speaker (analysis/stance_speakers.py): the author in its own voice, else the reported speaker.
     No speaker → no row; the speaker is never its own target.
  5. The cues aimed at one target in one sentence are combined: the strongest of each sign plus a share
     (settings.further_cue_weight) of each further cue of that sign, the two signs added, clipped to ±10.

Columns of each row: sent_id (numbered as `analysis.parsed.sentences`), start (char offset of the first
cue), source_id, target_id, score (Goldstein scale), cue (the cue words as written), text (the sentence).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Mapping, Sequence

from analysis.stance_clauses import ClauseReadings
from analysis.stance_frames import FrameReadings
from analysis.stance_lexicon import LEXICON_PATH, StanceLexicon, StanceLexiconError, load_stance_lexicon
from analysis.stance_speakers import FIRST, RELATIVE_TAGS, DocumentView, children, hashes, positions, verb_lemma
from analysis.stance_words import cue_word, governor_negated, intensity, is_distanced, is_negated

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["LEXICON_PATH", "StanceLexicon", "StanceLexiconError", "language_stances", "load_stance_lexicon"]

NOUNS = ("NOUN", "PROPN")
MODIFIER_DEPS = ("compound", "amod", "nmod", "npadvmod")
OWNER_SLOTS = ("poss", "modifier", "compound", "of")
MAX_CLIMB = 6
Judgement = tuple[float, tuple[int, ...], "Token", bool]  # score, cue tokens, anchor, negated


@dataclass(frozen=True)
class _Cue:
    """One cue aimed at a target: score, words, the token whose clause decides the speaker, actors that must
    all be the speaker (`others`), and actors of which one must be (`partners`, None: no such condition)."""

    score: float
    tokens: tuple[int, ...]
    anchor: int
    others: tuple[str, ...] = ()
    partners: tuple[str, ...] | None = None


class _Walk(ClauseReadings, FrameReadings):
    """The cues aimed at one target mention: from each place the target holds, up the nouns that govern it."""

    def __init__(self, view: DocumentView, entry: tuple):
        self.view, self.lexicon = view, view.lexicon
        self.target_id, self.method, self.span = entry[0], entry[1], (entry[2], entry[3])
        # "the X regime" judges a state, a people or a person, not "the non-proliferation regime"
        self.stand_in_scores = entry[4] in view.lexicon.stand_in_labels
        self.cues: list[_Cue] = []

    def is_target(self, token: Token) -> bool:
        return self.span[0] <= token.i < self.span[1]

    def add(self, score: float, tokens: tuple[int, ...], anchor: Token, *, factor: float = 1.0, others=(),
            partners=None, negated: bool = False) -> None:
        if not negated and factor != 0:
            partners = None if partners is None else tuple(partners)
            self.cues.append(_Cue(score * factor, tokens, anchor.i, tuple(others), partners))

    # -- qualities, kinds and predicates ---------------------------------------------------------------
    def judgements(self, noun: Token, *, kinds: bool = True, acts: bool = True) -> Iterator[Judgement]:
        """The qualities (and kind nouns) modifying `noun`, its appositives, its copular predicate, and the
        hostile acts its "of" phrase names ("the policy of aggression")."""
        view, lexicon = self.view, self.lexicon
        negated = is_negated(view, noun) or governor_negated(view, noun)
        modifiers = [child for child in noun.children
                     if child.dep_ in MODIFIER_DEPS and child.i < noun.i and child.i not in view.mention_at]
        for modifier in modifiers + [conj for child in modifiers for conj in child.conjuncts if conj.i < noun.i]:
            word, factor, tokens = cue_word(view, modifier)
            score = lexicon.qualities.get(word, lexicon.kinds.get(word) if kinds else None) if word else None
            if word in lexicon.distancing and cue_word(view, noun)[0] not in lexicon.stand_ins:
                continue  # "the so-called aggressors" deny the word; only "the so-called Government" judges
            if score is not None:
                yield (score * factor * intensity(view, modifier), tokens, modifier,
                       negated or is_negated(view, modifier))
        for appos in children(noun, "appos"):
            yield from self.called(appos)
        if acts:
            # "the path of violence and aggression": each act coordinated in the "of" phrase
            for pobj in (each for prep in children(noun, "prep") if prep.lower_ == "of"
                         for pobj in children(prep, "pobj") for each in (pobj, *pobj.conjuncts)):
                word, factor, tokens = cue_word(view, pobj)
                act = lexicon.acts.get(word) if word else None
                if act is not None and act.score < 0 and not is_negated(view, pobj):
                    yield act.score * factor * intensity(view, pobj), tokens, pobj, negated
                    yield from self.judgements(pobj, kinds=False, acts=False)
        yield from self.predicates(noun, negated=negated, kinds=kinds)

    def predicates(self, subject: Token, *, negated: bool = False, kinds: bool = True) -> Iterator[Judgement]:
        """What a copula says of its subject: "X is aggressive", "X is our friend", "relations … are excellent";
        negated by the copula's negation or the subject's ("neither X nor Y is …")."""
        view, lexicon, head = self.view, self.lexicon, subject.head
        if subject.dep_ not in ("nsubj", "nsubjpass") or head.pos_ not in ("AUX", "VERB"):
            return
        if subject.dep_ == "nsubjpass" and head.tag_ == "VBN":
            # "X is entitled to …": an adjective the parser takes for a passive participle
            word, factor, tokens = cue_word(view, head)
            if word in lexicon.qualities:
                yield (lexicon.qualities[word] * factor * intensity(view, head), tokens, head,
                       negated or is_negated(view, head) or is_negated(view, subject))
            return
        if verb_lemma(head) not in lexicon.copulas:
            return
        negated = negated or is_negated(view, head) or is_negated(view, subject)
        predicates = list(head.children)
        predicates += [conj for predicate in predicates if predicate.dep_ in ("acomp", "attr")
                       for conj in predicate.conjuncts]
        for predicate in predicates:
            if predicate.dep_ == "acomp" or (predicate.dep_ == "conj" and predicate.pos_ == "ADJ"):
                word, factor, tokens = cue_word(view, predicate)
                if word in lexicon.qualities:
                    yield (lexicon.qualities[word] * factor * intensity(view, predicate), tokens, predicate,
                           negated or is_negated(view, predicate))
            elif kinds and (predicate.dep_ == "attr" or (predicate.dep_ == "conj" and predicate.pos_ in NOUNS)):
                for score, tokens, anchor, inner in self.called(predicate):
                    yield score, tokens, anchor, inner or negated

    def called(self, noun: Token) -> Iterator[Judgement]:
        """What an appositive or predicate noun calls the target: "X, our great friend", "X is a puppet"."""
        lexicon = self.lexicon
        word, factor, tokens = cue_word(self.view, noun)
        negated = is_negated(self.view, noun) or is_distanced(self.view, noun) or self.someone_elses(noun, word)
        if word in lexicon.kinds:
            yield lexicon.kinds[word] * factor * intensity(self.view, noun), tokens, noun, negated
        elif word in lexicon.sympathy:
            yield lexicon.patient_score, tokens, noun, negated
        elif word in lexicon.acts and lexicon.acts[word].score < 0 and noun.dep_ == "attr":  # "X is a threat to peace"
            yield lexicon.acts[word].score * factor * intensity(self.view, noun), tokens, noun, negated
        elif word in lexicon.emblems:
            yield from self.embodied(noun, negated)
        # the noun's own qualities judge the target too: "X is a criminal entity", "X, a peace-loving country"
        for score, more, anchor, inner in self.judgements(noun, acts=word in lexicon.stand_ins):
            yield score, more, anchor, inner or negated

    def embodied(self, emblem: Token, negated: bool) -> Iterator[Judgement]:
        """What an emblem calls the target, by what it embodies: "X, the bastion of democracy and liberty" (an
        ideal), "the bastion of colonialism" (a hostile act); the strongest of its "of" objects."""
        scores = []
        for pobj in (pobj for prep in children(emblem, "prep") if prep.lower_ == "of" for pobj in children(prep, "pobj")):
            for value in (pobj, *pobj.conjuncts):
                word, factor, tokens = cue_word(self.view, value)
                act = self.lexicon.acts.get(word) if word else None
                score = self.lexicon.ideals.get(word) if word else None
                if score is None and act is not None and act.score < 0:
                    score = act.score
                if score is not None and not is_negated(self.view, value):
                    scores.append((score * factor, (*cue_word(self.view, emblem)[2], *tokens), value))
        if scores:
            score, tokens, anchor = max(scores, key=lambda item: abs(item[0]))
            yield score, tokens, anchor, negated

    def someone_elses(self, noun: Token, word: str | None) -> bool:
        """A relational kind owned by another: "the United States and its allies", "Y's friends", "the friends of
        Y" are not the speaker's ("our friend X", "X, a true friend" are)."""
        if word not in self.lexicon.relational_kinds:
            return False
        owners = [child for child in noun.children if child.dep_ == "poss"]
        owners += [pobj for prep in children(noun, "prep") if prep.lower_ == "of" for pobj in children(prep, "pobj")]
        return any(self.view.actor(owner) not in (FIRST, None) for owner in owners)  # "X's friends", "friends of X"

    # -- the walk ----------------------------------------------------------------------------------------
    def run(self, root: Token) -> list[_Cue]:
        for position in self.positions(root):
            self.climb(position)
        return self.cues

    def positions(self, root: Token) -> list[Token]:
        """The mention's head, the relative pronouns standing for it and the possessives referring to it."""
        view, found = self.view, [root]
        for clause in children(root, "relcl"):
            # "which", "with which", "whose aggression", not those of a relative clause inside this one
            found += [token for token in clause.subtree if token.tag_ in RELATIVE_TAGS and next(
                (ancestor for ancestor in token.ancestors if ancestor.dep_ == "relcl"), clause).i == clause.i]
        number = view.sentence_of(root.i)
        sentence_end = view.starts[number + 1] if number + 1 < len(view.starts) else len(view.doc)
        first = bisect_left(view.possessives, self.span[1])
        for index in view.possessives[first : bisect_left(view.possessives, sentence_end)]:
            entry = view.antecedent(index)
            if entry is not None and (entry[2], entry[3]) == self.span:
                found.append(view.doc[index])
        return found

    def slot(self, token: Token) -> tuple[str | None, Token | None]:
        """The slot through which `token` hangs on the noun that governs it, and that noun."""
        dep, head = token.dep_, token.head
        if dep in MODIFIER_DEPS + ("poss",) and head.pos_ in ("NOUN", "PROPN") and token.i < head.i:
            if dep == "compound" and self.method != "demonym":
                return "compound", head  # "US imperialism" (agent), but "the Kuwait invasion", "the Beirut massacres"
            return ("poss" if dep == "poss" else "modifier"), head
        if dep == "appos" and head.pos_ in ("NOUN", "PROPN"):
            return "appos", head
        if dep == "pobj" and head.dep_ in ("prep", "agent", "dative"):
            governor = head.head
            if governor.tag_ == "VBN" and governor.dep_ in ("acl", "amod") and governor.head.pos_ == "NOUN":
                if verb_lemma(governor) not in self.lexicon.agent_verbs:
                    return None, None  # "the assistance requested by X": X does not give it
                governor = governor.head  # "the aggression committed by X", "assistance given to X"
            elif governor.pos_ in ("VERB", "AUX"):
                # the parser often hangs the phrase on the verb: "we express our solidarity with X"
                lexicon = self.lexicon
                objects = [noun for noun in children(governor, "dobj", "attr") if noun.i < token.i
                           and cue_word(self.view, noun)[0] in lexicon.frames]
                if objects:
                    return head.lower_, objects[-1]
            if governor.pos_ in ("NOUN", "PROPN"):
                return head.lower_, governor
        return None, None

    def climb(self, position: Token) -> None:
        view, lexicon, current = self.view, self.lexicon, position
        while current.dep_ == "conj" and (current.head.pos_ in ("NOUN", "PROPN", "PRON")
                                          or current.head.dep_ in MODIFIER_DEPS):
            # "the aggression of X and Y", "the Egyptian and Jordanian proposals": Y takes X's place
            current = current.head
        phrase, victim_only, inner = [position], False, None
        for _ in range(MAX_CLIMB):
            slot, governor = self.slot(current)
            if governor is None or (governor.i in view.mention_at and not self.is_target(governor)):
                break
            word, factor, tokens = cue_word(view, governor)
            if slot == "appos" and inner is None and not victim_only and word not in lexicon.kinds:
                phrase.append(governor)  # "your predecessor, Mr. X": the noun X explains is X
                current = governor
                continue
            if word is None or factor == 0:
                break
            if inner is not None:  # around a cue already read, only an attitude agreeing with it counts
                attitude = lexicon.attitudes.get(word)
                if attitude is None or (attitude.score > 0) != (inner > 0) or not self.aimed(governor, attitude, slot):
                    break
                self.attitude(governor, attitude, slot, factor, tokens)
                current = governor
                continue
            attitude, act = lexicon.attitudes.get(word), lexicon.acts.get(word)
            if attitude is not None and not victim_only and self.aimed(governor, attitude, slot):
                inner = self.attitude(governor, attitude, slot, factor, tokens)
            elif act is not None and self.act_role(act, slot, governor) is not None:
                inner = self.act(governor, act, slot, factor, tokens, victim_only)
            elif attitude is not None and not victim_only:
                inner = self.attitude(governor, attitude, slot, factor, tokens)
            elif word in lexicon.relations and not victim_only:
                self.relation(governor, lexicon.relations[word], slot, factor, tokens)
            elif word in lexicon.relational_kinds and slot in ("poss", "of") and self.predicated_of_speaker(governor):
                # "we are friends of X", "we regard ourselves as its close friends": what the speaker is to X
                self.add(lexicon.kinds.get(word, 0.0), tokens, governor, factor=factor * intensity(view, governor),
                         negated=is_negated(view, governor) or governor_negated(view, governor))
                break
            elif word in lexicon.sympathy and slot in OWNER_SLOTS:
                self.add(lexicon.patient_score, tokens, governor, negated=is_negated(view, governor))
            elif word in lexicon.traits and slot in OWNER_SLOTS and not victim_only:
                self.add(lexicon.traits[word], tokens, governor, factor=factor * intensity(view, governor),
                         negated=is_negated(view, governor) or governor_negated(view, governor))
            elif slot == "of" and word in lexicon.member_nouns and governor.lower_ != word and not list(current.conjuncts):
                break  # "the Member States of X", "the countries of X": members, not X ("the Governments of X and Y" are theirs)
            elif word in lexicon.places and slot in OWNER_SLOTS:
                victim_only, current = True, governor
                continue
            elif (word in lexicon.stand_ins and slot in OWNER_SLOTS + ("appos", "by")) or (
                    word in lexicon.kinds and slot in ("modifier", "compound", "appos")):
                if not victim_only:
                    score = lexicon.stand_ins.get(word) if self.stand_in_scores else 0.0
                    score = score or lexicon.kinds.get(word, 0.0)
                    if score:
                        denied = word in lexicon.kinds and (is_distanced(view, governor)
                                                            or self.someone_elses(governor, word))
                        self.add(score, tokens, governor, factor=factor, negated=is_negated(view, governor) or denied)
                    phrase.append(governor)
                current = governor
                continue
            if inner is None:
                break
            current = governor
        if not victim_only:
            for noun in phrase:
                for score, tokens, anchor, negated in self.judgements(noun):
                    self.add(score, tokens, anchor, negated=negated)
            if current is not position and current not in phrase and inner is None:
                for score, tokens, anchor, negated in self.predicates(current):  # "Neither X nor Y is …": Y's too
                    self.add(score, tokens, anchor, negated=negated)
            if inner is None:
                self.clause(current)

# ----------------------------------------------------------------------------------------- rows

def _combine(scores: Sequence[float], weight: float) -> float:
    """The strongest cue of each sign plus `weight` of each further cue of that sign; both signs added, clipped."""
    total = 0.0
    for sign in (1.0, -1.0):
        side = sorted((sign * score for score in scores if sign * score > 0), reverse=True)
        if side:
            total += sign * (side[0] + weight * sum(side[1:]))
    return max(-10.0, min(10.0, total))


def _cue_text(doc: Doc, tokens: set[int]) -> str:
    """The cue words as written: adjacent tokens as one stretch of text, stretches joined by " … "."""
    runs: list[list[int]] = []
    for index in sorted(tokens):
        if runs and index == runs[-1][1] + 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    return " … ".join(doc[first : last + 1].text for first, last in runs)


def _hyphen_pairs(view: DocumentView, cue_sentences: set[int]) -> Iterator[tuple[tuple[int, str, str], tuple[tuple[int, ...], float]]]:
    """A relation named by two actors joined with a hyphen, the speaker being one of them: "the Sino-Indian
    conflict" (said by India: hostile to China), "the Jordanian-Israeli Peace Treaty" (said by Jordan:
    cooperative). The compound modifies the relation noun; its score is the noun's (relations, or a hostile
    act such as war)."""
    doc, lexicon = view.doc, view.lexicon
    by_start = {entry[2]: entry for entry in view.mentions}
    for entry in view.mentions:
        actor_id, _, start, end, _ = entry
        sent_id = view.sentence_of(start)
        if sent_id not in cue_sentences or end + 1 >= len(doc) or doc[end].text != "-" or doc[end - 1].whitespace_ \
                or doc[end].whitespace_:
            continue
        other = by_start.get(end + 1)
        if other is None or other[0] == actor_id:
            continue
        head = doc[other[3] - 1].head
        while head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i > head.i:
            head = head.head  # "the Jordanian-Israeli Peace Treaty": the treaty
        word, factor, tokens = cue_word(view, head)
        score = lexicon.relations.get(word)
        if score is None and word in lexicon.acts and lexicon.acts[word].score < 0:
            score = lexicon.acts[word].score
        if not score or factor == 0 or is_negated(view, head):
            continue
        speaker = view.speaker(head.i)
        for one, two in ((actor_id, other[0]), (other[0], actor_id)):
            if speaker == one:
                yield (sent_id, one, two), (tuple(tokens), score * factor)


def language_stances(doc: Doc, mentions: Sequence[Mapping], *, author_id: str | None,
                     lexicon: StanceLexicon | None = None) -> list[dict]:
    """Stance observations from evaluative language in `doc`: one dict per (sentence, source, target), in
    sentence order (see the module docstring). `mentions` are the document's actor mention rows (char
    offsets; those without actor_id are no actors, those with method "speaker" are the author)."""
    if not doc.has_annotation("DEP"):
        raise ValueError("doc has no dependency parse; run it through the trained pipeline (analysis.nlp) first")
    if author_id is not None and not isinstance(author_id, str):
        raise TypeError(f"author_id={author_id!r} is not an actor id; allowed: a string or None")
    lexicon = lexicon if lexicon is not None else load_stance_lexicon()
    view = DocumentView(doc, mentions, lexicon, author_id)
    # Only sentences holding a cue word can give a row: one array look-up spares walking the others' mentions.
    cue_sentences = {view.sentence_of(index) for index in positions(view.lower, hashes(lexicon.cue_words))}
    found: dict[tuple[int, str, str], dict[tuple[int, ...], float]] = {}
    for entry in view.mentions:
        actor_id, method, start, end, _ = entry
        sent_id = view.sentence_of(start)
        if method == "speaker" or sent_id not in cue_sentences:
            continue
        if start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_:
            continue  # "anti-Soviet", "pro-Israeli", "Arab-Israeli", "Latin-American": not the actor itself
        walk = _Walk(view, entry)
        for cue in walk.run(doc[start:end].root):
            source = view.speaker(cue.anchor)
            if source is None or source == actor_id or walk.hypothetical(doc[cue.anchor]):
                continue
            if any(other not in (FIRST, source) for other in cue.others):
                continue
            if cue.partners is not None and not any(partner in (FIRST, source) for partner in cue.partners):
                continue
            found.setdefault((sent_id, source, actor_id), {}).setdefault(cue.tokens, cue.score)
    for (sent_id, source, target), (tokens, score) in _hyphen_pairs(view, cue_sentences):
        found.setdefault((sent_id, source, target), {}).setdefault(tokens, score)
    rows = []
    for (sent_id, source, target), cues in sorted(found.items()):
        score = _combine(list(cues.values()), lexicon.further_cue_weight)
        if abs(score) < 1e-9:
            continue
        tokens = {index for key in cues for index in key}
        rows.append({"sent_id": sent_id, "start": doc[min(tokens)].idx, "source_id": source, "target_id": target,
                     "score": round(score, 3), "cue": _cue_text(doc, tokens),
                     "text": view.sentence(sent_id).text.strip()})
    return rows
