"""Zip-based files (.docx, .xlsx) → the names they hold, refused when damaged or when they unpack to too much."""

from __future__ import annotations

import io
import zipfile

from analysis.formats.part import Unusable

# A few hundred kilobytes of zip can declare gigabytes of XML; Word and Excel files of real articles
# unpack to a few megabytes.
ZIP_MAX_UNPACKED_BYTES = 200_000_000


def zip_names(raw: bytes, *, kind: str) -> set[str]:
    """The member names of the zip archive `raw`, a file of `kind` (".docx", ".xlsx"); Unusable if it is none."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise Unusable(f"damaged {kind} file: it is not a complete zip archive ({error}); skipped "
                       "(a download cut short, or another format renamed)") from None
    unpacked = sum(member.file_size for member in members)
    if unpacked > ZIP_MAX_UNPACKED_BYTES:
        raise Unusable(f"{kind} file unpacks to {unpacked:,} bytes, over the limit of {ZIP_MAX_UNPACKED_BYTES:,} "
                       "bytes (a zip bomb?); skipped without unpacking it")
    return {member.filename for member in members}


def is_zip(raw: bytes) -> bool:
    return raw[:4] == b"PK\x03\x04"
