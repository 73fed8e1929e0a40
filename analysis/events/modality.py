"""Negation and modality of a trigger: whether its act is denied, and whether it is done, intended, required or
only imagined.

Negation reaches a verb through its own markers ("not", "never", "no"), a negative subject ("no State has …") or
object ("accepts no alternatives"; "left no doubt" affirms), "without" on a gerund ("without attacking"),
a negative circumstance ("at no time", "in no way", "under no circumstances"), a "nor"/"neither" coordination
("has not sought, nor is it seeking, …"), a governing verb that denies what it governs ("failed to",
"refrained from"; denied itself, it affirms: "did not hesitate to") or is itself negated ("did not manage
to"), a denial of the clause ("X denied that it had shelled …", "denied shelling …", "rejected allegations
that its police had attacked …": `denial_verbs`, directly or through one of the `report_nouns`), and a
negated verb of belief ("we do not believe that X is willing …": `belief_verbs`).

Modality (`mood`), from the clause the trigger heads (`settings.modality` of event_patterns.yaml lists the words):
    asserted     done or doing: an event
    future       "will", "shall", "is going to", a "would" of reported speech, an infinitive on a noun of intent
                 ("X has the intention to attack"; "no intention", "feigned readiness" deny it), an infinitive
                 of purpose on a done deed ("sent troops to the border to attack X", "in order to invade X";
                 the events module keeps as done a purpose that a deed of its own kind accomplishes, "sent
                 weapons to arm X"): an intent (03x), a threat (13x)
    obligation   "must", "should", "ought to", "has to": a demand or an appeal by the speaker to the doer
    unreal       no event: questions, counterfactuals ("would have declared", "would condemn X if it had …"), possibilities ("may", "might",
                 "could"), abilities ("can help"; "cannot accept" refuses), the condition of a conditional ("if X
                 attacks, …", "if X is willing to attack", "as soon as X has withdrawn", "once X withdraws",
                 "in the event that …"), a nominal act that may come or is kept from coming ("the risk of war
                 between X and Y", "prevent an attack on X": `possibility_nouns`, `preventing_verbs`),
                 an act a clause of time awaits in the present ("will not rest until X releases the hostages"),
                 a courtesy formula itself ("allow me to …", whose framed act is done, as is one a speaker says
                 they would like to say: "I would like to thank X"),
                 an infinitive hung on a noun ("the right to self-determination", "a chance to reach an
                 understanding"), what such a verb governs ("could have announced that X intended …"), acts
                 asked for by a word of demand ("require that X withdraw", "we want X to withdraw", "peace
                 requires the withdrawal of X": `demand_words`, `requirement_nouns`), a nominal act something
                 is to rest on ("a settlement based on the withdrawal of X", "on the basis of …":
                 `grounding_words`, `basis_nouns`) or set beside a condition or a demanded thing ("three
                 conditions: the withdrawal of X, …"), and the later conjuncts of any of these, what a deed
                 still to come is to make another do ("sanctions to force X to withdraw", "to make X comply")
`condition` is the conjunction of a condition clause attached to the trigger ("unless", "if"): a future act
"unless …" is a threat. Which clauses are conditions, and which conditions are unreal: analysis/events/conditions.py;
whether a nominal act is done (asked for, sought, averted, still to come): analysis/events/nominal_mood.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from analysis.events.conditions import condition_of, has_unreal_condition, in_condition, in_inverted_condition, is_awaited
from analysis.events.syntax import AFFIRMING_NOUNS, children, is_infinitive, is_to_infinitive, lower_lemma, verb_forms

NEGATIONS = frozenset({"not", "n't", "never", "no"})
MOODS = ("asserted", "future", "obligation", "unreal")


@dataclass(frozen=True)
class Modality:
    negated: bool
    mood: str
    condition: str | None = None
    obligation: str | None = None  # the modal word of an obligation ("must", "should")
    # the done deed whose purpose the act is ("sent troops to attack X": "sent"), for a "future" read from it
    deed: object = field(default=None, compare=False)


ADDITIVE_FOCUS = frozenset({"only", "just", "merely"})


def _marks_negation(child) -> bool:
    """A negation marker, but not the "not" of "not only … but": "Not only did X refuse …" affirms the refusal."""
    if child.lower_ == "not" and child.i + 1 < len(child.doc) and child.doc[child.i + 1].lower_ in ADDITIVE_FOCUS:
        return False
    return child.dep_ == "neg" or (child.dep_ in ("det", "advmod", "preconj") and child.lower_ in NEGATIONS)


def names_any(noun) -> bool:
    """ "any attack by X", "whatever agreement", "any agreement signed by X": an act that may never be."""
    return any(child.dep_ == "det" and child.lower_ in ("any", "whatever") for child in noun.children)


def _negative_circumstance(token) -> bool:
    """ "at no time will …", "in no way", "under no circumstances", "on no account", "by no means"."""
    return any(child.dep_ == "prep" and any(
        pobj.dep_ == "pobj" and any(det.dep_ == "det" and det.lower_ == "no" for det in pobj.children)
        for pobj in child.children) for child in token.children)


def _negative_subject(token) -> bool:
    """ "No State has recognized …", "none of them", "nobody", "nothing"."""
    for subject in children(token, "nsubj", "nsubjpass"):
        if subject.lower_ in ("none", "nobody", "nothing", "neither", "no-one", "noone"):
            return True
        if subject.lower_ in AFFIRMING_NOUNS:
            continue
        if any(child.dep_ == "det" and child.lower_ in ("no", "neither") for child in subject.children):
            return True
    return False


def own_negation(token) -> bool:
    """Negated by markers on the token itself (the old narrow test, kept for nouns and copulas), or the first
    conjunct of "neither … nor …" ("can neither accept nor condone such threats")."""
    return any(_marks_negation(child) for child in token.children) or _heads_neither_nor(token)


def _heads_neither_nor(token) -> bool:
    own = [child.lower_ for child in token.children if child.dep_ in ("preconj", "cc")]
    return "neither" in own and "nor" in own


def _negative_object(token) -> bool:
    """ "accepts no alternatives", "will permit no interference": an act on nothing is not done ("leaves no
    doubt" affirms)."""
    return token.pos_ in ("VERB", "AUX") and any(
        obj.lower_ not in AFFIRMING_NOUNS and any(child.dep_ == "det" and child.lower_ == "no" for child in obj.children)
        for obj in children(token, "dobj"))


def is_without(token) -> bool:
    """A gerund after "without": "withdrew without attacking X" (not done; nor refused)."""
    return token.dep_ == "pcomp" and token.head.lower_ == "without"


def is_negated(token, *, negative_governors: frozenset[str] = frozenset(), depth: int = 0) -> bool:
    if own_negation(token) or _negative_circumstance(token) or _negative_subject(token) or _negative_object(token):
        return True
    if depth > 3:
        return False
    if token.dep_ == "conj":
        # "has not sought, nor is it seeking": the conjunct after "nor" shares the denial
        if any(child.dep_ == "cc" and child.lower_ in ("nor", "neither") for child in token.children) or any(
                child.dep_ == "cc" and child.lower_ == "nor" and child.i < token.i for child in token.head.children):
            return True
        if any(child.dep_ == "preconj" and child.lower_ == "neither" for child in token.head.children):
            return True
    if is_without(token):
        return True  # "withdrew without attacking X", "without renouncing a single principle"
    if token.dep_ in ("xcomp", "pcomp") or (token.dep_ == "advcl" and is_infinitive(token)):
        governor = token.head.head if token.dep_ == "pcomp" else token.head
        if lower_lemma(governor) in negative_governors:
            # "failed to deliver", "refrained from attacking"; a denied denial affirms: "did not hesitate to use"
            return not own_negation(governor)
        if token.dep_ == "xcomp" and governor.pos_ in ("VERB", "AUX") and is_negated(
                governor, negative_governors=negative_governors, depth=depth + 1):
            return True  # "did not manage to …", "has never tried to …"
    return False


def is_denied(verb, *, denial_verbs: frozenset[str], report_nouns: frozenset[str],
              belief_verbs: frozenset[str] = frozenset()) -> bool:
    """The clause is what a denial verb rejects: its clausal or gerund complement ("denied that it had shelled",
    "denied shelling"), or the complement of a noun of report that the verb rejects ("dismissed reports that its
    troops had crossed", "rejected the allegation that …"). A relative clause ("the reports that were
    published") tells of the noun, not what it reports, and a negated denial ("did not deny") denies nothing.
    A negated verb of belief denies its clause, as English raises the negation of "think" and "believe" ("we do
    not believe that X is willing to negotiate" says X is not; "no one believes that X has withdrawn")."""
    head = verb.head
    if head is verb:
        return False
    if verb.dep_ == "ccomp" and head.pos_ in ("VERB", "AUX") and lower_lemma(head) in belief_verbs:
        return own_negation(head) or _negative_subject(head)
    complement = verb.dep_ == "ccomp" or (verb.tag_ == "VBG" and verb.dep_ in ("xcomp", "dobj"))
    if complement and head.pos_ == "VERB" and lower_lemma(head) in denial_verbs:
        return not own_negation(head)
    if verb.dep_ in ("acl", "ccomp") and head.pos_ == "NOUN" and lower_lemma(head) in report_nouns and head.dep_ == "dobj":
        if any(child.dep_ in ("nsubj", "nsubjpass") and child.tag_ in ("WDT", "WP") for child in verb.children):
            return False  # "reports that were published": a relative clause
        denier = head.head
        return denier.pos_ == "VERB" and lower_lemma(denier) in denial_verbs and not own_negation(denier)
    return False


def ends_with_question_mark(sentence) -> bool:
    """Whether a sentence (a Span) is a question: its last token that is not a quote or a space is "?"."""
    for token in reversed(sentence):
        if not (token.is_space or token.is_quote or token.text in (")", "]")):
            return token.text == "?"
    return False


def _in_question(verb) -> bool:
    """Whether the verb's sentence ends with a question mark, read forward from the verb to the sentence end
    (cheaper than `Token.sent`, which walks the whole sentence)."""
    doc = verb.doc
    for index in range(verb.i, len(doc)):
        token = doc[index]
        if index > verb.i and token.is_sent_start:
            break
        last = token
    return ends_with_question_mark(doc[verb.i : last.i + 1])


def is_rhetorical(verb, *, question: bool | None = None) -> bool:
    """ "How can we allow …?": a question of this form denies the act it names."""
    if not (any(child.dep_ == "advmod" and child.lower_ == "how" for child in verb.children)
            and any(child.dep_ == "aux" and child.lower_ in ("can", "could") for child in verb.children)):
        return False
    return _in_question(verb) if question is None else question


def has_modal(token, modals) -> bool:
    return any(child.lower_ in modals for child in children(token, "aux"))


def _clause_verb(token):
    """The verb whose auxiliaries and clause carry the token's modality: the token itself, or for an
    adjective or noun the copula or light verb above it."""
    if token.pos_ in ("VERB", "AUX"):
        return token
    head = token.head
    return head if head.pos_ in ("VERB", "AUX") else token


def _is_question(verb) -> bool:
    """A question that asserts nothing: a yes/no question ("Does X agree to …?", "Will X withdraw?": an
    auxiliary before the subject), or one whose subject asks who of a judgement or of what is yet to be
    done ("Who is responsible for …?", "Which State will recognize …?"), in a sentence ending with a
    question mark. Rhetorical "how can we …?" questions are negations, not this."""
    judgement = verb.pos_ == "ADJ" and verb.dep_ == "acomp"
    if judgement:
        verb = verb.head  # "Is X responsible for …?": the copula asks
    subjects = children(verb, "nsubj", "nsubjpass", "expl")
    auxiliaries = children(verb, "aux", "auxpass")
    if subjects and _asks_who(subjects[0]) and (judgement or auxiliaries or lower_lemma(verb) == "be"):
        # "Who is responsible for …?", "Which State will recognize …?": nobody is named, nothing is done yet;
        # "Who attacked X?" still tells of an attack
        return _in_question(verb)
    if not (subjects and auxiliaries and auxiliaries[0].i < subjects[0].i):
        return False
    return _in_question(verb) and not is_rhetorical(verb, question=True)


def _asks_who(subject) -> bool:
    """A subject that asks who: "who", "what", or a noun with "which"/"what" ("which country")."""
    return subject.tag_ in ("WP", "WDT") or any(child.tag_ == "WDT" and child.dep_ == "det" for child in subject.children)



def _demanded_clause(verb, settings: Mapping[str, frozenset[str]]) -> bool:
    """A clause asked for by a word of demand: in the mandative subjunctive ("… require that X withdraw": the
    base form after a third-person subject) or in the infinitive ("we want X to withdraw", "we need the United
    Nations to help us"), or in the future ("we hope that the treaty will be ratified"). "X needs to withdraw",
    with no one else asked, is an obligation (see `_own_modality`)."""
    governor = verb.head
    # by every reading of the word: the lemmatizer makes "hopes" "hop"
    if verb.dep_ not in ("ccomp", "xcomp") or not set(verb_forms(governor)) & settings["demand_words"]:
        return False
    if is_infinitive(verb):
        asked = children(governor, "dobj") or children(verb, "nsubj")
        return lower_lemma(governor) not in settings["obligation_verbs"] or bool(asked)
    if verb.dep_ == "ccomp" and {child.lower_ for child in children(verb, "aux")} & settings["future_modals"]:
        return True  # "hopes that the ratification will not be delayed": hoped for, not yet done
    return verb.dep_ == "ccomp" and verb.tag_ == "VB" and not children(verb, "aux")


def _result_sought(verb) -> bool:
    """A clause of purpose: "bring pressure to bear on X so that it will renounce …", "… so that Y may return":
    the result the main clause seeks, not done."""
    marks = {child.lower_ for child in verb.children if child.dep_ in ("mark", "advmod") and child.i < verb.i}
    return verb.dep_ == "advcl" and {"so", "that"} <= marks


def _hortative(verb) -> bool:
    """ "Let us reach agreement", "let us help X": an imperative "let" whose clause has "us" for its subject."""
    head = verb.head
    return (head.i != verb.i and lower_lemma(head) == "let" and not children(head, "nsubj")
            and any(subject.lower_ == "us" for subject in children(verb, "nsubj")))


def is_own_aside(verb) -> bool:
    """ "As I said earlier, …", "as we have stated many times": a speaker pointing at its own words in an "as"
    clause with nothing said in it; what it says is the clause it stands beside."""
    return (verb.dep_ == "advcl" and any(mark.lower_ == "as" for mark in children(verb, "mark"))
            and not children(verb, "dobj", "ccomp", "xcomp")
            and any(subject.lower_ in ("i", "we") for subject in children(verb, "nsubj")))


def is_courtesy(verb, words: frozenset[str]) -> bool:
    """ "Allow me to congratulate …", "permit me to express …": a speaker's courtesy formula,
    an imperative of permission whose object is the speaker; no one is asked to allow anything."""
    # a subject before a comma is the one addressed: "Mr. President, allow me …" (which the tagger then reads as
    # a present tense, VBP, rather than an imperative)
    addressed = verb.i > 0 and verb.doc[verb.i - 1].text == ","
    subjects = [subject for subject in children(verb, "nsubj") if not addressed]
    imperative = verb.tag_ == "VB" or (verb.tag_ == "VBP" and addressed)
    if lower_lemma(verb) not in words or not imperative or subjects or children(verb, "aux"):
        return False
    speakers = children(verb, "dobj") + [subject for clause in children(verb, "ccomp") for subject in children(clause, "nsubj")]
    return any(word.lower_ in ("me", "us") for word in speakers)


def performative_frame(verb, frames: frozenset[str], is_speaker=lambda subject: False) -> bool:
    """ "I would like to thank X", "we wish to express …", "my delegation would like to pay tribute to …": the
    speaker's own frame of an act done by saying it, whose "would" is politeness, not an act to come (the caller
    checks that the act is one done by saying). `is_speaker(subject)` tells a subject naming the speaker in the
    third person ("Uganda wishes to congratulate …" in Uganda's speech)."""
    head = verb.head
    return (verb.dep_ == "xcomp" and is_to_infinitive(verb) and lower_lemma(head) in frames and not is_negated(head)
            and any(_first_person(subject) or is_speaker(subject) for subject in children(head, "nsubj")))


def _first_person(subject) -> bool:
    """ "I", "we", or a noun a first-person possessive owns ("my delegation", "our Government")."""
    return subject.lower_ in ("i", "we") or any(
        child.dep_ == "poss" and child.lower_ in ("my", "our") for child in subject.children)


def purpose_of(verb):
    """The verb whose purpose `verb` states, or None: an infinitive of its own hung on a verb ("sent troops to
    attack X"; not a gerund, "attacked X, killing …") or "in order to", "so as to"."""
    if not is_to_infinitive(verb) or children(verb, "nsubj"):
        return None
    if verb.dep_ == "advcl" and verb.head.pos_ in ("VERB", "AUX"):
        return verb.head
    noun = verb.head
    if verb.dep_ == "acl" and noun.lower_ == "order" and noun.dep_ == "pobj" and noun.head.lower_ == "in" \
            and noun.head.head.pos_ in ("VERB", "AUX"):
        return noun.head.head
    return None


def _noun_infinitive(verb, carriers: frozenset[str], is_light) -> bool:
    """ "the right to self-determination", "a chance to reach …": an infinitive hung on a noun names a
    possibility, unless a light verb carries the noun ("launched a programme to train …")."""
    if not (verb.dep_ == "acl" and is_infinitive(verb) and verb.head.pos_ in ("NOUN", "PROPN")) or purpose_of(verb):
        return False
    noun = verb.head
    if noun.dep_ == "dobj" and is_light(noun.head):
        return False
    return lower_lemma(noun) not in carriers


def modality(token, *, settings: Mapping[str, frozenset[str]], is_light, depth: int = 0) -> Modality:
    """The negation and mood of the trigger whose clause verb (or light verb) is `token`. A verb with no mood
    of its own takes the mood of the verb it continues ("must allocate resources to help" is no help yet;
    "will meet X and sign a treaty" announces both)."""
    own = _own_modality(token, settings=settings, is_light=is_light)
    verb = _clause_verb(token)
    if verb.head.i != verb.i and is_courtesy(verb.head, settings["courtesy_verbs"]):
        return own  # "allow me to congratulate X" congratulates X
    purpose = purpose_of(verb)
    if own.mood == "asserted" and purpose is not None and depth <= 3:
        # "sent troops to the border to attack X", "in order to invade X": the act is what the deed is for, not
        # done; intended when the deed is done, else as the deed is ("must exert pressure to make X comply")
        governing = modality(purpose, settings=settings, is_light=is_light, depth=depth + 1)
        if governing.mood == "asserted":
            return Modality(own.negated or governing.negated, "future", own.condition or governing.condition, deed=purpose)
        return Modality(own.negated or governing.negated, governing.mood, own.condition or governing.condition,
                        governing.obligation)
    if own.mood == "asserted" and verb.dep_ == "ccomp" and verb.head.pos_ in ("VERB", "AUX") and depth <= 3:
        # what a verb only imagined would have said is not said: "he could have announced that X intended …"
        governing = _own_modality(verb.head, settings=settings, is_light=is_light)
        if governing.mood == "unreal" and not governing.negated:
            return Modality(own.negated, "unreal", own.condition)
        if verb.tag_ == "VB" and not children(verb, "aux") and not children(verb, "mark") \
                and modality(verb.head, settings=settings, is_light=is_light, depth=depth + 1).mood != "asserted":
            return Modality(own.negated, "unreal", own.condition)  # "… to make X comply": what a cause not yet done would bring
    # a means or a manner clause shares the mood of what it serves: "Israel must implement resolution 425 by
    # withdrawing", "must prove its seriousness, ensuring its withdrawal"
    means = verb.tag_ == "VBG" and (verb.dep_ == "advcl" or (
        verb.dep_ == "pcomp" and verb.head.lower_ == "by" and verb.head.head.pos_ in ("VERB", "AUX")))
    continues = verb.dep_ in ("xcomp", "conj") or (verb.dep_ == "advcl" and is_infinitive(verb)) or means
    governor = verb.head.head if verb.dep_ == "pcomp" else verb.head
    if own.mood != "asserted" or not continues or depth > 3 or governor.pos_ not in ("VERB", "AUX", "ADJ"):
        return own
    governing = modality(governor, settings=settings, is_light=is_light, depth=depth + 1)
    if governing.mood == "asserted":
        return own
    if governing.mood == "future" and verb.dep_ == "xcomp" and children(verb.head, "dobj"):
        # "(sanctions) to force X to withdraw", "will compel X to pay": what another is to be made to do is not
        # the doer's intent, nor yet done
        return Modality(own.negated, "unreal", own.condition)
    return Modality(own.negated, governing.mood, own.condition or governing.condition, governing.obligation)


def _own_modality(token, *, settings: Mapping[str, frozenset[str]], is_light) -> Modality:
    verb = _clause_verb(token)
    negated = is_negated(verb, negative_governors=settings["negative_governors"]) or (
        verb is not token and own_negation(token)) or is_denied(
        verb, denial_verbs=settings["denial_verbs"], report_nouns=settings["report_nouns"],
        belief_verbs=settings["belief_verbs"])
    condition = condition_of(verb, settings["conditions"])
    if is_rhetorical(verb):
        return Modality(negated, "asserted", condition)  # "how could X attack …?" tells of an attack
    auxiliaries = {child.lower_ for child in children(verb, "aux")}
    if is_courtesy(verb, settings["courtesy_verbs"]):
        return Modality(negated, "unreal", condition)  # "allow me to …" allows nothing
    if _hortative(verb):
        return Modality(negated, "future", condition)  # "let us reach agreement": proposed, the speaker's intent
    if verb.dep_ == "acl" and names_any(verb.head):
        return Modality(negated, "unreal", condition)  # "any agreement signed by X and Y": one that may never be
    if (_is_question(verb) or in_condition(verb, settings["conditions"]) or in_inverted_condition(verb)
            or _demanded_clause(verb, settings) or _result_sought(verb)
            or is_awaited(verb, settings["awaiting_conjunctions"])
            or (auxiliaries & settings["counterfactual_modals"] and "have" in auxiliaries and verb.tag_ == "VBN")
            or (auxiliaries & settings["counterfactual_modals"] and has_unreal_condition(verb))
            or auxiliaries & settings["possibility_modals"]
            or (auxiliaries & settings["ability_modals"] and not negated)
            or _noun_infinitive(verb, settings["intent_nouns"], is_light)):
        return Modality(negated, "unreal", condition)
    if verb.dep_ == "acl" and is_infinitive(verb) and lower_lemma(verb.head) in settings["intent_nouns"]:
        # "X has the intention to launch an attack": intended, not done; "no intention", "neither the need nor
        # the intention" deny it
        noun = verb.head
        denied = own_negation(noun) or (noun.dep_ == "conj" and own_negation(noun.head)) or _negative_subject(noun.head)
        # "feigning readiness to comply": a governor that denies what it governs denies the intent
        denied = denied or (noun.dep_ == "dobj" and lower_lemma(noun.head) in settings["negative_governors"])
        return Modality(negated or denied, "future", condition)
    obligation = auxiliaries & settings["obligation_modals"]
    if obligation:
        return Modality(negated, "obligation", condition, obligation=min(obligation))
    governor = lower_lemma(verb.head)
    if verb.dep_ == "xcomp" and is_infinitive(verb) and governor in settings["obligation_verbs"] | settings["obligation_adjectives"]:
        # "has to", "needs to" (their own obligation entries); "is liable to compensate X" binds as "must" does
        return Modality(negated, "obligation", condition,
                        obligation=governor if governor in settings["obligation_verbs"] else "must")
    if auxiliaries & settings["future_modals"] or _going_to(verb):
        return Modality(negated, "future", condition)
    return Modality(negated, "asserted", condition)


def _going_to(verb) -> bool:
    """ "X is going to withdraw"."""
    head = verb.head
    return (verb.dep_ == "xcomp" and is_infinitive(verb) and head.lower_ == "going"
            and any(child.lower_ in ("is", "are", "am", "'s", "'re", "was", "were") for child in children(head, "aux")))
