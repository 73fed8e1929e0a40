"""PETRARCH2's verb dictionary (CAMEO.2.0.txt) → analysis/data/petrarch_verbs.tsv, and that file → a
VerbDictionary: verb lemma → its default CAMEO code and its patterns, most specific first.

The dictionary's in-memory form and the matcher over spaCy tokens (match_verb, re-exported here) live in
analysis.petrarch_match.
"""

from __future__ import annotations

import argparse
import collections
import csv
import functools
import gc
import operator
import os
import re
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from analysis.cameo import CODEBOOK_PATH, DATA, load_codebook
from analysis.petrarch_match import (VerbDictionary, VerbEntry, VerbMatch, VerbPattern, Written, WrittenPrep,
                                     match_verb, read_notation, read_part, render_prep, render_term, word_parts)

__all__ = ["Conversion", "VerbDictionary", "VerbEntry", "VerbMatch", "VerbPattern", "convert", "load_verb_dictionary",
           "main", "match_verb", "write_verbs"]

VERBS_PATH = DATA / "petrarch_verbs.tsv"
COLUMNS = ("verb", "phrase", "code", "swapped", "subject", "particles", "object", "preps", "line")
PATTERN_COLUMNS = ("subject", "particles", "object", "preps")
_CONDITIONS = slice(COLUMNS.index(PATTERN_COLUMNS[0]), COLUMNS.index(PATTERN_COLUMNS[-1]) + 1)
NULL_CODE = "---"
ORIGIN = "openeventdata/petrarch2, petrarch2/data/dictionaries/CAMEO.2.0.txt, commit 676801cd"
# Bare words after the verb that the parser hangs on the verb as a particle or adverb ("set OUT views").
PARTICLES = frozenset("up down out off forward back away aside together ahead apart over around".split())
# Bare words that open a prepositional phrase when written without parentheses (TABARI style: "- * WITH").
PREPOSITIONS = frozenset("about above across after against along amid among as at before behind below beside between "
                         "beyond by despite during for from in inside into near of on onto outside since through "
                         "throughout to toward towards under until upon via with within without".split())


class TSV(csv.excel_tab):
    lineterminator = "\n"
    quoting = csv.QUOTE_NONE


# ----------------------------------------------------------------------------------------- loader

def _synset_members(row: Mapping[str, str], where: str) -> tuple[tuple[str, ...], ...]:
    if any(row[column] for column in COLUMNS[1:] if column not in ("object", "line")):
        raise ValueError(f"{where}: a synset row ({row['verb']}) has only its members, in `object`")
    members = read_notation(row["object"], where=where)
    if any(isinstance(member, WrittenPrep) or any(word[0] == "&" for word in member.words) for member in members):
        raise ValueError(f"{where}: synset {row['verb']} has {row['object']!r}; allowed: words and {{phrases}}")
    return tuple(member.words for member in members)


def _code(text: str, codebook: Mapping, where: str) -> str | None:
    if text != NULL_CODE and text not in codebook:
        raise ValueError(f"{where}: code {text!r} is not in the CAMEO codebook; allowed: a codebook code or ---")
    return None if text == NULL_CODE else text


def _swapped(text: str, where: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError(f"{where}: swapped={text!r}; allowed: 0, 1")
    return text == "1"


def _line(text: str, where: str) -> int:
    if not text.isdigit():
        raise ValueError(f"{where}: line={text!r}; allowed: the source line number")
    return int(text)


def _checked(fields: Sequence[str], synsets: Mapping, codebook: Mapping, memo: dict, where: str) -> tuple:
    """The code, swapped flag, source line and read parts of a pattern row, each checked."""
    parts = [read_part(part, text, synsets, memo, where) for part, text in zip(PATTERN_COLUMNS, fields[_CONDITIONS])]
    return _code(fields[2], codebook, where), _swapped(fields[3], where), _line(fields[8], where), parts


def _pattern(fields: Sequence[str], synsets: Mapping, codebook: Mapping, memo: dict, where: str) -> VerbPattern:
    code, swapped, line, parts = _checked(fields, synsets, codebook, memo, where)
    return VerbPattern.compile(*parts, code=code, swapped=swapped, line=line, synsets=synsets, memo=memo, where=where)


def _verb_words(row: Mapping[str, str], where: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    words = row["phrase"].split()
    marked = [position for position, word in enumerate(words) if word.startswith("+")]
    if words and (len(marked) != 1 or words[marked[0]] != "+" + row["verb"]):
        raise ValueError(f"{where}: phrase={row['phrase']!r}; allowed: the verb's words with {row['verb']!r} "
                         f"marked by one '+' ('+{row['verb']} for')")
    return (tuple(words[:marked[0]]), tuple(words[marked[0] + 1:])) if words else ((), ())


def _read_rows(path: str) -> tuple[list, dict, dict, dict]:
    """One pass over the data file: the synset rows; each verb's default row; the first row of each distinct
    pattern (its cells from `code` on, shared by the verbs of a block); each verb's patterns in file order."""
    synset_rows, defaults, first_rows, patterns = [], {}, {}, collections.defaultdict(list)
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    # The TSV dialect quotes nothing and no cell holds a tab, so a row is its line split at tabs. Of these
    # 50 000 rows most repeat a block's pattern for one more verb: split off the verb and phrase and look the
    # rest up before splitting it, which is most of the load time saved.
    header = None
    for number, line in enumerate(lines, start=1):
        if not line or line.startswith("#"):
            continue
        if header is None:
            header = line.split("\t")
            if tuple(header) != COLUMNS:
                raise ValueError(f"{path}: the first row after the # header must name the columns: "
                                 + " ".join(COLUMNS))
            continue
        verb, phrase, rest = (line.split("\t", 2) + ["", ""])[:3]
        if rest in first_rows:
            patterns[verb, phrase].append(rest)
            continue
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            raise ValueError(f"{path}:{number}: {len(fields)} tab-separated fields; expected {len(COLUMNS)}: "
                             + ", ".join(COLUMNS))
        if verb.startswith("&"):
            synset_rows.append((number, fields))
        elif any(fields[_CONDITIONS]):
            first_rows[rest] = (number, fields)
            patterns[verb, phrase].append(rest)
        elif (verb, phrase) in defaults:
            raise ValueError(f"{path}:{number}: a second default row for {phrase or verb!r} (the first: line "
                             f"{defaults[verb, phrase][0]}); a verb has one row without conditions")
        else:
            defaults[verb, phrase] = (number, fields)
    return synset_rows, defaults, first_rows, patterns


def _verb_without_patterns(row: Mapping[str, str], codebook: Mapping, where: str) -> VerbEntry:
    if not row["verb"] or row["verb"] != row["verb"].lower() or " " in row["verb"]:
        raise ValueError(f"{where}: verb={row['verb']!r}; allowed: a lower-case one-word lemma or &synset")
    return VerbEntry(row["verb"], *_verb_words(row, where), _code(row["code"], codebook, where),
                     _swapped(row["swapped"], where), (), _line(row["line"], where))


def _entry_builder(path: str, verbs: Mapping, patterns: Mapping, first_rows: Mapping, synsets: Mapping,
                   codebook: Mapping, memo: dict):
    """name → VerbEntry with its patterns compiled from rows that `_build` has checked."""
    compiled: dict[str, tuple[tuple[int, int], VerbPattern]] = {}  # a block's verbs share its pattern objects

    def build(name: str) -> VerbEntry:
        key, verb = verbs[name]
        ranked = []
        for signature in patterns.get(key, ()):
            if signature not in compiled:
                number, fields = first_rows[signature]
                pattern = _pattern(fields, synsets, codebook, memo, f"{path}:{number}")
                compiled[signature] = ((-pattern.conditions, -pattern.nouns), pattern)
            ranked.append(compiled[signature])
        # Most words required first, then most nouns (PETRARCH tries a verb's nouns before its prepositions:
        # "rushed food to …" is food aid, not travel); the sort is stable, so file order among equals.
        return verb._replace(patterns=tuple(pattern for _, pattern in sorted(ranked, key=operator.itemgetter(0))))

    return build


@functools.lru_cache(maxsize=8)
def _load(path: str, codebook_path: str) -> VerbDictionary:
    # Some 100 000 small containers, none in a cycle: left on, the cyclic collector sweeps the whole process
    # (a loaded spaCy model included) dozens of times for nothing, doubling the load time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(path, load_codebook(codebook_path))
    finally:
        if collecting:
            gc.enable()


def _build(path: str, codebook: Mapping) -> VerbDictionary:
    """Every row is checked here; patterns are compiled when their verb is first looked up."""
    synset_rows, defaults, first_rows, patterns = _read_rows(path)
    synsets = {fields[0]: _synset_members(dict(zip(COLUMNS, fields)), f"{path}:{number}")
               for number, fields in synset_rows}
    if len(synsets) < len(synset_rows):
        raise ValueError(f"{path}: a synset is defined twice; each &name has one row")
    if missing := sorted(set(patterns) - set(defaults)):  # a typo in a verb or phrase cell, usually
        raise ValueError(f"{path}: verb(s) {missing[:5]} have pattern rows but no default row (empty subject, "
                         "particles, object and preps; its code is the verb's own)")
    memo: dict = {}  # cells read and compiled, terms by their text: each done once
    for number, fields in first_rows.values():
        _checked(fields, synsets, codebook, memo, f"{path}:{number}")
    verbs: dict[str, tuple[tuple[str, str], VerbEntry]] = {}
    for key, (number, fields) in defaults.items():
        verb = _verb_without_patterns(dict(zip(COLUMNS, fields)), codebook, f"{path}:{number}")
        if verb.name in verbs:
            raise ValueError(f"{path}:{number}: verb {verb.name!r} again, written another way (source line "
                             f"{verbs[verb.name][1].line}); a verb has one default row")
        verbs[verb.name] = (key, verb)
    multi_word: dict[str, list[str]] = {}
    for name, (_, verb) in sorted(verbs.items(), key=lambda item: -len(item[0].split())):
        if verb.words_before or verb.words_after:
            multi_word.setdefault(verb.lemma, []).append(name)
    return VerbDictionary(verbs, _entry_builder(path, verbs, patterns, first_rows, synsets, codebook, memo),
                          multi_word={lemma: tuple(names) for lemma, names in multi_word.items()}, synsets=synsets)


def load_verb_dictionary(path: str | os.PathLike | None = None, *,
                         codebook: str | os.PathLike | None = None) -> VerbDictionary:
    """The verb dictionary of `path` (default analysis/data/petrarch_verbs.tsv), checked against the codebook;
    read once per path."""
    return _load(str(Path(path) if path else VERBS_PATH), str(Path(codebook) if codebook else CODEBOOK_PATH))


# ----------------------------------------------------------------------------------------- converter

_BLOCK = re.compile(r"^---\s+(?P<name>[^\s\[]+)\s*(?:\[(?P<code>[^\]]*)\])?")
_VERB = re.compile(r"^(?P<word>[^\s{\[]+)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*$")
_PATTERN_CODE = re.compile(r"\[(?P<code>[^\]]*)\]\s*$")


@dataclass
class Conversion:
    """What `convert` made of a source: the data rows, what it left out (line, reason), the codes it replaced
    by a codebook prefix and its counts."""

    rows: list[list[str]] = field(default_factory=list)
    left_out: list[tuple[int, str]] = field(default_factory=list)
    remapped: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ["synsets", "blocks", "verb lines", "verbs", "irregular-form lists ignored", "pattern lines", "patterns",
         "bare prepositions read as (…) phrases", "codes remapped", "rows"], 0))


def _resolve_code(text: str, codebook: Mapping, conversion: Conversion, where: str) -> tuple[str, str]:
    """(code, swapped "0"/"1"): [042:043] → 042; [:173] → 173 swapped; a code the codebook lacks → its longest
    prefix that it has (176 → 17)."""
    first, _, second = text.strip().partition(":")
    code, swapped = (second, "1") if not first and second else (first, "0")
    if code == NULL_CODE:
        return code, swapped
    for prefix in (code[:length] for length in range(min(len(code), 4), 1, -1)):
        if prefix in codebook:
            if prefix != code:
                conversion.remapped[code] = prefix
            return prefix, swapped
    raise ValueError(f"{where}: code [{text}] has no prefix in the CAMEO codebook; allowed: --- or a code of "
                     "analysis/data/cameo_codebook.csv")


def _sort_side(items: list, *, after_verb: bool, counts: dict[str, int]) -> tuple[list, list[str], list]:
    """Terms, particles and prep phrases of one pattern side; a bare preposition opens a phrase that takes the
    words after it, as TABARI read "- * SANCTIONS AGAINST" and "- * ON TRIP"."""
    terms, particles, preps, open_prep = [], [], [], False
    for item in items:
        bare = isinstance(item, Written) and not item.braced
        if isinstance(item, WrittenPrep) or (bare and item.words[0] in PREPOSITIONS):
            open_prep = not isinstance(item, WrittenPrep)
            preps.append(WrittenPrep(item.words, ()) if open_prep else item)
            counts["bare prepositions read as (…) phrases"] += open_prep
        elif open_prep:
            preps[-1] = WrittenPrep(preps[-1].prepositions, (*preps[-1].nouns, item))
        elif bare and after_verb and item.words[0] in PARTICLES:
            particles.append(item.words[0])
        else:
            terms.append(item)
    return terms, particles, preps


def _pattern_fields(text: str, *, synsets: Mapping, counts: dict[str, int]) -> tuple[str, ...] | str:
    """(code, subject, particles, object, preps) of a pattern line, or why it is left out."""
    body = text[1:].split("#")[0]
    code = _PATTERN_CODE.search(body)
    if code is None or body[:code.start()].count("*") != 1:
        raise ValueError("a pattern is '- [subject] * [object] [(prep noun)] [CODE]', one '*', the code last")
    before, after = body[:code.start()].split("*")
    subject, _, subject_preps = _sort_side(read_notation(before, where="pattern"), after_verb=False, counts=counts)
    objects, particles, preps = _sort_side(read_notation(after, where="pattern"), after_verb=True, counts=counts)
    terms = [*subject, *objects, *(noun for prep in preps for noun in prep.nouns)]
    if undefined := sorted({word for term in terms for word in term.words if word[0] == "&" and word not in synsets}):
        return f"undefined synset {', '.join(undefined)} (PETRARCH ignores such patterns)"
    if subject_preps:
        return "a prepositional phrase on the subject: not supported"
    if not (subject or objects or particles or preps):
        return "no condition once the position markers $ + ^ % are dropped"
    return (code.group("code"), " ".join(map(render_term, subject)), " ".join(particles),
            " ".join(map(render_term, objects)), " ".join(map(render_prep, preps)))


def _verb(text: str, where: str) -> tuple[str, str, str | None, bool]:
    """(lemma, phrase, own code, has irregular forms): "+ASK_FOR {…} [020]" → ("ask", "+ask for", "020", True)."""
    found = _VERB.match(text.split("#")[0].split(";")[0].strip())
    if found is None:
        raise ValueError(f"{where}: cannot read verb line {text!r}; expected VERB [{{FORMS}}] [[CODE]]")
    parts = found.group("word").lower().split("_")
    marked = [part for part in parts if part.startswith("+")]
    if (len(parts) > 1) != (len(marked) == 1) or "".join(parts).count("+") != len(marked):
        raise ValueError(f"{where}: {found.group('word')!r}: a multi-word verb joins its words with '_' and marks "
                         "its verb word with one '+' (+ASK_FOR, WIRE_+TAP); a one-word verb has neither")
    lemma = marked[0][1:] if marked else parts[0]
    return lemma, " ".join(parts) if marked else "", found.group("code"), found.group("forms") is not None


@dataclass
class _Block:
    name: str
    code: str
    verbs: list[tuple[str, str, str, int]] = field(default_factory=list)  # lemma, phrase, code, line
    patterns: list[list[str]] = field(default_factory=list)  # data-file cells from `code` to `line`


def _add_pattern(block: _Block, text: str, number: int, *, synsets: Mapping, codebook: Mapping,
                 conversion: Conversion, where: str) -> None:
    conversion.counts["pattern lines"] += 1
    try:
        fields = _pattern_fields(text, synsets=synsets, counts=conversion.counts)
    except ValueError as error:  # a typo in one pattern line costs that pattern, listed in the header
        fields = f"malformed: {error}"
    if isinstance(fields, str):
        conversion.left_out.append((number, fields))
    else:
        code = _resolve_code(fields[0], codebook, conversion, where)
        block.patterns.append([*code, *fields[1:], str(number)])


def _read_source(lines: Sequence[str], *, source: str, codebook: Mapping, conversion: Conversion):
    """The synsets (label → line, members) and the verb blocks of a source, in file order."""
    synsets: dict[str, tuple[int, list[str]]] = {}
    blocks: list[_Block] = []
    for number, text in enumerate(lines, start=1):
        where = f"{source}:{number}"
        if not text.strip() or text.startswith("#"):
            continue
        if text.startswith("~"):
            conversion.left_out.append((number, "transformation (~ line): out of scope"))
        elif text.startswith("<!"):
            raise ValueError(f"{where}: <!-- comments --> are not supported; use '#' comments")
        elif text.startswith("&"):
            synsets[text.split("#")[0].strip().lower().rstrip("_")] = (number, [])
        elif text.startswith("+") and not blocks:  # "+" lines before the first block are synset members
            if not synsets:
                raise ValueError(f"{where}: synset member {text!r} before any &LABEL line")
            member = word_parts(text.split("#")[0].strip())
            list(synsets.values())[-1][1].append(render_term(Written(member, braced=len(member) > 1)))
        elif block := _BLOCK.match(text):
            blocks.append(_Block(block.group("name"), block.group("code") or NULL_CODE))
        elif text.startswith("---") or not blocks:
            raise ValueError(f"{where}: expected a block line '---  NAME  [CODE]  ---' first, got {text!r}")
        elif text.startswith("-"):
            _add_pattern(blocks[-1], text, number, synsets=synsets, codebook=codebook, conversion=conversion,
                         where=where)
        else:
            lemma, phrase, code, forms = _verb(text, where)
            conversion.counts["verb lines"] += 1
            conversion.counts["irregular-form lists ignored"] += forms
            # A verb's default is its own [code] only: a block's code names the block's theme ("ENACT [060]"
            # for constitute, serve, enact …) and, read as every member's default, coded "constitute" and "serve"
            # as material cooperation in 1 of 4 UN-speech events with two actors. The block's patterns stay.
            blocks[-1].verbs.append((lemma, phrase, code or NULL_CODE, number))
    return synsets, blocks


def convert(source: str | os.PathLike, *, codebook: str | os.PathLike | None = None) -> Conversion:
    """The rows of analysis/data/petrarch_verbs.tsv from a PETRARCH2 verb dictionary (its format: PETRARCH2's
    dictionaries.rst, "Verb Dictionary")."""
    known, conversion = load_codebook(codebook), Conversion()
    with open(source, encoding="utf-8") as handle:
        synsets, blocks = _read_source(handle.read().splitlines(), source=str(source), codebook=known,
                                       conversion=conversion)
    rows = [[name, "", "", "", "", "", " ".join(members), "", str(line)] for name, (line, members) in synsets.items()]
    first: dict[tuple[str, str], tuple[int, str]] = {}
    for block in blocks:
        for lemma, phrase, code, line in block.verbs:
            if (lemma, phrase) in first:
                conversion.left_out.append((line, "verb {} already in block {} (line {}); PETRARCH keeps the "
                                                  "first".format(phrase or lemma, *first[lemma, phrase][::-1])))
                continue
            first[lemma, phrase] = (line, block.name)
            code = _resolve_code(code, known, conversion, f"{source}:{line}")
            rows.append([lemma, phrase, *code, "", "", "", "", str(line)])
            rows += [[lemma, phrase, *pattern] for pattern in block.patterns]
    conversion.counts.update({"synsets": len(synsets), "blocks": len(blocks), "verbs": len(first),
                              "patterns": sum(len(block.patterns) for block in blocks),
                              "codes remapped": len(conversion.remapped), "rows": len(rows)})
    conversion.rows, conversion.left_out = rows, sorted(conversion.left_out)
    return conversion


# ----------------------------------------------------------------------------------------- data file

_HEADER = """\
# PETRARCH2's open CAMEO verb dictionary, as data for analysis/petrarch.py (load_verb_dictionary) and
# analysis/petrarch_match.py (match_verb).
#
# What this holds: every verb of PETRARCH2's verb synonym blocks with its default CAMEO code (its row without
#   conditions), then a row per pattern of its block (a block's patterns apply to each of its verbs): words
#   the verb's subject, particles, object and prepositional phrases must have for the pattern's code to
#   replace the default. Rows whose verb starts with "&" define the synonym sets (synsets) patterns name.
#
# Where it comes from: {origin}.
#   The dictionary's own header carries the same MIT terms (Copyright (c) 2015 Open Event Data Alliance).
#   Licence, the repository's LICENSE file:
#
{license}
#
# Columns (tab-separated; an empty cell is no condition)
#   verb       the verb's lemma, lower case, as spaCy's lemmatizer gives it ("rush"); "&name" on a synset row.
#   phrase     a multi-word verb, its verb word marked "+" ("+ask for", "wire +tap"): its other words must be
#              children of the verb (a particle, a preposition) or, before it, the tokens just before.
#   code       the CAMEO code (analysis/data/cameo_codebook.csv); --- : no event (a stop pattern; on a
#              default row, a verb that is an event only through a pattern).
#   swapped    1: the event runs from the target to the source (source code [:173]); else 0.
#   subject    words the verb's subject (nsubj; in the passive its "by" phrase) must have.
#   particles  words the verb must carry as a particle or adverb ("out", "down").
#   object     nouns that must each head an object of the verb (dobj, passive subject, attr, oprd, acomp, or the
#              "of" phrase of one: "a series of attacks").
#   preps      (preposition nouns…) on the verb, on an object or on another phrase's noun; "by/with" allows
#              either preposition; "(to)" needs only the preposition.
#   line       the source line: of the pattern; of the verb on a default row; of the label on a synset row.
#   Words: a bare word must be a head (compared with its lemma and lower-case text); {{a b c}} needs head c with
#   a and b in its phrase; &name is any member of that synset (members written the same way, on its row).
#   A verb's patterns are tried with the most words required first, then the most nouns (PETRARCH tries nouns
#   before prepositions), then in file order.
#
# How it was converted: `python -m analysis.petrarch convert CAMEO.2.0.txt` (writes this file).
{conversion}
{counts}
#
# What was left out (source line: reason)
{left_out}
#
# How to extend: add rows with these columns (a new verb needs its default row, empty subject, particles,
#   object and preps, and a row per pattern; a new synset its "&name" row), then run
#   `.venv/bin/python -m pytest tests/test_petrarch.py`: it loads this file (a malformed row fails with its line
#   number; every code must be in the codebook). Re-running the converter overwrites hand edits.
"""
_CONVERSION = """Words lower case; PETRARCH's position markers $ + ^ % dropped; WORD_WORD read as {{word word}}.
After the verb, bare particles ({particles}) go to `particles`; a bare preposition opens a prep phrase with the
words after it ("- * SANCTIONS AGAINST" → object sanctions, preps (against); "- * ON TRIP" → (on trip)). Paired
codes [042:043] keep the first (source → target); [:173] keeps the second with swapped = 1. Codes missing from
the codebook are replaced by their longest prefix in it: {remapped}. Verb transformations (lines starting with
~) are out of scope and left out. Plurals: PETRARCH generates regular plurals of synset words; this file does
not, as the matcher compares every word with a token's lemma as well as its text (so the no-plural mark, a
trailing "_", is dropped). Irregular verb forms {{…}} are not kept either: the matcher compares lemmas. A verb's
default code is the code on its own line; a verb without one gets "---" (an event only through a pattern), not
its block's code: a block's code names the block's theme, and as a default it codes most of the block's common
verbs wrongly ("constitute" and "serve" under ENACT [060] as material cooperation)."""


_wrapped = functools.partial(textwrap.fill, width=112, initial_indent="#   ", subsequent_indent="#   ")


def render_header(conversion: Conversion, *, origin: str, license_text: str) -> str:
    remapped = ", ".join(f"{code} → {into}" for code, into in sorted(conversion.remapped.items())) or "none"
    return _HEADER.format(
        origin=origin, license="\n".join(f"#   {line}".rstrip() for line in license_text.strip().splitlines()),
        conversion=_wrapped(_CONVERSION.format(particles=", ".join(sorted(PARTICLES)), remapped=remapped)),
        counts=_wrapped("Counts: " + ", ".join(f"{value} {name}" for name, value in conversion.counts.items())),
        left_out="\n".join(f"#   {line}: {reason}" for line, reason in conversion.left_out) or "#   nothing")


def write_verbs(conversion: Conversion, out: str | os.PathLike, *, origin: str, license_text: str) -> None:
    with open(out, "w", encoding="utf-8", newline="") as handle:
        handle.write(render_header(conversion, origin=origin, license_text=license_text))
        writer = csv.writer(handle, dialect=TSV)
        writer.writerow(COLUMNS)
        writer.writerows(conversion.rows)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis.petrarch", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("convert", help="a PETRARCH2 verb dictionary → the tab-separated data file")
    command.add_argument("source", type=Path, help="the dictionary, e.g. CAMEO.2.0.txt")
    command.add_argument("--out", type=Path, default=VERBS_PATH, help="default: %(default)s")
    command.add_argument("--license", type=Path, help="its licence, quoted in the header (default: LICENSE "
                                                      "beside the source)")
    command.add_argument("--origin", default=ORIGIN, help="repository, path and commit (default: %(default)s)")
    command.add_argument("--codebook", type=Path, default=CODEBOOK_PATH, help="default: %(default)s")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    license_path = arguments.license or arguments.source.parent / "LICENSE"
    if not license_path.is_file():
        raise SystemExit(f"--license {license_path}: no such file; the header must quote the source's licence")
    conversion = convert(arguments.source, codebook=arguments.codebook)
    write_verbs(conversion, arguments.out, origin=arguments.origin,
                license_text=license_path.read_text(encoding="utf-8"))
    for name, value in conversion.counts.items():
        print(f"{value:>7}  {name}")
    print(f"{len(conversion.left_out):>7}  source lines left out (listed in the header of {arguments.out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
