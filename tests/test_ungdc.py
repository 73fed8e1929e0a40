"""Real speeches: Ukraine's stance toward Russia in the UN General Debate turns from cooperative to hostile
around 2014 (skipped when ../shared/corpora is absent)."""

from __future__ import annotations

import re
import tarfile

import pandas as pd
import pytest

import analysis
from analysis import reversals
from analysis.build import build
from conftest import SHARED

ARCHIVE = SHARED / "corpora" / "ungdc-1946-2024.tar.xz"
SPEECH = re.compile(r"/(UKR|RUS)_\d+_(\d{4})\.txt$")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not ARCHIVE.exists(), reason=f"{ARCHIVE} is not here (../shared is absent)")]


@pytest.fixture(scope="module")
def ukraine_russia(tmp_path_factory, nlp):
    """The speeches of Ukraine and Russia 2005–2024, unpacked from the archive and built once."""
    corpus = tmp_path_factory.mktemp("ungdc")
    with tarfile.open(ARCHIVE) as archive:
        members = [member for member in archive if (match := SPEECH.search(member.name)) and 2005 <= int(match[2]) <= 2024]
        archive.extractall(corpus, members=members, filter="data")
    data = corpus / "data"
    build(corpus, data, progress=False)
    return analysis.load_tables(data)


def test_slice_has_both_states_as_authors(ukraine_russia):
    assert set(ukraine_russia.documents["author_id"]) == {"UKR", "RUS"}
    assert len(ukraine_russia.documents) == 40


@pytest.mark.parametrize("period", [None, "year", "changepoints"])
def test_ukraine_turns_hostile_toward_russia_in_2013_to_2015(ukraine_russia, period):
    # None: the build's own reversals table; else recomputed from its stance observations
    authors = set(ukraine_russia.documents["author_id"].dropna())  # the speakers speak for themselves
    found = ukraine_russia.reversals if period is None else reversals.reversals(ukraine_russia.stances, period=period,
                                                                               authors=authors)
    rows = found[(found["a_id"] == "UKR") & (found["b_id"] == "RUS")]
    assert len(rows) >= 1, found[["a_id", "b_id", "before_stance", "after_stance"]].head(10)
    row = rows.iloc[0]
    assert (row["before_stance"], row["after_stance"]) == ("cooperative", "hostile")
    assert pd.Timestamp("2013-01-01") <= row["flip_date"] <= pd.Timestamp("2015-12-31")
    assert row["evidence_before"] and row["evidence_after"]
    assert row["docs_before"] >= 2 and row["docs_after"] >= 2 and row["confidence"] > 0.5
