"""The input-workbook contract (data/contract.toml) as typed objects."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..model import InputBook


@dataclass(frozen=True)
class Field:
    """A label of a form sheet, or a column of a table sheet."""

    key: str
    label: str
    type: str = "text"
    required: bool = False
    optional: bool = False  # a table column that may be absent without a warning
    warn_blank: bool = False
    zero_blank: bool = False  # blank counts as 0 (project funding columns)
    stated: bool = False  # a figure a clerk copied, checked against the computed one
    default: str | None = None
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    help: str = ""
    width: int = 14

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
        sheet_name, _, label = need.partition(".")
        spec = self.named(sheet_name)
        if spec is None:
            names = "、".join(s.name for s in self.sheets)
            return f"没有名为“{sheet_name}”的工作表（可用：{names}）"
        if label and not any(label in f.names for f in spec.fields):
            return (f"工作表“{sheet_name}”没有“{label}”一列"
                    f"（可用：{'、'.join(f.label for f in spec.fields)}）")
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
        key = next((f.key for f in spec.fields if label in f.names), None)
        records = getattr(book, spec.key, None)
        if key is None or records is None:
            return False
        rows = records if isinstance(records, list) else [records]
        return any(getattr(r, key, None) not in (None, "") for r in rows)


def _field(data: dict) -> Field:
    data = dict(data)
    data["choices"] = tuple(data.get("choices", ()))
    data["aliases"] = tuple(data.get("aliases", ()))
    return Field(**data)


@cache
def load_contract() -> Contract:
    """The packaged contract."""
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
