"""Where extraction runs: worker processes on this machine (`local`) or a Dask cluster (`dask`).

Both engines take batches of jobs and yield `(doc_id, rows)` in input order, so the tables a build
writes do not depend on the engine. Each worker process loads the pipeline and knowledge base once and
keeps them; only the texts go out and only the finished rows come back, never spaCy Docs.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
import time
import warnings
from collections import deque
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable, Iterator

from analysis.fingerprints import actors_fingerprint, code_fingerprint
from analysis.knowledge import load_knowledge_base
from analysis.nlp import load_pipeline
from analysis.pipeline import Job, process

ENGINES = ("local", "dask")
Results = Iterator[tuple[str, dict[str, list[dict]]]]
# Batches in flight per worker: enough that no worker waits for the next one, few enough that the rows
# waiting to be written stay a bounded amount of memory whatever the corpus size.
IN_FLIGHT_PER_WORKER = 2
SCHEMES = ("tcp", "tls")  # the Dask addresses allowed: plain TCP, or TLS with a `security`
# Every wait on a Dask cluster is bounded (seconds), so a build never holds its data folder's lock forever.
CONNECT_TIMEOUT = 20.0  # to reach the scheduler and register with it (TCP, TLS and Dask handshakes)
CALL_TIMEOUT = 60.0  # one question to the cluster: its workers, the version check (a worker imports the kit for it)
# Per batch, counted from when the build starts waiting for it: a base for a worker loading the pipeline or
# finishing the batch ahead of it, plus the text at a tenth of the speed of one core here (about 18,000
# characters a second on a UN speech), so 2 speeches get about 6 minutes and 2 documents at the 2 MB file
# limit under an hour.
TASK_TIMEOUT = 300.0
TASK_SECONDS_PER_MILLION_CHARACTERS = 600.0

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


def tls_security(*, ca_file: str | os.PathLike | None, cert: str | os.PathLike | None, key: str | os.PathLike | None = None):
    """A `distributed.Security` for a tls:// scheduler from PEM files: the cluster's certificate authority
    (to check the scheduler), this client's certificate signed by it, and its key if not in the same file."""
    from distributed import Security

    if ca_file is None or cert is None:
        raise ValueError("TLS needs both a CA file and a client certificate (--tls-ca-file and --tls-cert); "
                         f"given: ca_file={ca_file!r}, cert={cert!r}")
    for name, value in (("ca_file", ca_file), ("cert", cert), ("key", key)):
        if value is not None and not Path(value).is_file():
            raise FileNotFoundError(f"{name}={str(value)!r} is not a file; a PEM file is expected")
    return Security(tls_ca_file=str(ca_file), tls_client_cert=str(cert), tls_client_key=None if key is None else str(key),
                    require_encryption=True)


def _checked_security(scheduler: str, security):
    """The `Security` to connect to `scheduler` with (None for tcp://); security only with tls://, TLS only with credentials."""
    from distributed import Security
    from distributed.comm import parse_address

    allowed = "tcp://HOST:PORT (this machine or a network you control) or tls://HOST:PORT with security"
    try:
        scheme, _ = parse_address(scheduler)
    except (TypeError, ValueError) as error:
        raise ValueError(f"scheduler={scheduler!r} is not a Dask address; allowed: {allowed}") from error
    if scheme not in SCHEMES:
        raise ValueError(f"scheduler={scheduler!r} uses {scheme}://; allowed: {allowed}")
    if security is not None and not isinstance(security, Security):
        raise ValueError(f"security={security!r} is not allowed; allowed: None or a distributed.Security "
                         "(e.g. analysis.engines.tls_security(ca_file=..., cert=..., key=...))")
    if scheme == "tcp":
        if security is not None:
            raise ValueError(f"security is given but scheduler={scheduler!r} is not encrypted; allowed with security: tls://HOST:PORT")
        return None
    security = security or Security()  # the Dask configuration's distributed.comm.tls.* settings, if any
    if not (security.tls_ca_file and security.tls_client_cert):
        raise ValueError(f"scheduler={scheduler!r} is a tls:// address but no TLS credentials were given; allowed: "
                         "--tls-ca-file and --tls-cert (security=analysis.engines.tls_security(...)), or a distributed.Security "
                         "with tls_ca_file and tls_client_cert")
    return security


def batch_timeout(batch: list[Job]) -> float:
    """Seconds the build waits for one batch's rows: TASK_TIMEOUT plus TASK_SECONDS_PER_MILLION_CHARACTERS of its text."""
    return TASK_TIMEOUT + TASK_SECONDS_PER_MILLION_CHARACTERS * sum(len(job.text) for job in batch) / 1_000_000


def _connect(scheduler: str, security):
    """A Client of `scheduler`, connected within CONNECT_TIMEOUT or closed again and a ClusterError raised."""
    from distributed import Client

    class BoundedClient(Client):
        # distributed waits for the scheduler's handshake without a timeout (a socket that accepts and never answers
        # would hang the build forever), so the whole start is bounded here.
        def start(self, **kwargs):
            try:
                super().start(callback_timeout=CONNECT_TIMEOUT, **kwargs)
            except BaseException:
                _close(self, scheduler)  # the constructor raises: nobody else can close this client
                raise

    try:
        # distributed's own connect timeout is the shorter one, so an address that refuses or drops connections is
        # reported as unreachable rather than as a scheduler that does not answer.
        return BoundedClient(scheduler, timeout=CONNECT_TIMEOUT / 2, set_as_default=False, security=security)
    except TimeoutError as error:  # before OSError, of which it is one
        raise ClusterError(f"the Dask scheduler at {scheduler} accepted the connection but did not answer within "
                           f"{CONNECT_TIMEOUT:g} s (connect and handshake); is a Dask scheduler listening there?") from error
    except OSError as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
    except ImportError as error:  # the scheduler refused this client's versions of Dask's packages
        raise ClusterError(f"the Dask scheduler at {scheduler} refused this client: {error}") from error


def _close(client, scheduler: str) -> None:
    """Close `client` within CONNECT_TIMEOUT. A close that fails is warned of, not raised: it must not hide the error
    that led here, and after a finished build every row is already in."""
    try:
        client.close(timeout=CONNECT_TIMEOUT)
    except Exception as error:  # noqa: BLE001 - a half-started client can fail to close in several ways
        warnings.warn(f"the connection to the Dask scheduler at {scheduler} did not close cleanly within {CONNECT_TIMEOUT:g} s: "
                      f"{error!r}", RuntimeWarning, stacklevel=2)


def _check_versions(client, scheduler: str, workers: dict[str, int], actor_files: tuple[str, ...]) -> None:
    """Refuse workers whose kit or actor files differ from ours; each must answer within CALL_TIMEOUT."""
    ours = _fingerprints(actor_files)
    futures = {address: client.submit(_fingerprints, actor_files, workers=[address], allow_other_workers=False, pure=False)
               for address in workers}
    deadline = time.monotonic() + CALL_TIMEOUT
    theirs = {}
    for address, future in futures.items():
        try:
            theirs[address] = future.result(timeout=max(0.0, deadline - time.monotonic()))
        except TimeoutError as error:
            raise ClusterError(f"Dask worker {address} (scheduler {scheduler}) did not answer the version check within "
                               f"{CALL_TIMEOUT:g} s (busy with other tasks, or hung)") from error
    mismatched = sorted(address for address, fingerprints in theirs.items() if tuple(fingerprints) != ours)
    if mismatched:
        raise ClusterError(f"Dask workers {', '.join(mismatched)} run another version of the kit's code or rule files, or read "
                           "other actor files; install this kit and the same actor files (same paths) on them")


def dask(batches: Iterable[list[Job]], *, scheduler: str, model: str | None, actor_files: tuple[str, ...], security=None,
         task_timeout: float | None = None) -> Results:
    """Run batches on the Dask cluster whose scheduler listens at `scheduler` (e.g. tcp://127.0.0.1:8786 or tls://10.0.0.5:8786).

    The workers need this kit, the spaCy model and any `actor_files` at the same paths; a worker whose
    kit or actor files differ from these would write different rows, so the build refuses to start with it.
    A tls:// scheduler needs `security` (a `distributed.Security`, see `tls_security`). Dask's protocol is
    pickle: whoever can reach the scheduler can run code on the workers and, through the rows, here; use
    only clusters you control. Every wait is bounded: CONNECT_TIMEOUT to connect, CALL_TIMEOUT per question,
    and `task_timeout` seconds per batch (default: `batch_timeout`), each a ClusterError when exceeded."""
    security = _checked_security(scheduler, security)
    if task_timeout is not None and (isinstance(task_timeout, bool) or not isinstance(task_timeout, (int, float))
                                     or not task_timeout > 0):
        raise ValueError(f"task_timeout={task_timeout!r} is not allowed; allowed: None (scaled to each batch's text) "
                         "or a number of seconds > 0")
    timeout_for = batch_timeout if task_timeout is None else (lambda batch: float(task_timeout))
    return _on_cluster(batches, scheduler=scheduler, security=security, model=model, actor_files=actor_files, timeout_for=timeout_for)


def _on_cluster(batches: Iterable[list[Job]], *, scheduler: str, security, model: str | None, actor_files: tuple[str, ...],
                timeout_for: Callable[[list[Job]], float]) -> Results:
    client = _connect(scheduler, security)
    try:
        try:
            workers = client.nthreads(callback_timeout=CALL_TIMEOUT)
        except TimeoutError as error:
            raise ClusterError(f"the Dask scheduler at {scheduler} did not list its workers within {CALL_TIMEOUT:g} s") from error
        if not workers:
            raise ClusterError(f"the Dask scheduler at {scheduler} has no workers")
        _check_versions(client, scheduler, workers, actor_files)

        def submit(batch: list[Job]) -> tuple:
            # the texts are not kept here once sent: only what the timeout and its message need
            future = client.submit(run_jobs, batch, model, actor_files, pure=False)
            return future, len(batch), sum(len(job.text) for job in batch), timeout_for(batch)

        def result(pending: tuple) -> list:
            future, documents, characters, seconds = pending
            try:
                return future.result(timeout=seconds)
            except TimeoutError as error:
                raise ClusterError(f"the Dask cluster at {scheduler} returned no rows for a batch of {documents} documents "
                                   f"({characters:,} characters) within {seconds:g} s (task_timeout)") from error
            except CancelledError as error:
                raise ClusterError(f"the Dask cluster at {scheduler} dropped a batch of {documents} documents "
                                   "(the scheduler restarted or the connection was lost)") from error

        yield from _in_order(batches, submit=submit, result=result, window=IN_FLIGHT_PER_WORKER * sum(workers.values()))
    finally:
        _close(client, scheduler)


def extract(batches: Iterable[list[Job]], *, engine: str, workers: int, scheduler: str | None, model: str | None,
            actor_files: tuple[str, ...], security=None, task_timeout: float | None = None) -> Results:
    """Dispatch to the chosen engine (see the module docstring); `security` and `task_timeout` are the dask engine's."""
    if engine == "local":
        if security is not None or task_timeout is not None:
            raise ValueError("security and task_timeout are used only by the dask engine (engine='dask')")
        return local(batches, workers=workers, model=model, actor_files=actor_files)
    return dask(batches, scheduler=scheduler, model=model, actor_files=actor_files, security=security, task_timeout=task_timeout)
