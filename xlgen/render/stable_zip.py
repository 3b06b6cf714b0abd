"""Zip packages whose bytes depend only on their content (fixed times, fixed attributes)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection, Iterable

from ..stable import ZIP_TIME

# Members are marked as made on Unix, with a regular file's mode (rw-r--r--, or rwxr-xr-x).
# Info-ZIP's unzip (the Linux command) reads the name of a member made on MS-DOS in the DOS
# code page even when the zip's UTF-8 flag is set, and extracts a member without a mode 0600.
_UNIX = 3
_FILE, _EXECUTABLE = 0o100644 << 16, 0o100755 << 16


def stable_zip_bytes(members: Iterable[tuple[str, bytes]],
                     executable: Collection[str] = ()) -> bytes:
    """A zip of ``(name, data)`` members in the given order, with fixed timestamps and attributes.

    Names that are not ASCII are stored as UTF-8 with the zip's UTF-8 flag (7-Zip, WinRAR,
    Bandizip, the Windows 10/11 Explorer and, for members marked as made on Unix, ``unzip``
    read them). Members named in ``executable`` (shell scripts) get mode 0755, others 0644.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = _UNIX
            info.external_attr = _EXECUTABLE if name in executable else _FILE
            dst.writestr(info, data)
    return out.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes, members in their original order."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return stable_zip_bytes((info.filename, src.read(info.filename)) for info in src.infolist())
