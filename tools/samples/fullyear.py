"""A whole year of one department: the sample that builds all four documents.

Not a published document. It is composed, to show a clerk's full year in one workbook and to
test the 项目支出绩效自评表 figure by figure (tests/test_selfeval.py):
- 部门信息, 预算, 重点任务 follow seed 000 (白云区 2023 申报表) under a made-up name;
- 部门绩效指标 (with 实际完成值 and scores), 管理效率指标 and the 自评报告 text follow
  seed 001 (白云区 2022 自评报告);
- the three projects and their indicators are invented to cover the scoring cases: shares of
  an 一级's weight (no 分值 filled), missed ≥ and ≤ targets, a qualitative target reached,
  a clerk's own 得分, a project with 财政拨款 and 其他资金 split, each grade of 优 and 良.
"""

# ruff: noqa: E501

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from . import seed000, seed001

PATH = "inputs/示例/示例区政务服务数据管理局.xlsx"
YEAR = 2023
DEPT = "示例区政务服务数据管理局"
NOTES = (
    "本工作簿是完整一年的示例，不是公开文件：部门信息、预算、重点任务仿照白云区 2023 年申报表，"
    "部门绩效指标、管理效率指标和自评报告的文字仿照白云区 2022 年自评报告，三个项目及其指标是编写的，"
    "用来演示项目支出绩效自评表的计算（预算执行率得分、按一级指标分配分值、未达标指标的得分、填表人自填的得分、"
    "分列财政拨款和其他资金）。\n"
    "用它可以生成全部四份文书：部门整体预算绩效目标申报表、项目支出绩效目标表、部门整体支出绩效自评报告、"
    "项目支出绩效自评表。"
)

UNIT = "示例区政务服务数据管理局"
HOTLINE = "示例区12345政务服务便民热线中心"
CITY = "示例区智慧城市运行中心"

PROJECT_COLUMNS = ("项目名称", "资金使用单位", "财政拨款", "其他资金", "绩效目标", "预算调整",
                   "实际支出", "实施单位", "年度目标完成情况", "财政拨款预算调整", "财政拨款实际支出")
PROJECTS = [
    ("政务服务大厅运行经费", UNIT, D("320.00"), None,
     "保障区政务服务大厅全年正常运行，提供“一窗通办”服务，提升网上可办率和办事群众满意度。",
     D("-20.00"), D("296.40"), None,
     "大厅全年开放251天，办件差错率0.8%，即办件当日办结；网上可办率92%，未达到95%的目标；群众满意度96%。",
     None, None),
    ("12345热线运营经费", HOTLINE, D("1200.00"), D("100.00"),
     "保障12345热线7×24小时运行，按时办结群众诉求，提高诉求解决率。",
     D("-150.00"), D("1080.00"), None,
     "全年受理工单69万件，按时办结率93%，平均接通时长25秒；诉求解决率88%；热线知识库每月更新。",
     D("-150.00"), D("990.00")),
    ("智慧城市运行平台运维经费", CITY, D("500.00"), None,
     "保障智慧城市运行平台12个系统稳定运行，及时处置城市运行事件。",
     None, D("310.00"), UNIT,
     "12个系统全部纳入运维，系统可用率97%；事件处置率70%；用户满意度80%。",
     None, None),
]

INDICATOR_COLUMNS = ("项目名称", "一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值",
                     "实际完成值", "分值", "得分", "偏差原因")
HALL, LINE, PLATFORM = (p[0] for p in PROJECTS)
INDICATORS = [
    # 政务服务大厅运行经费: no 分值 filled, each 一级's weight shared out (产出 50 / 4, 效益 30 / 2)
    (HALL, "产出指标", "数量指标", "大厅服务天数", "≥250天", "≥250天", "251天", None, None, ""),
    (HALL, "产出指标", "质量指标", "办件差错率", "≤1%", "≤1%", "0.8%", None, None, ""),
    (HALL, "产出指标", "时效指标", "即办件办结时限", "≤1个工作日", "≤1个工作日", "1个工作日", None, None, ""),
    (HALL, "产出指标", "成本指标", "大厅运行成本", "≤320万元", "≤320万元", "296.4万元", None, None, ""),
    (HALL, "效益指标", "社会效益指标", "网上可办率", "≥95%", "≥95%", "92%", None, None,
     "部分事项须现场核验原件，暂不能全程网办；下一年度推动电子证照应用，扩大全程网办事项。"),
    (HALL, "效益指标", "可持续影响指标", "服务规范化水平", "提升", "提升", "有所提升", None, None, ""),
    (HALL, "满意度指标", "服务对象满意度指标", "办事群众满意度", "≥90%", "≥90%", "96%", None, None, ""),
    # 12345热线运营经费: 分值 filled by the clerk, one 得分 of the clerk's own
    (LINE, "产出指标", "数量指标", "受理工单量", "≥60万件", "≥60万件", "69万件", D("20"), None, ""),
    (LINE, "产出指标", "质量指标", "工单按时办结率", "≥95%", "≥95%", "93%", D("15"), None,
     "部分跨部门工单协调时间长；下一年度建立跨部门工单限时会商机制。"),
    (LINE, "产出指标", "时效指标", "平均接通时长", "≤20秒", "≤20秒", "25秒", D("15"), None,
     "话务高峰期坐席不足；下一年度实行弹性排班，增设高峰坐席。"),
    (LINE, "效益指标", "社会效益指标", "群众诉求解决率", "≥85%", "≥85%", "88%", D("15"), None, ""),
    (LINE, "效益指标", "可持续影响指标", "热线知识库更新", "持续更新", "持续更新", "每月更新", D("15"), D("13"),
     "部分部门提供的知识条目更新不及时；下一年度纳入部门考核。"),
    (LINE, "满意度指标", "服务对象满意度指标", "来电群众满意度", "≥90%", "≥90%", "91.5%", D("10"), None, ""),
    # 智慧城市运行平台运维经费: missed targets, a 良
    (PLATFORM, "产出指标", "数量指标", "运维系统数量", "≥12个", "≥12个", "12个", None, None, ""),
    (PLATFORM, "产出指标", "质量指标", "系统可用率", "≥99%", "≥99%", "97%", None, None,
     "两次机房电力故障造成停机；下一年度增加备用电源。"),
    (PLATFORM, "效益指标", "社会效益指标", "城市运行事件处置率", "≥90%", "≥90%", "70%", None, None,
     "事件分拨流程未全部打通；下一年度完成与各街道平台的对接。"),
    (PLATFORM, "满意度指标", "服务对象满意度指标", "使用部门满意度", "≥85%", "≥85%", "80%", None, None,
     "平台操作复杂，培训不足；下一年度开展分批培训并优化界面。"),
]

DATA: dict[str, Any] = {
    "部门信息": {**seed000.DATA["部门信息"], "年度": YEAR, "部门名称": DEPT},
    "预算": {  # seed 000's totals, with the lines it left blank filled to balance
        "基本支出": D("13488.00"),
        "项目支出": D("2120.00"),  # the three projects' 总计
        "财政专项资金": D("0.00"),
        "其他事业发展性支出": D("0.00"),
        "财政拨款": D("15508.00"),
        "其他资金": D("100.00"),
        "本级使用资金": D("15608.00"),
        "拟用于对下转移支付资金": D("0.00"),
    },
    "重点任务": seed000.DATA["重点任务"],
    "部门绩效指标": seed001.DATA["部门绩效指标"],
    "项目": [dict(zip(PROJECT_COLUMNS, row, strict=True)) for row in PROJECTS],
    "项目绩效指标": [dict(zip(INDICATOR_COLUMNS, row, strict=True)) for row in INDICATORS],
    "管理效率指标": seed001.DATA["管理效率指标"],
    "自评报告": seed001.DATA["自评报告"],
}
