"""Runtime side of a compiled sheet: collects emitted rows and the merges they make.

The Jinja program of a sheet calls ``_xl_emit(row, values)`` for each output row,
``_xl_open(k)`` / ``_xl_close(k)`` around a merge that stretches over a block and
``_xl_block(k)`` / ``_xl_endblock()`` around a page block (whose head rows repeat atop every
page it continues on). The ``mergedown`` filter marks a value whose equal neighbours below are
merged into one cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Undefined

from ..jinja_adapter import undefined_is_unsafe, undefined_message
from .compile import STATIC, CompiledSheet, TemplateRow
from .pages import Block, Merge


class MergeDown:
    """A cell value that merges with the same value directly above it (same column, same scope)."""

    __slots__ = ("value", "scope")

    def __init__(self, value: Any, scope: Any = None):
        self.value = value
        self.scope = scope

    def __str__(self) -> str:
        return "" if self.value is None else str(self.value)


def mergedown(value: Any, scope: Any = None) -> MergeDown:
    """Jinja filter ``{{ x | mergedown }}`` / ``{{ x | mergedown(parent) }}``.

    Consecutive output cells of the column with the same value (and the same ``scope``)
    become one vertically merged cell, as the 一级/二级指标 columns of the 申报表.
    """
    if isinstance(value, MergeDown):
        value = value.value
    return MergeDown(value, scope)


class CellUndefinedError(Exception):
    """A cell's expression is undefined (StrictUndefined assigned by ``{% set %}``)."""

    def __init__(self, ref: str, undefined: Undefined):
        message = undefined_message(undefined)
        super().__init__(message)
        self.ref = ref
        self.message = message
        self.unsafe = undefined_is_unsafe(undefined)


@dataclass(slots=True)
class OutputRow:
    template: TemplateRow
    values: list[Any]


class Emitter:
    """Collects the rows a sheet's Jinja program emits, and their merges."""

    def __init__(self, sheet: CompiledSheet):
        self.sheet = sheet
        self.rows: list[OutputRow] = []
        self.merges: list[Merge] = []
        self.first_out: dict[int, int] = {}  # template row → first output row
        self.last_out: dict[int, int] = {}  # template row → last output row
        self._runs: dict[int, list[Any]] = {}  # col → [start, end, value, scope, last col]
        self._open: dict[int, list[int]] = {}  # stretch key → [first, last] output rows
        self._slots: dict[int, list[Any]] = {}  # template row → its dynamic cells, by slot
        self.blocks: list[Block] = []  # page blocks, in output rows
        self._blocks: list[list[Any]] = []  # open page blocks: [key, first, head, last, in head]

    # -- called from Jinja ---------------------------------------------------------------

    def emit(self, r: int, values: list[Any]) -> str:
        """Output one copy of template row ``r`` with its dynamic ``values`` (by slot)."""
        trow = self.sheet.rows[r]
        n = len(self.rows) + 1
        self.first_out.setdefault(r, n)
        self.last_out[r] = n
        for span in self._open.values():
            if not span[0]:
                span[0] = n
            span[1] = n
        for block in self._blocks:
            if not block[1]:
                block[1] = n
            if block[4]:
                if r in self.sheet.pageblocks[block[0]].head:
                    block[2] += 1
                else:
                    block[4] = False
            block[3] = n
        for dr, c1, c2 in trow.copy_merges:
            self.merges.append((n, c1, n + dr, c2))
        cells = self._slots.get(r)
        if cells is None:
            cells = self._slots[r] = [c for c in trow.cells if c.kind != STATIC]
        merged_cols: list[int] = []
        for i, value in enumerate(values):
            if isinstance(value, Undefined):
                raise CellUndefinedError(cells[i].ref, value)
            if isinstance(value, MergeDown):
                values[i] = self._merge_down(n, trow, cells[i].col, value)
                merged_cols.append(cells[i].col)
        if self._runs:
            for col in [c for c in self._runs if c not in merged_cols]:
                self._close_run(col)
        self.rows.append(OutputRow(trow, values))
        return ""

    def open(self, key: int) -> str:
        """Start stretch merge ``key``: rows emitted until close() are under it."""
        if key in self._open:
            self.close(key)
        self._open[key] = [0, 0]
        return ""

    def close(self, key: int) -> str:
        """End stretch merge ``key`` and record the merge over the rows it covered."""
        span = self._open.pop(key, None)
        if span and span[0]:
            s = self.sheet.stretches[key]
            if span[1] > span[0] or s.max_col > s.min_col:
                self.merges.append((span[0], s.min_col, span[1], s.max_col))
        return ""

    def block(self, key: int) -> str:
        """Start page block ``key``."""
        self._blocks.append([key, 0, 0, 0, True])
        return ""

    def endblock(self) -> str:
        """End the innermost page block and record it."""
        if self._blocks:
            _, first, head, last, _ = self._blocks.pop()
            if first and head and last >= first + head:
                self.blocks.append(Block(first, head, last))
        return ""

    # -- merge-down runs ------------------------------------------------------------------

    def _merge_down(self, n: int, trow: TemplateRow, col: int, mark: MergeDown) -> Any:
        run = self._runs.get(col)
        if run is not None and run[1] == n - 1 and run[2] == mark.value and run[3] == mark.scope:
            run[1] = n
            return None
        if run is not None:
            self._close_run(col)
        last = col
        for dr, c1, c2 in trow.copy_merges:
            if dr == 0 and c1 == col:
                last = c2
        self._runs[col] = [n, n, mark.value, mark.scope, last]
        return mark.value

    def _close_run(self, col: int) -> None:
        start, end, _, _, last = self._runs.pop(col)
        if end > start:
            self.merges.append((start, col, end, last))

    def finish(self) -> None:
        """Close every open run and stretch (end of the sheet)."""
        for col in list(self._runs):
            self._close_run(col)
        for key in list(self._open):
            self.close(key)
        while self._blocks:
            self.endblock()

    # -- mapping template rows to output rows ----------------------------------------------

    def first_at_or_after(self, t: int) -> int | None:
        """The first output row made from template row ``t`` or a later one."""
        found = [n for r, n in self.first_out.items() if r >= t]
        return min(found) if found else None

    def last_at_or_before(self, t: int) -> int | None:
        """The last output row made from template row ``t`` or an earlier one."""
        found = [n for r, n in self.last_out.items() if r <= t]
        return max(found) if found else None
