"""The curated notebooks: committed clean with the house skeleton, run top to bottom, and `make report` works."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from analysis import report
from conftest import ROOT, SEEDS

NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = ["01_corpus", "02_actors", "03_events_timeline", "04_motives", "05_role_reversals"]
PARAMETERS = ("PROJECT", "CORPUS_DIR", "DATA_DIR", "REPORTS_DIR")
FORMATS = (".png", ".svg", ".pdf")
REPORT_OUTPUT = "report-output.txt"  # what the report run printed, beside its project


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _headings(notebook) -> list[str]:
    return [
        line.lstrip("#").strip()
        for cell in notebook.cells if cell.cell_type == "markdown"
        for line in cell.source.splitlines() if line.startswith("#")
    ]


def test_the_curated_notebooks_are_there():
    assert [path.stem for path in NOTEBOOKS] == EXPECTED


# ─── Committed clean, with the skeleton ───────────────────────────────────────────────────


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_is_committed_clean(path):
    notebook = _read(path)
    nbformat.validate(notebook)
    dirty = [
        index for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} have outputs or execution counts; clear them before committing"
    assert "widgets" not in notebook.metadata, f"{path.name} carries saved widget state; clear it before committing"
    assert notebook.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_follows_the_skeleton(path):
    notebook = _read(path)
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), f"{path.name} must open with a title"
    assert "question" in first.source.lower(), f"{path.name}: the title cell must say which question it answers"
    tagged = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name} has {len(tagged)} cells tagged 'parameters'; exactly one is allowed"
    assert tagged[0].cell_type == "code"
    for name in PARAMETERS:
        assert f"{name} = " in tagged[0].source, f"{path.name}: the parameters cell does not set {name}"
    headings = _headings(notebook)
    numbered = [heading for heading in headings if heading[:1].isdigit() and heading.split(".")[0].isdigit()]
    assert [int(heading.split(".")[0]) for heading in numbered] == list(range(1, len(numbered) + 1)), headings
    assert len(numbered) >= 2, f"{path.name} needs numbered sections"
    assert headings[-1] == "Sources", f"{path.name} must close with a 'Sources' section, not {headings[-1]!r}"
    sources = "\n".join(cell.source for cell in notebook.cells[notebook.cells.index(
        next(cell for cell in notebook.cells if cell.cell_type == "markdown" and "## Sources" in cell.source)):])
    assert "tables.documents" in sources and "CAMEO" in sources and "icews" in sources


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_papermill_knows_every_parameter_the_report_passes(path):
    """papermill reads the parameters cell line by line (an `=` in a comment hides a parameter from it)."""
    import papermill

    from analysis.project import load_project

    passed = report.notebook_parameters(load_project(ROOT))
    assert set(passed) <= set(papermill.inspect_notebook(str(path))), f"{path.name}: papermill cannot see all of {sorted(passed)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_holds_no_logic(path):
    """Notebooks call, display and plot: no function or class definitions, no loops."""
    for cell in _read(path).cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            assert not line.lstrip().startswith(("def ", "class ", "for ", "while ", "lambda")), (
                f"{path.name}: {line.strip()!r} belongs in analysis/, not in a notebook"
            )


# ─── Executed headless: `make report` on the seeds ────────────────────────────────────────


@pytest.fixture(scope="session")
def report_run(tmp_path_factory, seed_data):
    """`python -m analysis.report --project` on temporary copies of the notebooks, beside a project of the seed
    tables (so `PROJECT = ".."` is that project), with `--out` overriding the project's reports folder. It runs in
    its own process, as `make report` runs it, so what the kernels print is caught too: in REPORT_OUTPUT."""
    work = tmp_path_factory.mktemp("report")
    notebooks = work / "notebooks"
    shutil.copytree(NOTEBOOK_DIR, notebooks, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (work / "project.yaml").write_text(
        f"corpus: {SEEDS}\ndata: {seed_data}\nreports: not-these-reports\nyears: [1979, 2025]\n", encoding="utf-8")
    out = work / "reports"
    result = subprocess.run(
        [sys.executable, "-m", "analysis.report", "--project", str(work), "--notebooks", str(notebooks), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True,
    )
    (work / REPORT_OUTPUT).write_text(result.stdout + result.stderr, encoding="utf-8")
    return result.returncode, out


def _cell_error(cell) -> str | None:
    for output in cell.get("outputs", []):
        if output.output_type == "error":
            traceback = report.plain("\n".join(output.traceback))
            return f"{output.ename}: {output.evalue}\n--- cell ---\n{cell.source}\n--- traceback ---\n{traceback}"
    return None


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_top_to_bottom(path, report_run):
    _, out = report_run
    executed = out / "notebooks" / path.name
    assert executed.exists(), f"{path.name} was not executed (no {executed})"
    notebook = _read(executed)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        error = _cell_error(cell)
        if error:
            pytest.fail(f"{path.name}, cell {index} failed:\n{error}", pytrace=False)
        assert cell.execution_count is not None, f"{path.name}: cell {index} never ran"
        for output in cell.outputs:
            if output.get("data", {}).get("text/plain", "").startswith("<Figure"):
                assert "image/png" in output.data, f"{path.name}: cell {index} shows a figure as text, not as an image"
    injected = [cell for cell in notebook.cells if "injected-parameters" in cell.metadata.get("tags", [])]
    assert len(injected) == 1 and str(out) in injected[0].source and f'PROJECT = "{out.parent}"' in injected[0].source
    assert not (out.parent / "not-these-reports").exists(), "--out did not override the project's reports folder"


@pytest.mark.slow
def test_notebooks_are_not_written_by_the_run(report_run):
    for path in NOTEBOOKS:
        assert not any(cell.get("outputs") for cell in _read(path).cells)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.add(value)


def _valid(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if path.suffix == ".pdf":
        return data.startswith(b"%PDF")
    root = ElementTree.fromstring(data)
    return root.tag.endswith("svg")


@pytest.mark.slow
def test_report_exports_every_chart_in_three_formats_with_an_index(report_run):
    status, out = report_run
    assert status == 0, "a notebook failed; see test_notebook_runs_top_to_bottom"
    charts = {path.stem for path in out.glob("*.png")}
    assert len(charts) >= 5, sorted(charts)
    assert {chart.name for chart in report.REPORT_CHARTS} <= charts
    parser = _Links()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    for name in sorted(charts):
        for suffix in FORMATS:
            path = out / f"{name}{suffix}"
            assert path.exists() and path.stat().st_size > 0, f"{path.name} missing"
            assert _valid(path), f"{path.name} is not a valid {suffix} file"
            assert path.name in parser.links, f"index.html does not link {path.name}"
    for link in parser.links:
        assert not link.startswith(("/", "http:", "https:", "file:")), f"index.html link {link!r} is not relative"
        assert (out / link).exists(), f"index.html links {link!r}, which does not exist"
    for path in NOTEBOOKS:
        assert f"notebooks/{path.name}" in parser.links
    assert (out / report.GRAPHML_NAME).exists()


# The kernel's own log lines and Python warnings from the Jupyter machinery, as a terminal shows them.
KERNEL_WARNINGS = re.compile(
    r"Kernel is running over TCP|\[(?:IPKernelApp|KernelApp|NbClientApp)\] (?:WARNING|ERROR|CRITICAL)"
    r"|(?:jupyter_client|jupyter_core|ipykernel|nbclient|nbconvert|papermill|zmq|traitlets)\S*:\d+: \w*Warning"
)


@pytest.mark.slow
def test_report_prints_no_kernel_warning(report_run):
    status, out = report_run
    printed = (out.parent / REPORT_OUTPUT).read_text(encoding="utf-8")
    assert "running 01_corpus.ipynb" in printed and "notebooks ran" in printed  # the output was caught
    assert not KERNEL_WARNINGS.findall(printed), printed


@pytest.mark.slow
def test_report_exports_every_notebook_as_html_and_links_it(report_run):
    _, out = report_run
    parser = _Links()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    for path in NOTEBOOKS:
        page = out / "notebooks" / f"{path.stem}.html"
        assert f"notebooks/{page.name}" in parser.links and f"notebooks/{path.name}" in parser.links
        text = page.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>") and "jp-Notebook" in text
        images = re.findall(r'<img[^>]*\bsrc="([^"]*)"', text)
        assert images and all(src.startswith("data:image/") for src in images), f"{page.name}: images not embedded"


@pytest.mark.slow
def test_report_writes_the_workbook_and_the_graphs_and_says_what_they_hold(report_run):
    import networkx as nx
    import openpyxl

    _, out = report_run
    index = (out / "index.html").read_text(encoding="utf-8")
    book = openpyxl.load_workbook(out / report.WORKBOOK_NAME, read_only=True)
    assert book.sheetnames[0] == "filters" and "events" in book.sheetnames
    assert ("filter", "filters", "none") in list(book["filters"].iter_rows(values_only=True))
    nx.read_graphml(out / report.GRAPHML_NAME)
    events = nx.read_graphml(out / report.EVENTS_GRAPHML_NAME, force_multigraph=True)
    assert events.is_directed() and events.is_multigraph() and events.number_of_edges() > 0
    assert all({"cameo_code", "date", "goldstein"} <= set(data) for _, _, data in events.edges(data=True))
    for name in (report.WORKBOOK_NAME, report.GRAPHML_NAME, report.EVENTS_GRAPHML_NAME):
        description = html.escape(report.DATA_FILE_DESCRIPTIONS[name])
        assert f'<a href="{name}">{name}</a>: {description}' in index


def test_index_escapes_names_and_titles(tmp_path):
    chart = report.Chart("a&b <chart>", 'Title "<script>alert(1)</script>"')
    files = tuple(tmp_path / f"a&b <chart>{suffix}" for suffix in FORMATS)
    extras = [report.DataFile(tmp_path / "a <b>.xlsx", "tables <script>alert(2)</script>")]
    page = report.render_index(report.Report(tmp_path, charts=[report.ExportedChart(chart, files)], extras=extras))
    assert "<script>" not in page and "<chart>" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page
    assert 'href="a%26b%20%3Cchart%3E.png"' in page and 'href="a%20%3Cb%3E.xlsx"' in page


@pytest.mark.slow
def test_report_names_the_failing_cell(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("DATA_DIR = 'data'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("raise ValueError(f'no tables in {DATA_DIR}')"),
    ])
    notebook.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    source = tmp_path / "broken.ipynb"
    nbformat.write(notebook, source)
    run = report.run_notebook(source, tmp_path / "out" / source.name, parameters={"DATA_DIR": "/elsewhere"})
    assert not run.ok and run.output.exists()
    assert "ValueError: no tables in /elsewhere" in run.error and "raise ValueError" in run.error
    assert "\x1b[" not in run.error
    assert run.html == run.output.with_suffix(".html")
    shown = run.html.read_text(encoding="utf-8")  # the page shows the error under the cell that raised it
    assert "ValueError" in shown and "no tables in /elsewhere" in shown and "papermill-error-cell" in shown
    page = report.render_index(report.Report(tmp_path / "out", notebooks=[run]))
    assert "failed: cell" in page and "ValueError" in page
    assert 'href="broken.html">broken</a>' in page and 'href="broken.ipynb">.ipynb</a>' in page


def test_report_refuses_a_missing_notebooks_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="notebooks folder"):
        report.find_notebooks(tmp_path / "absent")


def test_the_report_s_kernel_manager_interrupts_no_kernel_it_shuts_down(monkeypatch):
    import asyncio

    from jupyter_client.manager import AsyncKernelManager

    signals = []

    async def record(self, signum):
        signals.append(signum)

    monkeypatch.setattr(AsyncKernelManager, "_async_signal_kernel", record)
    monkeypatch.setattr(AsyncKernelManager, "has_kernel", property(lambda self: True))
    manager = report.finished_kernel_manager()(kernel_name="python3")
    manager.shutting_down = True
    asyncio.run(manager._async_interrupt_kernel())  # what shutdown_kernel calls first
    assert signals == []
    manager.shutting_down = False
    asyncio.run(manager._async_interrupt_kernel())  # a cell that timed out is still interrupted
    assert len(signals) == 1
