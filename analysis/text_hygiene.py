"""Untrusted bytes, strings and file names → clean Unicode that every later stage can use.

Used at the corpus boundary (analysis.corpus) so that nothing downstream meets text it cannot encode
or names it cannot see:

- `decode(raw)`: bytes → text (byte order mark, else UTF-8, else the likeliest legacy encoding).
- `clean_text(text)`: lone surrogates (from YAML ``\\uD800`` escapes, ``&#xD800;`` entities, names
  decoded with surrogateescape) become U+FFFD, pairs of surrogates the character they stand for;
  CR LF and CR become LF, form feed and vertical tab LF; bidi controls, zero-width characters, the
  soft hyphen and every other C0/C1 control except LF and TAB are removed; the result is NFC.
  "Russia" + U+202E and "Uk" + U+200D + "raine" become plain words, so names in them are found.
- `clean_field(value)`: `clean_text` for one-line metadata (title, author, source): whitespace
  collapsed, None when nothing visible is left.
- `mend_surrogates(text)`: only the surrogate repair, for strings that must keep every other character.
- `printable_name(name)`: a file-system name (str from os.fsdecode, or bytes) → valid UTF-8 that
  still tells every two names apart: undecodable bytes become ``\\xNN``, invisible and control
  characters ``\\uNNNN`` (LF and TAB kept), and a literal backslash ``\\\\``.

Removing characters shifts positions, so cleaning must happen before any offset is computed: the
corpus hands out only cleaned text, and mentions, sentences and events are located in that text.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata

import charset_normalizer

# Bidi embeddings, overrides and isolates, the LRM/RLM/ALM marks; zero-width space, non-joiner and
# joiner, word joiner, BOM used as zero-width no-break space; and the soft hyphen, which hides inside
# a word ("Ukr&shy;aine") just as they do.
INVISIBLE = "\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
# C0 controls but TAB and LF (kept) and VT, FF, CR (turned into LF first); DEL; the C1 controls.
_CONTROLS = "\x00-\x08\x0e-\x1f\x7f-\x9f"
_REMOVED = re.compile(f"[{_CONTROLS}{INVISIBLE}]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = str.maketrans({"\f": "\n", "\v": "\n"})
_ESCAPED_IN_NAMES = re.compile(f"[{_CONTROLS}\x0b-\x0d{INVISIBLE}]")

# UTF-32 before UTF-16: the UTF-16 LE byte order mark is a prefix of the UTF-32 LE one.
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_WESTERN_MARKS = frozenset("–—‘’‚“”„…«»€£¥°§©®™•·¡¿\u00a0")


def clean_text(text: str) -> str:
    """`text` with surrogates mended, line breaks unified, invisible and control characters removed, NFC."""
    text = mend_surrogates(text).replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    # Removal before NFC: a character that was hidden between two others may now combine with them.
    return unicodedata.normalize("NFC", _REMOVED.sub("", text))


def clean_field(value: str | None) -> str | None:
    """One line of metadata (title, author, source) cleaned, or None if nothing visible is left."""
    if value is None:
        return None
    return " ".join(clean_text(value).split()) or None


def mend_surrogates(text: str) -> str:
    """`text` that encodes as UTF-8: surrogate pairs joined into their character, lone ones U+FFFD."""
    if not _SURROGATE.search(text):
        return text
    # UTF-16 is the encoding surrogates belong to: decoding it joins pairs and replaces lone halves.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def printable_name(name: str | bytes) -> str:
    """A file-system name as valid UTF-8, visible, and distinct for distinct names (escaping is reversible).

    Not normalised and nothing removed: two files whose names differ only by NFC or by an invisible
    character are two files, and the path must still lead to the right one.
    """
    raw = _name_bytes(name).replace(b"\\", b"\\\\")
    text = raw.decode("utf-8", "backslashreplace")
    return _ESCAPED_IN_NAMES.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


def _name_bytes(name: str | bytes) -> bytes:
    try:
        return os.fsencode(name)
    except UnicodeEncodeError:  # a surrogate no file system decoding makes (not U+DC80–U+DCFF)
        return name.encode("utf-8", "surrogatepass")


def decode(raw: bytes) -> str:
    """`raw` as text without NUL bytes: byte order mark, else UTF-8, else the likeliest legacy encoding."""
    return _guess_encoding(raw).replace("\x00", "")


def _guess_encoding(raw: bytes) -> str:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # charset_normalizer alone takes short French or German text for Central European cp1250
    # (è → č), so Windows-1252 goes first, kept only when it reads as Western European text.
    try:
        western = raw.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _looks_western(western):
        return western
    best = charset_normalizer.from_bytes(raw).best()
    if best is not None:
        return str(best)
    return western if western is not None else raw.decode("latin-1")


def _looks_western(text: str) -> bool:
    """True when the non-ASCII characters are accented letters or typographic marks, and few:
    Cyrillic or Greek bytes read as cp1252 give words made only of accented letters."""
    special = {char for char in set(text) if ord(char) > 127}
    if any(not char.isalpha() and char not in _WESTERN_MARKS for char in special):
        return False
    accented = sum(text.count(char) for char in special if char.isalpha())
    return accented <= 0.25 * sum(map(str.isalpha, text))
