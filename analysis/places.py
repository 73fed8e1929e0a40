"""Places of a state: the cities, provinces and regions PETRARCH2's Phoenix country dictionary lists under each
state, converted into analysis/data/phoenix_places.tsv, and the state a place mention lies in.

    python -m analysis.places convert ../shared/reference/petrarch2 [--out analysis/data/phoenix_places.tsv]

Event coders code a place by its state ("shelled Aleppo" is an act on Syria, "the Marines occupied
Tegucigalpa" one on Honduras): Phoenix.Countries.actors.txt lists, under each state's entry ("AFGHANISTAN_
[AFG]"), its other names, its demonyms, and its capital, cities and provinces ("+KABUL_", "+KANDAHAR_",
"+HELMAND"). The converter keeps every such synonym of one state (names under two states are left out: they
tell no state); the actors module (analysis/actors.py) asks `state_of` only for a name the knowledge base does
not resolve and the NER labels a place (GPE, LOC, FAC), and gives the state as the mention's `country`. The
event reader (analysis/events) codes such a place as its state where an act done on a territory is done to it
(`territorial_roots` of event_patterns.yaml); a place is never a doer.
"""

from __future__ import annotations

import argparse
import collections
import functools
import re
import sys
from pathlib import Path

PLACES_PATH = Path(__file__).resolve().parent / "data" / "phoenix_places.tsv"
SOURCE = "Phoenix.Countries.actors.txt"
SOURCE_NOTE = f"openeventdata/petrarch2, petrarch2/data/dictionaries/{SOURCE}, commit 676801cd"
STATE_CODE = re.compile(r"^[A-Z]{3}$")
# A synonym written as a plain name: no brackets ("AMERICA_(US)_"), digits or other markup
PLAIN_NAME = re.compile(r"^[A-Z][A-Z'.\-]*(?:_[A-Z][A-Z'.\-]*)*_?$")

HEADER = """# Places of a state: cities, provinces, regions and other names of a state, for the state a place mention lies in.
#
# What this holds: one line per name (as news text writes it) and the ISO3 code of the state it is listed under.
#
# Source: {source}, converted by `python -m analysis.places convert` (analysis/places.py): the synonyms ("+")
# of each entry whose only code is a state's ("AFGHANISTAN_ [AFG]"), plain names only; a name listed under two
# states is left out. The knowledge base wins over a line here: a name it resolves is that actor.
# To extend: add a line (name, TAB, ISO3); to refresh from the source, run the converter.
#
# The MIT License (MIT)
#
# Copyright (c) 2014 Open Event Data Alliance
#
# Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
# associated documentation files (the "Software"), to deal in the Software without restriction, including
# without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
# copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
# following conditions:
#
# The above copyright notice and this permission notice shall be included in all copies or substantial
# portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
# LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
# EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN
# AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE
# OR OTHER DEALINGS IN THE SOFTWARE.
#
# name\tstate
"""


def convert(text: str) -> dict[str, str]:
    """{name as written → ISO3} from the text of Phoenix.Countries.actors.txt."""
    from analysis.phoenix import cased, entries

    states_of: dict[str, set[str]] = collections.defaultdict(set)
    written: dict[str, str] = {}
    for _name, synonyms, roles in entries(text):
        if len(roles) != 1 or not STATE_CODE.match(roles[0]):
            continue  # persons ("[AFGGOV 011222-041207]") and blocks of several codes
        for synonym in synonyms:
            if not PLAIN_NAME.match(synonym):
                continue
            name = cased(word for word in synonym.strip("_").split("_") if word)
            key = _key(name)
            states_of[key].add(roles[0])
            written.setdefault(key, name)
    return {written[key]: states.pop() for key, states in sorted(states_of.items()) if len(states) == 1}


def write(places: dict[str, str], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER.format(source=SOURCE_NOTE))
        for name, state in sorted(places.items(), key=lambda item: (item[1], item[0])):
            handle.write(f"{name}\t{state}\n")


def _key(name: str) -> str:
    from analysis.knowledge import _fold

    return _fold(name)


@functools.lru_cache(maxsize=2)
def load(path: str | Path = PLACES_PATH) -> dict[str, str]:
    """{folded name → ISO3} of the converted file (empty when it is absent: the kit then codes no place)."""
    path = Path(path)
    if not path.is_file():
        return {}
    places = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        name, separator, state = line.partition("\t")
        if not separator or not STATE_CODE.match(state.strip()):
            raise ValueError(f"{path}:{number}: expected 'name<TAB>ISO3', got {line!r}")
        places[_key(name.strip())] = state.strip()
    return places


def state_of(name: str, *, path: str | Path = PLACES_PATH) -> str | None:
    """The ISO3 code of the state the place `name` lies in ("Kandahar" → "AFG"), or None. A leading "the" is
    ignored ("the Punjab")."""
    places = load(path)
    key = _key(name.strip())
    if key.startswith("the "):
        key = key[4:]
    return places.get(key)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("convert", help=f"{SOURCE} → phoenix_places.tsv")
    command.add_argument("folder", type=Path)
    command.add_argument("--out", type=Path, default=PLACES_PATH)
    arguments = parser.parse_args(argv)
    source = arguments.folder / SOURCE
    if not source.is_file():
        parser.error(f"{arguments.folder} lacks {SOURCE} (it lives in ../shared/reference/petrarch2)")
    places = convert(source.read_text(encoding="utf-8", errors="replace"))
    write(places, arguments.out)
    print(f"{len(places)} names of {len(set(places.values()))} states → {arguments.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
