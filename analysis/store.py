"""The data folder as a store of snapshots: a build writes a new generation of every table and makes it
current in one atomic, durable step; readers always read one whole generation.

Layout of a data folder:

    CURRENT                     the current generation's name (one line), replaced atomically
    generations/<name>/         one build's tables, `<table>.parquet`, and its `manifest.json`
    generations/<name>/machine/ the extraction's own rows of the tables corrections change, before them
                                (`machine/<table>`: what the next build reuses; analysis.corrections)
    generations/<name>/.readers readers hold a shared lock on it while they read the generation
    .build.lock                 one build at a time (analysis.build)

Commit (`publish`): the tables are written into a new generation folder that nothing points at yet; the
manifest (corpus, options, kit version and code, and per table its sha256, rows and bytes) is written
last; every file and the folder are fsynced; then CURRENT is written to a temporary file, fsynced and
renamed over the old one, and the data folder fsynced. A build that dies at any point before that rename
leaves the previous generation current and whole; the folder it left (no CURRENT names it) is removed by
the next build (`remove_orphans`).

Why generation folders rather than a table format such as Delta Lake: every build rewrites every table
whole (rows of unchanged documents are copied), never appends or updates in place, so a transaction log
buys nothing over one pointer per snapshot, while plain Parquet files in a folder stay readable by any
tool (pandas, DuckDB, a spreadsheet importer) without the kit.

Reading (`reading`): CURRENT is resolved, the generation's `.readers` file locked shared, and the
generation checked to still exist (a collector may have removed it in between: then CURRENT is resolved
again). Old generations are collected after each commit, under the build lock: every generation except
the current and the one before it whose `.readers` lock can be taken exclusively at once (no reader holds
it) is removed.

Verification (`verify`): the manifest must parse, each table must be there with the manifest's sha256,
and its columns and types must be the schema's (analysis.tables) by name. A folder written before
generations existed (`<table>.parquet` in the data folder itself, no CURRENT) is read as one generation
without a manifest, so only its schemas can be checked; the next build writes the new layout and
removes the old files.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

import pyarrow as pa
import pyarrow.parquet as pq

from analysis import tables

CURRENT = "CURRENT"
GENERATIONS = "generations"
BUILD_LOCK = ".build.lock"  # analysis.build: one build per data folder at a time
MANIFEST = "manifest.json"
READERS = ".readers"
MACHINE = "machine"
KEPT_GENERATIONS = 2  # the current one and the one before it, for readers that resolved it just before
READ_ATTEMPTS = 5


class StoreError(RuntimeError):
    """A data folder that cannot be read or written as a store, with the reason in words."""


@dataclass(frozen=True)
class Generation:
    """One snapshot of every table: a folder, and its manifest (None for a folder of the old layout)."""

    path: Path
    manifest: Mapping | None

    @property
    def name(self) -> str:
        return self.path.name if self.manifest is not None else "(tables written before generations)"

    def table_path(self, table: str) -> Path:
        return self.path / f"{table}.parquet"


@dataclass(frozen=True)
class Damage:
    """A table of a generation that cannot be trusted, and why."""

    table: str
    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


# ─── Reading ──────────────────────────────────────────────────────────────────────────────


def _legacy(data_dir: Path) -> Generation | None:
    if (data_dir / "documents.parquet").exists():
        return Generation(data_dir, None)
    return None


def current(data_dir: str | os.PathLike) -> Generation | None:
    """The data folder's current generation, or None when nothing was ever committed there."""
    data_dir = Path(data_dir)
    try:
        name = (data_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return _legacy(data_dir)
    if not name or "/" in name or name.startswith("."):
        raise StoreError(f"{data_dir / CURRENT} does not name a generation ({name!r}); rebuild the tables")
    path = data_dir / GENERATIONS / name
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(f"{data_dir / CURRENT} names generation {name!r}, which is missing; rebuild the tables") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise StoreError(f"{path / MANIFEST} is damaged ({error}); rebuild the tables") from None
    return Generation(path, manifest)


def has_tables(data_dir: str | os.PathLike) -> bool:
    """Whether a build has committed tables in `data_dir` (the notebooks' "build first" test)."""
    data_dir = Path(data_dir)
    return (data_dir / CURRENT).exists() or _legacy(data_dir) is not None


@contextlib.contextmanager
def reading(data_dir: str | os.PathLike) -> Iterator[Generation | None]:
    """The current generation, kept from collection while the block reads it."""
    data_dir = Path(data_dir)
    for _ in range(READ_ATTEMPTS):
        generation = current(data_dir)
        if generation is None or generation.manifest is None:
            yield generation
            return
        try:
            handle = os.open(generation.path / READERS, os.O_RDONLY)
        except FileNotFoundError:
            if (generation.path / MANIFEST).exists():
                # a copy of a data folder that left out dot files: nobody collects it, read it as it is
                yield generation
                return
            continue  # collected between resolving CURRENT and opening it: resolve again
        try:
            fcntl.flock(handle, fcntl.LOCK_SH)
            if not (generation.path / MANIFEST).exists():
                continue  # collected while this reader waited for the lock
            yield generation
            return
        finally:
            os.close(handle)
    raise StoreError(f"the tables in {data_dir} changed {READ_ATTEMPTS} times while being opened; try again")


# ─── Verifying ────────────────────────────────────────────────────────────────────────────


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def schema_problem(table: str, schema: pa.Schema) -> str | None:
    """What is wrong with a Parquet file's schema for table `table`, by column name; None when it fits."""
    expected = tables.arrow_schema(table)
    found = {field.name: field.type for field in schema}
    missing = [field.name for field in expected if field.name not in found]
    if missing:
        return f"column{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing"
    wrong = [f"{field.name} is {found[field.name]}, not {field.type}" for field in expected
             if not _compatible(found[field.name], field.type)]
    return "; ".join(wrong) or None


def _compatible(found: pa.DataType, expected: pa.DataType) -> bool:
    if found.equals(expected):
        return True
    # pandas writes categories as dictionaries and strings as large strings on some versions: the values agree
    if pa.types.is_dictionary(found):
        found = found.value_type
    if pa.types.is_dictionary(expected):
        expected = expected.value_type
    text = (pa.types.is_string(found) or pa.types.is_large_string(found)) and (
        pa.types.is_string(expected) or pa.types.is_large_string(expected))
    nulls = pa.types.is_null(found)
    return found.equals(expected) or text or nulls


def schema_of(table: str) -> str:
    """The schema a stored table has: "machine/mentions" is a mentions table."""
    return table.removeprefix(f"{MACHINE}/")


def stored_tables(generation: Generation) -> list[str]:
    """Every table a generation holds: the published ones, and the machine copies its manifest lists."""
    listed = (generation.manifest or {}).get("tables", {})
    return [*tables.TABLE_NAMES, *sorted(name for name in listed if name.startswith(f"{MACHINE}/"))]


def damage(generation: Generation, table: str, *, checksum: bool = True) -> Damage | None:
    """Why table `table` of `generation` cannot be trusted, or None when it can."""
    path = generation.table_path(table)
    if not path.exists():
        return Damage(table, path, "the file is missing")
    entry = (generation.manifest or {}).get("tables", {}).get(table) if generation.manifest is not None else None
    if generation.manifest is not None and entry is None:
        return Damage(table, path, "the manifest does not list it")
    if checksum and entry is not None and sha256_of(path) != entry.get("sha256"):
        return Damage(table, path, "its checksum differs from the manifest's (the file was changed or damaged)")
    try:
        problem = schema_problem(schema_of(table), pq.read_schema(path))
    except (OSError, pa.ArrowException) as error:
        return Damage(table, path, f"it is not a readable Parquet file ({error})")
    return Damage(table, path, problem) if problem else None


def verify(generation: Generation, *, checksum: bool = True) -> list[Damage]:
    """Every table of `generation` that cannot be trusted."""
    return [found for table in stored_tables(generation) if (found := damage(generation, table, checksum=checksum))]


# ─── Writing ──────────────────────────────────────────────────────────────────────────────


def fsync_path(path: Path) -> None:
    """Flush a file or a folder to the disk (a folder: so that a rename in it is durable)."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def new_generation(data_dir: str | os.PathLike) -> Path:
    """A new, empty generation folder that nothing points at yet."""
    folder = Path(data_dir) / GENERATIONS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"
    path.mkdir()
    return path


def publish(data_dir: str | os.PathLike, generation: Path, *, info: Mapping) -> Generation:
    """Make `generation` (a folder holding every table) current, durably and in one step; then collect
    old generations. `info` goes into the manifest (corpus, options, kit version)."""
    data_dir = Path(data_dir)
    entries = {}
    machine = sorted(f"{MACHINE}/{path.stem}" for path in (generation / MACHINE).glob("*.parquet"))
    if machine:
        fsync_path(generation / MACHINE)
    for table in (*tables.TABLE_NAMES, *machine):
        path = generation / f"{table}.parquet"
        fsync_path(path)
        entries[table] = {"file": f"{table}.parquet", "sha256": sha256_of(path), "rows": pq.ParquetFile(path).metadata.num_rows,
                          "bytes": path.stat().st_size}
    (generation / READERS).touch()
    manifest = {**info, "generation": generation.name, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "tables": entries}
    _write_durably(generation / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True, default=str))
    fsync_path(generation)
    fsync_path(generation.parent)
    previous = current_name(data_dir)
    _write_durably(data_dir / CURRENT, generation.name + "\n")
    fsync_path(data_dir)
    _remove_legacy(data_dir)
    collect(data_dir, keep={generation.name, *([previous] if previous else [])})
    return Generation(generation, manifest)


def _write_durably(path: Path, text: str) -> None:
    """Write `path` through a fsynced temporary file renamed over it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def current_name(data_dir: Path) -> str | None:
    try:
        return (data_dir / CURRENT).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def _remove_legacy(data_dir: Path) -> None:
    """Tables of the layout before generations, now superseded by the current generation (their temporary
    files go with the orphans, `remove_orphans`, at the start of every build)."""
    for table in tables.TABLE_NAMES:
        (data_dir / f"{table}.parquet").unlink(missing_ok=True)


def collect(data_dir: Path, *, keep: set[str]) -> None:
    """Remove the generations not in `keep` that no reader holds. Call under the build lock only."""
    folder = data_dir / GENERATIONS
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.name not in keep and path.is_dir():
                _remove_unread(path)


def _remove_unread(path: Path) -> bool:
    """Remove a generation folder unless a reader holds it; whether it was removed."""
    readers = path / READERS
    if not readers.exists():
        shutil.rmtree(path, ignore_errors=True)  # never committed: no reader can have it
        return True
    handle = os.open(readers, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return False  # a reader holds it; the next build tries again
            raise
        (path / MANIFEST).unlink(missing_ok=True)  # first, so a reader that gets the lock next sees it gone
        shutil.rmtree(path, ignore_errors=True)
        return True
    finally:
        os.close(handle)


def remove_orphans(data_dir: str | os.PathLike) -> None:
    """Generations left by builds that died before publishing (and the old layout's temporary files).
    Call under the build lock only."""
    data_dir = Path(data_dir)
    name = current_name(data_dir)
    folder = data_dir / GENERATIONS
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_dir() and path.name != name and not (path / MANIFEST).exists():
                shutil.rmtree(path, ignore_errors=True)
    for table in tables.TABLE_NAMES:
        for orphan in data_dir.glob(f".{table}.parquet.*.tmp"):
            orphan.unlink(missing_ok=True)
    for orphan in data_dir.glob(f".{CURRENT}.*.tmp"):
        orphan.unlink(missing_ok=True)


def describe(data_dir: str | os.PathLike) -> tuple[bool, list[str]]:
    """(whether the data folder is sound, its state in sentences), for `python -m analysis check`."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return False, [f"{data_dir} does not exist: build it with python -m analysis build CORPUS --out {data_dir}"]
    try:
        generation = current(data_dir)
    except StoreError as error:
        return False, [str(error)]
    if generation is None:
        return False, [f"{data_dir} holds no tables yet: build them with python -m analysis build CORPUS --out {data_dir}"]
    lines = []
    if generation.manifest is None:
        lines.append(f"{data_dir} holds tables written before generations (no manifest, no checksums); "
                     "the next build writes a checked snapshot")
    else:
        manifest = generation.manifest
        lines.append(f"current generation {generation.name}, built {manifest.get('created')} from "
                     f"{manifest.get('corpus')} by kit {manifest.get('kit_version')} ({manifest.get('kit_code')})")
        counts = ", ".join(f"{entry['rows']:,} {table}" for table, entry in manifest.get("tables", {}).items())
        lines.append(f"tables: {counts}")
    found = verify(generation)
    lines.extend(f"damaged: {item}" for item in found)
    if not found:
        lines.append("every table is whole: checksums and schemas agree with the manifest"
                     if generation.manifest is not None else "every table is readable and has its schema")
    others = sorted(path.name for path in (data_dir / GENERATIONS).iterdir()) if (data_dir / GENERATIONS).is_dir() else []
    older = [name for name in others if name != (generation.path.name if generation.manifest is not None else None)]
    if older:
        lines.append(f"{len(older)} older generation{'s' if len(older) > 1 else ''} kept for readers: {', '.join(older)}")
    return not found, lines
