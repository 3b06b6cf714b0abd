"""The document manifest (templates/manifest.toml): which documents exist and how to name them."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import TemplateError
from ..textfile import read_toml

MANIFEST = "manifest.toml"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_filename(text: str) -> str:
    """``text`` with the characters Windows forbids in file names replaced by ``_``."""
    return _UNSAFE.sub("_", text).strip(" .")


@dataclass(frozen=True)
class Document:
    name: str
    template: Path
    output: str
    needs: tuple[str, ...]

    def filename(self, year: int, dept: str) -> str:
        """The output file name, with characters Windows forbids replaced."""
        return safe_filename(self.output.format(year=year, dept=dept))

    @property
    def kind(self) -> str:
        return self.template.suffix.lower().lstrip(".")


def shipped_templates_dir() -> Path:
    """The templates that ship with xlgen: ``xlgen/templates`` inside an installed wheel,
    the repository's top-level ``templates/`` in a checkout (editable install)."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "templates"
    if installed.is_dir():
        return installed
    return package.parent / "templates"


def default_templates_dir() -> Path:
    """``$XLGEN_TEMPLATES``, else ./templates when present, else the shipped templates."""
    env = os.environ.get("XLGEN_TEMPLATES")
    if env:
        return Path(env)
    here = Path("templates")
    if (here / MANIFEST).is_file():
        return here
    return shipped_templates_dir()


def load_manifest(templates_dir: Path | None = None) -> list[Document]:
    """The documents listed in ``templates_dir/manifest.toml``."""
    folder = Path(templates_dir or default_templates_dir())
    path = folder / MANIFEST
    if not path.is_file():
        raise TemplateError(f"找不到文书清单 {path}。请确认模板文件夹（--templates）是否正确。",
                            str(path))
    try:  # saved by Notepad: UTF-8 with or without BOM, UTF-16 or ANSI (GBK) all read
        data = read_toml(path, "文书清单", TemplateError)
    except TemplateError as exc:
        raise TemplateError(str(exc), str(path)) from exc
    docs = []
    for i, item in enumerate(data.get("document", []), 1):
        missing = [k for k in ("name", "template", "output") if k not in item]
        if missing:
            raise TemplateError(
                f"文书清单 {path} 第 {i} 个 [[document]] 缺少 {'、'.join(missing)}。")
        template = folder / item["template"]
        if template.suffix.lower() not in (".xlsx", ".docx"):
            raise TemplateError(
                f"文书清单 {path}：模板 {item['template']} 必须是 .xlsx 或 .docx 文件。")
        docs.append(Document(item["name"], template, item["output"], tuple(item.get("needs", ()))))
    return docs
