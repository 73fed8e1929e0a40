"""analysis/charts/dyad.py: the dyad timeline and the side-by-side comparison of two actors."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from analysis import charts  # noqa: E402
from analysis.tables import Tables, frame  # noqa: E402
from table_helpers import actors_table, sentences_table  # noqa: E402

# Two made-up wire reports on the Ethiopia–Eritrea border war and the 2018 peace.
D1, D2 = "e1e1e1e1e1e1e1e1", "e2e2e2e2e2e2e2e2"
SENTENCES = {
    (D1, 0): "Eritrea shelled Ethiopian positions near Badme.",
    (D1, 1): "Ethiopia did not recognise the boundary ruling.",
    (D1, 2): "Ethiopia accused Eritrea of aggression.",
    (D2, 0): "Ethiopia and Eritrea signed a peace declaration in Asmara.",
    (D2, 1): "Eritrea praised its Ethiopian brothers.",
    (D2, 2): "Ethiopia pledged aid to Somalia.",
}
ACTORS = [("ETH", "Ethiopia", "state"), ("ERI", "Eritrea", "state"), ("SOM", "Somalia", "state")]
EVENTS = [  # id, doc, sentence, date, source, target, verb, code, goldstein, negated
    ("v1", D1, 0, "1999-02-06", "ERI", "ETH", "shell", "195", -10.0, False),
    ("v2", D1, 1, "2002-04-13", "ETH", "ERI", "recognise", "054", 6.0, True),
    ("v3", D2, 0, "2018-07-09", "ETH", "ERI", "sign", "057", 8.0, False),
    ("v4", D2, 2, "2018-07-10", "ETH", "SOM", "pledge", "033", 5.2, False),
]
STANCES = [  # id, doc, sentence, date, source, target, kind, score, cue, event
    ("s1", D1, 0, "1999-02-06", "ERI", "ETH", "event", -10.0, "195", "v1"),
    ("s2", D1, 2, "1999-03-01", "ETH", "ERI", "language", -6.0, "aggression", None),
    ("s3", D2, 0, "2018-07-09", "ETH", "ERI", "event", 8.0, "057", "v3"),
    ("s4", D2, 1, "2018-07-10", "ERI", "ETH", "language", 5.0, "brothers", None),
    ("s5", D2, 2, "2018-07-10", "ETH", "SOM", "event", 5.2, "033", "v4"),
]


def dyad(source, target, year, observations, mean):
    return {"source_id": source, "target_id": target, "period_start": f"{year}-01-01", "period_end": f"{year}-12-31",
            "n_observations": observations, "n_documents": 1, "mean_score": mean}


def make_tables(dyads=()) -> Tables:
    return Tables(
        documents=frame("documents", [
            {"doc_id": D1, "path": "wire/badme.txt", "title": "Fighting flares at Badme", "date": "1999-03-01", "n_chars": 90},
            {"doc_id": D2, "path": "wire/asmara.txt", "title": "Peace in Asmara", "date": "2018-07-10", "n_chars": 90},
        ]),
        sentences=sentences_table(SENTENCES),
        actors=actors_table(ACTORS),
        events=frame("events", [
            {"event_id": event, "doc_id": doc, "sent_id": sent, "date": date, "date_precision": "day", "source_id": source,
             "target_id": target, "verb": verb, "cameo_code": code, "cameo_root": code[:2], "quad_class": 1,
             "goldstein": weight, "negated": negated, "text": SENTENCES[(doc, sent)]}
            for event, doc, sent, date, source, target, verb, code, weight, negated in EVENTS]),
        stances=frame("stances", [
            {"stance_id": stance, "doc_id": doc, "sent_id": sent, "date": date, "date_precision": "day", "source_id": source,
             "target_id": target, "kind": kind, "score": score, "cue": cue, "event_id": event, "evidence": SENTENCES[(doc, sent)]}
            for stance, doc, sent, date, source, target, kind, score, cue, event in STANCES]),
        dyads=frame("dyads", list(dyads)),
    )


def test_the_dyad_timeline_lists_both_directions_with_their_sentences():
    data = charts.dyad_timeline_data(make_tables(), "ETH", "ERI")
    assert list(data["stance_id"].fillna("-")) == ["s1", "s2", "-", "s3", "s4"]  # by date; Somalia's pledge is not theirs
    assert list(data["direction"]) == ["b → a", "a → b", "a → b", "a → b", "b → a"]
    assert data.loc[2, "text"] == "Ethiopia did not recognise the boundary ruling."
    # The negated recognition stands for no stance: listed, but not counted.
    assert list(data["counted"]) == [True, True, False, True, True]
    assert set(data["source"]) == {"Ethiopia", "Eritrea"}


def test_a_build_without_stances_shows_the_events_as_uncounted():
    tables = make_tables()
    data = charts.dyad_timeline_data(Tables(**{**tables.__dict__, "stances": frame("stances", [])}), "ERI", "ETH")
    assert list(data["event_id"]) == ["v1", "v2", "v3"] and not data["counted"].any()


def test_the_dyad_timeline_draws_each_direction_and_says_when_there_is_nothing():
    tables = make_tables()
    fig = charts.dyad_timeline(tables, "ETH", "ERI")
    ax = fig.axes[0]
    assert ax.get_title("left") == "Ethiopia and Eritrea: 5 observations, 1999–2018"
    assert [text.get_text() for text in ax.get_legend().get_texts()][:2] == [
        "Ethiopia → Eritrea (bar: the year's mean)", "Eritrea → Ethiopia (bar: the year's mean)"]
    empty = charts.dyad_timeline(tables, "ERI", "SOM")
    assert [text.get_text() for text in empty.axes[0].texts] == ["no dated events or stance observations between Eritrea and Somalia"]


@pytest.mark.parametrize(("a", "b"), [("ETH", "ETH"), ("ETH", None), ("", "ERI")])
def test_the_pair_must_be_two_actors(a, b):
    with pytest.raises(ValueError, match="allowed"):
        charts.dyad_timeline_data(make_tables(), a, b)


def comparison_tables() -> Tables:
    rows = [dyad("ETH", "ERI", year, 4, -5.0) for year in range(1998, 2001)] + [dyad("ETH", "ERI", 2018, 3, 7.0)]
    rows += [dyad("ERI", "ETH", 1999, 5, -8.0), dyad("ERI", "ETH", 2018, 2, 5.0)]
    rows += [dyad("ETH", "SOM", 2006, 6, -7.0), dyad("ERI", "SOM", 2006, 2, 3.0), dyad("ETH", "SOM", 2018, 1, 4.0)]
    rows += [dyad("ETH", "un", 2000, 9, 2.0)]  # addressed by Ethiopia alone: shared Somalia comes first
    rows += [dyad("ERI", "ETH", 1851, 1, -3.0)]  # one misdated row must not add a column of its own
    return make_tables(dyads=rows)


def test_the_comparison_puts_each_other_first_then_shared_third_parties():
    data = charts.actor_comparison_data(comparison_tables(), "ETH", "ERI", top=2)
    assert data["period"].iloc[0] == "1995–99"  # 1998–2018 spans 21 years: five-year periods
    ethiopia = data[data["actor_id"] == "ETH"]
    assert list(dict.fromkeys(ethiopia["target_id"])) == ["ERI", "SOM", "un"]
    assert set(data.loc[data["target_id"].isin(["ETH", "ERI"]), "role"]) == {"each other"}
    assert data["period_start"].dt.year.min() == 1995  # the 1851 row is left out


def test_the_comparison_draws_two_panels_with_the_same_rows():
    fig = charts.actor_comparison(comparison_tables(), "ETH", "ERI", period="decade")
    left, right = fig.axes[:2]
    assert [tick.get_text() for tick in left.get_yticklabels()][:2] == ["each other", "Somalia"]
    assert (left.get_title("left"), right.get_title("left")) == ("Ethiopia toward …", "Eritrea toward …")
    assert "+7.0\nn=3" in [text.get_text() for text in left.texts]  # Ethiopia toward Eritrea in the 2010s


def test_a_reversals_evidence_joins_the_pair_whatever_its_ids():
    # Ethiopia's pledge to Somalia counts here as if it were toward Eritrea: `also` adds it, as a reversal's evidence.
    data = charts.dyad_timeline_data(make_tables(), "ETH", "ERI", also=["s5"])
    added = data[data["stance_id"] == "s5"]
    assert len(added) == 1 and added["direction"].item() == "a → b" and added["target_id"].item() == "SOM"
