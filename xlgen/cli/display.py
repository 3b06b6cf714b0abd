"""Text the CLI prints: problem lines and the build summary table (CJK-width aware)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import click

from ..problems import Problem, Severity


def width(text: str) -> int:
    """Display width: CJK and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


def problem_line(p: Problem, color: bool = True) -> str:
    """``  错误  项目!C7  [bad-amount]  “财政拨款”应填写…``"""
    label = p.severity.label
    if color:
        label = click.style(label, fg="red" if p.severity is Severity.ERROR else "yellow",
                            bold=p.severity is Severity.ERROR)
    where = p.where or "（整个文件）"
    return f"  {label}  {pad(where, 14)} [{p.code}]  {p.message}"


def table(headers: list[str], rows: Iterable[list[str]]) -> str:
    """A plain aligned table."""
    rows = [list(map(str, r)) for r in rows]
    sizes = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    line = "  ".join("-" * s for s in sizes)
    out = ["  ".join(pad(h, s) for h, s in zip(headers, sizes, strict=True)), line]
    out += ["  ".join(pad(c, s) for c, s in zip(r, sizes, strict=True)) for r in rows]
    return "\n".join(out)
