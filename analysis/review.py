"""Making corrections: the functions `python -m analysis correct …` and the notebooks' controls call.

Each function checks what it is told against the current tables of a data folder (the event, mention or
reversal must be there), writes one entry to the corrections file (analysis.corrections) and returns it;
nothing changes in the tables until the next build, which `rebuild` runs: it re-processes no document
(corrections are not part of any document's cache key), so it takes seconds.

    from analysis import review
    review.reject_event("data", "corrections.yaml", "3f2a91…", note="a border clash, not an attack")
    review.merge_actors("corrections.yaml", "bhutto", "benazir_bhutto")
    review.rebuild("seeds", "data", "corrections.yaml")
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import pandas as pd

from analysis import corrections as C
from analysis.corrector import reversal_periods
from analysis.tables import Tables, load_tables

PathLike = str | os.PathLike


class ReviewError(ValueError):
    """A correction that names something the tables do not hold, with what was looked for."""


def _tables(data: PathLike | Tables) -> Tables:
    return data if isinstance(data, Tables) else load_tables(data)


def _event(tables: Tables, event_id: str) -> pd.Series:
    found = tables.events[tables.events["event_id"] == event_id]
    if found.empty:
        raise ReviewError(f"no event {event_id!r} in the tables; its id is the events table's event_id")
    return found.iloc[0]


def reject_event(data: PathLike | Tables, corrections: PathLike, event_id: str, *, note: str | None = None) -> C.Correction:
    """The event is wrong: it and its stance observations leave the tables."""
    _event(_tables(data), event_id)
    return C.add(corrections, C.make("reject_event", event=event_id, note=note))


def recode_event(data: PathLike | Tables, corrections: PathLike, event_id: str, *, code: str | None = None,
                 source: str | None = None, target: str | None = None, date: str | None = None,
                 note: str | None = None) -> C.Correction:
    """The event happened otherwise: its CAMEO code, source, target or date as the analyst reads them."""
    from analysis.cameo import load_codebook

    _event(_tables(data), event_id)
    if code is not None and str(code) not in load_codebook():
        raise ReviewError(f"code={code!r} is not a CAMEO code of the codebook (analysis/data/cameo_codebook.csv)")
    if date is not None:
        date = pd.Timestamp(str(date)).strftime("%Y-%m-%d")
    return C.add(corrections, C.make("recode_event", event=event_id, code=None if code is None else str(code),
                                     source=source, target=target, date=date, note=note))


def _mention(tables: Tables, doc_id: str, start: int, end: int) -> tuple[str, str]:
    mentions = tables.mentions
    found = mentions[(mentions["doc_id"] == doc_id) & (mentions["start"] == start) & (mentions["end"] == end)]
    if found.empty:
        raise ReviewError(f"no mention at characters {start}–{end} of document {doc_id!r}")
    documents = tables.documents[tables.documents["doc_id"] == doc_id]
    return str(documents["sha256"].iloc[0]), str(found["text"].iloc[0])


def not_actor(data: PathLike | Tables, corrections: PathLike, doc_id: str, start: int, end: int, *,
              note: str | None = None) -> C.Correction:
    """This mention stands for no actor ("Sympathy", "LOC")."""
    sha256, text = _mention(_tables(data), doc_id, int(start), int(end))
    return C.add(corrections, C.make("not_actor", document=sha256, start=int(start), end=int(end), text=text, note=note))


def mention_is(data: PathLike | Tables, corrections: PathLike, doc_id: str, start: int, end: int, actor: str, *,
               note: str | None = None) -> C.Correction:
    """This mention is actor `actor` ("Bhutto" here is Benazir Bhutto)."""
    sha256, text = _mention(_tables(data), doc_id, int(start), int(end))
    return C.add(corrections, C.make("mention_is", document=sha256, start=int(start), end=int(end), text=text,
                                     actor=actor, note=note))


def merge_actors(corrections: PathLike, actor: str, into: str, *, note: str | None = None) -> C.Correction:
    """Two actors are one: every row of `actor` becomes `into`'s."""
    if actor == into:
        raise ReviewError(f"cannot merge {actor!r} into itself")
    return C.add(corrections, C.make("merge_actors", actor=actor, into=into, note=note))


def set_actor(corrections: PathLike, actor: str, *, name: str | None = None, kind: str | None = None,
              country: str | None = None, note: str | None = None) -> C.Correction:
    """The actor's name, kind or country as the analyst knows them."""
    from analysis.tables import ACTOR_KINDS

    if kind is not None and kind not in ACTOR_KINDS:
        raise ReviewError(f"kind={kind!r} is not an actor kind; allowed: {', '.join(ACTOR_KINDS)}")
    if name is None and kind is None and country is None:
        raise ReviewError("set_actor changes nothing: give a name, a kind or a country")
    return C.add(corrections, C.make("set_actor", actor=actor, name=name, actor_kind=kind, country=country, note=note))


def alias(corrections: PathLike, actor: str, text: str, *, remove: bool = False, note: str | None = None) -> C.Correction:
    """Mentions written `text` are actor `actor` (or, with `remove`, are no longer it)."""
    return C.add(corrections, C.make("remove_alias" if remove else "add_alias", actor=actor, alias=text, note=note))


def find_reversal(data: PathLike | Tables, a: str, b: str, *, number: int | None = None) -> pd.Series:
    """The reversal of `a` toward `b` (the `number`-th of that pair, from 0, when there are several)."""
    reversals = _tables(data).reversals
    pair = reversals[(reversals["a_id"] == a) & (reversals["b_id"] == b)].reset_index(drop=True)
    if pair.empty:
        raise ReviewError(f"no reversal {a} → {b} in the tables")
    if number is None and len(pair) > 1:
        periods = "; ".join(f"{i}: {row.before_start:%Y}–{row.after_end:%Y}" for i, row in pair.iterrows())
        raise ReviewError(f"{len(pair)} reversals {a} → {b}; say which ({periods})")
    if number is not None and not 0 <= number < len(pair):
        raise ReviewError(f"there are {len(pair)} reversals {a} → {b}; number={number} is not one of them")
    return pair.iloc[number or 0]


def review_reversal(data: PathLike | Tables, corrections: PathLike, a: str, b: str, *, confirm: bool,
                    number: int | None = None, note: str | None = None) -> C.Correction:
    """The analyst confirms the reversal, or rejects it (it leaves the reversals table, build after build)."""
    row = find_reversal(data, a, b, number=number)
    kind = "confirm_reversal" if confirm else "reject_reversal"
    return C.add(corrections, C.make(kind, **reversal_periods(row), note=note))


def annotate(corrections: PathLike, on: str, target: str, text: str | None = None, *, tags: Sequence[str] = (),
             note: str | None = None) -> C.Correction:
    """A note or tags on an actor (its id), an event (its event_id) or a document (its doc_id or sha256)."""
    return C.add(corrections, C.make("annotate", on=on, target=target, text=text, tags=list(tags) or None, note=note))


def listing(corrections: PathLike) -> pd.DataFrame:
    """The corrections in the file, one row each: id, kind, what it says, when, note."""
    rows = [{"id": entry.id, "kind": entry.kind,
             "what": ", ".join(f"{key}={value}" for key, value in entry.fields.items()
                               if key not in ("id", "kind", "when", "note")),
             "when": entry["when"], "note": entry["note"]} for entry in C.read(corrections)]
    return pd.DataFrame(rows, columns=["id", "kind", "what", "when", "note"])


def undo(corrections: PathLike, correction_id: str) -> C.Correction:
    """Remove one correction (by its id or a unique start of it); the next build brings the machine's rows back."""
    return C.undo(corrections, correction_id)


def rebuild(corpus: PathLike, data: PathLike, corrections: PathLike | None, **options):
    """Build again with the corrections: unchanged documents are reused, so only the tables are re-derived."""
    from analysis.build import build

    options.setdefault("progress", False)
    return build(Path(corpus), Path(data), corrections=corrections, **options)
