"""The two commands of the README: `make lab` stays bound to this machine with token auth, CI runs `make test`;
`make install` installs the kit as a package (pyproject.toml), and every target reads the project of PROJECT=."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import analysis
from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def recipe(target: str) -> str:
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert match, f"Makefile has no {target} target"
    return match.group(1)


def test_lab_binds_to_localhost_and_keeps_token_auth():
    lab = recipe("lab")
    assert "--ServerApp.ip=127.0.0.1" in lab
    assert not re.search(r"token=(''|\"\"|\s|$)|password=|disable_check_xsrf|--ip=0\.0\.0\.0", lab)


def test_lab_builds_the_tables_first():
    assert re.search(r"^lab: build", (ROOT / "Makefile").read_text(), re.M)


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), re.M)


def test_install_checks_hashes():
    assert "--require-hashes" in (ROOT / "Makefile").read_text()


def test_notebook_kernels_can_import_the_kit_from_the_notebooks_folder():
    """JupyterLab starts kernels in notebooks/; `make install` installs the kit into the venv (editable)."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-c", "import analysis"], cwd=ROOT / "notebooks", env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# ─── The kit as a package ─────────────────────────────────────────────────────────────────


def test_install_is_an_editable_install_with_the_pinned_build_backend():
    install = recipe("$(STAMP)")
    assert "pip install --quiet --require-hashes --no-deps -r requirements.txt" in install
    assert "pip install --quiet --no-deps --no-build-isolation -e ." in install
    assert install.index("-r requirements.txt") < install.index("-e .")  # setuptools comes from the lock first
    assert ".write_text(" not in install, "the kit is installed by pip, not put on the path by a hand-written .pth file"
    assert re.search(r"^\$\(STAMP\): requirements.txt pyproject.toml$", (ROOT / "Makefile").read_text(), re.M)


def test_pyproject_builds_the_analysis_package_with_its_version_data_and_console_script():
    assert PYPROJECT["build-system"]["build-backend"] == "setuptools.build_meta"
    project = PYPROJECT["project"]
    assert project["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "analysis.__version__"}
    assert project["scripts"] == {"analysis-kit": "analysis.cli:main"}
    assert "data/*" in PYPROJECT["tool"]["setuptools"]["package-data"]["analysis"]


def _package_files() -> set[str]:
    """Every module and rule file of the analysis package on disk, as paths inside a wheel."""
    package = ROOT / "analysis"
    return {
        path.relative_to(ROOT).as_posix() for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith(".")
        and (path.suffix == ".py" or (package / "data") in path.parents)
    }


@pytest.mark.slow
def test_the_wheel_carries_every_module_and_rule_file_and_the_console_script(tmp_path):
    """Built from a copy (setuptools writes build/ and *.egg-info beside the sources), offline: nothing fetched."""
    source = tmp_path / "source"
    shutil.copytree(ROOT / "analysis", source / "analysis", ignore=shutil.ignore_patterns("__pycache__", ".*"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    environment = {**os.environ, "PIP_NO_INDEX": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"), str(source)],
        capture_output=True, text=True, timeout=600, env=environment,
    )
    assert result.returncode == 0, result.stderr
    [wheel] = (tmp_path / "dist").glob("*.whl")
    assert wheel.name == f"analysis_kit-{analysis.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read(f"analysis_kit-{analysis.__version__}.dist-info/entry_points.txt").decode()
    expected = _package_files()
    assert {name for name in expected if name.startswith("analysis/data/")}, "no rule files found under analysis/data"
    assert expected <= names, sorted(expected - names)
    assert "analysis-kit = analysis.cli:main" in entry_points


# ─── Every target reads the project ───────────────────────────────────────────────────────


def test_every_target_reads_the_project_given_as_PROJECT():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^PROJECT \?= \.$", makefile, re.M)
    assert "python -m analysis build --project '$(PROJECT)'" in recipe("build")
    assert "python -m analysis export --project '$(PROJECT)'" in recipe("export")
    assert "python -m analysis.report --project '$(PROJECT)'" in recipe("report")
    assert "ANALYSIS_PROJECT=\"$$(realpath '$(PROJECT)')\"" in recipe("lab")  # the notebooks' PROJECT follows it


def test_make_build_passes_the_project_folder(tmp_path):
    """`make -n` prints the commands without running them."""
    result = subprocess.run(["make", "-n", "-o", "install", "build", f"PROJECT={tmp_path}"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"-m analysis build --project '{tmp_path}'" in result.stdout
