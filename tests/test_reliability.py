"""Reliability and safety across modules: hostile folders through the CLI, interrupted and concurrent
builds, properties of mention resolution, and what the kit must never do (unsafe loaders, writing
outside its folder, unescaped document text in HTML)."""

from __future__ import annotations

import ast
import datetime
import fcntl
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis
from analysis import actors, corpus, report, store, tables
from analysis.build import build
from conftest import ROOT, SEED
from test_build import run_cli, sorted_table

CLI = [sys.executable, "-m", "analysis", "build"]
WINDOWS_1252 = "\u201cPeace first,\u201d the minister said \u2014 the fund holds \u20ac5 million."
LATIN_1 = "Le président a visité Genève et Zürich."
HUGE_BYTES = 50 * 1024 * 1024
NESTING = 50_000


def billion_laughs(levels: int = 9) -> str:
    """YAML whose aliases expand to 10**levels strings: a few hundred bytes that a naive loader blows up."""
    lines = ['a0: &a0 "lol"']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]")
    return "\n".join(lines)


def hostile_corpus(folder: Path) -> dict[str, str]:
    """Every hostile case of the reliability issue, generated here; returns relative path → case name."""
    folder.mkdir(parents=True)
    cases: dict[str, str] = {}

    def put(name: str, content: bytes, case: str) -> None:
        (folder / name).write_bytes(content)
        cases[name] = case

    put("seed.txt", SEED.read_bytes(), "seed")
    put("empty.txt", b"", "empty file")
    put("random.txt", random.Random(11).randbytes(8192), "random bytes")
    put("latin1.txt", LATIN_1.encode("latin-1"), "Latin-1")
    put("cp1252.txt", WINDOWS_1252.encode("cp1252"), "Windows-1252 with smart quotes and euro sign")
    put("bom.txt", "\ufeffThe Kremlin answered Kyiv.".encode("utf-8"), "UTF-8 byte order mark")
    put("nul.txt", b"NATO met\x00 in Brussels\x00.", "NUL bytes")
    with open(folder / "huge.txt", "wb") as handle:  # one 50 MB line, written in pieces to keep the test lean
        for _ in range(HUGE_BYTES // (1024 * 1024)):
            handle.write((b"word " * (1024 * 1024 // 5 + 1))[: 1024 * 1024])
    cases["huge.txt"] = "50 MB single line"
    put("deep.html", ("<div>" * NESTING + "Deep words survive." + "</div>" * NESTING).encode(), "50 000 nested <div>")
    put("bomb.md", f"---\n{billion_laughs()}\ntitle: Bomb\n---\nThe body of the bomb survives.\n".encode(), "YAML billion laughs")
    put("bad_date.md", b"---\ntitle: Bad date\ndate: 2024-13-45\n---\nIran answered on a day that does not exist.\n", "impossible date")
    put("word_date.md", b"---\ntitle: Word date\ndate: last Tuesday-ish\n---\nChina answered on an unreadable date.\n", "malformed date")
    put("future.txt", b"date 2199-01-01 A text from the far future.", "future date")
    put("seed_copy.txt", SEED.read_bytes(), "duplicate content")
    put("with spaces.txt", b"A file name with spaces.", "spaces in the name")
    put("\u00fcn\u00efc\u00f6d\u00e9 \u540d\u524d.md", "Unicode in the name.".encode(), "Unicode name")
    put("new\nline.txt", b"A newline in the name.", "newline in the name")
    put("locked.txt", b"Text nobody may read.", "no read permission")
    (folder / "locked.txt").chmod(0)
    if Path("/proc/self/mem").exists():
        # unreadable even for root: reading address 0 of a process's memory fails with EIO
        os.symlink("/proc/self/mem", folder / "io_error.txt")
        cases["io_error.txt"] = "read error (EIO)"
    os.symlink("loop", folder / "loop")
    cases["loop"] = "symlink loop"
    os.symlink(".", folder / "again")
    cases["again"] = "folder symlink back to the corpus"
    return cases


def build_with_rusage(corpus_dir: Path, out: Path, *extra: str) -> tuple[int, str, float, int]:
    """Run the CLI build; returns exit status, stderr, wall seconds and the child's peak RSS in bytes."""
    started = time.perf_counter()
    with open(out.parent / "stderr.txt", "w+") as stderr:
        process = subprocess.Popen([*CLI, str(corpus_dir), "--out", str(out), *extra], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            # wait4 gives the usage of this child alone, not of every child pytest has waited for.
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            raise
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        return process.returncode, stderr.read(), time.perf_counter() - started, usage.ru_maxrss * 1024


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, nlp):
    root = tmp_path_factory.mktemp("hostile")
    cases = hostile_corpus(root / "corpus")
    try:
        status, stderr, seconds, peak = build_with_rusage(root / "corpus", root / "data", "--quiet", "--workers", "1",
                                                           "--follow-outside-links")  # io_error.txt leads to /proc
    finally:
        (root / "corpus" / "locked.txt").chmod(0o644)
    return cases, status, stderr, seconds, peak, analysis.load_tables(root / "data")


def test_hostile_corpus_builds_with_exit_0_and_accounts_for_every_file(hostile_build):
    cases, status, stderr, _, _, built = hostile_build
    assert status == 0, stderr
    assert "Traceback" not in stderr
    accounted = {*built.documents["path"], *built.problems["path"]}
    assert set(cases) <= accounted, set(cases) - accounted
    assert built.problems["reason"].str.strip().str.len().gt(0).all()


def outcome(built, path: str) -> tuple[pd.Series | None, list[str]]:
    documents = built.documents[built.documents["path"] == path]
    reasons = list(built.problems.loc[built.problems["path"] == path, "reason"])
    return (documents.iloc[0] if len(documents) else None), reasons


def sentence_text(built, document) -> str:
    sentences = built.sentences[built.sentences["doc_id"] == document["doc_id"]].sort_values("sent_id")
    return " ".join(sentences["text"])


@pytest.mark.parametrize("path, expected_text", [
    ("latin1.txt", LATIN_1),
    ("cp1252.txt", WINDOWS_1252),
    ("bom.txt", "The Kremlin answered Kyiv."),
    ("nul.txt", "NATO met in Brussels."),
    ("deep.html", "Deep words survive."),
    ("bomb.md", "The body of the bomb survives."),
    ("with spaces.txt", "A file name with spaces."),
    ("\u00fcn\u00efc\u00f6d\u00e9 \u540d\u524d.md", "Unicode in the name."),
    ("new\nline.txt", "A newline in the name."),
])
def test_hostile_documents_keep_their_decoded_text(hostile_build, path, expected_text):
    built = hostile_build[-1]
    document, _ = outcome(built, path)
    assert document is not None, f"{path!r} is not a document"
    assert sentence_text(built, document) == expected_text
    assert document["n_chars"] == len(expected_text)


@pytest.mark.parametrize("path, words", [
    ("empty.txt", "empty file"),
    ("random.txt", "binary content"),
    ("huge.txt", "file too large: 52,428,800 bytes"),
    ("seed_copy.txt", "duplicate of seed.txt"),
    ("loop", "symlink loop"),
    ("again", "symlink loop"),
    ("io_error.txt", "unreadable: cannot read the file (Input/output error)"),
])
def test_hostile_files_that_are_problems_say_why(hostile_build, path, words):
    if path not in hostile_build[0]:
        pytest.skip(f"{path} needs /proc/self/mem (Linux)")
    document, reasons = outcome(hostile_build[-1], path)
    assert document is None
    assert any(words in reason for reason in reasons), reasons


@pytest.mark.parametrize("path, words, title", [
    ("bomb.md", "YAML anchors or aliases", None),
    ("bad_date.md", "is not a real calendar date", "Bad date"),
    ("word_date.md", "is not a date", "Word date"),
    ("future.txt", "after today", None),
])
def test_hostile_metadata_is_dropped_with_a_reason_and_the_text_kept(hostile_build, path, words, title):
    document, reasons = outcome(hostile_build[-1], path)
    assert document is not None
    assert pd.isna(document["date"]) and document["date_precision"] == "unknown"
    assert (None if pd.isna(document["title"]) else document["title"]) == title
    assert any(words in reason for reason in reasons), reasons


def test_unreadable_file_is_a_problem_unless_root(hostile_build):
    document, reasons = outcome(hostile_build[-1], "locked.txt")
    if os.geteuid() == 0:
        # root reads files whatever their mode: the file is then simply a document.
        assert document is not None and not reasons
    else:
        assert document is None and any("Permission denied" in reason for reason in reasons), reasons


def test_fifty_megabyte_line_and_yaml_bomb_keep_the_build_small_and_quick(hostile_build):
    _, status, _, seconds, peak, _ = hostile_build
    assert status == 0
    assert seconds < 60, f"the hostile build took {seconds:.1f} s"
    assert peak < 2 * 1024**3, f"the hostile build peaked at {peak / 1024**2:.0f} MB"


# --- mention resolution properties ----------------------------------------------------------------

KNOWN_NAMES = ["Russia", "the Kremlin", "Moscow", "Kabul's", "Putin", "Vladimir Putin", "the Taliban", "NATO",
               "the United Nations", "Ukraine", "Ukrainian", "Beijing", "the White House", "ISIS-K", "Xi Jinping",
               "Operation Desert Fox", "the Soviet Union", "we", "our country", "My Government", "Embassy"]
PLAIN_WORDS = ["met", "said", "and", "in", "the", ".", ",", "officials", "talks", "on", "Monday", "army", "with", "'s", "-"]
TEXTS = st.lists(
    st.one_of(st.sampled_from(KNOWN_NAMES), st.sampled_from(PLAIN_WORDS),
              st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8)),
    min_size=1, max_size=14,
).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(text=TEXTS, on=st.one_of(st.none(), st.dates(datetime.date(1950, 1, 1), datetime.date(2030, 12, 31))),
       author_id=st.sampled_from([None, "UKR", "RUS"]))
def test_find_mentions_rows_are_well_formed_on_any_text(nlp, knowledge_base, text, on, author_id):
    rows = actors.find_mentions(nlp(text), knowledge_base=knowledge_base, on=on, author_id=author_id)
    for row in rows:
        assert 0 <= row["start"] < row["end"] <= len(text)
        assert text[row["start"]:row["end"]] == row["text"]
        assert row["method"] in tables.MENTION_METHODS
        assert (row["actor_id"] is None) == (row["method"] == "unresolved")
    assert [row["start"] for row in rows] == sorted(row["start"] for row in rows)


@settings(max_examples=100, deadline=None)
@given(day=st.dates(datetime.date(1700, 1, 1), datetime.date(2025, 7, 10)), precision=st.sampled_from(["day", "month", "year"]))
def test_a_metadata_date_lies_inside_its_stated_precision(day, precision):
    written = {"day": f"{day:%Y-%m-%d}", "month": f"{day:%Y-%m}", "year": f"{day:%Y}"}[precision]
    [document] = corpus.parse_text(f"---\ndate: {written}\n---\nWords.", path="a.md", today=datetime.date(2025, 7, 10))
    assert document.date_precision == precision
    assert document.date.year == day.year
    assert document.date.month == (day.month if precision != "year" else 1)
    assert document.date.day == (day.day if precision == "day" else 1)


# --- interrupted and concurrent builds ------------------------------------------------------------

SENTENCES = [
    "Russia met China in Geneva on Monday.", "The Kremlin welcomed the talks with Iran.",
    "NATO condemned the attack on Ukraine.", "The United States accused Iran of arming militias.",
    "Pakistan said it would cooperate with Afghanistan against terrorism.", "The Taliban rejected the proposal.",
    "India and Pakistan agreed to resume trade in order to ease tension.", "The White House praised the accord.",
]


def small_corpus(folder: Path, rng: random.Random) -> Path:
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder / SEED.name)
    for number in range(6):
        text = " ".join(rng.sample(SENTENCES, 3))
        (folder / f"note_{number}.txt").write_text(f"date 2024-0{number + 1}-1{number} {text}", encoding="utf-8")
    return folder


def tables_of(directory: Path) -> dict[str, pd.DataFrame]:
    loaded = analysis.load_tables(directory)
    return {name: sorted_table(table) for name, table in loaded.items()}


def assert_same_tables(directory: Path, reference: Path) -> None:
    built, expected = tables_of(directory), tables_of(reference)
    for name, table in expected.items():
        pd.testing.assert_frame_equal(built[name], table, obj=name)


def leftovers(directory: Path) -> list[str]:
    """Temporary files, and generation folders no commit finished (no manifest), left in the data folder."""
    temporary = [path.name for path in directory.rglob(".*.tmp")]
    generations = directory / store.GENERATIONS
    unfinished = [path.name for path in generations.iterdir() if not (path / store.MANIFEST).exists()] if generations.is_dir() else []
    return sorted(temporary + unfinished)


def start_build(corpus_dir: Path, out: Path, stderr) -> subprocess.Popen:
    # Its own session, so that killing the group also kills any worker it forked.
    return subprocess.Popen([*CLI, str(corpus_dir), "--out", str(out), "--quiet", "--workers", "1"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)


def kill_after(corpus_dir: Path, out: Path, delay: float, *, from_writing: bool = False) -> tuple[str, str, list[str]]:
    """Start a build and SIGKILL it `delay` seconds after its start, or after it began writing its
    tables (`from_writing`: into its new generation); the current tables must stay whole and readable."""
    committed_before = store.current_name(out)
    existing = set(_generation_names(out))
    process = start_build(corpus_dir, out, subprocess.DEVNULL)
    point = f"{delay:.2f} s after {'its generation got a first table' if from_writing else 'the start'}"
    try:
        if from_writing:
            # its own new generation (not one left by a build killed before) holding a first table
            while process.poll() is None and not any(
                    list((out / store.GENERATIONS / name).glob("*.parquet")) for name in set(_generation_names(out)) - existing):
                time.sleep(0.005)
        process.wait(timeout=delay)
        what = "finished before the kill"
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        what = "killed"
    if analysis.has_tables(out):
        analysis.load_tables(out)  # whole tables: every one present, readable and of its manifest's checksum
        if what == "killed" and store.current_name(out) != committed_before:
            what = "killed after its commit"
    return point, what, leftovers(out)


def _generation_names(out: Path) -> list[str]:
    folder = out / store.GENERATIONS
    return [path.name for path in folder.iterdir()] if folder.is_dir() else []


def timed_cli_build(corpus_dir: Path, out: Path) -> float:
    started = time.perf_counter()
    result = run_cli("build", str(corpus_dir), "--out", str(out), "--quiet", "--workers", "1")
    assert result.returncode == 0, result.stderr
    return time.perf_counter() - started


def test_killed_builds_lose_nothing_and_leave_no_temporary_files(tmp_path, nlp):
    rng = random.Random(20251124)
    corpus_dir = small_corpus(tmp_path / "corpus", rng)
    out = tmp_path / "data"
    # kill points are drawn across the time a whole build takes on this machine
    seconds = timed_cli_build(corpus_dir, tmp_path / "reference")
    rounds = [kill_after(corpus_dir, out, rng.uniform(0.2, 1.0) * seconds) for _ in range(3)]
    rounds += [kill_after(corpus_dir, out, rng.uniform(0.0, 0.3), from_writing=True) for _ in range(3)]
    timed_cli_build(corpus_dir, out)
    assert leftovers(out) == []
    assert_same_tables(out, tmp_path / "reference")

    # a rebuild after one document changed, killed too: the old tables must not leak into the new ones
    (corpus_dir / "note_3.txt").write_text("date 2024-05-05 Russia recognised the Taliban government.", encoding="utf-8")
    build(corpus_dir, tmp_path / "reference-2", workers=1, progress=False)
    rounds += [kill_after(corpus_dir, out, rng.uniform(0.2, 1.0) * seconds) for _ in range(2)]
    rounds += [kill_after(corpus_dir, out, rng.uniform(0.0, 0.3), from_writing=True) for _ in range(3)]
    timed_cli_build(corpus_dir, out)
    assert leftovers(out) == []
    assert_same_tables(out, tmp_path / "reference-2")
    print(f"whole build {seconds:.2f} s; kill rounds (kill point, outcome, temporary files left):", *rounds, sep="\n  ")
    assert sum(what == "killed" for _, what, _ in rounds) >= 3


def test_two_builds_into_one_folder_wait_for_each_other(tmp_path, nlp):
    corpus_dir = small_corpus(tmp_path / "corpus", random.Random(5))
    out = tmp_path / "data"
    out.mkdir()
    build(corpus_dir, tmp_path / "reference", workers=1, progress=False)
    logs = [tmp_path / "first.err", tmp_path / "second.err"]
    # The test holds the lock first, so that both builds must be seen waiting, whatever their timing.
    with open(out / ".build.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        handles = [open(log, "w") for log in logs]
        processes = [start_build(corpus_dir, out, handle) for handle in handles]
        deadline = time.monotonic() + 120
        while not all("waiting" in log.read_text() for log in logs):
            assert time.monotonic() < deadline, [log.read_text() for log in logs]
            assert all(process.poll() is None for process in processes), [log.read_text() for log in logs]
            time.sleep(0.1)
        fcntl.flock(lock, fcntl.LOCK_UN)
    statuses = [process.wait(timeout=300) for process in processes]
    for handle in handles:
        handle.close()
    errors = [log.read_text() for log in logs]
    assert statuses == [0, 0], errors
    assert all("another build is writing" in text and "Traceback" not in text for text in errors)
    # one build processed everything, the other found it all built: they never interleaved
    assert sorted("7 processed" in text for text in errors) == [False, True]
    assert any("0 processed, 7 unchanged" in text for text in errors), errors
    assert leftovers(out) == []
    assert_same_tables(out, tmp_path / "reference")


# --- safe by default --------------------------------------------------------------------------------

FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "cloudpickle", "joblib"}
UNSAFE_YAML = {"unsafe_load", "unsafe_load_all", "full_load", "full_load_all", "UnsafeLoader", "FullLoader", "Loader"}


def _safe_loader(expression: ast.expr, module: ast.Module) -> bool:
    """A Loader argument is safe when it names a Safe* loader or a class of the module that extends one."""
    source = ast.unparse(expression)
    if "Safe" in source and "Unsafe" not in source:
        return True
    classes = {node.name: node for node in ast.walk(module) if isinstance(node, ast.ClassDef)}
    if isinstance(expression, ast.Name) and expression.id in classes:
        return any(_safe_loader(base, module) for base in classes[expression.id].bases)
    return False


def unsafe_calls(path: Path) -> list[str]:
    module = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(module):
        where = f"{path.name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [alias.name for alias in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            found += [f"{where} imports {name}" for name in names if name.split(".")[0] in FORBIDDEN_MODULES]
        elif isinstance(node, ast.Attribute) and ("pickle" in node.attr.lower() or (node.attr in UNSAFE_YAML and ast.unparse(node.value) == "yaml")):
            found.append(f"{where} uses {ast.unparse(node)}")
        elif isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name in FORBIDDEN_CALLS:
                found.append(f"{where} calls {name}")
            if name in ("yaml.load", "yaml.load_all"):
                loader = next((keyword.value for keyword in node.keywords if keyword.arg == "Loader"), node.args[1] if len(node.args) > 1 else None)
                if loader is None or not _safe_loader(loader, module):
                    found.append(f"{where} calls {name} without a safe loader")
            if any(keyword.arg == "shell" and not (isinstance(keyword.value, ast.Constant) and keyword.value.value is False) for keyword in node.keywords):
                found.append(f"{where} runs a shell")
    return found


def test_no_module_loads_unsafely_or_evaluates_code():
    modules = sorted((ROOT / "analysis").rglob("*.py"))
    assert len(modules) > 10
    assert [finding for path in modules for finding in unsafe_calls(path)] == []


@pytest.mark.parametrize("source, expected", [
    ("import yaml\nyaml.load(text)", "without a safe loader"),
    ("import yaml\nyaml.load(text, Loader=yaml.Loader)", "yaml.Loader"),
    ("import yaml\nclass L(yaml.FullLoader): pass\nyaml.load(text, Loader=L)", "without a safe loader"),
    ("import pickle", "imports pickle"),
    ("import pandas as pd\npd.read_pickle('x')", "read_pickle"),
    ("eval('1')", "calls eval"),
    ("exec('x = 1')", "calls exec"),
    ("import subprocess\nsubprocess.run('ls', shell=True)", "runs a shell"),
])
def test_the_scan_catches_what_it_forbids(tmp_path, source, expected):
    path = tmp_path / "module.py"
    path.write_text(source)
    assert any(expected in finding for finding in unsafe_calls(path)), unsafe_calls(path)


def test_the_scan_accepts_safe_loaders(tmp_path):
    path = tmp_path / "module.py"
    path.write_text("import yaml\nclass Plain(yaml.SafeLoader): pass\nyaml.load(a, Loader=Plain)\n"
                    "yaml.load(b, Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))\nyaml.safe_load(c)\n")
    assert unsafe_calls(path) == []


def test_report_index_escapes_document_titles_and_paths(tmp_path):
    documents = tables.frame("documents", [
        {"doc_id": "a" * 16, "path": "a.html", "title": "<script>alert('title')</script>", "date": "2024-01-01", "n_chars": 5},
        {"doc_id": "b" * 16, "path": "<script>alert('path')</script>.txt", "title": None, "n_chars": 5,
         "source": "<img src=x onerror=alert(1)>"},
    ])
    page = report.render_index(report.Report(tmp_path), documents=documents)
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#x27;path&#x27;)&lt;/script&gt;.txt" in page


def test_chart_export_of_a_traversal_name_stays_inside_its_folder(tmp_path):
    from matplotlib.figure import Figure

    from analysis import charts

    figure = Figure()  # not pyplot: nothing to close afterwards
    figure.add_subplot().plot([0, 1], [1, 0])
    directory = tmp_path / "reports" / "inner"
    paths = charts.export(figure, "../../etc/passwd", directory=directory)
    assert paths and all(path.resolve().parent == directory.resolve() for path in paths)
    assert sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file()) == \
        sorted(path.relative_to(tmp_path).as_posix() for path in paths)


def test_readers_during_builds_and_kills_always_see_one_whole_generation(tmp_path, nlp):
    """A reader looping over load_tables while builds of two different corpora commit into one data folder,
    some of them SIGKILLed, never gets rows of one build beside the documents of another."""
    import threading

    rng = random.Random(20261201)
    first = small_corpus(tmp_path / "first", rng)
    second = tmp_path / "second"
    second.mkdir()
    for number in range(4):
        (second / f"other_{number}.txt").write_text(" ".join(rng.sample(SENTENCES, 4)), encoding="utf-8")
    out = tmp_path / "data"
    build(first, out, workers=1, progress=False)
    reads, mixed, stop = [], [], threading.Event()

    def read_loop():
        while not stop.is_set():
            loaded = analysis.load_tables(out)
            known = set(loaded.documents["doc_id"])
            for name in ("sentences", "mentions", "events", "stances"):
                stray = set(loaded[name]["doc_id"]) - known
                if stray:
                    mixed.append((name, sorted(stray)[:3]))
            reads.append(len(known))

    reader = threading.Thread(target=read_loop)
    reader.start()
    try:
        for corpus_dir in (second, first, second):
            process = start_build(corpus_dir, out, subprocess.DEVNULL)
            process.wait(timeout=600)
            assert process.returncode == 0
        for corpus_dir in (first, second):  # killed part-way: the last whole generation stays current
            process = start_build(corpus_dir, out, subprocess.DEVNULL)
            time.sleep(rng.uniform(1.0, 4.0))
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    finally:
        stop.set()
        reader.join(timeout=60)
    assert mixed == []
    assert len(reads) > 20 and {4, 7} <= set(reads)  # it read both corpora's generations, each whole
