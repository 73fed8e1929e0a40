"""Notebooks and tables → a report folder: executed notebooks (and their HTML pages), every chart as PNG, SVG and
PDF, the tables as an Excel workbook, the actor and event networks as GraphML, and index.html.

    python -m analysis.report [--project DIR] [--data DATA] [--corpus SEEDS] [--notebooks NOTEBOOKS] [--out REPORTS]

The folders come from the project (`--project DIR`'s project.yaml, else the current folder's; see
analysis.project); `--data`, `--corpus` and `--out` override the project's, and with all three given no
project file is needed. `--notebooks` defaults to the kit's curated notebooks. What lands in the report
folder (`--out`, default: the project's reports folder):

    notebooks/<name>.ipynb   each curated notebook executed headless (papermill) with PROJECT, CORPUS_DIR,
                             DATA_DIR and REPORTS_DIR set to the project's folders
    notebooks/<name>.html    the same executed notebook as a page a browser shows (nbconvert's lab template,
                             images embedded), a failed notebook's too, with the error under the cell that raised it
    <chart>.png|.svg|.pdf    every chart in `REPORT_CHARTS`, exported by `analysis.charts.export`, and those the
                             notebooks exported (05's pair over time: dyad_timeline_<a>_<b>, actor_comparison_<a>_<b>)
    tables.xlsx              every table as one sheet of an Excel workbook (analysis.workbook), after a sheet
                             "filters" naming the data folder, the kit's version and the rows of each table
    cooccurrence.graphml     the actor co-occurrence network, for Gephi or Cytoscape
    events.graphml           the events as a directed multigraph (`analysis.charts.events_graph`): one edge per
                             event, source → target, with its CAMEO code, date and Goldstein weight, for Gephi
    index.html               one page linking all of the above (analysis.report_index), with previews of the
                             charts and a line on what each data file holds

The notebooks in `--notebooks` are read, never written: executed copies go to the report folder.
When DATA_DIR holds no tables yet they are built from the corpus first, with the project's options
(period, actors). Charts over years (the event timeline) cover the project's `years`, else the years where the data's dates cluster. The exit status is 0 when
every notebook ran top to bottom and 1 when one failed; a failed notebook keeps its executed copy,
with the error in the cell that raised it, and the index says which cell failed.

The kernels listen on no network port: on POSIX on IPC (Unix domain) sockets in a private temporary
folder, elsewhere on TCP with CurveZMQ keys (`local_kernel_config`), so ipykernel has no reason to warn
"Kernel is running over TCP without encryption".
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

from analysis.project import Project, ProjectError, load_project, project_file, project_from
from analysis.report_index import render_index

KIT_DIR = Path(__file__).resolve().parents[1]  # the folder holding the analysis package
CURATED_NOTEBOOKS = KIT_DIR / "notebooks"
NOTEBOOK_SUFFIX = ".ipynb"
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class Chart:
    """One chart of the report: the `analysis.charts` function that draws it from the tables (also the
    exported files' name) and its caption. A chart `over_years` takes the years as `start` and `end`, and its
    caption names them (`{start}`, `{end}`)."""

    name: str
    title: str
    over_years: bool = False

    def for_years(self, years: tuple[int, int] | None) -> Chart:
        """This chart with its caption naming `years` (the same chart when it is not over years; without years,
        the caption without them: the chart itself states the years it chose from the data)."""
        if not self.over_years:
            return self
        if years is None:
            return Chart(self.name, re.sub(r",? *\{start\}–\{end\}", "", self.title), over_years=True)
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
    Chart("dyad_heatmap", "Stance of actor pairs by period"),
    Chart("motives_by_actor", "Stated motives by actor"),
    Chart("reversal_panel", "The strongest role reversal: before and after"),
)
WORKBOOK_NAME = "tables.xlsx"
GRAPHML_NAME = "cooccurrence.graphml"
EVENTS_GRAPHML_NAME = "events.graphml"
# What each data file holds, as the index says it in one line.
DATA_FILE_DESCRIPTIONS = {
    WORKBOOK_NAME: "every table as one sheet of an Excel workbook (formula cells neutralised), after a sheet "
                   "naming the data folder, the kit's version and the rows of each table",
    GRAPHML_NAME: "actors named in the same sentence as a weighted network, for Gephi or Cytoscape",
    EVENTS_GRAPHML_NAME: "who did what to whom: a directed multigraph of actors, one edge per event with its CAMEO code, "
                         "date and Goldstein weight, for Gephi",
}


@dataclass(frozen=True)
class NotebookRun:
    """One executed notebook: where it came from, where its executed copy and that copy's HTML page are, and its
    error if it failed."""

    source: Path
    output: Path
    error: str | None = None
    html: Path | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class ExportedChart:
    chart: Chart
    files: tuple[Path, ...]

    def file(self, suffix: str) -> Path | None:
        return next((path for path in self.files if path.suffix == suffix), None)


@dataclass(frozen=True)
class DataFile:
    """A file of the report other than a chart or a notebook, and what it holds in one line (for the index)."""

    path: Path
    description: str


@dataclass
class Report:
    """What one run of the report produced."""

    directory: Path
    notebooks: list[NotebookRun] = field(default_factory=list)
    charts: list[ExportedChart] = field(default_factory=list)
    extras: list[DataFile] = field(default_factory=list)
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


@contextlib.contextmanager
def local_kernel_config() -> Iterator[object]:
    """The kernel manager's configuration (a traitlets Config) for one kernel on this machine that listens on no
    network port.

    jupyter_client's default is TCP ports on 127.0.0.1 and no CurveZMQ keys, to which ipykernel ≥ 7 answers
    "Kernel is running over TCP without encryption" on every start (messages are signed, not encrypted). On POSIX
    the kernel listens instead on IPC (Unix domain) sockets, the local transport that warning recommends, in a
    temporary folder only this user may enter (mkdtemp makes it 0700), removed afterwards: no port is opened and no
    warning filtered. Elsewhere (Jupyter has no IPC transport on Windows) jupyter_client gives CurveZMQ keys to a
    kernel whose kernelspec declares them supported, as ipykernel's does, and the kernel encrypts."""
    from traitlets.config import Config

    if os.name != "posix":
        yield Config({"KernelManager": {"transport_encryption": "auto"}})
        return
    with tempfile.TemporaryDirectory(prefix="analysis-kernel-") as folder:
        # The sockets are files "<ip>-<n>"; a socket's path may be at most 104 (macOS) or 108 (Linux) bytes long.
        yield Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(folder, "kernel")}})


def finished_kernel_manager() -> type:
    """The kernel manager papermill runs each notebook with: jupyter_client's own, except that it does not interrupt
    a kernel it is shutting down.

    jupyter_client sends SIGINT before every shutdown, to stop a running cell. A notebook that ran to its end has
    none, and the signal can land while the kernel still finishes its last reply (more often on a loaded machine),
    which then logs "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel". A cell that times out is still
    interrupted: nbclient calls `interrupt_kernel`, which this class leaves as it is."""
    from jupyter_client.manager import AsyncKernelManager

    class FinishedKernelManager(AsyncKernelManager):
        async def _async_interrupt_kernel(self) -> None:
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return FinishedKernelManager


def run_notebook(
    notebook: Path,
    output: Path,
    *,
    parameters: dict[str, object],
    kernel_name: str = "python3",
    timeout: int = 600,
) -> NotebookRun:
    """Execute `notebook` with `parameters` injected after its `parameters` cell; write the executed copy to `output`
    and its HTML page beside it (also when a cell failed: the page shows the error).

    The kernel works in the notebook's own folder, so relative paths mean what they mean in JupyterLab."""
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    output.parent.mkdir(parents=True, exist_ok=True)
    error = None
    try:
        with kernels_import_this_kit(), local_kernel_config() as config:
            papermill.execute_notebook(
                str(notebook), str(output), parameters=parameters, kernel_name=kernel_name,
                cwd=str(notebook.parent), progress_bar=False, execution_timeout=timeout, config=config,
                kernel_manager_class=finished_kernel_manager(),
            )
    except papermill.PapermillExecutionError as failure:
        error = (
            f"cell {failure.cell_index} raised {failure.ename}: {failure.evalue}\n\n"
            f"{failure.source}\n\n" + plain("\n".join(failure.traceback))
        )
    except (CellTimeoutError, DeadKernelError) as failure:
        error = f"{type(failure).__name__}: {plain(str(failure))}"
    page = export_notebook_html(output) if output.exists() else None
    return NotebookRun(notebook, output, error, page)


@functools.cache
def _html_exporter():
    """One exporter for every notebook of a run: it compiles its templates once (a second or so)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", embed_images=True)


def export_notebook_html(notebook: Path) -> Path:
    """The executed `notebook` as a standalone page beside it (`<name>.html`): nbconvert's lab template, every
    image embedded, so the page needs neither a kernel nor the notebook's folder."""
    page, _ = _html_exporter().from_filename(str(notebook))
    path = notebook.with_suffix(".html")
    path.write_text(page, encoding="utf-8")
    return path


def export_charts(
    tables, directory: Path, *, charts: Sequence[Chart] = REPORT_CHARTS, years: tuple[int, int] | None = None,
) -> list[ExportedChart]:
    """Draw every chart from `tables` (those over years from `years`; None: each chart's own default from the
    data, a few far-off dates left out) and export it as PNG, SVG and PDF into `directory`."""
    from analysis import charts as chart_module

    exported = []
    for chart in charts:
        files = chart_module.export(chart.draw(tables, years=years), chart.name, directory=directory)
        exported.append(ExportedChart(chart.for_years(years), tuple(Path(path) for path in files)))
    return exported


def notebook_exports(directory: Path, known: Sequence[ExportedChart]) -> list[ExportedChart]:
    """The charts the notebooks exported into `directory` beside the report's own (a reversal's pair over time,
    an explorer's chosen view): every PNG not among `known`, with its SVG and PDF, by name."""
    taken = {path.name for chart in known for path in chart.files}
    found = []
    for png in sorted(directory.glob("*.png")):
        if png.name in taken:
            continue
        files = tuple(path for path in (png.with_suffix(suffix) for suffix in (".png", ".svg", ".pdf")) if path.is_file())
        found.append(ExportedChart(Chart(png.stem, png.stem.replace("_", " ")), files))
    return found


def export_data_files(tables, directory: Path, *, data_dir: Path | None = None) -> list[DataFile]:
    """Write the workbook of every table (no filters; `data_dir` is where the tables came from) and the networks
    for Gephi into `directory`: `DATA_FILE_DESCRIPTIONS` says what each holds."""
    from analysis import charts
    from analysis.workbook import write_workbook

    paths = [
        write_workbook(tables, directory / WORKBOOK_NAME, data_dir=data_dir),
        charts.export_graphml(charts.cooccurrence_graph(tables), directory / GRAPHML_NAME),
        charts.export_graphml(charts.events_graph(tables), directory / EVENTS_GRAPHML_NAME),
    ]
    return [DataFile(Path(path), DATA_FILE_DESCRIPTIONS[Path(path).name]) for path in paths]


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
    """Build the project's tables if its data folder has none, run every notebook, export every chart and the data
    files (workbook, GraphML) and write the index into the project's reports folder."""
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
    report.charts = export_charts(tables, out_dir, years=project.years)
    report.charts += notebook_exports(out_dir, report.charts)
    report.extras = export_data_files(tables, out_dir, data_dir=project.data)
    report.index = out_dir / "index.html"
    report.index.write_text(render_index(report, documents=tables.documents), encoding="utf-8")
    return report


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m analysis.report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=None, metavar="DIR",
                        help="project folder (or its project.yaml) (default: the current folder's project.yaml)")
    parser.add_argument("--data", type=Path, default=None,
                        help="folder of the built tables, built from the corpus when empty (default: the project's data)")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="folder of documents to build from when the data folder has no tables (default: the project's corpus)")
    parser.add_argument("--notebooks", type=Path, default=CURATED_NOTEBOOKS,
                        help="folder of the notebooks to execute (default: the kit's curated notebooks, %(default)s)")
    parser.add_argument("--out", type=Path, default=None,
                        help="report folder: executed notebooks, charts, data files, index.html (default: the project's reports)")
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
