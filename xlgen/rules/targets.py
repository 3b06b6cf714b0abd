"""Parse an indicator's target or actual value as clerks write it (``≥95%``, ``提升``).

One parser serves the validator (is a target quantified? is the annual value above the
period value?) and scoring (did the actual value meet the target?).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..money import foreign_digits

# Comparator words before the number (sorted longest first below, so 不少于 wins over 少于).
_PREFIX_WORDS: dict[str, str] = {
    "大于或等于": "≥",
    "小于或等于": "≤",
    "大于等于": "≥",
    "小于等于": "≤",
    "不少于": "≥",
    "不低于": "≥",
    "不小于": "≥",
    "不超过": "≤",
    "不高于": "≤",
    "不多于": "≤",
    "不大于": "≤",
    "至少": "≥",
    "至多": "≤",
    "最多": "≤",
    "最少": "≥",
    "最高": "≤",  # a bound: 最高5次 is at most 5
    "最长": "≤",
    "最低": "≥",
    "不迟于": "≤",  # deadlines: 不迟于10日
    "不晚于": "≤",
    "不早于": "≥",
    "达到": "≥",
    "大于": ">",
    "高于": ">",
    "超过": ">",
    "多于": ">",
    "小于": "<",
    "低于": "<",
    "少于": "<",
    "不足": "<",  # 不足5次: fewer than 5
    "等于": "=",
    ">=": "≥",
    "<=": "≤",
    "≥": "≥",
    "⩾": "≥",
    "≧": "≥",  # U+2267 (GBK), as Chinese input methods offer it
    "≮": "≥",  # U+226E 不小于 (GB2312)
    "≤": "≤",
    "⩽": "≤",
    "≦": "≤",  # U+2266 (GBK)
    "≯": "≤",  # U+226F 不大于 (GB2312)
    ">": ">",
    "<": "<",
    "=": "=",
}
# A strict word after 不得/不应/严禁 … turns: 不得超过5次 is at most 5, 不得低于95% at least 95.
_MUST_NOT = ("不得", "不应", "不应该", "不能", "不可", "不宜", "不准", "严禁", "禁止", "不会")
_TURNED = {">": "≤", "<": "≥"}
_PREFIX_WORDS.update({modal + word: _TURNED[op] for modal in _MUST_NOT
                      for word, op in list(_PREFIX_WORDS.items())
                      if op in _TURNED and not word.isascii()})
# Longest first, so that 不得超过 wins over 超过 and 不少于 over 少于 wherever both occur.
_PREFIX_WORDS = dict(sorted(_PREFIX_WORDS.items(), key=lambda item: -len(item[0])))
# Comparator words after the number and its unit (``95%以上``, ``30天以内``).
_SUFFIX_WORDS: dict[str, str] = {
    "及以上": "≥",
    "以上": "≥",
    "及以下": "≤",
    "以下": "≤",
    "以内": "≤",
    "之内": "≤",
    "以前": "≤",
    "之前": "≤",
    "内": "≤",
    "前": "≤",
}
_NUMBER_PATTERN = r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+"
_NUMBER = re.compile(_NUMBER_PATTERN)
# A minus sign (a hyphen, or U+2212; NFKC makes the full-width － a hyphen) is the number's
# only right after a comparator (增长率≥-5%) or at the start of the value (-5%): elsewhere a
# hyphen is a clerk's separator (工作天数-22天), a range (7-10天) or a date (2023-12).
_MINUS = "-−"
_SIGNED_PATTERN = rf"(?:[{_MINUS}]\s*)?(?:{_NUMBER_PATTERN})"
_CLAUSE_END = re.compile(r"[,;。；、]")
_COMPARED = re.compile(
    "(" + "|".join(re.escape(w) for w in _PREFIX_WORDS) + r")\s*(" + _SIGNED_PATTERN + ")"
)


@dataclass(frozen=True)
class Target:
    """A target or actual value as parsed: comparator, number and unit, or qualitative."""

    text: str
    comparator: str | None = None  # ≥ ≤ = > <; None when qualitative
    number: Decimal | None = None
    unit: str = ""

    @property
    def quantified(self) -> bool:
        """True when the value holds exactly one number (``≥95%``, ``不少于10个``)."""
        return self.number is not None


def _normalise(text: str) -> str:
    """``text`` as parsed: NFKC (full-width ９５％ → 95%), a Chinese comma as a comma, and no
    digit of another script (an Arabic-Indic ٩٥ is no 95, as in an amount cell:
    money.foreign_digits; a circled ① or the ² of m² stays, NFKC's 1 and 2)."""
    text = text or ""
    for odd in foreign_digits(text):
        if unicodedata.category(odd) == "Nd":
            text = text.replace(odd, " ")
    return unicodedata.normalize("NFKC", text).strip().replace("，", ",")


@lru_cache(maxsize=65536)
def parse_target(text: str) -> Target:
    """Parse a clerk's value such as ``≥95%``, ``不少于10个``, ``30天以内`` or ``提升``.

    The number is the one right after a comparator (``完成工单数*100%≥95%`` → ≥ 95) when
    exactly one number has a comparator, else the only number of the text. Several numbers
    and no single compared one (a date, ``7×24小时``, ``=0次、…≤4小时``) or no number make the
    value qualitative. A number with no comparator means ≥ (``10个``, ``完成3台UPS改造``),
    except a bare 0, which means ≤ (``安全事故0次``).
    """
    clean = _normalise(text)
    compared = list(_COMPARED.finditer(clean))
    numbers = list(_NUMBER.finditer(clean))
    comparator: str | None = None
    negative = False
    if len(compared) == 1:
        comparator = _PREFIX_WORDS[compared[0].group(1)]
        start, end = compared[0].span(2)
        negative = clean[start] in _MINUS
        start = end - len(clean[start:end].lstrip(_MINUS).lstrip())  # past sign and space
    elif len(numbers) == 1 and not compared:
        start, end = numbers[0].span()
        before = clean[:start]
        negative = before.strip() != "" and before.strip() in _MINUS  # -5%: its own sign
        comparator = next((op for word, op in _PREFIX_WORDS.items() if word in before), None)
    else:
        return Target(text=clean)
    number = Decimal(clean[start:end].replace(",", ""))
    if negative and number:  # (-0 is 0)
        number = -number
    after = _CLAUSE_END.split(clean[end:], maxsplit=1)[0].strip()
    for word, op in _SUFFIX_WORDS.items():
        if after.endswith(word):
            after = after[: -len(word)].strip()
            comparator = comparator or op
            break
    if comparator is None:
        comparator = "≤" if number == 0 else "≥"
    return Target(text=clean, comparator=comparator, number=number, unit=after)




def is_qualitative(text: str) -> bool:
    """True for a non-empty value with no single number in it (``提升``, ``合法合规``, ``良好``)."""
    return bool(text) and not parse_target(text).quantified
