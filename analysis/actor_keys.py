"""The text keys the actor knowledge base (analysis/knowledge.py) compares names by, and the spellings it matches.

Pure string helpers, shared by the YAML reading (analysis/actor_records.py), the states generated from the
libraries (analysis/library_states.py) and the knowledge base's indexes and SpanRuler patterns: a name's exact
key (whitespace, quotes and dashes normalised, a leading "the " dropped), its folded key (case-, accent- and
hyphen-insensitive), demonym plurals, possessives, whether a spelling is in Latin script, and the variants news
text writes a name in. Kept apart so that none of these modules needs the knowledge base to compare a name.
"""

from __future__ import annotations

import unicodedata

# Names this long or longer are also matched in capitals: "IRAN", "JAPAN"; "Us" never becomes "US".
ALL_CAPS_MIN_LENGTH = 4

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def clean(text: str) -> str:
    return " ".join(str(text).split())


def strip_the(text: str) -> str:
    return text[4:] if text[:4] in ("the ", "The ") and len(text) > 4 else text


def exact_key(text: str) -> str:
    """The key names are compared by: whitespace, quotes and dashes normalised, leading "the " dropped."""
    text = str(text)
    if text.isascii() and "`" not in text and "  " not in text and " - " not in text and text == text.strip() \
            and "\t" not in text and "\n" not in text and text[:4] not in ("the ", "The "):
        return text  # most names are keys already: twenty thousand of them are indexed at every start
    if not text.isascii() or "`" in text:
        text = text.translate(_QUOTES)
    text = " ".join(text.split()).replace(" - ", "-")
    return strip_the(text)


def ascii_fold(text: str) -> str:
    """ "Erdoğan" → "Erdogan", "Élysée" → "Elysee"."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def folded_key(text: str) -> str:
    """The case-, accent- and hyphen-insensitive key, used only for names of 5 characters or more: "Viet-Nam"
    (the United Nations' spelling until the 1970s) is "Viet Nam", "Guinea Bissau" is "Guinea-Bissau"."""
    return fold(exact_key(text))


def fold(key: str) -> str:
    folded = key.casefold() if key.isascii() else ascii_fold(key).casefold()
    return folded.replace("-", " ") if "-" in folded else folded


def plural(demonym: str) -> str | None:
    """ "Russian" → "Russians"; None where English has no -s plural ("Chinese", "British", "Swiss")."""
    if demonym.endswith(("s", "sh", "ch", "ese", "x", "z")):
        return None
    return demonym + "s"


def possessive(name: str) -> str:
    return name + "'" if name.endswith("s") else name + "'s"


def is_latin(text: str) -> bool:
    for character in text:
        if character.isalpha():
            if not unicodedata.name(character, "").startswith("LATIN"):
                return False
            if 0x250 <= ord(character) <= 0x2FF:  # IPA and modifier letters: transcriptions
                return False
        elif 0x2B0 <= ord(character) <= 0x2FF:
            return False
    return True


def variants(text: str) -> list[str]:
    """A name as written plus the spellings news text often uses instead: without accents
    ("Erdogan"), with a typographic apostrophe ("People’s Republic of China"), in capitals ("JAPAN")."""
    variants = [text]
    folded = ascii_fold(text)
    if folded != text and is_latin(folded):
        variants.append(folded)
    for variant in list(variants):
        if "'" in variant:
            variants.append(variant.replace("'", "’"))
    if len(text) >= ALL_CAPS_MIN_LENGTH and any(character.islower() for character in text):
        variants += [variant.upper() for variant in variants]  # headlines and datelines: "JAPAN", "RUSSIAN"
    return variants
