"""xlgen's own bookkeeping files hidden in Windows Explorer.

xlgen keeps a few files for itself beside the outputs (``.xlgen-build.json``,
``.xlgen-pdf.json``): a leading dot hides them on Linux and macOS, but Explorer shows them,
and a clerk may attach them to an email or delete them. On Windows each one gets the hidden
attribute once written (a rename gives the new file the attributes of the temporary file it
was written to, so this is done after every write). Any failure is ignored: the file only
saves time.

Only ``kernel32`` through ctypes: no dependency. ``kernel32`` is a parameter so that the
calls are tested on any platform with a stand-in (as in winjob.py).
"""

from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any

OWN_PREFIX = ".xlgen-"  # every file xlgen keeps for itself is named so
FILE_ATTRIBUTE_HIDDEN = 0x2
INVALID_FILE_ATTRIBUTES = 0xFFFFFFFF


def is_own_file(name: str) -> bool:
    """Whether ``name`` is one of the files xlgen keeps for itself (never for a clerk)."""
    return name.startswith(OWN_PREFIX)


def _kernel32() -> Any:
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.GetFileAttributesW.restype = ctypes.c_uint32
    kernel32.GetFileAttributesW.argtypes = [ctypes.c_wchar_p]
    kernel32.SetFileAttributesW.restype = ctypes.c_int
    kernel32.SetFileAttributesW.argtypes = [ctypes.c_wchar_p, ctypes.c_uint32]
    return kernel32


def hide(path: Path, kernel32: Any = None) -> bool:
    """Give ``path`` the hidden attribute, keeping its others; False when Windows refused
    (or this is not Windows). Never raises."""
    try:
        k = kernel32 if kernel32 is not None else _kernel32()
        name = str(Path(path).absolute())
        attributes = k.GetFileAttributesW(name)
        if attributes == INVALID_FILE_ATTRIBUTES:
            return False
        if attributes & FILE_ATTRIBUTE_HIDDEN:
            return True
        return bool(k.SetFileAttributesW(name, attributes | FILE_ATTRIBUTE_HIDDEN))
    except Exception:  # no kernel32 (not Windows), a refusal: the file only saves time
        return False


__all__ = ["OWN_PREFIX", "hide", "is_own_file"]
