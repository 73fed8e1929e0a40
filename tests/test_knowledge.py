"""Tests for analysis/knowledge.py: the actor knowledge base (libraries + actors.yaml + user files)."""

from __future__ import annotations

import dataclasses
import socket
from datetime import date

import pytest
import spacy
from spacy.lang.en.stop_words import STOP_WORDS

from analysis import knowledge
from analysis.knowledge import Actor, KnowledgeBase, Lineage, Role, load_knowledge_base, parse_date
from analysis.tables import ACTOR_KINDS

SEED_DATE = date(2025, 7, 6)

# Ordinary English words that, written in lower case, must never be an actor's name.
COMMON_WORDS = set(STOP_WORDS) | {
    "island", "state", "states", "government", "party", "union", "republic", "kingdom", "people",
    "army", "police", "court", "council", "ministry", "office", "agency", "embassy", "country",
    "nation", "world", "group", "house", "bank", "quad", "may", "rice", "brown", "turkey", "china",
    "chad", "guinea", "jordan", "georgia", "victoria", "source", "image", "first", "second",
}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


# ─── Lookups: text → expected actor ───────────────────────────────────────────────────────

@pytest.mark.parametrize(
    ("name", "on", "expected"),
    [
        ("Russian Federation", None, "RUS"),
        ("US", None, "USA"),
        ("U.S.", None, "USA"),
        ("the United States", None, "USA"),
        ("United States of America", None, "USA"),
        ("America", None, "USA"),
        ("UK", None, "GBR"),
        ("Britain", None, "GBR"),
        ("North Korea", None, "PRK"),
        ("Ivory Coast", None, "CIV"),
        ("Türkiye", None, "TUR"),
        ("Turkey", None, "TUR"),
        ("Burma", None, "MMR"),
        ("Islamic Republic of Afghanistan", None, "AFG"),
        ("USSR", None, "SUN"),
        ("the Soviets", None, "SUN"),
        ("TALIBAN", None, "taliban"),  # case-insensitive for names of 5+ characters
        ("Erdogan", None, "recep_tayyip_erdogan"),  # accent-insensitive too
        ("Bush", SEED_DATE, "george_w_bush"),  # the Bush most texts mean
        ("Bush", date(1991, 6, 1), "george_h_w_bush"),  # but in office in 1991: his father
        ("Clinton", date(1995, 1, 1), "bill_clinton"),
        ("Clinton", date(2010, 1, 1), "hillary_clinton"),
        ("NATO", None, "nato"),
        ("Nato", None, "nato"),
        ("State Department", None, "mfa_usa"),
        ("Latin America", None, "latin_america"),
        ("Viet-Nam", None, "VNM"),  # hyphen-insensitive too: the United Nations' spelling until the 1970s
        ("Guinea Bissau", None, "GNB"),
        # names a state had in its own years
        ("United Arab Republic", date(1965, 1, 1), "EGY"),
        ("Khmer Republic", date(1972, 1, 1), "KHM"),
        ("People's Republic of Kampuchea", date(1985, 1, 1), "KHM"),
        ("State of Cambodia", date(1990, 1, 1), "KHM"),
    ],
)
def test_lookup(kb, name, on, expected):
    actor = kb.lookup(name, on=on)
    assert actor is not None, name
    assert actor.actor_id == expected


@pytest.mark.parametrize("name", ["us", "is", "nato", "who", "Island", "", "   ", "Embassy", "Saturday", "Islamic"])
def test_lookup_misses(kb, name):
    assert kb.lookup(name) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("Afghanistan", "AFG"),
        ("Taliban", "taliban"),
        ("Soviet Union", "SUN"),
        ("USSR", "SUN"),
        ("United States", "USA"),
        ("US", "USA"),
        ("U.S.", "USA"),
        ("United States of America", "USA"),
        ("Pakistan", "PAK"),
        ("Vladimir Putin", "vladimir_putin"),
        ("Putin", "vladimir_putin"),
        ("George W. Bush", "george_w_bush"),
        ("Bush", "george_w_bush"),
        ("Joe Biden", "joe_biden"),
        ("Biden", "joe_biden"),
        ("Russian Foreign Ministry", "mfa_rus"),
        ("Ministry of Foreign Affairs of Russia", "mfa_rus"),
        ("Islamic State-Khorasan", "isis_k"),
        ("Islamic State Khorasan Province", "isis_k"),
        ("ISIS-K", "isis_k"),
        ("ISKP", "isis_k"),
        ("Mujahideen", "mujahideen"),
        ("Afghan Mujahideen", "mujahideen"),
        ("CIA", "cia"),
        ("Central Intelligence Agency", "cia"),
        ("Al-Qaeda", "al_qaeda"),
        ("al-Qaeda", "al_qaeda"),
        ("Al Qaeda", "al_qaeda"),
        ("Operation Cyclone", "operation_cyclone"),
    ],
)
def test_gold_actor_names_resolve(kb, name, expected):
    actor = kb.lookup(name, on=SEED_DATE)
    assert actor is not None and actor.actor_id == expected


@pytest.mark.parametrize(
    ("actor_id", "kind", "affiliation"),
    [
        ("RUS", "state", None), ("taliban", "armed_group", None), ("isis_k", "armed_group", None),
        ("mujahideen", "armed_group", None), ("al_qaeda", "armed_group", None), ("SUN", "state", None),
        ("cia", "organization", "USA"), ("mfa_rus", "organization", "RUS"),
        ("vladimir_putin", "person", "RUS"), ("george_w_bush", "person", "USA"), ("joe_biden", "person", "USA"),
        ("operation_cyclone", "operation", "cia"), ("un", "igo", None),
    ],
)
def test_kinds_and_affiliations(kb, actor_id, kind, affiliation):
    actor = kb.get(actor_id)
    assert actor.kind == kind
    assert actor.affiliation == affiliation


@pytest.mark.parametrize(
    ("word", "on", "expected"),
    [("Pakistani", None, "PAK"), ("Soviet", None, "SUN"), ("Russian", None, "RUS"), ("Russians", None, "RUS"),
     ("Afghan", None, "AFG"), ("Afghans", None, "AFG"), ("American", None, "USA"), ("British", None, "GBR"),
     ("Thai", None, "THA"), ("Congolese", None, "COD"), ("Dominican", None, "DOM"), ("Kurdish", None, "kurds")],
)
def test_by_demonym(kb, word, on, expected):
    assert kb.by_demonym(word, on=on).actor_id == expected


@pytest.mark.parametrize(
    ("word", "on", "expected"),
    [("Kabul", None, "AFG"), ("Moscow", date(1975, 1, 1), "SUN"), ("Moscow", date(2020, 1, 1), "RUS"),
     ("Moscow", None, "RUS"), ("Washington", None, "USA"), ("Beijing", None, "CHN"), ("Islamabad", None, "PAK"),
     ("Prague", date(1980, 1, 1), "CSK"), ("Prague", None, "CZE"), ("Kyiv", None, "UKR"), ("Kiev", None, "UKR")],
)
def test_by_capital(kb, word, on, expected):
    assert kb.by_capital(word, on=on).actor_id == expected


@pytest.mark.parametrize(
    ("word", "on", "expected"),
    [("Kremlin", SEED_DATE, "RUS"), ("Kremlin", None, "RUS"), ("Kremlin", date(1980, 1, 1), "SUN"),
     ("White House", None, "USA"), ("Downing Street", None, "GBR"), ("Élysée", None, "FRA"),
     ("Elysee", None, "FRA"), ("Zhongnanhai", None, "CHN"), ("Pentagon", None, "USA"), ("Langley", None, "cia")],
)
def test_by_seat(kb, word, on, expected):
    assert kb.by_seat(word, on=on).actor_id == expected


def test_capitals_and_seats_are_not_names(kb):
    assert kb.lookup("Kabul") is None
    assert kb.by_capital("Kremlin") is None
    assert kb.by_seat("Moscow") is None


@pytest.mark.parametrize(
    ("code", "on", "expected"),
    [
        ("RUS", date(1975, 1, 1), "SUN"),  # the UN corpus files Soviet speeches under RUS
        ("RUS", date(2014, 1, 1), "RUS"),
        ("RUS", None, "RUS"),
        ("rus", date(2014, 1, 1), "RUS"),
        ("SUN", date(1975, 1, 1), "SUN"),
        ("SUN", date(1995, 1, 1), "RUS"),
        ("YUG", date(1980, 1, 1), "YUG"),
        ("YUG", date(2005, 1, 1), "SCG"),
        ("SRB", date(1980, 1, 1), "YUG"),
        ("YDYE", date(1980, 1, 1), "YMD"),
        ("YEM", date(1980, 1, 1), "YAR"),
        ("YEM", date(2000, 1, 1), "YEM"),
        ("DDR", date(1980, 1, 1), "DDR"),
        ("DEU", date(1980, 1, 1), "DEU"),  # West Germany continues as Germany
        ("CSK", date(1980, 1, 1), "CSK"),
        ("CZE", date(2000, 1, 1), "CZE"),
        ("EU", date(2015, 1, 1), "eu"),
        ("AF", None, "AFG"),
        ("ZAR", None, "COD"),
        ("taliban", None, "taliban"),
        ("XYZ", None, None),
        ("", None, None),
    ],
)
def test_resolve_code(kb, code, on, expected):
    assert kb.resolve_code(code, on=on) == expected


@pytest.mark.parametrize(
    ("state", "on", "expected"),
    [
        ("AFG", SEED_DATE, "taliban"),
        ("AFG", date(2010, 1, 1), "AFG"),
        ("AFG", date(1998, 1, 1), "taliban"),
        ("AFG", date(2001, 12, 31), "AFG"),
        ("AFG", date(2021, 8, 15), "taliban"),
        ("KHM", date(1977, 1, 1), "khmer_rouge"),
        ("RUS", SEED_DATE, "RUS"),
        ("USA", None, "USA"),
    ],
)
def test_governing_actor(kb, state, on, expected):
    assert kb.governing_actor(state, on=on) == expected


def test_family_follows_lineage_and_governance(kb):
    assert {"taliban", "mujahideen", "AFG"} <= kb.family("taliban")
    assert {"RUS", "SUN"} <= kb.family("RUS")
    assert "RUS" in kb.family("SUN")
    assert "taliban" in kb.family("AFG")
    assert "SVK" not in kb.family("CZE")  # a sibling is not family
    assert {"CZE", "SVK"} <= kb.family("CSK")
    assert "cia" not in kb.family("USA")
    assert "cia" in kb.family("USA", affiliated=True)
    assert kb.family("nobody_at_all") == {"nobody_at_all"}


def test_lineage_records(kb):
    links = {(link.predecessor, link.successor): link for link in kb.lineage}
    assert links[("SUN", "RUS")].on == date(1991, 12, 26)
    assert links[("SUN", "RUS")].relation == "succeeded_by"
    assert links[("mujahideen", "taliban")].on.year == 1994
    assert kb.get("SUN").valid_until == date(1991, 12, 25)


def test_taliban_roles(kb):
    governs = [role for role in kb.get("taliban").roles if role.relation == "governs"]
    assert [(role.start.year, role.end and role.end.year) for role in governs] == [(1996, 2001), (2021, None)]
    assert all(role.target == "AFG" for role in governs)


# ─── Properties of the whole knowledge base ───────────────────────────────────────────────

def test_every_un_member_state_is_generated(kb):
    members = knowledge.library_states()
    assert len(members) >= 193
    for member in members:
        actor = kb.get(member["iso3"])
        assert actor is not None and actor.kind == "state"
        assert actor.country == actor.actor_id
    assert sum(actor.kind == "state" for actor in kb.actors.values()) >= 193


def test_states_have_capitals_and_demonyms(kb):
    states = [kb.get(member["iso3"]) for member in knowledge.library_states()]
    assert sum(bool(state.capitals) for state in states) >= 190
    assert sum(bool(state.demonyms) for state in states) >= 185


def test_every_state_has_generated_ministries(kb):
    states = [actor for actor in kb.actors.values() if actor.kind == "state"]
    for state in states:
        for prefix in ("mfa", "mod", "moi"):
            ministry = kb.get(f"{prefix}_{state.actor_id.lower()}")
            assert ministry is not None and ministry.country == state.actor_id
    assert kb.lookup("Soviet Foreign Ministry").actor_id == "mfa_sun"
    assert kb.lookup("Pakistani Defence Ministry").actor_id == "mod_pak"
    assert kb.lookup("Afghanistan's Interior Ministry").actor_id == "moi_afg"


def test_every_actor_is_well_formed(kb):
    for actor_id, actor in kb.actors.items():
        assert actor.actor_id == actor_id
        assert actor.kind in ACTOR_KINDS, actor_id
        assert actor.name and actor.aliases[0] == actor.name
        assert len(set(actor.aliases)) == len(actor.aliases)
        if actor.kind == "state":
            assert actor_id.isupper() and len(actor_id) == 3
        else:
            assert actor_id == actor_id.lower() and " " not in actor_id
        if actor.country is not None:
            assert kb.get(actor.country).kind == "state", actor_id
        if actor.affiliation is not None:
            assert actor.affiliation in kb, actor_id
        for role in actor.roles:
            assert role.target in kb and role.relation in knowledge.ROLE_RELATIONS
            assert role.start is None or role.end is None or role.start <= role.end, actor_id
        assert actor.valid_from is None or actor.valid_until is None or actor.valid_from <= actor.valid_until


# States whose English name is also an English word; the name cannot be dropped.
STATE_NAMES_THAT_ARE_WORDS = {"Turkey", "China", "Chad", "Guinea", "Jordan", "Georgia"}


def test_no_alias_is_a_common_word(kb):
    for actor in kb.actors.values():
        for alias in (*actor.aliases, *actor.demonyms, *actor.seats):
            assert alias and alias.strip() == alias, actor.actor_id
            if alias.isupper() or alias in STATE_NAMES_THAT_ARE_WORDS:
                continue  # acronyms ("US", "IS", "WHO") match case-sensitively only
            assert alias.lower() not in COMMON_WORDS, f"{actor.actor_id}: alias {alias!r} is a common English word"


def test_generated_aliases_are_clean(kb):
    for member in knowledge.library_states():
        actor = kb.get(member["iso3"])
        for alias in actor.aliases:
            assert "," not in alias, alias
            assert not (len(alias) <= 2 and alias.isupper() and alias not in ("US", "UK")), alias
            assert knowledge._is_latin(alias), alias
    assert "Thai" not in kb.get("THA").aliases and "Thai" in kb.get("THA").demonyms


# ─── SpanRuler patterns ───────────────────────────────────────────────────────────────────

def test_ruler_patterns_shape(kb):
    patterns = kb.ruler_patterns()
    assert len(patterns) > 1000
    labels = {"GPE", "PERSON", "ORG", "NORP", "FAC", "LOC", "EVENT"}
    texts = [pattern["pattern"] for pattern in patterns]
    assert len(texts) == len(set(texts))
    for pattern in patterns:
        assert pattern["label"] in labels
        assert isinstance(pattern["pattern"], str) and len(pattern["pattern"]) >= 2
        assert not pattern["pattern"].islower()
        assert "id" not in pattern or pattern["id"] in kb
    by_text = {pattern["pattern"]: pattern for pattern in patterns}
    assert by_text["Kremlin"] == {"label": "FAC", "pattern": "Kremlin"}  # Soviet Union or Russia: by date
    assert by_text["Bush"] == {"label": "PERSON", "pattern": "Bush"}  # two presidents: by date
    assert by_text["Russian"] == {"label": "NORP", "pattern": "Russian", "id": "RUS"}
    assert by_text["Russian Federation"] == {"label": "GPE", "pattern": "Russian Federation", "id": "RUS"}
    assert by_text["Vladimir Putin"]["label"] == "PERSON"
    assert by_text["ISIS-K"]["id"] == "isis_k"
    assert by_text["Erdogan"]["id"] == by_text["Erdoğan"]["id"] == "recep_tayyip_erdogan"
    assert "Moscow" not in by_text and "Kabul" not in by_text  # capitals: the NER and context decide
    assert "us" not in by_text


def _ruler(kb):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler", config={"annotate_ents": True, "overwrite": False, "spans_key": None,
                                               "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(kb.ruler_patterns())
    return nlp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia has become the first country to recognize the Taliban.",
         [("Russia", "GPE", "RUS"), ("Taliban", "ORG", "taliban")]),
        ("Russian Foreign Ministry highlighted the deals.", [("Russian Foreign Ministry", "ORG", "mfa_rus")]),
        ("Russia blamed the Islamic State-Khorasan (ISIS-K) group.",
         [("Russia", "GPE", "RUS"), ("Islamic State-Khorasan", "ORG", "isis_k"), ("ISIS-K", "ORG", "isis_k")]),
        ("US and Pakistani intelligence armed the Mujahideen.",
         [("US", "GPE", "USA"), ("Pakistani", "NORP", "PAK"), ("Mujahideen", "ORG", "mujahideen")]),
        ("The Kremlin and the White House spoke.", [("Kremlin", "FAC", ""), ("White House", "FAC", "USA")]),
        ("President Vladimir Putin met Xi Jinping.",
         [("Vladimir Putin", "PERSON", "vladimir_putin"), ("Xi Jinping", "PERSON", "xi_jinping")]),
        ("Trade in Latin America grew.", [("Latin America", "LOC", "latin_america")]),
        ("Let us talk about it.", []),
    ],
)
def test_ruler_patterns_in_a_blank_pipeline(kb, text, expected):
    doc = _ruler(kb)(text)
    assert [(entity.text, entity.label_, entity.ent_id_) for entity in doc.ents] == expected


# ─── User files and validation ────────────────────────────────────────────────────────────

USER_FILE = """
actors:
  - id: frontier_corps
    name: Frontier Corps
    kind: organization
    country: PAK
    aliases: [FC Khyber Pakhtunkhwa]
  - id: PAK
    seats: [Aiwan-e-Sadr]
  - id: taliban
    aliases: [Islamic Emirate movement]
"""


def test_user_file_adds_and_extends_actors(tmp_path):
    path = tmp_path / "my_actors.yaml"
    path.write_text(USER_FILE, encoding="utf-8")
    kb = load_knowledge_base([path])
    actor = kb.lookup("Frontier Corps")
    assert actor.actor_id == "frontier_corps" and actor.kind == "organization" and actor.affiliation == "PAK"
    assert kb.lookup("FC Khyber Pakhtunkhwa").actor_id == "frontier_corps"
    assert kb.by_seat("Aiwan-e-Sadr").actor_id == "PAK"
    assert kb.lookup("Islamic Emirate movement").actor_id == "taliban"
    assert kb.lookup("Taliban").actor_id == "taliban"  # extending keeps what was there
    assert load_knowledge_base().lookup("Frontier Corps") is None  # the default base is untouched


def test_user_file_from_environment(tmp_path, monkeypatch):
    path = tmp_path / "env_actors.yaml"
    path.write_text(USER_FILE, encoding="utf-8")
    monkeypatch.setenv(knowledge.ACTORS_ENV, str(path))
    assert load_knowledge_base().lookup("Frontier Corps").actor_id == "frontier_corps"


def test_user_file_wins_an_ambiguous_name(tmp_path):
    path = tmp_path / "bush.yaml"
    path.write_text("actors:\n  - {id: jeb_bush, name: Jeb Bush, kind: person, country: USA, aliases: [Bush]}\n")
    assert load_knowledge_base([path]).lookup("Bush", on=SEED_DATE).actor_id == "jeb_bush"


def test_load_is_cached():
    assert load_knowledge_base() is load_knowledge_base()


@pytest.mark.parametrize(
    ("entry", "fragments"),
    [
        ("{id: bad_actor, name: Bad, kind: militia}", ["kind='militia'", "allowed: state, government, person"]),
        ("{id: bad_actor, name: Bad, kind: person, colour: red}", ["unknown field", "colour", "allowed:"]),
        ("{id: bad_actor, name: Bad, kind: person, country: XXX}", ["country='XXX'"]),
        ("{id: bad_actor, name: Bad, kind: person, roles: [{relation: rules, target: AFG}]}",
         ["relation='rules'", "allowed: governs"]),
        ("{id: bad_actor, name: Bad, kind: person, roles: [{relation: office, target: nowhere}]}", ["'nowhere'"]),
        ("{id: bad_actor, name: Bad, kind: person, valid_from: 'last year'}", ["valid_from", "not a date"]),
        ("{id: Bad Actor, name: Bad, kind: person}", ["lower-case slug"]),
        ("{id: russia, name: Russia, kind: state}", ["ISO 3166-1 alpha-3"]),
        ("{id: no_kind_actor, name: Somebody}", ["needs a name and a kind"]),
        ("{id: bad_actor, name: Bad, kind: person, successors: [{id: RUS, on: 1991, relation: became}]}",
         ["relation='became'", "succeeded_by"]),
    ],
)
def test_invalid_entries_name_file_actor_and_allowed_values(tmp_path, entry, fragments):
    path = tmp_path / "broken_actors.yaml"
    path.write_text(f"actors:\n  - {entry}\n", encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        load_knowledge_base([path])
    message = str(raised.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message


def test_invalid_kind_lists_every_allowed_kind(tmp_path):
    path = tmp_path / "kinds.yaml"
    path.write_text("actors:\n  - {id: some_group, name: Some Group, kind: gang}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="some_group") as raised:
        load_knowledge_base([path])
    assert all(kind in str(raised.value) for kind in ACTOR_KINDS)


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="cannot read"):
        load_knowledge_base([tmp_path / "absent.yaml"])


# ─── Small helpers and records ────────────────────────────────────────────────────────────

@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [(1994, False, date(1994, 1, 1)), (1994, True, date(1994, 12, 31)), ("2021-02", True, date(2021, 2, 28)),
     ("2024-12", True, date(2024, 12, 31)), ("2021-08-15", False, date(2021, 8, 15)),
     (date(2001, 11, 13), True, date(2001, 11, 13)), (None, False, None)],
)
def test_parse_date(value, end, expected):
    assert parse_date(value, end=end) == expected


def test_records_are_frozen():
    role = Role("governs", "AFG", date(1996, 9, 27), None)
    assert role.title is None and role.active(date(2000, 1, 1)) and not role.active(date(1990, 1, 1))
    assert Lineage("SUN", "RUS", date(1991, 12, 26)).relation == "succeeded_by"
    actor = Actor("XYZ", "Xyz", "state", "XYZ", ("Xyz",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        actor.name = "other"


def test_knowledge_base_from_actors_directly():
    actors = {"AAA": Actor("AAA", "Aland", "state", "AAA", ("Aland",), capitals=("Alby",))}
    kb = KnowledgeBase(actors)
    assert kb.lookup("Aland").actor_id == "AAA" and kb.by_capital("Alby").actor_id == "AAA"
    assert kb.resolve_code("AAA") == "AAA" and kb.governing_actor("AAA", on=None) == "AAA"


def test_builds_offline(monkeypatch):
    """The libraries read local data only (how long a build takes is a benchmark's to say, not a unit test's)."""

    def no_network(*args, **kwargs):
        raise AssertionError("the knowledge base tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    knowledge.library_states.cache_clear()
    kb = knowledge.build_knowledge_base(knowledge.actor_files())
    assert len(kb) > 1000


# ─── Office holders, organisations and groups from the Phoenix dictionaries (analysis/phoenix.py) ──


PHOENIX_SAMPLE = """\
# a made-up dictionary in the Phoenix format
ARDEN_VOSKUIJLEN_  # a person with two posts
+PRESIDENT_VOSKUIJLEN_
	[NLDGOV 990101-030630]
	[NLDELI >030701]
MCTAVISH_OF_THE_GLEN_
	[GBRELI]
NORTHERN_LIGHT_BRIGADES_(NLB)_ [NORREB] # a group
"""


def test_phoenix_entries_are_read_with_synonyms_and_roles():
    from analysis import phoenix

    entries = list(phoenix.entries(PHOENIX_SAMPLE))
    assert entries[0] == ("ARDEN_VOSKUIJLEN_", ["PRESIDENT_VOSKUIJLEN_"], ["NLDGOV 990101-030630", "NLDELI >030701"])
    assert entries[2][0] == "NORTHERN_LIGHT_BRIGADES_(NLB)_" and entries[2][2] == ["NORREB"]
    assert phoenix.parse_role("NLDGOV 990101-030630") == ("NLD", "GOV", date(1999, 1, 1), date(2003, 6, 30), True)
    assert phoenix.parse_role("NLDELI >030701") == ("NLD", "ELI", date(2003, 7, 1), None, True)
    assert phoenix.parse_role("NLDGOV 121207-120802") is None  # ends before it starts
    persons = list(phoenix._persons(PHOENIX_SAMPLE, {"NLD", "GBR"}))
    assert [person["name"] for person in persons] == ["Arden Voskuijlen"]  # the undated entry is no office holder
    assert persons[0]["country"] == "NLD" and persons[0]["roles"][0][:3] == ("office", "NLD", "Government")
    groups = list(phoenix._organizations(PHOENIX_SAMPLE, {"NOR"}, groups=True))
    assert {"name": "Northern Light Brigades", "aliases": ["NLB"], "country": "NOR"}.items() <= groups[-1].items()


@pytest.mark.parametrize("words, written", [
    (["OSAMA", "BIN", "LADEN"], "Osama bin Laden"),
    (["JOHN", "MCCAIN"], "John McCain"),
    (["AL-QAEDA", "IN", "IRAQ"], "al-Qaeda in Iraq"),
    (["MARTIN", "O'NEILL"], "Martin O'Neill"),
])
def test_phoenix_names_are_written_in_news_case(words, written):
    from analysis import phoenix

    assert phoenix.cased(words) == written


def test_office_holders_are_persons_with_a_country_and_dated_roles(kb):
    khatami = kb.lookup("Mohammad Khatami")
    assert khatami.kind == "person" and khatami.country == "IRN"
    assert kb.in_office(khatami.actor_id, on=date(2000, 1, 1)) and not kb.in_office(khatami.actor_id, on=date(2010, 1, 1))
    assert kb.lookup("Mujahedin-e-Khalq").kind == "armed_group" and kb.lookup("MEK").actor_id == "mujahedin_e_khalq"


def test_office_holders_are_found_by_lookup_not_by_the_ruler(kb):
    texts = {pattern["pattern"] for pattern in kb.ruler_patterns()}
    assert "Mohammad Khatami" not in texts
    assert "Mujahedin-e-Khalq" in texts


def test_curated_actors_win_over_the_phoenix_file(kb):
    putin = kb.lookup("Vladimir Putin")
    assert putin.actor_id == "vladimir_putin" and putin.kind == "person"
    assert len([actor for actor in kb.candidates("Vladimir Putin") if actor.kind == "person"]) == 1


def test_variants_of_names_match_by_rapidfuzz_within_their_block(kb):
    from analysis import variants

    assert variants.same_person("Mohammad Khatami", "Mohammed Khatami")
    assert variants.same_person("Bhutto", "Benazir Bhutto") and variants.same_person("G. Bush", "George Bush")
    assert not variants.same_person("Benazir Bhutto", "Zulfikar Ali Bhutto")
    assert not variants.same_person("Hatami", "Khatami")  # a surname alone is spelt exactly
    # an initial stands for the given name in its own place: another given name is another person
    assert not variants.same_person("Edith Warner", "Arthur E. Warner")
    assert variants.same_person("E. Warner", "Edith Warner") and variants.same_person("Arthur Warner", "Arthur E. Warner")
    organizations = variants.knowledge_organizations(kb)
    assert organizations.find("Mojahedeen-e Khalq").actor_id == "mujahedin_e_khalq"
    assert organizations.find("Fedayeen-e Khalq") is None or organizations.find("Fedayeen-e Khalq").actor_id != "mujahedin_e_khalq"
    joined = variants.variants_of([("arno_vellekoop", "Arno Vellekoop"), ("arno_velekoop", "Arno Velekoop"),
                                   ("ilse_vellekoop", "Ilse Vellekoop")])
    assert joined == {"arno_velekoop": "arno_vellekoop"}


@pytest.mark.parametrize(("alias", "name", "refused"), [
    ("ORGANIZATION", "TANZIM", True),        # a gloss: every "the Organization" would be an armed group
    ("Foundation", "Sahel Relief Foundation", True),  # a word of the name
    ("COLOMBIA", "Colombian Workers Front", True),    # a state's name
    ("TALEBAN", "Taliban", False),           # a spelling of the name
    ("INTERPOL", "International Criminal Police Organization", False),
    ("ANA", "Albanian National Army", False),  # an acronym
    ("Sahel Relief", "Sahel Relief Foundation", False),
])
def test_phoenix_organisations_lose_aliases_that_name_something_else(alias, name, refused):
    from analysis.phoenix import _names_something_else

    ordinary = frozenset({"organization", "foundation", "taleban", "interpol", "ana"})
    assert _names_something_else(alias, name, ordinary=ordinary, state_names=frozenset({"colombia"})) is refused


def test_the_organization_is_no_armed_group(kb):
    assert kb.lookup("Organization", on=date(1990, 1, 1)) is None or kb.lookup(
        "Organization", on=date(1990, 1, 1)).actor_id != "tanzim"
