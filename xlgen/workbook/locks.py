"""The lock files Excel, WPS and LibreOffice leave beside a workbook they have open.

Excel and WPS write ``~$某局.xlsx`` (Excel's own documents with long names: ``~$`` in place of
the first two characters); LibreOffice writes ``.~lock.某局.xlsx#``. While one is there the
workbook is open, and what xlgen reads is what was last saved, not what the clerk sees: an
edit not yet saved is not read. A lock file named on the command line is no workbook at all.
"""

from __future__ import annotations

from pathlib import Path

LOCK_PREFIX = "~$"


def lock_file(path: Path) -> Path | None:
    """The lock file beside the workbook at ``path`` (it is open in Excel, WPS or
    LibreOffice, or was when the program stopped), or None."""
    name = path.name
    names = [LOCK_PREFIX + name, f".~lock.{name}#"]
    if len(name) > 2:
        names.append(LOCK_PREFIX + name[2:])
    return next((path.parent / n for n in names if (path.parent / n).is_file()), None)


def open_note(path: Path, lock: Path) -> str:
    """What to say of a workbook ``path`` open elsewhere (``lock`` beside it)."""
    return (f"{path.name} 可能正在 Excel、WPS 或 LibreOffice 中打开（旁边有临时文件 {lock.name}）："
            "读取的是最后一次保存的内容，还没有保存的修改读不到。请先保存（或关闭）后再运行；"
            f"如果并没有打开它，可以删除 {lock.name}。")


def lock_note(path: Path) -> str | None:
    """What to say of ``path`` named on the command line when it is a lock file: the
    workbook it stands for is the one to name. None for any other file."""
    if not path.name.startswith(LOCK_PREFIX):
        return None
    rest = path.name[len(LOCK_PREFIX):]
    try:
        candidates = [c for c in path.parent.iterdir()
                      if c.name.endswith(rest) and not c.name.startswith(LOCK_PREFIX)]
    except OSError:
        candidates = []
    book = min(candidates, key=lambda c: len(c.name), default=None)  # 某局.xlsx first
    instead = (f"请写工作簿本身：{book}" if book is not None else "请写工作簿本身的文件名")
    return (f"{path} 是 Excel 或 WPS 打开工作簿时留下的临时文件，不是工作簿。{instead}"
            "（工作簿还在 Excel/WPS 中打开时，先保存）。")


__all__ = ["lock_file", "lock_note", "open_note"]
