"""The two Excel documents rendered from fixtures of seeds 000 and 002, against golden files.

Fixtures are InputBook objects built here in code from the published forms (the seeds'
text); expectations live in tests/golden/xlsx/*.json. Regenerate them after an intended
template change with ``XLGEN_UPDATE_GOLDEN=1 pytest tests/test_xlsx_documents.py`` and review
the diff.
"""
# ruff: noqa: E501  (the seeds' texts are long lines)

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from printing import to_pdf

from xlgen.model import Budget, Department, Indicator, InputBook, Project, Task
from xlgen.model.framework import default_framework
from xlgen.render.context import build_context
from xlgen.render.xlsx.engine import check_xlsx_template, render_xlsx

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
DEPT_FORM = TEMPLATES / "部门整体预算绩效目标申报表.xlsx"
PROJECT_TABLE = TEMPLATES / "区级" / "项目支出绩效目标表.xlsx"
CITY_TABLE = TEMPLATES / "市级" / "项目支出绩效目标表.xlsx"
GOLDEN = Path(__file__).resolve().parent / "golden" / "xlsx"
UPDATE = os.environ.get("XLGEN_UPDATE_GOLDEN") == "1"


def indicator(code2: str, name: str, period: str, annual: str, project: str = "") -> Indicator:
    """An indicator with normalised names and codes, found from its 二级 code ('' = no 二级)."""
    fw = default_framework()
    level1 = next(l1 for l1 in fw.level1 if l1.code == code2[0])
    level2 = next((l2 for l2 in level1.level2 if l2.code == code2), None)
    return Indicator(
        level1=level1.name,
        level2=level2.name if level2 else "",
        name=name,
        period_value=period,
        annual_value=annual,
        project=project,
        level1_code=level1.code,
        level2_code=level2.code if level2 else "",
        level2_label=level2.label if level2 else "",
    )


# --- seed 000: 部门整体预算绩效目标申报表 (广州市白云区政务服务数据管理局) ---------------------

SEED_000_GOAL = (
    '区政务服务数据管理局紧紧围绕建设人民满意的服务型政府的目标,持续优化营商环境,推进“放管服”改革,推动政务服务理念、制度、作风的全方位变革,全力推进白云政务服务改革各项工作,推进审批服务便民化,提升政务服务水平,为群众提供优质、高效、便利的政务服务。'
)
SEED_000_TASKS = [
    ('统筹协调政务服务项目管理支出计划',
     '负责统筹推进全区审批服务便民化相关工作。参与区行政审批制度改革工作。负责全区政务服务事项目录管理和标准化建设,协调和优化跨地域、跨部门、跨层级事项审批服务工作。',
     '61.75',
     '为持续优化我区营商环境和推进“放管服”改革,开展政务服务事项梳理咨询,深化“一件事一次办”、政策兑现集成服务等改革工作,实现政务服务规范化、便利化要求。1.形成“一件事一次办”主题套餐服务目录,配合完成“一件事一次办”事项信息配置,在广东政务服务网展示。2.定期检查政务服务事项办事指南。3.梳理企业及自然人全生命周期服务事项清单。4.梳理区级惠民惠企政策,推动更多的优惠政策实现集成服务。'),
    ('统筹政务服务工作支出计划',
     '负责统筹推进全区政务服务体系建设。负责统筹管理区政务服务大厅工作,协调进驻部门之间、办事窗口与进驻部门之间的工作。负责监督区级政务服务工作。指导各镇街政务服务工作。',
     '415.09',
     '1.通过外包服务方式组建42名综合受理人员服务队伍,为区政务服务中心、白云区税务局实行“一窗受理,集成服务”模式提供人力保障。2.一是聘请第三方专业机构对各级政务服务大厅进行暗访检查,定期通报、整改落实,以督促改、以改促优。二是组织区级政务服务大厅、镇街政务服务中心从事政务服务工作工作人员开展学习活动(培训、调研、考察、参观等),采用理论讲授、现场教学、参观学习等形式,加强各级政务服务工作人员服务宗旨意识、强化政务服务规范、提高政务服务大厅管理水平。'),
    ('统筹政务信息化工作支出计划',
     '负责统筹全区政务信息化工作。统筹推进“数字政府”改革建设,推进全区性电子政务公共服务平台和基础性重大基础设施建设维护。指导、协调区级部门业务应用系统建设。组织推进全区“互联网+政务服务”、智慧政务、政府门户网站、政务网络等建设和管理工作。',
     '1933.46',
     '完善“互联网+政务服务”配套支撑体系,推进政务服务信息化系统建设,打造智慧服务大厅,利用信息化手段推动政务服务智能审批。1.完成民科园分中心信息化设备采购和部署;2.完成政务服务知识库系统建设;3.完成政策兑现、一件事等政务服务平台建设;4.实现不少于10个事项一码通办;5.部署100台自助终端到基层政务服务站点;6.完成政务服务监管平台建设;7.完成政务服务KPI指标体系制定;8.完成不少于10个政务服务宣传动画制作;9.完成不少于10个VLOG制作;10.完成新媒体监管平台建设。'),
    ('统筹电子政务建设支出计划',
     '统筹全区电子政务基础设施、信息系统、数据资源等安全保障工作。负责区级“数字政府”平台安全技术和运营体系建设,监督管理区级信息系统和数据库安全工作。',
     '2389.06',
     '完善“互联网+政务服务”配套支撑体系,保障已建成的政务服务信息化系统正常使用,推动政务服务信息化能力向基层覆盖,将中、英文政府网站打造成内容及时、安全运行的信息公开平台。1.对已建成的政务服务信息化系统运维使用;2.推动政务服务信息化能力向基层覆盖;3.提升网站政务公开水平,保障中、英文网站稳定运行。'),
    ('推进政务大数据管理支出计划',
     '负责推进区政务大数据管理体制建设。研究拟订全区有关政务数据管理的发展规划和业务规范并组织实施。统筹全区政务数据资源采集、分类、管理、分析和应用工作,推进政务数据资源共享。统筹区级政务数据共享平台建设。',
     '1614.24',
     '(一)1.完成全区信息化规划和政府投资信息化项目全生命周期管理服务;2.信息化项目可行性研究报告编写,对拟建信息化项目进行全面技术经济分析的论证;3.开展区信息化项目概算造价工作,对区信息化项目预算进行审核;4.组织信息化专家参与信息化项目可行性研究、立项、验收等环节的评审。5.开展信息化项目的咨询、设计、监理、测评、审计等服务。6.完成满足支付条件信息化管理项目存量合同款的费用支付。(二)立足智慧白云(数字政府)总体框架,遵循“规划引领、顶层设计、价值先导、共享协同;对接产业、惠民惠企;量入为出、勤俭办事;防控风险、安全可信”的建设原则,围绕数据“收、聚、通、用”原则,支持各单位信息化工作统筹推进开展。'),
    ('保障12345政务服务支出计划',
     '贯彻执行省、市、区有关广州12345政府服务热线建设、管理的总体部署,牵头负责区12345政府服务热线建设和管理工作,指导、协调、督办镇街及部门的热线工作。',
     '14.20',
     '一是完善热线工作制度,健全热线工作体系;二是进一步强化热线重点难点民生事项办理;三是加强热线大数据分析应用。'),
]
SEED_000_OTHER_TASKS = [
    ("运营管理工作支出计划",
     "保障白云区政务服务和信息化工作,维持白云区政务服务数据管理局及下属单位正常运作。",
     "731"),
    ("信息系统运行维护工作和升级开发支出计划",
     "对信息系统开展日常运行维护,确保信息化系统正常运作,避免出现数据安全事故。按计划更新改进系统功能,"
     "有利于进一步提高单位信息化水平,通过升级改造强化系统功能,为业务应用系统提供持续不间断的网络服务。",
     "2739"),
]
# (二级 code, 三级指标, 实施周期指标值, 年度指标值), in the published order.
SEED_000_INDICATORS = [
    ('11', '完成英文网站建设数量', '1', '1'),
    ('11', '网站运维数量', '1', '1'),
    ('11', '预约叫取号系统部署大厅数', '不少于10个', '不少于10个'),
    ('11', '建设安全态势感知平台', '完成1套安全态势感知平台建设', '完成1套安全态势感知平台建设'),
    ('11', '中心机房UPS升级改造', '完成3台UPS改造', '完成3台UPS改造'),
    ('11', '智慧白云系统对接数量', '系统对接数≥7个', '系统对接数≥7个'),
    ('11', '组织立项专家评审的次数', '≥10次', '≥3次'),
    ('11', '组织验收专家评审的次数', '≥5次', '≥3次'),
    ('11', '联席会审审核项目数量', '≥30个', '≥10个'),
    ('11', '提供监理服务的项目数量', '≥20个', '≥8个'),
    ('11', '提供测评服务的项目数量', '≥20个', '≥5个'),
    ('11', '信息化项目立项审核意见反馈次数', '≥100次', '≥40次'),
    ('11', '信息化项目验收前置审核意见反馈次数', '≥15次', '≥5次'),
    ('11', '全年新建开发信息化系统数量', '≥10', '≥5'),
    ('11', '运维系统总数量', '≥10', '≥5'),
    ('11', '各业务系统接入城市指挥平台数量', '≥5', '≥2'),
    ('11', '归集政府信息数据量', '≥40亿条', '≥30亿条'),
    ('11', '运维桌面设备数量', '≥100个', '≥50个'),
    ('11', '运维网络设备数量', '≥50个', '≥30个'),
    ('11', '等保测评数量', '≥5个', '≥3个'),
    ('11', '全区业务系统迁移上云情况', '上云系统数量≥100', '上云系统数量≥100'),
    ('11', '云服务器数量', '云服务器数量≥500台', '云服务器数量≥500台'),
    ('11', '智慧应用建设数量', '智慧应用数量≥6个', '智慧应用数量≥6个'),
    ('11', '智慧大脑展示专题数量', '专题展示数量≥8个', '专题展示数量≥8个'),
    ('11', '视频会议系统全覆盖24个镇街', '覆盖率=100%', '覆盖率=100%'),
    ('11', '智慧白云地理信息平台建设数量', '建设数量=1', '建设数量=1'),
    ('11', '完成造价审核的项目数量', '≥30个', '≥10个'),
    ('12', '运维完成率', '运维工单数/完成工单数*100%≥95%', '运维工单数/完成工单数*100%≥95%'),
    ('12', '程序的规范性', '合法合规', '合法合规'),
    ('12', '项目建设合理性', '合理', '合理'),
    ('12', '项目安全性能', '开展安全测评', '开展安全测评'),
    ('12', '服务质量', '预约叫取号评价系统功能正常使用≥360天', '预约叫取号评价系统功能正常使用≥360天'),
    ('12', '民科园分中心大厅信息化设备可用率', '100%', '100%'),
    ('12', '系统运行正常率(%)', '≥90%', '≥90%'),
    ('12', '基础设备可用性', '≥98%', '≥98%'),
    ('12', '信息系统重大故障次', '≤0次', '≤0次'),
    ('13', '一般运维响应时间', '响应时间≤4小时', '响应时间≤4小时'),
    ('14', '云资源需求响应情况', '云资源及时响应需求时间≤20天', '云资源及时响应需求时间≤20天'),
    ('14', '预约叫取号评价系统故障处理时长', '≤1天', '≤1天'),
    ('21', '资金使用效率', '≥90%', '≥90%'),
    ('21', '建设统一共性支撑平台,避免重复建设', '符合要求的新建业务系统100%采用云资源及共性支撑平台建设', '符合要求的新建业务系统100%采用云资源及共性支撑平台建设'),
    ('21', '设备利用率', '90%', '90%'),
    ('21', '设备采购经济性', '实际采购价格低于预算价格', '实际采购价格低于预算价格'),
    ('21', '保障区电子政务外网安全,确保网络正常运作', '未发生重大网络安全事件', '未发生重大网络安全事件'),
    ('22', '满足各单位业务的短息发送需求,辅助各单位业务运作。', '发送短信不少于300万条,完成各单位业务运作需求。', '发送短信不少于300万条,完成各单位业务运作需求。'),
    ('22', '提高全区城市治理效率', '城市管理精细化管理效率提升≥50%', '城市管理精细化管理效率提升≥50%'),
    ('22', '推进与各委办局数据共享及统筹数据资源集中建设', '全区有效数据归集量提升≥30%', '全区有效数据归集量提升≥30%'),
    ('22', '云资源服务覆盖范围情况', '云资源服务覆盖单位≥30个', '云资源服务覆盖单位≥30个'),
    ('22', '云资源可用性稳定,保障各单位正常使用云资源', '云平台响应故障处理时间≤8小时', '云平台响应故障处理时间≤8小时'),
    ('23', '保障中、英文门户网站稳定运行,为政府信息公开提供一个稳定平台', '门户网站稿件发布数量≥240份', '门户网站稿件发布数量≥240份'),
    ('23', '提高政务服务覆盖范围', '增加政务服务中心1个', '增加政务服务中心1个'),
    ('23', '提供可靠的网络运行保障', '重大故障发生次数=0次、普通故障解决时间≤4小时', '重大故障发生次数=0次、普通故障解决时间≤4小时'),
    ('23', '信息化相关规划', '≥1项', '≥1项'),
    ('23', '平台发生重大故障次数', '发生次数≤2次', '发生次数≤2次'),
    ('24', '保障英文网站运行', '英文网站初验后,建设方需提供一年运营服务', '英文网站初验后,建设方需提供一年运营服务'),
    ('24', '统一专人管理,专人维修,维护,保障设备正常使用', '合格', '合格'),
    ('24', '采用租赁线路和设备,不需花费购买设备和采购设备维护服务。', '批量租赁模式节省财政资金,专线每M约节省200元。', '批量租赁模式节省财政资金,专线每M约节省200元。'),
    ('31', '办事人满意度', '≥95%', '≥95%'),
    ('31', '设备使用满意率', '90%', '90%'),
    ('31', '服务群众满意率', '98%', '98%'),
    ('31', '综合受理人员满意度', '98%', '98%'),
    ('31', '群众平均满意率', '95%', '95%'),
    ('31', '设备使用满意率', '90%', '90%'),
]

# --- seed 002: 项目支出绩效目标表 (广州市花都区政务服务和数据管理局) -------------------------

# (name, 财政拨款, 绩效目标, [(二级 code, 三级指标, 实施周期指标值, 年度指标值), …])
SEED_002_PROJECTS = [
    ('办证大厅窗口服务经费', '199.00',
     '完成大厅日常工作,按时发放聘员工资,购买五险一金,保障聘员工人数16人能够正常服务群众。',
     [
         ('11', '工作天数', '正常工作每月天数22天', '正常工作每月天数22天'),
         ('12', '工作人数', '16人', '16人'),
         ('13', '工资发放时间', '每月上旬', '每月上旬'),
         ('31', '服务对象满意度', '满意度≥90%', '满意度≥90%'),
     ]),
    ('基层服务平台示范点建设经费', '340.00',
     '在区政务服务大楼、各镇街便民服务中心、人流密集场所部署政务自助机,开展基层政务服务业务支持、基层减负工作扶持,组建全区统一智能业务坐席团队。',
     [
         ('11', '接受培训人数', '300', '300'),
         ('11', '服务事项', '900项', '900项'),
         ('11', '', '100000人', '100000人'),
         ('12', '系统正常运行率', '99.9%', '99.9%'),
         ('22', '宣传知晓率', '100000人', '100000人'),
         ('31', '服务对象满意度', '99%', '99%'),
     ]),
    ('新政务中心大楼后勤保障经费', '814.96',
     '秉持打造“创新、高效、便民、服务”的“一个门、一张网”办事政务服务新模式的目标,积极推进“互联网+政务服务”,基本实现了“一门进驻”、“一窗受理”、“一网通办”。',
     [
         ('11', '大楼水费', '30万元', '30万元'),
         ('11', '大楼电费', '300万元', '300万元'),
         ('11', '政务大楼工作人员', '650人', '650人'),
         ('11', '服务事项', '1909项', '1909项'),
         ('11', '服务人员', '服务人员100人次', '服务人员100人次'),
         ('31', '服务对象满意度', '95%', '95%'),
     ]),
    ('区政府门户网站和政务新媒体运行经费', '92.60',
     '进一步加强政府网站管理,保障区门户网站内容建设及内容运维工作,提升小程序网上服务能力。',
     [
         ('11', '网站监测及预考评', '每年进行全面监测并出具全面监测检查报告(12份);全站内容安全监测报告(4份);预考评报告(1份)', '每年进行全面监测并出具全面监测检查报告(12份);全站内容安全监测报告(4份);预考评报告(1份)'),
         ('11', '网站运维及驻点服务人员数量', '4人', '4人'),
         ('12', '政府网站、政务新媒体适老化与无障碍改造', '按照市政数局文件精神和工作要求,完成花都区政府门户网站、智游花都和花都区政府微信小程序适老化与无障碍改造', '按照市政数局文件精神和工作要求,完成花都区政府门户网站、智游花都和花都区政府微信小程序适老化与无障碍改造'),
         ('12', '门户网站运行情况', '网站考评达到良好以上', '网站考评达到良好以上'),
         ('21', '推进政务信息数据和便民服务平台建设', '区政府门户网站运行实现分级分类、利企便民、安全可靠等目标', '区政府门户网站运行实现分级分类、利企便民、安全可靠等目标'),
     ]),
    ('区长专线日常经费', '1.00',
     '绩效目标-完成12345热线事项的按期办结,完成广州12345对我区各项业务指标考核和区12345热线对承办单位及街镇月度考评与年度绩效考核。',
     [
         ('11', '12345热线工单办结量', '工单量≥120000宗', '工单量≥120000宗'),
         ('11', '疑难工单现场协调量', '现场协调工单≥20次', '现场协调工单≥20次'),
         ('21', '12345工单办结率', '办结率≥99%', '办结率≥99%'),
         ('31', '12345热线满意度', '满意度≥75%', '满意度≥75%'),
     ]),
    ('2018年1月-2019年7月广电电子政务光纤租赁', '2.00',
     '保障全区电子政务光纤网络稳定运行,24小时不间断数据连接传输,按要求完成交付。',
     [
         ('11', '电子政务光纤网络节点数量', '不低于503个节点', '不低于503个节点'),
         ('11', '电子政务光纤网络稳定运行数量', '不低于503个节点', '不低于503个节点'),
         ('13', '电子政务光纤网络新增节点完成时间', '不超过10个工作日', '不超过10个工作日'),
         ('22', '连续故障时间', '不超过1小时', '不超过1小时'),
         ('24', '持续增加全区电子政务光纤覆盖面积', '持续增加全区电子政务光纤覆盖面积', '持续增加全区电子政务光纤覆盖面积'),
         ('31', '服务对象满意度', '满意度达到85%以上', '满意度达到85%以上'),
     ]),
    ('花都区政务云机房运营保障经费', '220.00',
     '夯实信息化建设基础,保障信息化系统稳定高效运行,推进政务系统建设,扎实开展电子政务系统基础运维工作。',
     [
         ('11', '发送短信数量', '3000000条', '3000000条'),
         ('11', '接入区电子政务外网终端数量', '13000', '13000'),
         ('12', '政务机房运行情况', '良好', '良好'),
         ('12', '网络故障处理时间', '良好', '良好'),
         ('31', '使用单位对系统使用的满意度', '达85%以上', '达85%以上'),
     ]),
    ('政务大楼保安保洁维保经费', '747.00',
     '保障新政务中心大楼政务服务公共安全,公共卫生,物业管理的维护保养服务,每天24小时值班。',
     [
         ('11', '大楼面积', '4.2万平方米', '4.2万平方米'),
         ('11', '物业管理人员', '99人', '99人'),
         ('11', '管理层级', '10层', '10层'),
         ('13', '值班时间', '24小时', '24小时'),
         ('22', '服务效果', '100%', '100%'),
         ('31', '人员服务满意度', '良好', '良好'),
     ]),
    ('花都区国防动员指挥中心建设项目建设', '2.00',
     '实现“动员数据采集、资源数据展示”功能要求,建立以大数据驱动“潜力统计、信息查询、辅助决策、指挥控制、训练管理、宣传教育”于一体的国防动员指挥信息系统新模式。',
     [
         ('11', '建设系统个数', '子系统个数不少于5', '子系统个数不少于5'),
         ('13', '运维服务时间', '运维服务时长3年', '运维服务时长3年'),
         ('22', '统一指挥调度程度', '实现三个或以上系统接入平台进行统一调度', '实现三个或以上系统接入平台进行统一调度'),
         ('31', '使用人员满意度', '使用人员满意度达85%以上', '使用人员满意度达85%以上'),
     ]),
    ('花都区人才管家线上服务平台建设', '2.00',
     '助力花都区人才服务能力优化提升,归集人才政策和人才服务,为群众和企业提供人才相关的服务。',
     [
         ('11', '用户数量', '≥100', '≥100'),
         ('12', '人才服务覆盖率', '≥85%', '≥85%'),
         ('12', '通过项目验收', '通过项目验收', '通过项目验收'),
         ('22', '完成人才数据库建设', '≥85%', '≥85%'),
         ('31', '22135476-目标群体满意度(%)', '≥80%', '≥80%'),
     ]),
    ('政务大厅便民改造', '30.00',
     '适当对大厅设备设施进行改造调整,以满足群众办事需求,提升办事便利度,提高群众满意度。',
     [
         ('11', '新增设备使用人数', '3000', '3000'),
         ('11', '服务数量', '10', '10'),
         ('12', '服务质量', '99%', '99%'),
         ('31', '服务群体满意度', '99%', '99%'),
     ]),
    ('窗口工作人员服装费', '10.00',
     '落实窗口人员规范管理,维护大厅整体服务形象,提升办事便利度,提高群众满意度。',
     [
         ('12', '购置服装完好率', '100%', '100%'),
         ('13', '服装发放及时性', '99%', '99%'),
         ('14', '服装配套覆盖率', '100%', '100%'),
         ('31', '服务对象满意度', '99%', '99%'),
     ]),
    ('机构运行辅助经费', '156.05',
     '保障政府雇员工资福利待遇,及时发放工资,更好地服务群众,更好地做好单位安排的各项工作。',
     [
         ('11', '发放额外人员工资人数', '4', '4'),
         ('11', '额外人员工资缴纳率', '100%', '100%'),
         ('13', '额外人员工资发放及时性', '按时发放', '按时发放'),
         ('31', '服务群体满意度', '90%', '90%'),
     ]),
]


def seed_000_book() -> InputBook:
    """The 申报表 of seed 000: budget block, six 重点任务, two 其他任务 and 63 indicators."""
    dept = Department(
        year=2023, name="广州市白云区政务服务数据管理局", level="区", staff=33, subunits=2,
        overall_goal=SEED_000_GOAL,
    )
    budget = Budget(
        basic=None, project=None, special=None, other_dev=None,
        fiscal=Decimal("15608"), other_funds=Decimal("0"),
        own_use=Decimal("15608"), transfer=Decimal("0"),
    )
    tasks = [Task(name=n, content=c, amount=Decimal(a), goal=g) for n, c, a, g in SEED_000_TASKS]
    tasks += [Task(kind="其他任务", name=n, content=c, amount=Decimal(a))
              for n, c, a in SEED_000_OTHER_TASKS]
    indicators = [indicator(*row) for row in SEED_000_INDICATORS]
    return InputBook("seed000.xlsx", dept, budget=budget, tasks=tasks, dept_indicators=indicators)


def seed_002_book() -> InputBook:
    """The 项目支出绩效目标表 of seed 002: 13 projects of one unit, 63 indicators."""
    dept = Department(year=2023, name="广州市花都区政务服务和数据管理局")
    projects = []
    for name, fiscal, goal, rows in SEED_002_PROJECTS:
        project = Project(name=name, unit=dept.name, fiscal=Decimal(fiscal), goal=goal)
        project.indicators = [indicator(*row, project=name) for row in rows]
        projects.append(project)
    indicators = [i for p in projects for i in p.indicators]
    return InputBook("seed002.xlsx", dept, projects=projects, project_indicators=indicators)


# Two 绩效指标 cells exactly as published in seed 002 (the second has an indicator without 三级).
SEED_002_TEXT = {
    "办证大厅窗口服务经费": "1.1-产出指标:11-数量指标:工作天数;实施周期指标值:正常工作每月天数22天;年度指标值:正常工作每月天数22天。2.1-产出指标:12-质量指标:工作人数;实施周期指标值:16人;年度指标值:16人。3.1-产出指标:13-时效指标:工资发放时间;实施周期指标值:每月上旬;年度指标值:每月上旬。4.3-满意度指标:31-服务对象满意度:服务对象满意度;实施周期指标值:满意度≥90%;年度指标值:满意度≥90%。",
    "基层服务平台示范点建设经费": "1.1-产出指标:11-数量指标:接受培训人数;实施周期指标值:300;年度指标值:300。2.1-产出指标:11-数量指标:服务事项;实施周期指标值:900项;年度指标值:900项。3.1-产出指标:11-数量指标:实施周期指标值:100000人;年度指标值:100000人。4.1-产出指标:12-质量指标:系统正常运行率;实施周期指标值:99.9%;年度指标值:99.9%。5.2-效益指标:22-社会效益:宣传知晓率;实施周期指标值:100000人;年度指标值:100000人。6.3-满意度指标:31-服务对象满意度:服务对象满意度;实施周期指标值:99%;年度指标值:99%。",
}


# --- helpers -------------------------------------------------------------------------------------


def render(template: Path, book: InputBook) -> bytes:
    result = render_xlsx(template, build_context(book))
    assert result.problems == []
    return result.data


def sheet(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


def style_key(cell: Any) -> str:
    """Font, weight, borders, alignment, wrap and number format of a cell, as one string."""
    font, border, align = cell.font, cell.border, cell.alignment
    sides = "".join((getattr(border, s).style or "-")[0] for s in ("left", "right", "top", "bottom"))
    return "|".join([
        f"{font.name} {font.sz:g}{' bold' if font.b else ''}",
        sides,
        f"{align.horizontal or '-'}/{align.vertical or '-'}{' wrap' if align.wrap_text else ''}",
        cell.number_format,
    ])


def snapshot(data: bytes) -> dict[str, Any]:
    """What the golden files hold: values, merges, styles and page setup of every sheet."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    sheets = []
    for ws in wb.worksheets:
        cells: dict[str, Any] = {}
        styles: dict[str, str] = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    cells[c.coordinate] = c.value
                if type(c).__name__ == "Cell" and c.has_style:
                    styles[c.coordinate] = style_key(c)
        setup = ws.page_setup
        sheets.append({
            "title": ws.title,
            "dimensions": ws.dimensions,
            "cells": cells,
            "merged": [r.coord for r in sorted(ws.merged_cells.ranges,
                                               key=lambda r: (r.min_row, r.min_col))],
            "styles": styles,
            "columns": {k: d.width for k, d in sorted(ws.column_dimensions.items()) if d.width},
            "print_titles": ws.print_title_rows,
            "breaks": [b.id + 1 for b in ws.row_breaks.brk],
            "page": {
                "orientation": setup.orientation,
                "paper": setup.paperSize,
                "fit_to_width": setup.fitToWidth,
                "fit_to_height": setup.fitToHeight,
                "fit_to_page": ws.sheet_properties.pageSetUpPr.fitToPage,
                "footer": ws.oddFooter.center.text,
            },
        })
    return {"sheets": sheets}


def check_golden(name: str, data: bytes) -> None:
    """Compare with tests/golden/xlsx/<name>.json (XLGEN_UPDATE_GOLDEN=1 rewrites it)."""
    path = GOLDEN / f"{name}.json"
    actual = json.loads(json.dumps(snapshot(data), ensure_ascii=False))
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", "utf-8")
        return
    assert path.exists(), f"{path} is missing: run with XLGEN_UPDATE_GOLDEN=1"
    expected = json.loads(path.read_text("utf-8"))
    for want, got in zip(expected["sheets"], actual["sheets"], strict=True):
        for key in ("title", "dimensions", "merged", "columns", "print_titles", "breaks", "page"):
            assert got[key] == want[key], key
        for kind in ("cells", "styles"):
            diff = {ref: (want[kind].get(ref), got[kind].get(ref))
                    for ref in sorted(set(want[kind]) | set(got[kind]))
                    if want[kind].get(ref) != got[kind].get(ref)}
            assert not diff, f"{kind} differ (expected, actual): {dict(list(diff.items())[:5])}"


def find_row(ws: Any, column: str, text: str) -> int:
    return next(c.row for c in ws[column] if c.value == text)


# --- 部门整体预算绩效目标申报表 ----------------------------------------------------------------------


def test_dept_form_matches_golden() -> None:
    check_golden("seed000_dept_form", render(DEPT_FORM, seed_000_book()))


def test_dept_form_budget_block_keeps_blanks_blank() -> None:
    ws = sheet(render(DEPT_FORM, seed_000_book()))
    assert ws["B2"].value == "广州市白云区政务服务数据管理局"
    assert (ws["C3"].value, ws["E3"].value) == (33, 2)
    assert [ws[f"B{r}"].value for r in range(4, 10)] == [
        "部门预算支出", "基本支出", "项目支出", "事业发展性支出", "财政专项资金", "其他事业发展性支出"]
    assert [ws[f"C{r}"].value for r in (5, 6, 8, 9)] == [None, None, None, None]
    assert [ws[f"E{r}"].value for r in (5, 6, 8, 9)] == [15608, 0, 15608, 0]
    assert ws["D8"].value == "区本级使用资金"
    assert ws["E5"].number_format == "#,##0.00" and ws["E5"].data_type == "n"
    assert "A4:A9" in {r.coord for r in ws.merged_cells.ranges}


@pytest.mark.parametrize(("staff", "subunits", "printed"),
                         [(33, 2, True), (None, 2, True), (33, None, True), (None, None, False)])
def test_dept_form_prints_basic_info_only_when_a_count_is_filled(
        staff: int | None, subunits: int | None, printed: bool) -> None:
    book = seed_000_book()
    book.department.staff, book.department.subunits = staff, subunits
    ws = sheet(render(DEPT_FORM, book))
    labels = [ws.cell(r, 1).value for r in range(1, 6)]
    assert ("基本信息" in labels) is printed
    assert labels[2] == ("基本信息" if printed else "预算整体情况")


def test_other_task_without_content_has_no_empty_line() -> None:
    book = seed_000_book()
    book.tasks = [Task(kind="其他任务", name="甲任务", amount=Decimal("5")),
                  Task(kind="其他任务", name="乙任务", content="内容")]
    ws = sheet(render(DEPT_FORM, book))
    texts = [c.value for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith(("甲任务", "乙任务"))]
    assert texts == ["甲任务\n拟投入资金：5.00（万元）", "乙任务\n内容"]


def unpaged(template: Path, tmp_path: Path) -> Path:
    """A copy of ``template`` fitted to one page tall: the engine plans no pages, so the
    output shows the rows as the template makes them (no repeated heads, no cut merges)."""
    wb = openpyxl.load_workbook(template)
    wb.worksheets[0].page_setup.fitToHeight = 1
    path = tmp_path / template.name
    wb.save(path)
    return path


def test_dept_form_tasks_and_other_tasks(tmp_path: Path) -> None:
    ws = sheet(render(unpaged(DEPT_FORM, tmp_path), seed_000_book()))
    header = find_row(ws, "B", "名称")
    assert [ws.cell(header + i, 2).value for i in range(1, 7)] == [t[0] for t in SEED_000_TASKS]
    assert ws.cell(header + 3, 4).value == 1933.46
    merges = {r.coord for r in ws.merged_cells.ranges}
    assert f"A{header}:A{header + 6}" in merges  # 年度重点工作任务 over header + six tasks
    other = header + 7
    assert ws.cell(other, 1).value == "其他需完成的任务（可选填）"
    assert f"A{other}:A{other + 1}" in merges
    assert ws.cell(other + 1, 2).value.endswith("拟投入资金：2,739.00（万元）")


def test_dept_form_indicators_merge_level1_and_level2_down(tmp_path: Path) -> None:
    ws = sheet(render(unpaged(DEPT_FORM, tmp_path), seed_000_book()))
    header = find_row(ws, "B", "一级指标")
    first = header + 1
    rows = [indicator(*row) for row in SEED_000_INDICATORS]
    assert ws.cell(first + len(rows) - 1, 4).value == rows[-1].name
    expected = {f"A{header}:A{first + len(rows) - 1}"}
    for column, key in (("B", lambda i: i.level1), ("C", lambda i: (i.level1, i.level2))):
        start = 0
        for n in range(1, len(rows) + 1):
            if n == len(rows) or key(rows[n]) != key(rows[start]):
                if n - start > 1:
                    expected.add(f"{column}{first + start}:{column}{first + n - 1}")
                start = n
    actual = {r.coord for r in ws.merged_cells.ranges if r.min_row >= header}
    assert actual == expected
    assert ws.cell(first, 2).value == "产出指标" and ws.cell(first, 3).value == "数量指标"


# --- 项目支出绩效目标表 -------------------------------------------------------------------------------


def test_project_table_matches_golden() -> None:
    check_golden("seed002_project_table", render(PROJECT_TABLE, seed_002_book()))


def test_project_table_totals_and_blank_zero_sources() -> None:
    ws = sheet(render(PROJECT_TABLE, seed_002_book()))
    assert ws["A1"].value == "项目支出绩效目标表（含转移支付项目）"
    assert ws["A2"].value == "部门名称：广州市花都区政务服务和数据管理局"
    assert [ws.cell(5, c).value for c in range(1, 6)] == ["合计", 2616.61, 2616.61, None, None]
    assert ws["B5"].number_format == "#,##0.00_ "  # a space before the right border
    assert [ws.cell(6, c).value for c in range(1, 4)] == [
        "广州市花都区政务服务和数据管理局", 2616.61, 2616.61]
    assert [ws.cell(r, 1).value for r in range(7, 20)] == [p[0] for p in SEED_002_PROJECTS]
    assert ws.print_title_rows == "$4:$4"
    assert ws.max_row == 19


def test_project_indicators_read_as_published() -> None:
    ws = sheet(render(PROJECT_TABLE, seed_002_book()))
    for row in range(7, 20):
        name, text = ws.cell(row, 1).value, ws.cell(row, 7).value
        if name in SEED_002_TEXT:
            assert text.replace("\n", "") == SEED_002_TEXT[name]
        assert text.count("\n") == text.count("。") - 1  # one indicator a line


def city_book(indicators: list[Indicator], name: str = "广州市政务服务数据管理局") -> InputBook:
    project = Project(name="政务服务", unit=name, fiscal=Decimal("10"))
    project.indicators = indicators
    return InputBook("city.xlsx", Department(name=name, level="市"), projects=[project],
                     project_indicators=indicators)


def test_city_table_reads_as_the_city_publishes_it() -> None:
    """Seed-003 style: 单位名称…（本级）, `1、一级：三级，年度指标值：值。`, no 二级, no 实施周期."""
    rows = [indicator("11", "办件数量", "≥5000件", "≥1000件"),
            indicator("31", "服务对象满意度", "服务对象满意度≥90%", "服务对象满意度≥90%")]
    ws = sheet(render(CITY_TABLE, city_book(rows)))
    assert ws["A2"].value == "单位名称：广州市政务服务数据管理局（本级）"
    assert ws["G7"].value == ("1、产出指标：办件数量，年度指标值：≥1000件。\n"
                              "2、满意度指标：服务对象满意度，年度指标值：服务对象满意度≥90%。")


@pytest.mark.parametrize(
    ("template", "name", "period", "annual", "expected"),
    [
        (PROJECT_TABLE, "工作天数", "", "22天", "1.1-产出指标:11-数量指标:工作天数;年度指标值:22天。"),
        (PROJECT_TABLE, "工作天数", "22天", "", "1.1-产出指标:11-数量指标:工作天数;实施周期指标值:22天。"),
        (PROJECT_TABLE, "", "", "22天", "1.1-产出指标:11-数量指标:年度指标值:22天。"),
        (PROJECT_TABLE, "工作天数", "", "", "1.1-产出指标:11-数量指标:工作天数。"),
        (CITY_TABLE, "工作天数", "22天", "", "1、产出指标：工作天数。"),
        (CITY_TABLE, "", "", "22天", "1、产出指标：年度指标值：22天。"),
    ],
)
def test_empty_indicator_fields_are_left_out(template: Path, name: str, period: str,
                                             annual: str, expected: str) -> None:
    ws = sheet(render(template, city_book([indicator("11", name, period, annual)])))
    assert ws["G7"].value == expected


@pytest.mark.parametrize("template", [PROJECT_TABLE, CITY_TABLE], ids=["district", "city"])
def test_a_zero_budget_prints_zero_totals_and_blank_sources(template: Path) -> None:
    book = city_book([indicator("11", "工作天数", "22天", "22天")])
    book.projects[0].fiscal = Decimal("0")
    ws = sheet(render(template, book))
    for row in (5, 6, 7):  # 合计, the unit, the project
        assert [ws.cell(row, c).value for c in range(2, 6)] == [0, None, None, None]
        assert ws.cell(row, 2).number_format == "#,##0.00_ "


# --- both ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("template", [DEPT_FORM, PROJECT_TABLE, CITY_TABLE],
                         ids=["dept", "project", "city"])
def test_shipped_templates_check_clean(template: Path) -> None:
    assert check_xlsx_template(template) == []
    book = seed_000_book() if template == DEPT_FORM else seed_002_book()
    assert check_xlsx_template(template, build_context(book)) == []


def test_outputs_are_deterministic_and_formula_free() -> None:
    for template, make in ((DEPT_FORM, seed_000_book), (PROJECT_TABLE, seed_002_book)):
        data = render(template, make())
        assert render(template, make()) == data
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.testzip() is None
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    assert "<f>" not in z.read(name).decode()


def test_rows_are_tall_enough_for_their_text() -> None:
    ws = sheet(render(PROJECT_TABLE, seed_002_book()))
    for row in range(7, 20):
        lines = ws.cell(row, 7).value.count("\n") + 1
        assert ws.row_dimensions[row].height >= lines * 10 * 1.3  # at least a line per indicator


# --- LibreOffice: the outputs open and print ---------------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_prints_both_documents(tmp_path: Path) -> None:
    files = []
    for name, template, book in (("dept", DEPT_FORM, seed_000_book()),
                                 ("project", PROJECT_TABLE, seed_002_book())):
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(render(template, book))
        files.append(path)
    out = tmp_path / "pdf"
    out.mkdir()
    to_pdf(files, out)
    expected = {
        "dept": ["部门整体预算绩效目标申报表", "15,608.00", "期望达到的目标（概述）",
                 "1,933.46", "拟投入资金：2,739.00（万元）", "服务群众满意率", "第1页，共"],
        "project": ["项目支出绩效目标表（含转移支付项目）", "2,616.61", "办证大厅窗口服务经费",
                    "1.1-产出指标:11-数量指标:工作天数", "机构运行辅助经费", "第1页，共"],
    }
    for name, strings in expected.items():
        pdf = out / f"{name}.pdf"
        assert pdf.exists() and pdf.stat().st_size > 1000
        if shutil.which("pdftotext") is None:
            continue
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        flat = "".join(text.split())
        for s in strings:
            assert "".join(s.split()) in flat, s
        if name == "project":  # the header row repeats on every printed page
            pages = [p for p in text.split("\f") if p.strip()]
            assert len(pages) > 1
            assert all("项目名称" in p for p in pages)
