"""Zip packages whose bytes depend only on their content (fixed times, fixed attributes)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def stable_zip_bytes(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of ``(name, data)`` members in the given order, with fixed timestamps and attributes.

    Names that are not ASCII are stored as UTF-8 with the zip's UTF-8 flag (7-Zip, WinRAR,
    Bandizip and the Windows 10/11 Explorer read them).
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, data)
    return out.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes, members in their original order."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return stable_zip_bytes((info.filename, src.read(info.filename)) for info in src.infolist())
