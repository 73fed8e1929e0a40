"""Tables of one document + an analyst's gold annotation (YAML) → match scores per part.

The gold format is that of shared/gold/*.gold.yaml: actors (names), metonymy, not_actors, lineage,
events, timexes, motives, reversals. The matching rules are the ones its header states: an actor
matches by canonical name or alias (case-insensitive); an event by source and target (through
lineage), CAMEO root and date to the stated precision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from analysis.tables import Tables


@dataclass
class Score:
    """How many gold items were found, and which were missed."""

    found: int = 0
    total: int = 0
    missed: list = field(default_factory=list)

    def __str__(self) -> str:
        missed = f"; missed: {', '.join(map(str, self.missed))}" if self.missed else ""
        return f"{self.found}/{self.total}{missed}"


def load_gold(path: str | Path) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def _names(row) -> set[str]:
    return {str(row["name"]).lower(), *(str(alias).lower() for alias in row["aliases"])}


def actor_ids(tables: Tables, gold: dict) -> dict[str, set[str]]:
    """Gold actor key → the kit's actor ids whose name or an alias is one of the gold names."""
    wanted = {actor["key"]: {name.lower() for name in actor["names"]} for actor in gold["actors"]}
    found: dict[str, set[str]] = {key: set() for key in wanted}
    for _, row in tables.actors.iterrows():
        names = _names(row)
        for key, gold_names in wanted.items():
            if names & gold_names:
                found[key].add(row["actor_id"])
    return found


def _with_lineage(keys, gold: dict) -> set[str]:
    """Gold keys plus the keys linked to them through the gold lineage (either direction)."""
    keys = {keys} if isinstance(keys, str) or keys is None else set(keys)
    linked = set(keys)
    for link in gold.get("lineage", []):
        if link["from"] in keys:
            linked.add(link["to"])
        if link["to"] in keys:
            linked.add(link["from"])
    return linked


def score_actors(tables: Tables, gold: dict) -> Score:
    ids = actor_ids(tables, gold)
    missed = [key for key, found in ids.items() if not found]
    return Score(len(ids) - len(missed), len(ids), missed)


def score_not_actors(tables: Tables, gold: dict) -> Score:
    """found = how many of the gold not-actors are (wrongly) actors; 0 is perfect."""
    wrong = [text for text in gold.get("not_actors", []) if any(text.lower() in _names(row) for _, row in tables.actors.iterrows())]
    return Score(len(wrong), len(gold.get("not_actors", [])), wrong)


def score_metonymy(tables: Tables, gold: dict) -> Score:
    ids = actor_ids(tables, gold)
    sentences = tables.sentences.set_index(["doc_id", "sent_id"])["text"]
    score = Score(total=len(gold.get("metonymy", [])))
    for item in gold.get("metonymy", []):
        hits = [
            row for _, row in tables.mentions.iterrows()
            if row["text"] == item["text"] and str(sentences.get((row["doc_id"], row["sent_id"]), "")).startswith(item["sentence_starts"])
        ]
        if any(row["actor_id"] in ids[item["resolves_to"]] for row in hits):
            score.found += 1
        else:
            score.missed.append(f"{item['text']} → {[row['actor_id'] for row in hits]}")
    return score


def _date_agrees(kit_date, gold_event: dict) -> bool:
    gold_date = gold_event.get("date")
    if gold_date is None:
        return True
    if kit_date is None or pd.isna(kit_date):
        return False
    kit = pd.Timestamp(kit_date)
    gold_text = str(gold_date)
    year = int(gold_text[:4])
    if gold_event.get("date_may_be_later") and gold_event.get("precision") == "year":
        return kit.year >= year
    if gold_event.get("precision") == "year":
        return kit.year == year
    if gold_event.get("precision") == "month":
        return (kit.year, kit.month) == (year, int(gold_text[5:7]))
    return kit.strftime("%Y-%m-%d") == gold_text


def score_events(tables: Tables, gold: dict) -> Score:
    ids = actor_ids(tables, gold)

    def allowed(keys) -> set:
        linked = _with_lineage(keys, gold)
        return {actor_id for key in linked if key is not None for actor_id in ids.get(key, ())} | ({None} if None in linked else set())

    score = Score(total=len(gold.get("events", [])))
    for item in gold.get("events", []):
        sources, targets = allowed(item["source"]), allowed(item["target"])
        match = any(
            (None if pd.isna(row["source_id"]) else row["source_id"]) in sources
            and (None if pd.isna(row["target_id"]) else row["target_id"]) in targets
            and row["cameo_root"] in item["roots"]
            and _date_agrees(row["date"], item)
            for _, row in tables.events.iterrows()
        )
        score.found += match
        if not match:
            score.missed.append(item["key"])
    return score


def score_timexes(tables: Tables, gold: dict) -> Score:
    score = Score(total=len(gold.get("timexes", [])))
    for item in gold.get("timexes", []):
        value = None if item["value"] is None else str(item["value"])
        rows = tables.timexes[tables.timexes["text"].str.contains(item["text"], regex=False)]
        kit_values = [None if pd.isna(kit) else str(kit) for kit in rows["value"]]
        if value in kit_values:
            score.found += 1
        else:
            score.missed.append(f"{item['text']}: {kit_values}")
    return score


def score_motives(tables: Tables, gold: dict) -> Score:
    """A gold motive is found when the kit files its actor under its category with a sentence that holds the cue."""
    ids = actor_ids(tables, gold)
    score = Score(total=len(gold.get("motives", [])))
    for item in gold.get("motives", []):
        rows = tables.motives[tables.motives["actor_id"].isin(ids[item["actor"]]) & (tables.motives["category"] == item["category"])]
        if rows["text"].str.contains(item["cue"], regex=False).any():
            score.found += 1
        else:
            score.missed.append(f"{item['category']}: {item['cue']}")
    return score


def motive_categories(tables: Tables, gold: dict, actor_key: str) -> set[str]:
    """Categories the kit files motives of the gold actor under, each with an evidence sentence."""
    ids = actor_ids(tables, gold)[actor_key]
    rows = tables.motives[tables.motives["actor_id"].isin(ids) & tables.motives["text"].str.len().gt(0)]
    return set(rows["category"].astype(str))


def _around(start, end, around, *, slack: int = 2) -> bool:
    """A period [start, end] is "around" a year or a [first, last] span when they overlap, give or take `slack` years."""
    first, last = (around, around) if isinstance(around, int) else (around[0], around[-1])
    return pd.Timestamp(start).year - slack <= last and first <= pd.Timestamp(end).year + slack


def score_reversals(tables: Tables, gold: dict) -> Score:
    """A gold reversal is found when a kit reversal joins the two families (either order), with the gold
    stances before and after, periods around the gold years, and evidence on both sides (stance ids;
    event ids in tables built from events alone)."""
    ids = actor_ids(tables, gold)
    score = Score(total=len(gold.get("reversals", [])))
    for item in gold.get("reversals", []):
        a_key, b_key = item["pair"]
        families = item.get("family", {})
        side_a = {actor_id for key in [a_key, *families.get(a_key, [])] for actor_id in ids.get(key, ())}
        side_b = {actor_id for key in [b_key, *families.get(b_key, [])] for actor_id in ids.get(key, ())}
        match = any(
            {row["a_id"], row["b_id"]} & side_a and {row["a_id"], row["b_id"]} & side_b
            and row["before_stance"] == item["before"]["stance"] and row["after_stance"] == item["after"]["stance"]
            and _around(row["before_start"], row["before_end"], item["before"]["around"])
            and _around(row["after_start"], row["after_end"], item["after"]["around"])
            and len(row["evidence_before"]) > 0 and len(row["evidence_after"]) > 0
            for _, row in tables.reversals.iterrows()
        )
        score.found += match
        if not match:
            score.missed.append(f"{a_key}–{b_key}")
    return score


def report(tables: Tables, gold: dict) -> dict[str, Score]:
    return {
        "actors": score_actors(tables, gold),
        "not_actors (wrongly actors)": score_not_actors(tables, gold),
        "metonymy": score_metonymy(tables, gold),
        "events": score_events(tables, gold),
        "timexes": score_timexes(tables, gold),
        "motives": score_motives(tables, gold),
        "reversals": score_reversals(tables, gold),
    }
