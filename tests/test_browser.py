"""JupyterLab in a real browser: 02_actors runs all cells, the actor explorer renders, a new actor
selection redraws its chart, the two chosen actors' dyad timeline draws and the Excel button writes the
filtered tables; corrections clicked in 02_actors (merge two actors) and 03_events_timeline
(an event is wrong) redraw the explorer and outlive a build from scratch.

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

from conftest import ROOT, SEEDS

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
EVENTS_NOTEBOOK = "03_events_timeline.ipynb"
SERVER_START_SECONDS = 60
RUN_ALL_SECONDS = 90_000  # milliseconds, Playwright's unit
CORRECTION_SECONDS = 90_000  # a click's correction: written, rebuilt (no document read again), redrawn
BUILD_SECONDS = 300


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
    """JupyterLab on 127.0.0.1, a free port and a token, serving a copy of notebooks/ in a project of its own:
    tmp_path/project.yaml with the seeds as its corpus, a copy of the seed tables as its data folder and
    tmp_path/corrections.yaml as its corrections file (never the repository's data/ or corrections)."""
    if not CHROMIUM.exists():
        pytest.skip(f"no browser: {HOW_TO_INSTALL}")
    pytest.importorskip("playwright.sync_api", reason=HOW_TO_INSTALL)
    root = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(seed_data, tmp_path / "data", ignore=shutil.ignore_patterns(".*"))  # the notebooks' ../data
    # The notebooks' PROJECT = "..": this project, its data folder ../data.
    (tmp_path / "project.yaml").write_text(f"corpus: {json.dumps(str(SEEDS))}\ndata: data\nreports: reports\n", encoding="utf-8")
    settings = tmp_path / "jupyter" / "settings"
    _quiet_settings(settings)
    port, token = _free_port(), secrets.token_urlsafe(24)
    environment = {
        # ANALYSIS_PROJECT would point the notebooks at another project than this one.
        **{name: value for name, value in os.environ.items() if name != "ANALYSIS_PROJECT"},
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
        yield base, token, tmp_path
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

    base, token, project = lab
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

            # The two chosen actors' dyad timeline, then the filtered tables as an Excel workbook.
            before = chart.get_attribute("src")
            explorer.locator("button.widget-toggle-button", has_text=re.compile(r"^\s*Dyad\s*$")).click()
            page.wait_for_function(CHART_CHANGED, arg=[explorer.element_handle(), before], timeout=30_000)
            explorer.screenshot(path=str(ARTIFACTS / "browser-02_actors-dyad.png"))
            _button(explorer, "Excel").click()
            status = explorer.locator(".widget-html", has_text="Wrote 1 file to")
            expect(status).to_be_visible(timeout=30_000)
        finally:
            browser.close()
    _check_workbook(project / "reports", chosen)


def _check_workbook(reports: Path, chosen: list[str]) -> None:
    """The explorer's Excel export: its filters sheet names the dyad chart and the two chosen actors."""
    import openpyxl

    workbooks = sorted(reports.glob("*.xlsx"))
    assert len(workbooks) == 1, f"expected one workbook in {reports}, found {workbooks}"
    book = openpyxl.load_workbook(workbooks[0], read_only=True)
    listed = {(part, name): value for part, name, value in book["filters"].iter_rows(values_only=True)}
    assert listed[("filter", "chart")] == "dyad"
    ids = [re.search(r"\(([^()]+)\)$", option).group(1) for option in chosen]  # "Russia · 11 (RUS)" → RUS
    assert all(actor in str(listed[("filter", "actors")]) for actor in ids)
    assert "events" in book.sheetnames and "mentions" in book.sheetnames


def _run_all(page, base: str, token: str, notebook: str) -> None:
    """Open `notebook` alone (a reset workspace), wait for its kernel, run every cell and check none failed."""
    from playwright.sync_api import expect

    page.goto(f"{base}/lab/tree/{notebook}?token={token}&reset")
    expect(page.locator(".jp-StatusBar-TextItem", has_text=KERNEL_IDLE).first).to_be_visible(timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    page.wait_for_function(ALL_CELLS_RAN, timeout=RUN_ALL_SECONDS)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, f"{notebook}: a cell wrote to stderr or failed:\n{errors.first.inner_text()}"


def _button(page, label: str):
    return page.locator("button.widget-button", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))


def _dropdown(page, label: str):
    return page.locator(".widget-dropdown", has=page.locator("label", has_text=re.compile(rf"^{re.escape(label)}$"))).locator("select")


def test_corrections_clicked_in_the_notebooks_outlive_a_build_from_scratch(lab, seed_tables):
    from playwright.sync_api import expect, sync_playwright

    from analysis import charts, load_tables
    from analysis import corrections as C

    base, token, project = lab
    ARTIFACTS.mkdir(exist_ok=True)
    ranking = charts.actor_ranking_data(seed_tables, top=20)
    assert len(ranking) >= 2, f"the seed ranks too few actors to merge two: {list(ranking['actor_id'])}"
    into, merged = str(ranking["actor_id"].iloc[0]), str(ranking["actor_id"].iloc[1])
    actors = seed_tables.actors.set_index("actor_id")
    label = {actor: f"{actors.loc[actor, 'name']} ({actor}, {actors.loc[actor, 'n_mentions']})" for actor in (into, merged)}
    corrections = project / "corrections.yaml"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1600})
            _run_all(page, base, token, NOTEBOOK)
            assert not corrections.exists(), "running the notebook wrote corrections before any click"
            explorer_actors = page.locator(".jp-OutputArea-output:has(.widget-output) select[multiple]").first
            expect(explorer_actors.locator("option", has_text=f"({merged})")).to_have_count(1)

            _dropdown(page, "merge").select_option(value=label[merged])
            _dropdown(page, "into").select_option(value=label[into])
            _button(page, "merge").click()
            expect(page.locator(".widget-html", has_text="merge_actors")).to_be_visible(timeout=CORRECTION_SECONDS)
            # The listener gave the explorer the rebuilt tables: the merged actor has left its list.
            expect(explorer_actors.locator("option", has_text=f"({merged})")).to_have_count(0, timeout=30_000)
            page.screenshot(path=str(ARTIFACTS / "browser-02_actors-merged.png"))
            assert [(entry.kind, entry["actor"], entry["into"]) for entry in C.read(corrections)] == [("merge_actors", merged, into)]

            _run_all(page, base, token, EVENTS_NOTEBOOK)
            wrong = _button(page, "wrong")
            expect(wrong.first).to_be_visible(timeout=30_000)
            wrong.first.scroll_into_view_if_needed()
            wrong.first.click()
            expect(page.locator(".widget-html", has_text="reject_event")).to_be_visible(timeout=CORRECTION_SECONDS)
            page.screenshot(path=str(ARTIFACTS / "browser-03_events-rejected.png"))
        finally:
            browser.close()

    made = C.read(corrections)
    assert [entry.kind for entry in made] == ["merge_actors", "reject_event"]
    rejected = made[1]["event"]
    assert rejected in set(seed_tables.events["event_id"])

    # From scratch: no tables, every document read again, the project's corrections replayed.
    shutil.rmtree(project / "data")
    environment = {name: value for name, value in os.environ.items() if not name.startswith("ANALYSIS_")}
    build = subprocess.run([sys.executable, "-m", "analysis", "build", "--project", str(project), "--workers", "1"],
                           capture_output=True, text=True, timeout=BUILD_SECONDS, env=environment, cwd=project)
    assert build.returncode == 0, build.stderr
    tables = load_tables(project / "data")
    assert merged not in set(tables.actors["actor_id"]) and merged not in set(tables.mentions["actor_id"].dropna())
    assert merged not in set(tables.events["source_id"].dropna()) | set(tables.events["target_id"].dropna())
    assert rejected not in set(tables.events["event_id"]) and rejected not in set(tables.stances["event_id"].dropna())
    assert not (tables.problems["stage"] == C.STAGE).any(), "a correction no longer applies"
    rebuilt = charts.actor_ranking_data(tables, top=20).set_index("actor_id")["n_mentions"]
    before = ranking.set_index("actor_id")["n_mentions"]
    assert merged not in rebuilt.index
    assert rebuilt[into] == before[into] + seed_tables.mentions["actor_id"].eq(merged).sum()
    assert rejected not in set(charts.event_timeline_data(tables)["event_id"])
