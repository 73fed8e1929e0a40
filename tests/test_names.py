"""Name repair (analysis/names.py) and its word lists (analysis/gazetteer.py): hand-built Docs, no trained model."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from analysis import gazetteer, names

BLANK = spacy.blank("en")


def doc_with(text: str, entities=(), known=()):
    """A Doc of `text` whose NER entities and knowledge-base names are given as (words, label[, id]) by text."""
    doc = BLANK(text)

    def spans(items):
        found, after = [], 0  # each item is found after the one before it
        for words, label, *span_id in items:
            tokens = [token.text for token in BLANK.make_doc(words)]
            start = next(start for start in range(after, len(doc)) if [t.text for t in doc[start : start + len(tokens)]] == tokens)
            found.append(Span(doc, start, start + len(tokens), label=label, span_id=span_id[0] if span_id else ""))
            after = start + len(tokens)
        return found

    doc.ents = spans(entities)
    doc.spans[names.SPANS_KEY] = spans(known)
    return doc


def ents(doc):
    return [(entity.text, entity.label_, entity.ent_id_) for entity in names.knowledge_names(doc).ents]


@pytest.mark.parametrize(
    "text, entities, known, expected",
    [
        # the longer name around a known one wins as a name of its own
        ("British Airways cut its winter flights.", [("British Airways", "ORG")], [("British", "NORP", "GBR")],
         [("British Airways", "ORG", "")]),
        ("Flights to Mexico City resumed.", [("Mexico City", "GPE")], [("Mexico", "GPE", "MEX")],
         [("Mexico City", "GPE", "")]),
        ("She joined the Canada Curling Federation in May.", [("the Canada Curling Federation", "ORG")],
         [("Canada", "GPE", "CAN")], [("the Canada Curling Federation", "ORG", "")]),
        # the same name: the knowledge base's label and id
        ("The Kremlin's reply came late.", [("The Kremlin's", "ORG")], [("Kremlin", "FAC", "RUS")],
         [("Kremlin", "FAC", "RUS")]),
        # a list of names, or only generic words around one: the known names stand
        ("Russia and China abstained.", [("Russia and China", "GPE")], [("Russia", "GPE", "RUS"), ("China", "GPE", "CHN")],
         [("Russia", "GPE", "RUS"), ("China", "GPE", "CHN")]),
        ("Units of the Pakistan Army moved north.", [("the Pakistan Army", "ORG")], [("Pakistan", "GPE", "PAK")],
         [("the Pakistan Army", "ORG", "PAK")]),  # an institution of the state: the state's mention
        ("We thank the Governments of Peru and Chile.", [("the Governments of Peru", "ORG")], [("Peru", "GPE", "PER")],
         [("the Governments", "ORG", ""), ("Peru", "GPE", "PER")]),
        # a state's government named by a noun of institutions and "of": the state's mention
        ("The Provisional Military Government of Ethiopia protested.", [("The Provisional Military Government of Ethiopia", "ORG")],
         [("Ethiopia", "GPE", "ETH")], [("The Provisional Military Government of Ethiopia", "ORG", "ETH")]),
        ("The People's Revolutionary Government of Benin thanked Ghana.", [("The People's Revolutionary Government of Benin", "ORG")],
         [("Benin", "GPE", "BEN")], [("The People's Revolutionary Government of Benin", "ORG", "BEN")]),
        # but not an institution that is not a government, nor a name after the state
        ("She studied at the National University of Singapore.", [("the National University of Singapore", "ORG")],
         [("Singapore", "GPE", "SGP")], [("the National University of Singapore", "ORG", "")]),
        ("The Government of Chad Foundation gave grants.", [("The Government of Chad Foundation", "ORG")],
         [("Chad", "GPE", "TCD")], [("The Government of Chad Foundation", "ORG", "")]),
        # the NER found nothing, or something crossing the name: the known name stands
        ("Hezbollah fired rockets.", [], [("Hezbollah", "ORG", "hezbollah")], [("Hezbollah", "ORG", "hezbollah")]),
    ],
)
def test_merge_keeps_the_longer_name_and_the_known_kind(text, entities, known, expected):
    assert ents(doc_with(text, entities, known)) == expected


@pytest.mark.parametrize(
    "text, entity, expected",
    [
        # a given name and a surname is a person, whatever the NER said
        ("The award went to Jenny Quarrington this year.", ("Jenny Quarrington", "ORG"), "PERSON"),
        # a determiner, a head word of organisations or of places keeps the name from being a person
        ("She sang with the Jenny Quarrington Band.", ("the Jenny Quarrington Band", "ORG"), "ORG"),
        ("Paul Tenwick Foundation gave grants.", ("Paul Tenwick Foundation", "PERSON"), "ORG"),
        ("They drove to Boulder Springs at dawn.", ("Boulder Springs", "PERSON"), "GPE"),
        # a city's name alone, no person of the document, is a place
        ("The train left Reading at noon.", ("Reading", "PERSON"), "GPE"),
    ],
)
def test_words_of_a_name_give_its_type(text, entity, expected):
    doc = doc_with(text, [entity])
    assert [(span.text, span.label_) for span in names.knowledge_names(doc).ents] == [(entity[0], expected)]


def test_a_city_named_as_a_persons_surname_stays_a_person():
    doc = doc_with("Nora Reading won. Reading thanked her team.", [("Nora Reading", "PERSON"), ("Reading", "PERSON")])
    assert [(span.text, span.label_) for span in names.knowledge_names(doc).ents] == [
        ("Nora Reading", "PERSON"), ("Reading", "PERSON")]


def test_a_person_named_in_full_makes_the_surname_a_person_elsewhere():
    text = "Talia Brenhurst chaired the panel. Brenhurst said little. Later Brenhurst left."
    doc = doc_with(text, [("Talia Brenhurst", "PERSON"), ("Brenhurst", "ORG")])
    assert [(span.text, span.label_) for span in names.knowledge_names(doc).ents] == [
        ("Talia Brenhurst", "PERSON"), ("Brenhurst", "PERSON"), ("Brenhurst", "PERSON")]


def test_known_kind_is_not_retyped_by_words():
    doc = doc_with("The Soviet Union collapsed.", [("The Soviet Union", "GPE")], [("Soviet Union", "GPE")])
    assert [(span.text, span.label_) for span in names.knowledge_names(doc).ents] == [("Soviet Union", "GPE")]


def test_name_words_come_from_the_phoenix_dictionaries():
    given, heads = gazetteer.given_names(), gazetteer.organization_heads()
    assert {"John", "Vladimir", "Kofi"} <= given
    assert not {"South", "General", "The", "National"} & given  # words of organisations, not persons
    assert {"Party", "Front", "Bank", "Council"} <= heads
    assert not {"States", "Islands", "China", "Japan"} & heads  # the ends of places' names
    assert {"City", "Springs", "Beach"} <= gazetteer.place_heads()


def test_converter_reads_office_holders_and_organisations(tmp_path):
    holder = "ODALYS_VENTREGA_  # note\n\t[CUBGOV 990101-031231]\n"
    organisations = "".join(f"GREEN_{word}_PARTY_ [ABCPTY]\n" for word in ("TULIP", "ROSE", "IRIS"))
    for number, source in enumerate(gazetteer.SOURCES):
        (tmp_path / source).write_text(holder if number == 0 else organisations, encoding="utf-8")
    pairs = gazetteer.convert(tmp_path)
    assert ("Odalys", "given") in pairs and ("Party", "organization_head") in pairs
    written = tmp_path / "name_words.tsv"
    gazetteer.write(pairs, written)
    assert "MIT License" in written.read_text(encoding="utf-8")
    assert "Odalys" in gazetteer.given_names(written)


@pytest.mark.parametrize(
    "text, entity, expected",
    [
        # words no name ends in are trimmed
        ("The Harwick Rowing Club of Leeds won.", ("Harwick Rowing Club of", "ORG"), [("Harwick Rowing Club", "ORG")]),
        ("Marta Olsson & her band played.", ("Marta Olsson &", "PERSON"), [("Marta Olsson", "PERSON")]),
        # a short quoted title of a work is no actor's name
        ('Their single " Letters from Harlow " sold well.', ("Harlow", "GPE"), []),
        # a word with a bracket inside it is no name
        ("W]e rejected the terms.", ("W]e", "ORG"), []),
        # a person after "in" or "near" is a place
        ("The mill stood near Hollowmere for a century.", ("Hollowmere", "PERSON"), [("Hollowmere", "GPE")]),
        ("There is a lot of trust in Halvorsen's judgement.", ("Halvorsen", "PERSON"), [("Halvorsen", "PERSON")]),
    ],
)
def test_bounds_and_fragments(text, entity, expected):
    doc = doc_with(text, [entity])
    assert [(span.text, span.label_) for span in names.knowledge_names(doc).ents] == expected


def test_an_ordinal_before_an_organisation_is_part_of_its_name():
    doc = doc_with("The 41st Signal Brigade moved.", [("41st", "ORDINAL")])  # the NER's ORDINAL beside its ORG
    merged = names.repair_bounds(doc, [Span(doc, 2, 4, label="ORG")])
    assert [(span.text, span.label_) for span in merged] == [("41st Signal Brigade", "ORG")]


def test_in_a_headline_capitals_make_no_longer_name():
    doc = doc_with("OSLO REJECTS CHILEAN BID", [("OSLO REJECTS CHILEAN BID", "ORG")], [("CHILEAN", "NORP", "CHL")])
    assert ents(doc) == [("CHILEAN", "NORP", "CHL")]


def test_known_names_match_in_capitals(knowledge_base):
    texts = {pattern["pattern"] for pattern in knowledge_base.ruler_patterns()}
    assert {"JAPAN", "IRAN", "RUSSIAN"} <= texts
    assert "US" in texts and "Us" not in texts


def test_names_linked_by_a_hyphenated_particle_are_one_name():
    nlp = spacy.blank("en")
    doc = nlp("Fighters of Jaish-e Sahar crossed; Russia - China talks went on.")
    jaish, sahar = Span(doc, 2, 3, label="ORG"), Span(doc, 5, 6, label="PERSON")
    russia, china = Span(doc, 8, 9, label="GPE"), Span(doc, 10, 11, label="GPE")
    joined = names.join_hyphenated(doc, [jaish, sahar, russia, china])
    assert [(span.text, span.label_) for span in joined] == [
        ("Jaish-e Sahar", "ORG"), ("Russia", "GPE"), ("China", "GPE")]


@pytest.mark.parametrize(
    "text, entities, known, expected",
    [
        # an acronym defined after its long form takes the long form's label everywhere
        ("The Varnholt Tenants League (VTL) met. The VTL voted.", [("The Varnholt Tenants League", "ORG"), ("VTL", "PERSON")],
         [], [("The Varnholt Tenants League", "ORG", ""), ("VTL", "ORG", ""), ("VTL", "ORG", "")]),
        # letters that are not the long form's initials define nothing
        ("The Varnholt Tenants League (QX) met.", [("The Varnholt Tenants League", "ORG")], [],
         [("The Varnholt Tenants League", "ORG", "")]),
        # a name ending in a word for an award names no actor
        ("They won at the Kelverton Music Awards.", [("the Kelverton Music Awards", "ORG")], [], []),
        # a city's name and a plural noun is a team
        ("The Leeds Harriers won again.", [("The Leeds Harriers", "PERSON")], [], [("The Leeds Harriers", "ORG", "")]),
        # a known demonym before an organisation named by a generic word: that state's institution
        ("A jet of the Spanish Air Force crashed.", [("Air Force", "ORG")], [("Spanish", "NORP", "ESP")],
         [("Spanish Air Force", "ORG", "ESP")]),
        ("A jet of the Pakistan Air Force crashed.", [("the Pakistan Air Force", "ORG")], [("Pakistan", "GPE", "PAK")],
         [("the Pakistan Air Force", "ORG", "PAK")]),
        # a name the document places somewhere is a place everywhere in it
        ("The mill near Hollowmere burned. Hollowmere mourned.", [("Hollowmere", "PERSON"), ("Hollowmere", "PERSON")], [],
         [("Hollowmere", "GPE", ""), ("Hollowmere", "GPE", "")]),
        # a city's name alone labelled an organisation is the city
        ("Trade through Marseille grew.", [("Marseille", "ORG")], [], [("Marseille", "GPE", "")]),
    ],
)
def test_acronyms_awards_teams_institutions_and_places(text, entities, known, expected):
    assert ents(doc_with(text, entities, known)) == expected


def test_an_ordinal_written_with_d_joins_its_organisation():
    doc = doc_with("The 93d Rifle Regiment marched.")
    merged = names.repair_bounds(doc, [Span(doc, 2, 4, label="ORG")])
    assert [(span.text, span.label_) for span in merged] == [("93d Rifle Regiment", "ORG")]


def test_the_name_of_a_model_after_its_designation_is_no_actor():
    doc = doc_with("Pilots flew the F-111 Aardvark and the Lynx Hawk.", [("Aardvark", "PERSON"), ("Lynx Hawk", "ORG")])
    assert [(span.text, span.label_) for span in names.knowledge_names(doc).ents] == [("Lynx Hawk", "ORG")]


def test_words_in_lower_case_alone_are_no_name(nlp, knowledge_base):
    from analysis.actors import find_mentions

    rows = find_mentions(nlp("He is a well known local artist & broadcaster in Kabul."), knowledge_base=knowledge_base)
    assert [row["text"] for row in rows] == ["Kabul"]


def test_a_name_found_once_is_found_where_the_ner_missed_it(nlp, knowledge_base):
    from analysis.actors import find_mentions

    rows = find_mentions(nlp("Residents of Kafr Nabl fled. Shelling hit Kafr Nabl again on Friday."), knowledge_base=knowledge_base)
    assert [row["text"] for row in rows] == ["Kafr Nabl", "Kafr Nabl"]
    assert len({(row["label"], row["actor_id"]) for row in rows}) == 1


def test_a_repeated_name_inside_a_longer_one_is_left_alone(nlp):
    from analysis.name_types import _extends

    doc = nlp("Shelling hit Kafr Nabl Stadium, the Kafr Nabl-Maarat road and Kafr Nabl itself.")
    assert _extends(doc[2:4])  # "… Stadium"
    assert _extends(doc[7:9])  # "…-Maarat"
    last = [token.i for token in doc if token.text == "Kafr"][-1]
    assert not _extends(doc[last:last + 2])


@pytest.mark.parametrize("text, name, actor_id", [
    ("We avow our solidarity with the Democratic Republic of Afghanistan.", "Democratic Republic of Afghanistan", "AFG"),
    ("The Socialist Republic of Romania protested.", "Socialist Republic of Romania", "ROU"),
])
def test_a_state_under_an_official_name_the_knowledge_base_lacks(nlp, knowledge_base, text, name, actor_id):
    from analysis.actors import find_mentions

    rows = find_mentions(nlp(text), knowledge_base=knowledge_base)
    assert (name, actor_id) in [(row["text"], row["actor_id"]) for row in rows]


def test_a_number_or_a_capital_article_makes_a_repeated_name_part_of_a_longer_one(nlp):
    from analysis.name_types import _extends

    doc = nlp("Listeners of 882 Kafr Nabl called in. They watched A Kafr Nabl in Idlib.")
    starts = [token.i for token in doc if token.text == "Kafr"]
    assert all(_extends(doc[start:start + 2]) for start in starts)  # a station "882 …", a title "A …"


@pytest.mark.parametrize("text, name, label", [
    # what a settlement or a political unit is "of" (WordNet's GPE nouns), what a compass point is "of"
    ("Shelling hit the town of Kafr Rumma on Friday.", "Kafr Rumma", "GPE"),
    ("Troops entered the village of Hass at dawn.", "Hass", "GPE"),
    ("The convoy stopped north of Qarawat Bani Zeid.", "Qarawat Bani Zeid", "GPE"),
    # a place, a comma, and the larger place holding it
    ("She grew up in Tacloban, Leyte, before the storm.", "Leyte", "GPE"),
    # named as a person, but heading a "where" clause
    ("The militia withdrew to Tessalit, where the army found them.", "Tessalit", "GPE"),
    # guards: what a person's role is "of", an item of a list, an organisation with a "where" clause
    ("The envoy met the head of Brenntvik on Monday.", "Brenntvik", "ORG"),
    ("Adverts ran in Lagos, Brenntvik, Univision and Telemundo.", "Brenntvik", "ORG"),
    ("She joined Brenntvik, where she led research.", "Brenntvik", "ORG"),
    ("Russia's special envoy to Kenya, Arvid Tollefsen, arrived.", "Arvid Tollefsen", "PERSON"),
])
def test_a_phrase_that_places_a_name_makes_it_a_place(nlp, text, name, label):
    assert [(entity.text, entity.label_) for entity in nlp(text).ents if entity.text == name] == [(name, label)]


@pytest.mark.parametrize("text, name", [
    ("Talks with Staffan de Mistura resumed.", "Staffan de Mistura"),  # the NER: an organisation
    ("Her friendship with Germaine de Staël lasted years.", "Germaine de Staël"),
])
def test_particles_between_a_given_name_and_a_surname_make_a_person(nlp, text, name):
    assert [(entity.text, entity.label_) for entity in nlp(text).ents if entity.text == name] == [(name, "PERSON")]


@pytest.mark.parametrize("text, name, label", [
    ("He played 26 games for Brescia before leaving.", "Brescia", "ORG"),  # the object of "play for"
    ("Marseille drew 1-1 with Bordeaux in the league.", "Bordeaux", "ORG"),  # a score with the verb
    ("Madrid lost to Valencia on Sunday.", "Valencia", "ORG"),
    ("Milan defeated Lazio in the final.", "Milan", "ORG"),  # a verb of winning, another side named
    # guards: a country, a vote defeated, a city lost in a war
    ("Italy beat France 2-1.", "France", "GPE"),
    ("Moscow defeated the resolution.", "Moscow", "GPE"),
    ("Milan defeated the United States in the final.", "Milan", "GPE"),  # a country's name of two words
    ("The government lost Kabul to the Taliban.", "Kabul", "GPE"),
])
def test_a_city_as_a_side_of_a_match_is_a_team(nlp, text, name, label):
    assert [(entity.text, entity.label_) for entity in nlp(text).ents if entity.text == name] == [(name, label)]


def test_a_team_named_after_a_capital_is_no_state(nlp, knowledge_base):
    from analysis.actors import find_mentions

    rows = find_mentions(nlp("Moscow beat Kiev 3-0 in the final."), knowledge_base=knowledge_base)
    assert [(row["text"], row["actor_id"]) for row in rows if row["text"] == "Moscow"] == [("Moscow", "moscow")]


def test_a_score_after_a_name_is_not_part_of_it(nlp):
    assert "Chelsea" in [entity.text for entity in nlp("Leeds beat Chelsea 2-1 on Saturday.").ents]
    # a date's month and day are no score
    assert "2003-05-01" in [entity.text for entity in nlp("Nepal praised India on 2003-05-01.").ents]


@pytest.mark.parametrize("text", [
    # one sentence per entry of actor_words competition_verbs …
    "Brescia beat Lazio on Sunday.", "Brescia defeated Lazio on Sunday.", "Brescia edged Lazio in extra time.",
    "Brescia thrashed Lazio on Sunday.", "Brescia trounced Lazio on Sunday.", "Brescia outplayed Lazio on Sunday.",
    "Brescia eliminated Lazio from the cup.", "Brescia overcame Lazio on Sunday.",
    # … and of competition_prepositions
    "Napoli lost to Brescia on Sunday.", "He played for Brescia for three seasons.", "He played against Brescia twice.",
    "Napoli drew with Brescia on Sunday.", "Napoli tied with Brescia on Sunday.", "He signed for Brescia in 2007.",
])
def test_each_competition_cue_makes_a_city_a_team(nlp, text):
    assert [(entity.text, entity.label_) for entity in nlp(text).ents if entity.text == "Brescia"] == [("Brescia", "ORG")]
