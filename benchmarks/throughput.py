"""The kit's build against the trained spaCy pipeline alone, on the same UN speeches: time, memory, rebuilds.

    .venv/bin/python benchmarks/throughput.py [--n 100 1000] [--workers 2] [--keep DIR]
                                              [--part all|raw|kit] [--results FILE]

For each N, in this order and each in a fresh process (so every peak memory figure is its own):
  raw      spacy.load(the trained pipeline) + nlp.pipe(texts, n_process=workers), every Doc consumed;
  kit      build(corpus, out, workers=workers): reading, extraction, every table written;
  rebuild  the same build again with nothing changed: in the same process (as a notebook would) and as
           a fresh `python -m analysis build` (as `make build` would, interpreter start included);
  one      one speech edited, then `python -m analysis build`: only that speech may be processed.
The texts given to spaCy are the documents' texts as the kit reads them. Peak memory is sampled every
0.2 s over the process and its children: the sum of their PSS (shared pages divided among the
processes sharing them) and of their RSS (shared pages counted in each process).
The archive is unpacked once into a folder outside the repository (default: the system's temporary
folder); the N speeches are taken evenly across the sessions (every k-th of the sorted paths).
A size too long for one sitting (the whole corpus: over an hour for each side) can be measured in two:
`--part raw` and `--part kit` (kit, rebuild and one) each add their figures to the JSON file given by
`--results`, and the full report prints once both parts of a size are there. Run both on an idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.build import DOCUMENTS_PER_TASK  # noqa: E402
from benchmarks.ungdc import DEFAULT_ARCHIVE, DEFAULT_UNPACKED, make_corpus, sample, unpack  # noqa: E402

MIB = 1024 * 1024
EDIT = "\n\nThe delegation of Norway welcomed the agreement signed by both parties.\n"


# ─── What the child processes run ──────────────────────────────────────────────────────────


def _texts(corpus: Path) -> list[str]:
    from analysis.corpus import Document, read_corpus

    return [item.text for item in read_corpus(corpus) if isinstance(item, Document)]


def child_raw(corpus: Path, workers: int, batch_size: int) -> dict:
    import spacy

    from analysis.nlp import model_name

    texts = _texts(corpus)
    started = time.perf_counter()
    nlp = spacy.load(model_name())
    tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=workers, batch_size=batch_size))
    return {"seconds": time.perf_counter() - started, "tokens": tokens, "documents": len(texts), "pipes": nlp.pipe_names}


def child_kit(corpus: Path, out: Path, workers: int) -> dict:
    from analysis.build import build

    started = time.perf_counter()
    report = build(corpus, out, workers=workers, progress=False)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    again = build(corpus, out, workers=workers, progress=False)
    return {"seconds": cold, "documents": report.documents, "processed": report.processed, "problems": report.problems,
            "rebuild_seconds": time.perf_counter() - started, "rebuild_processed": again.processed}


def _own_peaks() -> dict:
    return {"self_maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "children_maxrss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


# ─── Running and measuring them ────────────────────────────────────────────────────────────


class TreeMemory(threading.Thread):
    """Samples the summed PSS and RSS of a process and its descendants; keeps the peaks."""

    def __init__(self, pid: int, every: float = 0.2):
        super().__init__(daemon=True)
        self.root, self.every, self.done = psutil.Process(pid), every, threading.Event()
        self.peak_pss = self.peak_rss = 0

    def run(self) -> None:
        while not self.done.is_set():
            pss = rss = 0
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for process in processes:
                try:
                    info = process.memory_full_info()
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                pss, rss = pss + info.pss, rss + info.rss
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
            self.done.wait(self.every)


def measured(command: list[str]) -> dict:
    """Run `command`; its JSON result (when it prints one) with wall time and peak tree memory added."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeMemory(process.pid)
    sampler.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-3000:]}")
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    result = json.loads(lines[-1]) if lines else {}
    return {**result, "wall": wall, "peak_pss_mib": sampler.peak_pss / MIB, "peak_rss_mib": sampler.peak_rss / MIB, "stderr": stderr}


def _child(*arguments: object) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--child", *map(str, arguments)]


def _cli_build(corpus: Path, out: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "analysis", "build", str(corpus), "--out", str(out), "--workers", str(workers), "--quiet"]


def run_size(n: int, unpacked: Path, folder: Path, *, workers: int, batch_size: int, part: str = "all") -> dict:
    corpus, data = folder / "corpus", folder / "data"
    make_corpus(sample(unpacked, n), unpacked, corpus)
    result: dict = {"n": n}
    if part in ("all", "raw"):
        result["raw"] = measured(_child("raw", corpus, workers, batch_size))
    if part in ("all", "kit"):
        result["kit"] = measured(_child("kit", corpus, data, workers))
        result["rebuild"] = measured(_cli_build(corpus, data, workers))
        speeches = sorted(corpus.rglob("*.txt"))
        edited = speeches[len(speeches) // 2]
        with edited.open("a", encoding="utf-8") as handle:
            handle.write(EDIT)
        result["one"], result["edited"] = measured(_cli_build(corpus, data, workers)), edited.name
    return result


def merged(result: dict, results_file: Path | None) -> dict:
    """`result` with the parts of the same size measured earlier and kept in `results_file` (then saved there)."""
    if results_file is None:
        return result
    kept = json.loads(results_file.read_text()) if results_file.exists() else {}
    whole = {**kept.get(str(result["n"]), {}), **result}
    kept[str(result["n"])] = whole
    results_file.write_text(json.dumps(kept, indent=1))
    return whole


def report(result: dict) -> list[str]:
    if "raw" not in result or "kit" not in result:
        part = "raw" if "raw" in result else "kit"
        figures = result[part]
        return [f"── N = {result['n']}: only the {part} part is measured so far: {figures['seconds']:.1f} s, "
                f"peak PSS {figures['peak_pss_mib']:,.0f} MiB; run the other part with the same --results file"]
    raw, kit, rebuild, one = result["raw"], result["kit"], result["rebuild"], result["one"]
    tokens = raw["tokens"]
    ratio = raw["seconds"] / kit["seconds"]
    return [
        f"── N = {result['n']}: {kit['documents']} documents, {tokens:,} tokens, {kit['problems']} problems",
        f"raw spaCy  {raw['seconds']:7.1f} s  {tokens / raw['seconds']:8,.0f} tokens/s  {raw['documents'] / raw['seconds']:5.2f} docs/s"
        f"   peak PSS {raw['peak_pss_mib']:6,.0f} MiB  RSS {raw['peak_rss_mib']:6,.0f} MiB   pipes {','.join(raw['pipes'])}",
        f"kit build  {kit['seconds']:7.1f} s  {tokens / kit['seconds']:8,.0f} tokens/s  {kit['documents'] / kit['seconds']:5.2f} docs/s"
        f"   peak PSS {kit['peak_pss_mib']:6,.0f} MiB  RSS {kit['peak_rss_mib']:6,.0f} MiB"
        f"   (largest process {max(kit['self_maxrss_mib'], kit['children_maxrss_mib']):,.0f} MiB)",
        f"raw_time / kit_time = {ratio:.3f}   (bar ≥ 0.9)",
        f"no-change rebuild: {kit['rebuild_seconds']:.2f} s in the same process ({100 * kit['rebuild_seconds'] / kit['seconds']:.1f}% of cold, "
        f"{kit['rebuild_processed']} processed); {rebuild['wall']:.2f} s as a fresh `python -m analysis build` "
        f"({100 * rebuild['wall'] / kit['seconds']:.1f}%)   (bar ≤ 5%)",
        f"one speech edited ({result['edited']}): {one['wall']:.2f} s, {one['stderr'].strip().splitlines()[-1]}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[100, 1000], help="corpus sizes in speeches (default: 100 1000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="processes for both spaCy and the kit (default: every core)")
    parser.add_argument("--batch-size", type=int, default=DOCUMENTS_PER_TASK,
                        help="texts per nlp.pipe batch for raw spaCy (default: the documents the kit sends per task, %(default)s)")
    parser.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE)
    parser.add_argument("--unpacked", type=Path, default=DEFAULT_UNPACKED, help="where to unpack (outside the repository)")
    parser.add_argument("--keep", type=Path, default=None, help="keep each size's corpus and tables in DIR/<N> (for benchmarks/interactive.py)")
    parser.add_argument("--part", choices=("all", "raw", "kit"), default="all",
                        help="measure only raw spaCy, or only the kit (build, rebuilds, one edit); default both")
    parser.add_argument("--results", type=Path, default=None, help="JSON file that keeps each part's figures across runs")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        kind, *rest = arguments.child
        result = child_raw(Path(rest[0]), int(rest[1]), int(rest[2])) if kind == "raw" else child_kit(Path(rest[0]), Path(rest[1]), int(rest[2]))
        print(json.dumps({**result, **_own_peaks()}))
        return

    unpacked = unpack(arguments.archive, arguments.unpacked)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
          f"Python {platform.python_version()}; workers={arguments.workers}", flush=True)
    results = []
    for n in arguments.n:
        if arguments.keep:
            folder = arguments.keep / str(n)
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            measured_now = run_size(n, unpacked, folder, workers=arguments.workers, batch_size=arguments.batch_size, part=arguments.part)
        else:
            with tempfile.TemporaryDirectory(prefix="kit-throughput-") as scratch:
                measured_now = run_size(n, unpacked, Path(scratch), workers=arguments.workers, batch_size=arguments.batch_size,
                                        part=arguments.part)
        results.append(merged(measured_now, arguments.results))
        print("\n".join(report(results[-1])), flush=True)
    if len(results) > 1 and all("kit" in result for result in results):
        small, large = results[0], results[-1]
        for measure in ("peak_pss_mib", "peak_rss_mib"):
            print(f"memory, {measure.split('_')[1].upper()}: N={large['n']} / N={small['n']} = "
                  f"{large['kit'][measure] / small['kit'][measure]:.2f}   (bar ≤ 1.25)")


if __name__ == "__main__":
    main()
