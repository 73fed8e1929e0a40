"""One parsed document → its event rows: triggers per sentence, their arguments, modality, code and date.

Reported speech: a statement verb ("said", "announced") that reports an act codes the act, with the act's own
doer as source; the statement itself (010) is coded only when what it reports is no event. The reporter is the
speaker of the reported clause: an obligation there ("…, the minister said Israel must withdraw") is the
reporter's demand. In a document with an author (a UN speech: the speaking state), the author speaks every
sentence that no reporting verb attributes to someone else.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Iterator, Mapping, Sequence

from analysis.cameo import CodebookEntry, PatternSet
from analysis.events.arguments import VIOLENT_ROOTS, ArgumentReader, MentionIndex
from analysis.events.coding import Coder
from analysis.events.dating import Dater
from analysis.events.modality import Modality, is_own_aside, is_rhetorical, modality, names_any, own_negation
from analysis.events.nominal_mood import is_averted_noun, is_demanded_noun, is_means_to_come
from analysis.events.references import PLACE
from analysis.events.syntax import COPULAS, children, is_passive, lower_lemma, noun_phrase, passive_agent
from analysis.events.triggers import Trigger, TriggerFinder
from analysis.noun_kinds import noun_kind
from analysis.parsed import DOUBLE_QUOTES, enclosing_quote, paired_quotes, quotation_verb


QUOTE_MARK = re.compile("|".join(map(re.escape, DOUBLE_QUOTES)))

PLAIN_STATEMENT = "010"
THREAT_ROOT = "13"


def _for_instance(verb) -> bool:
    """ "…, say Norway and Chile, …": "say" between commas on a noun gives examples, nobody says anything."""
    return (lower_lemma(verb) == "say" and verb.i > 0 and verb.doc[verb.i - 1].text == ","
            and verb.head is not verb and verb.head.pos_ in ("NOUN", "PROPN"))


def _subsumed_statements(rows: Mapping[int, list]) -> set[int]:
    """The plain statements (010) of a sentence whose doer does something more specific in it, to the same
    target or to none named ("I wish to express to the Secretary-General … my appreciation": the praise, not the
    saying): CAMEO's "make statement" is what is left when nothing more is said. By `id` of the row."""
    found = [row for sentence_rows in rows.values() for row in sentence_rows]
    specific = {(row["source_id"], row["target_id"]) for row in found if row["cameo_code"] != PLAIN_STATEMENT}
    doers = {source for source, _ in specific}
    return {id(row) for row in found if row["cameo_code"] == PLAIN_STATEMENT and row["source_id"] in doers
            and (row["target_id"] is None or (row["source_id"], row["target_id"]) in specific)}


class DocumentEvents:
    """Finds the events of one Doc; keeps the finding (triggers, arguments, codes) apart from the rows."""

    def __init__(self, doc, mentions: Sequence[Mapping], timexes: Sequence[Mapping], patterns: PatternSet,
                 codebook: Mapping[str, CodebookEntry], doc_date: date | None, doc_precision: str,
                 author_id: str | None = None, collectives: frozenset[str] = frozenset()):
        self.codebook = codebook
        self.patterns = patterns
        self.author_id = author_id
        self.mentions = MentionIndex(doc, mentions)
        self.finder = TriggerFinder(patterns, self.mentions.at)
        self.arguments = ArgumentReader(patterns, self.mentions, self.finder, collectives)
        self.coder = Coder(patterns, self.finder)
        self.arguments.reporter = self.reporter
        self.arguments.quoted = self.quoted
        self.arguments.author = [(author_id, "SPEAKER")] if author_id else []
        self.coder.is_speaker = lambda subject: bool(author_id) and {
            actor[0] for actor in self.arguments.actors(subject)} == {author_id}
        self._resolving: set[int] = set()  # statement verbs whose reporter is being resolved
        self._quotes: list[tuple[int, int]] | None = None
        self._quote_speakers: dict[int, list] = {}
        self.dater = Dater(doc, timexes, doc_date=doc_date, doc_precision=doc_precision)

    def events(self) -> Iterator[dict]:
        for sent_id, sentence in enumerate(self.mentions.sentences):
            triggers = self.finder.triggers(sentence)
            self.arguments.noun_triggers = {trigger.token.i: trigger for trigger in triggers
                                            if trigger.token.pos_ == "NOUN" and trigger.anchor is trigger.token}
            trigger_tokens = {trigger.token.i for trigger in triggers} | {trigger.anchor.i for trigger in triggers}
            rows = {trigger.token.i: list(self._rows(trigger, sent_id, sentence, trigger_tokens)) for trigger in triggers}
            said = _subsumed_statements(rows)
            seen: set[tuple] = set()
            for trigger in triggers:
                if self._statement_of_reported_act(trigger, rows):
                    continue
                for row in rows[trigger.token.i]:
                    key = (row["trigger_start"], row["source_id"], row["target_id"], row["cameo_code"])
                    if key not in seen and id(row) not in said:
                        seen.add(key)
                        yield row

    # -- reported speech -------------------------------------------------------------------------------
    def _is_reporting(self, token) -> bool:
        pattern = self.finder.pattern_of(token) if token.pos_ in ("VERB", "AUX") else None
        return pattern is not None and pattern.reporting

    def _reported_content(self, verb) -> list:
        """The clauses a statement verb reports: its clausal complements, or, for "…, officials said", the
        clause it is attached to."""
        content = children(verb, "ccomp")
        if not content and verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head.i < verb.i:
            content = [verb.head]
        return content

    def _statement_of_reported_act(self, trigger: Trigger, rows: Mapping[int, list]) -> bool:
        """A plain statement (010, or the demand a reported "must" makes of it) whose reported clause holds an
        event of its own: the act is coded, not the saying of it. A prediction (012) stays."""
        plain = {"010", self.patterns.obligation_code}
        own_rows = rows[trigger.token.i]
        if not trigger.pattern.reporting or not own_rows or any(row["cameo_code"] not in plain for row in own_rows):
            return False
        verb = trigger.token
        own = {token.i for token in verb.subtree} if verb.dep_ in ("parataxis", "ccomp", "advcl") else set()
        for clause in self._reported_content(verb):
            inside = {token.i for token in clause.subtree} - own - {verb.i}
            if any(index in inside and found for index, found in rows.items() if index != verb.i):
                return True
        return False

    def _reporting_verb(self, token):
        """The statement verb whose reported clause holds `token` ("X said that …", "…, X said"), or None."""
        for current in [token, *token.ancestors]:
            if current.dep_ == "ccomp" and self._is_reporting(current.head):
                return current.head
            for child in children(current, "parataxis", "ccomp", "advcl"):
                if child.i > current.i and not children(child, "ccomp") and self._is_reporting(child) \
                        and token.i not in {t.i for t in child.subtree}:
                    return child
        return None

    def reporter(self, token) -> list:
        """The actors of the statement verb that reports the clause of `token`; [] outside reported speech.
        A reporter that is itself "we" inside another report is resolved once: parses can nest reports in
        a circle ("we, I said, believe …")."""
        verb = self._reporting_verb(token)
        subject = self.arguments.subject(verb) if verb is not None else None
        if subject is None or subject.i == token.i or verb.i in self._resolving:
            return []
        self._resolving.add(verb.i)
        try:
            return self.arguments.actors(subject)
        finally:
            self._resolving.discard(verb.i)

    def speaker(self, token) -> list:
        """Who says the clause of `token`: the subject of the statement verb that reports it, else the speaker
        of the quotation it is in, else the author."""
        if self._reporting_verb(token) is not None:
            return self.reporter(token)
        inside, speakers = self.quoted(token)
        if inside:
            return speakers
        return [(self.author_id, "SPEAKER")] if self.author_id else []

    def quoted(self, token) -> tuple[bool, list]:
        """(whether `token` is inside double quotation marks, the actors of whoever the text says speaks there):
        the subject of a statement verb outside the marks in the sentence where they open or close ('"We will
        never yield," the minister said'), or of the clause a colon before them ends ("De Gaulle recognized it in
        these terms: "We shall …"); [] when the text does not say."""
        doc = token.doc
        if self._quotes is None:  # found in the text, not by walking every token
            marks = (doc.char_span(match.start(), match.end(), alignment_mode="expand") for match in QUOTE_MARK.finditer(doc.text))
            self._quotes = paired_quotes((mark.start, mark.text) for mark in marks if mark is not None and len(mark) == 1)
        number = enclosing_quote(self._quotes, token.i)
        if number is None:
            return False, []
        if number not in self._quote_speakers:
            # no one until found: the verb's subject may itself be a "we" inside the quotation
            self._quote_speakers[number] = []
            verb = quotation_verb(doc, *self._quotes[number], is_reporting=self._is_reporting,
                                  sentence_at=lambda index: doc[index].sent)
            subject = self.arguments.subject(verb) if verb is not None else None
            self._quote_speakers[number] = self.arguments.actors(subject) if subject is not None else []
        return True, self._quote_speakers[number]

    # -- one trigger -----------------------------------------------------------------------------------
    def _modality(self, trigger: Trigger) -> Modality:
        token, pattern = trigger.token, trigger.pattern
        if token.pos_ == "NOUN" and trigger.anchor is token:
            # a nominal event ("the Soviet invasion of Afghanistan") is told as a fact; only a copula denies it,
            # and "any attack by X" names an attack that may never come
            if names_any(token) or (token.dep_ == "pobj" and token.head.lower_ == "of" and names_any(token.head.head)):
                return Modality(False, "unreal")  # also "any escalation of the sanctions": of the act named
            if is_demanded_noun(token, self.patterns.modality):
                return Modality(False, "unreal")  # "peace requires the withdrawal of X": asked for, not done
            if is_averted_noun(token, self.patterns.modality):
                return Modality(False, "unreal")  # "the risk of war between X and Y": not (yet) waged
            if is_means_to_come(token, self.patterns.modality):
                return Modality(False, "unreal")  # "peace can be achieved only by the withdrawal of X"
            negated = own_negation(token)
            governor = token.head.head if token.dep_ == "pobj" else token.head
            if not negated and governor is not token and lower_lemma(governor) in COPULAS and token.dep_ != "nsubj":
                # "is not at war with …"; but the copula's subject is not denied: "our solidarity with X is not a
                # question of expediency" denies what is said of the solidarity
                negated = own_negation(governor)
            return Modality(negated, "asserted")
        mood = modality(trigger.anchor, settings=self.patterns.modality, is_light=self.finder.is_light)
        if trigger.anchor is not token and own_negation(token) and not mood.negated:
            mood = Modality(True, mood.mood, mood.condition, mood.obligation)
        if pattern.negated_code and not mood.negated and is_rhetorical(trigger.anchor):
            mood = Modality(True, "asserted")  # "how can we accept …?" refuses; "how can X attack …?" reports
        if mood.mood == "future" and not mood.negated and self.coder.performed(trigger.anchor, trigger.pattern):
            mood = Modality(False, "asserted", mood.condition)  # "I would like to thank X" thanks X
        if mood.deed is not None and self._accomplished(trigger, mood.deed):
            mood = Modality(mood.negated, "asserted", mood.condition)
        return mood

    def _accomplished(self, trigger: Trigger, deed) -> bool:
        """Whether the done deed an act is the purpose of accomplishes it: a deed of its own kind ("sent weapons to
        Yemen to arm X" arms X: both aid), or any deed for an act done by expressing it ("recalled its ambassador to
        protest"); not "sent troops to the border to attack X" (a deployment for an attack to come)."""
        code = trigger.pattern.code
        if not code or code.startswith(self.patterns.expressive_codes):
            return bool(code)
        deed_pattern = self.finder.pattern_of(deed)
        return deed_pattern is not None and bool(deed_pattern.code) and deed_pattern.code[:2] == code[:2]

    def _received(self, token, pattern) -> bool:
        """A verb of receiving whose subject gets what the giver does ("Somalia received weapons from Egypt"):
        the event runs from the giver (settings.received_roots)."""
        return (token.pos_ != "NOUN" and bool(pattern.code)
                and lower_lemma(token) in self.patterns.receiving_verbs
                and pattern.code.startswith(self.patterns.received_roots))

    def _rows(self, trigger: Trigger, sent_id: int, sentence, trigger_tokens: set[int]) -> Iterator[dict]:
        token, pattern = trigger.token, trigger.pattern
        mood = self._modality(trigger)
        if mood.mood == "unreal" or (pattern.reporting and is_own_aside(token)):
            return
        if token.pos_ == "NOUN":
            sources, targets, found = self.arguments.noun_arguments(trigger)
        else:
            sources, targets, found = self.arguments.verb_arguments(trigger)
        if pattern.swapped or self._received(token, pattern):  # "X appeared in court": the court acts on X
            sources, targets = targets, sources
        # a place stands for its state only where an act done on a territory is done: it does nothing itself
        # ("Kandahar has resigned itself to its fate")
        sources = [actor for actor in sources if actor[1] != PLACE]
        if not pattern.root.startswith(self.patterns.territorial_roots):
            targets = [actor for actor in targets if actor[1] != PLACE]
        code, negated = self.coder.code(trigger, mood)
        if code is None:
            return
        if mood.mood == "obligation":
            obliged = self._obligation(trigger, mood, code, sources, targets)
            if obliged is None:
                return
            code, sources, targets, negated = obliged
        source_ids = {actor[0] for actor in sources}
        if pattern.reporting and not negated:
            clause = self.coder.obligation_clause(token)
            if clause is not None:
                subject = self.arguments.subject(clause)
                obliged_ids = [actor for actor in self.arguments.actors(subject) if actor[0] not in source_ids] if subject else []
                if obliged_ids:
                    code, targets = self.patterns.obligation_code, obliged_ids
        if pattern.absorbs and not targets and token.pos_ != "NOUN" and not children(token, "dobj"):
            # an addressee named but not an actor ("urged member States not to recognize X") is the target,
            # not X inside what it is asked to do
            targets = self.arguments.governed_actors(token, source_ids)
        if not found or not (sources or targets):
            return
        if code == PLAIN_STATEMENT and (not sources or _for_instance(token)):
            return  # a statement no one makes: "countries of Europe, say Switzerland and Sweden, could …"
        if pattern.needs_target and code == pattern.code and not targets:
            # a recognition of no one ("we recognize the value of …"), a PETRARCH reading with no one acted upon ("we
            # expect that …" → 030); a refusal stays one: "we will never recognize the junta"
            return
        entry = self.codebook[code]
        doer = self._doer_kind(trigger) if not sources else "someone"
        nominal = not sources and (token.pos_ == "NOUN" and trigger.anchor is token or token.dep_ in ("relcl", "acl"))
        if entry.quad_class in (1, 2) and (nominal or doer == "thing" or doer is None and entry.quad_class == 1):
            # cooperation needs a doer: acts someone who does them ("the ceasefire agreement for Ukraine", "a
            # dialogue that meets …", "the visit has contributed to our relations with X"), words a speaker
            # ("we are told that …", "so far as my delegation is concerned", "it was agreed in London")
            return
        if entry.quad_class == 3 and doer == "thing" and token.pos_ != "NOUN":
            return  # words of conflict need someone to say them: "these developments threaten Israel"
        # violence, also as a threat ("will combat …"), and threats themselves ("we warn against racism")
        hostile = {entry.root, pattern.root} & (VIOLENT_ROOTS | {THREAT_ROOT})
        if hostile and token.pos_ != "NOUN" and not targets and self._aimed_at_an_abstraction(token):
            return  # "combating international terrorism", "fight poverty": no one is fought or threatened
        if entry.quad_class == 4 and doer == "thing" and token.pos_ != "NOUN" and not self._done_with_means(trigger):
            return  # "the nihilist virulence strikes at our institutions": no one acts (but "rockets killed three soldiers")
        when, precision = self.dater.date(trigger, sentence, trigger_tokens)
        speakers = self.speaker(trigger.anchor)
        for source, target in self._pairs(sources, targets, code):
            if target is None and code.startswith(self.patterns.partner_codes):
                continue  # a consultation with nobody: "as we meet here year after year"
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
                # who tells of it (not a column: the stance layer reads it): the reporter, else the author
                "speaker_id": speakers[0][0] if speakers else None,
            }

    def _doer_kind(self, trigger: Trigger) -> str | None:
        """Who does an act whose doer is no actor: "thing" when its doer phrase names neither people, groups or
        institutions (the agent nouns, the member nouns) nor holds a proper noun, nationality or named entity
        ("the visit has contributed", "estimates indicate", "we are encouraged by the developments");
        "someone" when it does ("an aid agency appealed …", "a group of African diplomats", "Ethopia",
        misspelt); None when there is no such phrase or only a pronoun (a passive without agent, an
        infinitive, "he said"). A pronoun standing for a common noun ("the actions … as they threaten") is read
        as that noun."""
        doer = self._doer(trigger)
        if doer is None:
            return None
        if self.arguments.is_agent_noun(doer) or lower_lemma(doer) in self.patterns.relational_nouns or (
                lower_lemma(doer) in self.patterns.member_nouns or self.arguments.names_members(doer)):
            return "someone"
        # its modifiers and its "of" and "from" phrases count, not what it is about ("the developments in …")
        named = any(word.pos_ == "PROPN" or word.ent_type_ for word in noun_phrase(doer, preps=("of", "from")))
        return "someone" if named else "thing"

    def _aimed_at_an_abstraction(self, verb) -> bool:
        """The verb of violence or threat aims at what is neither someone nor a place or a thing of the world: its object
        ("combat terrorism") or what it is "against" ("fight against poverty") is a common noun WordNet gives no
        kind of named thing (analysis/noun_kinds.py) and that names no one."""
        objects = children(verb, "dobj") + [pobj for prep in children(verb, "prep") if prep.lower_ == "against"
                                            for pobj in children(prep, "pobj")]
        return any(head.pos_ == "NOUN" and not self.arguments.actors(head)
                   and not any(self._names_someone_or_something(word) for word in noun_phrase(head, preps=("of",)))
                   for head in objects)

    def _names_someone_or_something(self, word) -> bool:
        """A word of an object phrase that names people, a group or a thing of the world ("thousands of refugees",
        "the bridge"), not an abstraction ("international terrorism")."""
        if word.i in self.mentions.at or word.pos_ == "PROPN":
            return True
        if word.pos_ != "NOUN":
            return False
        return (noun_kind(lower_lemma(word)) is not None or self.arguments.is_agent_noun(word)
                or lower_lemma(word) in self.patterns.relational_nouns or self.arguments.names_members(word))

    def _doer(self, trigger: Trigger):
        """The doer phrase's head of a verb trigger: its subject or passive agent, a pronoun read as the common
        noun it stands for; or None."""
        verb = trigger.anchor
        doer = passive_agent(verb) if is_passive(verb) else self.arguments.subject(verb)
        if doer is not None and doer.pos_ == "PRON":
            doer = self.arguments.noun_antecedent(doer)  # "as they threaten peace": what "they" stands for
        return doer

    def _done_with_means(self, trigger: Trigger) -> bool:
        """The doer is a means in someone's hands: an instrument ("rockets killed three soldiers") or an act of its own ("the
        attack killed …", an event noun of the sentence)."""
        doer = self._doer(trigger)
        return doer is not None and (lower_lemma(doer) in self.patterns.instrument_nouns or doer.i in self.arguments.noun_triggers)

    def _obligation(self, trigger: Trigger, mood: Modality, code: str, sources: list, targets: list):
        """An act its doer must or should do is the speaker's demand or appeal to that doer ("Israel must
        withdraw", said in a speech); what the speaker must do itself is its intent ("we must help X").
        None when nobody is obliged or nobody speaks."""
        speakers = self.speaker(trigger.anchor)
        speaker_ids = {actor[0] for actor in speakers}
        if not sources or not speakers:
            return None
        if not mood.negated and self.codebook[code].quad_class == 4:
            return None  # "… should be seized by X": nobody demands an attack; a misread "should", no event
        if {actor[0] for actor in sources} <= speaker_ids:
            if mood.negated:
                return None
            if code.startswith(self.patterns.performative_codes):
                # "we must condemn X", "I should like to commend X": a speech act the speaker owes is done by saying it
                return code, sources, targets, False
            intended = self.coder.code(trigger, Modality(False, "future", mood.condition))[0]
            return (intended, sources, targets, False) if intended is not None else None
        if trigger.pattern.intent:  # "X must be ready to mediate": what is asked is the mediation
            governed = self.finder.complement_trigger(trigger.token)
            code = governed[1].code if governed is not None and governed[1].code else code
        obliged = [actor for actor in sources if actor[0] not in speaker_ids]
        if code.startswith(self.patterns.partner_codes) and len(obliged) < 2 and not targets:
            # a meeting with nobody is no meeting asked for ("Israel must come to its senses" is PETRARCH's "come
            # to" a visit): a demand, of no particular kind; "X and Y must meet" asks each to meet the other
            code = ""
        return self.coder.obligation(mood, code), speakers, obliged, False

    def _pairs(self, sources: list, targets: list, code: str) -> list[tuple]:
        """(source, target) pairs of one trigger; nobody acts on itself. Coordinated doers of a reciprocal act
        with no named target act on each other ("X and Y met": CAMEO codes one event each way)."""
        pairs = [(source, target) for source in (sources or [None]) for target in (targets or [None])
                 if source is None or target is None or source[0] != target[0]]
        if not pairs:  # "Russia urged that it …"
            pairs = [(source, None) for source in sources]
        if not targets and len(sources) > 1 and code.startswith(self.patterns.reciprocal_codes):
            pairs = [(source, target) for source in sources for target in sources if source != target]
        return pairs
