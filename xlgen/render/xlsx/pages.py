"""Page planning for the Excel engine: physical rows, page breaks and merges split at a break.

Pure: no openpyxl and no text. The writer describes the logical rows a template produced
(their heights and, for a row with long text, how it may be cut between lines), the merges,
the blocks whose head rows repeat at the top of every page they continue on, the print-title
rows and the page's capacity in points. ``plan_pages`` answers:

- the physical rows to write (``Plan.pieces``): a logical row that continues on the next page
  becomes one part per page, and a part taller than Excel's 409-point limit several rows;
- where pages break, and which of those breaks the sheet must hold as manual breaks (a cut
  merge, a cut row, a repeated head, a group moved to keep it whole, a break before a page
  holding a heading, and every break before one of those); after the last of them the
  application finds the breaks itself, with its own measure of the page;
- the merges in physical rows, cut where a page breaks them, and the cells where a cut
  merge's later parts print its label again.

Groups (vertical merges, and a block's head with its first row) no taller than ``keep`` of a
page are never cut: they move to the next page whole (or, when that would leave a quarter of
a page blank, are cut between the smaller groups they hold). The row after a block (the
自评表's 总分) never starts a page: the block's last group moves with it. A heading (a
block's head rows, a row marked ``with_next``) is never the last thing on a page: it moves to
the next page with what must print under it (the group its next row starts, or the first
part of a long row).

The plan's pages are a little shorter than the application's (printing.SAFETY), so where the
application breaks by itself it breaks at the plan's break or later, never earlier. It knows
nothing of headings: the break before a page that holds one is held, so the application's
page cannot run on past it and end with the heading. Nor does it know the plan's cuts: were
it to break by itself before a held break, its fuller pages would reach that break early
and the page before it print half blank, so those breaks are held too.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

Merge = tuple[int, int, int, int]  # (min_row, min_col, max_row, max_col)

MAX_ROW_HEIGHT = 409.0  # Excel's limit on one row's height, in points
EPSILON = 0.01


@dataclass(frozen=True, slots=True)
class Row:
    """One logical output row, as the page planner sees it.

    A row with ``lines`` > 1 holds text that may flow on to the next page, ``line`` points a
    line; each part it is cut into is ``pad`` plus its lines tall, and no smaller than
    ``least`` (its first part: every text fits), or ``later`` for a part after the first
    (the labels repeated in every part fit; -1: ``least``). ``cols`` are its cells' columns,
    merged down a part that has to be written as several physical rows. A ``with_next`` row
    (a heading) is never the last on its page: it moves with the start of the next row.
    ``cuts``: the line counts (from the row's first line) after which a page may break it,
    as between the items of the 目标表's 绩效指标; empty: after any line.
    """

    height: float
    lines: int = 0
    line: float = 0.0
    pad: float = 0.0
    least: float = 0.0
    cols: tuple[int, ...] = ()
    with_next: bool = False
    later: float = -1.0
    cuts: frozenset[int] = frozenset()

    @property
    def flows(self) -> bool:
        return self.lines > 1 and self.line > 0

    def least_part(self, first: bool) -> float:
        """The least height of its first part, or of a later one."""
        return self.least if first or self.later < 0 else self.later


class Span(NamedTuple):
    """A merge in logical rows; ``label`` is the height its text needs in every part."""

    r1: int
    c1: int
    r2: int
    c2: int
    label: float = 0.0


@dataclass(frozen=True, slots=True)
class Block:
    """Rows ``first``..``last``; the first ``head`` of them repeat atop each later page."""

    first: int
    head: int
    last: int


@dataclass(slots=True)
class Piece:
    """One physical row: part ``part`` of logical row ``row`` (-1: a repeated head row)."""

    row: int
    part: int
    height: float
    page: int
    sub: int = 0  # its place among the physical rows of one tall part


@dataclass
class Plan:
    """What to write: physical rows, page breaks, merges (all in physical rows, from 1)."""

    pieces: list[Piece]
    breaks: list[int] = field(default_factory=list)  # rows that start pages 2, 3, …
    manual: list[int] = field(default_factory=list)  # of those, the ones the sheet must hold
    merges: list[Merge] = field(default_factory=list)
    labels: list[tuple[int, int, int, int]] = field(default_factory=list)
    # (row, col) of a later part of a cut merge, and the logical (row, col) whose label it shows

    def part_heights(self) -> dict[int, list[float]]:
        """For each logical row printed on several pages, the height of its part on each."""
        parts: dict[int, dict[int, float]] = {}
        for piece in self.pieces:
            if piece.part >= 0:
                row = parts.setdefault(piece.row, {})
                row[piece.part] = row.get(piece.part, 0.0) + piece.height
        return {r: [p[k] for k in sorted(p)] for r, p in parts.items() if len(p) > 1}


def plan_pages(rows: Sequence[Row], spans: Sequence[Span], blocks: Sequence[Block] = (),
               capacity: float | None = None, titles: tuple[int, int] | None = None, *,
               keep: float = 0.5, cut: float = 0.25,
               max_row: float = MAX_ROW_HEIGHT) -> Plan:
    """Plan the physical rows and pages of ``rows`` (``rows[0]`` is row 1).

    ``capacity`` is the points of rows one page holds (None: pages unknown, only rows taller
    than ``max_row`` are written as several); ``titles`` are the rows the application repeats
    atop every page. A group no taller than ``keep`` × a page moves whole to the next page.
    A row of flowing text starts at the foot of a page and goes on on the next when it is
    taller than a page, or taller than ``keep`` × a page and at least ``cut`` × a page is left.
    """
    planner = _Planner(rows, spans, blocks, capacity, titles, keep, cut, max_row)
    planner.run()
    return planner.finish()


class _Planner:
    def __init__(self, rows: Sequence[Row], spans: Sequence[Span], blocks: Sequence[Block],
                 capacity: float | None, titles: tuple[int, int] | None, keep: float,
                 cut: float, max_row: float):
        self.rows = [Row(0.0), *rows]  # 1-based
        self.n = len(rows)
        self.spans = [s for s in spans if s.r1 <= s.r2]
        self.blocks = [b for b in blocks if b.head > 0 and b.first + b.head <= b.last]
        self.max_row = max_row
        self.cum = [0.0]
        for row in rows:
            self.cum.append(self.cum[-1] + row.height)
        paged = capacity is not None and capacity > 0
        self.first_page = capacity if capacity is not None and paged else math.inf
        title_h = self.total(titles[0], titles[1]) if titles and paged else 0.0
        self.body = self.first_page - title_h  # pages after the first repeat the titles
        self.keep = keep * self.body
        self.cut = cut * self.body
        # Multi-row spans continuing into row r (r1 < r <= r2), and small groups by first row.
        self.continuing: dict[int, list[Span]] = {}
        self.ending: dict[int, list[Span]] = {}  # multi-row spans by their last row
        self.group_end: dict[int, int] = {}
        for s in self.spans:
            if s.r2 > s.r1:
                self.ending.setdefault(s.r2, []).append(s)
                for r in range(s.r1 + 1, s.r2 + 1):
                    self.continuing.setdefault(r, []).append(s)
                if self.total(s.r1, s.r2) <= self.keep:
                    self.group_end[s.r1] = max(self.group_end.get(s.r1, s.r1), s.r2)
        self.heads: dict[int, list[Block]] = {}  # body row → blocks it continues (outer first)
        self.with_next = {r for r in range(1, self.n) if self.rows[r].with_next}
        # the row closing a block (the 自评表's 总分) never starts a page: it stays with the
        # block's last group
        self.with_previous = {b.last + 1 for b in self.blocks if b.last < self.n}
        for b in sorted(self.blocks, key=lambda b: (b.first, -b.last)):
            self.with_next.update(range(b.first, b.first + b.head))
            for r in range(b.first + b.head, b.last + 1):
                self.heads.setdefault(r, []).append(b)
            if self.total(b.first, b.last) <= self.keep:
                self.group_end[b.first] = max(self.group_end.get(b.first, b.first), b.last)
        self.pieces: list[Piece] = []
        self.page = 0
        self.page_start = 0  # index of the current page's first piece
        self.fill = 0.0
        self.avail = self.first_page
        self.used = False  # the page holds a row of its own (not only repeated heads)
        self.first_row = 0  # the first of them
        self.parts: dict[int, int] = {}  # logical row → parts placed so far
        self.starts: list[int] = []  # piece indices that start a page
        self.kept: set[int] = set()  # of those, breaks made early to keep a group whole

    def total(self, r1: int, r2: int) -> float:
        return self.cum[r2] - self.cum[r1 - 1]

    # -- placing ---------------------------------------------------------------------------

    def place(self, row: int, height: float, part: int) -> None:
        """Append one part (several physical rows when taller than ``max_row``)."""
        count = max(1, math.ceil(height / self.max_row - 1e-9))
        each = math.ceil(height / count * 100) / 100 if count > 1 else height
        for sub in range(count):
            self.pieces.append(Piece(row, part, each, self.page, sub))
        self.fill += each * count
        if part >= 0 and not self.used:
            self.used, self.first_row = True, row

    def new_page(self, kept: bool = False) -> None:
        self.page += 1
        self.page_start = len(self.pieces)
        self.starts.append(self.page_start)
        if kept:
            self.kept.add(self.page_start)
        self.fill, self.avail, self.used, self.first_row = 0.0, self.body, False, 0

    def repeat_heads(self, row: int) -> None:
        """Atop a new page that continues a block at ``row``, repeat the block's head rows."""
        for block in self.heads.get(row, ()):
            for r in range(block.first, block.first + block.head):
                self.place(r, self.rows[r].height, -1)

    def remaining(self, r: int, done: int) -> float:
        """Height still to place of row ``r`` when ``done`` of its lines are placed."""
        row = self.rows[r]
        if done == 0:
            return row.height
        return max(row.least_part(False), row.pad + (row.lines - done) * row.line)

    def fitting_lines(self, r: int, room: float, done: int = 0) -> int:
        """How many more of row ``r``'s lines (``done`` placed) fit in ``room`` and end where
        the row may be cut."""
        row = self.rows[r]
        k = math.floor((room - row.pad + EPSILON) / row.line)
        if row.cuts:
            k = max((c - done for c in row.cuts if done < c <= done + k), default=0)
        return k

    # -- the greedy pass ---------------------------------------------------------------------

    def run(self) -> None:
        r, done = 1, 0
        while r <= self.n:
            row = self.rows[r]
            if done == 0 and self.used and self.move_group(r):
                self.new_page(kept=True)
                self.repeat_heads(r)
                continue
            need = self.remaining(r, done)
            room = self.avail - self.fill
            if need <= room + EPSILON:
                self.place(r, need, self.next_part(r))
                r, done = r + 1, 0
                continue
            k = self.split(r, done, room, not self.used)
            if k:
                least = row.least_part(done == 0) if not self.used else 0.0
                self.place(r, max(row.pad + k * row.line, least),
                           self.next_part(r))
                done += k
                self.new_page()
                self.repeat_heads(r)
                continue
            if not self.used:  # nothing better: it overflows the page
                self.place(r, need, self.next_part(r))
                r, done = r + 1, 0
                continue
            b = self.back_to(r)
            self.new_page(kept=b < r)
            self.repeat_heads(b)
            r = b

    def split(self, r: int, done: int, room: float, fresh: bool) -> int:
        """How many more lines of row ``r`` (``done`` placed) to print in ``room`` before the
        page breaks inside it; 0: it is not cut here."""
        row = self.rows[r]
        if not row.flows:
            return 0
        k = self.fitting_lines(r, room, done)
        if not k and fresh:  # no item ends on an empty page: cut it where the page ends
            k = math.floor((room - row.pad + EPSILON) / row.line)
        need = self.remaining(r, done)
        part_min = max(row.least_part(done == 0), row.pad + 2 * row.line)
        must = need > self.body - self.head_height(r)  # taller than a page
        worth = row.height > self.keep and room >= self.cut
        if 0 < k < row.lines - done and (fresh or ((must or worth) and room >= part_min
                                                   and k >= 2)):
            return k
        return 0

    def next_part(self, r: int) -> int:
        part = self.parts.get(r, 0)
        self.parts[r] = part + 1
        return part

    def move_group(self, r: int) -> bool:
        """Whether the group starting at ``r`` must go whole to the next page: a merge or
        block no taller than ``keep``, or headings with what must print under them."""
        room = self.avail - self.fill
        page = self.body - self.head_height(r)
        start, last = r, r  # the rows it would move
        need, above = 0.0, 0.0  # above: the headings' height before row r
        while True:
            end = self.group_end.get(r)
            if end is None and r + 1 in self.with_previous:
                end = r
            if end is not None:
                if end + 1 in self.with_previous:  # the row closing the block goes with it
                    end += 1
                need = max(need, above + self.total(r, end))
                last = max(last, end)
            if above and end is None:  # the row under the headings
                row = self.rows[r]
                if self.split(r, 0, room - above, False):
                    need = max(need, above + max(row.least, row.pad + 2 * row.line))
                else:  # it moves whole, or starts a page it fills
                    need = max(need, above + min(row.height, page - above))
            if r not in self.with_next or r >= self.n or above + self.rows[r].height > page:
                break
            above += self.rows[r].height
            r += 1
        return (need > room + EPSILON and need <= page
                and not (room >= self.cut and self.inner_break(start, last, room)))

    def inner_break(self, start: int, last: int, room: float) -> bool:
        """Whether the group of rows ``start``..``last`` may be cut after some of its rows that
        fill ``room`` rather than leave a quarter of a page or more blank: between the smaller
        groups it holds (an indicator's 一级 group), none of them cut, its headings not last on
        the page, and room left for the label of every merge it cuts (printed again on the
        next page, as its block's head rows are)."""
        for k in range(last, start, -1):
            if self.total(start, k - 1) > room + EPSILON or k - 1 in self.with_next \
                    or k in self.with_previous:
                continue
            if any(start < s.r1 < k <= s.r2 for s in self.continuing.get(k, ())):
                continue  # an inner group would be cut
            if not any(start <= s.r1 and k - 1 < last for s in self.ending.get(k - 1, ())):
                continue  # no inner group ends here: a plain row of the group
            if any(self.total(s.r1, k - 1) < s.label - EPSILON
                   for s in self.continuing.get(k, ())):
                continue
            return True
        return False

    def head_height(self, r: int) -> float:
        return sum(self.total(b.first, b.first + b.head - 1) for b in self.heads.get(r, ()))

    def back_to(self, r: int) -> int:
        """The row the next page starts with when ``r`` does not fit: ``r``, or earlier so that
        a merge cut here keeps room for its label on this page."""
        first = self.first_row or r
        b = r
        while True:
            short = [s for s in self.continuing.get(b, ())
                     if first < s.r1 < b and self.total(s.r1, b - 1) < s.label - EPSILON]
            if not short:
                break
            b = min(s.r1 for s in short)
        if b < r:
            while self.pieces and self.pieces[-1].row >= b and self.pieces[-1].part >= 0 \
                    and len(self.pieces) > self.page_start:
                piece = self.pieces.pop()
                self.fill -= piece.height
                if piece.sub == 0:
                    self.parts[piece.row] -= 1
        return b

    # -- after the pass -----------------------------------------------------------------------

    def finish(self) -> Plan:
        plan = Plan(self.pieces)
        self.grow_labels()
        self.merges(plan)
        headed = {p.page for p in self.pieces if p.part >= 0 and p.row in self.with_next}
        held = []
        for start in self.starts:
            if start >= len(self.pieces):
                continue
            plan.breaks.append(start + 1)
            held.append(start in self.kept or self.must_hold(start)
                        or self.pieces[start].page in headed)
        # Every break before a held one is held too: the application's pages hold more than
        # the plan's (LibreOffice prints 宋体 columns wider, so smaller: 14 % more rows), so
        # breaking by itself it runs ahead of the plan and reaches the held break early, and
        # the page before it prints half empty (a row cut there with half a page to spare).
        last = max((k for k, h in enumerate(held) if h), default=-1)
        plan.manual = plan.breaks[:last + 1]
        return plan

    def must_hold(self, start: int) -> bool:
        """A break the application would not make: inside a row, a merge, or before a head."""
        piece = self.pieces[start]
        if piece.part != 0:
            return True
        before = next((self.pieces[i] for i in range(start - 1, -1, -1)
                       if self.pieces[i].part >= 0), None)
        if before is None:
            return False
        return any(s.r1 <= before.row for s in self.continuing.get(piece.row, ()))

    def physical(self) -> dict[int, list[int]]:
        by_row: dict[int, list[int]] = {}
        for i, piece in enumerate(self.pieces):
            by_row.setdefault(piece.row, []).append(i)
        return by_row

    def span_parts(self, span: Span, by_row: dict[int, list[int]]) -> list[list[int]]:
        """The piece indices of ``span`` grouped by page (each group contiguous)."""
        found: list[int] = []
        for r in range(span.r1, span.r2 + 1):
            found.extend(by_row.get(r, ()))
        found.sort()
        parts: list[list[int]] = []
        for i in found:
            if parts and self.pieces[parts[-1][-1]].page == self.pieces[i].page \
                    and parts[-1][-1] == i - 1:
                parts[-1].append(i)
            else:
                parts.append([i])
        return parts

    def grow_labels(self) -> None:
        """A part of a cut merge shorter than its label grows to hold it."""
        by_row = self.physical()
        for span in self.spans:
            if span.r2 == span.r1 or span.label <= 0:
                continue
            parts = self.span_parts(span, by_row)
            for part in parts if len(parts) > 1 else ():
                have = sum(self.pieces[i].height for i in part)
                if have < span.label - EPSILON:
                    last = self.pieces[part[-1]]
                    last.height = min(self.max_row, last.height + span.label - have)

    def merges(self, plan: Plan) -> None:
        by_row = self.physical()
        for span in self.spans:
            for part in self.span_parts(span, by_row):
                top = self.pieces[part[0]]
                if len(part) > 1 or span.c2 > span.c1:
                    plan.merges.append((part[0] + 1, span.c1, part[-1] + 1, span.c2))
                if span.r2 > span.r1 and not (top.row == span.r1 and top.part <= 0
                                              and top.sub == 0):
                    plan.labels.append((part[0] + 1, span.c1, span.r1, span.c1))
        tall = sorted({p.row for p in self.pieces if p.sub > 0})
        if not tall:
            return
        covered: dict[int, set[int]] = {r: set() for r in tall}
        for span in self.spans:
            if span.r2 == span.r1 and span.c2 == span.c1:
                continue
            lo = bisect.bisect_left(tall, span.r1)
            hi = bisect.bisect_right(tall, span.r2)
            for r in tall[lo:hi]:
                covered[r].update(range(span.c1, span.c2 + 1))
        runs: dict[tuple[int, int, int], list[int]] = {}
        for i, piece in enumerate(self.pieces):
            if piece.row in covered:
                runs.setdefault((piece.row, piece.part, piece.page), []).append(i)
        for (row, _, _), run in runs.items():
            if len(run) < 2:
                continue
            for col in self.rows[row].cols:
                if col not in covered[row]:
                    plan.merges.append((run[0] + 1, col, run[-1] + 1, col))
