"""File names that are safe whatever an actor is called, and the export of a figure as PNG, SVG and PDF."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Iterable

from matplotlib.figure import Figure

from analysis.charts.style import report_style
from analysis.charts.options import choices_option


FORMATS = ("png", "svg", "pdf")
MAX_FILENAME = 100
# Windows refuses these as file names whatever the extension; an actor could be called "Con".
RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}


# Reproducible exports: no time stamps inside the files, so re-exporting changes nothing.
_METADATA = {"png": {}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}


def safe_filename(name: object, *, fallback: str = "chart") -> str:
    """A file name safe whatever `name` holds: ASCII letters, digits, ".", "_" and "-" only, no path
    separators, no leading dot, no "..", at most 100 characters, never empty ("chart" instead). Other scripts
    are transliterated ("Путин" → "Putin"), so non-Latin names do not all become "chart"."""
    from anyascii import anyascii

    ascii_name = anyascii(unicodedata.normalize("NFC", str(name)))
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name)
    cleaned = re.sub(r"\.{2,}", "_", cleaned)  # ".." never survives, even between other characters
    cleaned = re.sub(r"_{2,}", "_", cleaned).strip("._-")[:MAX_FILENAME].strip("._-")
    if not cleaned:
        return fallback
    if cleaned.split(".")[0].upper() in RESERVED_NAMES:
        cleaned = f"_{cleaned}"[:MAX_FILENAME]
    return cleaned


def output_path(directory: str | os.PathLike, name: object, suffix: str) -> Path:
    """`directory/<safe name>.<suffix>`, refusing any path that resolves outside `directory`
    (a symlink planted under the name included)."""
    if not re.fullmatch(r"[a-z0-9]{1,8}", suffix):
        raise ValueError(f"suffix={suffix!r} is not a file suffix; allowed: 1–8 lower-case letters or digits, such as 'png'")
    root = Path(directory).resolve()
    path = root / f"{safe_filename(name)}.{suffix}"
    if path.resolve().parent != root:
        raise ValueError(f"refusing to write {str(path)!r}: it resolves to {str(path.resolve())!r}, outside {str(root)!r}")
    return path


def export(fig: Figure, name: object, *, directory: str | os.PathLike = "reports", formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write `fig` as `<safe name>.png` (300 dpi), `.svg` and `.pdf` into `directory` (created)
    and return the paths; nothing is ever written outside `directory`."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, not {type(fig).__name__}")
    formats = choices_option("formats", formats, FORMATS) or FORMATS
    Path(directory).mkdir(parents=True, exist_ok=True)
    paths = [output_path(directory, name, suffix) for suffix in formats]
    with report_style():
        for path, suffix in zip(paths, formats):
            fig.savefig(path, format=suffix, dpi=300, metadata=_METADATA[suffix])
    return paths
