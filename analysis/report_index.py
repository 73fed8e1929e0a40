"""A report run (analysis.report) → its index.html: chart previews, the executed notebooks, the data files, the sources.

Every link is relative to the report folder, URL-quoted and HTML-escaped, so the folder can be moved,
zipped or served as it is; every name and title from the data is escaped.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    import pandas as pd

    from analysis.report import NotebookRun, Report

MAX_LISTED_DOCUMENTS = 100  # the index lists this many sources; the documents table has them all
DEFAULT_TITLE = "Analyst research kit — report"
STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}",
    "figure{margin:0 0 2.5rem}figure img{max-width:100%;border:1px solid #ddd}",
    "figcaption{margin-top:.4rem}.failed{color:#b00020}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}",
    "table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left}",
    "small a{color:#666}",
)


def link(path: Path, directory: Path) -> str:
    """A relative, URL-quoted and HTML-escaped link from the index in `directory` to `path`."""
    return html.escape(quote(path.relative_to(directory).as_posix()), quote=True)


def render_index(report: Report, *, documents: pd.DataFrame | None = None, title: str = DEFAULT_TITLE) -> str:
    """The report's index.html: chart previews with links to every format, the executed notebooks (as HTML,
    with the notebook file beside), the data files with what each holds, and the sources."""
    escape = html.escape
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">', f"<title>{escape(title)}</title>",
        "<style>", *STYLE, "</style>", "</head>", "<body>", f"<h1>{escape(title)}</h1>",
    ]
    if documents is not None:
        parts.append(f"<p>{len(documents)} document(s) in the corpus.</p>")
    parts += _charts(report)
    parts += _notebooks(report)
    parts += _data_files(report)
    if documents is not None and len(documents):
        parts += _sources(documents)
    parts.append(
        "<p>Event codes and Goldstein weights: the CAMEO codebook as packaged (from ICEWS) in the "
        "MIT-licensed R package <code>icews</code>.</p>"
    )
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _charts(report: Report) -> list[str]:
    escape, directory = html.escape, report.directory
    parts = ["<h2>Charts</h2>"]
    for exported in report.charts:
        png = exported.file(".png")
        parts.append(f'<figure id="{escape(exported.chart.name, quote=True)}">')
        if png is not None:
            parts.append(f'<a href="{link(png, directory)}"><img src="{link(png, directory)}" '
                         f'alt="{escape(exported.chart.title, quote=True)}"></a>')
        formats = " · ".join(
            f'<a href="{link(path, directory)}">{escape(path.suffix.lstrip(".").upper())}</a>' for path in exported.files
        )
        parts.append(f"<figcaption><strong>{escape(exported.chart.title)}</strong> "
                     f"({escape(exported.chart.name)}): {formats}</figcaption>")
        parts.append("</figure>")
    return parts


def _notebook_cell(run: NotebookRun, directory: Path) -> str:
    """The notebook's name linking its HTML page (a browser shows it), with a small link to the .ipynb file."""
    escape = html.escape
    if not run.output.exists():
        return escape(run.source.name)
    if run.html is None or not run.html.exists():
        return f'<a href="{link(run.output, directory)}">{escape(run.output.name)}</a>'
    notebook = f'<a href="{link(run.output, directory)}">{escape(run.output.suffix)}</a>'
    return f'<a href="{link(run.html, directory)}">{escape(run.output.stem)}</a> <small>({notebook})</small>'


def _notebooks(report: Report) -> list[str]:
    escape = html.escape
    parts = ["<h2>Notebooks</h2>", "<table><tr><th>notebook</th><th>status</th></tr>"]
    for run in report.notebooks:
        status = "ran top to bottom" if run.ok else f'<span class="failed">failed: {escape(run.error.splitlines()[0])}</span>'
        parts.append(f"<tr><td>{_notebook_cell(run, report.directory)}</td><td>{status}</td></tr>")
    parts.append("</table>")
    if not report.notebooks:
        parts.append("<p>No notebooks were run for this report (charts only).</p>")
    for run in report.notebooks:
        if not run.ok:
            parts.append(f'<h3 class="failed">{escape(run.source.name)}</h3><pre>{escape(run.error)}</pre>')
    return parts


def _data_files(report: Report) -> list[str]:
    if not report.extras:
        return []
    escape = html.escape
    parts = ["<h2>Data</h2>", "<ul>"]
    for extra in report.extras:
        parts.append(f'<li><a href="{link(extra.path, report.directory)}">{escape(extra.path.name)}</a>: '
                     f"{escape(extra.description)}</li>")
    parts.append("</ul>")
    return parts


def _sources(documents: pd.DataFrame) -> list[str]:
    import pandas as pd

    escape = html.escape
    parts = ["<h2>Sources</h2><table><tr><th>document</th><th>date</th><th>source</th></tr>"]
    for row in documents.head(MAX_LISTED_DOCUMENTS).itertuples():
        name = row.title if isinstance(row.title, str) and row.title else row.path
        date = "" if pd.isna(row.date) else f"{row.date:%Y-%m-%d}"
        source = row.source if isinstance(row.source, str) else ""
        parts.append(f"<tr><td>{escape(str(name))}</td><td>{escape(date)}</td><td>{escape(source)}</td></tr>")
    parts.append("</table>")
    if len(documents) > MAX_LISTED_DOCUMENTS:
        parts.append(f"<p>… and {len(documents) - MAX_LISTED_DOCUMENTS:,} more documents (the documents table lists all).</p>")
    return parts
