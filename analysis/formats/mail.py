"""E-mail (.eml) and mailboxes (.mbox) → one part per message: its text, subject, sender and date.

Parsed with the standard library's `email` package (policy.default). Subject → title, From → author
(the display name, else the address; several senders joined with "; "), Date → date. The text is
the text/plain body, else the visible text of the text/html body; attachments are not read (a note
names them: save them beside the message to read them).

An mbox is split the way `mailbox.mbox` splits it — every line starting with "From " begins a
message — but from the bytes the corpus read under its size limit (`mailbox.mbox` opens the path
itself, read-write). Body lines escaped as ">From " are unescaped. Messages are numbered from 1 in
file order: the third is ``box.mbox#3``.
"""

from __future__ import annotations

import email
import re
from email import policy
from email.message import EmailMessage
from typing import Iterator

from analysis.formats.html import soup, visible_text
from analysis.formats.part import Part, Unusable
from analysis.text_hygiene import decode

ORIGIN = "e-mail headers"
_MESSAGE_START = re.compile(rb"^From ", re.MULTILINE)
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


def from_eml(raw: bytes) -> Part:
    try:
        return _message_part(email.message_from_bytes(raw, policy=policy.default))
    except Exception as error:  # the email package can raise on a header it cannot parse; no file may stop the walk
        raise Unusable(f"damaged e-mail: it could not be read ({type(error).__name__}: {error}); skipped") from None


def from_mbox(raw: bytes) -> Iterator[Part]:
    starts = [match.start() for match in _MESSAGE_START.finditer(raw)]
    if not starts or raw[:starts[0]].strip():
        raise Unusable("not an mbox mailbox: it does not begin with a 'From ' line; skipped "
                       "(a single message is read as .eml)")
    for number, (start, end) in enumerate(zip(starts, [*starts[1:], len(raw)]), start=1):
        anchor = f"#{number}"
        try:
            message = email.message_from_bytes(_ESCAPED_FROM.sub(rb"\1", raw[start:end]), policy=policy.default)
            part = _message_part(message)
        except Exception as error:  # one malformed message costs only itself
            yield Part("", anchor=anchor, refused=f"message {number} could not be read "
                                                  f"({type(error).__name__}: {error}); skipped")
            continue
        part.anchor = anchor
        yield part


def _message_part(message: EmailMessage) -> Part:
    notes: list[str] = []
    fields = {"title": _header(message, "subject"), "author": _sender(message), "date": _date(message, notes)}
    body = message.get_body(preferencelist=("plain", "html"))
    text = ""
    if body is not None:
        text = _content(body)
        if body.get_content_type() == "text/html":
            text = visible_text(soup(text))
    attachments = [part.get_filename() or part.get_content_type() for part in message.iter_attachments()]
    if attachments:
        notes.append(f"{len(attachments)} attachment(s) not read ({', '.join(attachments[:5])}"
                     f"{', …' if len(attachments) > 5 else ''}); save them beside the message to read them")
    return Part(text, fields, notes, origin=ORIGIN)


def _content(part) -> str:
    try:
        return part.get_content()
    except (LookupError, ValueError, AssertionError):  # an unknown charset or a broken transfer encoding
        payload = part.get_payload(decode=True)
        return decode(payload) if isinstance(payload, bytes) else str(payload or "")


def _header(message: EmailMessage, name: str) -> str | None:
    value = message.get(name)
    return str(value) if value is not None else None


def _sender(message: EmailMessage) -> str | None:
    header = message.get("from")
    if header is None:
        return None
    names = [address.display_name or address.addr_spec for address in getattr(header, "addresses", ())]
    return "; ".join(name for name in names if name) or str(header)


def _date(message: EmailMessage, notes: list[str]):
    header = message.get("date")
    if header is None:
        return None
    when = getattr(header, "datetime", None)
    if when is None:  # the parsed header of a date it cannot read is empty: quote the line as written
        written = next((str(value) for name, value in message.raw_items() if name.lower() == "date"), "")
        notes.append(f"{ORIGIN} date {' '.join(written.split())[:80]!r} is not an e-mail date (RFC 5322); "
                     "the date was ignored")
    return when
