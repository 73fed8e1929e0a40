"""The data folder as a store of snapshots (analysis/store.py): generations, manifest, verification,
healing rebuilds, readers kept from collection, and `python -m analysis check`."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import analysis
from analysis import store, tables
from analysis.build import build
from conftest import ROOT


def small_tables(name: str = "Russia") -> tables.Tables:
    return tables.Tables(
        documents=tables.frame("documents", [{"doc_id": "d1", "path": "a.txt", "title": "A"}]),
        actors=tables.frame("actors", [{"actor_id": "RUS", "name": name, "kind": "state", "n_mentions": 1, "n_docs": 1}]),
    )


def check(data_dir) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "check", str(data_dir)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_a_save_commits_one_generation_with_a_manifest(tmp_path):
    small_tables().save(tmp_path, info={"corpus": "c"})
    generation = store.current(tmp_path)
    assert (tmp_path / store.CURRENT).read_text().strip() == generation.path.name
    manifest = generation.manifest
    assert manifest["corpus"] == "c" and set(manifest["tables"]) == set(tables.TABLE_NAMES)
    entry = manifest["tables"]["actors"]
    assert entry["rows"] == 1 and entry["sha256"] == store.sha256_of(generation.table_path("actors"))
    assert store.verify(generation) == []


def test_old_generations_are_collected_but_the_previous_one_is_kept(tmp_path):
    names = []
    for number in range(4):
        small_tables(f"Russia {number}").save(tmp_path)
        names.append(store.current_name(tmp_path))
    kept = sorted(path.name for path in (tmp_path / store.GENERATIONS).iterdir())
    assert kept == sorted(names[-2:])
    assert analysis.load_tables(tmp_path).actors.loc[0, "name"] == "Russia 3"


def test_a_generation_a_reader_holds_is_not_collected(tmp_path):
    small_tables("first").save(tmp_path)
    held = store.current(tmp_path)
    handle = os.open(held.path / store.READERS, os.O_RDONLY)
    fcntl.flock(handle, fcntl.LOCK_SH)  # a reader in the middle of loading the first generation
    try:
        for name in ("second", "third", "fourth"):
            small_tables(name).save(tmp_path)
        assert held.path.is_dir() and store.verify(held) == []
        assert tables.read_table("actors", held.path).loc[0, "name"] == "first"
    finally:
        os.close(handle)
    small_tables("fifth").save(tmp_path)
    assert not held.path.exists()  # released: the next commit collects it


def test_a_changed_table_is_named_on_load(tmp_path):
    small_tables().save(tmp_path)
    path = store.current(tmp_path).table_path("mentions")
    path.write_bytes(b"garbage, not parquet")
    with pytest.raises(analysis.TableError, match=r"mentions\.parquet: its checksum differs"):
        analysis.load_tables(tmp_path)


def test_a_missing_column_is_named(tmp_path):
    small_tables().save(tmp_path)
    generation = store.current(tmp_path)
    path = generation.table_path("actors")
    pq.write_table(pq.read_table(path).drop(["country"]), path)
    assert "country missing" in str(store.damage(generation, "actors", checksum=False))
    with pytest.raises(analysis.TableError, match="lacks column country"):
        analysis.load_tables(tmp_path, verify=False)


def test_a_wrong_type_is_named(tmp_path):
    small_tables().save(tmp_path)
    generation = store.current(tmp_path)
    path = generation.table_path("actors")
    table = pq.read_table(path)
    index = table.schema.get_field_index("n_mentions")
    pq.write_table(table.set_column(index, "n_mentions", pa.array(["one"])), path)
    assert "n_mentions is string" in str(store.damage(generation, "actors", checksum=False))


def test_a_pointer_to_a_missing_generation_is_a_clear_error(tmp_path):
    small_tables().save(tmp_path)
    shutil.rmtree(store.current(tmp_path).path)
    with pytest.raises(store.StoreError, match="which is missing; rebuild"):
        analysis.load_tables(tmp_path)


def test_tables_of_the_old_layout_are_still_read(tmp_path):
    for name in tables.TABLE_NAMES:
        tables.write_parquet(small_tables()[name], tmp_path / f"{name}.parquet", schema=tables.arrow_schema(name))
    assert analysis.has_tables(tmp_path)
    assert analysis.load_tables(tmp_path).actors.loc[0, "actor_id"] == "RUS"
    small_tables().save(tmp_path)
    assert not list(tmp_path.glob("*.parquet"))  # superseded by the generation


SPEECH = "Russia condemned the attack on Ukraine. Kenya welcomed the talks between Somalia and Ethiopia."


@pytest.fixture()
def corpus_dir(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "one.txt").write_text(SPEECH, encoding="utf-8")
    (folder / "two.txt").write_text("Japan praised Kenya for its mediation.", encoding="utf-8")
    return folder


@pytest.mark.parametrize("how", ["garbage", "truncated"])
def test_a_damaged_table_heals_on_the_next_build(corpus_dir, tmp_path, how, nlp):
    out = tmp_path / "data"
    build(corpus_dir, out, workers=1, progress=False)
    reference = analysis.load_tables(out)
    path = store.current(out).table_path("mentions")
    if how == "garbage":
        path.write_bytes(b"\x00garbage")
    else:  # valid Parquet with rows missing: only the manifest's checksum tells
        table = pq.read_table(path)
        pq.write_table(table.slice(0, table.num_rows // 2), path)
    report = build(corpus_dir, out, workers=1, progress=False)
    assert report.processed == 2 and report.reused == 0
    healed = analysis.load_tables(out)
    pd.testing.assert_frame_equal(healed.mentions, reference.mentions)
    assert healed.problems["reason"].str.contains("previous table mentions is damaged").any()
    assert check(out).returncode == 0


def test_check_says_what_is_wrong_in_words(corpus_dir, tmp_path, nlp):
    out = tmp_path / "data"
    assert check(out).returncode == 1 and "does not exist" in check(out).stdout
    build(corpus_dir, out, workers=1, progress=False)
    sound = check(out)
    assert sound.returncode == 0 and "every table is whole" in sound.stdout and "2 documents" in sound.stdout
    store.current(out).table_path("events").write_bytes(b"x")
    damaged = check(out)
    assert damaged.returncode == 1 and "damaged:" in damaged.stdout and "events.parquet" in damaged.stdout


def test_a_failed_build_leaves_the_previous_generation_current(corpus_dir, tmp_path, monkeypatch, nlp):
    out = tmp_path / "data"
    build(corpus_dir, out, workers=1, progress=False)
    before = store.current_name(out)
    (corpus_dir / "three.txt").write_text("Chile thanked Peru.", encoding="utf-8")

    def fail(*arguments, **options):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "publish", fail)
    with pytest.raises(RuntimeError, match="disk on fire"):
        build(corpus_dir, out, workers=1, progress=False)
    assert store.current_name(out) == before and len(analysis.load_tables(out).documents) == 2
    assert sorted(path.name for path in (out / store.GENERATIONS).iterdir()) == [before]  # its folder removed


def test_a_copy_without_dot_files_is_still_read(tmp_path):
    small_tables().save(tmp_path / "data")
    shutil.copytree(tmp_path / "data", tmp_path / "copy", ignore=shutil.ignore_patterns(".*"))
    assert analysis.load_tables(tmp_path / "copy").actors.loc[0, "actor_id"] == "RUS"


@pytest.mark.parametrize("code, words", [
    (28, "the disk is full"),             # ENOSPC
    (30, "the file system is read-only"),  # EROFS
    (13, "permission denied"),            # EACCES
])
def test_a_disk_that_refuses_writes_is_one_line_and_keeps_the_tables(corpus_dir, tmp_path, monkeypatch, capsys, code, words, nlp):
    from analysis import cli

    out = tmp_path / "data"
    build(corpus_dir, out, workers=1, progress=False)
    before = store.current_name(out)
    (corpus_dir / "three.txt").write_text("Chile thanked Peru.", encoding="utf-8")

    def refuse(data_dir):
        raise OSError(code, os.strerror(code), str(data_dir))

    monkeypatch.setattr(store, "new_generation", refuse)
    assert cli.main(["build", str(corpus_dir), "--out", str(out), "--quiet", "--workers", "1"]) == 2
    message = capsys.readouterr().err.strip()
    assert words in message and "\n" not in message and "Traceback" not in message
    assert store.current_name(out) == before and len(analysis.load_tables(out).documents) == 2


def test_an_out_that_is_a_file_is_a_clear_error(corpus_dir, tmp_path, capsys):
    from analysis import cli

    (tmp_path / "afile").write_text("not a folder")
    assert cli.main(["build", str(corpus_dir), "--out", str(tmp_path / "afile"), "--quiet"]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
