"""The charts' options, checked against their declared vocabularies: a wrong value is an error naming the allowed ones."""

from __future__ import annotations

import numpy as np

from analysis.tables import Tables


CHARTS = ("ranking", "network", "timeline", "heatmap", "motives", "reversal")
PERIODS = ("year", "5y", "decade")
TIMELINE_ROWS = ("dyad", "source")
CAMEO_ROOTS = tuple(f"{number:02d}" for number in range(1, 21))


def check_tables(tables) -> None:
    if not isinstance(tables, Tables):
        raise TypeError(f"tables must be an analysis.Tables (from analysis.load_tables), not {type(tables).__name__}")


def ids_option(name: str, values) -> tuple[str, ...] | None:
    """Actor ids as a tuple: None means "no filter", an empty tuple "no actor at all"."""
    if values is None:
        return None
    if isinstance(values, str):
        values = (values,)
    try:
        ids = tuple(str(value) for value in values)
    except TypeError:
        raise TypeError(f"{name}={values!r} is not a list of actor ids; allowed: None or ids such as ['RUS', 'taliban']") from None
    return ids


def choices_option(name: str, values, allowed: tuple, *, normalise=lambda value: value) -> tuple | None:
    """`values` checked against the declared vocabulary `allowed`; None means "no filter", empty "none"."""
    if values is None:
        return None
    if isinstance(values, (str, int)):
        values = (values,)
    chosen = tuple(normalise(value) for value in values)
    unknown = [value for value in chosen if value not in allowed]
    if unknown:
        raise ValueError(f"{name}={list(values)!r} has unknown value(s) {unknown}; allowed: {', '.join(map(str, allowed))}")
    return chosen


def root_code(value) -> str:
    text = str(value).strip()
    return text.zfill(2) if text.isdigit() else text


def quad_number(value):
    return int(value) if isinstance(value, str) and value.strip().isdigit() else value


def check_int(name: str, value, *, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name}={value!r} is not allowed; allowed: an integer ≥ {minimum}")


def check_one(name: str, value, allowed: tuple) -> None:
    if value not in allowed:
        raise ValueError(f"{name}={value!r} is not allowed; allowed: {', '.join(map(repr, allowed))}")


def year_option(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name}={value!r} is not a year; allowed: an integer year such as 1979")
    return int(value)
