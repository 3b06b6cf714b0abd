"""A folder's settings: ``xlgen.toml`` beside the input workbooks (or in a folder above).

    # xlgen.toml
    ignore = ["missing-level2", "qualitative-target"]   # 不显示这些警告
    error = ["blank-spent"]                              # 把这些警告当作错误

The nearest file wins: a workbook in inputs/2024/ uses inputs/2024/xlgen.toml, else
inputs/xlgen.toml, and so on up. Codes are checked against the catalogue; a mistake is a
ConfigError naming the file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..catalogue import Policy
from ..errors import ConfigError
from ..textfile import read_toml

CONFIG = "xlgen.toml"
KEYS = {"ignore": "不显示的警告", "error": "当作错误的警告"}


def find_config(folder: Path) -> Path | None:
    """The nearest ``xlgen.toml`` in ``folder`` or a folder above it."""
    folder = Path(folder).resolve()
    for parent in (folder, *folder.parents):
        candidate = parent / CONFIG
        if candidate.is_file():
            return candidate
    return None


@cache
def _read(path: Path, mtime: int) -> Policy:
    data = read_toml(path, "配置文件", ConfigError)
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ConfigError(f"配置文件 {path}：不认识的设置 {'、'.join(unknown)}。"
                          f"可用的设置：{'、'.join(f'{k}（{v}）' for k, v in KEYS.items())}。")
    lists = {}
    for key in KEYS:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(
                f'配置文件 {path}：{key} 应写成代码列表，如 {key} = ["missing-level2"]。')
        lists[key] = value
    return Policy.build(lists["ignore"], lists["error"], source=f"配置文件 {path}")


def folder_policy(folder: Path) -> Policy:
    """The policy of the nearest ``xlgen.toml`` (an empty policy when there is none)."""
    path = find_config(folder)
    return _read(path, path.stat().st_mtime_ns) if path is not None else Policy()


__all__ = ["CONFIG", "find_config", "folder_policy"]
