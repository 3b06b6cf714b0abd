"""The manifest (templates/manifest.toml): the documents, and the template sets that print them.

A templates folder holds the templates every set shares, one sub-folder per set with the
templates that set prints differently, and ``manifest.toml``::

    [[set]]                      # 区级, 市级, …; the first is the default
    name = "市级"
    levels = ["市", "省"]         # 预算级次 that use this set unless told otherwise
    description = "…"

    [[document]]
    name = "项目支出绩效目标表"
    template = "项目支出绩效目标表.xlsx"   # 市级/项目支出绩效目标表.xlsx if there, else shared
    output = "{year}年{dept}项目支出绩效目标表.xlsx"
    needs = ["项目", "项目绩效指标"]   # sheets, or a column: "项目.实际支出" (filled somewhere)

A manifest without ``[[set]]`` is one unnamed set: every template is the shared one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import TemplateError
from ..filenames import safe_filename
from ..textfile import read_toml
from ..workbook import FIELDS_FILE, load_contract

MANIFEST = "manifest.toml"
# The longest title a document's properties hold (python-docx refuses more: Word's limit).
TITLE_CHARS = 255


@dataclass(frozen=True)
class Document:
    name: str
    template: Path
    output: str
    needs: tuple[str, ...]

    def filename(self, year: int, dept: str) -> str:
        """The output file name, with characters Windows forbids replaced."""
        return safe_filename(self.output.format(year=year, dept=dept))

    def title(self, year: int, dept: str) -> str:
        """The document's title (its document properties): the output name without suffix,
        cut to :data:`TITLE_CHARS` with ``…`` for a very long 部门名称 (the documents
        themselves print the name whole)."""
        title = Path(self.filename(year, dept)).stem
        return title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS - 1] + "…"

    @property
    def kind(self) -> str:
        return self.template.suffix.lower().lstrip(".")


@dataclass(frozen=True)
class TemplateSet:
    """A named set of templates: its own folder, the 预算级次 it serves by default."""

    name: str
    levels: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Manifest:
    """A templates folder: its sets and its documents (templates not yet resolved)."""

    folder: Path
    sets: tuple[TemplateSet, ...]
    entries: tuple[Document, ...]  # .template relative to the folder

    @property
    def set_names(self) -> list[str]:
        return [s.name for s in self.sets]

    def template_set(self, name: str) -> TemplateSet | None:
        """The set called ``name`` (None when there is none; '' is the default set)."""
        if not name:
            return self.sets[0] if self.sets else TemplateSet("")
        return next((s for s in self.sets if s.name == name), None)

    def set_for_level(self, level: str) -> TemplateSet:
        """The set that serves 预算级次 ``level`` (the first set when none names it)."""
        found = next((s for s in self.sets if level in s.levels), None)
        return found or self.template_set("") or TemplateSet("")

    def template_path(self, set_name: str, template: Path) -> Path:
        """``<set>/<template>`` when the set has its own, else the shared ``<template>``."""
        if set_name:
            own = self.folder / set_name / template
            if own.is_file():
                return own
        return self.folder / template

    def documents(self, set_name: str = "") -> list[Document]:
        """The documents, their templates resolved for set ``set_name`` ('' = default set)."""
        chosen = self.template_set(set_name)
        name = chosen.name if chosen else set_name
        return [Document(d.name, self.template_path(name, d.template), d.output, d.needs)
                for d in self.entries]


def read_manifest(folder: Path) -> Manifest:
    """Parse ``folder/manifest.toml``; raise TemplateError (in Chinese) when it is wrong."""
    folder = Path(folder)
    path = folder / MANIFEST
    if not path.is_file():
        raise TemplateError(f"找不到文书清单 {path}。请确认模板文件夹（--templates）是否正确。",
                            str(path))
    try:  # saved by Notepad: UTF-8 with or without BOM, UTF-16 or ANSI (GBK) all read
        data = read_toml(path, "文书清单", TemplateError)
    except TemplateError as exc:
        raise TemplateError(str(exc), str(path)) from exc
    contract = load_contract(folder / FIELDS_FILE)  # a bad fields.toml: found here, at once
    sets: list[TemplateSet] = []
    for i, item in enumerate(data.get("set", []), 1):
        name = str(item.get("name", "")).strip()
        if not name or safe_filename(name) != name:
            raise TemplateError(f"文书清单 {path} 第 {i} 个 [[set]] 的 name 必须是"
                                "可作文件夹名的名称（如“市级”）。", str(path))
        if name in (s.name for s in sets):
            raise TemplateError(f"文书清单 {path}：模板套“{name}”写了两次。", str(path))
        sets.append(TemplateSet(name, tuple(str(x) for x in item.get("levels", ())),
                                str(item.get("description", ""))))
    docs = []
    for i, item in enumerate(data.get("document", []), 1):
        missing = [k for k in ("name", "template", "output") if k not in item]
        if missing:
            raise TemplateError(
                f"文书清单 {path} 第 {i} 个 [[document]] 缺少 {'、'.join(missing)}。")
        template = Path(item["template"])
        if template.suffix.lower() not in (".xlsx", ".docx"):
            raise TemplateError(
                f"文书清单 {path}：模板 {item['template']} 必须是 .xlsx 或 .docx 文件。")
        needs = tuple(str(n) for n in item.get("needs", ()))
        for need in needs:
            why = contract.need_problem(need)
            if why:
                raise TemplateError(f"文书清单 {path}：文书“{item['name']}”的 needs 中的"
                                    f"“{need}”不对：{why}。", str(path))
        docs.append(Document(item["name"], template, item["output"], needs))
    return Manifest(folder, tuple(sets), tuple(docs))


def load_manifest(templates_dir: Path | None = None, set_name: str = "") -> list[Document]:
    """The documents of ``templates_dir`` (default: the look-up order), for set ``set_name``."""
    if templates_dir is None:
        from .lookup import find_templates

        return find_templates().documents(set_name)
    return read_manifest(Path(templates_dir)).documents(set_name)
