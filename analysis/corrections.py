"""Analyst corrections: a human-readable `corrections.yaml`, replayed on every build after extraction.

The file holds one entry per correction, in the order they were made, each with its `kind`, the time it
was made (`when`), an optional `note` and a content id (`id`, the first 12 hex digits of the sha256 of its
kind and keys, so the same correction made twice is one entry):

    corrections:
    - {id: 5f0c…, kind: merge_actors, actor: bhutto, into: benazir_bhutto, when: '2026-12-01T17:40:00'}
    - {id: …, kind: set_actor, actor: benazir_bhutto, name: Benazir Bhutto, actor_kind: person, country: PAK}
    - {id: …, kind: add_alias, actor: RUS, alias: the Moscow regime}
    - {id: …, kind: remove_alias, actor: taliban, alias: mujahideen}
    - {id: …, kind: not_actor, document: <sha256>, start: 120, end: 128, text: Sympathy}
    - {id: …, kind: mention_is, document: <sha256>, start: 40, end: 46, text: Bhutto, actor: benazir_bhutto}
    - {id: …, kind: reject_event, event: 3f2a…}
    - {id: …, kind: recode_event, event: 3f2a…, code: '190', source: USA, target: AFG, date: '2001-10-07'}
    - {id: …, kind: confirm_reversal, a: USA, b: PAK, before: ['1979-01-01', '1989-12-31'], after: [...]}
    - {id: …, kind: reject_reversal, a: PAK, b: taliban, before: [...], after: [...]}
    - {id: …, kind: annotate, on: actor|event|document, target: <id or sha256>, text: '…', tags: [..]}

Keys are stable content ids: a document by the sha256 of its text, a mention by its character offsets in
that text, an event by its content-derived `event_id`, a reversal by its pair and periods. So a correction
survives new documents and rebuilds from scratch; one that no longer applies (its document changed or
vanished, its event or reversal is no longer found) stays in the file and becomes a row of the problems
table (stage "corrections") saying why — it is never dropped silently.

`Corrector` applies the entries to rows table by table (analysis.build streams every chunk through it):
mention corrections and aliases first, then merges (transitively: A→B, B→C makes A→C), then event
rejections and recodings, which also reach the events' stance observations. Every row a correction
touched has `provenance` "analyst"; all others "machine". Mention corrections change mentions and the
actors table; the events of those sentences keep the actors extraction gave them, unless a merge or a
recoding changes them.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import yaml

from analysis.atomic import replacing
from analysis.tables import ANNOTATED

STAGE = "corrections"
ANALYST, MACHINE = "analyst", "machine"
ID_LENGTH = 12
# The fields each kind of correction has: required, then optional. `when`, `note` and `id` are common to all.
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "merge_actors": (("actor", "into"), ()),
    "set_actor": (("actor",), ("name", "actor_kind", "country")),
    "add_alias": (("actor", "alias"), ()),
    "remove_alias": (("actor", "alias"), ()),
    "not_actor": (("document", "start", "end"), ("text",)),
    "mention_is": (("document", "start", "end", "actor"), ("text",)),
    "reject_event": (("event",), ()),
    "recode_event": (("event",), ("code", "source", "target", "date")),
    "confirm_reversal": (("a", "b", "before", "after"), ()),
    "reject_reversal": (("a", "b", "before", "after"), ()),
    "annotate": (("on", "target"), ("text", "tags")),
}
COMMON = ("id", "kind", "when", "note")
# Actor-id columns a merge renames, per table.
ACTOR_COLUMNS = {"documents": ("author_id",), "mentions": ("actor_id",), "events": ("source_id", "target_id"),
                 "motives": ("actor_id",), "stances": ("source_id", "target_id", "speaker_id"),
                 "actors": ("actor_id",), "dyads": ("source_id", "target_id"), "reversals": ("a_id", "b_id")}
HEADER = ("# Analyst corrections, replayed on every build (python -m analysis correct … writes them; you may edit\n"
          "# by hand). Keys are content ids: documents by sha256, mentions by offsets, events by event_id.\n")


class CorrectionsError(ValueError):
    """A corrections file that cannot be read, or an entry that is not a correction, with the reason."""


@dataclass(frozen=True)
class Correction:
    """One entry of corrections.yaml: its kind and fields (the common ones included)."""

    fields: Mapping

    @property
    def kind(self) -> str:
        return self.fields["kind"]

    @property
    def id(self) -> str:
        return self.fields["id"]

    def __getitem__(self, key: str):
        return self.fields.get(key)

    def describe(self) -> str:
        keys = ", ".join(f"{key}={value}" for key, value in self.fields.items() if key not in ("id", "kind", "when"))
        return f"{self.id} {self.kind} ({keys})"


def correction_id(kind: str, fields: Mapping) -> str:
    """The content id of a correction: its kind and its keys (not when it was made or why)."""
    keys = [kind, *(f"{key}={fields.get(key)}" for key in sorted(fields) if key not in COMMON)]
    return hashlib.sha256("|".join(keys).encode("utf-8")).hexdigest()[:ID_LENGTH]


def make(kind: str, *, note: str | None = None, when: str | None = None, **fields) -> Correction:
    """A new correction of `kind` with `fields` (see KINDS), checked; `when` defaults to now."""
    if kind not in KINDS:
        raise CorrectionsError(f"kind={kind!r} is not a correction; allowed: {', '.join(KINDS)}")
    fields = {key: value for key, value in fields.items() if value is not None}
    when = when or datetime.datetime.now().replace(microsecond=0).isoformat()
    entry = {"id": correction_id(kind, fields), "kind": kind, **fields, "when": when, **({"note": note} if note else {})}
    return _checked(entry, where="the new correction")


def _checked(entry, *, where: str) -> Correction:
    if not isinstance(entry, Mapping) or "kind" not in entry:
        raise CorrectionsError(f"{where} is not a correction: every entry is a mapping with a 'kind'")
    kind = entry["kind"]
    if kind not in KINDS:
        raise CorrectionsError(f"{where}: kind {kind!r} is not a correction; allowed: {', '.join(KINDS)}")
    required, optional = KINDS[kind]
    missing = [key for key in required if entry.get(key) in (None, "")]
    if missing:
        raise CorrectionsError(f"{where} ({kind}) lacks {', '.join(missing)}")
    unknown = set(entry) - set(required) - set(optional) - set(COMMON)
    if unknown:
        raise CorrectionsError(f"{where} ({kind}) has unknown field(s) {', '.join(sorted(unknown))}; "
                               f"allowed: {', '.join((*required, *optional, 'note'))}")
    for key in ("start", "end"):
        if key in required and (isinstance(entry[key], bool) or not isinstance(entry[key], int)):
            raise CorrectionsError(f"{where} ({kind}): {key} must be a whole number of characters")
    if kind == "annotate" and entry["on"] not in ANNOTATED:
        raise CorrectionsError(f"{where} (annotate): on={entry['on']!r}; allowed: {', '.join(ANNOTATED)}")
    if kind == "recode_event" and not {"code", "source", "target", "date"} & set(entry):
        raise CorrectionsError(f"{where} (recode_event) changes nothing: give a code, source, target or date")
    fields = dict(entry)
    fields["id"] = str(fields.get("id") or correction_id(kind, fields))
    return Correction(fields)


def read(path: str | os.PathLike | None) -> list[Correction]:
    """The corrections in `path`, in order; none when the path is None or the file does not exist."""
    if path is None or not Path(path).exists():
        return []
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise CorrectionsError(f"corrections file {path} cannot be read: {error}") from None
    if data is None:
        return []
    if not isinstance(data, Mapping) or not isinstance(data.get("corrections", []), list):
        raise CorrectionsError(f"corrections file {path}: expected 'corrections:' followed by a list of entries")
    return [_checked(entry, where=f"{path}, entry {number}") for number, entry in enumerate(data.get("corrections") or [], 1)]


def write(path: str | os.PathLike, corrections: Sequence[Correction]) -> None:
    """Write `corrections` to `path` (through a temporary file and a rename: the old file stays whole)."""
    path = Path(path)
    text = HEADER + yaml.safe_dump({"corrections": [dict(entry.fields) for entry in corrections]},
                                   sort_keys=False, allow_unicode=True, width=110)
    with replacing(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


def add(path: str | os.PathLike, correction: Correction) -> Correction:
    """Append `correction` to the file (or replace the entry with the same id, keeping its place)."""
    entries = read(path)
    for number, entry in enumerate(entries):
        if entry.id == correction.id:
            entries[number] = correction
            break
    else:
        entries.append(correction)
    write(path, entries)
    return correction


def undo(path: str | os.PathLike, correction_id_prefix: str) -> Correction:
    """Remove the one correction whose id starts with `correction_id_prefix`; return it."""
    entries = read(path)
    found = [entry for entry in entries if entry.id.startswith(correction_id_prefix)]
    if len(found) != 1:
        raise CorrectionsError(f"{'no' if not found else len(found)} correction(s) in {path} have an id starting "
                               f"{correction_id_prefix!r}; `python -m analysis correct list` shows them")
    write(path, [entry for entry in entries if entry is not found[0]])
    return found[0]


def fingerprint(corrections: Sequence[Correction]) -> str:
    return hashlib.sha256("|".join(entry.id for entry in corrections).encode()).hexdigest()[:16]
