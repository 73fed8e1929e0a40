"""The two commands of the README: `make lab` stays bound to this machine with token auth, CI runs `make test`."""

from __future__ import annotations

import re

from conftest import ROOT


def recipe(target: str) -> str:
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.M)
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
    """JupyterLab starts kernels in notebooks/; `make install` puts the project on the venv's path."""
    import os
    import subprocess
    import sys

    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-c", "import analysis"], cwd=ROOT / "notebooks", env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
