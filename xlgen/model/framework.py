"""The indicator framework (三级指标体系), loaded from data/framework.toml.

Names are accepted with or without the trailing 指标, with a numeric code prefix
(``11-数量指标``, ``22-社会效益``) and with a bracketed qualifier (``数量指标(或建筑规模指标)``,
``时效指标（工期指标）``, ``预算(或投资规模)控制指标``), under the names and the aliases the
data declares (regional names: ``预期产出指标``, ``效果指标`` …), and normalised to the
framework's names.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol, TypeVar

_CODE_PREFIX = re.compile(r"^\s*\d+(\.\d+)*\s*[-－—–_.、:：\s]\s*")
# A bracketed qualifier anywhere in a name: （或建筑规模指标） (工期指标) 【…】 〔…〕 [...]
# (full-width round brackets are already half-width after NFKC).
_QUALIFIER = re.compile(r"\([^()]*\)|【[^【】]*】|〔[^〔〕]*〕|\[[^\[\]]*\]")


class _HasLevel1(Protocol):
    @property
    def level1(self) -> str: ...


_Rated = TypeVar("_Rated", bound=_HasLevel1)


@dataclass(frozen=True)
class Level2:
    name: str
    code: str
    aliases: tuple[str, ...] = ()
    short: str = ""

    @property
    def label(self) -> str:
        """The name used in the coded style (``22-社会效益``): ``short`` or the full name."""
        return self.short or self.name


@dataclass(frozen=True)
class Level1:
    name: str
    code: str
    level2: tuple[Level2, ...] = ()
    aliases: tuple[str, ...] = ()

    def find(self, name: str) -> Level2 | None:
        """The 二级 called ``name`` (any accepted spelling) under this 一级, or None."""
        return self._index().get(_key(name))

    def _index(self) -> dict[str, Level2]:
        index = self.__dict__.get("_cached_index")
        if index is None:
            index = {}
            for item in self.level2:
                for alias in (item.name, *item.aliases):
                    index.setdefault(_key(alias), item)
            object.__setattr__(self, "_cached_index", index)
        return index


@dataclass(frozen=True)
class Checks:
    """The indicator checks of domain.md, by framework names (framework.toml's [checks]).

    A name in ``expected`` or ``quantified`` is an 一级 or a 二级: 成本指标 is met by the 二级
    under 产出指标 and by the newer framework's 一级 alike.
    """

    required_level1: tuple[str, ...] = ()  # each project has one of each (missing-level1)
    expected: tuple[str, ...] = ()  # each project should have one of each (missing-level2)
    quantified: tuple[str, ...] = ()  # targets that should be numbers (qualitative-target)


@dataclass(frozen=True)
class Framework:
    level1: tuple[Level1, ...]
    checks: Checks = Checks()
    _by_key: dict[str, Level1] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for item in self.level1:
            for alias in (item.name, *item.aliases):
                self._by_key.setdefault(_key(alias), item)

    def find1(self, name: str) -> Level1 | None:
        """The 一级 named ``name`` (any accepted spelling), or None."""
        return self._by_key.get(_key(name))

    def by_level1(self, items: Iterable[_Rated]) -> dict[str, list[_Rated]]:
        """``items`` (indicators) grouped by their 一级's framework name, groups in framework
        order; an unknown 一级 is its own group (its name as written) after the known ones,
        in input order. Input order is kept within a group."""
        groups: dict[str, list[_Rated]] = {}
        for item in items:
            level1 = self.find1(item.level1)
            groups.setdefault(level1.name if level1 else item.level1.strip(), []).append(item)
        order = [l1.name for l1 in self.level1]
        return {name: groups[name] for name in sorted(
            groups, key=lambda n: order.index(n) if n in order else len(order))}

    def owner_of(self, level2_name: str) -> list[Level1]:
        """Every 一级 that has a 二级 called ``level2_name``."""
        return [l1 for l1 in self.level1 if l1.find(level2_name)]

    def suggest1(self, name: str) -> str | None:
        """The 一级 nearest to ``name`` (compared with every name and alias, qualifiers and
        code prefixes left out), by its framework name."""
        return _nearest(name, [(a, l1.name) for l1 in self.level1 for a in (l1.name, *l1.aliases)])

    def suggest2(self, name: str, level1: Level1 | None = None) -> str | None:
        pool = level1.level2 if level1 else [l2 for l1 in self.level1 for l2 in l1.level2]
        return _nearest(name, [(a, l2.name) for l2 in pool for a in (l2.name, *l2.aliases)])

    def names(self) -> set[str]:
        """Every 一级 and 二级 name."""
        return {n for l1 in self.level1 for n in (l1.name, *(l2.name for l2 in l1.level2))}


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).strip()
    text = _CODE_PREFIX.sub("", text)
    text = re.sub(r"\s+", "", text)
    bare = _QUALIFIER.sub("", text)
    # a name that is all qualifier (（数量指标）) keeps its words, without the brackets
    text = bare if bare not in ("", "指标") else re.sub(r"[()【】〔〕\[\]]", "", text)
    if text.endswith("指标"):
        text = text[:-2]
    return text


def strip_code(name: str) -> str:
    """``11-数量指标`` → ``数量指标``."""
    return _CODE_PREFIX.sub("", unicodedata.normalize("NFKC", name).strip()).strip()


def _nearest(name: str, names: list[tuple[str, str]]) -> str | None:
    """The canonical name of the (alias, canonical) pair whose alias is nearest to ``name``."""
    keys: dict[str, str] = {}
    for alias, canonical in names:
        keys.setdefault(_key(alias), canonical)
    match = difflib.get_close_matches(_key(name), list(keys), n=1, cutoff=0.4)
    return keys[match[0]] if match else None


def load_framework(path: Path | None = None) -> Framework:
    """Read a framework file (default: the packaged data/framework.toml)."""
    if path is None:
        text = resources.files("xlgen").joinpath("data/framework.toml").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    data = tomllib.loads(text)
    level1 = tuple(
        Level1(
            name=l1["name"],
            code=str(l1.get("code", "")),
            aliases=tuple(l1.get("aliases", ())),
            level2=tuple(
                Level2(
                    l2["name"],
                    str(l2.get("code", "")),
                    tuple(l2.get("aliases", ())),
                    l2.get("short", ""),
                )
                for l2 in l1.get("level2", [])
            ),
        )
        for l1 in data["level1"]
    )
    checks = data.get("checks", {})
    framework = Framework(level1, Checks(
        *(tuple(str(n) for n in checks.get(k, ()))
          for k in ("required_level1", "expected", "quantified"))))
    c = framework.checks
    unknown = [n for n in (*c.expected, *c.quantified) if n not in framework.names()]
    unknown += [n for n in c.required_level1 if framework.find1(n) is None]
    if unknown:
        raise ValueError(f"framework [checks] names no indicator class of it: {unknown}")
    return framework


@cache
def default_framework() -> Framework:
    return load_framework()
