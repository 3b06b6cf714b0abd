"""Find the input workbooks named on the command line (files and folders)."""

from __future__ import annotations

from pathlib import Path


def find_workbooks(paths: list[str | Path]) -> tuple[list[tuple[Path, Path]], list[str]]:
    """Expand files and folders into workbooks, skipping ``~$`` lock files and hidden files.

    Returns ``(workbook, folder relative to the argument it came from)`` pairs in a stable
    order (a file argument has folder ``.``), and Chinese notes on paths that do not exist.
    """
    found: list[tuple[Path, Path]] = []
    missing: list[str] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            for child in sorted(p.rglob("*.xlsx")):
                rel = child.relative_to(p)
                if any(part.startswith((".", "~$")) for part in rel.parts):
                    continue
                found.append((child, rel.parent))
        elif p.is_file():
            found.append((p, Path(".")))
        else:
            missing.append(f"找不到文件或文件夹：{item}")
    seen: set[Path] = set()
    unique = []
    for f, rel in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((f, rel))
    return unique, missing
