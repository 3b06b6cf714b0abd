"""Print documents with LibreOffice and read the PDF back (pdfplumber): what a clerk sees.

Tests that need LibreOffice are marked ``@pytest.mark.libreoffice``; without ``soffice`` they
skip, unless ``XLGEN_REQUIRE_LIBREOFFICE=1`` (CI) makes that a failure. Each conversion uses
its own LibreOffice profile folder, so parallel runs do not collide.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from xlgen.output import prepare_profile

TOLERANCE = 0.6  # points: rounding of coordinates in the PDF


def soffice() -> str:
    """The soffice command; skip (or fail under XLGEN_REQUIRE_LIBREOFFICE=1) without it."""
    path = shutil.which("soffice")
    if path is None:
        if os.environ.get("XLGEN_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("XLGEN_REQUIRE_LIBREOFFICE=1 but soffice is not on PATH")
        pytest.skip("LibreOffice (soffice) is not installed")
    return path


def to_pdf(files: list[Path], folder: Path, timeout: int = 600) -> dict[Path, Path]:
    """Convert ``files`` to PDF in ``folder`` with one LibreOffice run and a private profile
    set up as xlgen's own (Chinese language, Chinese fonts for the Windows names)."""
    profile = prepare_profile(folder / "lo-profile")
    subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), *map(str, files)],
        check=True, capture_output=True, timeout=timeout,
    )
    pdfs = {f: folder / f"{f.stem}.pdf" for f in files}
    missing = [str(p) for p in pdfs.values() if not p.is_file()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}"
    return pdfs


@dataclass
class Page:
    """One printed page: its size, characters (in drawing order), words and border lines."""

    number: int
    width: float
    height: float
    chars: list[dict[str, Any]]
    words: list[dict[str, Any]]
    rules: list[tuple[float, float, float]]  # horizontal borders: (y, x0, x1)
    columns: list[tuple[float, float, float]]  # vertical borders: (x, top, bottom)

    @property
    def text(self) -> str:
        """Every character on the page, drawing order, no whitespace."""
        return "".join(c["text"] for c in self.chars if not c["text"].isspace())

    def box(self, char: dict[str, Any]) -> tuple[float, float, float, float]:
        """The table cell a character starts in: (left, top, right, bottom) borders around
        its top-left corner (the page's edges where there is no border)."""
        x, y = char["x0"] + TOLERANCE, char["top"] + TOLERANCE
        above = [r[0] for r in self.rules if r[1] <= x <= r[2] and r[0] <= y]
        below = [r[0] for r in self.rules if r[1] <= x <= r[2] and r[0] > y]
        left = [c[0] for c in self.columns if c[1] <= y <= c[2] and c[0] <= x]
        right = [c[0] for c in self.columns if c[1] <= y <= c[2] and c[0] > x]
        return (max(left, default=0.0), max(above, default=0.0),
                min(right, default=self.width), min(below, default=self.height))

    def column_text(self, header: str) -> str:
        """The text printed in the column whose header (a word) is ``header``, below it."""
        word = next(w for w in self.words if w["text"] == header)
        mid = (word["x0"] + word["x1"]) / 2
        left = max((c[0] for c in self.columns if c[0] <= mid and c[1] <= word["top"] <= c[2]),
                   default=0.0)
        right = min((c[0] for c in self.columns if c[0] > mid and c[1] <= word["top"] <= c[2]),
                    default=self.width)
        return "".join(c["text"] for c in self.chars
                       if left <= (c["x0"] + c["x1"]) / 2 <= right and c["top"] > word["bottom"]
                       and not c["text"].isspace())


def read_pdf(pdf: Path) -> list[Page]:
    """Every page of ``pdf`` with its characters, words and table borders."""
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, 1):
            rules, columns = [], []
            for edge in page.edges:
                if edge["orientation"] == "h":
                    rules.append((edge["top"], edge["x0"], edge["x1"]))
                else:
                    columns.append((edge["x0"], edge["top"], edge["bottom"]))
            chars = [dict(c) for c in page.chars]
            words = page.extract_words(keep_blank_chars=False, use_text_flow=True)
            pages.append(Page(number, float(page.width), float(page.height), chars, words,
                              rules, columns))
    return pages


def overlapping_words(page: Page) -> list[tuple[str, str]]:
    """Pairs of words printed over each other (more than rounding)."""
    words = sorted(page.words, key=lambda w: w["top"])
    found = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if b["top"] >= a["bottom"] - TOLERANCE:
                break
            dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if dx > TOLERANCE and dy > TOLERANCE:
                found.append((a["text"], b["text"]))
    return found


def off_the_page(page: Page) -> list[str]:
    """Characters printed (partly) outside the paper."""
    return [c["text"] for c in page.chars
            if c["x0"] < -TOLERANCE or c["top"] < -TOLERANCE
            or c["x1"] > page.width + TOLERANCE or c["bottom"] > page.height + TOLERANCE]


def cell_lines(page: Page) -> list[list[str]]:
    """The printed lines of each table cell (the page's text outside tables counts as one
    cell), top to bottom, whitespace left out."""
    cells: dict[tuple[float, float, float, float], list[dict[str, Any]]] = {}
    for c in page.chars:
        if not c["text"].isspace():
            cells.setdefault(page.box(c), []).append(c)
    found = []
    for chars in cells.values():
        lines: list[list[dict[str, Any]]] = []
        for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
            if lines and abs(c["top"] - lines[-1][0]["top"]) <= 2:
                lines[-1].append(c)
            else:
                lines.append([c])
        found.append(["".join(c["text"] for c in line) for line in lines])
    return found


def stretched_lines(page: Page, most: float = 0.25) -> list[str]:
    """Printed lines whose characters stand further apart than ``most`` em on average: a
    justified line stretched to the margin, as a line that ends in a manual line break is
    in Word and LibreOffice (``广 州 市 … 的`` over the whole width)."""
    lines: dict[int, list[dict[str, Any]]] = {}
    for c in page.chars:  # spaces too: a typed space is not a gap
        lines.setdefault(round(c["top"]), []).append(c)
    found = []
    for chars in lines.values():
        chars.sort(key=lambda c: c["x0"])
        while chars and chars[-1]["text"].isspace():
            chars.pop()
        if len(chars) < 2:
            continue
        ink = sum(c["x1"] - c["x0"] for c in chars)
        gap = (chars[-1]["x1"] - chars[0]["x0"] - ink) / (len(chars) - 1)
        if gap > most * max(c["size"] for c in chars):
            found.append("".join(c["text"] for c in chars))
    return found


def lone_characters(page: Page, longest: int = 10) -> list[str]:
    """Short cell texts (at most ``longest`` characters) wrapped so that one character stands
    alone on a line: a header printed as ``预算执行率得`` over ``分``."""
    return [" / ".join(lines) for lines in cell_lines(page)
            if len(lines) > 1 and sum(map(len, lines)) <= longest
            and any(len(line) == 1 for line in lines)]


def outside_their_cell(pages: list[Page], text: str) -> list[str]:
    """Where the cell text ``text`` is printed, the characters that fall outside the cell its
    first character is in (text clipped at the cell's border, or drawn over the next row).

    Every occurrence of ``text`` (whitespace ignored) in drawing order is checked. Raises
    AssertionError when ``text`` is not printed at all.
    """
    wanted = "".join(text.split())
    found = False
    bad: list[str] = []
    for page in pages:
        chars = [c for c in page.chars if not c["text"].isspace()]
        flat = "".join(c["text"] for c in chars)
        start = flat.find(wanted)
        while start >= 0:
            found = True
            run = chars[start:start + len(wanted)]
            left, top, right, bottom = page.box(run[0])
            for c in run:
                if (c["x0"] < left - TOLERANCE or c["x1"] > right + TOLERANCE
                        or c["top"] < top - TOLERANCE or c["bottom"] > bottom + TOLERANCE):
                    bad.append(f"page {page.number}: “{c['text']}” of “{wanted[:20]}…”")
                    break
            start = flat.find(wanted, start + 1)
    assert found, f"not printed: {wanted[:60]}"
    return bad


def text_under(page: Page, word: str) -> str:
    """What the table prints below the last ``word`` on the page: the characters under it and
    above the table's lowest border (the footer is not counted)."""
    found = [w for w in page.words if w["text"] == word]
    assert found, f"page {page.number}: no {word}"
    top = max(w["bottom"] for w in found)
    floor = max((r[0] for r in page.rules), default=page.height)
    return "".join(c["text"] for c in page.chars if top < c["top"] and c["bottom"] <= floor
                   + TOLERANCE and not c["text"].isspace())


def word_gaps(page: Page, text: str) -> list[tuple[float, float]]:
    """Where the word ``text`` is printed on ``page``: for each time, the space between it
    and its cell's left border, and between it and the right border (points)."""
    found = []
    for w in page.words:
        if w["text"] == text:
            left, _, right, _ = page.box(w)
            found.append((w["x0"] - left, right - w["x1"]))
    return found


def column_cells(page: Page, header: str) -> list[str]:
    """The texts of the cells printed in the column whose header is ``header``, top down."""
    word = next(w for w in page.words if w["text"] == header)
    mid = (word["x0"] + word["x1"]) / 2
    cells: dict[tuple[float, float, float, float], str] = {}
    for c in page.chars:
        if c["text"].isspace() or c["top"] <= word["bottom"]:
            continue
        box = page.box(c)
        if box[0] <= mid <= box[2] and box[3] < page.height:
            cells[box] = cells.get(box, "") + c["text"]
    return [cells[box] for box in sorted(cells, key=lambda b: b[1])]


def last_cell(page: Page, header: str) -> str:
    """The text of the lowest cell printed in the column whose header is ``header``."""
    cells = column_cells(page, header)
    return cells[-1] if cells else ""


# never at the start of a printed Chinese line (clerks type the ASCII ones in Chinese text too)
PUNCTUATION = "，。、；：？！）》”,.:;!?)"


def lines_starting_with_punctuation(page: Page) -> list[str]:
    """Lines of a cell (or of the page's text outside tables) that start with a Chinese
    closing punctuation mark such as “，”“。”“、” (or an ASCII one, “:”): ``end of the line
    before / line``."""
    return [f"{before[-10:]} / {line[:10]}" for lines in cell_lines(page)
            for before, line in zip(lines, lines[1:], strict=False)
            if line[0] in PUNCTUATION]


def glyph_names(pdf: Path) -> dict[tuple[str, str], str]:
    """(font name without its subset prefix, character) → the glyph it is drawn with, for
    every Type 1 font LibreOffice embedded (CJK faces come as ``cid12345`` glyphs, so the
    glyph tells which face of a .ttc collection was used: SC and JP differ in 部, 门, 表…)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    found: dict[tuple[str, str], str] = {}
    with pdf.open("rb") as fh:
        doc = PDFDocument(PDFParser(fh))
        for xref in doc.xrefs:
            for objid in xref.get_objids():
                try:
                    obj = resolve1(doc.getobj(objid))
                except Exception:  # noqa: BLE001 - free or broken objects are not fonts
                    continue
                if not isinstance(obj, dict) or "ToUnicode" not in obj:
                    continue
                desc = resolve1(obj.get("FontDescriptor"))
                if not isinstance(desc, dict) or "FontFile" not in desc:
                    continue
                font = resolve1(desc["FontFile"]).get_data().decode("latin-1")
                names = {int(code): _glyph(name) for code, name in
                         re.findall(r"dup (\d+) /(\S+) put", font)}
                base = str(resolve1(obj["BaseFont"]).name).split("+")[-1]
                cmap = resolve1(obj["ToUnicode"]).get_data().decode("latin-1")
                for code, text in _to_unicode(cmap).items():
                    if code in names:
                        found[(base, text)] = names[code]
    return found


def _to_unicode(cmap: str) -> dict[int, str]:
    """A ToUnicode CMap's single codes (bfchar and bfrange) → their text."""
    found: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            found[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, text in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(text, 16)
            for n, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                found[code] = chr(start + n)
    return found


@functools.cache
def face_glyphs(family: str) -> dict[str, str] | None:
    """Character → glyph name in the installed face ``family`` (found with fc-match), or
    None when fontconfig does not have that very family."""
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return None
    out = subprocess.run([fc_match, "-f", "%{family}\n%{file}\n%{index}", family],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    if len(out) < 3 or family not in out[0].split(","):
        return None
    from fontTools.ttLib import TTFont

    with TTFont(out[1], fontNumber=int(out[2]), lazy=True) as font:
        cmap = font.getBestCmap()
    return {chr(code): _glyph(name) for code, name in cmap.items()}


def _glyph(name: str) -> str:
    """A glyph name without the zeros fonts pad CIDs with (``cid09699`` is ``cid9699``)."""
    return re.sub(r"^cid0*(?=\d)", "cid", name)
