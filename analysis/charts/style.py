"""The report style, figures that show themselves in a notebook, and the notes every chart carries."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import Iterable

import matplotlib
import matplotlib.style
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine


STYLE_PATH = Path(__file__).resolve().parent.parent / "data" / "report.mplstyle"
SCREEN_DPI = 110  # notebooks and widgets; exports use 300
NO_DATA = "no data for these filters"
NO_DATA_GID = "no-data"
UNSTATED = "(unstated)"
GOLDSTEIN = Normalize(vmin=-10.0, vmax=10.0)  # the codebook's range, so 0 sits in the middle of the map
STANCE_SCALE = "mean stance score (Goldstein scale)"  # the heatmap: events and language on one scale


def report_style():
    """A context manager applying analysis/data/report.mplstyle (the kit's one report style)."""
    return matplotlib.style.context(STYLE_PATH)


def palette(keys: Iterable[str]) -> dict[str, str]:
    """Fixed colours for a declared vocabulary, from the style's colour cycle, in declared order."""
    colours = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
    return {key: colours[index % len(colours)] for index, key in enumerate(keys)}


class ReportFigure(Figure):
    """A Figure that shows itself in a notebook: it is not a pyplot figure, so the inline backend,
    which renders pyplot figures only once pyplot is imported, would otherwise print its repr."""

    def _repr_png_(self) -> bytes:
        # On screen the figure is drawn once, at its own size and resolution, straight on an Agg canvas:
        # savefig would draw it twice (a pass for the layout, then the picture) and crop it tight, which
        # constrained layout makes needless on screen (exports keep savefig's tight crop). Fast
        # compression suits an image shown, not archived (a few percent larger).
        buffer = io.BytesIO()
        self.set_dpi(SCREEN_DPI)
        with report_style():
            FigureCanvasAgg(self).print_png(buffer, pil_kwargs={"compress_level": 1})
        return buffer.getvalue()


def new_figure(width: float, height: float, **subplots):
    figure = ReportFigure(figsize=(width, min(max(height, 3.2), 14.0)))
    return figure, figure.subplots(**subplots)


def no_data(ax, message: str = NO_DATA) -> None:
    # The gid marks the message, so a panel can say why its filters left nothing (analysis.widgets).
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", fontsize=11, color="#666666", gid=NO_DATA_GID)
    ax.set_xticks([])
    ax.set_yticks([])


def shorten(text: object, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def document_labels(documents: pd.DataFrame) -> list[str]:
    titles = documents["title"].astype("object").where(documents["title"].notna() & (documents["title"] != ""))
    labels = titles.fillna(documents["path"].astype("object")).fillna(documents["doc_id"].astype("object"))
    return [shorten(label, 48) for label in labels]


def source_note(fig: Figure, documents: pd.DataFrame):
    """Add "Source: <n> documents: <titles or paths>" at the bottom of `fig`, with room kept for it."""
    if not isinstance(documents, pd.DataFrame):
        raise TypeError(f"documents must be a DataFrame (rows of the documents table), not {type(documents).__name__}")
    documents = documents.drop_duplicates("doc_id") if "doc_id" in documents else documents
    count = len(documents)
    note = f"Source: {count} document{'' if count == 1 else 's'}"
    if count:
        labels = document_labels(documents)
        listed = "; ".join(labels[:4]) + (f"; and {count - 4} more" if count > 4 else "")
        note += f": {listed}"
    fontsize = 7.5
    width, height = fig.get_size_inches()
    lines = textwrap.wrap(note, width=max(int(width * 72 / (fontsize * 0.55)), 30), max_lines=2, placeholder=" …")
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        # Constrained layout ignores free figure text; keep a band at the bottom for the note.
        band = (len(lines) * fontsize * 1.35 + 6) / 72 / height
        engine.set(rect=(0, band, 1, 1 - band))
    return fig.text(0.01, 3 / 72 / height, "\n".join(lines), ha="left", va="bottom", fontsize=fontsize, color="#555555")


def goldstein_colours(cmap, weights: np.ndarray) -> np.ndarray:
    """One RGBA row per Goldstein weight on `cmap` (grey for a missing weight), in one call: colouring
    thousands of events one by one is what made a timeline slow to redraw."""
    colours = cmap(GOLDSTEIN(np.nan_to_num(weights)))
    colours[np.isnan(weights)] = (0.6, 0.6, 0.6, 1.0)
    return colours


def goldstein_colorbar(fig: Figure, ax, cmap, *, label: str = "Goldstein weight", **options) -> None:
    bar = fig.colorbar(ScalarMappable(norm=GOLDSTEIN, cmap=cmap), ax=ax, ticks=[-10, -5, 0, 5, 10], **options)
    bar.set_label(label)
    bar.ax.set_yticklabels(["−10 conflict", "−5", "0", "+5", "+10 cooperation"])
