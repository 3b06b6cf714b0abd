"""The console: never a traceback because it cannot show a character.

A Chinese Windows console, or output redirected there (``xlgen validate … > log.txt``),
encodes as GBK, which has no emoji and no non-breaking space; a message quoting such a cell
used to crash. Characters the stream cannot encode are replaced (a space-like one by a
space, any other by ``?``); ``--json`` escapes them instead (``\\u00a0``), so the JSON stays
exact and parseable.
"""

from __future__ import annotations

import codecs
import io
import json
import sys
import unicodedata
from typing import Any

HANDLER = "xlgen_console"  # a codecs error handler (not a problem code)


def _replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    text = "".join(" " if unicodedata.category(ch) == "Zs" else "?" for ch in bad)
    return text, exc.end


codecs.register_error(HANDLER, _replace)


def setup_streams() -> None:
    """Make stdout and stderr replace what they cannot encode instead of raising (stdout) or
    writing ``\U0001f600`` (stderr: Python's own choice), so both say ``?`` alike."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict",
                                                                      "backslashreplace"):
            try:
                stream.reconfigure(errors=HANDLER)
            except (ValueError, io.UnsupportedOperation):  # a closed or detached stream
                pass


def _encoding(stream: Any) -> str:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return "utf-8"


def json_text(data: Any, stream: Any = None) -> str:
    """``data`` as indented JSON, Chinese kept readable, and every character ``stream``
    cannot encode written as a JSON escape."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    encoding = _encoding(stream if stream is not None else sys.stdout)
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for ch in text:
        try:
            ch.encode(encoding)
            out.append(ch)
        except UnicodeEncodeError:
            out.append(json.dumps(ch)[1:-1])  # inside strings only: JSON syntax is ASCII
    return "".join(out)


__all__ = ["HANDLER", "json_text", "setup_streams"]
