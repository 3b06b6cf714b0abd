"""Zip packages whose bytes depend only on their content (fixed times, fixed attributes)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection, Iterable
from typing import IO, Any

from ..stable import ZIP_TIME

# Members are marked as made on Unix, with a regular file's mode (rw-r--r--, or rwxr-xr-x).
# Info-ZIP's unzip (the Linux command) reads the name of a member made on MS-DOS in the DOS
# code page even when the zip's UTF-8 flag is set, and extracts a member without a mode 0600.
_UNIX = 3
_FILE, _EXECUTABLE = 0o100644 << 16, 0o100755 << 16


def stable_info(name: str, executable: bool = False) -> zipfile.ZipInfo:
    """A member's header: fixed time, made on Unix, mode 0644 (0755 when ``executable``)."""
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = _UNIX
    info.external_attr = _EXECUTABLE if executable else _FILE
    return info


class StableZipFile(zipfile.ZipFile):
    """A zip being written whose members get ``stable_info`` headers, whether added with
    ``writestr(name, data)`` or streamed with ``open(name, "w")`` (a ZipInfo given to
    ``open`` is taken as it is): what a library writes into it needs no second pass
    (``normalise_zip``)."""

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        name = (zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo)
                else zinfo_or_arcname)
        super().writestr(stable_info(name), data)

    def open(self, name: str | zipfile.ZipInfo, mode: str = "r", pwd: bytes | None = None,
             *, force_zip64: bool = False) -> IO[bytes]:
        if mode == "w" and not isinstance(name, zipfile.ZipInfo):
            name = stable_info(name)
        return super().open(name, mode, pwd, force_zip64=force_zip64)  # type: ignore[arg-type]


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
            dst.writestr(stable_info(name, name in executable), data)
    return out.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes, members in their original order."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return stable_zip_bytes((info.filename, src.read(info.filename)) for info in src.infolist())
