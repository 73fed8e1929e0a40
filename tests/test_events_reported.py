"""Tests of reported speech in analysis/events/document.py: the reported act is coded with its own doer, the
statement only when it reports no act, and the reporter speaks the reported clause. Sentences written for
these tests."""

from __future__ import annotations

from event_helpers import codes, model, quads, run  # noqa: F401 (model is a fixture)


def test_the_reported_act_is_coded_not_the_saying(model):
    rows = run(model, "Iraqi forces shelled Kuwait, the embassy said.")
    assert ("IRQ", "KWT", "19", False) in quads(rows)
    assert not any(row["cameo_root"] == "01" for row in rows)


def test_a_statement_that_reports_no_act_is_a_statement(model):
    assert ("CHL", None, "01", False) in quads(run(model, "Chile said the talks had failed."))


def test_the_reporter_is_the_speaker_of_a_quotation(model):
    rows = run(model, '"We will never recognize the junta," the Brazilian minister said.')
    assert ("BRA", None, "12", False) in quads(rows)  # a refusal, by the minister's side


def test_first_person_in_reported_speech_is_the_reporter(model):
    rows = run(model, "The Indian delegation said that we would oppose any attempt by Pakistan to annex Kashmir.")
    assert ("IND", "PAK", "11", False) in quads(rows)
    assert not any(row["source_id"] is None for row in rows)


def test_an_obligation_in_reported_speech_is_the_reporters_demand(model):
    rows = run(model, "Jordan said that Syria must release the prisoners.", author_id="GHA")
    assert ("JOR", "SYR", "1053") in codes(rows)  # the reporter's demand, not the author's
    assert not any(row["source_id"] == "GHA" for row in rows)


def test_reporters_that_report_each_other_are_resolved_once():
    # "We help Chad, I said, I say." parsed by hand with both statements hung on "help": each "I" is inside
    # the other's report, a circle that real parses make of parenthetical "as I said … I must say".
    import spacy
    from spacy.tokens import Doc

    from analysis.events import extract_events

    words = ["We", "help", "Chad", ",", "I", "said", ",", "I", "say", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=[True, True, False, True, True, False, True, True, False, False],
              heads=[1, 1, 1, 1, 5, 1, 1, 8, 1, 1],
              deps=["nsubj", "ROOT", "dobj", "punct", "nsubj", "parataxis", "punct", "nsubj", "parataxis", "punct"],
              tags=["PRP", "VBP", "NNP", ",", "PRP", "VBD", ",", "PRP", "VBP", "."],
              pos=["PRON", "VERB", "PROPN", "PUNCT", "PRON", "VERB", "PUNCT", "PRON", "VERB", "PUNCT"],
              lemmas=["we", "help", "Chad", ",", "I", "say", ",", "I", "say", "."],
              sent_starts=[True] + [False] * 9)
    mentions = [{"sent_id": 0, "start": 8, "end": 12, "text": "Chad", "label": "GPE", "actor_id": "TCD", "method": "knowledge_base"},
                {"sent_id": 0, "start": 0, "end": 2, "text": "We", "label": "SPEAKER", "actor_id": "IND", "method": "speaker"}]
    rows = extract_events(doc, mentions, [], doc_date=None, author_id="IND")  # before: RecursionError
    assert {(row["source_id"], row["target_id"]) for row in rows} <= {("IND", "TCD"), (None, "TCD")}
    assert rows


def test_we_inside_a_quotation_is_the_quoted_speakers(model):
    # a quotation a colon introduces is said by the subject before the colon, not by the document's author
    rows = run(model, 'Kenya took a clear position: "We shall never recognize Somalia."', author_id="MOZ")
    assert [(row["source_id"], row["target_id"], row["cameo_root"], row["speaker_id"]) for row in rows] == [
        ("KEN", "SOM", "12", "KEN")], codes(rows)
    # the author quoting itself stays the author
    rows = run(model, 'As I said last year: "We will always support Kenya."', author_id="MOZ")
    assert ("MOZ", "KEN") in {(row["source_id"], row["target_id"]) for row in rows}, codes(rows)


def test_say_for_instance_is_no_statement(model):
    # "say" as "for instance": no speaker, no statement (the parser makes the examples its subjects)
    text = "A few countries, say Norway and Chile, or Peru and Mali, and a country from Asia could form the group."
    assert not any(row["cameo_code"] == "010" for row in run(model, text))


def test_a_statement_with_no_speaker_is_no_event(model):
    text = ("Two small countries of Asia, say Nepal and Bhutan, or Laos and Mongolia, a country of Africa, and a country "
            "from the American continent could form the committee.")
    assert not any(row["cameo_code"] == "010" for row in run(model, text))


def test_a_quotation_whose_introducing_clause_speaks_in_the_first_person_resolves(model):
    # the colon's clause has "our people" for its speaker: finding who speaks the quotation must not ask itself again
    text = ("As the head of the Political Department of the Agency in Nairobi, it fell to my lot to address a huge "
            "demonstration there of our people and to appeal to the farmers in Kenya and in the neighbouring countries: "
            "“Our hand is offered to you in peace and friendship”")
    assert isinstance(run(model, text, author_id="ISR"), list)
