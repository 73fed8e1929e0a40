"""Run every notebook and drive every widget on built tables; print the seconds against the bars.

    .venv/bin/python benchmarks/interactive.py --data /tmp/kit-1000/data [--corpus DIR] [--notebooks DIR]
        [--skip-notebooks] [--skip-widgets] [--charts network timeline] [--verbose]

Notebooks: each notebook in --notebooks runs top to bottom headless (papermill, a fresh kernel, as
`python -m analysis.report` runs it) with DATA_DIR = --data, CORPUS_DIR = --corpus and REPORTS_DIR a
temporary folder; the wall time includes starting the kernel. Bar: 60 s per notebook.

Widgets: the tables are loaded once (`analysis.load_tables`) and an `ActorExplorer` is made for each
chart it offers. A scripted session then sets control values as JupyterLab does when the analyst
clicks (`control.value = …`, so the explorer's observer redraws the chart and the evidence and
renders the PNG it shows): picking actors one by one, searching the actor list a keystroke at a
time, kinds, minimum mentions, years, event roots, quad classes, the heatmap's period, and switching
chart. Each change is timed from setting the value to the observer returning; matplotlib runs on Agg,
the engine of the notebooks' inline backend. Each notebook has its own kernel with one explorer, so
each chart's explorer is closed and collected before the next one opens (ipywidgets keeps every
widget alive until it is closed). Bar: 1 s per change.

The tables are read, never written; executed notebooks and exports go to a temporary folder. To make
tables of N UN speeches, `benchmarks/throughput.py --n N --keep DIR` leaves them in DIR/N/data (and
the speeches in DIR/N/corpus).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import matplotlib  # noqa: E402

matplotlib.use("Agg")  # the inline backend draws with Agg

NOTEBOOK_BAR = 60.0  # seconds for a notebook top to bottom
REDRAW_BAR = 1.0  # seconds from a widget change to the new chart
NOTEBOOK_TIMEOUT = 600  # per cell; a notebook this slow fails the bar anyway


# ─── Notebooks ────────────────────────────────────────────────────────────────────────────


def slowest_cell(executed: Path) -> tuple[float, str]:
    """(seconds, first line) of the slowest code cell, from papermill's per-cell timings."""
    import nbformat

    notebook = nbformat.read(executed, as_version=4)
    timed = [
        (cell.metadata.get("papermill", {}).get("duration") or 0.0, cell.source.strip().splitlines()[0] if cell.source.strip() else "")
        for cell in notebook.cells if cell.cell_type == "code"
    ]
    return max(timed, default=(0.0, ""))


def run_notebooks(notebooks: list[Path], *, data: Path, corpus: Path, scratch: Path) -> list[tuple[str, float, bool]]:
    from analysis.report import run_notebook

    results = []
    print(f"\nnotebooks (bar: {NOTEBOOK_BAR:.0f} s each, kernel start included)")
    for notebook in notebooks:
        output = scratch / "notebooks" / notebook.name
        parameters = {"DATA_DIR": str(data), "CORPUS_DIR": str(corpus), "REPORTS_DIR": str(scratch / "reports" / notebook.stem)}
        started = time.perf_counter()
        run = run_notebook(notebook, output, parameters=parameters, timeout=NOTEBOOK_TIMEOUT)
        seconds = time.perf_counter() - started
        ok = run.ok and seconds < NOTEBOOK_BAR
        cell_seconds, cell = slowest_cell(output) if output.exists() else (0.0, "")
        verdict = "ok" if ok else ("FAILED" if not run.ok else "SLOW")
        print(f"  {notebook.stem:<22} {seconds:6.1f} s  {verdict:<6}  slowest cell {cell_seconds:5.1f} s: {cell[:60]}")
        if not run.ok:
            print("    " + run.error.splitlines()[0])
        results.append((notebook.stem, seconds, ok))
    return results


# ─── Widgets ──────────────────────────────────────────────────────────────────────────────


def changes(explorer, chart: str) -> list[tuple[str, object, object]]:
    """The scripted session for one chart: (what, control, value), in the order an analyst clicks.

    Every filter ends back where it started, so each group starts from the whole tables."""
    actors = [value for _, value in explorer.actor_select.options]
    years = explorer._years
    middle = years[len(years) // 2]
    kinds = [value for _, value in explorer.kind_select.options]
    most = explorer.min_mentions.max
    session = [(f"pick actor {index + 1}", explorer.actor_select, tuple(actors[: index + 1])) for index in range(min(3, len(actors)))]
    session += [
        ("pick a less mentioned actor", explorer.actor_select, tuple(actors[len(actors) // 2: len(actors) // 2 + 1])),
        ("clear actors (all)", explorer.actor_select, ()),
    ]
    for kind in kinds[:2]:
        session.append((f"kind {kind}", explorer.kind_select, (kind,)))
    session.append(("clear kinds", explorer.kind_select, ()))
    for minimum in sorted({min(5, most), min(50, most), max(most // 4, 1)}):
        session.append((f"min. mentions {minimum}", explorer.min_mentions, minimum))
    session.append(("min. mentions 1", explorer.min_mentions, 1))
    session += [
        (f"years {middle}–{years[-1]}", explorer.years, (middle, years[-1])),
        (f"years {middle}–{min(middle + 9, years[-1])}", explorer.years, (middle, min(middle + 9, years[-1]))),
        (f"years {years[0]}–{years[-1]}", explorer.years, (years[0], years[-1])),
    ]
    if chart in ("timeline", "heatmap"):
        roots = [value for _, value in explorer.root_select.options]
        for root in roots[:1] + roots[len(roots) // 2: len(roots) // 2 + 1]:
            session.append((f"root {root}", explorer.root_select, (root,)))
        session.append(("clear roots", explorer.root_select, ()))
        session += [("quad 1", explorer.quad_select, (1,)), ("quad 3, 4", explorer.quad_select, (3, 4)), ("clear quads", explorer.quad_select, ())]
    if chart == "heatmap":
        session += [("period 5y", explorer.period_select, "5y"), ("period year", explorer.period_select, "year"),
                    ("period decade", explorer.period_select, "decade")]
    return session


def typing(explorer, word: str) -> list[tuple[str, object, object]]:
    """Typing `word` into the actor search box, one keystroke at a time, then clearing it."""
    return [(f"search {word[: index + 1]!r}", explorer.search, word[: index + 1]) for index in range(len(word))] + [
        ("clear search", explorer.search, "")]


def timed(steps) -> list[tuple[str, float]]:
    results = []
    for what, control, value in steps:
        started = time.perf_counter()
        control.value = value
        results.append((what, time.perf_counter() - started))
    return results


def run_widgets(data: Path, charts: list[str], *, scratch: Path, verbose: bool) -> list[tuple[str, float, float, bool]]:
    import gc

    import ipywidgets

    import analysis
    from analysis.widgets import CHART_LABELS, ActorExplorer

    started = time.perf_counter()
    tables = analysis.load_tables(data)
    print(f"\nwidgets (bar: {REDRAW_BAR:.0f} s per change; tables loaded in {time.perf_counter() - started:.1f} s: "
          f"{len(tables.documents):,} documents, {len(tables.mentions):,} mentions, {len(tables.events):,} events)")
    results = []
    for chart in charts or list(CHART_LABELS):
        started = time.perf_counter()
        explorer = ActorExplorer(tables, chart=chart, reports_dir=scratch / "reports" / "widgets")
        opened = time.perf_counter() - started
        steps = timed(changes(explorer, chart))
        search = timed(typing(explorer, "united"))
        switches = timed([(f"switch to {other}", explorer.chart_select, other) for other in (*[c for c in CHART_LABELS if c != chart], chart)])
        redraws = [seconds for _, seconds in steps + switches]
        worst = max(steps + switches, key=lambda step: step[1])
        slowest, median = max(redraws), statistics.median(redraws)
        ok = slowest < REDRAW_BAR
        print(f"  {chart:<9} open {opened:5.2f} s · {len(redraws):2d} changes: max {slowest:5.2f} s, median {median:5.2f} s  "
              f"{'ok' if ok else 'SLOW'}  (slowest: {worst[0]}) · search keystroke max {max(s for _, s in search):.2f} s")
        if verbose:
            for what, seconds in steps + search + switches:
                print(f"      {seconds:6.3f} s  {what}")
        results.append((chart, slowest, median, ok))
        ipywidgets.Widget.close_all()
        del explorer
        gc.collect()
    print(f"  peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the built tables (python -m analysis build … --out DIR)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds", help="CORPUS_DIR for the notebooks (used only without tables)")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks")
    parser.add_argument("--charts", nargs="*", default=[], help="only these widget charts (default: all)")
    parser.add_argument("--skip-notebooks", action="store_true")
    parser.add_argument("--skip-widgets", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="print every widget change")
    arguments = parser.parse_args()
    data = arguments.data.resolve()
    from analysis import has_tables

    if not has_tables(data):
        sys.exit(f"--data {data} holds no tables; build them first: python -m analysis build CORPUS --out {data}")

    from analysis.report import find_notebooks

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, matplotlib {matplotlib.__version__} "
          f"({matplotlib.get_backend()}); tables: {data}")
    failed = []
    with tempfile.TemporaryDirectory(prefix="kit-interactive-") as scratch:
        scratch = Path(scratch)
        if not arguments.skip_notebooks:
            notebooks = run_notebooks(find_notebooks(arguments.notebooks), data=data, corpus=arguments.corpus.resolve(), scratch=scratch)
            failed += [name for name, _, ok in notebooks if not ok]
        if not arguments.skip_widgets:
            widgets = run_widgets(data, arguments.charts, scratch=scratch, verbose=arguments.verbose)
            failed += [f"{chart} widget" for chart, _, _, ok in widgets if not ok]
    print(f"\n{'all within the bars' if not failed else 'over the bar: ' + ', '.join(failed)}")


if __name__ == "__main__":
    main()
