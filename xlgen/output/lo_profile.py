"""The LibreOffice profile xlgen prints with: Chinese as the Asian language, and the Windows
Chinese fonts the templates name mapped to Chinese fonts that are installed.

The documents name 宋体, 仿宋_GB2312, 楷体_GB2312, 方正小标宋简体 and 黑体, which Linux does
not have. Left alone, LibreOffice asks fontconfig, which answers with its first CJK face (on
Debian/Ubuntu Noto Sans CJK **JP**): a sans-serif report body and Japanese glyph forms (部, 门,
表, 度, a narrow “”). The profile's font replacement table (Tools ▸ Options ▸ Fonts) names the
Simplified Chinese faces instead. A name is replaced only where ``fc-list`` shows it missing
and a substitute installed, so on Windows (no fontconfig; the real fonts are there) and on a
Linux machine that has the real fonts nothing is replaced. The document language for Asian
text defaults to zh-CN (Chinese fall-back glyphs and line-break rules).

Calc breaks a cell's Chinese text before any character, “，”“。”“、” included, unless the
cell's "forbidden characters" option is on, and it is off by default (an .xlsx cannot say
otherwise; Excel and WPS always apply the rule). A small Basic macro in the profile, bound to
the "loading finished" event, turns it on for every cell style of a spreadsheet before
``--convert-to`` prints it. Macros of the profile itself (My Macros) run at any security level.

The generated .xlsx/.docx are never changed: only the private profile of the converter is.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from pathlib import Path

CJK_LOCALE = "zh-CN"

# Windows/WPS Chinese font names → installed Simplified Chinese faces of the same kind, best
# first (楷体 takes a 楷 face where one is installed, else the serif one).
SERIF_FACES = ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN",
               "AR PL UMing CN", "Noto Serif SC")
SANS_FACES = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC",
              "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback")
KAI_FACES = ("AR PL UKai CN", "AR PL KaitiM GB", *SERIF_FACES)
SUBSTITUTES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("宋体", "SimSun", "新宋体", "NSimSun", "仿宋", "仿宋_GB2312", "FangSong", "FangSong_GB2312",
      "方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong"),
     SERIF_FACES),
    (("楷体", "楷体_GB2312", "KaiTi", "KaiTi_GB2312", "华文楷体", "STKaiti"), KAI_FACES),
    (("黑体", "SimHei", "微软雅黑", "Microsoft YaHei", "等线", "DengXian", "方正黑体_GBK",
      "方正黑体简体"), SANS_FACES),
)

_EVENT_MACRO = ("vnd.sun.star.script:Standard.XlgenPrint.ForbiddenRules"
                "?language=Basic&location=application")
_BASIC_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="XlgenPrint" \
script:language="StarBasic">REM Written by xlgen: Chinese line-break rules in every cell.
Sub ForbiddenRules(oEvent As Object)
  On Error Resume Next
  oDoc = oEvent.Source
  If oDoc.supportsService(&quot;com.sun.star.sheet.SpreadsheetDocument&quot;) Then
    oStyles = oDoc.StyleFamilies.getByName(&quot;CellStyles&quot;)
    For i = 0 To oStyles.Count - 1
      oStyles.getByIndex(i).ParaIsForbiddenRules = True
    Next
  End If
End Sub
</script:module>
"""
_LIBRARIES = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" \
"libraries.dtd">
<library:libraries xmlns:library="http://openoffice.org/2000/library" \
xmlns:xlink="http://www.w3.org/1999/xlink">
 <library:library library:name="Standard" library:link="false"/>
</library:libraries>
"""
_LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" \
library:readonly="false" library:passwordprotected="false">
{}</library:library>
"""
_BASIC_FILES = {
    "script.xlc": _LIBRARIES,
    "dialog.xlc": _LIBRARIES,
    "Standard/script.xlb": _LIBRARY.format(' <library:element library:name="XlgenPrint"/>\n'),
    "Standard/dialog.xlb": _LIBRARY.format(""),
    "Standard/XlgenPrint.xba": _BASIC_MODULE,
}

_HEADER = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<oor:items xmlns:oor="http://openoffice.org/2001/registry"'
           ' xmlns:xs="http://www.w3.org/2001/XMLSchema"'
           ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n')


@functools.cache
def installed_families() -> frozenset[str] | None:
    """Every font family name fontconfig knows (each localized name of a family), or None
    where there is no fontconfig (Windows, macOS without it): then nothing is replaced."""
    fc_list = None if sys.platform == "win32" else shutil.which("fc-list")
    if not fc_list:
        return None
    try:
        out = subprocess.run([fc_list, ":", "family"], capture_output=True, timeout=30,
                             check=True).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return None
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(",")
                     if name.strip())


def font_replacements(installed: frozenset[str] | None) -> dict[str, str]:
    """Missing Windows Chinese font name → installed Chinese face of the same kind."""
    if installed is None:
        return {}
    found: dict[str, str] = {}
    for names, faces in SUBSTITUTES:
        face = next((f for f in faces if f in installed), None)
        if face:
            found.update({n: face for n in names if n not in installed})
    return found


def _prop(name: str, value: str) -> str:
    # Imported here: xml.sax.saxutils brings in urllib.request, http, ssl and email, which
    # every build would otherwise load for nothing (``--pdf`` is the only use).
    from xml.sax.saxutils import escape

    return f'<prop oor:name="{name}" oor:op="fuse"><value>{escape(value)}</value></prop>'


def registry_xml(replacements: dict[str, str]) -> str:
    """registrymodifications.xcu: Asian language zh-CN, the font replacement table and the
    event that runs the line-break macro."""
    items = [
        # the profile counts as set up: LibreOffice would otherwise copy its presets over
        # the Basic library below on its first start
        f'<item oor:path="/org.openoffice.Setup/Office">{_prop("ooSetupInstCompleted", "true")}'
        '</item>',
        f'<item oor:path="/org.openoffice.Office.Linguistic/General">'
        f'{_prop("DefaultLocale_CJK", CJK_LOCALE)}</item>',
        '<item oor:path="/org.openoffice.Office.Events/ApplicationEvents/Bindings">'
        '<node oor:name="OnLoadFinished" oor:op="replace">'
        f'{_prop("BindingURL", _EVENT_MACRO)}</node></item>',
    ]
    if replacements:
        items.append('<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
                     f'{_prop("Replacement", "true")}</item>')
    for n, (name, face) in enumerate(replacements.items()):
        # Always: LibreOffice consults the table before fontconfig's substitutes; only
        # missing names are listed, so no installed font is ever replaced.
        items.append('<item oor:path="/org.openoffice.Office.Common/Font/Substitution/'
                     f'FontPairs"><node oor:name="xlgen{n}" oor:op="replace">'
                     f'{_prop("Always", "true")}{_prop("OnScreenOnly", "false")}'
                     f'{_prop("ReplaceFont", name)}{_prop("SubstituteFont", face)}</node></item>')
    return _HEADER + "\n".join(items) + "\n</oor:items>\n"


def prepare_profile(profile: Path) -> Path:
    """Write the settings into a LibreOffice profile folder (created if new; LibreOffice
    adds the rest on its first start). Returns ``profile``."""
    user = profile / "user"
    for name, text in _BASIC_FILES.items():
        path = user / "basic" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    text = registry_xml(font_replacements(installed_families()))
    (user / "registrymodifications.xcu").write_text(text, encoding="utf-8")
    return profile
