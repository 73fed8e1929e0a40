"""Where extraction runs (analysis/engines.py): the Dask engine writes the same tables as the local one."""

from __future__ import annotations

import re
import shutil
import socket
import tarfile
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis import engines
from analysis.build import build
from conftest import SEED, SHARED
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
    monkeypatch.setattr(engines, "CONNECT_TIMEOUT", "2s")
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
