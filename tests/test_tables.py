"""Schemas, the Tables container, Parquet and CSV round trips (analysis/tables.py)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis import store, tables


@pytest.mark.parametrize("name", tables.TABLE_NAMES)
def test_empty_table_has_declared_columns_and_dtypes(name):
    frame = tables.empty(name)
    assert list(frame.columns) == list(tables.SCHEMAS[name])
    assert len(frame) == 0


def test_frame_casts_rows_to_the_schema():
    frame = tables.frame("timexes", [{"doc_id": "d", "sent_id": 1, "start": 3, "end": 7, "text": "1979", "value": "1979",
                                      "start_date": "1979-01-01", "end_date": "1979-12-31", "precision": "year"}])
    assert frame["start_date"].dtype == "datetime64[ns]"
    assert frame["sent_id"].dtype == "int64"
    assert frame["precision"].dtype.categories.tolist() == list(tables.PRECISIONS)


def test_unknown_column_is_refused_with_the_allowed_columns():
    with pytest.raises(ValueError, match="no column.*actor"):
        tables.frame("motives", [{"actor": "RUS"}])


def test_unknown_table_is_refused():
    with pytest.raises(ValueError, match="allowed: documents"):
        tables.empty("nope")


def test_category_outside_the_vocabulary_is_refused_with_the_allowed_values():
    with pytest.raises(ValueError, match=r"dyads.stance.*'friendly'.*allowed: \['hostile', 'neutral', 'cooperative'\]"):
        tables.frame("dyads", [{"source_id": "a", "target_id": "b", "n_observations": 1, "n_documents": 1, "mean_score": 1.0, "stance": "friendly"}])
    with pytest.raises(ValueError, match=r"stances.kind.*'speech'.*allowed: \['event', 'language'\]"):
        tables.frame("stances", [{"stance_id": "s1", "kind": "speech", "score": 2.0}])


def test_the_old_dyad_columns_are_refused():
    with pytest.raises(ValueError, match=r"no column\(s\) \['goldstein_mean', 'n_events'\].*'n_observations'"):
        tables.frame("dyads", [{"source_id": "a", "target_id": "b", "n_events": 1, "goldstein_mean": 1.0}])


STANCE = {"stance_id": "s1", "doc_id": "d1", "sent_id": 2, "date": "2025-07-06", "date_precision": "day", "source_id": "RUS",
          "target_id": "taliban", "kind": "language", "score": 4.0, "cue": "fraternal", "event_id": None,
          "evidence": "Russia greeted its fraternal friends in the Taliban."}
DYAD = {"source_id": "RUS", "target_id": "taliban", "period_start": "2025-01-01", "period_end": "2025-12-31",
        "n_observations": 3, "n_documents": 2, "mean_score": 4.5, "stance": "cooperative"}
REVERSAL = {"a_id": "RUS", "b_id": "taliban", "before_start": "1979-01-01", "before_end": "1989-12-31", "before_stance": "hostile",
            "before_mean": -8.0, "after_start": "2021-01-01", "after_end": "2025-12-31", "after_stance": "cooperative",
            "after_mean": 4.5, "flip_date": "2021-07-28", "n_before": 4, "n_after": 3, "docs_before": 2, "docs_after": 2,
            "confidence": 0.93, "strength": 0.625, "evidence_before": ["s7", "s9"], "evidence_after": ["s1"]}


@pytest.mark.parametrize("name, row, dtypes", [
    ("stances", STANCE, {"stance_id": "string", "sent_id": "int64", "date": "datetime64[ns]", "score": "float64",
                         "cue": "string", "event_id": "string", "evidence": "string"}),
    ("dyads", DYAD, {"n_observations": "int64", "n_documents": "int64", "mean_score": "float64", "period_start": "datetime64[ns]"}),
    ("reversals", REVERSAL, {"before_mean": "float64", "after_mean": "float64", "n_before": "int64", "n_after": "int64",
                             "docs_before": "int64", "docs_after": "int64", "confidence": "float64", "flip_date": "datetime64[ns]",
                             "evidence_before": "object"}),
])
def test_stance_tables_have_their_declared_dtypes(name, row, dtypes):
    frame = tables.frame(name, [row])
    assert {column: str(frame[column].dtype) for column in dtypes} == dtypes
    categories = {"stances": {"kind": tables.STANCE_KINDS, "date_precision": tables.PRECISIONS},
                  "dyads": {"stance": tables.STANCES},
                  "reversals": {"before_stance": tables.STANCES, "after_stance": tables.STANCES}}[name]
    for column, allowed in categories.items():
        assert frame[column].dtype.categories.tolist() == list(allowed)


def test_counts_left_out_of_a_partial_table_are_zero():
    frame = tables.frame("reversals", [{"a_id": "RUS", "b_id": "taliban"}])
    assert frame.loc[0, ["n_before", "n_after", "docs_before", "docs_after"]].tolist() == [0, 0, 0, 0]


def test_save_and_load_round_trip(tmp_path):
    original = tables.Tables(
        actors=tables.frame("actors", [{"actor_id": "RUS", "name": "Russia", "kind": "state", "aliases": ["Moscow", "Kremlin"], "n_mentions": 2, "n_docs": 1}]),
        stances=tables.frame("stances", [STANCE]),
        dyads=tables.frame("dyads", [DYAD]),
        reversals=tables.frame("reversals", [REVERSAL]),
    )
    original.save(tmp_path)
    generation = store.current(tmp_path)
    assert sorted(path.name for path in generation.path.glob("*.parquet")) == sorted(f"{name}.parquet" for name in tables.TABLE_NAMES)
    aliases = pq.read_schema(generation.table_path("actors")).field("aliases").type
    assert pa.types.is_list(aliases) and aliases.value_type == pa.string()
    loaded = tables.load_tables(tmp_path)
    pd.testing.assert_frame_equal(loaded.actors, original.actors)
    for name in ("stances", "dyads", "reversals"):
        pd.testing.assert_frame_equal(loaded[name], original[name])
    assert loaded.reversals.loc[0, "evidence_before"] == ["s7", "s9"] and loaded.reversals.loc[0, "evidence_after"] == ["s1"]
    assert loaded.stances.loc[0, "kind"] == "language" and pd.isna(loaded.stances.loc[0, "event_id"])
    assert not list(tmp_path.rglob(".*.tmp"))


def test_csv_export_joins_lists(tmp_path):
    data = tables.Tables(actors=tables.frame("actors", [{"actor_id": "USA", "name": "United States", "kind": "state", "aliases": ["US", "U.S."], "n_mentions": 1, "n_docs": 1}]))
    data.to_csv(tmp_path)
    assert "US; U.S." in (tmp_path / "actors.csv").read_text()


def test_load_tables_names_the_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="build it first"):
        tables.load_tables(tmp_path / "absent")
