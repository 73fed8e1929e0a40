"""The project file (analysis/project.py) and the entry points that read it: `python -m analysis build|export|check`
and `python -m analysis.report`."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import analysis
from analysis import report, store
from analysis.project import DEFAULTS, FALLBACK_YEARS, PROJECT_FILE, Project, ProjectError, load_project, project_from
from conftest import ROOT, SEEDS

FULL = """\
corpus: documents
data: tables
reports: out/reports
actors: [knowledge/extra.yaml, /abs/more.yaml]
corrections: fixes.yaml
period: decade
years: [1990, 2000]
"""
TEXT = ("The Zorblat Collective condemned Russia on 3 March 2014. Russia attacked the Zorblat Collective in 2015. "
        "The Zorblat Collective welcomed the agreement with Ukraine.")
EXTRA_ACTORS = """\
# A test actor no library knows: found only when the project's actors file is read.
actors:
  - id: zorblat_collective
    name: Zorblat Collective
    kind: armed_group
"""


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / PROJECT_FILE).write_text(text, encoding="utf-8")
    return folder / PROJECT_FILE


# ─── Loading ──────────────────────────────────────────────────────────────────────────────


def test_every_key_is_read_with_paths_relative_to_the_project_folder(tmp_path):
    file = write(tmp_path / "project", FULL)
    project = load_project(tmp_path / "project")
    folder = (tmp_path / "project").resolve()
    assert project == Project(
        folder=folder, file=file.resolve(), corpus=folder / "documents", data=folder / "tables",
        reports=folder / "out" / "reports", actors=(folder / "knowledge" / "extra.yaml", Path("/abs/more.yaml")),
        corrections=folder / "fixes.yaml", period="decade", years=(1990, 2000),
    )


def test_only_the_corpus_is_required_and_the_rest_has_its_documented_defaults(tmp_path):
    write(tmp_path, "corpus: documents\n")
    project = load_project(tmp_path)
    folder = tmp_path.resolve()
    assert (project.corpus, project.data, project.reports) == (folder / "documents", folder / "data", folder / "reports")
    assert project.actors == () and project.corrections == folder / "corrections.yaml"
    assert (project.period, project.years) == ("year", None)
    for key, default in DEFAULTS.items():
        assert f"`{key}: {'null' if default is None else default or '[]'}`" in load_project.__doc__, key


def test_a_project_file_can_be_named_by_its_path_and_an_empty_actors_key_is_no_actors(tmp_path):
    file = tmp_path / "elsewhere.yaml"
    file.write_text("corpus: ../documents\nactors:\n", encoding="utf-8")
    project = load_project(file)
    assert project.file == file.resolve() and project.folder == tmp_path.resolve()
    assert project.corpus == tmp_path.resolve() / ".." / "documents" and project.actors == ()


def test_the_default_project_is_the_current_folders(tmp_path, monkeypatch):
    write(tmp_path, "corpus: here\n")
    monkeypatch.chdir(tmp_path)
    assert load_project().corpus == tmp_path.resolve() / "here"


def test_absolute_and_home_paths_are_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    write(tmp_path / "project", f"corpus: {tmp_path / 'documents'}\ndata: ~/tables\n")
    project = load_project(tmp_path / "project")
    assert project.corpus == tmp_path / "documents" and project.data == tmp_path / "home" / "tables"


def test_the_repository_project_is_the_seeds():
    project = load_project(ROOT)
    assert project == Project(
        folder=ROOT, file=ROOT / PROJECT_FILE, corpus=SEEDS, data=ROOT / "data", reports=ROOT / "reports", actors=(),
        corrections=ROOT / "corrections.yaml", period="year", years=None,
    )


def test_a_project_is_frozen(tmp_path):
    write(tmp_path, "corpus: documents\n")
    with pytest.raises(dataclasses.FrozenInstanceError):
        load_project(tmp_path).period = "decade"


# ─── Every error names the file and the key ───────────────────────────────────────────────


@pytest.mark.parametrize(("text", "named"), [
    ("", "needs at least the key 'corpus'"),
    ("- corpus\n- data\n", "a list, not a mapping"),
    ("corpus: [documents\n", "cannot be read as YAML"),
    ("corpus: documents\ncorpora: more\n", "unknown key 'corpora'"),
    ("data: tables\n", "the key 'corpus' is missing"),
    ("corpus: 3\n", "the key 'corpus' is 3 (int)"),
    ("corpus: null\n", "the key 'corpus' is None"),
    ("corpus: documents\ndata: ''\n", "the key 'data' is ''"),
    ("corpus: documents\nreports: [a, b]\n", "the key 'reports' is ['a', 'b'] (list)"),
    ("corpus: documents\ncorrections: {file: fixes.yaml}\n", "the key 'corrections'"),
    ("corpus: documents\nactors: extra.yaml\n", "the key 'actors' is 'extra.yaml' (str)"),
    ("corpus: documents\nactors: [extra.yaml, 7]\n", "the key 'actors[1]' is 7"),
    ("corpus: documents\nperiod: weekly\n", "the key 'period' is 'weekly' (str); allowed: year, 5y, decade, changepoints"),
    ("corpus: documents\nperiod: 5\n", "the key 'period' is 5 (int)"),
    ("corpus: documents\nyears: 1979\n", "the key 'years' is 1979"),
    ("corpus: documents\nyears: [1979]\n", "the key 'years' is [1979]"),
    ("corpus: documents\nyears: [2025, 1979]\n", "the key 'years' is [2025, 1979]"),
    ("corpus: documents\nyears: [1979, '2025']\n", "the key 'years'"),
    ("corpus: documents\nyears: [true, 2025]\n", "the key 'years'"),
])
def test_a_bad_project_file_is_a_project_error_naming_the_file_and_the_key(tmp_path, text, named):
    file = write(tmp_path, text)
    with pytest.raises(ProjectError) as raised:
        load_project(tmp_path)
    assert isinstance(raised.value, ValueError)
    assert str(file.resolve()) in str(raised.value) and named in str(raised.value)


def test_a_missing_project_file_is_named(tmp_path):
    with pytest.raises(ProjectError, match=f"no project file '{tmp_path / PROJECT_FILE}'"):
        load_project(tmp_path)
    with pytest.raises(ProjectError, match="other.yaml"):
        load_project(tmp_path / "other.yaml")


# ─── Overrides and the year range ─────────────────────────────────────────────────────────


def test_an_override_replaces_only_what_is_given_and_checks_it(tmp_path):
    write(tmp_path, FULL)
    project = load_project(tmp_path)
    changed = project.override(data="elsewhere", period="5y", actors=[], years=(2001, 2002))
    assert changed.data == Path("elsewhere") and changed.period == "5y" and changed.actors == () and changed.years == (2001, 2002)
    assert (changed.corpus, changed.reports, changed.corrections) == (project.corpus, project.reports, project.corrections)
    assert project.override() == project
    with pytest.raises(ProjectError, match="'period' is 'monthly'"):
        project.override(period="monthly")
    with pytest.raises(ProjectError, match="'years'"):
        project.override(years=(2002, 2001))


def test_build_options_carry_the_period_the_actors_and_the_corrections(tmp_path):
    write(tmp_path, FULL)
    project = load_project(tmp_path)
    options = project.build_options()
    assert options == {"period": "decade", "actor_files": [str(tmp_path.resolve() / "knowledge" / "extra.yaml"), "/abs/more.yaml"],
                       "corrections": str(project.corrections)}
    assert project.override(corrections="elsewhere.yaml").corrections == Path("elsewhere.yaml")


def _tables(*dates: str) -> SimpleNamespace:
    frame = pd.DataFrame({"date": pd.to_datetime(list(dates))})
    return SimpleNamespace(documents=frame.iloc[:1], events=frame.iloc[1:])


def test_the_year_range_is_the_projects_else_the_datas(tmp_path):
    write(tmp_path, "corpus: documents\n")
    from_data = load_project(tmp_path)
    assert from_data.year_range(_tables("2014-03-03", "1979-12-27", None, "2021-08-15")) == (1979, 2021)
    assert from_data.year_range(_tables(None, None)) == FALLBACK_YEARS
    assert from_data.year_range() == FALLBACK_YEARS
    assert from_data.override(years=[1990, 2000]).year_range(_tables("2014-03-03", "1979-12-27")) == (1990, 2000)
    # Wire reports of 2003–2006 whose events once recall the Congress of Berlin: the range stays on the reports.
    recent = [f"{year}-0{month}-15" for year in range(2003, 2007) for month in range(1, 10)]
    assert from_data.year_range(_tables(*recent, "1878-07-13")) == (2003, 2006)


def test_a_project_can_be_made_without_a_file(tmp_path):
    project = project_from({"corpus": "documents", "period": "5y"}, folder=tmp_path)
    assert project.corpus == tmp_path.resolve() / "documents" and project.period == "5y"
    assert not project.file.exists()


# ─── The command line reads it ────────────────────────────────────────────────────────────


def run(*arguments: str, cwd: Path, module: str = "analysis") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *arguments], cwd=cwd, capture_output=True, text=True, timeout=600)


def manifest(data: Path) -> dict:
    return json.loads((store.current(data).path / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built_project(tmp_path_factory, nlp) -> Path:
    """A project of one document with its own actors file, a decade period and years, built by `build --project`
    from a folder that is not the project's."""
    folder = tmp_path_factory.mktemp("project")
    (folder / "documents").mkdir()
    (folder / "documents" / "statement.txt").write_text(TEXT, encoding="utf-8")
    (folder / "knowledge").mkdir()
    (folder / "knowledge" / "extra.yaml").write_text(EXTRA_ACTORS, encoding="utf-8")
    write(folder, "corpus: documents\ndata: tables\nreports: out\nactors: [knowledge/extra.yaml]\nperiod: decade\nyears: [1990, 2000]\n")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    result = run("build", "--project", str(folder), "--quiet", "--workers", "1", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert f"→ {folder.resolve() / 'tables'}" in result.stderr
    return folder


def test_build_project_builds_the_projects_corpus_into_its_data_with_its_options(built_project):
    data = built_project / "tables"
    written = manifest(data)
    assert written["corpus"] == str(built_project.resolve() / "documents")
    assert written["options"]["period"] == "decade"
    assert written["options"]["actor_files"] == [str(built_project.resolve() / "knowledge" / "extra.yaml")]
    tables = analysis.load_tables(data)
    assert list(tables.documents["path"]) == ["statement.txt"]
    assert "zorblat_collective" in set(tables.mentions["actor_id"])  # the project's actors file was read


def test_explicit_flags_override_the_projects_values(built_project, tmp_path):
    corpus = tmp_path / "other documents"
    corpus.mkdir()
    (corpus / "note.txt").write_text("Ukraine thanked the Zorblat Collective.", encoding="utf-8")
    result = run("build", str(corpus), "--project", str(built_project), "--out", str(tmp_path / "data"),
                 "--period", "5y", "--actors", str(built_project / "knowledge" / "extra.yaml"), "--quiet", "--workers", "1",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = manifest(tmp_path / "data")
    assert written["corpus"] == str(corpus.resolve()) and written["options"]["period"] == "5y"
    assert list(analysis.load_tables(tmp_path / "data").documents["path"]) == ["note.txt"]
    assert manifest(built_project / "tables")["options"]["period"] == "decade"  # the project's own tables are untouched


def test_a_corpus_folder_without_project_keeps_the_old_defaults(built_project, tmp_path):
    """`build CORPUS` reads no project file, even in a project folder: --out data, --period year, no extra actors."""
    result = run("build", str(built_project / "documents"), "--quiet", "--workers", "1", cwd=built_project)
    assert result.returncode == 0, result.stderr
    written = manifest(built_project / "data")
    assert written["options"]["period"] == "year" and written["options"]["actor_files"] == []


def test_build_without_arguments_uses_the_current_folders_project(built_project):
    result = run("build", "--quiet", "--workers", "1", cwd=built_project)
    assert result.returncode == 0, result.stderr
    assert "1 documents (0 processed, 1 unchanged)" in result.stderr  # the same data folder, nothing to redo


def test_export_and_check_use_the_project(built_project, tmp_path):
    result = run("export", "--project", str(built_project), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    csv = built_project.resolve() / "tables" / "csv"
    assert pd.read_csv(csv / "documents.csv")["path"].tolist() == ["statement.txt"]
    assert str(csv / "documents.csv") in result.stdout.splitlines()
    result = run("export", "--out", str(tmp_path / "csv"), cwd=built_project)  # the current folder's project, another --out
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "csv" / "documents.csv").exists()
    result = run("check", cwd=built_project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"current generation {store.current(built_project / 'tables').name}," in result.stdout


def test_the_console_script_is_the_command_line(built_project):
    script = Path(sys.executable).parent / "analysis-kit"
    if not script.exists():
        pytest.skip("the kit is not installed into this environment (make install)")
    result = subprocess.run([str(script), "check"], cwd=built_project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "usage: analysis-kit" in subprocess.run([str(script), "build", "--help"], capture_output=True, text=True).stdout


@pytest.mark.parametrize("command", ["build", "export", "check"])
def test_a_missing_or_bad_project_stops_the_command_naming_it(tmp_path, command):
    result = run(command, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"no project file '{tmp_path.resolve() / PROJECT_FILE}'" in result.stderr
    write(tmp_path / "bad", "corpus: documents\nperiod: weekly\n")
    result = run(command, "--project", str(tmp_path / "bad"), cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "'period' is 'weekly'" in result.stderr and str(tmp_path / "bad" / PROJECT_FILE) in result.stderr


# ─── The report reads it ──────────────────────────────────────────────────────────────────


def test_report_uses_the_projects_folders_and_years(built_project, monkeypatch, capsys):
    monkeypatch.chdir(built_project)
    assert report.main(["--charts-only"]) == 0
    out = built_project / "out"
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Who did what to whom, 1990–2000" in page  # the project's years, not the data's 2014–2015
    assert (out / "event_timeline.png").exists()


def test_report_flags_override_the_project_and_need_no_project_file_when_all_are_given(built_project, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no project.yaml here
    arguments = ["--data", str(built_project / "tables"), "--corpus", str(built_project / "documents"), "--charts-only"]
    assert report.main(arguments) == 2  # --out missing: it would come from the absent project file
    assert report.main([*arguments, "--out", str(tmp_path / "reports")]) == 0
    page = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    # No project years: the caption names none, the timeline states the years it took from its events.
    assert "<strong>Who did what to whom</strong>" in page and "Who did what to whom, 2014" not in page


def test_report_tells_the_notebooks_the_project(built_project):
    project = load_project(built_project)
    assert report.notebook_parameters(project) == {
        "PROJECT": str(built_project.resolve()), "CORPUS_DIR": str(project.corpus), "DATA_DIR": str(project.data),
        "REPORTS_DIR": str(project.reports),
    }
    fileless = project_from({"corpus": "documents"}, folder=built_project / "documents")
    assert "PROJECT" not in report.notebook_parameters(fileless)
