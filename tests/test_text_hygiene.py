"""Tests for analysis/text_hygiene.py: untrusted bytes, strings and file names → clean Unicode."""

from __future__ import annotations

import os
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.text_hygiene import clean_field, clean_text, decode, mend_surrogates, printable_name

BIDI_CONTROLS = [chr(code) for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
C0_AND_C1 = [chr(code) for code in [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)]]
REMOVED = {*BIDI_CONTROLS, *ZERO_WIDTH, *C0_AND_C1, "\u00ad", "\r", "\v", "\f"}
# Characters that hostile or broken files hold, mixed into ordinary text by the property tests.
HOSTILE = st.sampled_from([*REMOVED, "\ud800", "\udfff", "\ud83d", "\ude00", "\udcff", "e\u0301", "\t", "\n", "\\"])
HOSTILE_TEXT = st.lists(HOSTILE | st.characters(), max_size=60).map("".join)


@pytest.mark.parametrize("text, cleaned", [
    ("Russia\u202e has spoken.", "Russia has spoken."),
    ("Uk\u200draine answered.", "Ukraine answered."),
    ("Uk\u200braine, Uk\u200craine, Uk\u2060raine", "Ukraine, Ukraine, Ukraine"),
    ("\u2067Iran\u2069 and \u200fIsrael\u200e", "Iran and Israel"),
    ("\ufeffA byte order mark inside\ufeff.", "A byte order mark inside."),
    ("Ukr\u00adaine, with a soft hyphen", "Ukraine, with a soft hyphen"),
    ("Talks \ud800 resume", "Talks \ufffd resume"),
    ("A trailing half \udbff", "A trailing half \ufffd"),
    ("A pair \ud83d\ude00 joined", "A pair \U0001f600 joined"),
    ("Cafe\u0301 in NFC", "Café in NFC"),
    ("e\u200d\u0301 combines once the joiner is gone", "é combines once the joiner is gone"),
    ("one\r\ntwo\rthree\ffour\vfive", "one\ntwo\nthree\nfour\nfive"),
    ("bell\x07, escape\x1b, delete\x7f, next line\x85 gone", "bell, escape, delete, next line gone"),
    ("tab\tand newline\nkept", "tab\tand newline\nkept"),
], ids=["rlo", "zwj", "zero-width", "isolates-and-marks", "bom", "soft-hyphen", "lone-high", "lone-at-end",
        "pair", "nfc", "removal-before-nfc", "line-breaks", "controls", "tab-newline"])
def test_clean_text(text, cleaned):
    assert clean_text(text) == cleaned


@pytest.mark.parametrize("character", sorted(REMOVED - {"\r", "\v", "\f"}))
def test_every_listed_character_is_removed(character):
    assert clean_text(f"Kyiv{character}Moscow") == "KyivMoscow"


@settings(max_examples=300, deadline=None)
@given(text=HOSTILE_TEXT)
def test_clean_text_is_encodable_nfc_visible_and_idempotent(text):
    cleaned = clean_text(text)
    cleaned.encode("utf-8")  # raises on any surrogate left
    assert unicodedata.is_normalized("NFC", cleaned)
    assert not set(cleaned) & REMOVED
    assert clean_text(cleaned) == cleaned


@pytest.mark.parametrize("value, cleaned", [
    ("  Talks \ud800 in\n Doha\u202e ", "Talks \ufffd in Doha"),
    ("\u200b\u200d", None),
    ("   ", None),
    (None, None),
])
def test_clean_field_is_one_visible_line_or_none(value, cleaned):
    assert clean_field(value) == cleaned


def test_mend_surrogates_keeps_everything_else():
    assert mend_surrogates("a\u202eb\x07\ud800") == "a\u202eb\x07\ufffd"
    assert mend_surrogates("plain") == "plain"


@pytest.mark.parametrize("name, printable", [
    (b"a\xff.txt", "a\\xff.txt"),
    (os.fsdecode(b"a\xfe.txt"), "a\\xfe.txt"),
    (b"\xed\xa0\x80.txt", "\\xed\\xa0\\x80.txt"),  # a surrogate encoded in UTF-8 is not UTF-8
    ("back\\slash.txt", "back\\\\slash.txt"),
    ("Russia\u202e.txt", "Russia\\u202e.txt"),
    ("bell\x07 and cr\r.txt", "bell\\u0007 and cr\\u000d.txt"),
    ("new\nline\tand tab.txt", "new\nline\tand tab.txt"),
    ("ünïcödé 名前.md", "ünïcödé 名前.md"),
    ("Cafe\u0301.txt", "Cafe\u0301.txt"),  # not normalised: it must still name the file on disk
    ("\ud800.txt", "\\xed\\xa0\\x80.txt"),
])
def test_printable_name(name, printable):
    assert printable_name(name) == printable


@settings(max_examples=300, deadline=None)
@given(first=st.binary(max_size=12), second=st.binary(max_size=12))
def test_printable_names_are_valid_utf8_and_tell_names_apart(first, second):
    for name in (first, second, os.fsdecode(first)):
        printable_name(name).encode("utf-8")
    assert printable_name(os.fsdecode(first)) == printable_name(first)
    assert (printable_name(first) == printable_name(second)) == (first == second)


def test_decode_leaves_cleaning_to_clean_text():
    assert decode("\ufeffWith a BOM\u200d.".encode("utf-8")) == "With a BOM\u200d."
    assert decode(b"N\x00U\x00L") == "NUL"
    assert decode("Déclaration".encode("latin-1")) == "Déclaration"
