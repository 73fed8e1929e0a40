"""analysis.reversals and analysis.stance_series: observations, merged reports, families, periods,
dyads, document units, minimum evidence, change points, confidence, flip dates, role swaps — on
hand-built events and stance observations and a small fake knowledge base (no trained model, no real
knowledge base but in one test), and on seeded simulations for the calibration."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis import reversals, stance_series, tables
from analysis.knowledge import Lineage, Role


# ─── A small knowledge base with the API of analysis.knowledge (its Role and Lineage records) ──


@dataclass(frozen=True)
class Actor:
    actor_id: str
    kind: str
    affiliation: str | None = None
    roles: tuple = ()
    name: str = ""
    country: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass
class FakeKnowledgeBase:
    actors: dict = field(default_factory=dict)
    lineage: tuple = ()

    def get(self, actor_id):
        return self.actors.get(actor_id)

    def ended(self, actor_id, *, on):
        actor = self.actors.get(actor_id)
        return actor is not None and actor.valid_until is not None and on > actor.valid_until

    def governing_actor(self, state_id, *, on):
        for actor in self.actors.values():
            for role in actor.roles:
                if role.relation == "governs" and role.target == state_id and (role.start is None or role.start <= on) \
                        and (role.end is None or on <= role.end):
                    return actor.actor_id
        return state_id

    def family(self, actor_id):
        members = {actor_id}
        members |= {link.successor for link in self.lineage if link.predecessor == actor_id}
        members |= {link.predecessor for link in self.lineage if link.successor == actor_id}
        for actor in self.actors.values():
            if any(role.relation == "governs" and role.target == actor_id for role in actor.roles):
                members.add(actor.actor_id)
        return members


@pytest.fixture(scope="module")
def kb():
    actors = [
        Actor("RUS", "state"), Actor("SUN", "state", valid_from=date(1922, 12, 30), valid_until=date(1991, 12, 26)), Actor("AFG", "state"), Actor("USA", "state"),
        Actor("PAK", "state"), Actor("UKR", "state"), Actor("YUG", "state"), Actor("SCG", "state"),
        Actor("SVN", "state"),
        Actor("taliban", "armed_group", roles=(
            Role("governs", "AFG", date(1996, 9, 27), date(2001, 11, 13)),
            Role("governs", "AFG", date(2021, 8, 15), None),
        )),
        Actor("mujahideen", "armed_group"),
        Actor("cia", "organization", affiliation="USA"),
        Actor("putin", "person", affiliation="RUS", roles=(Role("governs", "RUS", date(2000, 5, 7), None),)),
    ]
    lineage = (
        Lineage("SUN", "RUS", date(1991, 12, 26)),
        Lineage("mujahideen", "taliban", date(1994, 1, 1), "gave_rise_to"),
        Lineage("YUG", "SCG", date(2003, 2, 4)),
        Lineage("YUG", "SVN", date(1991, 6, 25), "split_into"),
    )
    return FakeKnowledgeBase({actor.actor_id: actor for actor in actors}, lineage)


def events(*rows) -> pd.DataFrame:
    """Events from (source, target, date, goldstein[, negated[, doc_id]]) tuples; ids e0, e1, …;
    all in one document "d" unless a row names its own."""
    records = []
    for number, row in enumerate(rows):
        source, target, day, goldstein, *rest = row
        records.append({
            "event_id": f"e{number}", "doc_id": rest[1] if len(rest) > 1 else "d", "sent_id": number,
            "date": pd.Timestamp(day), "date_precision": "day", "source_id": source, "target_id": target,
            "verb": "v", "goldstein": goldstein, "negated": bool(rest and rest[0]), "text": "",
        })
    return tables.frame("events", records)


def stances(*rows) -> pd.DataFrame:
    """Stance observations from (source, target, date, score, doc_id[, kind[, cue]]) tuples; ids s0,
    s1, …; kind "language" unless given."""
    records = []
    for number, row in enumerate(rows):
        source, target, day, score, doc_id, *rest = row
        records.append({
            "stance_id": f"s{number}", "doc_id": doc_id, "sent_id": number, "date": pd.Timestamp(day),
            "date_precision": "day", "source_id": source, "target_id": target,
            "kind": rest[0] if rest else "language", "score": score, "cue": rest[1] if len(rest) > 1 else None,
            "evidence": f"sentence {number}",
        })
    return tables.frame("stances", records)


def yearly(source, target, first_year, scores, *, document="{source}{year}"):
    """One observation a year from `first_year` on, each year its own document by default."""
    return [
        (source, target, f"{first_year + offset}-06-01", score,
         document.format(source=source, target=target, year=first_year + offset))
        for offset, score in enumerate(scores)
    ]


SEED_LIKE = [
    ("SUN", "AFG", "1979-12-27", -10.0),        # the Soviet invasion
    ("USA", "mujahideen", "1979-07-03", 8.3),   # Operation Cyclone
    ("cia", "mujahideen", "1980-01-01", 7.4),
    ("USA", "taliban", "2001-10-07", -7.0),     # the overthrow
    ("RUS", "taliban", "2022-01-01", 5.0),      # delisting
    ("RUS", "taliban", "2025-07-05", 6.0),      # recognition
]
# Spread around a level with mean exactly 0: ten documents a side.
OFFSETS = [-2.0, 2.0, -1.0, 1.0, -3.0, 3.0, 0.0, -0.5, 0.5, 0.0]


# ─── Observations ─────────────────────────────────────────────────────────────────────────


def test_events_become_observations_and_negated_events_are_dropped():
    table = tables.frame("events", [
        {"event_id": "e1", "doc_id": "d", "sent_id": 3, "date": "1979-12-27", "date_precision": "day",
         "source_id": "SUN", "target_id": "AFG", "cameo_code": "193", "goldstein": -10.0, "negated": False,
         "text": "The Soviet Union invaded Afghanistan."},
        {"event_id": "e2", "doc_id": "d", "sent_id": 4, "date": "2025-07-05", "date_precision": "day",
         "source_id": "RUS", "target_id": "taliban", "cameo_code": "057", "goldstein": 8.0, "negated": True,
         "text": "Russia did not recognise the Taliban."},
    ])
    found = reversals.observations(table)
    assert list(found.columns) == tables.columns("stances")
    assert {column: str(dtype) for column, dtype in found.dtypes.items()} == {
        column: str(dtype) for column, dtype in tables.empty("stances").dtypes.items()}
    assert found[["stance_id", "event_id", "kind", "score", "cue", "sent_id", "evidence"]].astype(str).values.tolist() == [
        ["e1", "e1", "event", "-10.0", "193", "3", "The Soviet Union invaded Afghanistan."]]


def test_a_stances_table_is_taken_as_it_is():
    table = stances(("RUS", "UKR", "2014-03-01", -6.0, "d1"), ("RUS", "UKR", "2014-03-02", -3.0, "d2"))
    assert reversals.observations(table).equals(table)
    required = table[list(stance_series.STANCE_COLUMNS)]  # the other columns may be absent
    assert reversals.observations(required)[["stance_id", "sent_id", "score"]].values.tolist() == [["s0", 0, -6.0], ["s1", 0, -3.0]]


# ─── Families ─────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("actor, on, family", [
    ("SUN", date(1979, 12, 27), "RUS"),
    ("RUS", date(2025, 7, 5), "RUS"),
    ("mujahideen", date(1985, 1, 1), "taliban"),
    ("AFG", date(2000, 1, 1), "taliban"),
    ("AFG", date(2022, 1, 1), "taliban"),
    ("AFG", date(2010, 1, 1), "AFG"),
    ("AFG", None, "AFG"),
    ("cia", date(1980, 1, 1), "USA"),
    ("putin", date(2020, 1, 1), "RUS"),     # a governing person folds back into his state
    ("RUS", date(2020, 1, 1), "RUS"),       # … and never replaces it
    ("YUG", date(1990, 1, 1), "SCG"),       # succeeded_by is followed, split_into is not
    ("someone_unknown", date(2020, 1, 1), "someone_unknown"),
])
def test_fold_actor(kb, actor, on, family):
    assert reversals.fold_actor(actor, knowledge_base=kb, on=on) == family


def test_fold_actors_adds_family_columns_on_the_event_date(kb):
    folded = reversals.fold_actors(events(
        ("RUS", "AFG", "2000-06-01", 1.0), ("RUS", "AFG", "2010-06-01", 1.0), ("SUN", "AFG", "2022-06-01", 1.0),
        ("cia", None, "1980-01-01", 1.0),
    ), knowledge_base=kb)
    assert folded["target_family"].tolist()[:3] == ["taliban", "AFG", "taliban"]
    assert folded["source_family"].tolist() == ["RUS", "RUS", "RUS", "USA"]
    assert pd.isna(folded.loc[3, "target_family"])
    assert str(folded["source_family"].dtype) == "string"
    assert "goldstein" in folded.columns  # the events table's own columns stay, for its callers


def test_fold_actors_takes_stances_too(kb):
    folded = reversals.fold_actors(stances(("cia", "AFG", "2000-06-01", 3.0, "d")), knowledge_base=kb)
    assert folded[["source_family", "target_family", "score"]].values.tolist() == [["USA", "taliban", 3.0]]


def test_affiliation_folding_is_an_option(kb):
    folded = reversals.fold_actors(events(("cia", "mujahideen", "1980-01-01", 7.4)), knowledge_base=kb, by_affiliation=False)
    assert folded.loc[0, "source_family"] == "cia"
    assert folded.loc[0, "target_family"] == "taliban"


# ─── Periods ──────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("period, start, end", [
    ("year", "1979-01-01", "1979-12-31"),
    ("5y", "1975-01-01", "1979-12-31"),
    ("decade", "1970-01-01", "1979-12-31"),
    ("changepoints", "1979-01-01", "1979-12-31"),
])
def test_period_bounds(kb, period, start, end):
    table = reversals.dyads(events(("SUN", "AFG", "1979-12-27", -10.0)), knowledge_base=kb, period=period)
    assert (table.loc[0, "period_start"], table.loc[0, "period_end"]) == (pd.Timestamp(start), pd.Timestamp(end))


def test_changepoints_cut_where_the_level_changes(kb):
    rows = [("RUS", "UKR", f"{year}-06-01", 4.0) for year in range(2005, 2014) for _ in range(2)]
    rows += [("RUS", "UKR", f"{year}-06-01", -8.0) for year in range(2014, 2025) for _ in range(2)]
    table = reversals.dyads(events(*rows), knowledge_base=kb, period="changepoints")
    assert table[["period_start", "period_end"]].astype(str).values.tolist() == [
        ["2005-01-01", "2013-12-31"], ["2014-01-01", "2024-12-31"]]
    assert table["stance"].astype(str).tolist() == ["cooperative", "hostile"]
    assert table["n_observations"].tolist() == [18, 22]


def test_change_point_periods_keep_a_steady_series_whole():
    assert reversals.change_point_periods([2001, 2002, 2003, 2005], [3.0, 3.5, 2.5, 3.0]) == [(2001, 2005)]
    assert reversals.change_point_periods([], []) == []


def test_a_clear_flip_of_ten_documents_a_side_is_a_change_point(kb):
    # −3.6 on ten documents, then +4.3 on ten, each side spread by up to three points: the old penalty
    # (3·σ²·ln N on events, σ² ≥ 4) kept such a pair in one segment.
    before = [-3.6 + offset for offset in OFFSETS]
    after = [4.3 + offset for offset in OFFSETS]
    years = list(range(2000, 2020))
    assert reversals.change_point_periods(years, before + after) == [(2000, 2009), (2010, 2019)]
    found = reversals.reversals(stances(*yearly("PAK", "IND", 2000, before + after)), knowledge_base=kb)
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["before_stance"], row["after_stance"]) == ("hostile", "cooperative")
    assert (row["n_before"], row["n_after"], row["docs_before"], row["docs_after"]) == (10, 10, 10, 10)
    assert (row["before_mean"], row["after_mean"]) == (pytest.approx(-3.6), pytest.approx(4.3))
    assert row["strength"] == pytest.approx(7.9 / 20)
    assert row["confidence"] > 0.99


def test_change_point_periods_check_the_noise_variance():
    with pytest.raises(ValueError, match=r"noise_variance=0.*allowed: a number > 0"):
        reversals.change_point_periods([2001], [1.0], noise_variance=0)
    with pytest.raises(ValueError, match=r"differ in length"):
        reversals.change_point_periods([2001, 2002], [1.0])


def _noise_pairs(rng, pairs: int, *, shift: tuple[float, float] | None = None, spread: float = 3.0):
    """`pairs` independent pairs of yearly documents. Without `shift`: 10–60 documents in 1946–2024,
    1–4 observations each, scores uniform in −10…+10 (pure noise, no change). With `shift` (before,
    after): ten documents a side, one observation each, level ± normal noise of sd `spread`."""
    rows = []
    for pair in range(pairs):
        if shift is None:
            years = np.sort(rng.choice(np.arange(1946, 2025), int(rng.integers(10, 61)), replace=False))
            for year in years:
                for _ in range(int(rng.integers(1, 5))):
                    rows.append((f"A{pair}", f"B{pair}", f"{year}-06-01", float(rng.uniform(-10, 10)), f"{pair}/{year}"))
        else:
            for offset in range(20):
                level = shift[0] if offset < 10 else shift[1]
                score = float(np.clip(level + rng.normal(0, spread), -10, 10))
                rows.append((f"A{pair}", f"B{pair}", f"{1990 + offset}-06-01", score, f"{pair}/{offset}"))
    return stances(*rows)


def test_pure_noise_gives_few_reversals(kb):
    # Calibration of the change-point penalty: 1 of these 200 pairs shows a reversal with the factor
    # 3 (21 with 2, none with 4); scores resampled from real Goldstein weights give 7 of 200.
    found = reversals.reversals(_noise_pairs(np.random.default_rng(7), 200), knowledge_base=kb)
    assert found["a_id"].nunique() <= 10  # at most 5 % of the pairs


def test_a_simulated_shift_is_found_in_most_pairs(kb):
    # −3.6 → +4.3, ten documents a side, document noise of sd 3: found in 198 of 200 simulated pairs.
    found = reversals.reversals(_noise_pairs(np.random.default_rng(11), 50, shift=(-3.6, 4.3)), knowledge_base=kb)
    flips = found[(found["before_stance"] == "hostile") & (found["after_stance"] == "cooperative")]
    assert flips["a_id"].nunique() >= 45
    assert (found["before_stance"] == "cooperative").sum() <= 2


# ─── Dyads ────────────────────────────────────────────────────────────────────────────────


def test_dyads_schema_and_stance_thresholds(kb):
    table = reversals.dyads(events(
        ("USA", "PAK", "2001-01-01", 1.5), ("USA", "PAK", "2002-01-01", 1.0), ("USA", "PAK", "2003-01-01", -1.5),
    ), knowledge_base=kb)
    assert list(table.columns) == tables.columns("dyads")
    assert {column: str(dtype) for column, dtype in table.dtypes.items()} == {
        column: str(dtype) for column, dtype in tables.empty("dyads").dtypes.items()}
    assert table["stance"].astype(str).tolist() == ["cooperative", "neutral", "hostile"]


def test_dyads_drop_negated_undated_and_self_events(kb):
    table = reversals.dyads(events(
        ("RUS", "UKR", "2014-03-01", -9.0, True), ("RUS", "UKR", None, -9.0), ("SUN", "RUS", "1990-01-01", 2.0),
        ("RUS", "UKR", "2014-03-01", 3.0),
    ), knowledge_base=kb)
    assert table[["source_id", "target_id", "n_observations", "n_documents", "mean_score"]].values.tolist() == [
        ["RUS", "UKR", 1, 1, 3.0]]


def test_directed_and_undirected_dyads(kb):
    rows = [("RUS", "UKR", "2014-03-01", -9.0), ("UKR", "RUS", "2014-05-01", -5.0)]
    directed = reversals.dyads(events(*rows), knowledge_base=kb)
    undirected = reversals.dyads(events(*rows), knowledge_base=kb, directed=False)
    assert directed[["source_id", "target_id", "n_observations"]].values.tolist() == [["RUS", "UKR", 1], ["UKR", "RUS", 1]]
    assert undirected[["source_id", "target_id", "n_observations", "mean_score"]].values.tolist() == [["RUS", "UKR", 2, -7.0]]


def test_one_event_reported_by_three_documents_counts_once(kb):
    invasion = [("SUN", "AFG", "1979-12-27", -10.0, document, "event", cue)
                for document, cue in (("d1", "193 invaded"), ("d2", "193 invasion"), ("d3", "193"))]
    warmer = [("RUS", "taliban", day, 6.0, document) for day, document in
              (("2022-01-01", "d1"), ("2024-01-01", "d2"), ("2025-07-05", "d2"))]
    table = stances(*invasion, *warmer)
    dyads = reversals.dyads(table, knowledge_base=kb, period="decade")
    assert dyads[["source_id", "target_id", "n_observations", "n_documents"]].values.tolist() == [
        ["RUS", "AFG", 1, 3], ["RUS", "taliban", 3, 2]]
    assert dyads["mean_score"].tolist() == pytest.approx([-10.0, 6.0])
    # Three documents, so a side needs three observations: the three reports of the invasion are one.
    assert reversals.reversals(table, knowledge_base=kb).empty
    row = reversals.reversals(table, knowledge_base=kb, min_observations=1).iloc[0]
    assert (row["a_id"], row["b_id"], row["n_before"], row["docs_before"]) == ("RUS", "taliban", 1, 3)
    assert row["evidence_before"] == ["s0", "s1", "s2"] and row["evidence_after"] == ["s3", "s4", "s5"]


def test_language_and_uncoded_events_are_not_merged(kb):
    same_words = [("RUS", "UKR", "2014-03-01", -6.0, document) for document in ("d1", "d2")]
    other_cue = [("RUS", "UKR", "2014-03-01", -9.0, "d1", "event", "193"), ("RUS", "UKR", "2014-03-01", -9.0, "d2", "event", "190")]
    assert reversals.dyads(stances(*same_words, *other_cue), knowledge_base=kb)["n_observations"].tolist() == [4]
    uncoded = events(("RUS", "UKR", "2014-03-01", -9.0, False, "d1"), ("RUS", "UKR", "2014-03-01", -9.0, False, "d2"))
    assert reversals.dyads(uncoded, knowledge_base=kb)["n_observations"].tolist() == [2]


def test_one_long_speech_cannot_outvote_ten_short_ones(kb):
    long_speech = [("USA", "PAK", "2001-03-01", -8.0, "speech")] * 20
    notes = [("USA", "PAK", "2001-06-01", 3.0, f"note{number}") for number in range(10)]
    row = reversals.dyads(stances(*long_speech, *notes), knowledge_base=kb).iloc[0]
    assert (row["n_observations"], row["n_documents"]) == (30, 11)
    # Each document weighs n/(n + 2): the speech 20/22, each note 1/3. The sentences' mean is −4.3.
    speech, note = 20 / 22, 1 / 3
    assert row["mean_score"] == pytest.approx((-8.0 * speech + 10 * 3.0 * note) / (speech + 10 * note))
    assert row["stance"] == "neutral"  # not the speech's hostility: the notes hold it in check


# ─── Reversals ────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("period", reversals.PERIODS)
def test_seed_like_reversals_follow_lineage_and_rulers(kb, period):
    # One document: a side needs one observation in one document.
    table = reversals.reversals(events(*SEED_LIKE), knowledge_base=kb, period=period)
    found = {(row.a_id, row.b_id, row.before_stance, row.after_stance): row for row in table.itertuples()}
    russia = found[("RUS", "taliban", "hostile", "cooperative")]
    assert russia.evidence_before == ["e0"] and russia.evidence_after == ["e4", "e5"]
    assert russia.flip_date == pd.Timestamp("2022-01-01")  # the first sign of the new stance
    assert (russia.n_before, russia.n_after, russia.docs_before, russia.docs_after) == (1, 2, 1, 1)
    assert (russia.before_mean, russia.after_mean) == (-10.0, 5.5)
    usa = found[("USA", "taliban", "cooperative", "hostile")]
    assert usa.evidence_before == ["e1", "e2"] and usa.evidence_after == ["e3"]
    assert usa.flip_date == pd.Timestamp("2001-10-07")
    assert len(table) == 2
    assert all(0 < row.confidence < 0.9 for row in table.itertuples())  # one article is one witness
    assert list(table.columns) == tables.columns("reversals")
    assert {column: str(dtype) for column, dtype in table.dtypes.items()} == {
        column: str(dtype) for column, dtype in tables.empty("reversals").dtypes.items()}


THIN = [("RUS", "UKR", "2005-06-01", 4.0, "article"), ("RUS", "UKR", "2014-06-01", -9.0, "article")]


def test_minimum_evidence_scales_with_the_corpus(kb):
    one_document = reversals.reversals(stances(*THIN), knowledge_base=kb)
    assert one_document[["a_id", "b_id", "n_before", "n_after", "docs_before", "docs_after"]].values.tolist() == [
        ["RUS", "UKR", 1, 1, 1, 1]]
    others = [("USA", "PAK", f"{2000 + number}-01-01", 3.0, f"other{number}") for number in range(10)]
    assert reversals.reversals(stances(*THIN, *others), knowledge_base=kb).empty
    assert len(reversals.reversals(stances(*THIN, *others), knowledge_base=kb, min_observations=1, min_documents=1)) == 1


@pytest.mark.parametrize("documents_a_side, observations_a_side, found", [
    (2, 3, True),    # the defaults: three observations, two documents
    (1, 3, False),   # one document a side
    (2, 2, False),   # two observations a side
])
def test_a_side_needs_the_minimum_evidence_in_a_large_corpus(kb, documents_a_side, observations_a_side, found):
    rows = []
    for side, (score, year) in enumerate(((5.0, 2000), (-6.0, 2010))):
        for number in range(observations_a_side):
            rows.append(("RUS", "UKR", f"{year + number}-06-01", score, f"side{side}-{number % documents_a_side}"))
    others = [("USA", "PAK", "2000-01-01", 3.0, f"other{number}") for number in range(100)]
    table = reversals.reversals(stances(*rows, *others), knowledge_base=kb)
    assert (not table.empty) is found


def test_confidence_grows_with_documents(kb):
    thin = reversals.reversals(stances(*THIN), knowledge_base=kb).iloc[0]
    thick = reversals.reversals(stances(*yearly("RUS", "UKR", 2000, [4.0 + offset / 3 for offset in OFFSETS]
                                                + [-9.0 + offset / 3 for offset in OFFSETS])), knowledge_base=kb).iloc[0]
    assert thin["strength"] == pytest.approx(thick["strength"], abs=0.01) == 0.65
    assert thin["confidence"] < 0.8 < 0.99 < thick["confidence"]  # one document a side, ten a side
    twenty_sentences = [("RUS", "UKR", "2000-06-01", 4.0, "speech")] * 20
    one_speech = reversals.reversals(stances(*twenty_sentences, *THIN), knowledge_base=kb,
                                     min_observations=1, min_documents=1).iloc[0]
    assert one_speech["n_before"] == 21 and one_speech["docs_before"] == 2
    assert one_speech["confidence"] < thick["confidence"]


def test_confidence_falls_with_spread(kb):
    before = [("USA", "PAK", f"{2000 + number}-06-01", 4.0, f"b{number}") for number in range(3)]
    steady = [("USA", "PAK", f"{2010 + number}-06-01", -4.0, f"a{number}") for number in range(3)]
    spread = [("USA", "PAK", f"{2010 + number}-06-01", score, f"a{number}") for number, score in enumerate([-10.0, 2.0, -4.0])]
    calm = reversals.reversals(stances(*before, *steady), knowledge_base=kb, period="decade").iloc[0]
    noisy = reversals.reversals(stances(*before, *spread), knowledge_base=kb, period="decade").iloc[0]
    assert calm["after_mean"] == noisy["after_mean"] == -4.0
    assert noisy["confidence"] < calm["confidence"]


def test_rows_come_strongest_and_surest_first(kb):
    steady = yearly("RUS", "UKR", 2000, [4.0 + offset for offset in OFFSETS] + [-4.0 + offset for offset in OFFSETS])
    # A bigger gap (±5) on three documents a side that disagree among themselves.
    torn = yearly("USA", "PAK", 2005, [10.0, -4.0, 9.0]) + yearly("USA", "PAK", 2010, [-10.0, 4.0, -9.0])
    table = reversals.reversals(stances(*steady, *torn), knowledge_base=kb, period="decade")
    assert table[["a_id", "strength"]].values.tolist() == [["RUS", 0.4], ["USA", 0.5]]
    assert table.loc[1, "confidence"] < 0.8 < table.loc[0, "confidence"]
    assert table["confidence"].between(0, 1).all() and table["strength"].between(0, 1).all()


def test_flip_date_is_the_first_observation_of_the_new_stance(kb):
    rows = yearly("USA", "PAK", 1990, [5.0, 6.0, 5.0, 6.0, 5.0])
    rows += [("USA", "PAK", day, -7.0, f"late{number}") for number, day in enumerate(["2005-03-10", "2006-01-01", "2007-05-05"])]
    row = reversals.reversals(stances(*rows), knowledge_base=kb).iloc[0]
    assert row["flip_date"] == pd.Timestamp("2005-03-10")
    assert (row["before_end"], row["after_start"]) == (pd.Timestamp("1994-12-31"), pd.Timestamp("2005-01-01"))


def test_a_neutral_remark_that_opens_the_new_side_is_no_flip(kb):
    # a question of 2004 scored 0 opens the hostile side, whose first hostile word comes in 2005
    rows = yearly("USA", "PAK", 1990, [5.0, 6.0, 5.0, 6.0, 5.0])
    rows += [("USA", "PAK", day, score, f"late{number}") for number, (day, score) in enumerate(
        [("2004-02-01", 0.0), ("2005-03-10", -7.0), ("2006-01-01", -7.0), ("2007-05-05", -7.0)])]
    row = reversals.reversals(stances(*rows), knowledge_base=kb, period="decade").iloc[0]
    assert row["flip_date"] == pd.Timestamp("2005-03-10") and row["after_start"] == pd.Timestamp("2000-01-01")


def test_evidence_lists_every_report_by_date(kb):
    rows = [("USA", "PAK", "1992-06-01", 5.0, "x"), ("USA", "PAK", "1990-06-01", 5.0, "y"),
            ("USA", "PAK", "1991-06-01", 5.0, "z")]
    rows += [("USA", "PAK", "2001-09-20", -8.0, document, "event", "190") for document in ("p", "q")]
    rows += [("USA", "PAK", "2003-01-01", -6.0, "r"), ("USA", "PAK", "2002-01-01", -6.0, "s")]
    row = reversals.reversals(stances(*rows), knowledge_base=kb, min_observations=3, min_documents=2).iloc[0]
    assert row["evidence_before"] == ["s1", "s2", "s0"]
    assert row["evidence_after"] == ["s3", "s4", "s6", "s5"]
    assert (row["n_after"], row["docs_after"]) == (3, 4)


def test_a_pair_that_flips_both_ways_gives_two_directed_rows(kb):
    rows = yearly("RUS", "UKR", 2000, [5.0, 4.0, 6.0, -7.0, -8.0, -6.0])
    rows += yearly("UKR", "RUS", 2000, [4.0, 5.0, 3.0, -5.0, -6.0, -7.0])
    directed = reversals.reversals(stances(*rows), knowledge_base=kb)
    assert directed[["a_id", "b_id", "before_stance", "after_stance"]].astype(str).values.tolist() in (
        [["RUS", "UKR", "cooperative", "hostile"], ["UKR", "RUS", "cooperative", "hostile"]],
        [["UKR", "RUS", "cooperative", "hostile"], ["RUS", "UKR", "cooperative", "hostile"]])
    undirected = reversals.reversals(stances(*rows), knowledge_base=kb, directed=False)
    assert undirected[["a_id", "b_id", "n_before", "n_after"]].values.tolist() == [["RUS", "UKR", 6, 6]]


def test_events_and_their_observations_give_the_same_reversals(kb):
    table = events(*SEED_LIKE)
    assert reversals.reversals(table, knowledge_base=kb).equals(
        reversals.reversals(reversals.observations(table), knowledge_base=kb))


@pytest.mark.parametrize("period", reversals.PERIODS)
def test_a_lone_outlier_makes_no_reversal(kb, period):
    rows = [("USA", "PAK", f"{year}-06-01", 3.4) for year in range(2000, 2020) for _ in range(2)]
    rows.append(("USA", "PAK", "2011-05-02", -9.5))
    assert reversals.reversals(events(*rows), knowledge_base=kb, period=period).empty


def test_a_side_whose_documents_disagree_with_its_period_is_no_side(kb):
    # In 2001 one document is hostile (−9) in two sentences and four are cooperative (+4) in one each:
    # weighted by their evidence (2/4 against 1/3 each) the documents' mean is +0.5, neutral, though the
    # sentences' mean is −0.3 and the hostile document alone would make a reversal.
    rows = yearly("USA", "PAK", 1995, [5.0, 5.0, 5.0])
    rows += [("USA", "PAK", "2001-02-01", -9.0, "hostile")] * 2
    rows += [("USA", "PAK", f"2001-0{month}-01", 4.0, f"mild{month}") for month in (3, 4, 5, 6)]
    assert reversals.reversals(stances(*rows), knowledge_base=kb, period="year").empty


def test_directed_reversals_keep_the_two_directions_apart(kb):
    rows = [("RUS", "UKR", "2005-01-01", 4.0), ("RUS", "UKR", "2006-01-01", 4.0),
            ("UKR", "RUS", "2014-01-01", -8.0), ("UKR", "RUS", "2015-01-01", -8.0)]
    assert reversals.reversals(events(*rows), knowledge_base=kb).empty
    undirected = reversals.reversals(events(*rows), knowledge_base=kb, directed=False)
    assert undirected[["a_id", "b_id", "before_stance", "after_stance"]].astype(str).values.tolist() == [
        ["RUS", "UKR", "cooperative", "hostile"]]


def test_ruler_years_beat_the_state_they_govern_in_the_same_year(kb):
    # In 2010 the United States backs the Afghan Republic and fights the Taliban: the history
    # USA ↔ Taliban uses only the Taliban's own events that year, so no flip appears.
    rows = [("USA", "taliban", "2001-10-07", -7.0), ("USA", "taliban", "2010-01-01", -6.0),
            ("USA", "AFG", "2010-02-01", 6.0), ("USA", "AFG", "2010-03-01", 6.0)]
    assert reversals.reversals(events(*rows), knowledge_base=kb, period="year").empty


# ─── Role swaps ───────────────────────────────────────────────────────────────────────────


def test_role_swap_of_the_united_states_and_russia_toward_the_taliban(kb):
    table = reversals.role_swaps(events(*SEED_LIKE), knowledge_base=kb)
    assert list(table.columns) == list(reversals.ROLE_SWAP_COLUMNS)
    assert len(table) == 1
    swap = table.iloc[0]
    assert (swap["a_id"], swap["b_id"], swap["target_id"]) == ("USA", "RUS", "taliban")
    assert (swap["a_before_stance"], swap["a_after_stance"]) == ("cooperative", "hostile")
    assert (swap["b_before_stance"], swap["b_after_stance"]) == ("hostile", "cooperative")
    assert swap["evidence_a_before"] == ["e1", "e2"] and swap["evidence_b_after"] == ["e4", "e5"]
    assert swap["before_end"] < swap["after_start"]
    assert (swap["a_flip_date"], swap["b_flip_date"]) == (pd.Timestamp("2001-10-07"), pd.Timestamp("2022-01-01"))
    found = reversals.reversals(events(*SEED_LIKE), knowledge_base=kb)
    assert swap["confidence"] == pytest.approx(found["confidence"].prod(), abs=1e-3)


def test_same_direction_flips_are_no_role_swap(kb):
    rows = [("USA", "PAK", "1990-01-01", 5.0), ("USA", "PAK", "2011-01-01", -8.0),
            ("RUS", "PAK", "1990-01-01", 5.0), ("RUS", "PAK", "2011-01-01", -8.0)]
    assert reversals.role_swaps(events(*rows), knowledge_base=kb).empty
    assert len(reversals.reversals(events(*rows), knowledge_base=kb)) == 2


# ─── Options and empty input ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize("call, message", [
    (lambda kb: reversals.dyads(events(), knowledge_base=kb, period="month"), r"period='month'.*allowed: 'year', '5y', 'decade', 'changepoints'"),
    (lambda kb: reversals.reversals(events(), knowledge_base=kb, min_observations=0), r"min_observations=0.*allowed: an integer ≥ 1"),
    (lambda kb: reversals.reversals(events(), knowledge_base=kb, min_documents=True), r"min_documents=True.*allowed: an integer ≥ 1"),
    (lambda kb: reversals.role_swaps(events(), knowledge_base=kb, min_documents=1.5), r"min_documents=1.5.*allowed"),
    (lambda kb: reversals.dyads(events(), knowledge_base=kb, directed="yes"), r"directed='yes'.*allowed: True, False"),
    (lambda kb: reversals.dyads(pd.DataFrame({"event_id": []}), knowledge_base=kb), r"no column\(s\).*'date'.*allowed: a stances table"),
    (lambda kb: reversals.reversals(stances().drop(columns="score").assign(kind=[]), knowledge_base=kb), r"no column\(s\) \['score'\]"),
])
def test_bad_options_fail_early(kb, call, message):
    with pytest.raises(ValueError, match=message):
        call(kb)


def test_a_table_that_is_no_dataframe_is_refused(kb):
    with pytest.raises(TypeError, match=r"table must be a pandas DataFrame.*not list"):
        reversals.reversals([], knowledge_base=kb)


@pytest.mark.parametrize("empty", [events, stances])
def test_empty_input_gives_empty_tables(kb, empty):
    assert reversals.dyads(empty(), knowledge_base=kb).empty
    assert list(reversals.reversals(empty(), knowledge_base=kb).columns) == tables.columns("reversals")
    assert reversals.role_swaps(empty(), knowledge_base=kb).empty


# ─── With the kit's knowledge base ────────────────────────────────────────────────────────


def test_real_knowledge_base_folds_the_seed_families():
    knowledge = pytest.importorskip("analysis.knowledge")
    kb = knowledge.load_knowledge_base()
    fold = lambda actor, on: reversals.fold_actor(actor, knowledge_base=kb, on=on)  # noqa: E731
    assert fold("SUN", date(1979, 12, 27)) == "RUS"
    assert fold("mujahideen", date(1985, 1, 1)) == "taliban"
    assert fold("AFG", date(2000, 1, 1)) == fold("AFG", date(2022, 1, 1)) == "taliban"
    assert fold("AFG", date(2010, 1, 1)) == "AFG"
    assert fold("cia", date(1980, 1, 1)) == "USA"
    table = reversals.reversals(events(*SEED_LIKE), knowledge_base=kb)
    assert {("RUS", "taliban"), ("USA", "taliban")} <= set(zip(table["a_id"], table["b_id"]))


def test_an_actor_named_after_its_end_speaks_of_history(kb):
    # A 2007 speech condemning the Soviet regime's famine of the 1930s, dated by the speech, judges the past,
    # not the Soviet Union's successor in 2007; the same words dated in the Soviet Union's time count.
    past = [("UKR", "SUN", f"{year}-09-20", -6.0, f"speech{year}", "language") for year in (2007, 2008, 2009)]
    assert reversals.dyads(stances(*past), knowledge_base=kb).empty
    then = [("UKR", "SUN", f"{year}-09-20", -6.0, f"speech{year}", "language") for year in (1987, 1988, 1989)]
    assert reversals.dyads(stances(*then), knowledge_base=kb)["target_id"].tolist() == ["RUS"] * 3


def test_an_author_speaks_for_itself(kb):
    # Poland's own speeches are cooperative toward Ukraine; Russia's speeches tell of Polish hostility. In a
    # corpus Poland authors, Poland's stance is its own telling; Russia's account counts as Russia's words.
    own = [{"source": "POL", "speaker": "POL", "doc": f"POL{year}", "score": 5.0, "year": year} for year in (2015, 2016, 2017)]
    told = [{"source": "POL", "speaker": "RUS", "doc": f"RUS{year}", "score": -8.0, "year": year, "cue": "190"}
            for year in (2015, 2016, 2017)]
    # told in Russia's speeches as "reported by the press": nobody's own voice, Poland's least of all
    told += [{"source": "POL", "speaker": None, "doc": f"RUS{year}", "score": -8.0, "year": year, "cue": "193"}
             for year in (2015, 2016, 2017)]
    rows = [{"stance_id": f"s{number}", "doc_id": row["doc"], "sent_id": 0, "date": pd.Timestamp(f"{row['year']}-09-20"),
             "date_precision": "day", "source_id": row["source"], "target_id": "UKR", "speaker_id": row["speaker"],
             "kind": "event", "score": row["score"], "cue": row.get("cue", "051"), "evidence": "s"}
            for number, row in enumerate(own + told)]
    table = tables.frame("stances", rows)
    everyone = reversals.dyads(table, knowledge_base=kb, period="decade")
    assert everyone["n_observations"].tolist() == [9]
    voiced = reversals.dyads(table, knowledge_base=kb, period="decade", authors={"POL", "RUS"})
    assert voiced[["source_id", "target_id", "n_observations", "stance"]].values.tolist() == [["POL", "UKR", 3, "cooperative"]]


def test_nazi_germany_recalled_later_speaks_of_history():
    # a 2014 speech condemning the Third Reich judges the past, not Germany in 2014 (the kit's own actors.yaml)
    from analysis.knowledge import load_knowledge_base

    kb = load_knowledge_base()
    recalled = [("POL", "nazi_germany", f"{year}-09-20", -7.0, f"speech{year}", "language") for year in (2013, 2014, 2015)]
    assert reversals.dyads(stances(*recalled), knowledge_base=kb).empty
    then = [("POL", "nazi_germany", f"{year}-09-20", -7.0, f"paper{year}", "language") for year in (1937, 1938, 1939)]
    assert reversals.dyads(stances(*then), knowledge_base=kb)["target_id"].tolist() == ["DEU"] * 3


def test_a_flip_between_a_state_and_its_ruler_out_of_power_is_no_reversal(kb):
    # Pakistan's speeches: warm toward Afghanistan's governments of 2005-2009, hostile to the Taliban's
    # insurgency of 2015-2019. Two actors, not one stance turned; while the Taliban rule (1997-1999) they are
    # Afghanistan's government, and a flip against those years stands.
    state = [("PAK", "AFG", f"{year}-09-20", 5.0, f"PAK{year}") for year in range(2005, 2010)]
    insurgency = [("PAK", "taliban", f"{year}-09-20", -6.0, f"PAK{year}") for year in range(2015, 2020)]
    assert reversals.reversals(stances(*state, *insurgency), knowledge_base=kb, authors={"PAK"}).empty
    # nor toward an even mixture of the two
    mixed = insurgency[:3] + [("PAK", "AFG", f"{year}-09-21", -6.0, f"PAK{year}") for year in range(2020, 2023)]
    assert reversals.reversals(stances(*state, *mixed), knowledge_base=kb, authors={"PAK"}).empty
    in_power = [("PAK", "taliban", f"{year}-09-20", -6.0, f"PAK{year}") for year in range(1997, 2000)]
    found = reversals.reversals(stances(*in_power, *state), knowledge_base=kb, authors={"PAK"})
    assert found[["a_id", "before_stance", "after_stance"]].values.tolist() == [["PAK", "hostile", "cooperative"]]


def test_a_name_used_before_its_state_began_still_counts():
    # "Yemen" in Oman's speeches of 1989 and 1990, before the unified Republic of 22 May 1990 (dated by the
    # year): the name stands for the state's forerunners, which fold into it (the kit's own knowledge base)
    from analysis.knowledge import load_knowledge_base

    named = [("OMN", "YEM", f"{year}-01-01", 4.0, f"speech{year}", "language") for year in (1989, 1990)]
    assert reversals.dyads(stances(*named), knowledge_base=load_knowledge_base())["n_observations"].sum() == 2
