"""The templates' check, remembered on this computer between runs.

``build`` checks every template before it reports (compiling each one: a third of a second,
and the only reason its own process loads openpyxl and python-docx while the workers build).
What that check finds depends on nothing but xlgen's code and the templates' files: their
``templates_digest``. The build record remembers it for its output folder; this file
remembers it for the user, whatever folder a run writes to, so that only the first run after
installing xlgen or editing a template pays for it.

The file is ``template-checks.json`` in ``XLGEN_CACHE`` when set (``off``: remember nothing),
else in ``%LOCALAPPDATA%\\xlgen`` on Windows and ``$XDG_CACHE_HOME/xlgen`` (``~/.cache/xlgen``)
elsewhere. It only saves time: a file that cannot be read or written is passed over in
silence, and deleting it is always safe.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..errors import OutputError
from ..problems import Problem
from .atomic import write_atomic
from .record import plain_problem, problem_from

FILENAME = "template-checks.json"
FORMAT = 1
KEEP = 16  # digests remembered (template sets, edits, versions), the oldest dropped first


def cache_dir() -> Path | None:
    """Where the user's cache lives; None when ``XLGEN_CACHE=off``."""
    chosen = os.environ.get("XLGEN_CACHE", "").strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else Path.home() / "AppData" / "Local") / "xlgen"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "xlgen"


def _path() -> Path | None:
    folder = cache_dir()
    return folder / FILENAME if folder is not None else None


def _entries(path: Path) -> dict[str, list[dict[str, str]]]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    checks = data.get("checks")
    return checks if isinstance(checks, dict) else {}


def recall(digest: str) -> list[Problem] | None:
    """What the check of the templates ``digest`` stands for found, if remembered."""
    path = _path()
    if path is None:
        return None
    found = _entries(path).get(digest)
    if not isinstance(found, list):
        return None
    try:
        return [problem_from(p) for p in found]
    except (KeyError, TypeError, ValueError):
        return None


def remember(digest: str, problems: list[Problem]) -> None:
    """Keep what the check of the templates ``digest`` stands for found."""
    path = _path()
    if path is None:
        return
    checks = _entries(path)
    checks.pop(digest, None)
    checks[digest] = [plain_problem(p) for p in problems]
    while len(checks) > KEEP:
        del checks[next(iter(checks))]
    text = json.dumps({"format": FORMAT, "checks": checks}, ensure_ascii=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, (text + "\n").encode("utf-8"))
    except (OSError, OutputError):
        pass  # it only saves time


__all__ = ["cache_dir", "recall", "remember"]
