"""Notebooks and tables → a report folder: executed notebooks, every chart as PNG, SVG and PDF, and index.html.

    python -m analysis.report [--project DIR] [--data DATA] [--corpus SEEDS] [--notebooks NOTEBOOKS] [--out REPORTS]

The folders come from the project (`--project DIR`'s project.yaml, else the current folder's; see
analysis.project); `--data`, `--corpus` and `--out` override the project's, and with all three given no
project file is needed. `--notebooks` defaults to the kit's curated notebooks. What lands in the report
folder (`--out`, default: the project's reports folder):

    notebooks/<name>.ipynb   each curated notebook executed headless (papermill) with PROJECT, CORPUS_DIR,
                             DATA_DIR and REPORTS_DIR set to the project's folders
    <chart>.png|.svg|.pdf     every chart in `REPORT_CHARTS`, exported by `analysis.charts.export`
    cooccurrence.graphml      the actor co-occurrence network, for Gephi or Cytoscape
    index.html                one page linking all of the above, with previews of the charts

The notebooks in `--notebooks` are read, never written: executed copies go to the report folder.
When DATA_DIR holds no tables yet they are built from the corpus first, with the project's options
(period, actors). Charts over years (the event timeline) cover the project's `years`, else the data's. The exit status is 0 when
every notebook ran top to bottom and 1 when one failed; a failed notebook keeps its executed copy,
with the error in the cell that raised it, and the index says which cell failed.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence
from urllib.parse import quote

from analysis.project import Project, ProjectError, data_years, load_project, project_file, project_from

KIT_DIR = Path(__file__).resolve().parents[1]  # the folder holding the analysis package
CURATED_NOTEBOOKS = KIT_DIR / "notebooks"
NOTEBOOK_SUFFIX = ".ipynb"
MAX_LISTED_DOCUMENTS = 100  # the index lists this many sources; the documents table has them all
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class Chart:
    """One chart of the report: the `analysis.charts` function that draws it from the tables (also the
    exported files' name) and its caption. A chart `over_years` takes the years as `start` and `end`, and its
    caption names them (`{start}`, `{end}`)."""

    name: str
    title: str
    over_years: bool = False

    def for_years(self, years: tuple[int, int]) -> Chart:
        """This chart with its caption naming `years` (the same chart when it is not over years)."""
        if not self.over_years:
            return self
        start, end = years
        return Chart(self.name, self.title.format(start=start, end=end), over_years=True)

    def draw(self, tables, *, years: tuple[int, int] | None = None):
        from analysis import charts

        options = {"start": years[0], "end": years[1]} if self.over_years and years is not None else {}
        return getattr(charts, self.name)(tables, **options)


# Every chart the report exports, in the order of the notebooks that show them.
REPORT_CHARTS: tuple[Chart, ...] = (
    Chart("actor_ranking", "Most mentioned actors"),
    Chart("cooccurrence_network", "Actors named in the same sentence"),
    Chart("event_timeline", "Who did what to whom, {start}–{end}", over_years=True),
    Chart("dyad_heatmap", "Stance of actor pairs by decade"),
    Chart("motives_by_actor", "Stated motives by actor"),
    Chart("reversal_panel", "The strongest role reversal: before and after"),
)
GRAPHML_NAME = "cooccurrence.graphml"


@dataclass(frozen=True)
class NotebookRun:
    """One executed notebook: where it came from, where its executed copy is, and its error if it failed."""

    source: Path
    output: Path
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class ExportedChart:
    chart: Chart
    files: tuple[Path, ...]

    def file(self, suffix: str) -> Path | None:
        return next((path for path in self.files if path.suffix == suffix), None)


@dataclass
class Report:
    """What one run of the report produced."""

    directory: Path
    notebooks: list[NotebookRun] = field(default_factory=list)
    charts: list[ExportedChart] = field(default_factory=list)
    extras: list[Path] = field(default_factory=list)
    index: Path | None = None

    @property
    def ok(self) -> bool:
        return all(run.ok for run in self.notebooks)


def plain(text: str) -> str:
    """`text` without the terminal colour codes Jupyter tracebacks carry."""
    return ANSI_ESCAPE.sub("", text)


def find_notebooks(directory: str | Path) -> list[Path]:
    """The notebooks of `directory` in name order (01_… first); checkpoints and hidden files are skipped."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"notebooks folder {str(directory)!r} does not exist or is not a folder")
    return sorted(path for path in directory.glob(f"*{NOTEBOOK_SUFFIX}") if not path.name.startswith("."))


@contextlib.contextmanager
def kernels_import_this_kit():
    """Kernels started inside this block import this `analysis` package.

    A kernel works in its notebook's folder, from where the project folder is not on the import
    path unless the kit is installed into the environment; the kernel inherits PYTHONPATH."""
    previous = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(KIT_DIR), *([previous] if previous else [])])
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = previous


def run_notebook(
    notebook: Path,
    output: Path,
    *,
    parameters: dict[str, object],
    kernel_name: str = "python3",
    timeout: int = 600,
) -> NotebookRun:
    """Execute `notebook` with `parameters` injected after its `parameters` cell; write the executed copy to `output`.

    The kernel works in the notebook's own folder, so relative paths mean what they mean in JupyterLab."""
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        with kernels_import_this_kit():
            papermill.execute_notebook(
                str(notebook), str(output), parameters=parameters, kernel_name=kernel_name,
                cwd=str(notebook.parent), progress_bar=False, execution_timeout=timeout,
            )
    except papermill.PapermillExecutionError as error:
        message = (
            f"cell {error.cell_index} raised {error.ename}: {error.evalue}\n\n"
            f"{error.source}\n\n" + plain("\n".join(error.traceback))
        )
        return NotebookRun(notebook, output, message)
    except (CellTimeoutError, DeadKernelError) as error:
        return NotebookRun(notebook, output, f"{type(error).__name__}: {plain(str(error))}")
    return NotebookRun(notebook, output)


def export_charts(
    tables, directory: Path, *, charts: Sequence[Chart] = REPORT_CHARTS, years: tuple[int, int] | None = None,
) -> list[ExportedChart]:
    """Draw every chart from `tables` (those over years from `years`, default: the data's) and export it as PNG,
    SVG and PDF into `directory`."""
    from analysis import charts as chart_module

    years = years or data_years(tables)
    exported = []
    for chart in charts:
        files = chart_module.export(chart.draw(tables, years=years), chart.name, directory=directory)
        exported.append(ExportedChart(chart.for_years(years), tuple(Path(path) for path in files)))
    return exported


def export_graphml(tables, directory: Path) -> Path:
    from analysis import charts

    path = directory / GRAPHML_NAME
    charts.export_graphml(charts.cooccurrence_graph(tables), path)
    return path


def _link(path: Path, directory: Path) -> str:
    """A relative, URL-quoted and HTML-escaped link from the index in `directory` to `path`."""
    return html.escape(quote(path.relative_to(directory).as_posix()), quote=True)


def render_index(report: Report, *, documents=None, title: str = "Analyst research kit — report") -> str:
    """The report's index.html: chart previews with links to every format, the executed notebooks, extras."""
    import pandas as pd

    directory = report.directory
    escape = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        "<style>",
        "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}",
        "figure{margin:0 0 2.5rem}figure img{max-width:100%;border:1px solid #ddd}",
        "figcaption{margin-top:.4rem}.failed{color:#b00020}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}",
        "table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left}",
        "</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
    ]
    if documents is not None:
        parts.append(f"<p>{len(documents)} document(s) in the corpus.</p>")
    parts.append("<h2>Charts</h2>")
    for exported in report.charts:
        png = exported.file(".png")
        parts.append(f'<figure id="{escape(exported.chart.name, quote=True)}">')
        if png is not None:
            parts.append(f'<a href="{_link(png, directory)}"><img src="{_link(png, directory)}" alt="{escape(exported.chart.title, quote=True)}"></a>')
        links = " · ".join(
            f'<a href="{_link(path, directory)}">{escape(path.suffix.lstrip(".").upper())}</a>' for path in exported.files
        )
        parts.append(f"<figcaption><strong>{escape(exported.chart.title)}</strong> ({escape(exported.chart.name)}): {links}</figcaption>")
        parts.append("</figure>")
    parts.append("<h2>Notebooks</h2>")
    parts.append("<table><tr><th>notebook</th><th>status</th></tr>")
    for run in report.notebooks:
        status = "ran top to bottom" if run.ok else f'<span class="failed">failed: {escape(run.error.splitlines()[0])}</span>'
        link = f'<a href="{_link(run.output, directory)}">{escape(run.output.name)}</a>' if run.output.exists() else escape(run.source.name)
        parts.append(f"<tr><td>{link}</td><td>{status}</td></tr>")
    parts.append("</table>")
    if not report.notebooks:
        parts.append("<p>No notebooks were run for this report (charts only).</p>")
    for run in report.notebooks:
        if not run.ok:
            parts.append(f"<h3 class=\"failed\">{escape(run.source.name)}</h3><pre>{escape(run.error)}</pre>")
    if report.extras:
        parts.append("<h2>Data</h2><ul>")
        for path in report.extras:
            parts.append(f'<li><a href="{_link(path, directory)}">{escape(path.name)}</a></li>')
        parts.append("</ul>")
    if documents is not None and len(documents):
        parts.append("<h2>Sources</h2><table><tr><th>document</th><th>date</th><th>source</th></tr>")
        for row in documents.head(MAX_LISTED_DOCUMENTS).itertuples():
            name = row.title if isinstance(row.title, str) and row.title else row.path
            date = "" if pd.isna(row.date) else f"{row.date:%Y-%m-%d}"
            source = row.source if isinstance(row.source, str) else ""
            parts.append(f"<tr><td>{escape(str(name))}</td><td>{escape(date)}</td><td>{escape(source)}</td></tr>")
        parts.append("</table>")
        if len(documents) > MAX_LISTED_DOCUMENTS:
            parts.append(f"<p>… and {len(documents) - MAX_LISTED_DOCUMENTS:,} more documents (the documents table lists all).</p>")
    parts.append(
        "<p>Event codes and Goldstein weights: the CAMEO codebook as packaged (from ICEWS) in the "
        "MIT-licensed R package <code>icews</code>.</p>"
    )
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def notebook_parameters(project: Project) -> dict[str, str]:
    """What the notebooks are told: the project's folders, and the project itself when it has a file (its years)."""
    parameters = {"CORPUS_DIR": str(project.corpus), "DATA_DIR": str(project.data), "REPORTS_DIR": str(project.reports)}
    if project.file.is_file():
        parameters = {"PROJECT": str(project.folder), **parameters}
    return parameters


def make_report(
    project: Project,
    *,
    notebooks_dir: str | Path = CURATED_NOTEBOOKS,
    kernel_name: str = "python3",
    timeout: int = 600,
    run_notebooks: bool = True,
) -> Report:
    """Build the project's tables if its data folder has none, run every notebook, export every chart and write
    the index into the project's reports folder."""
    project = project.override(corpus=project.corpus.resolve(), data=project.data.resolve(), reports=project.reports.resolve())
    notebooks = find_notebooks(notebooks_dir) if run_notebooks else []
    tables = project.load_tables()
    out_dir = project.reports
    out_dir.mkdir(parents=True, exist_ok=True)
    report = Report(out_dir)
    parameters = notebook_parameters(project)
    for notebook in notebooks:
        print(f"running {notebook.name} …", file=sys.stderr, flush=True)
        run = run_notebook(notebook.resolve(), out_dir / "notebooks" / notebook.name,
                           parameters=parameters, kernel_name=kernel_name, timeout=timeout)
        if not run.ok:
            print(f"{notebook.name} failed:\n{run.error}", file=sys.stderr)
        report.notebooks.append(run)
    report.charts = export_charts(tables, out_dir, years=project.year_range(tables))
    report.extras.append(export_graphml(tables, out_dir))
    report.index = out_dir / "index.html"
    report.index.write_text(render_index(report, documents=tables.documents), encoding="utf-8")
    return report


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m analysis.report", description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=None, metavar="DIR",
                        help="project folder (or its project.yaml) (default: the current folder's project.yaml)")
    parser.add_argument("--data", type=Path, default=None,
                        help="folder of the built tables, built from the corpus when empty (default: the project's data)")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="folder of documents to build from when the data folder has no tables (default: the project's corpus)")
    parser.add_argument("--notebooks", type=Path, default=CURATED_NOTEBOOKS,
                        help="folder of the notebooks to execute (default: the kit's curated notebooks, %(default)s)")
    parser.add_argument("--out", type=Path, default=None,
                        help="report folder: executed notebooks, charts, index.html (default: the project's reports)")
    parser.add_argument("--kernel", default="python3", help="Jupyter kernel to run the notebooks with")
    parser.add_argument("--timeout", type=int, default=600, help="seconds one notebook cell may run")
    parser.add_argument("--charts-only", action="store_true", help="export the charts and index without running the notebooks")
    return parser.parse_args(argv)


def project_of(args: argparse.Namespace) -> Project:
    """The project the command line means: `--project`'s or the current folder's, with the folders given overriding
    its own; with every folder given and no project file, a project of those folders and the defaults."""
    explicit = None not in (args.data, args.corpus, args.out)
    if args.project is None and explicit and not project_file().is_file():
        project = project_from({"corpus": str(args.corpus)}, folder=Path.cwd())
    else:
        project = load_project(args.project)
    return project.override(corpus=args.corpus, data=args.data, reports=args.out)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; returns the exit status (0 when every notebook ran, 2 when it could not start)."""
    args = parse_args(argv)
    try:
        project = project_of(args)
        report = make_report(
            project, notebooks_dir=args.notebooks, kernel_name=args.kernel, timeout=args.timeout,
            run_notebooks=not args.charts_only,
        )
    except (ProjectError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    failed = [run.source.name for run in report.notebooks if not run.ok]
    print(
        f"{len(report.notebooks) - len(failed)}/{len(report.notebooks)} notebooks ran; "
        f"{len(report.charts)} charts exported; index: {report.index}",
        file=sys.stderr,
    )
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
