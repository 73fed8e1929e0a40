"""Tests for analysis/formats/ and analysis/language.py: the documents analysts receive → documents and problems.

Every sample file is made here: PDFs with fpdf2, Word files with python-docx, workbooks with openpyxl,
e-mail with the standard library. The texts are written for these tests.
"""

from __future__ import annotations

import datetime
import importlib
import io
import mailbox
import pkgutil
import random
import zipfile
from email.message import EmailMessage
from pathlib import Path

import docx
import openpyxl
import pytest
import spacy.lang
from fpdf import FPDF

from corpus_helpers import TODAY, read, write
from analysis import formats, language
from analysis.corpus import Document, Problem, parse_text
from analysis.formats import archive

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_1e9d3a2641c16e74.txt"
INVISIBLE = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")

GENEVA = ("The two delegations met in Geneva on Tuesday and agreed to reopen the crossing for relief convoys. "
          "Observers from the monitoring mission will inspect the first trucks before they leave the depot.")
HARBOUR = ("The port authority reopened the northern harbour after three weeks of repairs to the breakwater. "
           "Ferries to the outer islands resumed the same afternoon, and the fishing fleet returned on Friday.")
GERMAN = ("Die Regierung hat am Montag angekündigt, dass die Gespräche über den Handelsvertrag im Herbst "
          "fortgesetzt werden. Nach Angaben des Ministeriums sollen zuerst die Zölle auf landwirtschaftliche "
          "Erzeugnisse besprochen werden, bevor die Delegationen sich der Frage der Fischereirechte zuwenden.")
FRENCH = ("Le gouvernement a annoncé lundi que les négociations sur l'accord commercial reprendront à "
          "l'automne. Selon le ministère, les délégations examineront d'abord les droits de douane sur les "
          "produits agricoles, puis la question des quotas de pêche dans les eaux territoriales.")



def parsed(raw, path: str) -> tuple[list[Document], list[Problem]]:
    items = parse_text(raw, path=path, today=TODAY)
    return [item for item in items if isinstance(item, Document)], [item for item in items if isinstance(item, Problem)]


def assert_clean(document: Document) -> None:
    for value in vars(document).values():
        if isinstance(value, str):
            value.encode("utf-8")
            assert not set(value) & INVISIBLE, value


# --- sample files -------------------------------------------------------------------------------

# fpdf2 dates a PDF now unless told: after TODAY, and a problem row.
CREATED = datetime.datetime(2024, 1, 15, 12, 0, tzinfo=datetime.timezone.utc)


def pdf_bytes(*pages: str, title: str | None = None, author: str | None = None,
              created: datetime.datetime = CREATED, user_password: str | None = None,
              owner_password: str | None = None) -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(created)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    if owner_password:
        pdf.set_encryption(owner_password=owner_password, user_password=user_password)
    pdf.set_font("helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 7, text)
    return bytes(pdf.output())


def scanned_pdf_bytes() -> bytes:
    """A page with only a drawn rectangle: what a scan looks like to a text extractor."""
    pdf = FPDF()
    pdf.set_creation_date(CREATED)
    pdf.add_page()
    pdf.set_fill_color(90, 90, 90)
    pdf.rect(20, 20, 120, 80, style="F")
    return bytes(pdf.output())


def docx_bytes(*paragraphs: str, title: str | None = None, author: str | None = None,
               created: datetime.datetime | None = None, table: list[list[str]] | None = None,
               header: str | None = None) -> bytes:
    document = docx.Document()
    properties = document.core_properties
    properties.title, properties.author = title or "", author or ""
    if created:
        properties.created = created
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table):
            for cell, text in zip(row.cells, cells):
                cell.text = text
    if header:
        document.sections[0].header.paragraphs[0].text = header
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def message(subject: str, sender: str, body: str, *, date: str = "Tue, 05 Mar 2024 10:00:00 +0000",
            html: str | None = None, attachment: str | None = None) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"], mail["Date"] = subject, sender, "desk@example.org", date
    if body:
        mail.set_content(body)
        if html:
            mail.add_alternative(html, subtype="html")
    elif html:
        mail.set_content(html, subtype="html")
    if attachment:
        mail.add_attachment(b"%PDF-1.4 not really", maintype="application", subtype="pdf", filename=attachment)
    return mail


# --- PDF ----------------------------------------------------------------------------------------

def test_pdf_text_layer_and_metadata():
    raw = pdf_bytes(GENEVA, HARBOUR, title="Crossing to reopen", author="Press Office",
                    created=datetime.datetime(2024, 3, 5, 9, 30, tzinfo=datetime.timezone.utc))
    [document], problems = parsed(raw, "briefing.pdf")
    assert problems == []
    first, second = document.text.split("\n\n")  # one paragraph per page
    assert " ".join(first.split()) == GENEVA and " ".join(second.split()) == HARBOUR
    assert (document.title, document.author) == ("Crossing to reopen", "Press Office")
    assert (document.date, document.date_precision) == (datetime.date(2024, 3, 5), "day")


def test_scanned_pdf_without_text_layer_is_a_problem():
    [problem] = parse_text(scanned_pdf_bytes(), path="scan.pdf", today=TODAY)
    assert isinstance(problem, Problem)
    assert problem.reason.startswith("no text layer") and "OCR" in problem.reason


def test_pdf_needing_a_password_is_a_problem_and_one_locked_only_against_editing_is_read():
    [locked] = parse_text(pdf_bytes(GENEVA, owner_password="owner", user_password="reader"), path="locked.pdf")
    assert isinstance(locked, Problem) and locked.reason.startswith("encrypted PDF: it needs a password")
    [document], problems = parsed(pdf_bytes(HARBOUR, owner_password="owner"), "restricted.pdf")
    assert " ".join(document.text.split()) == HARBOUR and problems == []


@pytest.mark.parametrize("cut", [0.2, 0.6, 0.97])
def test_truncated_pdf_is_a_problem(cut):
    raw = pdf_bytes(GENEVA, HARBOUR)
    [problem] = parse_text(raw[:int(len(raw) * cut)], path="cut.pdf", today=TODAY)
    assert isinstance(problem, Problem) and problem.reason.startswith("damaged PDF")


# --- Word ---------------------------------------------------------------------------------------

def test_docx_paragraphs_tables_and_core_properties():
    raw = docx_bytes("Briefing note", GENEVA, "", HARBOUR, title="Weekly briefing", author="Desk Officer",
                     created=datetime.datetime(2024, 4, 2, 8, 0), table=[["Convoys", "Twelve"], ["Trucks", "Forty"]],
                     header="RESTRICTED - page header")
    [document], problems = parsed(raw, "briefing.docx")
    assert problems == []
    assert document.text.split("\n\n") == ["Briefing note", GENEVA, HARBOUR, "Convoys", "Twelve", "Trucks", "Forty"]
    assert "RESTRICTED" not in document.text  # the page header is furniture, not the document
    assert (document.title, document.author, document.date) == ("Weekly briefing", "Desk Officer",
                                                               datetime.date(2024, 4, 2))


def test_docx_merged_cell_is_read_once():
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Spanning heading"
    table.cell(1, 0).text, table.cell(1, 1).text = "Left", "Right"
    buffer = io.BytesIO()
    document.save(buffer)
    [read_back], _ = parsed(buffer.getvalue(), "merged.docx")
    assert read_back.text.split("\n\n") == ["Spanning heading", "Left", "Right"]


def test_truncated_or_foreign_docx_is_a_problem():
    raw = docx_bytes(GENEVA)
    [cut] = parse_text(raw[:len(raw) // 2], path="cut.docx")
    assert cut.reason.startswith("damaged .docx file: it is not a complete zip archive")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive_file:
        archive_file.writestr("notes.txt", GENEVA)
    [other] = parse_text(zipped.getvalue(), path="renamed.docx")
    assert other.reason.startswith("not a Word document")


def test_zip_that_unpacks_to_too_much_is_refused_unopened(monkeypatch):
    monkeypatch.setattr(archive, "ZIP_MAX_UNPACKED_BYTES", 1000)
    [problem] = parse_text(docx_bytes(GENEVA), path="bomb.docx")
    assert "over the limit of 1,000 bytes" in problem.reason and "without unpacking" in problem.reason


# --- e-mail -------------------------------------------------------------------------------------

def test_eml_subject_sender_date_and_plain_text():
    mail = message("Crossing to reopen", "Jane Analyst <jane@example.org>", GENEVA,
                   html="<p>HTML copy of the message</p>", attachment="annex.pdf")
    [document], problems = parsed(bytes(mail), "update.eml")
    assert document.text == GENEVA  # the text/plain part, not the HTML alternative
    assert (document.title, document.author) == ("Crossing to reopen", "Jane Analyst")
    assert (document.date, document.date_precision) == (datetime.date(2024, 3, 5), "day")
    assert [problem.reason for problem in problems] == [
        "1 attachment(s) not read (annex.pdf); save them beside the message to read them"]


def test_eml_with_only_html_and_a_bad_date():
    raw = (b"From: ops@example.org\nSubject: Harbour\nDate: sometime in spring\nMIME-Version: 1.0\n"
           b"Content-Type: text/html; charset=utf-8\n\n"
           b"<html><body><p>The harbour <b>reopened</b>.</p><script>track()</script></body></html>\n")
    [document], problems = parsed(raw, "harbour.eml")
    assert (document.text, document.author, document.date) == ("The harbour reopened.", "ops@example.org", None)
    assert "'sometime in spring' is not an e-mail date" in problems[0].reason


def test_mbox_gives_one_document_per_message(tmp_path):
    box = mailbox.mbox(tmp_path / "inbox.mbox")
    for number, body in enumerate([GENEVA, "From the harbour: ferries resumed.\n", HARBOUR], start=1):
        box.add(message(f"Report {number}", f"Officer {number} <officer{number}@example.org>", body))
    box.flush()
    box.close()
    documents, problems = read(tmp_path)
    assert list(documents) == ["inbox.mbox#1", "inbox.mbox#2", "inbox.mbox#3"] and problems == {}
    assert [document.title for document in documents.values()] == ["Report 1", "Report 2", "Report 3"]
    assert documents["inbox.mbox#2"].text == "From the harbour: ferries resumed."  # mbox's ">From " escape undone
    assert documents["inbox.mbox#3"].author == "Officer 3"


def test_file_named_mbox_that_is_no_mailbox_is_a_problem():
    [problem] = parse_text(GENEVA, path="notes.mbox")
    assert problem.reason.startswith("not an mbox mailbox")


# --- tables of articles -------------------------------------------------------------------------

@pytest.mark.parametrize("header, delimiter", [
    (["Headline", "Full_Text", "Published", "Source", "Byline"], ","),
    (["TITLE", "content", "publication date", "outlet", "Author"], ";"),
    (["title", "Article", "Publication-Date", "Publication", "byline"], "\t"),
], ids=["nexis-like", "semicolons", "tabs"])
def test_csv_of_articles_finds_its_columns_by_header(header, delimiter):
    rows = [header, ["Crossing to reopen", GENEVA, "2024-03-05", "Example Wire", "J. Roe"],
            ["Harbour reopens", HARBOUR, "2024-03", "Coast Daily", "K. Doe"]]
    raw = "\n".join(delimiter.join(f'"{cell}"' for cell in row) for row in rows) + "\n"
    documents, problems = parsed(raw, "export.csv")
    assert problems == []
    assert [document.path for document in documents] == ["export.csv#row-2", "export.csv#row-3"]
    geneva, harbour = documents
    assert (geneva.text, geneva.title, geneva.source, geneva.author) == (GENEVA, "Crossing to reopen",
                                                                           "Example Wire", "J. Roe")
    assert (geneva.date, harbour.date_precision) == (datetime.date(2024, 3, 5), "month")


def test_csv_dates_written_as_news_databases_write_them():
    raw = ('title,text,date\n'
           f'One,"{GENEVA}",5 March 2024\n'
           f'Two,"{HARBOUR}","Tue, 12 Mar 2024 10:00:00 GMT"\n'
           'Three,"The talks went on through the spring.",March 2024\n'
           'Four,"Nothing was agreed on the day.",yesterday\n')
    documents, problems = parsed(raw, "export.csv")
    assert [(document.date, document.date_precision) for document in documents] == [
        (datetime.date(2024, 3, 5), "day"), (datetime.date(2024, 3, 12), "day"), (datetime.date(2024, 3, 1), "month"),
        (None, "unknown")]
    assert len(problems) == 1 and "'yesterday'" in problems[0].reason and "is not a date" in problems[0].reason


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them():
    raw = ('title,body\n"Two lines","First line of the cell.\nSecond line of the cell."\n,\n'
           'Empty text,\nLast,"The last article."\nAgain,"The last article."\n')
    documents, problems = parsed(raw, "a.csv")
    assert [document.path for document in documents] == ["a.csv#row-2", "a.csv#row-5", "a.csv#row-6"]
    assert documents[0].text == "First line of the cell.\nSecond line of the cell."
    # Row 3 is blank (skipped silently); row 4 has no text.
    assert [(problem.path, problem.reason) for problem in problems] == [
        ("a.csv#row-4", "row 4 has no text in column 'body'; skipped")]


def test_repeated_row_is_a_duplicate_of_the_first(tmp_path):
    write(tmp_path, {"a.csv": f'title,text\nOne,"{GENEVA}"\nTwo,"{GENEVA}"\n'})
    documents, problems = read(tmp_path)
    assert list(documents) == ["a.csv#row-2"]
    assert problems == {"a.csv#row-3": ["duplicate of a.csv#row-2: the same text was read there; skipped"]}


def test_csv_without_a_text_column_names_its_headers():
    [problem] = parse_text("country,population\nNorway,5500000\n", path="figures.csv")
    assert problem.reason.startswith("no text column")
    assert "headers found: 'country', 'population'" in problem.reason


def test_csv_broken_half_way_keeps_the_rows_before(monkeypatch):
    raw = f'title,text\nFirst,"{GENEVA}"\nSecond,"unclosed {HARBOUR}'
    documents, problems = parsed(raw, "half.csv")
    assert [document.path for document in documents] == ["half.csv#row-2"]
    assert [problem.path for problem in problems] == ["half.csv"]
    assert problems[0].reason.startswith("not valid CSV from line")


def test_manifest_stays_metadata_beside_tables_of_articles(tmp_path):
    write(tmp_path, {
        "export.csv": f'headline,body,source\nCrossing,"{GENEVA}",Column Wire\n',
        "manifest.csv": "path,source\nexport.csv,Manifest Wire\n",
    })
    documents, problems = read(tmp_path)
    assert list(documents) == ["export.csv#row-2"] and problems == {}
    assert documents["export.csv#row-2"].source == "Manifest Wire"  # the manifest beats the file's columns


def test_xlsx_of_articles_with_a_summary_sheet():
    raw = xlsx_bytes({
        "Summary": [["Search", "Hits"], ["crossing", 2]],
        "Articles": [["Headline", "Body", "Date", "Byline"],
                     ["Crossing to reopen", GENEVA, datetime.datetime(2024, 3, 5, 14, 0), "J. Roe"],
                     [None, None, None, None],
                     ["Harbour reopens", HARBOUR, 2023, None]],
    })
    documents, problems = parsed(raw, "export.xlsx")
    assert problems == []
    assert [document.path for document in documents] == ["export.xlsx#Articles/row-2", "export.xlsx#Articles/row-4"]
    assert (documents[0].title, documents[0].author, documents[0].date) == ("Crossing to reopen", "J. Roe",
                                                                           datetime.date(2024, 3, 5))
    assert (documents[1].date, documents[1].date_precision) == (datetime.date(2023, 1, 1), "year")


def test_xlsx_of_one_sheet_uses_plain_row_anchors_and_refuses_without_a_text_column():
    documents, _ = parsed(xlsx_bytes({"Sheet1": [["title", "text"], ["Harbour", HARBOUR]]}), "one.xlsx")
    assert [document.path for document in documents] == ["one.xlsx#row-2"]
    [problem] = parse_text(xlsx_bytes({"Sheet1": [["name", "score"], ["x", 1]]}), path="scores.xlsx")
    assert problem.reason.startswith("no text column") and "'name', 'score'" in problem.reason


# --- saved web pages ----------------------------------------------------------------------------

SAVED_PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Crossing to reopen | Example News</title>
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
<meta name="author" content="Staff Reporter"><meta property="og:site_name" content="Example News"></head>
<body>
<div id="cookie-banner" class="cookie-consent">We use cookies to measure our audience. Accept all cookies or
manage your cookie preferences.</div>
<header class="site-header"><a href="/">Example News home</a>
<nav><ul><li><a href="/world">World desk</a></li><li><a href="/markets">Markets desk</a></li>
<li><a href="/subscribe">Subscribe today</a></li></ul></nav></header>
<main><article><h1>Crossing to reopen</h1>
<p>{GENEVA}</p>
<p>The agreement was signed on <time datetime="2024-03-04">4 March</time> by both chief negotiators.</p>
<p>{HARBOUR}</p></article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a">Grain prices climb again</a></li>
<li><a href="/b">Storm warning for the coast</a></li></ul></aside></main>
<footer class="site-footer"><p>Copyright 2024 Example News. All rights reserved.</p>
<a href="/privacy">Privacy notice</a></footer></body></html>"""
BOILERPLATE = ["cookie", "Example News home", "World desk", "Markets desk", "Subscribe today", "Related stories",
               "Grain prices", "Copyright", "Privacy notice"]


@pytest.mark.parametrize("name", ["story.html", "story.php", "story.aspx?id=7", "story.shtml", "story"])
def test_saved_page_main_text_without_navigation_or_boilerplate(tmp_path, name):
    write(tmp_path, {name: SAVED_PAGE})
    documents, problems = read(tmp_path)
    assert problems == {}
    document = documents[name]
    assert document.text.split("\n\n") == [
        "Crossing to reopen", GENEVA, "The agreement was signed on 4 March by both chief negotiators.", HARBOUR]
    assert not [words for words in BOILERPLATE if words.lower() in document.text.lower()]
    assert (document.title, document.author, document.source) == ("Crossing to reopen | Example News",
                                                                  "Staff Reporter", "Example News")
    assert document.date == datetime.date(2024, 3, 5)


def test_short_article_is_not_read_twice():
    # Under 250 characters, trafilatura 2.0 appends the article's paragraphs a second time (#879).
    page = ("<html><body><nav>Menu words</nav><article><h1>Quay</h1><p>The quay reopened on Monday morning.</p>"
            "<p>Cranes were back at work by noon.</p></article><footer>Footer words</footer></body></html>")
    [document], _ = parsed(page, "quay.html")
    assert document.text.split("\n\n") == ["Quay", "The quay reopened on Monday morning.",
                                           "Cranes were back at work by noon."]


def test_page_without_main_text_falls_back_to_its_visible_text():
    page = "<html><body><ul><li><a href='/a'>Alpha story</a></li><li><a href='/b'>Beta story</a></li></ul></body></html>"
    assert formats.html.main_text(page, []) == ""
    [document], _ = parsed(page, "index.html")
    assert document.text == "Alpha story\n\nBeta story"


# --- read by content ----------------------------------------------------------------------------

@pytest.mark.parametrize("name, raw, expected", [
    ("notes", "Plain notes with no markup at all.", "Plain notes with no markup at all."),
    ("dated", "Date: 2025-07-06\nA text with the kit's date header.", "A text with the kit's date header."),
    ("fragment.asp", "<p>A fragment of a page.</p>", "A fragment of a page."),
    ("message", bytes(message("Crossing", "jane@example.org", GENEVA)), GENEVA),
    ("document", pdf_bytes(HARBOUR), HARBOUR),
    ("letter", docx_bytes(GENEVA), GENEVA),
], ids=["text", "date-header-is-no-mail", "html-fragment", "e-mail", "pdf", "docx"])
def test_files_without_a_telling_name_are_read_by_their_content(name, raw, expected):
    [document], _ = parsed(raw, name)
    assert " ".join(document.text.split()) == " ".join(expected.split())


def test_mailbox_without_extension(tmp_path):
    box = mailbox.mbox(tmp_path / "inbox")
    box.add(message("One", "a@example.org", GENEVA))
    box.add(message("Two", "b@example.org", HARBOUR))
    box.close()
    documents, _ = read(tmp_path)
    assert [document.title for document in documents.values()] == ["One", "Two"]


@pytest.mark.parametrize("raw, words", [
    (random.Random(3).randbytes(2048), "binary content"),
    (b"PK\x03\x04" + random.Random(4).randbytes(500), "damaged zip file"),
], ids=["random-bytes", "broken-zip"])
def test_unreadable_content_without_extension_is_a_problem(raw, words):
    [problem] = parse_text(raw, path="blob")
    assert isinstance(problem, Problem) and words in problem.reason


def test_bad_files_cost_only_themselves(tmp_path):
    pdf, word = pdf_bytes(GENEVA), docx_bytes(HARBOUR)
    write(tmp_path, {"a_cut.pdf": pdf[:len(pdf) // 3], "b_cut.docx": word[:len(word) // 3], "c.txt": GENEVA,
                     "d.pdf": pdf, "e.docx": word, "f.xlsx": b"PK\x03\x04 not a workbook"})
    documents, problems = read(tmp_path)
    assert set(documents) == {"c.txt", "d.pdf", "e.docx"} and set(problems) == {"a_cut.pdf", "b_cut.docx", "f.xlsx"}
    assert problems["a_cut.pdf"][0].startswith("damaged PDF")
    assert problems["b_cut.docx"][0].startswith("damaged .docx")
    assert problems["f.xlsx"][0].startswith("damaged .xlsx")


def test_binary_formats_obey_max_bytes(tmp_path):
    write(tmp_path, {"big.pdf": pdf_bytes(GENEVA, HARBOUR)})
    _, problems = read(tmp_path, max_bytes=500)
    assert problems["big.pdf"][0].startswith("file too large")


def test_strings_from_binary_formats_are_clean():
    raw = docx_bytes("Russia\u202e and Uk\u200draine met again.", title="Talks\u2067 resume", author="Desk\u200b")
    [document], _ = parsed(raw, "hidden.docx")
    assert (document.text, document.title, document.author) == ("Russia and Ukraine met again.", "Talks resume", "Desk")
    assert_clean(document)
    [row], _ = parsed(f'title,text\n"Kyiv\u202e talks","{GENEVA}\u200b"\n', "rows.csv")
    assert row.title == "Kyiv talks" and row.text == GENEVA
    assert_clean(row)


# --- language -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, raw, language_words", [
    ("german.txt", GERMAN, "German (de"),
    ("french.html", f"<html><body><article><p>{FRENCH}</p></article></body></html>", "French (fr"),
    ("german.docx", docx_bytes(*GERMAN.split(". ")), "German (de"),
])
def test_documents_not_in_english_are_problems_naming_the_language(tmp_path, name, raw, language_words):
    write(tmp_path, {name: raw, "english.txt": GENEVA})
    documents, problems = read(tmp_path)
    assert set(documents) == {"english.txt"}
    [reason] = problems[name]
    assert reason.startswith(f"not in English: the text reads as {language_words}") and "english_only=False" in reason


def test_other_languages_kept_on_request_and_short_texts_always(tmp_path):
    write(tmp_path, {"german.txt": GERMAN, "short.txt": "Die Gespräche gehen im Herbst weiter."})
    documents, problems = read(tmp_path)
    assert set(documents) == {"short.txt"} and set(problems) == {"german.txt"}
    documents, problems = read(tmp_path, english_only=False)
    assert set(documents) == {"german.txt", "short.txt"} and problems == {}


def test_language_judgement_has_a_threshold_and_a_bounded_sample(monkeypatch):
    assert language.foreign_language(GERMAN[:language.MIN_CHARS - 1]) is None
    assert language.foreign_language(GERMAN)[0] == "de"
    appended = []
    real_factory = language._factory()

    class Recording:
        def create(self):
            detector = real_factory.create()
            original = detector.append
            detector.append = lambda text: (appended.append(len(text)), original(text))[1]
            return detector

    monkeypatch.setattr(language, "_factory", Recording)
    assert language.foreign_language(GERMAN * 200)[0] == "de"
    assert appended == [language.SAMPLE_CHARS]


def test_plain_english_never_reaches_langdetect(monkeypatch):
    def refuse():
        raise AssertionError("langdetect was asked about plain English")

    monkeypatch.setattr(language, "_factory", refuse)
    for text in (SEED.read_text(encoding="utf-8"), GENEVA + " " + HARBOUR):
        assert language.foreign_language(text) is None


def test_the_seed_is_english_for_langdetect_itself(monkeypatch):
    monkeypatch.setattr(language, "ENGLISH_SHARE", 2.0)  # no shortcut: langdetect judges every sample
    assert language.foreign_language(SEED.read_text(encoding="utf-8")) is None
    assert language.foreign_language(GENEVA + " " + HARBOUR) is None
    assert language.foreign_language(FRENCH)[0] == "fr"


def test_english_shortcut_words_are_common_words_of_no_other_language():
    for module in pkgutil.iter_modules(spacy.lang.__path__):
        if not module.ispkg or module.name == "en":
            continue
        try:
            stop_words = importlib.import_module(f"spacy.lang.{module.name}.stop_words").STOP_WORDS
        except ImportError:
            continue
        assert not language.ENGLISH_WORDS & {word.lower() for word in stop_words}, module.name
