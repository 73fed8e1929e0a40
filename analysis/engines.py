"""Where extraction runs: worker processes on this machine (`local`) or a Dask cluster (`dask`).

Both engines take batches of jobs and yield `(doc_id, rows)` in input order, so the tables a build
writes do not depend on the engine. Each worker process loads the pipeline and knowledge base once and
keeps them; only the texts go out and only the finished rows come back, never spaCy Docs.
"""

from __future__ import annotations

import itertools
import multiprocessing
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Callable, Iterable, Iterator

from analysis.knowledge import load_knowledge_base
from analysis.nlp import load_pipeline
from analysis.pipeline import Job, process

ENGINES = ("local", "dask")
Results = Iterator[tuple[str, dict[str, list[dict]]]]
# Batches in flight per worker: enough that no worker waits for the next one, few enough that the rows
# waiting to be written stay a bounded amount of memory whatever the corpus size.
IN_FLIGHT_PER_WORKER = 2
CONNECT_TIMEOUT = "20s"  # how long to wait for a Dask scheduler before giving up

# A Dask worker may run several tasks on threads at once; spaCy pipelines are not meant to be shared
# between threads, so one extraction runs at a time per process (parallelism comes from processes).
_EXTRACTION_LOCK = threading.Lock()


class ClusterError(RuntimeError):
    """The Dask cluster cannot run this build (unreachable, no workers, another version of the kit)."""


def run_jobs(jobs: list[Job], model: str | None, actor_files: tuple[str, ...]) -> list[tuple[str, dict[str, list[dict]]]]:
    """Extract one batch in this process, with the pipeline it loaded (or inherited through fork) before."""
    with _EXTRACTION_LOCK:
        return [(job.doc_id, rows) for job, rows in process(*_loaded(model, actor_files), jobs)]


def _loaded(model: str | None, actor_files: tuple[str, ...]):
    """The pipeline and knowledge base, each loaded once per process (both loaders cache)."""
    return load_pipeline(model, actor_files), load_knowledge_base(actor_files)


def _fingerprints(actor_files: tuple[str, ...]) -> tuple[str, str]:
    """What a worker would put into cache keys: its kit's code and its copies of the actor files."""
    from analysis.build import actors_fingerprint, code_fingerprint

    return code_fingerprint(), actors_fingerprint(actor_files)


def _in_order(batches: Iterable[list[Job]], submit: Callable[[list[Job]], object], result: Callable[[object], list], window: int) -> Results:
    """Submit batches with at most `window` in flight; yield their rows in submission order."""
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield from result(pending.popleft())
    while pending:
        yield from result(pending.popleft())


def local(batches: Iterable[list[Job]], *, workers: int, model: str | None, actor_files: tuple[str, ...]) -> Results:
    """Run batches on `workers` forked processes (in this process when `workers` is 1)."""
    batches = iter(batches)
    first = next(batches, None)
    if first is None:
        return  # nothing changed: the pipeline is not even loaded
    batches = itertools.chain([first], batches)
    _loaded(model, actor_files)  # before forking, so the workers share the loaded pipeline's pages
    if workers <= 1:
        for batch in batches:
            yield from run_jobs(batch, model, actor_files)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from _in_order(
            batches,
            submit=lambda batch: pool.submit(run_jobs, batch, model, actor_files),
            result=Future.result,
            window=IN_FLIGHT_PER_WORKER * workers,
        )


def dask(batches: Iterable[list[Job]], *, scheduler: str, model: str | None, actor_files: tuple[str, ...]) -> Results:
    """Run batches on the Dask cluster whose scheduler listens at `scheduler` (e.g. tcp://10.0.0.5:8786).

    The workers need this kit, the spaCy model and any `actor_files` at the same paths; a worker whose
    kit or actor files differ from these would write different rows, so the build refuses to start with it."""
    from distributed import Client

    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except OSError as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
    with client:
        workers = client.nthreads()
        if not workers:
            raise ClusterError(f"the Dask scheduler at {scheduler} has no workers")
        ours = _fingerprints(actor_files)
        theirs = client.run(_fingerprints, actor_files)
        mismatched = sorted(address for address, fingerprints in theirs.items() if tuple(fingerprints) != ours)
        if mismatched:
            raise ClusterError(f"Dask workers {', '.join(mismatched)} run another version of the kit's code or rule files, or read "
                               "other actor files; install this kit and the same actor files (same paths) on them")
        yield from _in_order(
            batches,
            submit=lambda batch: client.submit(run_jobs, batch, model, actor_files, pure=False),
            result=lambda future: future.result(),
            window=IN_FLIGHT_PER_WORKER * sum(workers.values()),
        )


def extract(batches: Iterable[list[Job]], *, engine: str, workers: int, scheduler: str | None, model: str | None, actor_files: tuple[str, ...]) -> Results:
    """Dispatch to the chosen engine (see the module docstring)."""
    if engine == "local":
        return local(batches, workers=workers, model=model, actor_files=actor_files)
    return dask(batches, scheduler=scheduler, model=model, actor_files=actor_files)
