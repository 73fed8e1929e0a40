"""The UN General Debate Corpus for the benchmarks: unpacked once outside the repository, sampled evenly."""

from __future__ import annotations

import shutil
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ARCHIVE = ROOT.parent / "shared" / "corpora" / "ungdc-1946-2024.tar.xz"
DEFAULT_UNPACKED = Path(tempfile.gettempdir()) / "analysis-kit-ungdc"


def unpack(archive: Path, target: Path) -> Path:
    """The unpacked corpus folder, unpacking `archive` into `target` the first time."""
    done = target / ".unpacked"
    if not done.exists():
        if not archive.exists():
            sys.exit(f"corpus archive {archive} not found; pass --archive PATH (it lives in ../shared/corpora)")
        target.mkdir(parents=True, exist_ok=True)
        print(f"unpacking {archive.name} into {target} …", file=sys.stderr)
        with tarfile.open(archive) as tar:
            tar.extractall(target, filter="data")
        done.touch()
    return target


def sample(unpacked: Path, n: int) -> list[Path]:
    speeches = sorted(unpacked.rglob("*_*_*.txt"))
    if n >= len(speeches):
        return speeches
    step = len(speeches) / n
    return [speeches[int(index * step)] for index in range(n)]


def make_corpus(speeches: list[Path], unpacked: Path, folder: Path) -> None:
    for speech in speeches:
        destination = folder / speech.relative_to(unpacked)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(speech, destination)
