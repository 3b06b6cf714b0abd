"""The Chinese wording of the input workbook's instructions (说明 sheet, hints, dropdown alerts).

Names of sheets, labels, choices and indicators are taken from the contract and the framework;
only the sentences around them are written here, so a maintainer edits the wording in one place.
"""

from __future__ import annotations

from ..model import Framework, Level1, Level2
from .contract import Contract, Field, SheetSpec, load_contract

TITLE = "预算绩效输入工作簿 填写说明"
RULES_HEADING = "一、填写规则"
SHEETS_HEADING = "二、各工作表和字段"
FRAMEWORK_HEADING = "三、绩效指标体系（一级、二级指标）"
CHECK_HEADING = "四、填好以后"
NOTES_HEADING = "五、附注"

FORM_TABLE_HEADERS = ("字段名（A 列）", "类型", "是否必填", "说明")
TABLE_TABLE_HEADERS = ("列标题（第 1 行）", "类型", "是否必填", "说明")
LEVEL1_HEADERS = ("一级指标", "编号")
LEVEL2_HEADERS = ("一级指标", "二级指标", "编号", "其他可识别的写法")

EXTRA_LABEL_HINT = "自定义字段：模板中按字段名使用，可写多段（Alt+Enter 换行）。"
DROPDOWN_ERROR_TITLE = "不在下拉列表中"
DROPDOWN_ERROR_MESSAGE = (
    "这个写法不在下拉列表中。带编号（如 11-数量指标）或不带“指标”二字的写法程序也能识别，"
    "点“是”保留；检查时若不能识别会提示。"
)

CHECK = (
    "在命令行运行 xlgen validate 文件名.xlsx 检查本工作簿。检查结果中的“错误”必须改正，"
    "“警告”请核对后决定是否修改；每条都写明了工作表和单元格（如 项目!C7）。",
    "检查没有错误后，运行 xlgen build 生成文书。",
    "用离线安装包时不必输入命令：把放本工作簿的文件夹拖到安装文件夹中的“生成文书.bat”上"
    "（Linux：sh 生成文书.sh 文件夹），它检查并生成文书；有错误的工作簿不生成，窗口中写明"
    "要改的工作表和单元格。",
)


def choice_error(fld: Field) -> str:
    """The dropdown warning of a choice (预算级次, 类型): no other spelling is read."""
    blank = f"不填按“{fld.default}”" if fld.default else "也可以不填"
    return (f"“{fld.label}”只能填写{'、'.join(fld.choices)}之一（{blank}），其他写法检查时会"
            "报错。请点“否”从下拉列表中选择。")


def reference_error(sheet: str, label: str) -> str:
    """The dropdown warning of a column naming another sheet's rows (项目名称)."""
    return (f"“{sheet}”表中没有这个{label}：两处必须一字不差，否则检查时会报错。请点“否”从"
            f"下拉列表中选择；是新的，先在“{sheet}”表中添加。")


def _unit_field() -> Field:
    return load_contract().sheet("department").field("unit")


def _unit_default() -> str:
    unit = _unit_field()
    return unit.default or (unit.choices[0] if unit.choices else "")


def _unit_other() -> str:
    unit = _unit_field()
    others = [c for c in unit.choices if c != _unit_default()]
    return others[0] if others else ""


def intro(contract: Contract) -> str:
    """The opening paragraph: what the workbook is and which sheets must be there."""
    required = "、".join(f"“{s.name}”" for s in contract.sheets if s.required)
    return (
        "本工作簿是一个部门一个年度的预算绩效资料，在 Excel 或 WPS 中填写。程序 xlgen 据此生成"
        "部门整体预算绩效目标申报表、项目支出绩效目标表、部门整体支出绩效自评报告和项目支出"
        f"绩效自评表。{required}必须填写；其他工作表只在生成用到它们的文书时才需要填写，"
        "用不到的可以留空或删除。"
    )


def rules(contract: Contract, framework: Framework, unit: str | None = None) -> list[str]:
    """The general rules, numbered; ``unit``: the 金额单位 the workbook is written with."""
    forms = "、".join(f"“{s.name}”" for s in contract.sheets if s.kind == "form")
    tables = "、".join(f"“{s.name}”" for s in contract.sheets if s.kind == "table")
    unit_fld = _unit_field()
    dept = contract.sheet("department").name
    zero_blank = [(s.name, f.label) for s in contract.sheets for f in s.fields if f.zero_blank]
    zero_sheets = list(dict.fromkeys(name for name, _ in zero_blank))
    zero_text = "；".join(
        f"“{name}”表的" + "、".join(f"“{label}”" for n, label in zero_blank if n == name)
        for name in zero_sheets
    )
    blank_forms = "、".join(
        f"“{s.name}”"
        for s in contract.sheets
        if s.kind == "form" and s.fields and all(f.type == "amount" for f in s.fields)
    )
    l2 = [(l1, l2) for l1 in framework.level1 for l2 in l1.level2]
    amounts = (
        f"金额的单位是“{_unit_default()}”。如“{dept}”表中“{unit_fld.label}”填“{_unit_other()}”，"
        f"则本工作簿所有金额都按“{_unit_other()}”填写，程序输出时自动换算为万元。"
    )
    if unit and unit != _unit_default():
        amounts = (
            f"本工作簿“{dept}”表中“{unit_fld.label}”填的是“{unit}”：所有金额都按“{unit}”填写，"
            f"程序输出时自动换算为万元。改填“{_unit_default()}”的，所有金额都要按"
            f"“{_unit_default()}”填写。"
        )
    example = ""
    if l2:
        l1, first = l2[0]
        short = next((b for _, b in l2 if b.short), first)
        example = f"如“{first.code}-{first.name}”“{short.short or short.name}”"
    items = [
        "不要修改工作表名称、表单的字段名（A 列）和表格的列标题（第 1 行）：程序按名称查找，"
        "不按位置。表格的列可以调换顺序，也可以增加自己的列（程序会提示并忽略不认识的列）。",
        f"表单类工作表（{forms}）：A 列是字段名，B 列填写内容，C 列是说明。",
        f"表格类工作表（{tables}）：第 1 行是列标题，从第 2 行起每行一条记录；"
        "整行空白的行会被跳过。",
        "红色字体的字段名或列标题是必填项；“说明”中也逐项写明了是否必填。",
        amounts + "金额只填数字，可以带千分位逗号（如 15,608.00），不要写“约”“万”等文字；"
        "数字中间不要留空格，没有的金额不要填“-”“无”（留空或填 0）。",
        f"{zero_text}不填即为 0（输出时显示为空白）。"
        + (
            f"{blank_forms}表中的金额不填表示“未填写”，不按 0 计算，程序会提醒。"
            if blank_forms
            else ""
        ),
        "一个单元格内写多段文字：按 Alt+Enter 换行（WPS 相同；Mac 版 Excel 按 Control+Option+"
        "Return），每一行成为文书中的一段。",
        "表格区域内不要合并单元格（例如把同一个一级指标的几行合并在一起）：每一行都写全自己的"
        "一级指标、二级指标。表格中的合并单元格会被当作错误。",
        "可以使用公式，但交表前须在 Excel 或 WPS 中打开并保存一次（程序读取保存时算出的结果）。"
        "以“=”“+”“-”“@”开头的文字（如 =热线升级）会被当作公式，请在前面加一个英文单引号"
        "（输入 '=热线升级），文书中照印 =热线升级。",
        "带下拉箭头的列可以从列表中选择，也可以直接输入其他写法"
        + (f"（{example}，带编号或不带“指标”二字都可以）" if example else "")
        + "，程序会自动识别；输入时弹出提示，点“是”保留即可。",
        "可以在本工作簿中增加其他工作表，程序不读取；本“说明”工作表也不读取，但请不要删除"
        "或改动它：一级指标、二级指标的下拉列表取自它的“绩效指标体系”，删除后这两列没有下拉"
        "列表，每填一格都会弹出“不在下拉列表中”。",
    ]
    return [f"{i}. {item}" for i, item in enumerate(items, 1)]


def sheet_title(number: int, spec: SheetSpec) -> str:
    kind = "表单" if spec.kind == "form" else "表格"
    need = "，必须有" if spec.required else ""
    return f"（{number}）{spec.name}（{kind}{need}）"


def type_name(fld: Field, unit: str | None = None) -> str:
    """A short Chinese name of a field's type, e.g. ``金额（万元）``; ``unit``: the 金额单位
    the workbook is written with (default: the contract's)."""
    unit = unit or _unit_default()
    names = {
        "text": "文字",
        "paragraphs": "文字，可多段",
        "amount": f"金额（{unit}）",
        "signed_amount": f"金额（{unit}），可为负",
        "integer": "整数",
        "year": "年份（2000–2100）",
        "score": "分数",
        "rate": "百分比",
        "level1": "一级指标",
        "level2": "二级指标",
    }
    if fld.type == "choice":
        choices = "/".join(fld.choices)
        return "下拉选择" if choices in fld.help else f"选项：{choices}"
    return names.get(fld.type, fld.type)


def need(fld: Field) -> str:
    if fld.required:
        return "必填"
    if fld.warn_blank:
        return "应填（不填会提醒）"
    if fld.optional:
        return "可选列"
    return "可不填"


def notes(fld: Field, unit: str | None = None) -> str:
    """Everything a clerk should know about one field, as one sentence group."""
    parts: list[str] = []
    if fld.help and fld.help.rstrip("。") != type_name(fld, unit):
        parts.append(fld.help)
    if fld.default and fld.default not in fld.help:
        parts.append(f"不填按“{fld.default}”。")
    if fld.zero_blank:
        parts.append("不填即为 0。")
    if fld.stated:
        parts.append("可选；填了会与程序算出的数核对，不代替程序计算。")
    if fld.type == "signed_amount":
        parts.append("调减填负数。")
    if fld.type == "rate":
        parts.append("如 99.48%。")
    if fld.type == "level1":
        parts.append("按“绩效指标体系”填写。")
    if fld.type == "level2":
        parts.append("必须属于同一行的一级指标。")
    if fld.type == "paragraphs":
        parts.append("多段用 Alt+Enter 换行。")
    if fld.aliases:
        parts.append("也可写作：" + "、".join(fld.aliases) + "。")
    return "".join(parts)


def field_row(fld: Field, unit: str | None = None) -> tuple[str, str, str, str]:
    """A row of a sheet's field table in 说明."""
    return (fld.label, type_name(fld, unit), need(fld), notes(fld, unit))


def form_hint(fld: Field, unit: str | None = None) -> str:
    """Column C of a form sheet."""
    head = "【必填】" if fld.required else "【应填，不填会提醒】" if fld.warn_blank else ""
    return f"{head}{type_name(fld, unit)}。{notes(fld, unit)}"


def column_hint(fld: Field, unit: str | None = None) -> str:
    """The hint shown when a cell of a table column is selected."""
    return f"{need(fld)}。{type_name(fld, unit)}。{notes(fld, unit)}"


def framework_intro(framework: Framework) -> str:
    example = ""
    if framework.level1:
        l1 = framework.level1[0]
        example = f"“{l1.code}-{l1.name}”"
        if l1.level2:
            example += f"“{l1.level2[0].code}-{l1.level2[0].label}”"
    return (
        "绩效指标分三级：一级、二级指标按下表填写，三级指标由部门自行确定。二级指标必须属于"
        f"所填的一级指标。编号用于项目支出绩效目标表中{example}式的写法；填表时可带编号，"
        "也可不带。"
    )


def spellings(l1: Level1, l2: Level2) -> str:
    """Other spellings of a 二级 the reader accepts, for the framework table: each one quoted,
    since an alias such as 社会、经济、生态效益指标 holds the 、 a plain list would be cut at."""
    names = [f"{l2.code}-{l2.label}"] if l2.code else []
    if l2.short:
        names.append(l2.short)
    elif l2.name.endswith("指标"):
        names.append(l2.name[:-2])
    names += list(l2.aliases)
    return "".join(f"“{name}”" for name in dict.fromkeys(names))
