"""JupyterLab in a real browser: 02_actors runs all cells, the actor explorer renders, and a new actor
selection redraws its chart.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright; nothing is downloaded. Without
Chromium or Playwright the test skips and says how to install them. Screenshots go to
test-artifacts/ (ignored by git).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
HOW_TO_INSTALL = (
    "needs Debian's Chromium at /usr/bin/chromium and the playwright package: "
    "run `make browser` (or `apt-get install chromium`) and `make install`"
)
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTIFACTS = ROOT / "test-artifacts"
NOTEBOOK = "02_actors.ipynb"
SERVER_START_SECONDS = 60
RUN_ALL_SECONDS = 90_000  # milliseconds, Playwright's unit


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _quiet_settings(directory: Path) -> None:
    """JupyterLab user settings that keep the page still: no news and update pop-ups over the notebook."""
    notification = directory / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True, exist_ok=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture
def lab(tmp_path, seed_data):
    """JupyterLab on 127.0.0.1, a free port and a token, serving a copy of notebooks/ beside the seed tables."""
    if not CHROMIUM.exists():
        pytest.skip(f"no browser: {HOW_TO_INSTALL}")
    pytest.importorskip("playwright.sync_api", reason=HOW_TO_INSTALL)
    root = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(seed_data, tmp_path / "data", ignore=shutil.ignore_patterns(".*"))  # the notebooks' ../data
    shutil.copy(ROOT / "project.yaml", tmp_path)  # the notebooks' PROJECT = "..": its data folder is ../data
    settings = tmp_path / "jupyter" / "settings"
    _quiet_settings(settings)
    port, token = _free_port(), secrets.token_urlsafe(24)
    environment = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter" / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter" / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "jupyter" / "workspaces"),
        "IPYTHONDIR": str(tmp_path / "jupyter" / "ipython"),
        # The kernels import this checkout's `analysis`, as `make lab` provides it.
        "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
    }
    log_path = tmp_path / "jupyterlab.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [
                sys.executable, "-m", "jupyterlab", "--no-browser",
                "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                "--LabApp.extension_manager=readonly",
                *(["--allow-root"] if os.geteuid() == 0 else []),  # CI containers run as root
            ],
            stdout=log, stderr=subprocess.STDOUT, env=environment, cwd=tmp_path,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not _answers(f"{base}/api/status?token={token}"):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer on {base}:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.3)
        assert not _answers(f"{base}/api/status"), "JupyterLab answered without the token"
        yield base, token
    finally:
        # Shutting down through the API stops the kernels too; terminate is the fallback.
        request = urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST")
        try:
            urllib.request.urlopen(request, timeout=5).close()
            server.wait(timeout=15)
        except (urllib.error.URLError, ConnectionError, TimeoutError, subprocess.TimeoutExpired):
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


KERNEL_IDLE = re.compile(r"\(ipykernel\) \| Idle")
ALL_CELLS_RAN = """() => {
    const prompts = Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'), prompt => prompt.textContent.trim());
    return prompts.length > 0 && prompts.every(prompt => /^\\[\\d+\\]:$/.test(prompt));
}"""
CHART_CHANGED = """([explorer, before]) => {
    const image = explorer.querySelector('.widget-output img');
    return image !== null && image.getAttribute('src') !== before;
}"""


def test_actor_explorer_redraws_when_the_selection_changes(lab):
    from playwright.sync_api import expect, sync_playwright

    base, token = lab
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1600})
            page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}")
            # The notebook's own kernel (python3) must be up before Run All, or Lab asks for one.
            expect(page.locator(".jp-StatusBar-TextItem", has_text=KERNEL_IDLE).first).to_be_visible(timeout=60_000)

            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
            page.wait_for_function(ALL_CELLS_RAN, timeout=RUN_ALL_SECONDS)
            errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
            assert errors.count() == 0, f"a cell wrote to stderr or failed:\n{errors.first.inner_text()}"

            explorer = page.locator(".jp-OutputArea-output:has(.widget-output)").first
            chart = explorer.locator(".widget-output img")
            expect(chart).to_be_visible(timeout=30_000)
            actors = explorer.locator("select[multiple]").first
            explorer.scroll_into_view_if_needed()
            before = chart.get_attribute("src")
            explorer.screenshot(path=str(ARTIFACTS / "browser-02_actors-before.png"))

            options = actors.locator("option").all_inner_texts()
            assert len(options) >= 3, f"the actor filter offers only {options}"
            chosen = options[1:3]
            actors.select_option(label=chosen)
            page.wait_for_function(CHART_CHANGED, arg=[explorer.element_handle(), before], timeout=30_000)
            after = chart.get_attribute("src")
            explorer.screenshot(path=str(ARTIFACTS / "browser-02_actors-after.png"))
            page.screenshot(path=str(ARTIFACTS / "browser-02_actors-page.png"))

            assert after.startswith("data:image/png") and after != before
            assert actors.evaluate("select => Array.from(select.selectedOptions, option => option.text)") == chosen
            # The evidence below the chart follows the selection: only sentences naming a chosen actor.
            evidence = explorer.locator("table").last.inner_text()
            assert "Taliban" in evidence or "Afghanistan" in evidence
        finally:
            browser.close()
