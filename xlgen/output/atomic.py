"""Write a file atomically: a crash never leaves half a file or loses the previous good one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import OutputError


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` via a temporary file and a rename.

    Returns False (and leaves the file untouched) when it already holds exactly ``data``.
    """
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"无法写入 {path}：{exc.strerror}。"
                          "请检查文件夹是否存在、是否有写入权限。") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, PermissionError):
            raise OutputError(
                f"无法覆盖 {path}：文件可能正在 Excel/WPS/Word 中打开。请关闭该文件后重新运行。"
            ) from exc
        raise OutputError(f"无法写入 {path}：{exc.strerror}。") from exc
    return True
