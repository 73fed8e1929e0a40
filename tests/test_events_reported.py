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
