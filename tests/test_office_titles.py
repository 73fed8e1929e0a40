"""Offices named by their title alone (analysis/office_titles.py): rule tests on a blank pipeline with the
knowledge base's ruler, then one sentence through the whole trained pipeline."""

from __future__ import annotations

from datetime import date

import pytest
import spacy

from analysis import actors
from analysis.nlp import add_actor_ruler, load_name_patterns
from analysis.office_titles import title_index, title_key


@pytest.fixture(scope="module")
def blank(knowledge_base):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return add_actor_ruler(nlp, [*knowledge_base.ruler_patterns(), *load_name_patterns()])


def titles_in(blank, knowledge_base, text, on):
    rows = actors.find_mentions(blank(text), knowledge_base=knowledge_base, on=on)
    return [(row["text"], row["actor_id"]) for row in rows if row["method"] == "title"]


def test_title_keys_ignore_hyphens_and_case():
    assert title_key("Secretary-General") == title_key("secretary general") == ("secretary", "general")


def test_a_state_office_is_known_as_one(knowledge_base):
    index = title_index(knowledge_base)
    assert ("president",) in index.state_titles
    assert ("secretary", "general") not in index.state_titles


@pytest.mark.parametrize("text, on, expected", [
    # an "of" phrase names whose office it is, and the date who held it
    ("The Secretary General of NATO thanked Norway for its troops.", date(2016, 5, 1), "jens_stoltenberg"),
    ("The Secretary-General of the United Nations flew to Cyprus.", date(1964, 3, 4), "u_thant"),
    # a name just before the title owns it
    ("The NATO Secretary General met the Danish defence minister.", date(2025, 2, 1), "mark_rutte"),
    ("Hezbollah's Secretary-General spoke on television.", date(2006, 7, 20), "hassan_nasrallah"),
    # a bare title: the organisation named nearest before it, whose office bears that title
    ("The United Nations sent observers to Yemen. The Secretary-General's report was welcomed by Ghana.",
     date(1998, 10, 1), "kofi_annan"),
    # ... or after it, when none comes before
    ("We thank the Secretary-General for his report on the work of the United Nations.", date(1957, 10, 1),
     "dag_hammarskjold"),
    ("In 1950 the Secretary-General of the United Nations went to Korea.", date(1950, 9, 20), "trygve_lie"),
])
def test_an_office_named_by_its_title_is_its_holder_on_the_day(blank, knowledge_base, text, on, expected):
    assert [actor_id for _, actor_id in titles_in(blank, knowledge_base, text, on)] == [expected]


@pytest.mark.parametrize("text, on", [
    # no organisation whose office bears the title is named
    ("The Secretary-General spoke at length about the budget.", date(1998, 10, 1)),
    # a state's office may be any named state's, or the President of the General Assembly
    ("The United States voted against. We congratulate the President on his election.", date(1985, 10, 1)),
    # owned by something that has no holder in the knowledge base
    ("The Secretary-General of the Commonwealth visited Fiji and the United Nations.", date(1990, 1, 1)),
    # the person is named beside the title: the name decides
    ("Secretary-General Kofi Annan visited Kabul for the United Nations.", date(2002, 1, 25)),
    ("Kofi Annan, the Secretary-General, visited Kabul for the United Nations.", date(2002, 1, 25)),
    # a Phoenix office holder's role names a sector, not a title: "the Government of Chile" is the state's
    ("The Government of Chile released the prisoners.", date(1985, 10, 1)),
    # a vocative addresses whoever is in the chair
    ("Mr. Chairman, the PLO has waited long enough.", date(1980, 11, 1)),
    # part of a longer title the knowledge base does not know
    ("The Director-General of the CIA museum spoke.", date(2017, 6, 1)),
    # nobody held that office on the day
    ("The Secretary-General of the United Nations was chosen.", date(1945, 12, 1)),
])
def test_a_title_that_names_no_one_makes_no_mention(blank, knowledge_base, text, on):
    assert titles_in(blank, knowledge_base, text, on) == []


def test_a_bare_title_is_the_person_named_beside_it_before(blank, knowledge_base):
    # the United Nations is named nearest before the bare title; the person named beside it decides
    text = ("NATO Secretary General Jens Stoltenberg visited Kabul, where the United Nations keeps a mission. "
            "The Secretary General praised the Afghan forces.")
    assert titles_in(blank, knowledge_base, text, date(2016, 5, 1)) == [("Secretary General", "jens_stoltenberg")]


def test_an_undated_document_names_no_office_holder(blank, knowledge_base):
    text = "The United Nations sent observers. The Secretary-General reported."
    assert titles_in(blank, knowledge_base, text, None) == []


def test_the_title_is_the_target_of_an_event(nlp, knowledge_base):
    from analysis.pipeline import Job, process

    text = "The United Nations has done much for us. We commend the Secretary-General for his tireless efforts in Cyprus."
    [(_, rows)] = list(process(nlp, knowledge_base, [Job("d", text, date(1990, 10, 1), "day", "GHA")]))
    praise = [row for row in rows["events"] if row["cameo_code"].startswith("05")]
    assert [(row["source_id"], row["target_id"]) for row in praise] == [("GHA", "javier_perez_de_cuellar")]
