"""Corrections (analysis.corrections) applied to table rows: what a build does after extraction.

`Corrector(corrections).apply(table, frame)` returns the frame corrected, with `provenance` "analyst" on
every row a correction touched; rows that a correction removes (rejected events and their stance
observations, rejected reversals) are gone. It remembers which corrections found their rows, so that
`stale_problems()` can name, once every table has passed, each correction that no longer applies and why.
Frames pass chunk by chunk; nothing here needs a whole table at once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable, Sequence

import pandas as pd

from analysis.cameo import load_codebook
from analysis.corrections import ACTOR_COLUMNS, ANALYST, Correction
from analysis.stance_lexicon import load_stance_lexicon

DOC_ID_LENGTH = 16  # a doc_id is the first 16 hex digits of its text's sha256 (analysis.corpus)


def folded(text) -> str:
    """A name as aliases compare it: lower case, single spaces, no leading "the"."""
    text = re.sub(r"\s+", " ", str(text)).strip().lower()
    return text[4:] if text.startswith("the ") else text


class Corrector:
    """Applies a list of corrections to the kit's tables (see the module docstring)."""

    def __init__(self, corrections: Sequence[Correction] = ()):
        self.corrections = list(corrections)
        self.found: set[str] = set()  # ids of corrections that met their rows
        self.documents: set[str] = set()  # doc_ids seen in the documents table
        self.events_seen: set[str] = set()  # event_ids extraction gave
        self.recoded_rows: dict[str, dict] = {}  # recoded events as corrected, for the stances they now make
        self.event_stances: set[str] = set()  # events that have an event stance observation
        self.actors_seen: set[str] = set()
        by_kind: dict[str, list[Correction]] = defaultdict(list)
        for entry in self.corrections:
            by_kind[entry.kind].append(entry)
        self.merges = _merges(by_kind["merge_actors"])
        self.mentions = {(entry["document"][:DOC_ID_LENGTH], entry["start"], entry["end"]): entry
                         for entry in (*by_kind["not_actor"], *by_kind["mention_is"])}
        self.added_aliases = {folded(entry["alias"]): entry for entry in by_kind["add_alias"]}
        self.removed_aliases = {(entry["actor"], folded(entry["alias"])): entry for entry in by_kind["remove_alias"]}
        self.rejected = {entry["event"]: entry for entry in by_kind["reject_event"]}
        self.recoded = {entry["event"]: entry for entry in by_kind["recode_event"]}
        self.actor_settings = {entry["actor"]: entry for entry in by_kind["set_actor"]}
        self.reviews = {_reversal_key(entry["a"], entry["b"], entry["before"], entry["after"]): entry
                        for entry in (*by_kind["confirm_reversal"], *by_kind["reject_reversal"])}
        self.notes = by_kind["annotate"]

    def __bool__(self) -> bool:
        return bool(self.corrections)

    # ─── per table ────────────────────────────────────────────────────────────────────────

    def apply(self, name: str, frame: pd.DataFrame) -> pd.DataFrame:
        """Table `name`'s rows `frame` (conformed to its schema) with every correction applied."""
        if not self.corrections:
            return frame  # nothing to apply, nothing to track
        if name == "documents":
            self.documents.update(frame["doc_id"].dropna().astype(str))
        if name == "events":
            self.events_seen.update(frame["event_id"].dropna().astype(str))
        if frame.empty:
            return frame
        frame = frame.copy()
        if name == "mentions":
            frame = self._mentions(frame)
        if name == "events":
            frame = self._events(frame)
        if name == "stances":
            frame = self._stances(frame)
        frame = self._merged(name, frame)
        if name == "actors":
            frame = self._actors(frame)
        if name == "reversals":
            frame = self._reversals(frame)
        return self._seen(name, frame)

    def _seen(self, name: str, frame: pd.DataFrame) -> pd.DataFrame:
        for column in ACTOR_COLUMNS.get(name, ()):
            self.actors_seen.update(frame[column].dropna().astype(str))
        return frame

    def _touched(self, frame: pd.DataFrame, mask, entries: Iterable[Correction]) -> None:
        if "provenance" in frame:
            frame.loc[mask, "provenance"] = ANALYST
        self.found.update(entry.id for entry in entries)

    def _mentions(self, frame: pd.DataFrame) -> pd.DataFrame:
        if self.mentions:
            keys = list(zip(frame["doc_id"], frame["start"].astype(int), frame["end"].astype(int)))
            hits = [(row, self.mentions[key]) for row, key in zip(frame.index, keys) if key in self.mentions]
            for row, entry in hits:
                frame.loc[row, "actor_id"] = entry["actor"] if entry.kind == "mention_is" else None
                if entry.kind == "not_actor":
                    frame.loc[row, "method"] = "unresolved"
            self._touched(frame, [row for row, _ in hits], [entry for _, entry in hits])
        if self.added_aliases or self.removed_aliases:
            names = frame["text"].map(folded)
            for alias, entry in self.added_aliases.items():
                mask = (names == alias) & (frame["actor_id"] != entry["actor"]).fillna(True)
                frame.loc[mask, "actor_id"] = entry["actor"]
                self._touched(frame, mask, [entry] if mask.any() else [])
            for (actor, alias), entry in self.removed_aliases.items():
                mask = (names == alias) & (frame["actor_id"] == actor).fillna(False)
                frame.loc[mask, "actor_id"] = None
                self._touched(frame, mask, [entry] if mask.any() else [])
        return frame

    def _events(self, frame: pd.DataFrame) -> pd.DataFrame:
        rejected = frame["event_id"].isin(self.rejected)
        self.found.update(self.rejected[event].id for event in frame.loc[rejected, "event_id"])
        frame = frame[~rejected].copy()
        codebook = load_codebook()
        for row in frame.index[frame["event_id"].isin(self.recoded)]:
            entry = self.recoded[frame.at[row, "event_id"]]
            if entry["code"] is not None:
                code = str(entry["code"])
                if code not in codebook:
                    continue  # named by stale_problems: a code the codebook does not have
                frame.loc[row, ["cameo_code", "cameo_root", "goldstein"]] = [code, codebook[code].root, codebook[code].goldstein]
                frame.loc[row, "quad_class"] = codebook[code].quad_class
            self._recode_parties_and_date(frame, row, entry)
            self._touched(frame, [row], [entry])
            self.recoded_rows[entry["event"]] = frame.loc[row].to_dict()
        return frame

    @staticmethod
    def _recode_parties_and_date(frame: pd.DataFrame, row, entry: Correction) -> None:
        for field, column in (("source", "source_id"), ("target", "target_id")):
            if entry[field] is not None:
                frame.loc[row, column] = entry[field]
        if entry["date"] is not None:
            frame.loc[row, ["date", "date_precision"]] = [pd.Timestamp(str(entry["date"])), "day"]

    def _stances(self, frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame[~frame["event_id"].isin(self.rejected)].copy()
        self.event_stances.update(frame.loc[frame["kind"] == "event", "event_id"].dropna().astype(str))
        codebook, lexicon = load_codebook(), load_stance_lexicon()
        mask = frame["event_id"].isin(self.recoded) & (frame["kind"] == "event")
        for row in frame.index[mask]:
            entry = self.recoded[frame.at[row, "event_id"]]
            if entry["code"] is not None and str(entry["code"]) in codebook:
                code = str(entry["code"])
                frame.loc[row, "score"] = lexicon.event_score(code, codebook[code].goldstein)
                verb = str(frame.at[row, "cue"]).partition(" ")[2]
                frame.loc[row, "cue"] = f"{code} {verb}".strip()
            self._recode_parties_and_date(frame, row, entry)
        if "provenance" in frame:
            frame.loc[mask, "provenance"] = ANALYST
        return frame

    def _merged(self, name: str, frame: pd.DataFrame) -> pd.DataFrame:
        if not self.merges:
            return frame
        columns = ACTOR_COLUMNS.get(name, ())
        for column in columns:
            mask = frame[column].isin(self.merges)
            if mask.any():
                self.found.update(entry.id for entry in self.merge_entries(frame.loc[mask, column]))
                frame.loc[mask, column] = frame.loc[mask, column].map(lambda actor: self.merges[actor][0])
                if "provenance" in frame:
                    frame.loc[mask, "provenance"] = ANALYST
        return frame

    def merge_entries(self, actors: Iterable[str]) -> list[Correction]:
        return [entry for actor in set(actors) for entry in self.merges[actor][1]]

    def _actors(self, frame: pd.DataFrame) -> pd.DataFrame:
        # an actor that took in another's mentions (a merge, an alias, "this mention is X") is the analyst's
        gained = {target for target, _ in self.merges.values()} | {
            entry["actor"] for entry in (*self.mentions.values(), *self.added_aliases.values())
            if entry.kind != "not_actor" and entry.id in self.found}
        frame.loc[frame["actor_id"].isin(gained), "provenance"] = ANALYST
        for row in frame.index[frame["actor_id"].isin(self.actor_settings)]:
            entry = self.actor_settings[frame.at[row, "actor_id"]]
            for field, column in (("name", "name"), ("actor_kind", "kind"), ("country", "country")):
                if entry[field] is not None:
                    frame.loc[row, column] = entry[field]
            self._touched(frame, [row], [entry])
        return frame

    def _reversals(self, frame: pd.DataFrame) -> pd.DataFrame:
        keys = [_reversal_key(a, b, (bs, be), (as_, ae)) for a, b, bs, be, as_, ae in zip(
            frame["a_id"], frame["b_id"], frame["before_start"], frame["before_end"], frame["after_start"], frame["after_end"])]
        keep = []
        for row, key in zip(frame.index, keys):
            entry = self.reviews.get(key)
            if entry is not None:
                self.found.add(entry.id)
                if entry.kind == "confirm_reversal":
                    frame.loc[row, "provenance"] = ANALYST
            keep.append(entry is None or entry.kind != "reject_reversal")
        return frame[keep].reset_index(drop=True)

    # ─── after every table ─────────────────────────────────────────────────────────────────

    def new_stances(self) -> list[dict]:
        """Event stance observations of recoded events that had none (their new source and target make one),
        once the events and stances tables have passed."""
        from analysis.observations import stance_id

        codebook, lexicon = load_codebook(), load_stance_lexicon()
        rows = []
        for event_id, event in self.recoded_rows.items():
            source, target = event.get("source_id"), event.get("target_id")
            if event_id in self.event_stances or pd.isna(source) or pd.isna(target) or source == target or event.get("negated"):
                continue
            code = str(event["cameo_code"])
            score = lexicon.event_score(code, codebook[code].goldstein) if code in codebook else float(event["goldstein"])
            row = {"doc_id": event["doc_id"], "sent_id": int(event["sent_id"]), "date": event["date"],
                   "date_precision": event["date_precision"], "source_id": source, "target_id": target,
                   "speaker_id": None, "kind": "event", "score": score, "cue": f"{code} {event['verb']}",
                   "event_id": event_id, "evidence": event["text"], "provenance": ANALYST}
            row["stance_id"] = stance_id(str(event["doc_id"]), row)
            rows.append(row)
        return rows

    def notes_rows(self) -> list[dict]:
        """The notes table: one row per annotation (merged actors noted under the actor they became)."""
        rows = []
        for entry in self.notes:
            target = str(entry["target"])
            if entry["on"] == "actor" and target in self.merges:
                target = self.merges[target][0]
            rows.append({"on": entry["on"], "target": target, "text": entry["text"], "tags": list(entry["tags"] or []),
                         "when": str(entry["when"]), "correction_id": entry.id})
        return rows

    def stale_problems(self) -> list[dict]:
        """A problem row for each correction that met nothing in this build, with the reason."""
        codebook = load_codebook()
        problems = []
        for entry in self.corrections:
            reason = self._stale_reason(entry, event_ids=self.events_seen, actor_ids=self.actors_seen, codebook=codebook)
            if reason:
                problems.append({"path": "corrections.yaml", "stage": "corrections",
                                 "reason": f"correction {entry.describe()} no longer applies: {reason}; it stays in the "
                                           "file (undo it with `python -m analysis correct undo ID`)"})
        return problems

    def _stale_reason(self, entry: Correction, *, event_ids, actor_ids, codebook) -> str | None:
        kind = entry.kind
        if kind in ("not_actor", "mention_is") and entry.id not in self.found:
            if entry["document"][:DOC_ID_LENGTH] not in self.documents:
                return f"its document (sha256 {entry['document'][:12]}…) is no longer in the corpus: it changed or vanished"
            return f"no mention spans characters {entry['start']}–{entry['end']} of that document any more"
        if kind in ("reject_event", "recode_event"):
            if kind == "recode_event" and entry["code"] is not None and str(entry["code"]) not in codebook:
                return f"code {entry['code']!r} is not a CAMEO code of the codebook"
            if entry["event"] not in event_ids and entry.id not in self.found:
                return f"event {entry['event']} is no longer extracted (its document changed, or the rules did)"
        if kind in ("merge_actors", "set_actor") and entry["actor"] not in actor_ids and entry.id not in self.found:
            return f"no row names actor {entry['actor']}"
        if kind in ("confirm_reversal", "reject_reversal") and entry.id not in self.found:
            return f"no reversal {entry['a']} → {entry['b']} with those periods is found any more"
        if kind == "annotate" and entry["on"] == "event" and entry["target"] not in event_ids:
            return f"event {entry['target']} is no longer extracted"
        if kind == "annotate" and entry["on"] == "document" and str(entry["target"])[:DOC_ID_LENGTH] not in self.documents:
            return "its document is no longer in the corpus"
        return None


def _merges(entries: Sequence[Correction]) -> dict[str, tuple[str, list[Correction]]]:
    """actor → (the actor it ends up as, the merges on the way); A→B, B→C gives A → C. A cycle keeps its
    last actor: the later merge wins."""
    direct = {entry["actor"]: entry for entry in entries if entry["actor"] != entry["into"]}
    resolved = {}
    for actor in direct:
        path, current, seen = [], actor, {actor}
        while current in direct:
            path.append(direct[current])
            current = direct[current]["into"]
            if current in seen:
                break
            seen.add(current)
        if current != actor:
            resolved[actor] = (current, path)
    return resolved


def _reversal_key(a, b, before, after) -> tuple:
    def day(value) -> str:
        return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")

    return (str(a), str(b), *(day(value) for value in (*before, *after)))


def reversal_periods(row) -> dict:
    """The keys a confirm/reject correction of one reversals row carries (its pair and its periods)."""
    return {"a": str(row["a_id"]), "b": str(row["b_id"]),
            "before": [pd.Timestamp(row["before_start"]).strftime("%Y-%m-%d"), pd.Timestamp(row["before_end"]).strftime("%Y-%m-%d")],
            "after": [pd.Timestamp(row["after_start"]).strftime("%Y-%m-%d"), pd.Timestamp(row["after_end"]).strftime("%Y-%m-%d")]}
