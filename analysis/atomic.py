"""Files that a reader never sees half-written: written under a temporary name beside them, then renamed over.

Tables (analysis.tables), CSV and Excel exports (analysis.export, analysis.workbook) and the corrections
file (analysis.corrections) are written this way; the store's pointer and manifest add an fsync
(analysis.store).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


@contextlib.contextmanager
def replacing(path: str | os.PathLike):
    """Yield a temporary path beside `path`; once the block has written it, rename it over `path`, so a reader
    never opens half a file (a failed block leaves `path` as it was and no temporary file behind)."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
