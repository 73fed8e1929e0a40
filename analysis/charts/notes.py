"""What a chart says about itself in words: the note under its title (the years it covers, what it
leaves out) and, when it is empty, why — phrased from the filters it was given."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import matplotlib
import pandas as pd

from analysis.tables import Tables
from analysis.charts.common import actor_info, actor_names

NOTE_SIZE = 8.5  # points: below the title's 12, above the source note's 7.5
NAMED_ACTORS = 3  # an empty chart names this many chosen actors, then counts the rest
NO_ACTOR = "no actor is chosen"


def title_with_note(ax, title: str, notes) -> None:
    """`title` over the axes and, between it and the axes, the non-empty `notes`, one to a line,
    each wrapped to about 60% of the figure's width. The title is lifted by the note's height:
    matplotlib places a title above the axis' ticks, not above texts, so it would print over the note."""
    width = max(int(ax.figure.get_size_inches()[0] * 72 * 0.6 / (NOTE_SIZE * 0.55)), 40)
    lines = [line for note in notes if note for line in textwrap.wrap(note, width=width)]
    gap = 5  # points between the axes and the note
    pad = matplotlib.rcParams["axes.titlepad"]
    ax.set_title(title, pad=pad + (len(lines) * NOTE_SIZE * 1.3 + gap if lines else 0))
    if lines:
        ax.annotate("\n".join(lines), xy=(0, 1), xycoords="axes fraction", xytext=(0, gap), textcoords="offset points",
                    ha="left", va="bottom", fontsize=NOTE_SIZE, color="#555555", linespacing=1.15,
                    in_layout=False)  # the lifted title keeps its height; its width may pass the axes' end


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun if count == 1 else noun + 's'}"


def actor_list(tables, actors) -> str:
    """"Russia or Taliban" for chosen actor ids (their names when the actors table has them)."""
    names = list(actor_names(pd.Series(list(actors), dtype="object"), actor_info(tables)))
    if len(names) > NAMED_ACTORS + 1:
        names = names[:NAMED_ACTORS] + [plural(len(names) - NAMED_ACTORS, "other actor")]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def involving(tables, actors) -> str:
    """"involving Russia or Taliban", or "" when no actor is chosen."""
    return "" if actors is None else "involving " + actor_list(tables, actors)


def none_chosen(actors) -> bool:
    """An empty actor list matches nothing: the chart says so rather than "no events"."""
    return actors is not None and len(actors) == 0


@dataclass(frozen=True)
class EventFilters:
    """The options that chose a chart's events, to say in words which ones an empty chart looked for."""

    actors: tuple | None
    roots: tuple | None
    quad_classes: tuple | None
    start: int | None
    end: int | None
    by: str

    def which(self, tables: Tables) -> str:
        """"of CAMEO root 19 and quad class 4 involving Russia", or "" with no filter."""
        kinds = [words for words in (_codes("CAMEO root", self.roots), _codes("quad class", self.quad_classes, "es")) if words]
        return " ".join(filter(None, ["of " + " and ".join(kinds) if kinds else "", involving(tables, self.actors)]))


def _codes(noun: str, codes, plural_ending: str = "s") -> str:
    """"CAMEO roots 05, 19" for chosen codes, "" for no filter."""
    if codes is None:
        return ""
    return f"{noun}{'' if len(codes) == 1 else plural_ending} {', '.join(map(str, codes))}"
