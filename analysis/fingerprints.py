"""Fingerprints of what makes rows: the kit's code and rule files, and the knowledge-base files in use.

A build's cache key (analysis.build) and the Dask engine's check that workers run the same kit
(analysis.engines) both read them; they live apart from both so neither imports the other.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from analysis import knowledge

PACKAGE_DIR = Path(__file__).parent

# Files that only show or export tables: editing a chart must not make every document stale. Any other
# file, including one added later, counts as making rows.
# How tables are stored, checked and exported (store.py, export.py) makes no rows either.
PRESENTATION_FILES = frozenset({"__main__.py", "cli.py", "widgets.py", "widget_options.py", "report.py", "report_index.py",
                                "workbook.py", "evaluate.py", "report.mplstyle",
                                "store.py", "export.py", "atomic.py"})
PRESENTATION_PACKAGES = frozenset({"charts"})  # every file of analysis/charts/ only draws
# Files that only make the tables spanning documents (dyads, reversals), which every build recomputes from the
# stored observations: changing how reversals are found must not re-read every document either.
CORPUS_WIDE_FILES = frozenset({"reversals.py", "reversal_runs.py", "stance_series.py", "families.py"})


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 over the kit's code and rule files: any change to how rows are made invalidates the cache."""
    digest = hashlib.sha256()
    # Subpackages (analysis/events/) make rows too; caches and compiled files do not.
    code = [path for path in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in path.parts]
    for path in sorted([*code, *PACKAGE_DIR.glob("data/*")]):
        relative = path.relative_to(PACKAGE_DIR)
        if path.is_file() and path.name not in PRESENTATION_FILES | CORPUS_WIDE_FILES and relative.parts[0] not in PRESENTATION_PACKAGES:
            digest.update(relative.as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def actors_fingerprint(extra_files: Iterable[str]) -> str:
    """sha256 over every knowledge-base file in use, the user's included (--actors, $ANALYSIS_ACTORS):
    an actor added there must reach the documents that mention it."""
    digest = hashlib.sha256()
    for path in knowledge.actor_files(tuple(extra_files)):
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
    return digest.hexdigest()[:16]
