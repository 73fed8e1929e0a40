"""Schemas, the Tables container, Parquet and CSV round trips (analysis/tables.py)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis import tables


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
        tables.frame("dyads", [{"source_id": "a", "target_id": "b", "n_events": 1, "goldstein_mean": 1.0, "stance": "friendly"}])


def test_save_and_load_round_trip(tmp_path):
    original = tables.Tables(
        actors=tables.frame("actors", [{"actor_id": "RUS", "name": "Russia", "kind": "state", "aliases": ["Moscow", "Kremlin"], "n_mentions": 2, "n_docs": 1}]),
        reversals=tables.frame("reversals", [{"a_id": "RUS", "b_id": "taliban", "evidence_before": ["e1"], "evidence_after": []}]),
    )
    original.save(tmp_path)
    assert sorted(path.name for path in tmp_path.glob("*.parquet")) == sorted(f"{name}.parquet" for name in tables.TABLE_NAMES)
    aliases = pq.read_schema(tmp_path / "actors.parquet").field("aliases").type
    assert pa.types.is_list(aliases) and aliases.value_type == pa.string()
    loaded = tables.load_tables(tmp_path)
    pd.testing.assert_frame_equal(loaded.actors, original.actors)
    assert loaded.reversals.loc[0, "evidence_before"] == ["e1"]
    assert not list(tmp_path.glob(".*.tmp"))


def test_csv_export_joins_lists(tmp_path):
    data = tables.Tables(actors=tables.frame("actors", [{"actor_id": "USA", "name": "United States", "kind": "state", "aliases": ["US", "U.S."], "n_mentions": 1, "n_docs": 1}]))
    data.to_csv(tmp_path)
    assert "US; U.S." in (tmp_path / "actors.csv").read_text()


def test_load_tables_names_the_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="build it first"):
        tables.load_tables(tmp_path / "absent")
