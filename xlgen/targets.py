"""Parse an indicator's target value as clerks write it (``≥95%``, ``不少于10个``, ``提升``)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal, InvalidOperation

# Word comparators first (longest match wins), then symbols.
_WORDS = {
    "不少于": "≥", "不低于": "≥", "不小于": "≥", "至少": "≥", "大于等于": "≥", "高于": ">",
    "大于": ">", "超过": ">", "不超过": "≤", "不高于": "≤", "不大于": "≤", "不多于": "≤",
    "小于等于": "≤", "低于": "<", "小于": "<", "少于": "<", "等于": "=",
}
_SYMBOLS = {">=": "≥", "<=": "≤", "≥": "≥", "≤": "≤", "=": "=", ">": ">", "<": "<",
            "⩾": "≥", "⩽": "≤"}
_SUFFIX_GE = ("以上", "及以上")
_SUFFIX_LE = ("以下", "以内", "及以下")
_CMP = "|".join(re.escape(k) for k in sorted({**_WORDS, **_SYMBOLS}, key=len, reverse=True))
_NUM = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
_WITH_CMP = re.compile(rf"({_CMP})\s*{_NUM}\s*([^\d\s,，;；。、)）]*)")
_BARE = re.compile(rf"{_NUM}\s*([^\d\s,，;；。、)）]*)")
QUALITATIVE_WORDS = ("提升", "提高", "良好", "合理", "合法合规", "有效", "明显", "稳步", "持续",
                     "改善", "增强", "完善", "较好", "规范", "及时", "按时", "达标", "合格")


@dataclass(frozen=True)
class Target:
    """A quantified target: comparator (≥ ≤ = < >), number and unit (``%``, ``个``…)."""

    comparator: str
    number: Decimal
    unit: str = ""

    def met_by(self, actual: Target) -> bool:
        a, t = actual.number, self.number
        return {"≥": a >= t, ">": a > t, "≤": a <= t, "<": a < t, "=": a == t}[self.comparator]


@lru_cache(maxsize=65536)
def parse_target(text: str) -> Target | None:
    """The quantified target in ``text``; None when it is qualitative (``提升``, ``良好``)."""
    if not text:
        return None
    s = unicodedata.normalize("NFKC", str(text)).strip()
    match = _WITH_CMP.search(s)
    if match:
        word, number, unit = match.groups()
        comparator = _WORDS.get(word) or _SYMBOLS[word]
    else:
        match = _BARE.search(s)
        if not match:
            return None
        number, unit = match.groups()
        tail = s[match.end():]
        comparator = "="
        if tail.startswith(_SUFFIX_GE) or unit.endswith(_SUFFIX_GE):
            comparator = "≥"
        elif tail.startswith(_SUFFIX_LE) or unit.endswith(_SUFFIX_LE):
            comparator = "≤"
        elif re.search(r"(达到?|完成|实现)\s*$", s[: match.start()]):
            comparator = "≥"
    for suffix in (*_SUFFIX_GE, *_SUFFIX_LE):
        if unit.endswith(suffix):
            unit = unit[: -len(suffix)]
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return None
    return Target(comparator, value, unit.strip())


def is_qualitative(text: str) -> bool:
    """True for a target with no number in it (``提升``, ``合法合规``, ``良好``)."""
    return bool(text) and parse_target(text) is None
