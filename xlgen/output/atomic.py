"""Write files atomically, and a set of files together: all of them or none.

A crash never leaves half a file or loses the previous good one: each file is written to a
temporary file beside it, then renamed over it. :func:`write_together` writes every file of a
set (a workbook's documents) to temporary files first, then renames them one after another;
when a rename fails (a document open in Excel on Windows) the ones already renamed are put
back, so the set is the old one or the new one, never a mix.

Outputs get the mode of a new file (0666 less the umask, as any program's), or keep the mode
of the file they replace. Temporary files are named ``.xlgen-<16 hex>.tmp``; those a killed run
left behind are removed by the next run that writes in that folder, once they are an hour
old (:func:`sweep_stale`). No other file is ever removed. On Windows the files xlgen keeps for
itself (``.xlgen-build.json``) are given the hidden attribute: Explorer shows dot files.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import stat
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError, in_use, os_reason
from . import winhide

TEMP_PREFIX = winhide.OWN_PREFIX  # ".xlgen-": named as every file xlgen keeps for itself
TEMP_SUFFIX = ".tmp"
_TEMP_CHARS = len(f"{TEMP_PREFIX}{'0' * 16}{TEMP_SUFFIX}")
_OURS = re.compile(r"\.xlgen-[0-9a-f]{16}\.tmp")
# xlgen 0.1's temporary files (tempfile.mkstemp beside the output): ".<name>.<8 chars>.tmp".
_OLD = re.compile(r"\..+\.(xlsx|docx|pdf|zip|json)\.[a-z0-9_]{8}\.tmp")
STALE_SECONDS = 3600
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(
    os, "O_NOINHERIT", 0)
_KEEPS_MODES = os.name != "nt"  # Windows has no permission bits beyond read-only

# Why a write failed, in Chinese (the system's own text may be English).
_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "磁盘或文件夹是只读的",
    errno.ENAMETOOLONG: "路径太长",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.ENOTDIR: "路径中有一级是文件，不是文件夹",
    errno.EISDIR: "已有同名的文件夹",
    errno.EEXIST: "已有同名的文件",
    errno.ENOENT: "找不到路径中的文件夹",
    errno.EBUSY: "文件正在被其他程序使用",
    errno.ETXTBSY: "文件正在被其他程序使用",
}
_WINDOWS = os.name == "nt"
# On Windows an antivirus scanner or the search indexer opens a file just written for a moment,
# and renaming it then fails as if it were open in Excel ("EPERM on rename"): a rename that
# fails with PermissionError is tried again after these pauses (seconds) before it counts.
_RENAME_RETRIES = (0.05, 0.1, 0.2, 0.4) if _WINDOWS else ()
_MAX_PATH = 260  # Windows' limit for a whole path, with its final NUL, unless long paths are on
_PATH_TOO_LONG = 206  # ERROR_FILENAME_EXCED_RANGE (Python makes it ENOENT)
# The program a clerk has a file open in, by its kind (the message says which to close).
_OFFICE = "Excel/WPS/Word"
_OPENED_IN = {".xlsx": _OFFICE, ".docx": _OFFICE, ".pdf": "PDF 阅读器或浏览器", ".zip": "压缩软件"}
CLOSE_IT = "请关闭该文件后重新运行。"
READ_ONLY_FIX = "请在资源管理器中右键点它，选“属性”，取消勾选“只读”后重新运行。"
_swept: set[Path] = set()


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is one of xlgen's own temporary files (this version's or 0.1's)."""
    return bool(_OURS.fullmatch(name) or _OLD.fullmatch(name))


def sweep_stale(folder: Path, older_than: float = STALE_SECONDS, now: float | None = None
                ) -> list[Path]:
    """Remove xlgen's temporary files in ``folder`` (not its sub-folders) last modified more
    than ``older_than`` seconds ago: left by a run that was killed. Returns what was removed.
    Never raises: a file that cannot be removed is left for the next run."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        try:
            if (is_temp_name(entry.name) and entry.is_file(follow_symlinks=False)
                    and now - entry.stat(follow_symlinks=False).st_mtime > older_than):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _sweep_once(folder: Path) -> None:
    key = folder.absolute()
    if key not in _swept:
        _swept.add(key)
        sweep_stale(folder)


def reason(exc: OSError, target: Path | None = None) -> str:
    """Why ``exc`` stopped the write of ``target``, in Chinese for the common causes (the
    system's own text otherwise)."""
    if in_use(exc):
        program = _program(target)
        return "文件正在被其他程序使用" + (f"（如{program}打开）" if program else "")
    if _too_long(exc, target):
        return (f"路径太长（Windows 只接受 {_MAX_PATH - 1} 个字符以内的路径），"
                "请把输出放在较短的路径下，如 D:\\绩效\\输出")
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) and target is not None:
        blocker = next((p for p in target.parents if p.is_file()), None)
        if blocker is not None:
            return f"{blocker} 是一个文件，不是文件夹"
    return _REASONS.get(exc.errno or 0) or os_reason(exc)  # the caller ends the sentence


def read_reason(exc: OSError, source: Path) -> str:
    """Why ``source`` could not be read, in Chinese: open in a program that lets no other
    read it (a sharing violation), no permission, or what :func:`reason` says."""
    if isinstance(exc, PermissionError) and not in_use(exc):
        return "没有读取权限"
    return reason(exc, source)


def _too_long(exc: OSError, target: Path | None) -> bool:
    """Windows refusing a path of MAX_PATH characters or more (long paths not enabled): its
    ERROR_FILENAME_EXCED_RANGE, or "not found" for the target or its temporary file (a name
    of ``_TEMP_CHARS``) that long."""
    if getattr(exc, "winerror", None) == _PATH_TOO_LONG:
        return True
    if not _WINDOWS or exc.errno != errno.ENOENT or target is None:
        return False
    folder = os.path.abspath(target.parent)
    return max(len(folder) + 1 + len(target.name), len(folder) + 1 + _TEMP_CHARS) >= _MAX_PATH


def _program(target: Path | None) -> str:
    """"在 Excel/WPS/Word 中", "在压缩软件中": the program ``target`` may be open in (a space
    only between Latin letters and Chinese); "" for a file a clerk does not open."""
    name = _OPENED_IN.get(target.suffix.lower(), "") if target is not None else _OFFICE
    if not name:
        return ""
    return f"在{' ' if name[0].isascii() else ''}{name}{' ' if name[-1].isascii() else ''}中"


def _replace(source: Path, target: Path) -> None:
    """``os.replace``, tried again a few times on Windows while another program (a virus
    scanner) holds one of the files for a moment; the last failure is raised."""
    for pause in _RENAME_RETRIES:
        try:
            os.replace(source, target)
            return
        except PermissionError:
            time.sleep(pause)
    os.replace(source, target)


def _unchanged(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _new_temp(folder: Path) -> tuple[int, Path]:
    """A new temporary file in ``folder``, created with the mode of any new file (0666 less
    the umask: ``os.open`` applies it), open for writing."""
    while True:
        path = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}"
        try:
            return os.open(path, _FLAGS, 0o666), path
        except FileExistsError:
            continue


def _write_temp(folder: Path, data: bytes, mode: int | None) -> Path:
    fd, temp = _new_temp(folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None and _KEEPS_MODES:
            os.chmod(temp, mode)
    except BaseException:
        _remove(temp)
        raise
    return temp


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


@dataclass
class _Pending:
    target: Path
    temp: Path
    backup: Path | None = None  # a copy of the file it replaces, to put back on failure
    renamed: bool = False


def _made_folders(path: Path) -> list[Path]:
    """The folders above ``path`` that do not exist yet, innermost first."""
    missing = []
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _roll_back(pending: Sequence[_Pending], folders: Iterable[Path]) -> bool:
    """Put every renamed file back as it was; remove the temporary files and the folders
    this write created. False when a file could not be put back."""
    whole = True
    for p in reversed(pending):
        if p.renamed:
            try:
                if p.backup is not None:
                    _replace(p.backup, p.target)
                    p.backup = None
                else:
                    os.unlink(p.target)
            except OSError:
                whole = False
        _remove(p.temp)
        if p.backup is not None:
            _remove(p.backup)
    for folder in folders:
        try:
            folder.rmdir()  # only when empty
        except OSError:
            pass
    return whole


def _nothing_changed(targets: Sequence[Path], group: str) -> str:
    """The sentence that says nothing changed: the clerk need not check the old files."""
    existed = any(t.exists() for t in targets)
    if len(targets) == 1:
        return "原文件没有改动。" if existed else ""
    return f"{group or f'这 {len(targets)} 个文件'}都没有写入" + (
        "，已有的仍是原来的内容。" if existed else "。")


def write_together(files: Sequence[tuple[Path, bytes]], group: str = "") -> list[Path]:
    """Write every ``(path, data)``: all of them, or (raising OutputError) none.

    Files that already hold exactly their data are left untouched (not even their time).
    Returns the paths that were written. Every file goes to a temporary file in its folder
    first (a full disk fails here, before anything changed); then each replaces its target.
    When a replacement fails, those already made are undone and the message says that
    nothing changed (``group`` names the set in that message: "本工作簿的 3 份文书").
    """
    todo: list[tuple[Path, bytes]] = []
    same: list[tuple[Path, bytes]] = []
    for path, data in files:
        (same if _unchanged(Path(path), data) else todo).append((Path(path), data))
    _hide_own(path for path, _ in same)  # an earlier version of xlgen left it visible
    if not todo:
        return []
    pending: list[_Pending] = []
    folders: list[Path] = []
    together = len(todo) > 1  # a single file needs no copy to undo: its rename is all or nothing
    current = todo[0][0]
    try:
        for current, data in todo:
            folders += _made_folders(current)
            current.parent.mkdir(parents=True, exist_ok=True)
            _sweep_once(current.parent)
            mode = stat.S_IMODE(current.stat().st_mode) if current.exists() else None
            pending.append(_Pending(current, _write_temp(current.parent, data, mode)))
            if together and mode is not None:  # kept until the whole set is in place
                pending[-1].backup = _copy_aside(current)
    except OSError as exc:
        _roll_back(pending, folders)
        targets = [path for path, _ in todo]
        tail = CLOSE_IT if in_use(exc) else ""
        raise OutputError(f"无法写入 {current}：{reason(exc, current)}。"
                          f"{_nothing_changed(targets, group)}{tail}") from exc
    for p in pending:
        try:
            _replace(p.temp, p.target)
            p.renamed = True
        except OSError as exc:
            whole = _roll_back(pending, folders)
            raise OutputError(_replace_failed(p.target, exc, whole, [t for t, _ in todo], group)
                              ) from exc
    for p in pending:
        if p.backup is not None:
            _remove(p.backup)
    _hide_own(p.target for p in pending)
    return [p.target for p in pending]


def _hide_own(paths: Iterable[Path]) -> None:
    """On Windows, hide the files xlgen keeps for itself (a rename gives the new file the
    attributes of its temporary file: this comes after it)."""
    if _WINDOWS:
        for path in paths:
            if winhide.is_own_file(path.name) and path.is_file():
                winhide.hide(path)


def _copy_aside(path: Path) -> Path:
    """A copy of ``path`` beside it, under a temporary name (a fresh file: its own time)."""
    fd, backup = _new_temp(path.parent)
    try:
        with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
            shutil.copyfileobj(src, out)
        if _KEEPS_MODES:
            shutil.copymode(path, backup)
    except BaseException:
        _remove(backup)
        raise
    return backup


def _replace_failed(target: Path, exc: OSError, whole: bool, targets: Sequence[Path],
                    group: str) -> str:
    if isinstance(exc, PermissionError) and _read_only(target):
        head = f"无法覆盖 {target}：它是只读文件。"
        tail = READ_ONLY_FIX
    elif isinstance(exc, PermissionError):
        program = _program(target)
        opened = f"文件可能正{program}打开" if program else "文件可能正被其他程序使用"
        head = f"无法覆盖 {target}：{opened}，或没有写入权限。"
        tail = CLOSE_IT
    else:
        head = f"无法写入 {target}：{reason(exc, target)}。"
        tail = ""
    if not whole:
        return head + "有的文件未能恢复为原来的内容，请重新运行。" + tail
    return head + _nothing_changed(targets, group) + tail


def _read_only(target: Path) -> bool:
    """Whether ``target`` has Windows' read-only attribute (copied from a shared drive or a
    CD, saved by a program so): Windows will not replace it, even with no program holding
    it. Python shows the attribute as a mode without write permission."""
    if not _WINDOWS:
        return False  # elsewhere a file's own mode never stops a rename
    try:
        return not os.stat(target).st_mode & stat.S_IWRITE
    except OSError:
        return False


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` via a temporary file and a rename.

    Returns False (and leaves the file untouched) when it already holds exactly ``data``.
    """
    return bool(write_together([(Path(path), data)]))


__all__ = ["CLOSE_IT", "READ_ONLY_FIX", "STALE_SECONDS", "is_temp_name", "read_reason", "reason",
           "sweep_stale", "write_atomic", "write_together"]
