"""A parsed Doc and its actor mentions → who says each clause: the author, a reported speaker, a quotation's speaker.

`DocumentView` is what the stance rules read of one Doc, built once: the sentence numbering of
`analysis.parsed.sentences`, the actor mentions by token, the lower-case word column (every look-up over
the whole text is an array operation: iterating a Doc makes a Python object per token), and the speaker
of each clause, found on first need:
  - a clause governed by a reporting verb ("X said that …", "…, X said", "X, who declared that …") is the
    verb's subject's ("I", "we", "it is said that …": the author's; "he": the person named last);
  - "according to X" gives the sentence to X;
  - text inside quotation marks is the speaker's whom a reporting verb outside them names, in the sentence
    where the quotation opens or the one where it closes;
  - anything else is the author's (`author_id`; None for most news, which then speaks only through others).
A reporting verb whose subject names no actor ("the report says", "observers said") leaves no speaker.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy

from analysis.parsed import DOUBLE_QUOTES, enclosing_quote, lemma, paired_quotes, quotation_verb, sentences
from analysis.stance_lexicon import StanceLexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

FIRST = "<first person>"      # a first-person pronoun: the speaker, whoever that is
OTHER = "<someone else>"      # a third-person pronoun: some actor, not the speaker
RELATIVE_TAGS = ("WDT", "WP", "WP$")
POSSESSIVES = ("its", "their")
PRONOUN_LOOKBACK_SENTENCES = 2


def children(token: Token, *deps: str) -> list[Token]:
    return [child for child in token.children if child.dep_ in deps]


def verb_lemma(token: Token) -> str:
    return lemma(token).lower()


@functools.lru_cache(maxsize=16)
def hashes(words: tuple[str, ...] | frozenset[str]) -> numpy.ndarray:
    """The sorted hashes that Doc.to_array("LOWER") gives for `words`."""
    from spacy.strings import hash_string

    return numpy.array(sorted({hash_string(word) for word in words}), dtype="uint64")


def positions(column: numpy.ndarray, sorted_hashes: numpy.ndarray) -> list[int]:
    """Indices of the tokens whose hash is one of `sorted_hashes` (a binary search, no sets built)."""
    if not len(column) or not len(sorted_hashes):
        return []
    found = numpy.minimum(numpy.searchsorted(sorted_hashes, column), len(sorted_hashes) - 1)
    return numpy.flatnonzero(sorted_hashes[found] == column).tolist()


class DocumentView:
    """One Doc as the stance rules read it (see the module docstring)."""

    def __init__(self, doc: Doc, mentions: Sequence[Mapping], lexicon: StanceLexicon, author_id: str | None):
        self.doc, self.lexicon, self.author_id = doc, lexicon, author_id
        columns = doc.to_array(["IDX", "LOWER", "SENT_START"]) if len(doc) else numpy.zeros((0, 3), dtype="uint64")
        offsets = columns[:, 0].astype("int64").tolist()
        self.lower = columns[:, 1]
        if doc.has_annotation("SENT_START"):  # computed as analysis.parsed.sentences does, without making spans
            starts = numpy.flatnonzero(columns[1:, 2].astype("int64") == 1) + 1
            self.starts = [0, *starts.tolist()] if len(doc) else []
        else:
            self.starts = [sentence.start for sentence in sentences(doc)]
        self.mentions: list[tuple[str, str, int, int, str]] = []  # (actor_id, method, first token, end, label)
        self.mention_at: dict[int, tuple[str, str, int, int, str]] = {}
        for mention in mentions:
            if not mention.get("actor_id"):
                continue
            start = bisect_right(offsets, int(mention["start"])) - 1
            end = bisect_left(offsets, int(mention["end"]))
            if start < 0 or end <= start:
                continue
            entry = (str(mention["actor_id"]), str(mention.get("method") or ""), start, end,
                     str(mention.get("label") or ""))
            self.mentions.append(entry)
            for index in range(start, end):
                self.mention_at.setdefault(index, entry)
        self.mentions.sort(key=lambda entry: entry[2])
        self.mention_starts = [entry[2] for entry in self.mentions]
        self.antecedents: dict[int, tuple | None] = {}
        self.possessives = self.tokens_equal(POSSESSIVES)
        self.speakers: dict[int, str | None] = {}
        self.according: list[int] | None = None
        self.quotes: list[tuple[int, int]] | None = None
        self.attributions: dict[int, tuple[bool, str | None]] = {}

    # -- sentences and words ---------------------------------------------------------------------
    def sentence_of(self, index: int) -> int:
        return bisect_right(self.starts, index) - 1

    def sentence(self, number: int) -> Span:
        end = self.starts[number + 1] if number + 1 < len(self.starts) else len(self.doc)
        return self.doc[self.starts[number] : end]

    def tokens_equal(self, words: tuple[str, ...]) -> list[int]:
        return positions(self.lower, hashes(words))

    # -- actors ----------------------------------------------------------------------------------
    def actor(self, token: Token) -> str | None:
        """The actor a token names: a mention's, FIRST for the speaker's own words, OTHER for a pronoun."""
        entry = self.mention_at.get(token.i)
        if entry is not None:
            return FIRST if entry[1] == "speaker" else entry[0]
        if token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$"):
            return FIRST if token.lower_ in self.lexicon.first_person else OTHER
        return None

    def phrase_actors(self, token: Token, *, exclude: str | None = None, depth: int = 0) -> list[str]:
        """Actors a noun phrase names, its conjuncts too: the mention at its head, else one among its modifiers,
        else one in its "of" phrase ("the Foreign Minister of X", "the representative of the Government of X")."""
        found = []
        for head in (token, *token.conjuncts):
            actor = self.actor(head)
            if actor is None and depth < 2:
                for child in head.children:
                    if child.dep_ in ("poss", "compound", "amod", "nmod", "appos") and child.i in self.mention_at:
                        actor = self.actor(child)
                    elif child.dep_ == "prep" and child.lower_ == "of" and actor is None:
                        for pobj in children(child, "pobj"):
                            actor = next(iter(self.phrase_actors(pobj, exclude=exclude, depth=depth + 1)), None)
            if actor is not None and actor != exclude and actor not in found:
                found.append(actor)
        return found

    def antecedent(self, index: int) -> tuple | None:
        """The mention the possessive "its"/"their" at `index` refers to (cached): the actor subject of the clause
        above it, else the nearest actor mentioned before it in its sentence."""
        if index not in self.antecedents:
            self.antecedents[index] = self._antecedent(self.doc[index])
        return self.antecedents[index]

    def _antecedent(self, pronoun: Token) -> tuple | None:
        noun = pronoun.head
        while noun.dep_ == "conj" and noun.head.i != noun.i:
            noun = noun.head  # "its aggression …, its annexation …": coordinated possessives share one antecedent
            first = next((child for child in noun.children
                          if child.dep_ == "poss" and child.lower_ in POSSESSIVES), None)
            if first is not None:
                return self.antecedent(first.i)
        for ancestor in pronoun.ancestors:
            if ancestor.pos_ in ("VERB", "AUX"):
                for subject in children(ancestor, "nsubj", "nsubjpass"):
                    if subject.left_edge.i <= pronoun.i <= subject.right_edge.i:
                        continue
                    if subject.tag_ in RELATIVE_TAGS and ancestor.dep_ == "relcl":
                        subject = ancestor.head  # "X, which continues its …"
                    elif subject.pos_ == "PRON" and subject.lower_ not in self.lexicon.first_person:
                        return None  # "… which it considered its only support": "its" is that pronoun's, unknown here
                    entry = self.mention_at.get(subject.i)
                    if entry is None and subject.lower_ in self.lexicon.stand_ins:  # "the Government of X … its"
                        entry = next((self.mention_at[child.i] for child in subject.subtree
                                      if child.i in self.mention_at), None)
                    if entry is not None and entry[1] != "speaker":
                        return entry
                break
        start = self.starts[self.sentence_of(pronoun.i)]
        earlier = self.mentions[bisect_left(self.mention_starts, start) : bisect_left(self.mention_starts, pronoun.i)]
        before = [entry for entry in earlier if entry[3] <= pronoun.i and entry[1] != "speaker"]
        if not before:
            return None
        # only within one stretch of clause: "the people of X for their resistance", "X's occupation and its
        # practices", but not "… Iran to release the hostages and end their suffering" (a verb comes between)
        if any(token.pos_ in ("VERB", "AUX") for token in self.doc[before[-1][3] : pronoun.i]):
            return None
        # in a list "its aggression against Y, its annexation of …" the second "its" is the first one's, not Y's
        previous = [index for index in self.possessives
                    if before[-1][2] > index and self.doc[index].lower_ == pronoun.lower_ and index >= start]
        if previous and not any(token.pos_ in ("VERB", "AUX") for token in self.doc[previous[-1] : pronoun.i]):
            return self.antecedent(previous[-1])
        return before[-1]

    # -- speakers --------------------------------------------------------------------------------
    def is_reporting(self, token: Token) -> bool:
        return token.pos_ in ("VERB", "AUX") and verb_lemma(token) in self.lexicon.reporting_verbs

    def speaker(self, index: int) -> str | None:
        """Who says the clause holding token `index` (see the module docstring), cached per token."""
        if index not in self.speakers:
            self.speakers[index] = self._speaker(index)
        return self.speakers[index]

    def _speaker(self, index: int) -> str | None:
        doc = self.doc
        child, node = doc[index], doc[index].head
        while node.i != child.i:
            if child.dep_ in ("ccomp", "parataxis", "xcomp") and self.is_reporting(node):
                return self.reporter(node)
            child, node = node, node.head
        for clause in node.children:  # "X is the aggressor, Y said": the parser may hang "said" on the main clause
            if (clause.dep_ in ("parataxis", "ccomp", "conj") and clause.i > index and self.is_reporting(clause)
                    and not children(clause, "ccomp") and not clause.left_edge.i <= index <= clause.right_edge.i):
                return self.reporter(clause)
        if self.according is None:
            self.according = self.tokens_equal(("according",))
        number = self.sentence_of(index)
        for word in self.according:
            if self.sentence_of(word) == number and word + 1 < len(doc) and doc[word + 1].lower_ == "to":
                actors = [actor for pobj in children(doc[word + 1], "pobj")
                          for actor in [self.speaker_actor(pobj)] if actor]
                if actors:
                    return actors[0]
        found, speaker = self.quoted_speaker(index)
        return speaker if found else self.author_id

    def reporter(self, verb: Token) -> str | None:
        """The actor who speaks in the clause a reporting verb governs."""
        current, subjects = verb, []
        for _ in range(3):
            subjects = children(current, "nsubj", "nsubjpass")
            if subjects or current.dep_ not in ("xcomp", "conj", "ccomp") or current.head.i == current.i:
                break
            current = current.head  # "I wish to state that …", "we rose and declared that …"
        if not subjects or subjects[0].dep_ == "nsubjpass" or subjects[0].lower_ == "it":
            agents = [pobj for agent in children(current, "agent") for pobj in children(agent, "pobj")]
            return self.speaker_actor(agents[0]) if agents else self.author_id  # "it is said that …": no one else
        return self.speaker_actor(subjects[0])

    def speaker_actor(self, token: Token) -> str | None:
        lexicon = self.lexicon
        if token.lower_ in lexicon.first_person:
            return self.author_id
        if token.lower_ in lexicon.person_pronouns:
            earliest = self.starts[max(0, self.sentence_of(token.i) - PRONOUN_LOOKBACK_SENTENCES)]
            first, last = bisect_left(self.mention_starts, earliest), bisect_left(self.mention_starts, token.i)
            earlier = self.mentions[first:last]
            persons = [entry[0] for entry in earlier if entry[4] == "PERSON"]
            return persons[-1] if persons else None
        if token.tag_ in RELATIVE_TAGS and token.head.dep_ == "relcl":
            token = token.head.head  # "the minister, who said that …"
        actors = self.phrase_actors(token)
        if not actors or actors[0] == OTHER:
            return None
        return self.author_id if actors[0] == FIRST else actors[0]

    def quoted_speaker(self, index: int) -> tuple[bool, str | None]:
        """(True, speaker) for a token inside quotation marks that a reporting verb outside them, or the clause a colon
        before them ends, attributes (analysis.parsed.quotation_verb)."""
        if self.quotes is None:
            self.quotes = paired_quotes((mark, self.doc[mark].text) for mark in positions(self.lower, hashes(DOUBLE_QUOTES)))
        number = enclosing_quote(self.quotes, index)
        if number is None:
            return False, None
        if number not in self.attributions:
            verb = quotation_verb(self.doc, *self.quotes[number], is_reporting=self.is_reporting,
                                  sentence_at=lambda token: self.sentence(self.sentence_of(token)))
            self.attributions[number] = (True, self.reporter(verb)) if verb is not None else (False, None)
        return self.attributions[number]
