"""Events: a parsed spaCy Doc with its actor mentions and time expressions → CAMEO-coded event rows.

One row per "who did what to whom, when": a trigger (a verb such as "recognized", a noun such as
"invasion", an adjective such as "ready to …") found in `analysis/data/event_patterns.yaml`, its source
and target actors read off the dependency parse, its CAMEO code, root, quad class and Goldstein weight
from `analysis/data/cameo_codebook.csv`, whether it is negated, and its date.

The stage is a small package, one module per concern:

    syntax      shared reads of the parse (subjects, passives, infinitives, phrases)
    triggers    which words announce an event, with the pattern whose conditions hold
    arguments   source and target actors (passive agent, object, possessor, appositions, coordination,
                relative clauses, infinitives), with
    subjects    the doer of a verb, explicit or inherited (infinitives, coordination, relative clauses), and
    nominal     the doer and target of event nouns ("of"/"by" phrases, "between X and Y", light verbs) and
    references  the mentions by token and pronoun antecedents
    modality    negation and modality (denied, done, intended, conditional, imagined), with
    conditions  which clauses are conditions ("if", "unless", "Had X …", "until X …") and which are unreal, and
    nominal_mood  whether a nominal act is done or only asked for, sought, averted or still to come
    coding      the code from the pattern, what it governs and its modality
    dating      the clause's own time expression, else the sentence's, else the document's
    document    one Doc → rows

Columns of each row (see `analysis.tables.SCHEMAS["events"]`, less the ids the caller adds):
sent_id, trigger_start, date, date_precision, source_id, target_id, verb, cameo_code, cameo_root,
quad_class, goldstein, negated, text; and speaker_id (who tells of the event: the reporting verb's subject, else
the document's author, or the speaker of the quotation the trigger is in; for the stance layer, not a column of
the table).
"""

from __future__ import annotations

from datetime import date
from typing import Mapping, Sequence

# The data loaders are part of the events API too (callers write events.load_patterns()).
from analysis.cameo import CODEBOOK_PATH, PATTERNS_PATH, CodebookEntry, Pattern, PatternSet, load_codebook, load_patterns, quad_class
from analysis.events.document import DocumentEvents

__all__ = ["CODEBOOK_PATH", "PATTERNS_PATH", "CodebookEntry", "Pattern", "PatternSet", "extract_events", "load_codebook",
           "load_patterns", "quad_class"]

DATE_PRECISIONS = ("day", "month", "year", "decade", "century", "duration", "unknown")


def extract_events(
    doc,
    mentions: Sequence[Mapping],
    timexes: Sequence[Mapping],
    *,
    doc_date: date | None,
    doc_precision: str = "day",
    patterns: PatternSet | None = None,
    codebook: Mapping[str, CodebookEntry] | None = None,
    author_id: str | None = None,
    collectives: frozenset[str] = frozenset(),
) -> list[dict]:
    """The CAMEO-coded events of a parsed `doc`, one dict per (trigger, source, target).

    `mentions` are the document's actor mentions (char offsets, `actor_id`; those without one are not
    actors), `timexes` its normalised time expressions; `doc_date`/`doc_precision` date the events whose
    sentence has no usable time expression; `author_id` is the document's author, who speaks every sentence
    no reporting verb attributes to someone else (an obligation it states is its demand); `collectives` the ids
    of organizations of states, whose members ("the Member States of the United Nations") are not the
    organization. Sentences are numbered as `doc.sents` (sent_id from 0).
    """
    if doc_precision not in DATE_PRECISIONS:
        raise ValueError(f"doc_precision={doc_precision!r}; allowed: {', '.join(DATE_PRECISIONS)}")
    if not doc.has_annotation("DEP"):
        raise ValueError("doc has no dependency parse; run it through the trained pipeline (analysis.nlp) first")
    codebook = codebook if codebook is not None else load_codebook()
    patterns = patterns if patterns is not None else load_patterns()
    return list(DocumentEvents(doc, mentions, timexes, patterns, codebook, doc_date, doc_precision, author_id,
                                collectives).events())
