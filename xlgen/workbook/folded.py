"""Unfold a published table's 绩效指标 cell back into indicator rows (``xlgen import``).

Two printed styles are read:

- the district's coded style, one indicator per item, items numbered 1, 2, 3 …::

      1.1-产出指标:11-数量指标:工作天数;实施周期指标值:22天;年度指标值:22天。

  (the 二级 part ``11-数量指标:`` is absent for an indicator without one; an empty name or
  value is left out, as xlgen's own template prints it);
- the city's style, without codes, 二级 or 实施周期指标值::

      1、满意度指标：服务对象满意度，年度指标值：≥90%。

Items follow one another with or without a line break. What cannot be read is reported as
an :class:`Issue` (the caller turns it into a Problem at the cell), never guessed: an item
that is not in either shape is kept whole in the issue's message and left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Framework, strip_code

PERIOD = "实施周期指标值"
ANNUAL = "年度指标值"

# The start of an item: its number, then ".<一级 code>-" (coded) or "、" (city).
# An item starts the cell or follows a full stop, a line break, a space or a semicolon.
_CODED_START = re.compile(r"(?:^|(?<=[。\n;；\s]))\s*(\d+)\.(\d*)\s*-")
_CITY_START = re.compile(  # 1、 (1) 1） 1. 1．, not 1.1- (coded)
    r"(?:^|(?<=[。\n;；\s]))\s*[(（]?(\d+)\s*(?:、|[)）]|[.．](?!\s*[\d-]))")
_CIRCLED = re.compile("[\u2460-\u2473]")  # ① … ⑳, read as 1、 … 20、
_LEVEL2 = re.compile(r"^\s*(\d*)\s*-\s*([^:;：；]+?)\s*[:：]")
_MARKER = re.compile(rf"(?:^|[;；，,。\s])\s*({PERIOD}|{ANNUAL})\s*[:：]")


@dataclass(frozen=True)
class Unfolded:
    """One indicator read back: names as printed (codes stripped), values as printed."""

    number: int
    level1: str
    level2: str
    name: str
    period_value: str
    annual_value: str


@dataclass(frozen=True)
class Issue:
    """Something in the cell that could not be read: a problem code and a Chinese message."""

    code: str
    message: str


def unfold(text: str, framework: Framework) -> tuple[list[Unfolded], list[Issue]]:
    """The indicators of one printed cell, and what could not be read in it."""
    text = _CIRCLED.sub(lambda m: f"{ord(m.group()) - 0x245F}、", text.strip())
    if not text:
        return [], []
    coded = _items(text, _CODED_START)
    city = _items(text, _CITY_START)
    if coded and (not city or coded[0][0] <= city[0][0]):
        return _read(text, coded, framework, coded_style=True)
    if city:
        return _read(text, city, framework, coded_style=False)
    plain = _unnumbered(text, framework)
    if plain:
        return _read(text, plain, framework, coded_style=False)
    return [], [Issue("import-indicator-unread",
                      f"绩效指标无法按“1.1-产出指标:11-数量指标:名称;年度指标值:…。”或"
                      f"“1、产出指标：名称，年度指标值：…。”的格式读取：“{_short(text)}”。"
                      "请在生成的工作簿“项目绩效指标”表中手工填写这个项目的指标。")]


def _items(text: str, start: re.Pattern[str]) -> list[tuple[int, int, int, str]]:
    """(item start, body start, number, 一级 code) of each numbered item, numbers 1, 2, 3 …
    in turn (a number out of turn, say ``2.5-3天`` inside a value, is not an item start)."""
    found = []
    expected = 1
    for match in start.finditer(text):
        if int(match.group(1)) != expected:
            continue
        code = match.group(2) if match.re is _CODED_START else ""
        found.append((match.start(), match.end(), expected, code or ""))
        expected += 1
    return found


def _unnumbered(text: str, framework: Framework) -> list[tuple[int, int, int, str]]:
    """Items printed without numbers, each starting with its 一级 (``产出指标：…``)."""
    names = "|".join(re.escape(l1.name) for l1 in framework.level1)
    start = re.compile(rf"(?:^|(?<=[。\n;；]))\s*(?=(?:{names})\s*[:：])")
    ends = sorted({m.end() for m in start.finditer(text)})  # ``。\n`` is one boundary
    return [(end, end, number, "") for number, end in enumerate(ends, start=1)]


def _read(text: str, items: list[tuple[int, int, int, str]], framework: Framework, *,
          coded_style: bool) -> tuple[list[Unfolded], list[Issue]]:
    rows: list[Unfolded] = []
    issues: list[Issue] = []
    if text[: items[0][0]].strip():
        issues.append(Issue("import-indicator-unread",
                            f"绩效指标开头的“{_short(text[: items[0][0]])}”不属于任何编号的指标，"
                            "已略去；如是指标，请在生成的工作簿中补填。"))
    for index, (_start, body_start, number, code) in enumerate(items):
        end = items[index + 1][0] if index + 1 < len(items) else len(text)
        body = text[body_start:end].strip()
        if body.endswith("。"):
            body = body[:-1].rstrip()
        row, problems = _item(number, code, body, framework, coded_style)
        issues += problems
        if row is not None:
            rows.append(row)
    return rows, issues


def _item(number: int, code: str, body: str, framework: Framework, coded_style: bool
          ) -> tuple[Unfolded | None, list[Issue]]:
    issues: list[Issue] = []
    head, sep, rest = _split_colon(body)
    if not sep or not head:
        return None, [Issue("import-indicator-unread",
                            f"第 {number} 个指标“{_short(body)}”读不出一级指标"
                            "（应为“一级指标:…”），已略去；请在生成的工作簿中补填这个指标。")]
    level1, level2 = head, ""
    if coded_style and not code:
        issues.append(_missing(number, "一级指标编号", body))
    match = _LEVEL2.match(rest)
    if match:  # ``11-数量指标:``, also after ``1、产出指标：``
        level2, rest = match.group(2), rest[match.end():]
        if coded_style and not match.group(1):
            issues.append(_missing(number, "二级指标编号", body))
    else:  # ``产出指标:数量指标:名称``: a 二级 printed without its code
        head2, sep2, tail = _split_colon(rest)
        l1 = framework.find1(level1)
        if sep2 and l1 is not None and l1.find(head2) is not None:
            level2, rest = head2, tail
            if coded_style:
                issues.append(_missing(number, "二级指标编号", body))
    name, period, annual = _values(rest)
    level1, level2 = _resolve(level1, level2, framework)
    if coded_style and annual is None:
        issues.append(_missing(number, ANNUAL, body))
    if not level2:
        issues.append(Issue("import-no-level2",
                            f"第 {number} 个指标“{name or _short(body)}”没有二级指标"
                            f"（一级为“{level1}”）。"
                            "请在生成的工作簿“项目绩效指标”表中补填二级指标。"))
    return Unfolded(number, level1, level2, name, period or "", annual or ""), issues


def _split_colon(body: str) -> tuple[str, str, str]:
    """Split at the first colon, half- or full-width."""
    match = re.search(r"[:：]", body)
    if not match:
        return body.strip(), "", ""
    return body[: match.start()].strip(), match.group(), body[match.end():]


def _values(rest: str) -> tuple[str, str | None, str | None]:
    """Name, 实施周期指标值 and 年度指标值 (None when not printed) of an item's tail."""
    marks = list(_MARKER.finditer(rest))
    name = (rest[: marks[0].start()] if marks else rest).strip()
    found: dict[str, str] = {}
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(rest)
        found.setdefault(mark.group(1), rest[mark.end():end].strip())
    return name, found.get(PERIOD), found.get(ANNUAL)


def _resolve(level1: str, level2: str, framework: Framework) -> tuple[str, str]:
    """The framework's names for a printed 一级/二级 (codes and short forms dropped); a printed
    name the framework does not know is kept as printed (validate reports it). A city item's
    single name that is a 二级 (``数量指标``) gets the one 一级 it belongs to."""
    l1 = framework.find1(level1)
    if level2:
        l2 = l1.find(level2) if l1 else None
        return (l1.name if l1 else strip_code(level1)), (l2.name if l2 else strip_code(level2))
    if l1 is not None:
        return l1.name, ""
    owners = framework.owner_of(level1)
    if len(owners) == 1:
        found = owners[0].find(level1)
        return owners[0].name, found.name if found else ""
    return strip_code(level1), ""


def _missing(number: int, part: str, body: str) -> Issue:
    return Issue("import-missing-part",
                 f"第 {number} 个指标“{_short(body)}”缺少{part}。已按读到的内容填写，请核对。")


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
