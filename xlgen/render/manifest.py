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

import string
from dataclasses import dataclass
from pathlib import Path

from ..errors import TemplateError
from ..filenames import safe_filename
from ..suggest import did_you_mean
from ..textfile import Places, line_prefix, read_toml_text
from ..workbook import FIELDS_FILE, Contract, load_contract

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


SET_KEYS = ("name", "levels", "description")
DOCUMENT_KEYS = ("name", "template", "output", "needs")
TABLES = {"set": SET_KEYS, "document": DOCUMENT_KEYS}


def read_manifest(folder: Path) -> Manifest:
    """Parse ``folder/manifest.toml``; raise TemplateError (in Chinese) when it is wrong: every
    mistake found, one per line, each with its line number."""
    folder = Path(folder)
    path = folder / MANIFEST
    if not path.is_file():
        raise TemplateError(f"找不到文书清单 {path}。请确认模板文件夹（--templates）是否正确。",
                            str(path))
    try:  # saved by Notepad: UTF-8 with or without BOM, UTF-16 or ANSI (GBK) all read
        data, text = read_toml_text(path, "文书清单", TemplateError)
    except TemplateError as exc:
        raise TemplateError(str(exc), str(path)) from exc
    contract = load_contract(folder / FIELDS_FILE)  # a bad fields.toml: found here, at once
    places = Places(text)
    mistakes: list[str] = []
    tables = _tables(data, places, mistakes)
    sets = _sets(tables["set"], places, contract, mistakes)
    docs = _documents(tables["document"], places, contract, mistakes)
    if not docs and not mistakes:
        mistakes.append("没有任何 [[document]]：每份文书要有一段 [[document]]（name、template、"
                        "output），否则 xlgen 什么也不生成")
    if mistakes:
        head = f"文书清单 {path} 有 {len(mistakes)} 处要改正：\n" if len(mistakes) > 1 \
            else f"文书清单 {path} "
        raise TemplateError(head + "\n".join(f"{m}。" for m in mistakes)
                            + ("\n" if len(mistakes) > 1 else "") + "请用记事本打开改正后保存。",
                            str(path))
    return Manifest(folder, tuple(sets), tuple(docs))


def _tables(data: dict, places: Places, mistakes: list[str]) -> dict[str, list[dict]]:
    """The ``[[set]]`` and ``[[document]]`` blocks; a mistake for every other top-level name
    (``[[documents]]``, ``[document]`` with one bracket, a key outside any block)."""
    tables: dict[str, list[dict]] = {"set": [], "document": []}
    for key, value in data.items():
        if key in tables and isinstance(value, list) and all(isinstance(v, dict) for v in value):
            tables[key] = value
            continue
        line = places.header(key) or places.top_key(key)
        if key in tables:
            mistakes.append(f"{line_prefix(line)}[{key}] 要写成 [[{key}]]（两层方括号）")
            continue
        near = did_you_mean(key, tables, cutoff=0.5)
        hint = f"是否应为 [[{near}]]？" if near else ""
        mistakes.append(f"{line_prefix(line)}不认识的“{key}”。{hint}文书清单只有 [[set]]"
                        "（模板套）和 [[document]]（文书）两种段落")
    return tables


def _unknown_keys(table: str, index: int, item: dict, places: Places,
                  mistakes: list[str]) -> None:
    allowed = TABLES[table]
    for key in item:
        if key not in allowed:
            near = did_you_mean(key, allowed, cutoff=0.5)
            hint = f"是否应为“{near}”？" if near else ""
            mistakes.append(f"{line_prefix(places.key(table, index, key))}第 {index} 个 "
                            f"[[{table}]] 中不认识的“{key}”。{hint}可写的有："
                            f"{'、'.join(allowed)}")


def _sets(items: list[dict], places: Places, contract: Contract,
          mistakes: list[str]) -> list[TemplateSet]:
    known_levels = contract.sheet("department").field("level").choices
    sets: list[TemplateSet] = []
    claimed: dict[str, tuple[str, int]] = {}  # 预算级次 → (set, line)
    for i, item in enumerate(items, 1):
        _unknown_keys("set", i, item, places, mistakes)
        line = places.key("set", i, "name")
        name = str(item.get("name", "")).strip()
        if not name or safe_filename(name) != name:
            mistakes.append(f"{line_prefix(line)}第 {i} 个 [[set]] 的 name 必须是"
                            "可作文件夹名的名称（如“市级”）")
            continue
        if name in (s.name for s in sets):
            mistakes.append(f"{line_prefix(line)}模板套“{name}”写了两次")
            continue
        raw = item.get("levels", ())
        levels = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list) else []
        line = places.key("set", i, "levels")
        for level in (str(x).strip() for x in levels):
            if level not in known_levels:
                near = did_you_mean(level.rstrip("级"), known_levels)
                hint = f"是否应为“{near}”？" if near else ""
                mistakes.append(f"{line_prefix(line)}模板套“{name}”的 levels 中的“{level}”"
                                f"不是预算级次。{hint}预算级次只有 {'、'.join(known_levels)}")
            elif level in claimed:
                other, other_line = claimed[level]
                mistakes.append(
                    f"{line_prefix(line)}预算级次“{level}”同时写在模板套“{other}”"
                    f"（第 {other_line} 行）和“{name}”的 levels 中：一个预算级次只能默认用一套，"
                    "请从其中一套的 levels 中删去（要用另一套的工作簿可在“模板”字段写套名）")
            else:
                claimed[level] = (name, line)
        sets.append(TemplateSet(name, tuple(str(x).strip() for x in levels),
                                str(item.get("description", ""))))
    return sets


def _documents(items: list[dict], places: Places, contract: Contract,
               mistakes: list[str]) -> list[Document]:
    docs = []
    for i, item in enumerate(items, 1):
        _unknown_keys("document", i, item, places, mistakes)
        where = line_prefix(places.block("document", i))
        missing = [k for k in ("name", "template", "output") if k not in item]
        if missing:
            mistakes.append(f"{where}第 {i} 个 [[document]] 缺少 {'、'.join(missing)}")
            continue
        template = Path(str(item["template"]).strip())
        if template.suffix.lower() not in (".xlsx", ".docx"):
            mistakes.append(f"{line_prefix(places.key('document', i, 'template'))}"
                            f"模板 {item['template']} 必须是 .xlsx 或 .docx 文件"
                            "（.xls、.xlsm、.et、.doc、.wps 请在 Excel/Word/WPS 中另存为 .xlsx 或 "
                            ".docx）")
            continue
        output = str(item["output"])
        why = _output_problem(output, template.suffix.lower())
        if why:
            mistakes.append(f"{line_prefix(places.key('document', i, 'output'))}"
                            f"文书“{item['name']}”的 output“{output}”{why}")
            continue
        needs = tuple(str(n) for n in item.get("needs", ()))
        for need in needs:
            why = contract.need_problem(need)
            if why:
                mistakes.append(f"{line_prefix(places.key('document', i, 'needs'))}"
                                f"文书“{item['name']}”的 needs 中的“{need}”不对：{why}")
        docs.append(Document(item["name"], template, item["output"], needs))
    return docs


OUTPUT_FIELDS = {"year": "年度", "dept": "部门名称"}
# What a maintainer may write for an output field in Chinese.
_OUTPUT_SAID = {"年度": "year", "年份": "year", "年": "year", "部门": "dept", "部门名称": "dept",
                "单位": "dept", "单位名称": "dept"}


def _output_problem(output: str, suffix: str) -> str:
    """Why an output file name cannot be made (``{部门}``, a lone ``{``) or would be the
    wrong kind of file; '' when it is right."""
    allowed = "只能写 {year}（年度）和 {dept}（部门名称）"
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(output) if f is not None]
    except ValueError:
        return f"中的花括号不成对：{allowed}，其余是文字"
    for field in fields:
        if field not in OUTPUT_FIELDS:
            near = _OUTPUT_SAID.get(field.strip()) or did_you_mean(field, OUTPUT_FIELDS)
            hint = f"是否应为 {{{near}}}？" if near else ""
            return f"中的“{{{field}}}”不对。{hint}{allowed}"
    if Path(output).suffix.lower() != suffix:
        return f"应以 {suffix} 结尾（与模板相同），否则 Excel/Word 打不开这份文书"
    return ""


def load_manifest(templates_dir: Path | None = None, set_name: str = "") -> list[Document]:
    """The documents of ``templates_dir`` (default: the look-up order), for set ``set_name``."""
    if templates_dir is None:
        from .lookup import find_templates

        return find_templates().documents(set_name)
    return read_manifest(Path(templates_dir)).documents(set_name)
