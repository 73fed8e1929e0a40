"""Saved web pages → their main text (trafilatura), else their visible text, and their metadata.

The main text is what trafilatura takes for the article: navigation, headers, footers, cookie
banners, related links and comments are left out. It is called with ``favor_precision=True`` for two
reasons: without it a page whose article is short is "rescued" by trafilatura's baseline, which
puts the navigation back and splits a paragraph at every inline tag; and precision is what an
analyst's tables need. Its output is read paragraph by paragraph (headings, paragraphs, list items,
quotations, table cells; a line break ends a paragraph, as in the visible text). Two of its habits
are undone:

- it drops ``<time>`` elements with their words ("On <time>1 February</time> the ministers met"
  lost its date), so they are made plain ``<span>`` first;
- when an article is under 250 characters its wild-text recovery appends the same paragraphs a
  second time (adbar/trafilatura#879, whatever the options), so a paragraph repeating an earlier
  one word for word is dropped.

When trafilatura finds no main text (a page that is all links, a tiny fragment, a tree too deep
for lxml) the page's visible text is used instead: one paragraph per block element, without
scripts, styles, templates, SVG or the <title>; walked with an explicit stack, so 100 000 nested
<div>s cost linear time. Metadata: <title> (else og:title), the first of the date metas
(article:published_time, date, pubdate, …) else <time datetime>, the author meta, og:site_name.
"""

from __future__ import annotations

import warnings

import trafilatura
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag, XMLParsedAsHTMLWarning
from lxml import etree

from analysis.formats.part import Part

# <head> itself is not dropped: html.parser does not close an unclosed <head> at <body>, so dropping
# it can drop the whole page; what a head holds is void (meta, link) or dropped here anyway.
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "title"})
_BLOCKS = frozenset("address article aside blockquote body br dd details dialog div dl dt fieldset figcaption "
                    "figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary "
                    "table tbody td tfoot th thead tr ul".split())
_DATE_METAS = ("article:published_time", "date", "pubdate", "publishdate", "dc.date", "dcterms.created")
# The elements of trafilatura's output that hold a paragraph of their own (lb: a line break).
_MAIN_BLOCKS = frozenset({"p", "head", "item", "quote", "cell", "code", "pre", "lb", "list", "table", "row", "div"})


def from_html(text: str) -> Part:
    page = soup(text)
    notes: list[str] = []
    body = main_text(text, notes) or visible_text(page)
    return Part(body, html_fields(page), notes, origin="HTML meta")


def main_text(markup: str, notes: list[str]) -> str:
    """The article's paragraphs as trafilatura finds them, or "" when it finds none."""
    try:
        tree = trafilatura.load_html(markup)
        if tree is None:
            return ""
        for element in tree.iter("time"):
            element.tag = "span"
        document = trafilatura.bare_extraction(tree, favor_precision=True, include_comments=False,
                                               include_tables=True, with_metadata=False)
    except Exception as error:  # any failure of the extractor costs the page its main text, not the page
        notes.append(f"the main text could not be told from the page ({type(error).__name__}: {error}); "
                     "its whole visible text was kept")
        return ""
    body = getattr(document, "body", None)
    if body is None:
        return ""
    paragraphs, seen = [], set()
    for paragraph in _main_paragraphs(body):
        if paragraph not in seen:
            seen.add(paragraph)
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def _main_paragraphs(body) -> list[str]:
    paragraphs, pieces = [], []
    for event, element in etree.iterwalk(body, events=("start", "end")):
        if not isinstance(element.tag, str):  # a comment or processing instruction: only its tail is text
            if event == "end":
                pieces.append(element.tail or "")
        elif event == "start":
            if element.tag in _MAIN_BLOCKS:
                _end_paragraph(pieces, paragraphs)
            pieces.append(element.text or "")
        else:
            if element.tag in _MAIN_BLOCKS:
                _end_paragraph(pieces, paragraphs)
            if element is not body:
                pieces.append(element.tail or "")
    _end_paragraph(pieces, paragraphs)
    return paragraphs


def soup(markup: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        # Both warn about the input ("looks like a URL", "looks like XML"); the text is read either way.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(markup, "html.parser")


def visible_text(page: BeautifulSoup) -> str:
    """The text a reader sees: one paragraph per block element, whitespace collapsed.

    Walks the nodes in document order with an explicit stack of open tags, never recursion, so a
    page of 100 000 nested <div>s costs linear time and no Python stack.
    """
    paragraphs, pieces, open_tags, hidden = [], [], [], 0  # hidden: how many open tags are invisible
    for node in page.descendants:
        while open_tags and open_tags[-1] is not node.parent:
            closed = open_tags.pop()
            hidden -= closed.name in INVISIBLE_TAGS
            if closed.name in _BLOCKS:
                _end_paragraph(pieces, paragraphs)
        if isinstance(node, Tag):
            if node.name in _BLOCKS:
                _end_paragraph(pieces, paragraphs)
            hidden += node.name in INVISIBLE_TAGS
            open_tags.append(node)
        elif not hidden and type(node) is NavigableString:  # subclasses: comment, doctype, script text…
            pieces.append(node)
    _end_paragraph(pieces, paragraphs)
    return "\n\n".join(paragraphs)


def _end_paragraph(pieces: list[str], paragraphs: list[str]) -> None:
    paragraph = " ".join("".join(pieces).split())
    if paragraph:
        paragraphs.append(paragraph)
    pieces.clear()


def html_fields(page: BeautifulSoup) -> dict:
    metas: dict[str, str] = {}
    for meta in page.find_all("meta"):
        key = str(meta.get("property") or meta.get("name") or "").strip().lower()
        content = " ".join(str(meta.get("content") or "").split())
        if key and content:
            metas.setdefault(key, content)
    title, time = page.find("title"), page.find("time", attrs={"datetime": True})
    date = next((metas[key] for key in _DATE_METAS if key in metas), None) or (time and str(time["datetime"]).strip())
    title = (title and " ".join(title.get_text(" ").split())) or metas.get("og:title")
    return {"title": title, "date": date, "author": metas.get("author"), "source": metas.get("og:site_name")}
