"""analysis/charts/reversal.py: the reversal panel stays readable with many observations a side."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")


from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402

from analysis import charts  # noqa: E402
from analysis.tables import Tables, frame  # noqa: E402

DOC = "ab" * 8
# Made-up yearly speeches: Libya toward the United States, hostile through 2002, cooperative from 2004.
BEFORE = [(f"b{year}", f"{year}-01-01", -6.0 + (year % 3)) for year in range(1990, 2003)]
AFTER = [(f"a{year}", f"{year}-01-01", 5.0 + (year % 2)) for year in range(2004, 2011)]


def panel_tables() -> Tables:
    stances = frame("stances", [
        {"stance_id": stance, "doc_id": DOC, "sent_id": 0, "date": date, "date_precision": "year", "source_id": "LBY",
         "target_id": "USA", "kind": "language", "score": score, "cue": "imperialist" if score < 0 else "partners",
         "evidence": "Libya spoke of the United States."}
        for stance, date, score in BEFORE + AFTER])
    reversal = {"a_id": "LBY", "b_id": "USA", "before_stance": "hostile", "after_stance": "cooperative",
                "before_start": "1990-01-01", "before_end": "2002-12-31", "before_mean": -5.0, "after_start": "2004-01-01",
                "after_end": "2010-12-31", "after_mean": 5.5, "flip_date": "2004-01-01", "n_before": len(BEFORE),
                "n_after": len(AFTER), "docs_before": 13, "docs_after": 7, "confidence": 0.97, "strength": 0.9,
                "evidence_before": [stance for stance, _, _ in BEFORE], "evidence_after": [stance for stance, _, _ in AFTER]}
    return Tables(
        documents=frame("documents", [{"doc_id": DOC, "path": "speeches/lby.txt", "title": "Libya at the UN", "date": "2010-09-23"}]),
        actors=frame("actors", [{"actor_id": "LBY", "name": "Libya", "kind": "state"}, {"actor_id": "USA", "name": "United States", "kind": "state"}]),
        stances=stances, reversals=frame("reversals", [reversal]))


def test_a_side_with_many_observations_labels_the_strongest_few_and_says_so():
    fig = charts.reversal_panel(panel_tables())
    before, after = fig.axes[:2]
    labels = [text for text in before.texts if "→" in text.get_text()]
    assert 0 < len(labels) <= 8
    assert before.get_xlabel() == f"date of the observation · {len(labels)} of {len(BEFORE)} points labelled (the strongest)"
    strongest = min(score for _, _, score in BEFORE)
    assert f"({strongest:+.1f})" in labels[0].get_text()  # the strongest is labelled first


def test_labels_of_a_panel_do_not_overlap():
    fig = charts.reversal_panel(panel_tables())
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    for ax in fig.axes[:2]:
        boxes = [text.get_window_extent(renderer) for text in ax.texts if "→" in text.get_text()]
        assert not any(one.overlaps(other) for index, one in enumerate(boxes) for other in boxes[index + 1:])


def test_a_flip_on_the_first_of_january_is_given_as_a_year():
    fig = charts.reversal_panel(panel_tables())
    flips = [text.get_text() for ax in fig.axes for text in ax.texts if text.get_text().startswith("flip")]
    assert flips == ["flip ≈ 2004"]
    counts = [ax.get_title("center") or ax.get_title("left") for ax in fig.axes[:2]]
    assert counts == ["Before: 1990–2002 · hostile · 13 observations, 13 documents",
                      "After: 2004–2010 · cooperative · 7 observations, 7 documents"]
