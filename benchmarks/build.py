"""Build N speeches of the UN General Debate Corpus and print documents/s, tokens/s and peak memory.

    .venv/bin/python benchmarks/build.py --n 100 [--workers 2] [--archive ../shared/corpora/ungdc-1946-2024.tar.xz]

The archive is unpacked once into a folder outside the repository (default: the system's temporary
folder); the N speeches are taken evenly across the sessions (sorted paths, every k-th file) and
copied into a fresh corpus folder, so each run is a cold build. A second, no-change build follows.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
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


def count_tokens(folder: Path) -> int:
    """Tokens as the trained pipeline's tokenizer counts them (the tokenizer alone is cheap)."""
    from analysis.nlp import load_pipeline
    from analysis.corpus import Document, read_corpus

    tokenizer = load_pipeline().tokenizer
    return sum(len(tokenizer(item.text)) for item in read_corpus(folder) if isinstance(item, Document))


def peak_rss_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest child process, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="number of speeches (default 100)")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE)
    parser.add_argument("--unpacked", type=Path, default=DEFAULT_UNPACKED, help="where to unpack (outside the repository)")
    arguments = parser.parse_args()

    from analysis.build import build

    unpacked = unpack(arguments.archive, arguments.unpacked)
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as scratch:
        corpus, data = Path(scratch) / "corpus", Path(scratch) / "data"
        make_corpus(sample(unpacked, arguments.n), unpacked, corpus)
        tokens = count_tokens(corpus)
        started = time.perf_counter()
        report = build(corpus, data, workers=arguments.workers, progress=False)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        build(corpus, data, workers=arguments.workers, progress=False)
        warm = time.perf_counter() - started
    own, child = peak_rss_mib()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; workers={arguments.workers}")
    print(f"speeches: {report.documents} documents, {report.problems} problems, {tokens:,} tokens")
    print(f"cold build: {cold:.1f} s  →  {report.documents / cold:.2f} documents/s, {tokens / cold:,.0f} tokens/s")
    print(f"no-change rebuild: {warm:.2f} s ({100 * warm / cold:.1f}% of the cold build)")
    print(f"peak RSS: main process {own:,.0f} MiB, largest worker {child:,.0f} MiB")


if __name__ == "__main__":
    main()
