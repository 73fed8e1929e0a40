"""Tests for analysis/corpus.py: folder of files → documents and problems."""

from __future__ import annotations

import codecs
import datetime
import hashlib
import os
import random
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_helpers import TODAY, read, write
from analysis import corpus, tables
from analysis.corpus import Document, Problem, documents_table, parse_text, problems_table, read_corpus

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_1e9d3a2641c16e74.txt"
RANDOM_BYTES = random.Random(7).randbytes(4096)  # fixed, so a failure can be replayed



def only_document(raw, **options) -> tuple[Document, list[str]]:
    document, *problems = parse_text(raw, today=TODAY, **options)
    assert isinstance(document, Document), document
    return document, [problem.reason for problem in problems]


# --- plain text ---------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    " date 2025-07-06 Russia has become the first.",
    "date: 2025-07-06\nRussia has become the first.",
    "Date 2025-07-06\n\nRussia has become the first.",
    "\ndate:2025-07-06   Russia has become the first.",
])
def test_txt_date_header_is_metadata(raw):
    document, problems = only_document(raw, path="a.txt")
    assert document.text == "Russia has become the first."
    assert (document.date, document.date_precision) == (datetime.date(2025, 7, 6), "day")
    assert problems == []


def test_txt_without_header_is_undated():
    document, problems = only_document("The date 2025-07-06 is mentioned later.", path="a.txt")
    assert document.text == "The date 2025-07-06 is mentioned later."
    assert (document.date, document.date_precision, document.title) == (None, "unknown", None)


def test_document_ids_derive_from_the_text():
    document, _ = only_document("date 2025-07-06 Same words.", path="a.txt")
    other, _ = only_document("Same words.", path="elsewhere/b.txt")
    assert document.sha256 == hashlib.sha256(b"Same words.").hexdigest()
    assert document.doc_id == document.sha256[:16] == other.doc_id


def test_un_general_debate_naming(tmp_path):
    write(tmp_path, {"Session 69 - 2014/UKR_69_2014.txt": "Mr. President, Ukraine stands here today."})
    documents, problems = read(tmp_path)
    document = documents["Session 69 - 2014/UKR_69_2014.txt"]
    assert (document.author, document.source) == ("UKR", "UN General Debate")
    assert (document.date, document.date_precision) == (datetime.date(2014, 1, 1), "year")
    assert document.title == "UKR at the UN General Debate, session 69 (2014)"
    assert problems == {}


# --- dates --------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, date, precision", [
    ('"2024-03-05"', datetime.date(2024, 3, 5), "day"),
    ("2024-03-05", datetime.date(2024, 3, 5), "day"),  # a YAML date object
    ("2024-03-05T10:30:00Z", datetime.date(2024, 3, 5), "day"),
    ("2024-03", datetime.date(2024, 3, 1), "month"),
    ("2024", datetime.date(2024, 1, 1), "year"),
])
def test_front_matter_dates(value, date, precision):
    document, problems = only_document(f"---\ndate: {value}\n---\nBody text.", path="a.md")
    assert (document.date, document.date_precision, problems) == (date, precision, [])


@pytest.mark.parametrize("value, words", [
    ("next tuesday", "is not a date"),
    ("2023-02-30", "not a real calendar date"),
    ("2099-01-01", "after today"),
    ("2025-12", "after today"),
])
def test_unusable_dates_leave_the_document_undated_with_a_problem(value, words):
    document, problems = only_document(f"---\ndate: '{value}'\n---\nBody text.", path="a.md")
    assert (document.text, document.date, document.date_precision) == ("Body text.", None, "unknown")
    assert len(problems) == 1 and words in problems[0] and value in problems[0] and "ignored" in problems[0]


def test_impossible_header_date_is_cut_from_the_text_and_reported():
    document, problems = only_document("date 2023-02-30 Text.", path="a.txt")
    assert (document.text, document.date) == ("Text.", None)
    assert "not a real calendar date" in problems[0]


# --- markdown -----------------------------------------------------------------------------------

MARKDOWN = """---
title: Talks in Doha
date: 2024-03-05
source: Example Wire
author: [A. Writer, B. Writer]
tags: [diplomacy]
---
# Heading words

A paragraph with *emphasis*, a [link text](http://example.com) and `inline code`.

- first item
- second item

```python
secret_code = True
```

<div>raw html words<script>alert("x")</script></div>
"""


def test_markdown_front_matter_and_prose():
    document, problems = only_document(MARKDOWN, path="a.md")
    assert problems == []
    assert document.title == "Talks in Doha"
    assert (document.source, document.author) == ("Example Wire", "A. Writer; B. Writer")
    assert (document.date, document.date_precision) == (datetime.date(2024, 3, 5), "day")
    assert document.text.split("\n\n") == [
        "Heading words",
        "A paragraph with emphasis, a link text and inline code.",
        "first item", "second item", "raw html words",
    ]


def test_markdown_title_defaults_to_the_first_heading():
    document, _ = only_document("Intro line.\n\n## The Heading\n\nMore.", path="a.markdown")
    assert document.title == "The Heading"


BILLION_LAUGHS = "\n".join(
    ["a: &a ['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']"]
    + [f"{new}: &{new} [*{old}, *{old}, *{old}, *{old}]" for old, new in zip("abcdefgh", "bcdefghi")]
)


@pytest.mark.parametrize("front_matter, words", [
    ("title: [unclosed", "invalid YAML"),
    (BILLION_LAUGHS, "anchors or aliases"),
    ("title: x\n" + "# padding\n" * 8000, "over 65,536 bytes"),
    ("!!python/object/apply:os.system ['echo hacked']", "invalid YAML"),
    ("[" * 50_000, "nested too deeply"),
    ("- just\n- a list", "not fields"),
], ids=["malformed", "billion-laughs", "oversized", "python-tag", "deeply-nested", "not-a-mapping"])
def test_refused_front_matter_keeps_the_body(front_matter, words):
    document, problems = only_document(f"---\n{front_matter}\n---\nThe body survives.", path="a.md")
    assert (document.text, document.title, document.date) == ("The body survives.", None, None)
    assert len(problems) == 1 and words in problems[0] and "front matter ignored" in problems[0]


def test_unclosed_front_matter_keeps_everything():
    document, problems = only_document("---\ntitle: x\nBody without the closing line.", path="a.md")
    assert "Body without the closing line." in document.text and "never ends" in problems[0]


# --- html ---------------------------------------------------------------------------------------

HTML = """<!DOCTYPE html><html><head><title>Envoy  presents
credentials</title><meta property="article:published_time" content="2025-07-05T09:00:00+00:00">
<meta name="author" content="Staff Reporter"><meta property="og:site_name" content="Example News">
<style>p { color: red }</style><script>var tracking = "SCRIPT TEXT";</script></head>
<body><nav><ul><li>Home</li><li>World</li></ul></nav>
<article><h1>Envoy presents credentials</h1><p>First   paragraph,
with <b>bold</b> words.</p><p>Second<br>line.</p><!-- a comment -->
<noscript>Enable JavaScript</noscript><svg><text>chart label</text></svg></article></body></html>"""


def test_html_main_text_and_metadata():
    document, problems = only_document(HTML, path="page.html")
    assert problems == []
    assert document.text.split("\n\n") == [  # the navigation (Home, World) is no part of the main text
        "Envoy presents credentials", "First paragraph, with bold words.", "Second", "line.",
    ]
    assert document.title == "Envoy presents credentials"
    assert (document.author, document.source) == ("Staff Reporter", "Example News")
    assert (document.date, document.date_precision) == (datetime.date(2025, 7, 5), "day")


def test_html_date_from_time_tag_and_unclosed_head():
    page = '<html><head><title>T</title><body><p>Text <time datetime="2024-02">Feb</time>.</p>'  # <head> never closed
    document, _ = only_document(page, path="a.htm")
    assert (document.text, document.title, document.date_precision) == ("Text Feb.", "T", "month")


def test_deeply_nested_html_is_read_quickly():
    depth = 100_000
    started = time.perf_counter()
    document, _ = only_document("<div>" * depth + "deep words" + "</div>" * depth, path="deep.html")
    assert document.text == "deep words"
    assert time.perf_counter() - started < 8


# --- manifest -----------------------------------------------------------------------------------

def test_manifest_overrides_the_files(tmp_path):
    write(tmp_path, {
        "news/a.txt": "date 2020-01-01 Alpha text.",
        "news/b.md": "---\ntitle: Own title\n---\nBeta text.",
        "news/manifest.csv": "path,date,title,source,author\n"
                             "a.txt,2021-06,Manifest title,Wire,Writer\n"
                             "b.md,soon,,,\n"
                             "missing.txt,2021-01-01,,,\n",
    })
    documents, problems = read(tmp_path)
    assert set(documents) == {"news/a.txt", "news/b.md"}  # the manifest is not a document
    alpha, beta = documents["news/a.txt"], documents["news/b.md"]
    assert (alpha.title, alpha.source, alpha.author) == ("Manifest title", "Wire", "Writer")
    assert (alpha.date, alpha.date_precision, alpha.text) == (datetime.date(2021, 6, 1), "month", "Alpha text.")
    assert (beta.title, beta.date) == ("Own title", None)
    assert "manifest.csv date 'soon' is not a date" in problems["news/b.md"][0]
    assert "no file 'missing.txt'" in problems["news/manifest.csv"][0]


def test_manifest_reaches_subfolders_and_tolerates_excel(tmp_path):
    write(tmp_path, {"sub/a.txt": "Text.", "manifest.csv": "\ufeffPath , Title\r\nsub/a.txt,From the parent\r\n"})
    documents, problems = read(tmp_path)
    assert documents["sub/a.txt"].title == "From the parent" and problems == {}


def test_manifest_path_too_long_for_the_disk_is_one_problem(tmp_path):
    write(tmp_path, {"a.txt": "Text.", "manifest.csv": f"path,title\n{'x' * 300}.txt,T\na.txt,Kept title\n"})
    documents, problems = read(tmp_path)
    assert documents["a.txt"].title == "Kept title"
    assert "no file 'xxx" in problems["manifest.csv"][0]


def test_bad_manifest_date_falls_back_to_the_file_date(tmp_path):
    write(tmp_path, {"a.txt": "date 2020-01-02 Text.", "manifest.csv": "path,date\na.txt,2020-13-01\n"})
    documents, problems = read(tmp_path)
    assert documents["a.txt"].date == datetime.date(2020, 1, 2)
    assert "not a real calendar date" in problems["a.txt"][0]


@pytest.mark.parametrize("manifest, words", [
    ("file,date\na.txt,2020\n", "no 'path' column"),
    ('path,title\na.txt,"unclosed', "not valid CSV"),
], ids=["no-path-column", "unclosed-quote"])
def test_unusable_manifest_is_a_problem(tmp_path, manifest, words):
    write(tmp_path, {"a.txt": "Text.", "manifest.csv": manifest})
    documents, problems = read(tmp_path)
    assert documents["a.txt"].title is None
    assert words in problems["manifest.csv"][0]


# --- robustness ---------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, text", [
    ("Café crème à Genève, naïve façade.".encode("latin-1"), "Café crème à Genève, naïve façade."),
    ("“Quoted” – Müller’s Öl".encode("cp1252"), "“Quoted” – Müller’s Öl"),
    (b"\xef\xbb\xbfWith a BOM.", "With a BOM."),
    ("UTF-16 ünïcode".encode("utf-16"), "UTF-16 ünïcode"),
    (codecs.BOM_UTF16_BE + "UTF-16 big endian".encode("utf-16-be"), "UTF-16 big endian"),
    ("Президент России заявил, что переговоры продолжатся в Москве.".encode("cp1251"),
     "Президент России заявил, что переговоры продолжатся в Москве."),
    (b"N\x00U\x00L\x00s removed", "NULs removed"),
    (b"one\r\ntwo\rthree", "one\ntwo\nthree"),
    ("Cafe\u0301 in NFC".encode(), "Café in NFC"),
], ids=["latin-1", "cp1252", "utf-8-bom", "utf-16", "utf-16-be", "cp1251", "nul", "newlines", "nfc"])
def test_decoding_and_normalisation(raw, text):
    document, _ = only_document(raw, path="a.txt")
    assert document.text == text


@pytest.mark.parametrize("raw, words", [
    (b"", "empty"),
    (b" \n\t\r\n ", "empty"),
    (RANDOM_BYTES, "binary content"),
    (b"---\ntitle: only metadata\n---\n", "empty"),
    ("\u200b\u2060\u202e".encode(), "invisible characters"),
], ids=["empty", "whitespace", "random-bytes", "front-matter-only", "only-invisible"])
def test_unusable_content(raw, words):
    [problem] = parse_text(raw, path="a.md" if raw.startswith(b"---") else "a.txt")
    assert isinstance(problem, Problem) and words in problem.reason


def test_unsupported_hidden_and_odd_names(tmp_path):
    write(tmp_path, {
        "photo.jpg": b"\xff\xd8\xff\xe0", "old.doc": b"\xd0\xcf\x11\xe0", "README": "No extension: read as text.",
        ".hidden.txt": "secret", ".git/config.txt": "secret",
        "with space ü.txt": "Spaces and Unicode.", "new\nline.TXT": "A newline in the name.",
    })
    os.mkfifo(tmp_path / "pipe.txt")  # opening a pipe would block the walk forever
    (tmp_path / os.fsdecode(b"not-utf8-\xff.txt")).write_text("Name bytes that are not UTF-8.")
    documents, problems = read(tmp_path)
    assert set(documents) == {"with space ü.txt", "new\nline.TXT", "not-utf8-\\xff.txt", "README"}
    assert documents["README"].text == "No extension: read as text."
    assert set(problems) == {"photo.jpg", "old.doc", "pipe.txt"}  # hidden ones are skipped silently
    supported = (".txt, .md, .markdown, .html, .htm, .pdf, .docx, .eml, .mbox, .csv, .xlsx; read by their content: "
                 ".php, .aspx, .asp, .shtml and names without an extension")
    assert problems["photo.jpg"] == [f"unsupported file type .jpg; supported: {supported}; skipped"]
    assert problems["old.doc"][0].startswith("unsupported file type .doc (save it as .docx); supported: ")
    assert "not a regular file" in problems["pipe.txt"][0]


def test_oversized_file_is_refused_without_reading(tmp_path):
    write(tmp_path, {"big.txt": "x" * 101})
    with open(tmp_path / "huge.txt", "wb") as sparse:
        sparse.truncate(5_000_000_000)  # 5 GB of nothing on disk: reading it would take minutes
    documents, problems = read(tmp_path, max_bytes=100)
    assert documents == {}
    assert "101 bytes" in problems["big.txt"][0] and "limit of 100 bytes" in problems["big.txt"][0]
    assert "5,000,000,000 bytes" in problems["huge.txt"][0] and "--max-bytes" in problems["huge.txt"][0]


def test_unreadable_file_is_a_problem(tmp_path, monkeypatch):
    write(tmp_path, {"locked.txt": "Secret.", "open.txt": "Readable."})

    def refuse(path, *args, **kwargs):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", path)
        return open(path, *args, **kwargs)

    monkeypatch.setattr(corpus, "open", refuse, raising=False)
    documents, problems = read(tmp_path)
    assert set(documents) == {"open.txt"}
    assert "Permission denied" in problems["locked.txt"][0]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_file_without_read_permission(tmp_path):
    write(tmp_path, {"locked.txt": "Secret."})
    (tmp_path / "locked.txt").chmod(0)
    try:
        assert "Permission denied" in read(tmp_path)[1]["locked.txt"][0]
    finally:
        (tmp_path / "locked.txt").chmod(0o644)


def test_symlinks(tmp_path):
    write(tmp_path, {"sub/a.txt": "Inside the folder.", "target.txt": "Linked text."})
    os.symlink("self", tmp_path / "self")
    os.symlink("nowhere.txt", tmp_path / "broken.txt")
    os.symlink("..", tmp_path / "sub" / "up")
    os.symlink("target.txt", tmp_path / "link.md")
    os.symlink("sub", tmp_path / "same")  # a second way into a folder, not a loop
    documents, problems = read(tmp_path)
    assert set(documents) == {"same/a.txt", "link.md"}
    assert "symlink loop" in problems["self"][0]
    assert "broken symlink" in problems["broken.txt"][0] and "nowhere.txt" in problems["broken.txt"][0]
    assert "symlink loop" in problems["same/up"][0]
    assert "folder already read" in problems["sub"][0]  # "same" sorts before "sub" and was read first
    assert "duplicate of link.md" in problems["target.txt"][0]


def test_duplicates_name_the_first_file(tmp_path):
    write(tmp_path, {"a.txt": "Same text.", "b/c.txt": "date 2020-01-01 Same text."})
    documents, problems = read(tmp_path)
    assert set(documents) == {"a.txt"}
    assert problems["b/c.txt"] == ["duplicate of a.txt: the same text was read there; skipped"]


def test_walk_is_sorted_and_repeatable(tmp_path):
    write(tmp_path, {"b.txt": "B.", "a/z.txt": "Z.", "a/b/y.txt": "Y.", "c.md": "C."})
    items = read_corpus(tmp_path, today=TODAY)
    assert next(items).path == "b.txt"  # a lazy stream, not a list
    first = ["b.txt", *(item.path for item in items)]
    assert first == ["b.txt", "c.md", "a/z.txt", "a/b/y.txt"]
    assert first == [item.path for item in read_corpus(tmp_path, today=TODAY)]


@pytest.mark.parametrize("folder, options, error", [
    ("does/not/exist", {}, NotADirectoryError),
    (".", {"max_bytes": 0}, ValueError),
    (".", {"max_bytes": "1MB"}, ValueError),
])
def test_bad_arguments_fail_early(folder, options, error):
    with pytest.raises(error, match="folder=|max_bytes="):
        read_corpus(folder, **options)


def test_hostile_folder(tmp_path):
    shutil.copy(SEED, tmp_path / SEED.name)
    write(tmp_path, {
        "empty.txt": b"",
        "random.txt": RANDOM_BYTES,
        "latin1.txt": "Déclaration de la délégation française.".encode("latin-1"),
        "bom.txt": b"\xef\xbb\xbfA file with a byte order mark.",
        "nul.txt": b"Text with\x00 NUL\x00 bytes.",
        "huge.txt": b"word " * 1_000_000,
        "broken.md": "---\ntitle: [unclosed\n---\nBody of the broken file.",
        "future.txt": "date 2099-01-01 A text from the future.",
        "copy.txt": SEED.read_bytes(),
        "page.html": "<html><body><p>Visible.</p><script>document.write('SCRIPT TEXT')</script></body></html>",
    })
    os.symlink("loop", tmp_path / "loop")
    os.symlink(".", tmp_path / "again")  # a folder link back to the corpus itself
    files = {path.name for path in tmp_path.iterdir()}
    documents, problems = read(tmp_path)
    assert set(documents) | set(problems) == files
    seed = documents[SEED.name]
    assert (seed.date, seed.date_precision) == (datetime.date(2025, 7, 6), "day")
    assert seed.text.startswith("Russia has become")
    assert all("SCRIPT TEXT" not in document.text for document in documents.values())
    assert documents["latin1.txt"].text == "Déclaration de la délégation française."
    assert documents["nul.txt"].text == "Text with NUL bytes."
    assert documents["broken.md"].text == "Body of the broken file."
    assert documents["future.txt"].date is None and "after today" in problems["future.txt"][0]
    assert "duplicate of" in problems["copy.txt"][0]
    assert "binary content" in problems["random.txt"][0] and "empty" in problems["empty.txt"][0]
    assert "--max-bytes" in problems["huge.txt"][0] and "symlink loop" in problems["loop"][0]
    assert "symlink loop" in problems["again"][0]


@settings(max_examples=150, deadline=None)
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode),
       suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_any_bytes_give_a_document_or_a_problem(raw, suffix):
    for item in parse_text(raw, path=f"x{suffix}", today=TODAY):
        if isinstance(item, Problem):
            assert item.reason.strip()
        else:
            assert item.text == item.text.strip() != "" and not set(item.text) & {"\x00", "\r"}
            assert item.date_precision in tables.PRECISIONS


# --- text hygiene at the boundary ---------------------------------------------------------------

INVISIBLE = {chr(code) for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C,
                                    0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]}
INVISIBLE_OR_BROKEN = INVISIBLE | {chr(code) for code in range(0xD800, 0xE000)}
# Pieces of hostile files: invisible and broken characters, and the escapes and markup that make them.
HOSTILE_PIECES = [*sorted(INVISIBLE), "\ud800", "\udcff", "\ud83d\ude00", "\x07", "\x85", "\r", "&#xD800;", "&#x202E;",
                  '"\\uD800"', "---\n", "title: ", "<title>", "a", " "]


def assert_clean(item: Document | Problem) -> None:
    """Every string of `item` can be written to Parquet and hides nothing."""
    for value in vars(item).values():
        if isinstance(value, str):
            value.encode("utf-8")  # raises on a lone surrogate, as writing the tables did
            assert not set(value) & INVISIBLE_OR_BROKEN, value


@pytest.mark.parametrize("path, raw, field, expected", [
    ("a.md", '---\ntitle: "Talks \\uD800 resume"\n---\nThe talks resumed.', "title", "Talks \ufffd resume"),
    ("a.md", '---\nauthor: "Uk\\u200Draine"\nsource: "Wire\\u202E"\n---\nText.', "author", "Ukraine"),
    ("a.md", '---\nsource: "Wire\\u202E"\n---\nText.', "source", "Wire"),
    ("a.md", '---\ntitle: "Smile \\uD83D\\uDE00"\n---\nText.', "title", "Smile \U0001f600"),
    ("a.md", "Words of Russia&#x202E; and Uk&#x200D;raine.", "text", "Words of Russia and Ukraine."),
    ("a.html", "<title>&#xD800;x</title><p>Body.</p>", "title", "\ufffdx"),
    ("a.html", "<title>T</title><p>Russia&#x202E; and Uk&zwj;raine&#xDE00;.</p>", "text", "Russia and Ukraine\ufffd."),
    ("a.html", '<meta name="author" content="Iran&#x2067;&#x2069;"><p>Body.</p>', "author", "Iran"),
    ("a.txt", "Russia\u202e has spoken; Uk\u200draine\x07 answered at length.\x85", "text",
     "Russia has spoken; Ukraine answered at length."),
    ("a.txt", "Text with a lone \ud800 half.", "text", "Text with a lone \ufffd half."),
], ids=["front-matter-surrogate", "front-matter-zwj", "front-matter-rlo", "front-matter-pair", "markdown-entities",
        "html-title-surrogate", "html-body", "html-meta", "txt-controls", "str-surrogate"])
def test_strings_leave_the_corpus_clean(path, raw, field, expected):
    document, problems = only_document(raw, path=path)
    assert getattr(document, field) == expected and problems == []
    assert_clean(document)
    assert document.sha256 == hashlib.sha256(document.text.encode("utf-8")).hexdigest()


def test_metadata_with_nothing_visible_falls_back_with_a_problem():
    document, problems = only_document('---\nauthor: "\\u200B\\u202E"\n---\nBody.', path="a.md")
    assert (document.author, document.text) == (None, "Body.")
    assert problems == ["front matter author holds only invisible or control characters; it was ignored"]
    document, problems = only_document('---\ntitle: "\\u200B"\n---\n# Heading title\n\nBody.', path="a.md")
    assert (document.title, problems) == ("Heading title", [])


def test_manifest_fields_are_cleaned(tmp_path):
    write(tmp_path, {"a.txt": "Text.", "manifest.csv": "path,title,author\na.txt,Kyiv\u202e talks,\u200d\n"})
    documents, problems = read(tmp_path)
    assert (documents["a.txt"].title, documents["a.txt"].author, problems) == ("Kyiv talks", None, {})


def test_problem_reasons_are_clean():
    document, problems = parse_text('---\ndate: "\\uD800 soon\\u202E"\n---\nText.', path="a.md", today=TODAY)
    assert document.date is None and "is not a date" in problems.reason
    assert_clean(problems)


def test_unclean_files_cost_only_themselves_and_the_tables_can_be_written(tmp_path):
    write(tmp_path, {
        "a.md": '---\ntitle: "Talks \\uD800 resume"\n---\nThe talks resumed in Doha.',
        "b.html": "<title>&#xD800;</title><p>Envoy presents credentials.</p>",
        "c.txt": "Russia\u202e and Uk\u200draine met.",
        "d.txt": "An ordinary document beside them.",
        os.fsdecode(b"e\xff.txt"): "A name that is not UTF-8.",
    })
    items = list(read_corpus(tmp_path, today=TODAY))
    for item in items:
        assert_clean(item)
    documents = [item for item in items if isinstance(item, Document)]
    assert [document.path for document in documents] == ["a.md", "b.html", "c.txt", "d.txt", "e\\xff.txt"]
    assert documents[2].text == "Russia and Ukraine met."
    documents_table(documents).to_parquet(tmp_path / ".documents.parquet")
    problems_table(item for item in items if isinstance(item, Problem)).to_parquet(tmp_path / ".problems.parquet")


@settings(max_examples=150, deadline=None)
@given(raw=st.lists(st.sampled_from(HOSTILE_PIECES) | st.characters(), max_size=80).map("".join),
       suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_any_string_gives_clean_documents_and_problems(raw, suffix):
    for item in parse_text(raw, path=f"x\ud800{suffix}", today=TODAY):
        assert_clean(item)


# --- links, names and data folders --------------------------------------------------------------

def test_symlinks_out_of_the_corpus_are_refused_unless_allowed(tmp_path):
    outside = write(tmp_path / "outside", {"secret.txt": "Text kept outside the corpus.", "sub/b.txt": "More outside."})
    corpus_folder = write(tmp_path / "corpus", {"a.txt": "Inside the corpus.", "nested/c.txt": "Nested inside."})
    os.symlink(outside / "secret.txt", corpus_folder / "file-link.txt")
    os.symlink(outside / "sub", corpus_folder / "folder-link")
    os.symlink(outside / "secret.txt", corpus_folder / "manifest.csv")
    os.symlink("nested/c.txt", corpus_folder / "inside-link.txt")
    os.symlink("../../corpus/nested", corpus_folder / "nested" / "loop")  # out and back in: still inside
    documents, problems = read(corpus_folder)
    assert set(documents) == {"a.txt", "inside-link.txt"}
    assert set(problems) == {"file-link.txt", "folder-link", "manifest.csv", "nested/c.txt", "nested/loop"}
    for path in ("file-link.txt", "folder-link", "manifest.csv"):
        [reason] = problems[path]
        assert "symlink leads outside the corpus folder" in reason and "follow_outside_links=True" in reason
    assert "duplicate of inside-link.txt" in problems["nested/c.txt"][0]
    assert "symlink loop" in problems["nested/loop"][0]

    documents, problems = read(corpus_folder, follow_outside_links=True)
    assert {"file-link.txt", "folder-link/b.txt"} <= set(documents)
    assert documents["file-link.txt"].text == "Text kept outside the corpus."
    assert not any("symlink leads outside" in reason for reasons in problems.values() for reason in reasons)


def test_follow_outside_links_must_be_a_bool(tmp_path):
    with pytest.raises(ValueError, match="follow_outside_links='yes'"):
        read_corpus(tmp_path, follow_outside_links="yes")


def test_undecodable_names_stay_distinct(tmp_path):
    for name, text in [(b"a\xff.txt", "First speech."), (b"a\xfe.txt", "Second speech."),
                       (b"a\\xff.txt", "A backslash in the name."), ("a\u202e.txt", "An invisible character.")]:
        (tmp_path / os.fsdecode(name)).write_text(text)
    documents, problems = read(tmp_path)
    assert problems == {}
    assert set(documents) == {"a\\xff.txt", "a\\xfe.txt", "a\\\\xff.txt", "a\\u202e.txt"}
    assert len({document.doc_id for document in documents.values()}) == 4
    assert documents["a\\xff.txt"].text == "First speech." and documents["a\\xfe.txt"].text == "Second speech."


@pytest.mark.parametrize("files, is_data", [
    ({".build.lock": ""}, True),
    ({"CURRENT": "g1\n", "generations/g1/documents.parquet": b"PAR1"}, True),
    ({"CURRENT": "g1\n"}, False),  # a file named CURRENT alone is not the snapshot layout
    ({"generations/notes.txt": "Notes."}, False),
    ({"speech.txt": "Words."}, False),
])
def test_is_kit_data_for_folders(tmp_path, files, is_data):
    assert corpus.is_kit_data(write(tmp_path / "folder", files)) is is_data


@pytest.mark.parametrize("name, is_data", [("documents.parquet", True), ("OLD.PARQUET", True), ("a.txt", False)])
def test_is_kit_data_for_files(tmp_path, name, is_data):
    write(tmp_path, {name: "x"})
    assert corpus.is_kit_data(tmp_path / name) is is_data


def test_data_folders_and_tables_inside_the_corpus_are_not_read(tmp_path):
    write(tmp_path, {
        "speech.txt": "A speech.",
        "loose.parquet": b"PAR1 not a document",
        "data/.build.lock": "", "data/documents.parquet": b"PAR1", "data/notes.txt": "Not corpus either.",
        "snapshots/CURRENT": "g1\n", "snapshots/generations/g1/manifest.json": "{}",
        "snapshots/generations/g1/mentions.parquet": b"PAR1",
        "only-current/CURRENT": "g1\n",
    })
    os.symlink("data", tmp_path / "data-link")
    documents, problems = read(tmp_path)
    assert set(documents) == {"speech.txt", "only-current/CURRENT"}  # a lone CURRENT file is an ordinary file,
    assert problems == {}  # read by its content


# --- tables -------------------------------------------------------------------------------------

def test_seed_documents_table_has_the_declared_dtypes(tmp_path):
    shutil.copy(SEED, tmp_path / SEED.name)
    table = documents_table(item for item in read_corpus(tmp_path) if isinstance(item, Document))
    assert list(table.columns) == tables.columns("documents")
    assert {column: table[column].dtype for column in table} == tables.SCHEMAS["documents"]
    row = table.iloc[0]
    assert row["date"] == pd.Timestamp("2025-07-06") and row["date_precision"] == "day"
    assert row["n_chars"] > 2000 and pd.isna(row["author_id"]) and pd.isna(row["cache_key"])


def test_problems_table_and_empty_tables():
    table = problems_table([Problem("a.pdf", "corpus", "unsupported")])
    assert {column: table[column].dtype for column in table} == tables.SCHEMAS["problems"]
    assert table.to_dict("records") == [{"path": "a.pdf", "stage": "corpus", "reason": "unsupported"}]
    assert list(documents_table([]).columns) == tables.columns("documents")
    with pytest.raises(TypeError, match="expected Document"):
        documents_table([Problem("a.pdf", "corpus", "unsupported")])
