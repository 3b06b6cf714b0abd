"""The LibreOffice profile xlgen prints with (output/lo_profile.py), without LibreOffice: which
fonts are replaced on which machine, and the files written. The printed result is checked in
tests/test_print.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from xlgen.output import lo_profile
from xlgen.output.lo_profile import font_replacements, prepare_profile, registry_xml

NOTO = frozenset({"Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Serif CJK JP", "DejaVu Sans"})
WINDOWS_FONTS = frozenset({"宋体", "SimSun", "仿宋", "FangSong", "黑体", "SimHei", "楷体", "KaiTi",
                           "Noto Serif CJK SC"})


@pytest.mark.parametrize(("installed", "name", "replacement"), [
    (None, "宋体", None),  # no fontconfig (Windows): nothing replaced
    (NOTO, "宋体", "Noto Serif CJK SC"),
    (NOTO, "仿宋_GB2312", "Noto Serif CJK SC"),
    (NOTO, "楷体_GB2312", "Noto Serif CJK SC"),
    (NOTO, "方正小标宋简体", "Noto Serif CJK SC"),
    (NOTO, "黑体", "Noto Sans CJK SC"),
    (NOTO, "微软雅黑", "Noto Sans CJK SC"),
    (NOTO, "Times New Roman", None),  # only Chinese names
    (WINDOWS_FONTS, "宋体", None),  # the real font is there
    (WINDOWS_FONTS, "SimHei", None),
    (WINDOWS_FONTS, "仿宋_GB2312", "Noto Serif CJK SC"),  # missing, a substitute is there
    (frozenset({"DejaVu Sans", "Noto Serif CJK JP"}), "宋体", None),  # no SC face: left alone
    (frozenset({"Source Han Serif SC", "WenQuanYi Zen Hei"}), "宋体", "Source Han Serif SC"),
    (frozenset({"Source Han Serif SC", "WenQuanYi Zen Hei"}), "黑体", "WenQuanYi Zen Hei"),
    (NOTO | {"AR PL UKai CN"}, "楷体_GB2312", "AR PL UKai CN"),  # a 楷 face where there is one
    (NOTO | {"AR PL UKai CN"}, "仿宋_GB2312", "Noto Serif CJK SC"),
])
def test_a_missing_windows_chinese_font_is_replaced_by_an_installed_face_of_its_kind(
        installed: frozenset[str] | None, name: str, replacement: str | None) -> None:
    assert font_replacements(installed).get(name) == replacement


def registry(xml: str) -> dict[str, list[dict[str, str]]]:
    """registrymodifications.xcu → item path → its props (one dict per item or node)."""
    ns = "{http://openoffice.org/2001/registry}"
    found: dict[str, list[dict[str, str]]] = {}
    for item in etree.fromstring(xml.encode("utf-8")):
        props = {p.get(f"{ns}name"): p.findtext("value") or "" for p in item.iter("prop")}
        found.setdefault(item.get(f"{ns}path"), []).append(props)
    return found


def test_the_registry_sets_chinese_the_replacements_and_the_line_break_macro() -> None:
    items = registry(registry_xml({"宋体": "Noto Serif CJK SC", "黑体": "Noto Sans CJK SC"}))
    assert items["/org.openoffice.Office.Linguistic/General"] == [{"DefaultLocale_CJK": "zh-CN"}]
    assert items["/org.openoffice.Office.Common/Font/Substitution"] == [{"Replacement": "true"}]
    pairs = items["/org.openoffice.Office.Common/Font/Substitution/FontPairs"]
    assert [(p["ReplaceFont"], p["SubstituteFont"], p["Always"]) for p in pairs] == [
        ("宋体", "Noto Serif CJK SC", "true"), ("黑体", "Noto Sans CJK SC", "true")]
    [event] = items["/org.openoffice.Office.Events/ApplicationEvents/Bindings"]
    assert "Standard.XlgenPrint.ForbiddenRules" in event["BindingURL"]
    assert items["/org.openoffice.Setup/Office"] == [{"ooSetupInstCompleted": "true"}]


def test_without_replacements_the_table_stays_off() -> None:
    items = registry(registry_xml({}))
    assert "/org.openoffice.Office.Common/Font/Substitution" not in items
    assert "/org.openoffice.Office.Common/Font/Substitution/FontPairs" not in items
    assert items["/org.openoffice.Office.Linguistic/General"] == [{"DefaultLocale_CJK": "zh-CN"}]


def test_the_profile_holds_the_registry_and_the_basic_library(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    monkeypatch.setattr(lo_profile, "installed_families", lambda: NOTO)
    profile = prepare_profile(tmp_path / "p")
    user = profile / "user"
    assert "仿宋_GB2312" in (user / "registrymodifications.xcu").read_text("utf-8")
    for name in ("script.xlc", "dialog.xlc", "Standard/script.xlb", "Standard/dialog.xlb",
                 "Standard/XlgenPrint.xba"):
        etree.parse(str(user / "basic" / name))  # well-formed, as LibreOffice reads it
    module = (user / "basic" / "Standard" / "XlgenPrint.xba").read_text("utf-8")
    assert "Sub ForbiddenRules" in module and "ParaIsForbiddenRules = True" in module
    assert 'library:name="XlgenPrint"' in (user / "basic/Standard/script.xlb").read_text("utf-8")
