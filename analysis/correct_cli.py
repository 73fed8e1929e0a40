"""`python -m analysis correct …`: make, list and undo analyst corrections from the command line.

    python -m analysis correct list
    python -m analysis correct reject-event 3f2a91aa0c1b2d3e --note "a border clash, not an attack"
    python -m analysis correct recode-event 3f2a91aa0c1b2d3e --code 173 --target IND --date 2024-05-01
    python -m analysis correct not-actor DOC_ID START END
    python -m analysis correct mention DOC_ID START END benazir_bhutto
    python -m analysis correct merge bhutto benazir_bhutto
    python -m analysis correct set-actor benazir_bhutto --name "Benazir Bhutto" --kind person --country PAK
    python -m analysis correct alias RUS "the Moscow regime"          (--remove to take one away)
    python -m analysis correct confirm-reversal USA PAK               (reject-reversal; --number N among several)
    python -m analysis correct note actor PAK "watch" --tag south-asia
    python -m analysis correct undo 5f0c

Each writes one entry to the project's corrections file (or `--corrections FILE`), checked first against
the tables of its data folder (or `--data DIR`); `--rebuild` then builds again, re-processing no document.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import review
from analysis.tables import ACTOR_KINDS


def add_parser(commands, parents: list[argparse.ArgumentParser]) -> None:
    """The `correct` command and its subcommands, under `commands` (an argparse subparsers object)."""
    correct = commands.add_parser("correct", parents=parents, help="make, list or undo an analyst correction")
    correct.add_argument("--data", type=Path, default=None, help="data folder whose tables the correction is checked against (default: the project's)")
    correct.add_argument("--corrections", type=Path, default=None, help="corrections file (default: the project's)")
    correct.add_argument("--rebuild", action="store_true", help="build again afterwards (no document is re-processed)")
    kinds = correct.add_subparsers(dest="correction", required=True)

    def kind(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = kinds.add_parser(name, help=help_text)
        if name not in ("list", "undo"):
            parser.add_argument("--note", default=None, help="why (kept with the correction)")
        return parser

    kind("list", help_text="the corrections made, in order")
    kind("undo", "remove one correction").add_argument("id", help="its id, or a unique start of it")
    kind("reject-event", "the event is wrong").add_argument("event_id")
    recode = kind("recode-event", "the event happened otherwise")
    recode.add_argument("event_id")
    for option in ("code", "source", "target", "date"):
        recode.add_argument(f"--{option}", default=None)
    for name, help_text in (("not-actor", "this mention stands for no actor"), ("mention", "this mention is ACTOR")):
        parser = kind(name, help_text)
        parser.add_argument("doc_id")
        parser.add_argument("start", type=int)
        parser.add_argument("end", type=int)
        if name == "mention":
            parser.add_argument("actor")
    merge = kind("merge", "two actors are one: ACTOR becomes INTO")
    merge.add_argument("actor")
    merge.add_argument("into")
    setting = kind("set-actor", "an actor's name, kind or country")
    setting.add_argument("actor")
    setting.add_argument("--name", default=None)
    setting.add_argument("--kind", default=None, choices=ACTOR_KINDS)
    setting.add_argument("--country", default=None)
    alias = kind("alias", "mentions written TEXT are ACTOR")
    alias.add_argument("actor")
    alias.add_argument("text")
    alias.add_argument("--remove", action="store_true", help="they are no longer ACTOR")
    for name in ("confirm-reversal", "reject-reversal"):
        parser = kind(name, f"{name.split('-')[0]} the reversal of A toward B")
        parser.add_argument("a")
        parser.add_argument("b")
        parser.add_argument("--number", type=int, default=None, help="which of several reversals of the pair (from 0)")
    note = kind("note", "a note or tags on an actor, an event or a document")
    note.add_argument("on", choices=("actor", "event", "document"))
    note.add_argument("target", help="actor id, event id, or doc_id")
    note.add_argument("text", nargs="?", default=None)
    note.add_argument("--tag", action="append", default=[], help="repeatable")


def run(arguments: argparse.Namespace, project) -> int:
    """Carry out `correct …`; `project` is the project to take the data folder and corrections file from, or None."""
    data = arguments.data or (project.data if project is not None else None)
    path = arguments.corrections or (project.corrections if project is not None else None)
    if path is None:
        raise ValueError("no corrections file: give --corrections FILE, or run in a project (--project DIR)")
    kind = arguments.correction
    if kind == "list":
        listing = review.listing(path)
        print(listing.to_string(index=False) if len(listing) else f"no corrections in {path}")
        return 0
    if kind != "undo" and data is None and kind not in ("merge", "set-actor", "alias", "note"):
        raise ValueError("no data folder to check the correction against: give --data DIR or --project DIR")
    entry = _make(kind, arguments, data, path)
    print(f"{'removed' if kind == 'undo' else 'added'} {entry.describe()} → {path}")
    if arguments.rebuild:
        if project is None:
            raise ValueError("--rebuild needs the project's corpus: run in a project (--project DIR)")
        report = review.rebuild(project.corpus, data or project.data, path, **_options(project))
        print(f"rebuilt: {report.documents} documents ({report.processed} processed), {report.problems} problems",
              file=sys.stderr)
    return 0


def _options(project) -> dict:
    options = project.build_options()
    options.pop("corrections", None)
    return options


def _make(kind: str, arguments: argparse.Namespace, data, path):
    note = getattr(arguments, "note", None)
    if kind == "undo":
        return review.undo(path, arguments.id)
    if kind == "reject-event":
        return review.reject_event(data, path, arguments.event_id, note=note)
    if kind == "recode-event":
        return review.recode_event(data, path, arguments.event_id, code=arguments.code, source=arguments.source,
                                   target=arguments.target, date=arguments.date, note=note)
    if kind == "not-actor":
        return review.not_actor(data, path, arguments.doc_id, arguments.start, arguments.end, note=note)
    if kind == "mention":
        return review.mention_is(data, path, arguments.doc_id, arguments.start, arguments.end, arguments.actor, note=note)
    if kind == "merge":
        return review.merge_actors(path, arguments.actor, arguments.into, note=note)
    if kind == "set-actor":
        return review.set_actor(path, arguments.actor, name=arguments.name, kind=arguments.kind,
                                country=arguments.country, note=note)
    if kind == "alias":
        return review.alias(path, arguments.actor, arguments.text, remove=arguments.remove, note=note)
    if kind in ("confirm-reversal", "reject-reversal"):
        return review.review_reversal(data, path, arguments.a, arguments.b, confirm=kind.startswith("confirm"),
                                      number=arguments.number, note=note)
    return review.annotate(path, arguments.on, arguments.target, arguments.text, tags=arguments.tag, note=note)
