"""Notebooks and tables → a report folder: executed notebooks, every chart as PNG, SVG and PDF, and index.html.

    python -m analysis.report [--data data] [--corpus seeds] [--notebooks notebooks] [--out reports]

What lands in the report folder (`--out`, default `reports/`):

    notebooks/<name>.ipynb   each curated notebook executed headless (papermill) on DATA_DIR
    <chart>.png|.svg|.pdf     every chart in `REPORT_CHARTS`, exported by `analysis.charts.export`
    cooccurrence.graphml      the actor co-occurrence network, for Gephi or Cytoscape
    index.html                one page linking all of the above, with previews of the charts

The notebooks in `--notebooks` are read, never written: executed copies go to the report folder.
When DATA_DIR holds no tables yet they are built from `--corpus` first. The exit status is 0 when
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

PROJECT_DIR = Path(__file__).resolve().parents[1]  # the folder holding the analysis package
NOTEBOOK_SUFFIX = ".ipynb"
MAX_LISTED_DOCUMENTS = 100  # the index lists this many sources; the documents table has them all
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class Chart:
    """One chart of the report: the `analysis.charts` function that draws it from the tables (also the
    exported files' name) and its caption."""

    name: str
    title: str

    def draw(self, tables):
        from analysis import charts

        return getattr(charts, self.name)(tables)


# Every chart the report exports, in the order of the notebooks that show them.
REPORT_CHARTS: tuple[Chart, ...] = (
    Chart("actor_ranking", "Most mentioned actors"),
    Chart("cooccurrence_network", "Actors named in the same sentence"),
    Chart("event_timeline", "Who did what to whom, 1979–2025"),
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
    os.environ["PYTHONPATH"] = os.pathsep.join([str(PROJECT_DIR), *([previous] if previous else [])])
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


def export_charts(tables, directory: Path, *, charts: Sequence[Chart] = REPORT_CHARTS) -> list[ExportedChart]:
    """Draw every chart from `tables` and export it as PNG, SVG and PDF into `directory`."""
    from analysis import charts as chart_module

    exported = []
    for chart in charts:
        files = chart_module.export(chart.draw(tables), chart.name, directory=directory)
        exported.append(ExportedChart(chart, tuple(Path(path) for path in files)))
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


def make_report(
    *,
    data_dir: str | Path,
    corpus_dir: str | Path,
    notebooks_dir: str | Path,
    out_dir: str | Path,
    kernel_name: str = "python3",
    timeout: int = 600,
    run_notebooks: bool = True,
) -> Report:
    """Build the tables if DATA_DIR has none, run every notebook, export every chart and write the index."""
    import analysis

    data_dir, corpus_dir, out_dir = (Path(path).resolve() for path in (data_dir, corpus_dir, out_dir))
    notebooks = find_notebooks(notebooks_dir) if run_notebooks else []
    if not analysis.has_tables(data_dir):
        analysis.build(corpus_dir, data_dir, progress=False)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = Report(out_dir)
    parameters = {"CORPUS_DIR": str(corpus_dir), "DATA_DIR": str(data_dir), "REPORTS_DIR": str(out_dir)}
    for notebook in notebooks:
        print(f"running {notebook.name} …", file=sys.stderr, flush=True)
        run = run_notebook(notebook.resolve(), out_dir / "notebooks" / notebook.name,
                           parameters=parameters, kernel_name=kernel_name, timeout=timeout)
        if not run.ok:
            print(f"{notebook.name} failed:\n{run.error}", file=sys.stderr)
        report.notebooks.append(run)
    tables = analysis.load_tables(data_dir)
    report.charts = export_charts(tables, out_dir)
    report.extras.append(export_graphml(tables, out_dir))
    report.index = out_dir / "index.html"
    report.index.write_text(render_index(report, documents=tables.documents), encoding="utf-8")
    return report


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m analysis.report", description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="data", help="folder of the built tables (built from --corpus when empty)")
    parser.add_argument("--corpus", default="seeds", help="folder of documents to build from when --data has no tables")
    parser.add_argument("--notebooks", default="notebooks", help="folder of the curated notebooks to execute")
    parser.add_argument("--out", default="reports", help="report folder: executed notebooks, charts, index.html")
    parser.add_argument("--kernel", default="python3", help="Jupyter kernel to run the notebooks with")
    parser.add_argument("--timeout", type=int, default=600, help="seconds one notebook cell may run")
    parser.add_argument("--charts-only", action="store_true", help="export the charts and index without running the notebooks")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; returns the exit status (0 when every notebook ran)."""
    args = parse_args(argv)
    report = make_report(
        data_dir=args.data, corpus_dir=args.corpus, notebooks_dir=args.notebooks, out_dir=args.out,
        kernel_name=args.kernel, timeout=args.timeout, run_notebooks=not args.charts_only,
    )
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
