"""The folder build (analysis/build.py), the CLI (analysis/cli.py) and `extract_text`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis import store, tables
from analysis.build import build
from conftest import ROOT, SEED

SPEECH = (
    "Mr. President, my delegation congratulates you on your election. We in Ukraine have always "
    "supported the United Nations. Our country will work with the Russian Federation and with every "
    "neighbour to strengthen peace in Europe."
)


def run_cli(*arguments: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *arguments], cwd=cwd, capture_output=True, text=True, timeout=600)


def sorted_table(table: pd.DataFrame) -> pd.DataFrame:
    keys = [column for column in table.columns if table[column].dtype != object]
    return table.sort_values(keys).reset_index(drop=True) if len(table) else table


@pytest.fixture()
def small_corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "Session 69 - 2014").mkdir(parents=True)
    shutil.copy(SEED, folder / SEED.name)
    (folder / "Session 69 - 2014" / "UKR_69_2014.txt").write_text(SPEECH, encoding="utf-8")
    (folder / "note.md").write_text("---\ntitle: A note\ndate: 2024-03-05\nauthor: Jane Roe\n---\nThe Kremlin met NATO envoys in Brussels.\n", encoding="utf-8")
    return folder


def test_build_writes_every_table_with_its_columns(small_corpus, tmp_path, nlp):
    out = tmp_path / "data"
    report = build(small_corpus, out, workers=1, progress=False)
    assert (report.documents, report.processed, report.reused) == (3, 3, 0)
    generation = store.current(out)
    for name in tables.TABLE_NAMES:
        assert generation.table_path(name).exists()
    manifest = generation.manifest
    assert manifest["corpus"] == str(small_corpus.resolve()) and manifest["kit_version"] == analysis.__version__
    assert manifest["tables"]["documents"]["rows"] == 3 and manifest["options"]["period"] == "year"
    assert not list(out.glob("*.parquet"))  # the tables live in the generation, not beside it
    loaded = analysis.load_tables(out)
    speech = loaded.documents[loaded.documents["path"].str.endswith("UKR_69_2014.txt")].iloc[0]
    assert speech["author_id"] == "UKR" and speech["date"] == pd.Timestamp("2014-01-01") and speech["date_precision"] == "year"
    speaker = loaded.mentions[(loaded.mentions["doc_id"] == speech["doc_id"]) & (loaded.mentions["method"] == "speaker")]
    assert set(speaker["actor_id"]) == {"UKR"} and len(speaker) >= 2
    ukraine = loaded.actors.set_index("actor_id").loc["UKR"]
    assert ukraine["name"] == "Ukraine" and ukraine["n_docs"] == 1


def test_unchanged_documents_are_not_processed_again(small_corpus, tmp_path, nlp):
    out = tmp_path / "data"
    build(small_corpus, out, workers=1, progress=False)
    first = analysis.load_tables(out)
    again = build(small_corpus, out, workers=1, progress=False)
    assert (again.processed, again.reused) == (0, 3)
    second = analysis.load_tables(out)
    for name, table in first.items():
        pd.testing.assert_frame_equal(sorted_table(table), sorted_table(second[name]), obj=name)
    (small_corpus / "note.md").write_text("---\ntitle: A note\n---\nThe White House met NATO envoys.\n", encoding="utf-8")
    changed = build(small_corpus, out, workers=1, progress=False)
    assert (changed.processed, changed.reused) == (1, 2)
    assert "USA" in set(analysis.load_tables(out).mentions["actor_id"])


def test_parallel_build_equals_serial_build(small_corpus, tmp_path, nlp):
    build(small_corpus, tmp_path / "serial", workers=1, progress=False)
    build(small_corpus, tmp_path / "parallel", workers=2, progress=False)
    serial, parallel = analysis.load_tables(tmp_path / "serial"), analysis.load_tables(tmp_path / "parallel")
    for name, table in serial.items():
        pd.testing.assert_frame_equal(table, parallel[name], obj=name)


def hostile_folder(folder: Path) -> set[str]:
    """The foundation issue's folder of bad inputs; returns the names of the files that a build must account for."""
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.txt").write_bytes(os.urandom(4096))
    (folder / "latin1.txt").write_bytes("Le président a visité Genève et Zürich.".encode("latin-1"))
    (folder / "bom.txt").write_bytes("\ufeffThe Kremlin answered Kyiv.".encode("utf-8"))
    (folder / "nul.txt").write_bytes(b"NATO met\x00 in Brussels\x00.")
    (folder / "long_line.txt").write_bytes(b"word " * 1_000_000)
    (folder / "bad_front_matter.md").write_text("---\ntitle: [unclosed\ndate: : :\n---\nThe body survives.\n", encoding="utf-8")
    (folder / "future.md").write_text("---\ntitle: Tomorrow\ndate: 2999-01-01\n---\nA text from the future.\n", encoding="utf-8")
    (folder / "duplicate.txt").write_bytes((folder / "seed.txt").read_bytes())
    (folder / "page.html").write_text("<html><head><title>Page</title><script>alert('owned')</script></head><body><p>Iran answered.</p></body></html>", encoding="utf-8")
    os.symlink("loop", folder / "loop")
    return {path.name for path in folder.iterdir()}


def test_cli_builds_a_hostile_folder_with_exit_0_and_accounts_for_every_file(tmp_path, nlp):
    names = hostile_folder(tmp_path / "hostile")
    result = run_cli("build", str(tmp_path / "hostile"), "--out", str(tmp_path / "data"), "--quiet", "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    built = analysis.load_tables(tmp_path / "data")
    accounted = {Path(path).name for path in [*built.documents["path"], *built.problems["path"]]}
    assert names <= accounted
    assert built.problems["reason"].str.len().gt(0).all()
    assert not built.sentences["text"].str.contains("alert").any()
    assert "Le président a visité Genève et Zürich." in set(built.sentences["text"])


def test_cli_exits_1_when_nothing_can_be_built(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "empty.txt").write_text("")
    result = run_cli("build", str(tmp_path / "corpus"), "--out", str(tmp_path / "data"), "--quiet")
    assert result.returncode == 1
    assert "nothing could be built" in result.stderr
    assert len(analysis.load_tables(tmp_path / "data").problems) == 1


def test_cli_names_a_missing_corpus_folder(tmp_path):
    result = run_cli("build", str(tmp_path / "absent"), "--out", str(tmp_path / "data"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_cli_exports_csv(small_corpus, tmp_path, nlp):
    build(small_corpus, tmp_path / "data", workers=1, progress=False)
    result = run_cli("export", str(tmp_path / "data"), "--out", str(tmp_path / "csv"))
    assert result.returncode == 0, result.stderr
    assert pd.read_csv(tmp_path / "csv" / "documents.csv")["doc_id"].nunique() == 3


def test_extract_text_returns_typed_tables(nlp):
    result = analysis.extract_text(SPEECH, date="2014-09-25", author="UKR")
    assert isinstance(result, analysis.Tables)
    for name, table in result.items():
        assert list(table.columns) == tables.columns(name)
    assert {"UKR", "RUS", "un"} <= set(result.actors["actor_id"])


def test_extract_text_refuses_non_text():
    with pytest.raises(TypeError, match="text must be a str"):
        analysis.extract_text(b"bytes")


def test_code_fingerprint_follows_rule_files_not_charts(tmp_path, monkeypatch):
    """Editing a rule file re-processes every document; restyling a chart re-processes none."""
    from analysis import fingerprints as build_module

    copy = tmp_path / "analysis"
    shutil.copytree(build_module.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build_module, "PACKAGE_DIR", copy)

    def fingerprint() -> str:
        build_module.code_fingerprint.cache_clear()
        return build_module.code_fingerprint()

    try:
        original = fingerprint()
        with (copy / "charts" / "timeline.py").open("a", encoding="utf-8") as charts:  # a package that only draws
            charts.write("\n# a new colour scheme\n")
        with (copy / "reversals.py").open("a", encoding="utf-8") as module:  # recomputed by every build anyway
            module.write("\n# a stricter minimum\n")
        assert fingerprint() == original
        with (copy / "data" / "event_patterns.yaml").open("a", encoding="utf-8") as rules:
            rules.write("\n# an analyst's edit\n")
        edited = fingerprint()
        assert edited != original
        with (copy / "events" / "coding.py").open("a", encoding="utf-8") as module:  # a subpackage makes rows too
            module.write("\n# a new rule\n")
        assert fingerprint() != edited
    finally:
        monkeypatch.undo()
        build_module.code_fingerprint.cache_clear()


def test_a_new_actor_file_reaches_documents_already_built(small_corpus, tmp_path, nlp):
    (small_corpus / "note.md").write_text("---\ntitle: A note\ndate: 2024-03-05\n---\nThe Frontier Corps closed the Torkham crossing.\n", encoding="utf-8")
    out = tmp_path / "data"
    build(small_corpus, out, workers=1, progress=False)
    assert "pak_frontier_corps" not in set(analysis.load_tables(out).mentions["actor_id"].dropna())
    user_file = tmp_path / "my_actors.yaml"
    user_file.write_text("actors:\n  - {id: pak_frontier_corps, name: Frontier Corps, kind: organization, country: PAK}\n", encoding="utf-8")
    again = build(small_corpus, out, workers=1, progress=False, actor_files=[user_file])
    assert (again.processed, again.reused) == (3, 0)
    assert "pak_frontier_corps" in set(analysis.load_tables(out).mentions["actor_id"].dropna())


def test_a_build_with_nothing_new_never_loads_spacy(small_corpus, tmp_path, nlp):
    """A no-change rebuild reads keys and copies rows: importing and loading spaCy would be most of its time."""
    out = tmp_path / "data"
    build(small_corpus, out, workers=1, progress=False)
    code = "import sys; from analysis.build import build; r = build(sys.argv[1], sys.argv[2], progress=False); print(r.processed, 'spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code, str(small_corpus), str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.stdout.split() == ["0", "False"], result.stderr[-2000:]


def test_a_stage_that_fails_on_one_document_is_a_problem_row_and_the_build_goes_on(small_corpus, tmp_path, nlp, monkeypatch):
    from analysis import stances

    def broken(doc, mentions, *, author_id, lexicon=None):
        if "Kyiv" in doc.text:
            raise RecursionError("maximum recursion depth exceeded")
        return []

    (small_corpus / "kyiv.txt").write_text("Russia attacked Kyiv again on Monday.", encoding="utf-8")
    monkeypatch.setattr(stances, "language_stances", broken)
    report = build(small_corpus, tmp_path / "data", workers=1, progress=False)  # one worker: in this process
    loaded = analysis.load_tables(tmp_path / "data")
    problem = loaded.problems[loaded.problems["stage"] == "extract"]
    assert problem["path"].tolist() == ["kyiv.txt"] and "stances failed (RecursionError" in problem["reason"].iloc[0]
    kyiv = loaded.documents.loc[loaded.documents["path"] == "kyiv.txt", "doc_id"].iloc[0]
    assert (loaded.events["doc_id"] == kyiv).any()  # the other stages kept their rows
    assert report.processed == len(loaded.documents)
