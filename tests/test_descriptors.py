"""Names typed by the nouns that describe them (analysis/descriptors.py) from WordNet's noun kinds
(analysis/noun_kinds.py), and a capital "The" inside a sentence kept as part of a name."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import noun_kinds

# A WordNet database in miniature: "hamlet" is first a community (no kind), then the prince (a proper noun),
# then a settlement; "band" is first a set, then a musical organisation.
INDEX_NOUN = """\
  1 this line is the licence
entity n 1 0 1 0 00000001
person n 1 0 1 0 00000002
organization n 1 0 1 0 00000003
location n 1 0 1 0 00000004
hamlet n 3 0 3 0 00000011 00000012 00000013
band n 2 0 2 0 00000021 00000022
musical_group n 1 0 1 0 00000022
spokesman n 1 0 1 0 00000031
"""
DATA_NOUN = """\
  1 this line is the licence
00000001 03 n 01 entity 0 000 | that which exists
00000002 18 n 01 person 0 001 @ 00000001 n 0000 | a human being
00000003 14 n 01 organization 0 001 @ 00000001 n 0000 | a group of people who work together
00000004 15 n 01 location 0 001 @ 00000001 n 0000 | a point or extent in space
00000011 14 n 01 hamlet 0 001 @ 00000001 n 0000 | a community of people smaller than a village
00000012 18 n 01 Hamlet 0 001 @i 00000002 n 0000 | the prince of Denmark
00000013 15 n 01 hamlet 0 001 @ 00000004 n 0000 | a settlement smaller than a village
00000021 14 n 01 set 0 001 @ 00000001 n 0000 | a group of things
00000022 14 n 02 band 0 musical_group 0 001 @ 00000003 n 0000 | a group of musicians
00000031 18 n 01 spokesman 0 001 @ 00000002 n 0000 | a person who speaks for others
"""


def test_converter_takes_the_most_frequent_common_sense_with_a_kind(tmp_path: Path):
    (tmp_path / "index.noun").write_text(INDEX_NOUN)
    (tmp_path / "data.noun").write_text(DATA_NOUN)
    kinds = noun_kinds.convert(tmp_path)
    assert kinds["hamlet"] == "LOC"  # not PERSON: the prince is a proper noun
    assert kinds["band"] == "ORG"
    assert kinds["musical group"] == "ORG"
    assert kinds["spokesman"] == "PERSON"
    assert "set" not in kinds and "entity" not in kinds


def test_the_data_file_holds_wordnets_kinds():
    assert noun_kinds.noun_kind("hamlet") == "GPE"
    assert noun_kinds.noun_kind("Militia") == "ORG"
    assert noun_kinds.noun_kind("spokeswoman") == "PERSON"
    assert noun_kinds.noun_kind("valley") == "LOC"
    assert noun_kinds.noun_kind("airport") == "FAC"
    assert noun_kinds.noun_kind("truce") is None


def _mentions(nlp, knowledge_base, text: str) -> list[tuple[str, str, str | None]]:
    from analysis.actors import find_mentions

    return [(row["text"], row["label"], row["actor_id"]) for row in find_mentions(nlp(text), knowledge_base=knowledge_base)]


def test_a_copula_types_the_name_wherever_the_document_names_it(nlp, knowledge_base):
    text = "Tal Afar is a town west of Mosul. Residents said Tal Afar had been cut off for a week."
    labels = [label for name, label, _ in _mentions(nlp, knowledge_base, text) if name == "Tal Afar"]
    assert len(labels) == 2 and all(label in {"GPE", "LOC"} for label in labels)


def test_a_list_of_examples_takes_the_kind_of_what_it_illustrates(nlp, knowledge_base):
    text = "The militias, including Hezbollah and Amal, refused to disarm."
    assert ("Amal", "ORG", "amal") in _mentions(nlp, knowledge_base, text)


@pytest.mark.parametrize("text, name, kind", [
    ("Wadi Barada, a valley north of Damascus, was retaken.", "Wadi Barada", "LOC"),
    ("Nabil Amr, a spokesman for the ministry, denied it.", "Nabil Amr", "PERSON"),
    ("Kafr Nabl and Maarat are towns in Idlib.", "Maarat", "GPE"),
    ("The delegates visited a broad range of groups, including Caritas.", "Caritas", None),
    ("Militias like Amal refused to disarm.", "Amal", "ORG"),
])
def test_descriptors(nlp, text, name, kind):
    from analysis.descriptors import described_kind

    span = next(entity for entity in nlp(text).ents if entity.text == name)
    assert described_kind(span) == kind


def test_a_role_of_a_relation_makes_no_person(nlp):
    from analysis.descriptors import descriptor, described_kind

    span = next(entity for entity in nlp("Hamas is a client of Tehran, the minister said.").ents if entity.text == "Hamas")
    assert descriptor(span).text == "client" and described_kind(span) is None


def test_a_capital_the_inside_a_sentence_belongs_to_the_name(nlp, knowledge_base):
    found = _mentions(nlp, knowledge_base, "Reporters from The Daily Star were turned back at the checkpoint.")
    assert found == [("The Daily Star", "ORG", "daily_star")]
    found = _mentions(nlp, knowledge_base, "The Daily Star reported the closure.")
    assert [(name, actor_id) for name, _, actor_id in found] == [("Daily Star", "daily_star")]


@pytest.mark.parametrize("text, name", [
    ("Observers such as Amnesty, and parties including Hekmatyar's, objected.", "Hekmatyar"),  # a possessor
    ("Mayor names Omar Khalil as police chief.", "Omar Khalil"),  # a headline's verb tagged as a noun
    ("Leaders and groups such as Amal welcomed the deal.", "Amal"),  # a list of two kinds
])
def test_no_descriptor(nlp, text, name):
    from analysis.descriptors import descriptor

    assert descriptor(next(entity for entity in nlp(text).ents if entity.text == name)) is None


def test_the_last_word_of_a_persons_name_types_it_only_when_no_given_name_starts_it(nlp):
    from spacy.tokens import Span

    from analysis.descriptors import head_kind

    doc = nlp("Kajaki Dam was repaired. Benny Hill was there.")
    assert head_kind(Span(doc, 0, 2, label="PERSON")) == "FAC"
    assert head_kind(Span(doc, 5, 7, label="PERSON")) is None
    assert head_kind(Span(doc, 0, 2, label="ORG")) is None  # "the Houston Post": an organisation's name


def test_a_role_noun_makes_no_person_of_an_organisation_s_name(nlp):
    from analysis.descriptors import descriptor, described_kind

    span = next(entity for entity in nlp("Its new owner, Gulf Media Group, sold the station.").ents)
    assert descriptor(span).text == "owner" and described_kind(span) is None


def test_a_title_before_another_name_describes_no_name_before_it(nlp):
    from analysis.descriptors import descriptor

    doc = nlp("In the late 1990s in Peshawar the shop owner Rahimullah hired him.")
    assert descriptor(next(entity for entity in doc.ents if entity.text == "Peshawar")) is None


def test_a_broadcaster_described_as_a_station_stays_an_organisation(nlp, knowledge_base):
    # an institution or its building: the NER's ORG stands against a facility noun
    found = _mentions(nlp, knowledge_base, "Al Jazeera, the Qatari television station, aired the tape.")
    assert ("Al Jazeera", "ORG") in [(name, label) for name, label, _ in found]


def test_a_descriptor_s_compound_goes_before_its_head(nlp):
    from analysis.descriptors import noun_of

    doc = nlp("It is a school district.")
    district = next(token for token in doc if token.text == "district")
    assert noun_of(district) == "GPE"  # "school district"; "district" alone is LOC


@pytest.mark.parametrize("text, name, label", [
    ("The ceasefire was rejected by the militia Liwa Halab on Sunday.", "Liwa Halab", "ORG"),  # NER: a person
    ("He sang for the band The Lazy Hornets until 1992.", "The Lazy Hornets", "ORG"),
    ("The label signed the band Velvet Harbour in 2001.", "Velvet Harbour", "ORG"),  # NER: a place
])
def test_a_name_after_the_noun_that_describes_it_takes_its_kind(nlp, knowledge_base, text, name, label):
    assert (name, label) in [(found, kind) for found, kind, _ in _mentions(nlp, knowledge_base, text)]


@pytest.mark.parametrize("text, name", [
    ("The company Board met on Monday.", "Board"),  # a title-case word before a noun: a modifier
    ("He won by a first-round KO in Manila.", "KO"),  # the noun is half of a modifier
])
def test_no_name_after_a_noun_that_only_modifies(nlp, knowledge_base, text, name):
    assert name not in [found for found, _, _ in _mentions(nlp, knowledge_base, text)]
