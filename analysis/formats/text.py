"""Plain text and Markdown → text and the metadata written into them (date header, front matter).

- ``.txt``: an optional ``date YYYY-MM-DD`` header at the very start (colon optional, same line as
  the text or its own) is cut from the text.
- ``.md`` / ``.markdown``: YAML front matter (title, date, source, author) read with a safe loader
  that refuses anchors, aliases and front matter over 64 KB; the body becomes plain prose (headings,
  paragraphs, list items and table cells; code goes).
"""

from __future__ import annotations

import datetime
import re

import yaml
from frontmatter.default_handlers import YAMLHandler
from markdown_it import MarkdownIt

from analysis.formats.html import INVISIBLE_TAGS, soup, visible_text
from analysis.formats.part import Part
from analysis.text_hygiene import clean_field

FRONT_MATTER_MAX_BYTES = 65_536

_HEADER_DATE = re.compile(r"\A\s*date[ \t]*:?[ \t]*(\d{4}-\d{1,2}-\d{1,2})(?![\w-])", re.IGNORECASE)
_INLINE_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)")


def from_txt(text: str) -> Part:
    match = _HEADER_DATE.match(text)
    if not match:
        return Part(text, origin="header")
    return Part(text[match.end():], {"date": match[1]}, origin="header")


def from_markdown(text: str) -> Part:
    """Front matter, then the words of headings, paragraphs, list items and table cells; code goes.

    Walks markdown-it's flat token list (no HTML round trip, which would parse every file twice).
    """
    body, fields, notes = _front_matter(text)
    paragraphs, heading = [], None
    tokens = _MARKDOWN.parse(body)
    for previous, token in zip([None, *tokens], tokens):
        if token.type == "inline":
            paragraphs.append(_inline_text(token.children or []))
            heading = heading or (paragraphs[-1] if previous.type == "heading_open" else None)
        elif token.type == "html_block":
            paragraphs.append(visible_text(soup(token.content)))
    fields["title"] = clean_field(fields.get("title")) or heading  # a title of invisible characters is none
    return Part("\n\n".join(paragraph for paragraph in paragraphs if paragraph), fields, notes, origin="front matter")


def _inline_text(children) -> str:
    pieces, hidden = [], None  # hidden: the invisible inline tag we are in, e.g. <script>…</script>
    for child in children:
        if child.type == "html_inline":
            match = _INLINE_TAG.match(child.content)
            if match and match[2].lower() in INVISIBLE_TAGS:
                hidden = None if match[1] else match[2].lower()
        elif not hidden and child.type in ("text", "code_inline", "softbreak", "hardbreak"):
            pieces.append(child.content or " ")
    return " ".join("".join(pieces).split())


class _PlainYamlLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases: they let a few bytes expand to gigabytes."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.YAMLError("it uses YAML anchors or aliases (&name, *name), which are refused")
        return super().compose_node(parent, index)


# Dates stay text: YAML's own timestamp reader raises ValueError on "2024-13-45", which lost the whole
# document; as text, the corpus reports the bad date and the title, source and author are kept.
_PlainYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


class _FrontMatterHandler(YAMLHandler):
    def load(self, fm: str, **kwargs) -> object:
        if len(fm.encode("utf-8")) > FRONT_MATTER_MAX_BYTES:
            raise yaml.YAMLError(f"it is over {FRONT_MATTER_MAX_BYTES:,} bytes")
        return yaml.load(fm, Loader=_PlainYamlLoader)


_FRONT_MATTER = _FrontMatterHandler()
_MARKDOWN = MarkdownIt("commonmark").enable("table")


def _front_matter(text: str) -> tuple[str, dict, list[str]]:
    if not _FRONT_MATTER.detect(text):
        return text, {}, []
    try:
        raw_fields, body = _FRONT_MATTER.split(text)
    except ValueError:
        return text, {}, ["front matter starts with '---' but never ends; the whole file was read as text"]
    ignored = "front matter ignored ({}); the text was kept without its title, date, source and author"
    try:
        loaded = _FRONT_MATTER.load(raw_fields)
    except RecursionError:
        return body, {}, [ignored.format("it is nested too deeply")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return body, {}, [ignored.format(f"invalid YAML: {error.problem} at line {mark.line + 1}" if mark else error)]
    except (ValueError, TypeError, OverflowError) as error:  # a value YAML parses but cannot build
        return body, {}, [ignored.format(f"a value could not be read: {error}")]
    if not isinstance(loaded, (dict, type(None))):
        return body, {}, [ignored.format(f"it is a {type(loaded).__name__}, not fields like 'title: ...'")]
    loaded = {str(key).strip().lower(): value for key, value in (loaded or {}).items()}
    fields, notes = {"date": loaded.get("date")}, []
    for key in ("title", "source", "author"):
        value = loaded.get(key)
        if isinstance(value, (list, tuple)) and all(isinstance(item, (str, int, float)) for item in value):
            value = "; ".join(str(item) for item in value)
        if isinstance(value, (str, int, float, datetime.date)):
            fields[key] = str(value).strip()
        elif value is not None:
            notes.append(f"front matter field {key!r} is a {type(value).__name__}, not text; it was ignored")
    return body, fields, notes
