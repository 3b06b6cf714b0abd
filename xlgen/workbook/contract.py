"""The input-workbook contract (data/contract.toml) as typed objects."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import TemplateError
from ..model import InputBook
from ..suggest import did_you_mean
from ..textfile import Places, line_prefix, read_toml_text

# The file beside the templates where a maintainer declares extra fields (columns).
FIELDS_FILE = "fields.toml"
# Types a declared field may have: the contract's names, or their Chinese names.
EXTRA_TYPES = {"text": "文本", "amount": "金额", "signed_amount": "可为负的金额",
               "score": "分数", "integer": "整数", "rate": "比率", "choice": "选项"}
# Types whose value is text: a number typed in one is read as the clerk saw it (``90%``).
TEXT_TYPES = frozenset(("text", "paragraphs", "level1", "level2"))


@dataclass(frozen=True)
class Field:
    """A label of a form sheet, or a column of a table sheet."""

    key: str
    label: str
    type: str = "text"
    required: bool = False
    optional: bool = False  # a table column that may be absent without a warning
    warn_blank: bool = False
    warn_absent: bool = False  # a table column nearly every table has: its absence is warned
    zero_blank: bool = False  # blank counts as 0 (project funding columns)
    stated: bool = False  # a figure a clerk copied, checked against the computed one
    default: str | None = None
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    help: str = ""
    width: int = 14
    extra: bool = False  # declared in templates/fields.toml: the record's ``extra[label]``
    part: str = ""  # a project's own 分值 of this 自评表 part (预算执行率, 产出指标 …)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class SheetSpec:
    name: str
    key: str
    kind: str  # "form" or "table"
    fields: tuple[Field, ...]
    required: bool = False
    open: bool = False  # a form whose extra labels are kept (自评报告's text blocks)
    help: str = ""

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


@dataclass(frozen=True)
class Contract:
    sheets: tuple[SheetSpec, ...]

    def sheet(self, key: str) -> SheetSpec:
        for s in self.sheets:
            if s.key == key:
                return s
        raise KeyError(key)

    def named(self, name: str) -> SheetSpec | None:
        """The sheet whose name is ``name`` (None when the contract has none)."""
        return next((s for s in self.sheets if s.name == name), None)

    def need_problem(self, need: str) -> str:
        """Why a manifest's ``needs`` entry is wrong ('' when it is right): a sheet name
        (``项目``) or a sheet's column (``项目.实际支出``)."""
        for dot in "。．·":  # typed with a Chinese input method
            if dot in need and "." not in need:
                return f"表名和列名之间要用英文句点 .（如“{need.replace(dot, '.', 1)}”）"
        sheet_name, _, label = need.partition(".")
        spec = self.named(sheet_name)
        if spec is None:
            names = [s.name for s in self.sheets]
            near = did_you_mean(sheet_name, names)
            hint = f"是否应为“{near}”？" if near else ""
            return f"没有名为“{sheet_name}”的工作表。{hint}可用：{'、'.join(names)}"
        if label and not any(label in f.names for f in spec.fields):
            labels = [f.label for f in spec.fields]
            near = did_you_mean(label, labels)
            hint = f"是否应为“{near}”？" if near else ""
            return f"工作表“{sheet_name}”没有“{label}”一列。{hint}可用：{'、'.join(labels)}"
        return ""

    def need_met(self, book: InputBook, need: str) -> bool:
        """True when ``book`` has what ``need`` names: the sheet (with content), or for
        ``项目.实际支出`` a value in that column of at least one row or field."""
        sheet_name, _, label = need.partition(".")
        if not label:
            return sheet_name in book.sheets
        spec = self.named(sheet_name)
        if spec is None or sheet_name not in book.sheets:
            return False
        key = next((f.key for f in spec.fields if label in f.names), label)
        records = getattr(book, spec.key, None)
        if records is None:
            return False
        rows = records if isinstance(records, list) else [records]
        # a declared field (fields.toml) is in each record's extra under its label
        return any((getattr(r, key) if hasattr(r, key) else r.extra.get(label))
                   not in (None, "") for r in rows)


def _field(data: dict) -> Field:
    data = dict(data)
    data["choices"] = tuple(data.get("choices", ()))
    data["aliases"] = tuple(data.get("aliases", ()))
    return Field(**data)


def load_contract(fields: Path | None = None) -> Contract:
    """The packaged contract, with the fields a maintainer declared in ``fields`` (a
    templates folder's fields.toml; ignored when absent). A bad file raises TemplateError."""
    if fields is None or not fields.is_file():
        return _packaged()
    return _with_fields(fields.resolve(), fields.stat().st_mtime_ns)


FIELD_KEYS = ("sheet", "label", "type", "choices", "required", "aliases", "help", "width")


@cache
def _with_fields(path: Path, _mtime: int) -> Contract:
    base = _packaged()
    try:
        data, text = read_toml_text(path, "字段声明文件", TemplateError)
    except TemplateError as exc:
        raise TemplateError(str(exc), str(path)) from exc
    added: dict[str, list[Field]] = {}
    places = Places(text)

    def bad(message: str) -> TemplateError:
        return TemplateError(message, str(path))

    for key, value in data.items():
        if key != "field" or not isinstance(value, list):
            line = places.header(key) or places.top_key(key)
            raise bad(f"字段声明文件 {path} {line_prefix(line)}不认识的“{key}”："
                      "每个字段写成一段 [[field]]（两层方括号）。")
    for n, item in enumerate(data.get("field", []), 1):
        where = f"字段声明文件 {path} {line_prefix(places.block('field', n))}第 {n} 个 [[field]]"
        if not isinstance(item, dict):
            raise bad(f"{where} 格式不对。")
        for key in item:
            if key not in FIELD_KEYS:
                near = did_you_mean(key, FIELD_KEYS, cutoff=0.5)
                hint = f"是否应为“{near}”？" if near else ""
                raise bad(f"字段声明文件 {path} {line_prefix(places.key('field', n, key))}"
                          f"第 {n} 个 [[field]] 中不认识的“{key}”。{hint}"
                          f"可写的有：{'、'.join(FIELD_KEYS)}。")
        sheet, label = str(item.get("sheet", "")).strip(), str(item.get("label", "")).strip()
        spec = base.named(sheet)
        if spec is None:
            raise bad(f"{where}：没有名为“{sheet}”的工作表"
                      f"（可用：{'、'.join(s.name for s in base.sheets)}）。")
        if not label:
            raise bad(f"{where}：缺少 label（列标题或字段名）。")
        if any(label in f.names for f in spec.fields):
            raise bad(f"{where}：工作表“{sheet}”已有“{label}”（内置字段），"
                      "不需要声明，请删去这一段。")
        twice = next((i for i, f in enumerate(added.get(sheet, ())) if label in f.names), None)
        if twice is not None:
            raise bad(f"{where}：“{sheet}”表的“{label}”已在前面声明过，同一字段只能声明一次："
                      "请删去其中一段（保留 type 等写法正确的那一段）。")
        kind = str(item.get("type", "text")).strip()
        kind = next((k for k, zh in EXTRA_TYPES.items() if kind in (k, zh)), kind)
        if kind not in EXTRA_TYPES:
            raise bad(f"{where}：type 只能是 "
                      f"{'、'.join(f'{k}（{zh}）' for k, zh in EXTRA_TYPES.items())}。")
        choices = tuple(str(c) for c in item.get("choices", ()))
        if kind == "choice" and not choices:
            raise bad(f"{where}：type 为 choice 时要列出 choices。")
        added.setdefault(sheet, []).append(Field(
            key=label, label=label, type=kind, required=bool(item.get("required", False)),
            optional=not item.get("required", False), choices=choices,
            aliases=tuple(str(a) for a in item.get("aliases", ())),
            help=str(item.get("help", "")), width=int(item.get("width", 14)), extra=True))
    return Contract(tuple(replace(s, fields=(*s.fields, *added.get(s.name, ())))
                          for s in base.sheets))


@cache
def _packaged() -> Contract:
    text = resources.files("xlgen").joinpath("data/contract.toml").read_text("utf-8")
    data = tomllib.loads(text)
    sheets = []
    for s in data["sheet"]:
        fields = s.get("fields") or s.get("columns") or []
        sheets.append(
            SheetSpec(
                name=s["name"],
                key=s["key"],
                kind=s["kind"],
                fields=tuple(_field(f) for f in fields),
                required=s.get("required", False),
                open=s.get("open", False),
                help=s.get("help", ""),
            )
        )
    return Contract(tuple(sheets))
