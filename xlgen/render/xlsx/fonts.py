"""Fonts an office suite put into an Excel template in place of the maintainer's.

LibreOffice opening a template on a computer without the template's font (宋体 on Linux)
keeps that name only as the Western font; saving it again writes, for every cell of
Chinese text, its own fallback (Noto Sans CJK SC, WenQuanYi…). Nothing else changes, the
template still checks clean, and every document prints its labels in a font an Excel or
WPS on Windows does not have, beside figures in 宋体. :func:`substituted_fonts` names them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from ...problems import Problem, Severity
from ..lookup import template_label

# Families a Linux desktop or LibreOffice falls back to; none comes with Windows, Excel or WPS.
FALLBACK_FONTS = ("Noto Sans CJK", "Noto Serif CJK", "Noto Sans SC", "Noto Serif SC",
                  "Source Han", "思源", "WenQuanYi", "文泉驿", "Droid Sans Fallback", "AR PL ",
                  "DejaVu", "Liberation ", "Carlito", "Caladea")
_MOST_CELLS_NAMED = 6


def is_fallback_font(name: str | None) -> bool:
    return bool(name) and any(str(name).startswith(f) for f in FALLBACK_FONTS)


def substituted_fonts(ws: Worksheet, template: Path) -> list[Problem]:
    """One warning per fallback font the cells of ``ws`` (those with content) use, naming
    the cells and the font the rest of the sheet uses."""
    cells: dict[str, list[str]] = {}
    kept: Counter[str] = Counter()
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or cell.value == "":
                continue
            name = cell.font.name if cell.font is not None else None
            if is_fallback_font(name):
                cells.setdefault(str(name), []).append(cell.coordinate)
            elif name:
                kept[str(name)] += 1
    if not cells:
        return []
    usual = kept.most_common(1)[0][0] if kept else None
    back = f"改回“{usual}”（这张表其他单元格的字体），" if usual else "改回原来的字体（如“宋体”），"
    problems = []
    for font, where in cells.items():
        named = "、".join(where[:_MOST_CELLS_NAMED])
        more = f" 等 {len(where)} 格" if len(where) > _MOST_CELLS_NAMED else ""
        problems.append(Problem(
            Severity.WARNING, "template-font-substituted",
            f"模板 {template_label(template)} 工作表“{ws.title}”单元格 {named}{more}的字体是"
            f"“{font}”：这是 LibreOffice 等在没有模板原字体的电脑上另存时换上的字体，"
            "Windows 的 Excel、WPS 中没有它，每份文书都会用别的字体印出这些格。请选中这些"
            f"单元格，把字体{back}再保存模板：Excel、WPS 中改“字体”；LibreOffice 中要改“格式 → "
            "单元格 → 字体”的“亚洲文字字体”（只改西文字体，再次保存时又会被换掉）。",
            str(template), ws.title, where[0]))
    return problems


__all__ = ["FALLBACK_FONTS", "is_fallback_font", "substituted_fonts"]
