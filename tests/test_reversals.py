"""analysis.reversals: families, periods, dyads, sign flips, lone outliers, role swaps — on hand-built
events and a small fake knowledge base (no trained model, no real knowledge base but in one test)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import pytest

from analysis import reversals, tables
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
        Actor("RUS", "state"), Actor("SUN", "state"), Actor("AFG", "state"), Actor("USA", "state"),
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
    """Events from (source, target, date, goldstein[, negated]) tuples; ids e0, e1, …"""
    records = []
    for number, row in enumerate(rows):
        source, target, day, goldstein, *rest = row
        records.append({
            "event_id": f"e{number}", "doc_id": "d", "sent_id": number, "date": pd.Timestamp(day),
            "date_precision": "day", "source_id": source, "target_id": target, "verb": "v",
            "goldstein": goldstein, "negated": bool(rest and rest[0]), "text": "",
        })
    return tables.frame("events", records)


SEED_LIKE = [
    ("SUN", "AFG", "1979-12-27", -10.0),        # the Soviet invasion
    ("USA", "mujahideen", "1979-07-03", 8.3),   # Operation Cyclone
    ("cia", "mujahideen", "1980-01-01", 7.4),
    ("USA", "taliban", "2001-10-07", -7.0),     # the overthrow
    ("RUS", "taliban", "2022-01-01", 5.0),      # delisting
    ("RUS", "taliban", "2025-07-05", 6.0),      # recognition
]


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
    assert table["n_events"].tolist() == [18, 22]


def test_change_point_periods_keep_a_steady_series_whole():
    assert reversals.change_point_periods([2001, 2002, 2003, 2005], [3.0, 3.5, 2.5, 3.0]) == [(2001, 2005)]
    assert reversals.change_point_periods([], []) == []


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
    assert table[["source_id", "target_id", "n_events", "goldstein_mean"]].values.tolist() == [["RUS", "UKR", 1, 3.0]]


def test_directed_and_undirected_dyads(kb):
    rows = [("RUS", "UKR", "2014-03-01", -9.0), ("UKR", "RUS", "2014-05-01", -5.0)]
    directed = reversals.dyads(events(*rows), knowledge_base=kb)
    undirected = reversals.dyads(events(*rows), knowledge_base=kb, directed=False)
    assert directed[["source_id", "target_id", "n_events"]].values.tolist() == [["RUS", "UKR", 1], ["UKR", "RUS", 1]]
    assert undirected[["source_id", "target_id", "n_events", "goldstein_mean"]].values.tolist() == [["RUS", "UKR", 2, -7.0]]


# ─── Reversals ────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("period", reversals.PERIODS)
def test_seed_like_reversals_follow_lineage_and_rulers(kb, period):
    table = reversals.reversals(events(*SEED_LIKE), knowledge_base=kb, period=period)
    found = {(row.a_id, row.b_id, row.before_stance, row.after_stance): row for row in table.itertuples()}
    russia = found[("RUS", "taliban", "hostile", "cooperative")]
    assert russia.evidence_before == ["e0"] and russia.evidence_after == ["e4", "e5"]
    assert russia.flip_date == pd.Timestamp("1979-12-27") + (pd.Timestamp("2022-01-01") - pd.Timestamp("1979-12-27")) / 2
    usa = found[("USA", "taliban", "cooperative", "hostile")]
    assert usa.evidence_before == ["e1", "e2"] and usa.evidence_after == ["e3"]
    assert len(table) == 2
    assert list(table.columns) == tables.columns("reversals")
    assert {column: str(dtype) for column, dtype in table.dtypes.items()} == {
        column: str(dtype) for column, dtype in tables.empty("reversals").dtypes.items()}


def test_thin_sides_give_weak_reversals_and_more_evidence_a_stronger_one(kb):
    thin = reversals.reversals(events(("RUS", "UKR", "2005-01-01", 4.0), ("RUS", "UKR", "2014-03-01", -9.0)),
                               knowledge_base=kb, period="year")
    rows = [("RUS", "UKR", f"{year}-06-01", 4.0) for year in range(2005, 2014) for _ in range(2)]
    rows += [("RUS", "UKR", f"{year}-06-01", -9.0) for year in range(2014, 2025) for _ in range(2)]
    thick = reversals.reversals(events(*rows), knowledge_base=kb, period="year")
    assert len(thin) == len(thick) == 1
    assert 0 < thin.loc[0, "strength"] <= 1 / 3
    assert thin.loc[0, "strength"] < thick.loc[0, "strength"] <= 1
    assert thick.loc[0, "before_start"] == pd.Timestamp("2005-01-01")
    assert thick.loc[0, "after_end"] == pd.Timestamp("2024-12-31")


@pytest.mark.parametrize("period", reversals.PERIODS)
def test_a_lone_outlier_makes_no_reversal(kb, period):
    rows = [("USA", "PAK", f"{year}-06-01", 3.4) for year in range(2000, 2020) for _ in range(2)]
    rows.append(("USA", "PAK", "2011-05-02", -9.5))
    assert reversals.reversals(events(*rows), knowledge_base=kb, period=period).empty


def test_inconsistent_thin_side_is_no_evidence(kb):
    # 2001 has one hostile and one cooperative-but-weaker event: its mean is hostile, but a side of
    # fewer than min_events events must agree throughout.
    table = reversals.reversals(events(
        ("USA", "PAK", "1990-01-01", 5.0), ("USA", "PAK", "2001-01-01", -9.0), ("USA", "PAK", "2001-02-01", 2.0),
    ), knowledge_base=kb, period="year", min_events=3)
    assert table.empty


def test_directed_reversals_keep_the_two_directions_apart(kb):
    rows = [("RUS", "UKR", "2005-01-01", 4.0), ("RUS", "UKR", "2006-01-01", 4.0),
            ("UKR", "RUS", "2014-01-01", -8.0), ("UKR", "RUS", "2015-01-01", -8.0)]
    assert reversals.reversals(events(*rows), knowledge_base=kb, directed=True).empty
    undirected = reversals.reversals(events(*rows), knowledge_base=kb)
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


def test_same_direction_flips_are_no_role_swap(kb):
    rows = [("USA", "PAK", "1990-01-01", 5.0), ("USA", "PAK", "2011-01-01", -8.0),
            ("RUS", "PAK", "1990-01-01", 5.0), ("RUS", "PAK", "2011-01-01", -8.0)]
    assert reversals.role_swaps(events(*rows), knowledge_base=kb).empty
    assert len(reversals.reversals(events(*rows), knowledge_base=kb)) == 2


# ─── Options and empty input ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize("call, message", [
    (lambda kb: reversals.dyads(events(), knowledge_base=kb, period="month"), r"period='month'.*allowed: 'year', '5y', 'decade', 'changepoints'"),
    (lambda kb: reversals.reversals(events(), knowledge_base=kb, min_events=0), r"min_events=0.*allowed"),
    (lambda kb: reversals.dyads(events(), knowledge_base=kb, directed="yes"), r"directed='yes'.*allowed: True, False"),
    (lambda kb: reversals.dyads(pd.DataFrame({"event_id": []}), knowledge_base=kb), r"no column\(s\).*'date'"),
])
def test_bad_options_fail_early(kb, call, message):
    with pytest.raises(ValueError, match=message):
        call(kb)


def test_empty_events_give_empty_tables(kb):
    assert reversals.dyads(events(), knowledge_base=kb).empty
    assert list(reversals.reversals(events(), knowledge_base=kb).columns) == tables.columns("reversals")
    assert reversals.role_swaps(events(), knowledge_base=kb).empty


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
