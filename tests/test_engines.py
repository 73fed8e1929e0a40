"""Where extraction runs (analysis/engines.py): the Dask engine writes the same tables as the local one,
every wait on a cluster is bounded, and TLS is offered."""

from __future__ import annotations

import fcntl
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis import engines, store
from analysis.build import build
from analysis.pipeline import Job
from conftest import ROOT, SEED, SHARED
from test_build import run_cli

ARCHIVE = SHARED / "corpora" / "ungdc-1946-2024.tar.xz"
# 4 states × 5 sessions = 20 speeches of different eras, lengths and authors.
SPEECHES = re.compile(r"/(USA|GBR|IND|BRA)_\d+_(1950|1970|1990|2010|2020)\.txt$")


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory) -> Path:
    """The seed plus 20 UN speeches when ../shared is here (the seed alone otherwise)."""
    folder = tmp_path_factory.mktemp("engines") / "corpus"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    if ARCHIVE.exists():
        with tarfile.open(ARCHIVE) as archive:
            members = [member for member in archive if SPEECHES.search(member.name)]
            archive.extractall(folder, members=members, filter="data")
        assert len(members) == 20
    return folder


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as local_cluster:
        yield local_cluster


def test_dask_engine_writes_the_tables_of_the_local_engine(mixed_corpus, cluster, tmp_path, nlp):
    local = build(mixed_corpus, tmp_path / "local", workers=2, progress=False)
    remote = build(mixed_corpus, tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address, progress=False)
    assert (remote.documents, remote.processed) == (local.documents, local.processed) == (local.documents, local.documents)
    expected, found = analysis.load_tables(tmp_path / "local"), analysis.load_tables(tmp_path / "dask")
    for name, table in expected.items():
        pd.testing.assert_frame_equal(table, found[name], obj=name)
    assert len(expected.events) > 0 and len(expected.mentions) > 0
    assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")


def test_dask_engine_rebuilds_incrementally(mixed_corpus, cluster, tmp_path, nlp):
    out = tmp_path / "data"
    build(mixed_corpus, out, engine="dask", scheduler=cluster.scheduler_address, progress=False)
    again = build(mixed_corpus, out, engine="dask", scheduler=cluster.scheduler_address, progress=False)
    assert again.processed == 0 and again.reused == again.documents


def test_workers_that_read_other_actor_files_are_refused(cluster, tmp_path, monkeypatch, nlp):
    """$ANALYSIS_ACTORS set here but not on the workers: their rows would not match the cache keys."""
    extra = tmp_path / "extra_actors.yaml"
    extra.write_text("actors:\n  - {id: pak_frontier_corps, name: Frontier Corps, kind: organization, country: PAK}\n", encoding="utf-8")
    monkeypatch.setenv("ANALYSIS_ACTORS", str(extra))
    with pytest.raises(engines.ClusterError, match="read other actor files"):
        build(SEED.parent, tmp_path / "data", engine="dask", scheduler=cluster.scheduler_address, progress=False)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unreachable_scheduler_is_a_clear_error(monkeypatch, tmp_path, nlp):
    monkeypatch.setattr(engines, "CONNECT_TIMEOUT", 2.0)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    with pytest.raises(engines.ClusterError, match=f"cannot reach the Dask scheduler at {address}"):
        build(SEED.parent, tmp_path / "data", engine="dask", scheduler=address, progress=False)
    assert not analysis.has_tables(tmp_path / "data") and not list((tmp_path / "data").rglob("*.parquet"))  # nothing half-written


@pytest.mark.parametrize(("options", "message"), [
    ({"engine": "dask"}, "needs a scheduler address"),
    ({"scheduler": "tcp://127.0.0.1:8786"}, "used only by the dask engine"),
    ({"engine": "spark"}, "not an engine"),
])
def test_engine_options_are_checked(tmp_path, options, message):
    with pytest.raises(ValueError, match=message):
        build(SEED.parent, tmp_path / "data", progress=False, **options)


def test_cli_refuses_dask_without_a_scheduler(tmp_path):
    result = run_cli("build", "seeds", "--out", str(tmp_path / "data"), "--engine", "dask", "--quiet")
    assert result.returncode == 2 and "needs a scheduler address" in result.stderr and "Traceback" not in result.stderr


@pytest.fixture
def silent_scheduler():
    """A port that accepts TCP connections (the kernel completes them) and never answers: it hung builds forever."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


def _open_clients() -> list:
    distributed = pytest.importorskip("distributed")
    return [client for client in list(distributed.Client._instances) if client.status != "closed"]


def _lock_is_free(out: Path) -> bool:
    with open(out / store.BUILD_LOCK, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def test_a_scheduler_that_never_answers_is_a_clear_error_and_frees_the_data_folder(silent_scheduler, monkeypatch, tmp_path, nlp):
    monkeypatch.setattr(engines, "CONNECT_TIMEOUT", 1.0)
    address, out = f"tcp://127.0.0.1:{silent_scheduler}", tmp_path / "data"
    started = time.monotonic()
    with pytest.raises(engines.ClusterError, match=f"the Dask scheduler at {address} accepted the connection but did not "
                                                   "answer within 1 s") as raised:
        build(SEED.parent, out, engine="dask", scheduler=address, progress=False)
    assert time.monotonic() - started < 10 and "\n" not in str(raised.value)
    assert _open_clients() == [] and _lock_is_free(out) and not analysis.has_tables(out)
    report = build(SEED.parent, out, workers=1, progress=False)  # the next build starts at once
    assert report.documents == report.processed == 1 and analysis.has_tables(out)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate and its key, the cluster's authority and everyone's identity at once."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=analysis-test-cluster"],
                   check=True, capture_output=True)
    return cert, key


def _seed_job() -> Job:
    return Job("seed", SEED.read_text(encoding="utf-8"), None, "none", None)


def test_a_tls_scheduler_that_never_answers_is_a_clear_error(silent_scheduler, certificate, monkeypatch):
    monkeypatch.setattr(engines, "CONNECT_TIMEOUT", 1.0)
    address, (cert, key) = f"tls://127.0.0.1:{silent_scheduler}", certificate
    started = time.monotonic()
    with pytest.raises(engines.ClusterError, match=f"the Dask scheduler at {address}"):
        list(engines.extract([[_seed_job()]], engine="dask", workers=1, scheduler=address, model=None, actor_files=(),
                             security=engines.tls_security(ca_file=cert, cert=cert, key=key)))
    assert time.monotonic() - started < 10 and _open_clients() == []


@pytest.mark.filterwarnings("ignore:Port 8787 is already in use:UserWarning")  # the module's other cluster has it
def test_the_dask_engine_speaks_tls(certificate, nlp):
    distributed = pytest.importorskip("distributed")
    cert, key = (str(path) for path in certificate)
    server = distributed.Security(tls_ca_file=cert, tls_scheduler_cert=cert, tls_scheduler_key=key, tls_worker_cert=cert,
                                  tls_worker_key=key, tls_client_cert=cert, tls_client_key=key, require_encryption=True)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tls://", host="127.0.0.1",
                                  security=server, dashboard_address=None) as tls_cluster:
        assert tls_cluster.scheduler_address.startswith("tls://127.0.0.1:")
        options = {"workers": 1, "model": None, "actor_files": ()}
        remote = list(engines.extract([[_seed_job()]], engine="dask", scheduler=tls_cluster.scheduler_address,
                                      security=engines.tls_security(ca_file=cert, cert=cert, key=key), **options))
        assert remote == list(engines.extract([[_seed_job()]], engine="local", scheduler=None, **options))
        with pytest.raises(engines.ClusterError, match="cannot reach the Dask scheduler at tcp://"):  # no TLS, no rows
            list(engines.extract([[_seed_job()]], engine="dask", scheduler=tls_cluster.scheduler_address.replace("tls://", "tcp://"),
                                 **options))


@pytest.mark.parametrize(("scheduler", "security", "task_timeout", "message"), [
    ("tls://127.0.0.1:8786", None, None, "is a tls:// address but no TLS credentials were given"),
    ("tcp://127.0.0.1:8786", "tls", None, "security is given but scheduler='tcp://127.0.0.1:8786' is not encrypted"),
    ("ws://127.0.0.1:8786", None, None, "uses ws://; allowed: tcp://HOST:PORT"),
    ("tcp://127.0.0.1:8786", "ca.pem", None, "security='ca.pem' is not allowed; allowed: None or a distributed.Security"),
    ("tcp://127.0.0.1:8786", None, 0, "task_timeout=0 is not allowed"),
    ("tcp://127.0.0.1:8786", None, "1h", "task_timeout='1h' is not allowed"),
])
def test_cluster_options_are_checked_before_connecting(certificate, scheduler, security, task_timeout, message):
    if security == "tls":
        security = engines.tls_security(ca_file=certificate[0], cert=certificate[0], key=certificate[1])
    with pytest.raises(ValueError, match=re.escape(message)):
        engines.extract([], engine="dask", workers=1, scheduler=scheduler, model=None, actor_files=(), security=security,
                        task_timeout=task_timeout)


def test_cluster_options_are_refused_by_the_local_engine():
    with pytest.raises(ValueError, match="used only by the dask engine"):
        engines.extract([], engine="local", workers=1, scheduler=None, model=None, actor_files=(), task_timeout=60)


def test_tls_security_needs_its_files(tmp_path, certificate):
    with pytest.raises(ValueError, match="--tls-ca-file and --tls-cert"):
        engines.tls_security(ca_file=certificate[0], cert=None)
    with pytest.raises(FileNotFoundError, match="key=.*missing.pem.* is not a file"):
        engines.tls_security(ca_file=certificate[0], cert=certificate[0], key=tmp_path / "missing.pem")
    assert engines.tls_security(ca_file=certificate[0], cert=certificate[0]).require_encryption


@pytest.mark.parametrize(("characters", "at_least", "at_most"), [
    ((2_400,), 60, 10 * 60),                       # the seed
    ((25_000, 40_000), 2 * 60, 10 * 60),           # two UN speeches
    ((2_000_000, 2_000_000), 30 * 60, 60 * 60),    # two documents at the default file limit
])
def test_the_time_a_batch_may_take_scales_with_its_text(characters, at_least, at_most):
    batch = [Job(str(number), "x" * size, None, "none", None) for number, size in enumerate(characters)]
    assert at_least <= engines.batch_timeout(batch) <= at_most
    assert engines.batch_timeout(batch[:1]) <= engines.batch_timeout(batch)


@pytest.fixture(scope="module")
def small_cluster():
    """One worker with one thread in this process: cheap to block, and it shares the loaded pipeline."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp://", host="127.0.0.1",
                                  dashboard_address=None) as local_cluster:
        yield local_cluster


@pytest.mark.filterwarnings("ignore:Port 8787 is already in use:UserWarning")  # the module's other cluster has it
def test_a_worker_that_does_not_answer_the_version_check_is_a_clear_error(small_cluster, monkeypatch):
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(engines, "CALL_TIMEOUT", 0.5)
    with distributed.Client(small_cluster.scheduler_address, set_as_default=False) as other:
        # The worker's only thread, taken by someone else's task for longer than a loaded machine needs to connect
        # (2 s was not always: the worker was free again by the version check, and the test failed).
        busy = other.submit(time.sleep, 5, pure=False)
        with pytest.raises(engines.ClusterError, match=r"Dask worker .* did not answer the version check within 0.5 s"):
            list(engines.extract([[_seed_job()]], engine="dask", workers=1, scheduler=small_cluster.scheduler_address,
                                 model=None, actor_files=()))
        busy.result(timeout=15)
    assert _open_clients() == []


def test_a_batch_that_takes_longer_than_its_timeout_is_a_clear_error(small_cluster, nlp):
    started = time.monotonic()
    with pytest.raises(engines.ClusterError, match=f"the Dask cluster at {small_cluster.scheduler_address} returned no rows for "
                                                   r"a batch of 1 documents \(2,\d{3} characters\) within 0.01 s \(task_timeout\)"):
        list(engines.extract([[_seed_job()]], engine="dask", workers=1, scheduler=small_cluster.scheduler_address,
                             model=None, actor_files=(), task_timeout=0.01))
    assert time.monotonic() - started < 30 and _open_clients() == []


def test_the_cli_asks_for_the_whole_tls_triple(tmp_path):
    result = subprocess.run([sys.executable, "-m", "analysis", "build", str(SEED.parent), "--out", str(tmp_path / "data"),
                             "--engine", "dask", "--scheduler", "tls://127.0.0.1:1", "--tls-cert", str(tmp_path / "c.pem")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "--tls-ca-file and --tls-cert" in result.stderr
    assert "Traceback" not in result.stderr
