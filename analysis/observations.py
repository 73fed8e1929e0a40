"""Stance observations of one document: its events and its evaluative language → rows of the stances table.

One row per sentence in which a speaker refers to a target, of two kinds (`tables.STANCE_KINDS`):

    event     an event with a source and a target, not negated: the source's stance toward the target,
              scored by the event's Goldstein weight and dated by the event ("Iraq invaded Kuwait in 1990").
    language  what a speaker says of a target, dated by the document:
              - evaluative language aimed at the target (`analysis.stances.language_stances`: "the barbarous
                aggression of X", "our fraternal friends in X");
              - a hostile act the speaker tells of another actor ("X invaded Y", said in a speech, or reported
                by X's adversary): CAMEO's reading of "A says B attacked C" is that A accuses B, so the teller
                accuses the doer, with the Goldstein weight of the accusation code that
                `settings.accusation_codes` of event_patterns.yaml gives the act's root. The doer's own event
                stays an observation of the doer's stance;
              - support the teller tells of another actor (`alignment_stances`): X's praise of, material
                cooperation with or aid to Y, told by a teller whose stance toward Y the document shows, is the teller's judgement
                of X by structural balance — the supplier of the teller's adversary is reproached, the
                helper of the teller (or of its friend) acknowledged.

Every row keeps its sentence (`evidence`), its `cue` (the CAMEO code and trigger, or the evaluative words), its
`speaker_id` (who tells of it: for language the speaker; for an event the reporting verb's subject, else the
document's author) and, for rows that come from an event, the event's id. Ids are derived from content, so they are stable across
builds. Whether one event reported by several documents counts once is decided where observations are pooled
(`analysis.reversals`).
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Mapping, Sequence

from analysis.cameo import CodebookEntry, PatternSet, load_codebook, load_patterns
from analysis.stance_lexicon import StanceLexicon, load_stance_lexicon


def event_stances(events: Sequence[Mapping], *, patterns: PatternSet | None = None,
                  codebook: Mapping[str, CodebookEntry] | None = None, lexicon: StanceLexicon | None = None,
                  doc_date: date | None = None, doc_precision: str = "unknown") -> list[dict]:
    """Stance rows from a document's finished event rows (with `event_id` and `speaker_id`). An event's score
    is its Goldstein weight, except where the stance lexicon's `event_scores` say better (appeals: by what
    they ask)."""
    patterns = patterns if patterns is not None else load_patterns()
    codebook = codebook if codebook is not None else load_codebook()
    lexicon = lexicon if lexicon is not None else load_stance_lexicon()
    rows = []
    for event in events:
        source, target = event.get("source_id"), event.get("target_id")
        if event.get("negated") or not source:
            continue
        if target and target != source:
            score = lexicon.event_score(str(event["cameo_code"]), float(event["goldstein"]))
            rows.append(_row(event, source, target, kind="event", score=score,
                             cue=f"{event['cameo_code']} {event['verb']}", when=event["date"],
                             precision=event["date_precision"], speaker=event.get("speaker_id")))
        accusation = _accusation(event, patterns, codebook)
        if accusation is not None:
            code, teller = accusation
            rows.append(_row(event, teller, source, kind="language", score=codebook[code].goldstein,
                             cue=f"{code} tells of {event['verb']}", when=doc_date, precision=doc_precision,
                             speaker=teller))
    return rows


def _accusation(event: Mapping, patterns: PatternSet, codebook: Mapping[str, CodebookEntry]) -> tuple[str, str] | None:
    """(accusation code, teller) when the event's teller is someone else than its doer and the act is hostile."""
    teller, source = event.get("speaker_id"), event.get("source_id")
    code = patterns.accusation_codes.get(str(event.get("cameo_root")))
    if not teller or teller == source or code is None or code not in codebook:
        return None
    return code, teller


def alignment_stances(events: Sequence[Mapping], stances: Sequence[Mapping], *, lexicon: StanceLexicon | None = None,
                      doc_date: date | None = None, doc_precision: str = "unknown") -> list[dict]:
    """Rows of kind "language" for the teller of X's supporting act toward Y (CAMEO code prefixes
    `settings.alignment_codes` of the stance lexicon): the teller's stance toward X takes the sign of its stance
    toward Y in this document — the mean of `stances` rows whose source is the teller and target Y, counted when at least
    `alignment_min_stance` from 0; the teller itself as Y is +. Score: that sign · `alignment_weight` · the
    act's Goldstein weight. Only the document's own rows decide: a teller that says nothing of Y here
    judges no one by Y."""
    lexicon = lexicon if lexicon is not None else load_stance_lexicon()
    toward: dict[tuple, list[float]] = {}
    for row in stances:
        toward.setdefault((row["source_id"], row["target_id"]), []).append(float(row["score"]))
    rows = []
    for event in events:
        teller, doer, helped = event.get("speaker_id"), event.get("source_id"), event.get("target_id")
        if (event.get("negated") or not (teller and doer and helped) or len({teller, doer, helped}) < 2
                or teller == doer or not str(event.get("cameo_code")).startswith(tuple(lexicon.alignment_codes))):
            continue
        side = 1.0 if helped == teller else _clear_sign(toward.get((teller, helped), ()), lexicon.alignment_min_stance)
        if side:
            score = side * lexicon.alignment_weight * float(event["goldstein"])
            rows.append(_row(event, teller, doer, kind="language", score=round(score, 4),
                             cue=f"{event['cameo_code']} {event['verb']} for {helped}", when=doc_date,
                             precision=doc_precision, speaker=teller))
    return rows


def _clear_sign(scores: Sequence[float], threshold: float) -> float:
    """+1 or −1 when the mean of `scores` is at least `threshold` from 0, else 0."""
    if not scores:
        return 0.0
    mean = sum(scores) / len(scores)
    return 0.0 if abs(mean) < threshold else (1.0 if mean > 0 else -1.0)


def one_per_sentence(rows: Sequence[dict]) -> list[dict]:
    """Language rows merged to one per (sentence, speaker, target): the speaker's evaluative words when it has
    any, else the strongest accusation; none where an event of the sentence already has that source and
    target ("I thank the Government of Japan" is one observation, the event, not two). Event rows stay one
    per event."""
    best: dict[tuple, dict] = {}
    kept = []
    acted = {(row["sent_id"], row["source_id"], row["target_id"]) for row in rows if row["kind"] != "language"}
    for row in rows:
        if row["kind"] != "language":
            kept.append(row)
            continue
        key = (row["sent_id"], row["source_id"], row["target_id"])
        if key in acted:
            continue
        evaluative = row["event_id"] is None
        current = best.get(key)
        if current is None or (evaluative, abs(row["score"])) > (current["event_id"] is None, abs(current["score"])):
            best[key] = row
    return kept + list(best.values())


def language_rows(rows: Sequence[Mapping], *, doc_date: date | None, doc_precision: str) -> list[dict]:
    """Stance rows from `analysis.stances.language_stances` rows of one document (dated by the document)."""
    return [{"sent_id": row["sent_id"], "start": row["start"], "date": doc_date, "date_precision": doc_precision,
             "source_id": row["source_id"], "target_id": row["target_id"], "speaker_id": row["source_id"],
             "kind": "language",
             "score": float(row["score"]), "cue": row["cue"], "event_id": None, "evidence": row["text"]}
            for row in rows]


def _row(event: Mapping, source: str, target: str, *, kind: str, score: float, cue: str, when, precision: str,
         speaker: str | None) -> dict:
    return {"sent_id": event["sent_id"], "start": event.get("trigger_start"), "date": when,
            "date_precision": precision if when is not None else "unknown", "source_id": source,
            "target_id": target, "speaker_id": speaker, "kind": kind, "score": score, "cue": cue,
            "event_id": event.get("event_id"), "evidence": event["text"]}


def stance_id(doc_id: str, row: Mapping) -> str:
    """Content-derived id: the same observation in the same text gets the same id in every build."""
    key = "|".join(str(row.get(part)) for part in ("sent_id", "start", "kind", "source_id", "target_id", "cue"))
    return hashlib.sha256(f"{doc_id}|{key}".encode()).hexdigest()[:16]
