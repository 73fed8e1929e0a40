"""Tests of analysis/events.py: the trigger lexicon and codebook files, and sentence → event rules."""

from __future__ import annotations

import re
from datetime import date

import pytest
import spacy
from spacy.tokens import Doc

from analysis import events
from analysis.events import extract_events, load_codebook, load_patterns, quad_class

from event_helpers import ACTORS, codes, mentions_of, model, quads, run  # noqa: F401 (model is a fixture)


# ----------------------------------------------------------------------------- files (no model needed)

def test_codebook_keeps_codes_as_text_with_leading_zeros():
    codebook = load_codebook()
    assert len(codebook) == 312
    assert codebook["054"].root == "05" and codebook["054"].goldstein == 6.0
    assert codebook["0874"].name == "Retreat or surrender militarily"
    assert all(code.isdigit() and code[:2] == entry.root for code, entry in codebook.items())


@pytest.mark.parametrize("root, quad", [("01", 1), ("05", 1), ("06", 2), ("08", 2), ("09", 3), ("13", 3),
                                        ("14", 4), ("20", 4)])
def test_quad_class_of_root(root, quad):
    assert quad_class(root) == quad


def test_quad_class_rejects_a_non_root():
    with pytest.raises(ValueError, match="root='21'"):
        quad_class("21")


def test_patterns_cover_every_root_with_codes_from_the_codebook():
    patterns, codebook = load_patterns(), load_codebook()
    entries = [entry for group in patterns.patterns.values() for entry in group]
    assert len({(entry.lemma, entry.pos) for entry in entries}) >= 300
    codes = {entry.code for entry in entries if entry.code} | {e.negated_code for e in entries if e.negated_code}
    assert codes <= set(codebook)
    assert {code[:2] for code in codes} == {f"{root:02d}" for root in range(1, 21)}
    assert set(patterns.intent_codes.values()) <= set(codebook)


@pytest.mark.parametrize(
    "line, message",
    [
        ('  - {lemma: bless, code: "999"}', "not in the CAMEO codebook"),
        ('  - {lemma: bless, code: "051", colour: red}', "unknown key"),
        ('  - {lemma: bless, code: "051", particle: [on]}', "quote them"),
        ('  - {lemma: bless, code: "051", pos: ADVERB}', "allowed: VERB, NOUN, ADJ"),
    ],
)
def test_bad_pattern_files_fail_with_a_message(tmp_path, line, message):
    text = events.PATTERNS_PATH.read_text(encoding="utf-8") + line + "\n"
    path = tmp_path / "event_patterns.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_patterns(path)


def test_a_doc_without_a_parse_is_refused():
    with pytest.raises(ValueError, match="no dependency parse"):
        extract_events(spacy.blank("en")("Russia recognized Kosovo."), [], [], doc_date=None)


def test_a_bad_doc_precision_is_refused():
    doc = hand_parsed_doc()
    with pytest.raises(ValueError, match="doc_precision='week'"):
        extract_events(doc, [], [], doc_date=None, doc_precision="week")


def hand_parsed_doc():
    """ "Russia did not recognize Kosovo ." parsed by hand, so the rules run without a trained model."""
    words = ["Russia", "did", "not", "recognize", "Kosovo", "."]
    return Doc(spacy.blank("en").vocab, words=words, spaces=[True, True, True, True, False, False],
               pos=["PROPN", "AUX", "PART", "VERB", "PROPN", "PUNCT"], tags=["NNP", "VBD", "RB", "VB", "NNP", "."],
               lemmas=["Russia", "do", "not", "recognize", "Kosovo", "."],
               deps=["nsubj", "aux", "neg", "ROOT", "dobj", "punct"], heads=[3, 3, 3, 3, 3, 3],
               sent_starts=[True, False, False, False, False, False])


def test_rules_run_on_a_hand_parsed_doc():
    doc = hand_parsed_doc()
    mentions = [{"sent_id": 0, "start": 0, "end": 6, "text": "Russia", "label": "GPE", "actor_id": "RUS",
                 "method": "knowledge_base"},
                {"sent_id": 0, "start": 25, "end": 31, "text": "Kosovo", "label": "GPE", "actor_id": "KOS",
                 "method": "knowledge_base"}]
    [row] = extract_events(doc, mentions, [], doc_date=date(2020, 1, 2))
    assert (row["source_id"], row["target_id"], row["cameo_code"], row["negated"]) == ("RUS", "KOS", "054", True)
    assert row["verb"] == "not recognize" and row["trigger_start"] == doc[3].idx
    assert (row["date"], row["date_precision"]) == (date(2020, 1, 2), "day")


# ----------------------------------------------------------------------------- sentences → events

@pytest.mark.parametrize(
    "text, expected",
    [
        # active and passive voice
        ("Germany criticized Iran over its missile program.", ("DEU", "IRN", "11", False)),
        ("Kuwait was invaded by Iraq.", ("IRQ", "KWT", "19", False)),
        ("The Greek government was toppled by Turkey.", ("TUR", "GRC", "17", False)),
        # the actor nearest the head of a phrase
        ("France praised Yemen's Houthi-led administration.", ("FRA", "houthis", "05", False)),
        ("The new Chinese ambassador presented his credentials to President Joe Biden.",
         ("CHN", "joe_biden", "05", False)),
        # nominal events: possessor or demonym is the source, "of"/"on" the target
        ("The Iraqi invasion of Kuwait shocked the region.", ("IRQ", "KWT", "19", False)),
        ("Hamas launched a rocket attack on Israel.", ("hamas", "ISR", "19", False)),
        ("Nobody expected the deadly attack on the Nigerian embassy.", (None, "NGA", "18", False)),
        # purpose infinitives inherit the subject
        ("Iran sent weapons to Yemen to arm the Houthis.", ("IRN", "houthis", "07", False)),
        ("France launched a program to train Malian soldiers.", ("FRA", "MLI", "06", False)),
        # relative clauses and reported speech
        ("Turkey, which recognized Kosovo, criticized Serbia.", ("TUR", "KOS", "05", False)),
        ("Ankara said Washington condemned Tehran.", ("USA", "IRN", "11", False)),
        ("Moscow said Kyiv must withdraw its forces.", ("RUS", "UKR", "10", False)),
        # negation
        ("China did not recognize Kosovo.", ("CHN", "KOS", "05", True)),
        ("Poland did not accept the proposal from Germany.", ("POL", "DEU", "12", False)),
        # CAMEO families the kit relies on
        ("Kyrgyzstan removed the Taliban from its list of banned groups.", ("KGZ", "taliban", "08", False)),
        ("Pakistan accused India of shelling its border posts.", ("PAK", "IND", "11", False)),
        ("The Soviet Union withdrew its troops from Afghanistan.", ("SUN", "AFG", "08", False)),
        ("Iran threatened to close its border with Iraq.", ("IRN", "IRQ", "13", False)),
        ("Japan pledged to send food aid to Nepal.", ("JPN", "NPL", "03", False)),
        ("Kenya urged Somalia to release the hostages.", ("KEN", "SOM", "02", False)),
        ("Hezbollah fighters shelled Lebanon.", ("hezbollah", "LBN", "19", False)),
        ("Canada imposed new sanctions on Cuba.", ("CAN", "CUB", "16", False)),
    ],
)
def test_sentence_gives_event(model, text, expected):
    assert expected in quads(run(model, text))


@pytest.mark.parametrize(
    "text, expected",
    [
        # coordinated actors: one event per actor
        ("Brazil and Argentina will ask Chile to lower its tariffs.",
         {("BRA", "CHL", "02", False), ("ARG", "CHL", "02", False)}),
        ("US and British jets bombed Libya.", {("USA", "LBY", "19", False), ("GBR", "LBY", "19", False)}),
        # a cooperative act between coordinated actors is coded both ways
        ("Japan and South Korea signed a trade agreement.",
         {("JPN", "KOR", "05", False), ("KOR", "JPN", "05", False)}),
    ],
)
def test_coordinated_actors_give_one_event_each(model, text, expected):
    assert expected <= quads(run(model, text))


def test_a_pronoun_subject_is_the_person_named_before(model):
    rows = run(model, "Sergey Lavrov arrived in Ankara on Monday. He met Turkish officials.")
    assert ("sergey_lavrov", "TUR", "04", False) in quads(rows)
    assert {row["sent_id"] for row in rows} == {0, 1}


def test_what_an_appeal_asks_for_is_no_event_of_its_own(model):
    roots = {row["cameo_root"] for row in run(model, "Kenya urged Somalia to release the hostages.")}
    assert roots == {"02"}


def test_rows_agree_with_the_codebook(model):
    codebook = load_codebook()
    text = ("Germany criticized Iran. Kuwait was invaded by Iraq. Japan pledged to send food aid to Nepal. "
            "Canada imposed new sanctions on Cuba. Ankara said Washington condemned Tehran. Chile said the talks failed.")
    rows = run(model, text)
    assert len(rows) >= 5
    for row in rows:
        entry = codebook[row["cameo_code"]]
        assert row["cameo_root"] == entry.root == row["cameo_code"][:2]
        assert row["goldstein"] == entry.goldstein
        assert row["quad_class"] == quad_class(entry.root) and row["quad_class"] in (1, 2, 3, 4)
        assert 0 <= row["trigger_start"] < len(text) and row["text"] in text
        assert isinstance(row["negated"], bool)
        assert set(row) == {"sent_id", "trigger_start", "date", "date_precision", "source_id", "target_id", "verb",
                            "cameo_code", "cameo_root", "quad_class", "goldstein", "negated", "text", "speaker_id"}


def timex(text: str, surface: str, value: date, precision: str) -> dict:
    start = text.index(surface)
    return {"sent_id": 0, "start": start, "end": start + len(surface), "text": surface, "value": value.isoformat(),
            "start_date": value, "end_date": value, "precision": precision}


def test_clause_time_beats_sentence_time_beats_document_date(model):
    text = ("In 2015, Ankara said that Iran attacked Iraq in 2012. "
            "In 2016, Chile said that the talks had failed. "
            "It was in 1994 that Germany recognized Kosovo. "
            "Japan pledged to send food aid to Nepal.")
    timexes = [timex(text, "2015", date(2015, 1, 1), "year"), timex(text, "2012", date(2012, 1, 1), "year"),
               timex(text, "2016", date(2016, 1, 1), "year"), timex(text, "1994", date(1994, 1, 1), "year")]
    rows = run(model, text, timexes, doc_date=date(2020, 5, 17), doc_precision="day")
    dated = {(row["source_id"], row["cameo_root"]): (row["date"], row["date_precision"]) for row in rows}
    assert dated[("IRN", "18")] == (date(2012, 1, 1), "year")      # the clause's own "in 2012"
    assert ("TUR", "01") not in dated                              # the reported attack is coded, not the saying
    assert dated[("CHL", "01")] == (date(2016, 1, 1), "year")      # "In 2016" belongs to "said"
    assert dated[("DEU", "05")] == (date(1994, 1, 1), "year")      # a cleft's time is the clause's
    assert dated[("JPN", "03")] == (date(2020, 5, 17), "day")      # no time expression: the document's date


def test_a_nominal_event_takes_the_time_attached_to_it(model):
    text = "After the Iraqi invasion of Kuwait in 1990, Japan pledged to send food aid to Nepal."
    rows = run(model, text, [timex(text, "1990", date(1990, 1, 1), "year")], doc_date=date(2020, 5, 17))
    dated = {(row["source_id"], row["cameo_root"]): row["date"] for row in rows}
    assert dated[("IRQ", "19")] == date(1990, 1, 1)


def test_no_actor_no_event(model):
    assert run(model, "Officials said the talks went well.") == []


# ----------------------------------------------------------------------------- what an appeal or a demand asks for

@pytest.mark.parametrize(
    "text, expected",
    [
        # an appeal whose content is that the target yield is an appeal to yield (025x), by what it yields
        ("Kenya urged Somalia to pull back its forces.", ("KEN", "SOM", "0256")),
        ("Canada called on Cuba to release the detained journalists.", ("CAN", "CUB", "0253")),
        ("Japan asked China to lift the sanctions.", ("JPN", "CHN", "0254")),
        ("France urged Iran to grant access to the inspectors.", ("FRA", "IRN", "0255")),
        ("Poland urged Hungary to comply with the ruling.", ("POL", "HUN", "025")),
        # asking the target not to yield is no appeal to yield
        ("India urged Pakistan not to lift the ban.", ("IND", "PAK", "020")),
        # a demand that the target yield: 105x
        ("Turkey demanded that Serbia withdraw its forces from Kosovo.", ("TUR", "SRB", "1056")),
    ],
)
def test_what_an_appeal_or_demand_asks_the_target_to_yield_picks_the_code(model, text, expected):
    assert expected in codes(run(model, text))


def test_an_addressee_that_is_no_actor_keeps_the_appeal_from_targeting_what_it_is_about(model):
    rows = run(model, "Germany urged the member states not to recognize the Iranian elections.")
    assert ("DEU", None, "020") in codes(rows) and not any(row["target_id"] == "IRN" for row in rows)


@pytest.mark.parametrize(
    "text, expected",
    [
        # recognizing, designating or branding an actor as a terrorist or an aggressor accuses it
        ("Canada designated Hezbollah as a terrorist organization.", ("CAN", "hezbollah", "1121")),
        ("Poland recognized Hungary as an aggressor.", ("POL", "HUN", "1123")),
        ("Israel branded Hamas a terrorist organization.", ("ISR", "hamas", "1121")),
        # recognizing it as anything else is still recognition
        ("Japan recognized South Korea as a partner.", ("JPN", "KOR", "054")),
    ],
)
def test_recognizing_an_actor_as_a_criminal_is_an_accusation(model, text, expected):
    assert expected in codes(run(model, text))


# ----------------------------------------------------------------------------- targets

@pytest.mark.parametrize(
    "text, expected",
    [
        # an "of" phrase next to a target of the noun's own names the doer
        ("The war of Turkey against Serbia shocked Europe.", ("TUR", "SRB", "19", False)),
        ("The attack of Iran on Kuwait shocked the region.", ("IRN", "KWT", "18", False)),
        # "aggression" is an act; its demonym or "of" phrase is the aggressor
        ("Chinese aggression against India worried Japan.", ("CHN", "IND", "19", False)),
        ("France condemned the aggression of Turkey.", ("FRA", "TUR", "11", False)),
        ("France condemned the aggression of Turkey.", ("TUR", None, "19", False)),
        # a noun made by someone stands for its maker
        ("Canada welcomed the plan drafted by Kenya.", ("CAN", "KEN", "05", False)),
        ("Kenya criticized the decision by Somalia to close the border.", ("KEN", "SOM", "11", False)),
        ("Poland fought troops belonging to the Hungarian army.", ("POL", "HUN", "19", False)),
        # a legal case against an actor is a lawsuit
        ("Canada filed a legal case against Cuba at the court.", ("CAN", "CUB", "11", False)),
        ("The case brought by Canada against Cuba was dismissed.", ("CAN", "CUB", "11", False)),
        # someone else's troops are acted upon through their owner
        ("Poland would never allow German troops on its soil.", ("POL", "DEU", "12", False)),
        # "how could X accept …?" refuses
        ("How could Poland accept German troops on its soil?", ("POL", "DEU", "12", False)),
        ("How could Iran attack Kuwait again?", ("IRN", "KWT", "18", False)),  # … but reports an attack
        # the passive subject of "was forced / urged to …" does what follows
        ("Iran was forced to fight Iraqi troops.", ("IRN", "IRQ", "19", False)),
    ],
)
def test_target_rules(model, text, expected):
    assert expected in quads(run(model, text))


def test_a_proposed_act_is_no_event_of_its_own(model):
    rows = run(model, "The Iraqi proposal to exchange prisoners with Kuwait surprised Iran.")
    assert {row["cameo_root"] for row in rows} == {"03"}


def test_withdrawing_someone_elses_troops_names_no_target(model):
    rows = run(model, "Poland wants to withdraw the German troops.")
    assert not any(row["target_id"] == "DEU" and row["cameo_root"] == "08" for row in rows)


def test_a_span_of_time_in_another_clause_or_a_year_in_a_name_dates_no_event(model):
    text = ("Canada filed a legal case against Cuba at the court, and it hopes that Cuba will stop the abuses "
            "committed since 2012. Japan signed the 2015 Paris Agreement.")
    timexes = [timex(text, "2012", date(2012, 1, 1), "year"), timex(text, "2015", date(2015, 1, 1), "year")]
    rows = run(model, text, timexes, doc_date=date(2020, 5, 17), doc_precision="day")
    dated = {(row["source_id"], row["cameo_root"]): row["date"] for row in rows}
    assert dated[("CAN", "11")] == date(2020, 5, 17)
    assert dated[("JPN", "05")] == date(2020, 5, 17)


def test_a_statement_is_dated_by_its_own_clause_not_by_what_it_is_about(model):
    text = "Chile welcomed the treaty signed by Peru and Bolivia on 3 May 1998."
    rows = run(model, text, [timex(text, "3 May 1998", date(1998, 5, 3), "day")], doc_date=date(2020, 9, 15))
    dated = {(row["source_id"], row["cameo_code"]): row["date"] for row in rows}
    assert dated[("CHL", "051")] == date(2020, 9, 15)   # the welcome is made when the text says it
    assert dated[("PER", "057")] == date(1998, 5, 3)    # the signing has its own date


def test_a_relative_clause_of_happening_dates_the_act_it_follows(model):
    from datetime import date as day

    timexes = []
    doc = model("Kenya formally recognised the new government of Somalia, which took place at a ceremony in Nairobi on 3 May 2024.")
    start = doc.text.index("3 May 2024")
    timexes.append({"start": start, "end": start + len("3 May 2024"), "start_date": day(2024, 5, 3), "precision": "day"})
    rows = run(model, doc.text, timexes=timexes, doc_date=day(2024, 5, 6))
    recognition = [row for row in rows if row["verb"].startswith("recogni")]
    assert recognition and recognition[0]["date"] == day(2024, 5, 3), rows


def test_the_year_of_a_numbered_resolution_dates_no_act(model):
    text = "Cuba finally accepted resolution 435 (1978) on Namibia."
    rows = run(model, text, [timex(text, "1978", date(1978, 1, 1), "year")], doc_date=date(1990, 3, 21))
    assert {row["date"] for row in rows if row["source_id"] == "CUB"} == {date(1990, 3, 21)}


def test_a_date_that_qualifies_another_noun_dates_no_act(model):
    text = "Kenya withdrew its troops from Somalia in line with the cabinet decision of 3 March 1931."
    rows = run(model, text, [timex(text, "3 March 1931", date(1931, 3, 3), "day")], doc_date=date(1992, 6, 1))
    assert {row["date"] for row in rows if row["source_id"] == "KEN"} == {date(1992, 6, 1)}
    text = "Kenya signed the agreement of 3 March 1991 with Somalia."  # the object's date is the signing's
    rows = run(model, text, [timex(text, "3 March 1991", date(1991, 3, 3), "day")], doc_date=date(1992, 6, 1))
    assert {row["date"] for row in rows if row["source_id"] == "KEN"} == {date(1991, 3, 3)}


@pytest.mark.parametrize("text", [
    "During the war imposed on us by Iraq, we lost thousands of our young people.",
    "In the years after the invasion of Kuwait by Iraq, the region suffered.",
    # each temporal preposition
    "Since the invasion of Kuwait by Iraq, the region has suffered.",
    "Before the invasion of Kuwait by Iraq, the region was calm.",
    "Until the invasion of Kuwait by Iraq, the region was calm.",
    "Following the invasion of Kuwait by Iraq, prices rose.",
    "Throughout the occupation of Kuwait by Iraq, the people resisted.",
])
def test_a_nominal_act_that_tells_the_time_of_another_is_not_dated_by_the_document(model, text):
    # a recollection: the speech of 2018 does not date the war or the invasion it names as a time
    rows = [row for row in run(model, text, doc_date=date(2018, 9, 20)) if row["cameo_root"] == "19"]
    assert rows and all(row["date"] is None and row["date_precision"] == "unknown" for row in rows), rows


def test_a_nominal_act_told_as_news_keeps_the_documents_date(model):
    rows = [row for row in run(model, "The invasion of Kuwait by Iraq shocked the region.", doc_date=date(2018, 9, 20))
            if row["cameo_root"] == "19"]
    assert rows and all(row["date"] == date(2018, 9, 20) for row in rows), rows
