"""A project folder's `project.yaml` → a `Project`: where the documents, tables and reports live, and its settings.

A project is a folder holding `project.yaml`, for example the kit's own, for the sample corpus:

    corpus: seeds                 # the documents (read recursively)                       required
    data: data                    # the data folder the tables are built into               default: data
    reports: reports              # exported charts, executed notebooks, index.html         default: reports
    actors: []                    # extra actor knowledge-base YAML files                   default: [] (null too)
    corrections: corrections.yaml # the analyst's corrections (the file may not exist yet)  default: corrections.yaml
    period: year                  # the stance period: year, 5y, decade or changepoints     default: year
    years: null                   # the notebooks' year range, [1979, 2025]; null: the data's  default: null

Paths are relative to the project folder (absolute ones and `~` work too); `Project` holds them
absolute. Nothing is checked to exist on loading: the build says when the corpus is missing.
Every entry point reads it: `python -m analysis build|export|check --project DIR`,
`python -m analysis.report --project DIR`, `make … PROJECT=DIR` and the notebooks' `PROJECT`
parameter (`load_project(PROJECT)`); explicit folders given to them win over the project's (`override`).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PROJECT_FILE = "project.yaml"
REQUIRED_KEYS = ("corpus",)
DEFAULTS: dict[str, Any] = {
    "data": "data", "reports": "reports", "actors": [], "corrections": "corrections.yaml", "period": "year", "years": None,
}
KEYS = (*REQUIRED_KEYS, *DEFAULTS)
PATH_KEYS = ("corpus", "data", "reports", "corrections")
# The year range when neither the project nor the data has one: the one charts.event_timeline draws by default.
FALLBACK_YEARS = (1979, 2025)


class ProjectError(ValueError):
    """A project file that is missing, is no YAML mapping, or has a key that is unknown, missing or of the wrong type."""


@dataclass(frozen=True)
class Project:
    """One project: its folder and file, and the settings of its `project.yaml` with every path absolute.

    `actors` are the extra knowledge-base files (empty: only the kit's own), `corrections` the
    corrections file (it may not exist yet), `period` the stance period of the build (as
    `build --period`) and `years` the notebooks' `(start, end)` year range (None: from the data)."""

    folder: Path
    file: Path
    corpus: Path
    data: Path
    reports: Path
    actors: tuple[Path, ...]
    corrections: Path
    period: str
    years: tuple[int, int] | None

    def override(
        self,
        *,
        corpus: str | os.PathLike | None = None,
        data: str | os.PathLike | None = None,
        reports: str | os.PathLike | None = None,
        actors: list[str | os.PathLike] | tuple[str | os.PathLike, ...] | None = None,
        period: str | None = None,
        years: list[int] | tuple[int, int] | None = None,
        corrections: str | os.PathLike | None = None,
    ) -> Project:
        """This project with every value that is not None replaced; paths given here are the caller's (relative to
        the current folder), as a command line's flags or a notebook's parameters are."""
        source = "the override"
        changes: dict[str, Any] = {}
        for key, value in (("corpus", corpus), ("data", data), ("reports", reports), ("corrections", corrections)):
            if value is not None:
                changes[key] = Path(_path(key, value, source)).expanduser()
        if actors is not None:
            changes["actors"] = tuple(Path(path).expanduser() for path in _actors(actors, source))
        if period is not None:
            changes["period"] = _period(period, source)
        if years is not None:
            changes["years"] = _years(years, source)
        return dataclasses.replace(self, **changes)

    def build_options(self) -> dict[str, Any]:
        """The keyword arguments of `analysis.build` this project sets."""
        return {"period": self.period, "actor_files": [str(path) for path in self.actors],
                "corrections": str(self.corrections)}

    def load_tables(self, *, progress: bool = False):
        """The tables of the data folder, built first from the corpus (with the project's options) when it has none."""
        import analysis

        if not analysis.has_tables(self.data):
            analysis.build(self.corpus, self.data, progress=progress, **self.build_options())
        return analysis.load_tables(self.data)

    def year_range(self, tables=None) -> tuple[int, int]:
        """The project's `years`, else the years of `tables` (`data_years`)."""
        return self.years if self.years is not None else data_years(tables)


def data_years(tables=None) -> tuple[int, int]:
    """The years where the dates of the documents and events of `tables` cluster, a few far-off dates left out
    (`analysis.charts.ranges.robust_years`: a 2001–2008 news corpus recalling 1815 once gives 2001–2008);
    without any date, FALLBACK_YEARS."""
    if tables is None:
        return FALLBACK_YEARS
    import pandas as pd

    from analysis.charts.ranges import robust_years

    found = robust_years(pd.concat([tables.documents["date"], tables.events["date"]]), fallback=FALLBACK_YEARS)
    return found.first, found.last


def project_file(folder_or_file: str | os.PathLike | None = None) -> Path:
    """The project file meant by `folder_or_file`: a folder's project.yaml, a file itself, None: the current folder's."""
    path = Path(folder_or_file).expanduser() if folder_or_file is not None else Path.cwd()
    return path / PROJECT_FILE if path.is_dir() or path.suffix not in (".yaml", ".yml") else path


def load_project(folder_or_file: str | os.PathLike | None = None) -> Project:
    """The `Project` of a folder's project.yaml, of a project file given by its path, or (None) of the current folder.

    Required key: `corpus`. Optional keys and their defaults: `data: data`, `reports: reports`, `actors: []`,
    `corrections: corrections.yaml`, `period: year`, `years: null` (see the module docstring). Raises ProjectError
    naming the file and the key when the file is missing or unreadable, a key is unknown or missing, or a value
    has the wrong type."""
    file = project_file(folder_or_file).resolve()
    if not file.is_file():
        raise ProjectError(f"no project file {str(file)!r}: a project folder holds {PROJECT_FILE} "
                           f"(with at least `corpus: FOLDER`; see analysis.project)")
    try:
        settings = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ProjectError(f"{file}: cannot be read as YAML: {error}") from error
    return project_from(settings, folder=file.parent, file=file)


def project_from(settings: Any, *, folder: str | os.PathLike, file: str | os.PathLike | None = None) -> Project:
    """The `Project` of the `settings` mapping (as read from project.yaml), its relative paths taken from `folder`."""
    folder = Path(folder).expanduser().resolve()
    file = Path(file) if file is not None else folder / PROJECT_FILE
    source = str(file)
    if not isinstance(settings, dict):
        kind = "empty" if settings is None else f"a {type(settings).__name__}, not a mapping of keys"
        raise ProjectError(f"{source}: the project file is {kind}; it needs at least the key 'corpus' "
                           f"(allowed keys: {', '.join(KEYS)})")
    unknown = [str(key) for key in settings if key not in KEYS]
    if unknown:
        raise ProjectError(f"{source}: unknown key {', '.join(map(repr, unknown))}; allowed keys: {', '.join(KEYS)}")
    missing = [key for key in REQUIRED_KEYS if key not in settings]
    if missing:
        raise ProjectError(f"{source}: the key {missing[0]!r} is missing; it names the documents folder, e.g. `corpus: documents`")
    values = {**DEFAULTS, **settings}

    def located(value: str | os.PathLike) -> Path:
        return folder / Path(value).expanduser()

    paths = {key: located(_path(key, values[key], source)) for key in PATH_KEYS}
    return Project(
        folder=folder,
        file=file,
        actors=tuple(located(path) for path in _actors(values["actors"], source)),
        period=_period(values["period"], source),
        years=None if values["years"] is None else _years(values["years"], source),
        **paths,
    )


def _wrong(source: str, key: str, value: Any, allowed: str) -> ProjectError:
    return ProjectError(f"{source}: the key {key!r} is {value!r} ({type(value).__name__}); allowed: {allowed}")


def _path(key: str, value: Any, source: str) -> str:
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str) or not value.strip():
        raise _wrong(source, key, value, "a folder or file path (text), relative to the project folder")
    return value


def _actors(value: Any, source: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise _wrong(source, "actors", value, "a list of knowledge-base YAML files, e.g. [my_actors.yaml], or []")
    return [_path(f"actors[{index}]", item, source) for index, item in enumerate(value)]


def _period(value: Any, source: str) -> str:
    from analysis.reversals import PERIODS  # imported when needed: `import analysis` stays quick

    if not isinstance(value, str) or value not in PERIODS:
        raise _wrong(source, "period", value, ", ".join(PERIODS))
    return value


def _years(value: Any, source: str) -> tuple[int, int]:
    allowed = "[start, end], two whole years with start ≤ end, e.g. [1979, 2025]; or null for the data's years"
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise _wrong(source, "years", value, allowed)
    if any(isinstance(year, bool) or not isinstance(year, int) for year in value) or value[0] > value[1]:
        raise _wrong(source, "years", value, allowed)
    return int(value[0]), int(value[1])
