"""The filters of an ActorExplorer applied to its tables: the cut by years, event roots and quad classes,
the actors a chart may show, and the tables as the filters leave them (a mixin of
analysis.widgets.ActorExplorer, whose controls it reads).
"""

from __future__ import annotations

import pandas as pd

from analysis.tables import Tables, empty


class FilterCuts:
    """What the filter controls keep of `self.tables`."""

    def filters(self) -> dict:
        """The current filter values (JSON-ready)."""
        first, last = self.years.value
        return {
            "chart": self.chart_select.value, "actors": list(self.actor_select.value), "kinds": list(self.kind_select.value),
            "years": [int(first), int(last)], "min_mentions": int(self.min_mentions.value),
            "roots": list(self.root_select.value), "quad_classes": [int(quad) for quad in self.quad_select.value],
            "period": self.period_select.value,
        }

    def _window_key(self) -> tuple:
        return (*self.years.value, tuple(sorted(self.root_select.value)), tuple(sorted(self.quad_select.value)))

    def _window(self) -> Tables:
        """The tables cut to the chosen years (documents' dates for mentions and motives, events' and
        stance observations' own dates) and to the chosen event roots and quad classes."""
        return self._windows.get(self._window_key(), self._cut)

    def _whole_years(self) -> bool:
        return tuple(self.years.value) == (self._years[0], self._years[-1])

    def _kept_events(self, events: pd.DataFrame) -> pd.Series:
        """Which events the years (their own dates), the roots and the quad classes keep."""
        (first, last), full = self.years.value, self._whole_years()
        roots, quads = self.root_select.value, self.quad_select.value
        # Undated rows cannot be placed in a range of years: they count only while the range is whole.
        keep = events["date"].dt.year.between(first, last) | (events["date"].isna() & full)
        if roots:
            keep &= events["cameo_root"].isin(roots)
        if quads:
            keep &= events["quad_class"].isin(quads).fillna(False)
        return keep

    def chosen_events(self, tables: Tables | None = None) -> pd.DataFrame:
        """The events of `tables` (default: the explorer's) that the filters keep: dated in the chosen years,
        of the chosen event roots and quad classes, and with a chosen actor as source or target (any actor
        when none is chosen). Kinds and minimum mentions, which choose a chart's actors, do not apply."""
        events = (tables if tables is not None else self.tables).events
        keep = self._kept_events(events)
        chosen = list(self.actor_select.value)
        if chosen:
            keep &= (events["source_id"].isin(chosen) | events["target_id"].isin(chosen)).fillna(False)
        return events[keep]

    def _cut(self) -> Tables:
        first, last = self.years.value
        roots, quads = self.root_select.value, self.quad_select.value
        full = self._whole_years()
        if full and not roots and not quads:
            return self.tables
        tables = self.tables
        documents = tables.documents
        # Undated rows cannot be placed in a range of years: they count only while the range is whole.
        in_years = documents["date"].dt.year.between(first, last) | (documents["date"].isna() & full)
        doc_ids = documents.loc[in_years, "doc_id"]
        events = tables.events
        keep = self._kept_events(events)
        stances = tables.stances
        observed = stances["date"].dt.year.between(first, last) | (stances["date"].isna() & full)
        if roots or quads:  # only events have CAMEO codes: the observations that come from the events kept
            observed &= stances["event_id"].isin(events.loc[keep, "event_id"]).fillna(False)
        # With the whole range, every document is in: only events and observations are cut.
        by_document = {name: tables[name] if full else tables[name][tables[name]["doc_id"].isin(doc_ids)]
                       for name in ("sentences", "mentions", "timexes", "motives")}
        return Tables(
            documents=documents, problems=tables.problems, actors=tables.actors, reversals=tables.reversals, **by_document,
            events=events[keep], stances=stances[observed], dyads=self._dyads_within(first, last) if not (roots or quads) else empty("dyads"),
        )

    def _dyads_within(self, first: int, last: int) -> pd.DataFrame:
        """The built dyads whose periods lie within the years: with years the only cut, the heatmap and the
        comparison read these instead of recomputing every dyad from the observations (seconds on a
        thousand speeches). A dyad straddling a bound (a build by decades) is left out."""
        dyads = self.tables.dyads
        return dyads[(dyads["period_start"].dt.year >= first) & (dyads["period_end"].dt.year <= last)]

    def _pool(self, window: Tables) -> tuple[str, ...] | None:
        """The actors a chart may show (chosen ∩ kinds ∩ min. mentions), or None when nothing narrows them."""
        chosen, kinds, minimum = self.actor_select.value, self.kind_select.value, self.min_mentions.value
        if not chosen and not kinds and minimum <= 1:
            return None
        counts = self._results.get(("counts", self._window_key()), lambda: window.mentions["actor_id"].dropna().value_counts())
        pool = counts.index[counts.to_numpy() >= minimum]
        if kinds:
            kind_of = self.tables.actors.drop_duplicates("actor_id").set_index("actor_id")["kind"].astype("object")
            pool = pool[pd.Index(pool).map(kind_of).isin(kinds)]
        if chosen:
            pool = pool[pool.isin(chosen)]
        return tuple(str(actor) for actor in pool)

    def filtered_tables(self) -> dict[str, pd.DataFrame]:
        """The tables as the filters cut them: the years, roots and quad classes (as the charts see them),
        and the actors a chart may show (chosen, of the kinds, with the minimum mentions) — mentions,
        motives and actors of those actors, events, stances and reversals with one of them at either end."""
        window = self._window()
        pool = self._pool(window)
        frames = {name: window[name] for name in ("documents", "actors", "mentions", "events", "stances", "reversals", "motives",
                                                  "timexes", "problems")}
        if pool is not None:
            frames["actors"] = frames["actors"][frames["actors"]["actor_id"].isin(pool)]
            for name, columns in (("mentions", ["actor_id"]), ("motives", ["actor_id"]), ("events", ["source_id", "target_id"]),
                                  ("stances", ["source_id", "target_id"]), ("reversals", ["a_id", "b_id"])):
                table = frames[name]
                keep = pd.Series(False, index=table.index)
                for column in columns:
                    keep |= table[column].isin(pool).fillna(False)
                frames[name] = table[keep]
        return frames
