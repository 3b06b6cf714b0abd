"""The Jinja sandbox both engines run templates in: Jinja's, plus a bound on what one
expression may build (``'x' * 100000000`` would fill the memory of a clerk's PC)."""

from __future__ import annotations

import operator
import re
import sys
from decimal import Decimal
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

MOST_REPEATED = 100_000  # characters or items one ``*`` may build
LARGEST_POWER = 1_000  # exponent of ``**``


LARGEST_INT = int(sys.float_info.max)  # an integer beyond a float: no spreadsheet holds it
_POWER = (f"乘方的指数不能超过 {LARGEST_POWER}，结果也不能超过 10 的 308 次方：这样的数印不出来，"
          "也会让程序长时间没有反应。请检查 ** 两边是否写错（乘法是 *）。")


class SaidError(Exception):
    """A template mistake the sandbox refuses, its message already Chinese."""


class TooLargeError(SaidError):
    """An expression would build more than a template needs; the message is Chinese."""


# A text that reads as a figure (``549.00``, ``-1,234.5``, ``98.82%``): what money, number
# and percent give, or a figure typed as text in the workbook.
_FIGURE = re.compile(r"\s*[-+]?[\d,]*\.?\d+%?\s*")


_NUMBERS = (int, float, Decimal)  # bool is an int: never above the bound


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, with ``*`` and ``**`` bounded, and an integer sum or difference
    beyond a float refused (``10 ** 308 + 10 ** 308``)."""

    intercepted_binops = frozenset(["*", "**", "+", "-"])

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ in ("+", "-"):
            found = operator.add(left, right) if operator_ == "+" else operator.sub(left, right)
            if _beyond_float(found):
                raise TooLargeError(f"“{operator_}”的结果超过 10 的 308 次方：这样的数印不出来。"
                                    "请检查表达式是否写错。")
            return found
        if operator_ == "**":
            # compared as it is: float() of a large int (10**400) raises OverflowError
            size: Any = abs(right) if isinstance(right, _NUMBERS) else 0
            if size > LARGEST_POWER:
                raise TooLargeError(_POWER)
            try:
                power = operator.pow(left, right)
            except OverflowError:  # a float beyond 1.8e308 (10.0 ** 400)
                raise TooLargeError(_POWER) from None
            if _beyond_float(power):
                raise TooLargeError(_POWER)  # (2 ** 10) ** 400: no cell or paragraph holds it
            return power
        pairs: tuple[tuple[Any, Any], ...] = ((left, right), (right, left))
        for seq, times in pairs:
            if isinstance(seq, str) and isinstance(times, int) and not isinstance(times, bool) \
                    and _FIGURE.fullmatch(seq):
                raise SaidError(
                    f"“{seq.strip()}”是文字（money、number、percent 的结果都是文字），乘以 {times}"
                    f" 会把它重复 {times} 次：先计算再用过滤器，如 {{{{ (p.total * 2) | money }}}}"
                    "（过滤器 | 比 * 先算，所以要加括号）。")
            if isinstance(seq, (str, list, tuple)) and isinstance(times, int) \
                    and len(seq) * times > MOST_REPEATED:
                raise TooLargeError(
                    f"重复的结果超过 {MOST_REPEATED:,} 个字符（或项）：文字乘以数字是把文字重复"
                    "多次，请检查 * 两边是否写错（计算金额请确认两边都是数字）。")
        product = operator.mul(left, right)
        if _beyond_float(product):
            raise TooLargeError("乘积超过 10 的 308 次方：这样的数印不出来。"
                                "请检查 * 两边是否写错。")
        return product


def _beyond_float(value: Any) -> bool:
    return isinstance(value, int) and abs(value) > LARGEST_INT
