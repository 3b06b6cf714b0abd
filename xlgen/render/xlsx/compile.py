"""Compile one template worksheet into a single Jinja source plus a map back to its cells.

A sheet becomes one Jinja program: control rows (``{% for %}``, ``{% if %}``, …) are
copied verbatim, every other row becomes ``{{ _xl_emit(row, [values]) }}`` preceded by one
``{% set %}`` per dynamic cell. Each chunk of source remembers the cell it came from, so a
syntax or runtime error names the template cell. Problems are collected, not raised.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ...cellescape import stored_text
from ...problems import Problem, Severity
from ..template_errors import (
    QUOTE_CHARS,
    block_problems,
    misspelt_tags,
    straight_quotes,
    unbalanced_tags,
)
from .openpyxl_adapter import cell_style, default_font, header_footer_texts, sheet_cells
from .printing import columns_points
from .values import (
    DEFAULT_COLUMN_WIDTH,
    cell_value,
    clean_text,
    format_decimals,
    width_unit_points,
)

CONTROL_RE = re.compile(
    r"\s*\{%-?\s*(for|endfor|if|elif|else|endif|set|pageblock|endpageblock|sheet)\b(.*?)-?%\}\s*",
    re.DOTALL,
)
# The block a control tag opens or closes.
OPENS = {"for": "for", "if": "if", "pageblock": "pageblock"}
CLOSES = {"endfor": "for", "endif": "if", "endpageblock": "pageblock"}
PAGE_TAGS = ("pageblock", "endpageblock")  # the engine's own tags, not Jinja's
# {% sheet p in evaluations named p.sheet_title %}: the sheet is printed once per item.
SHEET_TAG = "sheet"
SHEET_RE = re.compile(r"\s*([A-Za-z_]\w*)\s+in\s+(.+?)(?:\s+named\s+(.+?))?\s*", re.DOTALL)

STATIC, EXPR, TEXT = 0, 1, 2
INTERNAL = "_xl_"  # the prefix of every name the engine adds to a sheet's program
EMIT, OPEN, CLOSE = "_xl_emit", "_xl_open", "_xl_close"
BLOCK, ENDBLOCK = "_xl_block", "_xl_endblock"


@dataclass(slots=True)
class TemplateCell:
    """One cell of a template row: its static value or its place in the emitted values."""

    col: int
    ref: str
    kind: int  # STATIC, EXPR or TEXT
    value: Any  # the static value (cleaned), or the Jinja source of a dynamic cell
    style: Any  # openpyxl StyleArray
    decimals: int | None
    wrap: bool
    font_size: float
    slot: int = -1  # index into the emitted values (dynamic cells)


@dataclass(slots=True)
class TemplateRow:
    """One template row: its cells, its height and, for a control row, the tag."""

    index: int
    cells: list[TemplateCell]
    height: float | None
    hidden: bool
    tag: str = ""  # the control tag's name (for, endfor, if, …); '' for a normal row
    tag_text: str = ""
    tag_ref: str = ""
    copy_merges: list[tuple[int, int, int]] = field(default_factory=list)  # (rows-1, c1, c2)
    heading: bool = False  # just above a {% for %} row: printed on the page of what follows


@dataclass
class StretchMerge:
    """A template merge over rows holding control rows: it grows to cover what they emit."""

    key: int
    min_row: int
    max_row: int
    min_col: int
    max_col: int


@dataclass
class PageBlock:
    """A ``{% pageblock %}`` … ``{% endpageblock %}``: its head rows repeat atop every page."""

    key: int
    ref: str
    head: frozenset[int]  # template rows before its first control row


@dataclass(frozen=True)
class SheetRepeat:
    """A ``{% sheet x in items named title %}`` row: one output sheet per item."""

    var: str  # the loop variable (``p``)
    items: str  # the Jinja expression of the items (``evaluations``)
    title: str  # the Jinja expression of each sheet's name ('' = the template sheet's name)
    ref: str  # the template cell of the tag


@dataclass
class CompiledSheet:
    """A template sheet ready to render: rows, Jinja source and the line → cell map."""

    title: str
    rows: dict[int, TemplateRow]
    widths: dict[int, float]
    default_width: float
    default_height: float
    source: str
    stretches: list[StretchMerge]
    pageblocks: list[PageBlock] = field(default_factory=list)
    repeat: SheetRepeat | None = None
    width_unit: float = 5.25  # points in one column-width unit (the default font's digit)
    line_starts: list[int] = field(default_factory=list)
    line_cells: list[str] = field(default_factory=list)

    def cell_at_line(self, lineno: int | None) -> str:
        """The template cell whose source holds Jinja line ``lineno`` ('' if unknown)."""
        if not lineno or not self.line_starts:
            return ""
        i = bisect.bisect_right(self.line_starts, lineno) - 1
        return self.line_cells[max(i, 0)]

    def cell_source(self, ref: str) -> str:
        """The Jinja source generated from template cell ``ref`` ('' if none)."""
        lines = self.source.split("\n")
        ends = [*self.line_starts[1:], len(lines) + 1]
        return "\n".join("\n".join(lines[start - 1:end - 1])
                         for start, end, cell in zip(self.line_starts, ends, self.line_cells,
                                                     strict=True) if cell == ref)

    def width(self, col: int) -> float:
        """Width of column ``col`` in character units (the sheet default when unset)."""
        return self.widths.get(col, self.default_width)

    def last_column(self) -> int:
        """The rightmost column with a cell (0 for an empty sheet)."""
        return max((tc.col for row in self.rows.values() for tc in row.cells), default=0)

    def columns_points(self) -> float:
        """Printed width of the template's columns, in points."""
        return columns_points((self.width(c) for c in range(1, self.last_column() + 1)),
                              self.width_unit)

    def body_size(self) -> float | None:
        """The font size most of the sheet's filled cells use (control rows aside)."""
        sizes = Counter(tc.font_size for row in self.rows.values() for tc in row.cells
                        if tc.kind != STATIC or _nonblank(tc.value))
        return sizes.most_common(1)[0][0] if sizes else None


class SheetCompiler:
    """Turns one worksheet into a CompiledSheet, collecting template problems."""

    def __init__(self, ws: Worksheet, file: str, name: str = ""):
        self.ws = ws
        self.file = file  # the template's path, for Problem.file
        self.name = name or file  # how messages name it (template_label)
        self.problems: list[Problem] = []

    def problem(self, code: str, cell: str, message: str, warning: bool = False) -> None:
        """Record a template problem at ``cell`` (an error unless ``warning``)."""
        severity = Severity.WARNING if warning else Severity.ERROR
        where = f"工作表“{self.ws.title}”单元格 {cell}：" if cell else f"工作表“{self.ws.title}”："
        self.problems.append(
            Problem(severity, code, f"模板 {self.name} {where}{message}", self.file,
                    self.ws.title, cell)
        )

    def compile(self) -> CompiledSheet:
        """Read the rows, check the blocks and merges, and generate the Jinja source."""
        ws = self.ws
        by_row: dict[int, list[Any]] = {}
        for (r, _), c in sorted(sheet_cells(ws).items()):
            by_row.setdefault(r, []).append(c)
        rows = {r: self._row(r, by_row.get(r, [])) for r in range(1, ws.max_row + 1)}
        for r, row in rows.items():  # the row introducing a loop is its heading
            below = rows.get(r + 1)
            row.heading = not row.tag and below is not None and below.tag == "for"
        self._check_blocks(rows)
        self._check_headers()
        repeat = self._repeat(rows)
        stretches = self._merges(rows)
        pageblocks = self._pageblocks(rows)
        sheet = CompiledSheet(
            title=ws.title,
            rows=rows,
            widths=_column_widths(ws),
            default_width=ws.sheet_format.defaultColWidth or DEFAULT_COLUMN_WIDTH,
            default_height=ws.sheet_format.defaultRowHeight or 15.0,
            source="",
            stretches=stretches,
            pageblocks=pageblocks,
            repeat=repeat,
            width_unit=_default_width_unit(ws),
        )
        self._generate(sheet)
        return sheet

    # -- rows and cells -------------------------------------------------------------------

    def _row(self, r: int, cells: list[Any]) -> TemplateRow:
        ws = self.ws
        dim = ws.row_dimensions[r] if r in ws.row_dimensions else None
        height = float(dim.ht) if dim is not None and dim.ht else None
        row = TemplateRow(r, [], height, bool(dim.hidden) if dim is not None else False)
        first = next((c for c in cells if _nonblank(c.value)), None)
        if first is not None and isinstance(first.value, str):
            match = CONTROL_RE.fullmatch(first.value)
            crowded = _crowded_control(first.value)
            if crowded is not None:  # read as the control row it was meant to be
                match = crowded
                tag, rest = crowded.group(0).strip(), first.value[crowded.end():].strip()
                self.problem("template-syntax", first.coordinate,
                             f"控制行的单元格只能写一个标签：“{tag}”后面的“{rest}”请删去，"
                             "或移到单独的一行（每个控制行一个标签）。")
            if match and (first.value.count("{%") == 1 or crowded is not None):
                row.tag, row.tag_ref = match.group(1), first.coordinate
                row.tag_text = straight_quotes(match.group(0).strip())
                if row.tag == "set" and "=" not in match.group(2):
                    self.problem("template-control-set", first.coordinate,
                                 "控制行中的 set 必须写成 {% set 名称 = 值 %}。")
                others = [c.coordinate for c in cells if c is not first and _nonblank(c.value)]
                if others:
                    self.problem("template-control-extra", others[0],
                                 "控制行（只含一个 {% %} 标签的行）中的其他内容会被忽略。",
                                 warning=True)
                return row
        for c in cells:
            row.cells.append(self._cell(c))
        return row

    def _cell(self, c: Any) -> TemplateCell:
        font = c.font
        cell = TemplateCell(
            col=c.column,
            ref=c.coordinate,
            kind=STATIC,
            value=None,
            style=cell_style(c),
            decimals=format_decimals(c.number_format),
            wrap=bool(c.alignment.wrap_text),
            font_size=float(font.sz or 11) if font is not None else 11.0,
        )
        value = c.value
        if c.data_type == "f":
            formula = str(value)[:QUOTE_CHARS]
            literal = formula.replace("'", "\\'")
            self.problem("template-formula", c.coordinate,
                         f"单元格中是 Excel 公式“{formula}”，模板中不能使用公式（输出文件不会计算"
                         "公式）：要计算请改用 {{ 表达式 }}（如 {{ projects | "
                         "sum(attribute='total') }}）；要原样印出这段文字，请写 "
                         f"{{{{ '{literal}' }}}}。")
            return cell
        if isinstance(value, str):
            value = stored_text(value).replace("\r\n", "\n")  # as Excel shows it
            misspelt = misspelt_tags(value) or unbalanced_tags(value)  # quoting it as typed
            if misspelt:
                self.problem("template-syntax", c.coordinate, misspelt)
                return cell
            if "{{" in value or "{%" in value or "{#" in value:
                value = straight_quotes(value)
                single = _single_expression(value)
                cell.kind, cell.value = (EXPR, single) if single is not None else (TEXT, value)
                return cell
            value, _ = clean_text(value)
        cell.value = cell_value(value, cell.decimals)
        return cell

    def _check_headers(self) -> None:
        """Headers and footers are copied, not filled: a tag there would print as typed."""
        for (part, side), text in header_footer_texts(self.ws):
            if "{{" in text or "{%" in text:
                self.problems.append(Problem(
                    Severity.ERROR, "template-header-tag",
                    f"模板 {self.name} 工作表“{self.ws.title}”的{_HEADER_PARTS[part]}"
                    f"（{_SIDES[side]}）中有标记“{text.strip()}”：页眉页脚中的标记不会被替换，会原样"
                    "印在每一页上。请把它写在表格的单元格中（如标题下的一行），页眉页脚只写固定的"
                    "文字和页码（&P、&N）。", self.file, self.ws.title))

    # -- structure --------------------------------------------------------------------------

    def _repeat(self, rows: dict[int, TemplateRow]) -> SheetRepeat | None:
        """The sheet's ``{% sheet … %}`` row, if any (one at most)."""
        found: SheetRepeat | None = None
        for row in rows.values():
            if row.tag != SHEET_TAG:
                continue
            match = CONTROL_RE.fullmatch(row.tag_text)
            parts = SHEET_RE.fullmatch(match.group(2)) if match else None
            if parts is None:
                self.problem("template-sheet-tag", row.tag_ref,
                             "工作表重复标签应写成 {% sheet 变量 in 列表 named 工作表名 %}，"
                             "如 {% sheet e in evaluations named e.sheet_title %}。")
            elif found is not None:
                self.problem("template-sheet-tag", row.tag_ref,
                             f"一张工作表只能有一个 {{% sheet %}} 标签（已有 {found.ref}）。")
            else:
                found = SheetRepeat(parts.group(1), parts.group(2).strip(),
                                    (parts.group(3) or "").strip(), row.tag_ref)
        return found

    def _check_blocks(self, rows: dict[int, TemplateRow]) -> None:
        tags = [(row.tag, row.tag_ref) for row in rows.values()
                if row.tag and row.tag != SHEET_TAG]
        for found in block_problems(tags, describe=lambda ref: f"单元格 {ref} "):
            self.problem(found.code, found.where, found.message)

    def _pageblocks(self, rows: dict[int, TemplateRow]) -> list[PageBlock]:
        """Each page block and its head: its rows before the first control row inside it."""
        blocks: list[PageBlock] = []
        open_: list[tuple[PageBlock, bool]] = []  # (block, still reading its head)
        for r, row in rows.items():
            if row.tag == "pageblock":
                open_ = [(b, False) for b, _ in open_]
                block = PageBlock(len(blocks), row.tag_ref, frozenset())
                blocks.append(block)
                open_.append((block, True))
            elif row.tag == "endpageblock":
                if open_:
                    block, _ = open_.pop()
                    if not block.head:
                        self.problem("template-pageblock-head", block.ref,
                                     "分页块在第一个控制行之前没有表头行，跨页时没有可重复的行。",
                                     warning=True)
            elif row.tag:
                open_ = [(b, False) for b, _ in open_]
            elif open_ and open_[-1][1]:
                block = open_[-1][0]
                blocks[block.key] = block = PageBlock(block.key, block.ref, block.head | {r})
                open_[-1] = (block, True)
        return blocks

    def _merges(self, rows: dict[int, TemplateRow]) -> list[StretchMerge]:
        stretches: list[StretchMerge] = []
        for mr in sorted(self.ws.merged_cells.ranges, key=lambda m: (m.min_row, m.min_col)):
            span = [rows[r] for r in range(mr.min_row, mr.max_row + 1) if r in rows]
            if not any(r.tag for r in span):
                top = rows.get(mr.min_row)
                if top is not None and (mr.max_row > mr.min_row or mr.max_col > mr.min_col):
                    top.copy_merges.append((mr.max_row - mr.min_row, mr.min_col, mr.max_col))
                continue
            if all(r.tag for r in span):
                continue  # only control rows: nothing is emitted there
            if not _balanced(span):
                self.problem("template-merge-block", mr.coord,
                             f"合并区域 {mr.coord} 只包含了循环/条件块的一部分，"
                             "请让它覆盖完整的 {% for %}…{% endfor %} 或 {% if %}…{% endif %}。")
                continue
            stretches.append(
                StretchMerge(len(stretches), mr.min_row, mr.max_row, mr.min_col, mr.max_col)
            )
        return stretches

    # -- Jinja source ---------------------------------------------------------------------------

    def _generate(self, sheet: CompiledSheet) -> None:
        chunks: list[str] = []
        line = 1

        def add(text: str, ref: str) -> None:
            nonlocal line
            sheet.line_starts.append(line)
            sheet.line_cells.append(ref)
            chunks.append(text + "\n")
            line += text.count("\n") + 1

        opens: dict[int, list[StretchMerge]] = {}
        closes: dict[int, list[StretchMerge]] = {}
        for s in sheet.stretches:
            opens.setdefault(s.min_row, []).append(s)
            closes.setdefault(s.max_row, []).append(s)
        for r, row in sheet.rows.items():
            for s in opens.get(r, ()):
                add(f"{{{{ {OPEN}({s.key}) }}}}", f"{get_column_letter(s.min_col)}{r}")
            if row.tag == SHEET_TAG:
                pass  # the engine runs the whole sheet once per item
            elif row.tag in PAGE_TAGS:
                key = next(b.key for b in sheet.pageblocks if b.ref == row.tag_ref) \
                    if row.tag == "pageblock" else 0
                add(f"{{{{ {BLOCK}({key}) }}}}" if row.tag == "pageblock"
                    else f"{{{{ {ENDBLOCK}() }}}}", row.tag_ref)
            elif row.tag:
                add(row.tag_text, row.tag_ref)
            else:
                names: list[str] = []
                for cell in row.cells:
                    if cell.kind == STATIC:
                        continue
                    cell.slot = len(names)
                    name = f"_xl_v{r}_{cell.col}"  # one name a row: no name crosses an if
                    names.append(name)
                    if cell.kind == EXPR:
                        add(f"{{% set {name} = ({cell.value}) %}}", cell.ref)
                    else:
                        add(f"{{% set {name} %}}{cell.value}{{% endset %}}", cell.ref)
                add(f"{{{{ {EMIT}({r}, [{', '.join(names)}]) }}}}", f"A{r}")
            for s in closes.get(r, ()):
                add(f"{{{{ {CLOSE}({s.key}) }}}}", f"{get_column_letter(s.min_col)}{r}")
        sheet.source = "".join(chunks)


# Tags that only a control row can hold: a cell starting with one and holding more is a
# control row with something extra typed into its cell.
_ROW_ONLY = frozenset({"endfor", "endif", "else", "elif", "pageblock", "endpageblock", SHEET_TAG})


_HEADER_PARTS = {"oddHeader": "页眉", "oddFooter": "页脚", "evenHeader": "偶数页页眉",
                 "evenFooter": "偶数页页脚", "firstHeader": "首页页眉", "firstFooter": "首页页脚"}
_SIDES = {"left": "左", "center": "中", "right": "右"}


def _crowded_control(text: str) -> re.Match[str] | None:
    """``{% endfor %} 结束`` or ``{% pageblock %}{% for … %}``: the leading control tag."""
    match = CONTROL_RE.match(text)
    if match is None or match.group(1) not in _ROW_ONLY or match.end() == len(text):
        return None
    return match


def _nonblank(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _single_expression(text: str) -> str | None:
    """The expression of a cell that is exactly one ``{{ expr }}``, else None.

    Trailing blanks are ignored; leading ones make the cell text (so indentation stays).
    """
    s = text.rstrip()
    if not (s.startswith("{{") and s.endswith("}}")):
        return None
    if s.count("{{") != 1 or s.count("}}") != 1 or "{%" in s or "{#" in s:
        return None
    inner = s[2:-2]
    if inner.startswith("-"):
        inner = inner[1:]
    if inner.endswith("-"):
        inner = inner[:-1]
    return inner.strip() or None


def _balanced(span: list[TemplateRow]) -> bool:
    depth = 0
    for row in span:
        if row.tag in OPENS:
            depth += 1
        elif row.tag in CLOSES:
            depth -= 1
            if depth < 0:
                return False
        elif row.tag in ("elif", "else") and depth == 0:
            return False
    return depth == 0


def _default_width_unit(ws: Worksheet) -> float:
    font = default_font(ws)
    return width_unit_points(font.name if font else None, font.sz if font else None)


def _column_widths(ws: Worksheet) -> dict[int, float]:
    widths: dict[int, float] = {}
    for dim in ws.column_dimensions.values():
        if dim.width and dim.min and dim.max:
            for col in range(dim.min, dim.max + 1):
                widths[col] = float(dim.width)
    return widths
