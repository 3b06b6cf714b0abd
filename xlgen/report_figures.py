"""Derived figures of the 部门整体支出绩效自评报告 (placeholder; filled in by the report work)."""

from __future__ import annotations

from typing import Any

from .model import InputBook


def build(book: InputBook) -> dict[str, Any]:
    """Every computed figure the report template uses."""
    return {}
