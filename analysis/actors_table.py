"""The actors table from the mentions that found each actor (`actor_record`: name, kind, country, aliases), and
the views of it an analyst filters by: the geopolitical actors only (`geopolitical`, `geopolitical_ids`) and the
discovered persons spelt as variants of one another (`person_variants`). Mention finding is analysis/actors.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from analysis import variants
from analysis.actors import discovered_kind

if TYPE_CHECKING:  # pandas is imported where tables are made
    import pandas as pd

    from analysis.knowledge import Actor, KnowledgeBase


def actor_record(actor: Actor | None, actor_id: str, texts: Sequence[str], labels: Sequence[str],
                 countries: Sequence[str] = ()) -> dict:
    """Name, kind, country and aliases of an actor for the actors table, from the knowledge base when it
    lists the actor, else from the mentions that found it (the longest text is the name; the commonest
    country their titles name, "the British Defence Secretary, <name>", is the country)."""
    seen = sorted(set(texts), key=lambda text: (-texts.count(text), text))
    if actor is not None:
        aliases = list(dict.fromkeys([*actor.aliases, *(text for text in seen if text != actor.name)]))
        return {"actor_id": actor_id, "name": actor.name, "kind": actor.kind, "country": actor.country, "aliases": aliases}
    name = max(seen, key=len)
    # the commonest label, ties broken by name: a set's order changes from run to run with string hashing
    label = min(set(labels), key=lambda label: (-list(labels).count(label), label))
    countries = [country for country in countries if country]
    country = min(set(countries), key=lambda country: (-countries.count(country), country)) if countries else None
    kind = discovered_kind(label, name)
    return {"actor_id": actor_id, "name": name, "kind": kind, "country": country if kind == "person" else None,
            "aliases": seen}


# Kinds of actor that act in international politics by what they are; persons and organisations do when the
# knowledge base lists them or their title names a state ("the British Defence Secretary"), places never.
GEOPOLITICAL_KINDS = ("state", "government", "armed_group", "igo")


def geopolitical(actors: pd.DataFrame, *, knowledge_base: KnowledgeBase | None = None) -> pd.Series:
    """Whether each row of an actors table is a geopolitical actor (a boolean Series on its index): states,
    governments, armed groups and intergovernmental bodies; persons with a country (office holders of the
    knowledge base, persons a title ties to a state); organisations the knowledge base lists. Not commentators,
    newspapers, prisons or companies the NER found and nothing ties to a state, not places.
    `charts.actor_ranking(tables, actors=geopolitical_ids(tables.actors))` ranks only these."""
    import pandas as pd

    missing = [column for column in ("actor_id", "kind", "country") if column not in actors.columns]
    if missing:
        raise ValueError(f"actors table lacks column(s) {missing}; expected the actors table (analysis.tables)")
    if knowledge_base is None:
        from analysis.knowledge import load_knowledge_base

        knowledge_base = load_knowledge_base()
    kinds = actors["kind"].astype("object")
    known = actors["actor_id"].astype("object").map(lambda actor_id: actor_id in knowledge_base)
    with_country = actors["country"].notna()
    result = kinds.isin(GEOPOLITICAL_KINDS) | ((kinds == "person") & with_country) | ((kinds == "organization") & known)
    return pd.Series(result.to_numpy(dtype=bool), index=actors.index, name="geopolitical")


def geopolitical_ids(actors: pd.DataFrame, *, knowledge_base: KnowledgeBase | None = None) -> list[str]:
    """The ids of the geopolitical actors of an actors table (see `geopolitical`), in the table's order."""
    return [str(actor_id) for actor_id in actors.loc[geopolitical(actors, knowledge_base=knowledge_base), "actor_id"]]


def person_variants(actors: pd.DataFrame, *, knowledge_base: KnowledgeBase | None = None) -> dict[str, str]:
    """Across an actors table: each discovered person (not in the knowledge base) whose name is a spelling variant
    of another discovered person's ("Arno Velekoop" of "Arno Vellekoop", analysis/variants.py) → the id it joins,
    the more mentioned one. For `corrections.yaml` merges or a review; the tables themselves are left as built."""
    if knowledge_base is None:
        from analysis.knowledge import load_knowledge_base

        knowledge_base = load_knowledge_base()
    persons = actors[(actors["kind"].astype("object") == "person")
                     & ~actors["actor_id"].astype("object").map(lambda actor_id: actor_id in knowledge_base)]
    if "n_mentions" in persons.columns:
        persons = persons.sort_values("n_mentions", ascending=False, kind="stable")
    return variants.variants_of(zip(persons["actor_id"].astype("object"), persons["name"].astype("object")))
