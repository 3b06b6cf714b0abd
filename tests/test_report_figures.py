"""The report's derived figures (xlgen.report_figures), checked against seed 001 as published.

``seed_book()`` rebuilds the 2022 白云区政务服务数据管理局 report's input: indicators that
reproduce the published counts and scores, the 管理效率 table (22 indicators, 50 分, 49.5),
the five projects with their 年初预算, 调减 and 实际支出, and the text blocks verbatim.
test_docx_report.py renders it.

Published slip: the seed prints 调整后预算 343.96 for 信息化项目管理经费, but
600 − 356.04 = 243.96, and its printed 执行率 99.48% is 242.68 / 243.96. The rules compute
调整后预算 from 年初预算 and 预算调整, so the report prints 243.96 and 99.48%; a clerk's
stated 343.96 is never used in its place (the validator reports the disagreement).
"""

# ruff: noqa: E501 (the seed's paragraphs are kept verbatim, one a line)

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlgen.model import (
    Department,
    Indicator,
    InputBook,
    ManagementIndicator,
    Project,
    SelfEvaluation,
)
from xlgen.money import fmt_money, fmt_number, fmt_percent
from xlgen.report_figures import (
    ProjectFigures,
    build,
    management,
    performance,
    self_name,
    strip_numbering,
)

DEPT = "广州市白云区政务服务数据管理局"

# (一级, 二级, 三级, 年度指标值, 实际完成值, 分值, clerk's 得分 or None)
SEED_INDICATORS: list[tuple[str, str, str, str, str, str, str | None]] = [
    *[("产出指标", "数量指标", name, target, actual, "0.5", None) for name, target, actual in [
        ("完成英文网站建设数量", "1", "1"),
        ("网站运维数量", "1", "1"),
        ("预约叫取号系统部署大厅数", "不少于10个", "12个"),
        ("建设安全态势感知平台", "完成1套安全态势感知平台建设", "完成1套"),
        ("中心机房UPS升级改造", "完成3台UPS改造", "3台"),
        ("智慧白云系统对接数量", "系统对接数≥7个", "9个"),
        ("组织立项专家评审的次数", "≥3次", "5次"),
        ("组织验收专家评审的次数", "≥3次", "4次"),
        ("联席会审审核项目数量", "≥10个", "16个"),
        ("提供监理服务的项目数量", "≥8个", "11个"),
        ("提供测评服务的项目数量", "≥5个", "7个"),
        ("信息化项目立项审核意见反馈次数", "≥40次", "52次"),
        ("信息化项目验收前置审核意见反馈次数", "≥5次", "8次"),
        ("全年新建开发信息化系统数量", "≥5", "6"),
        ("运维系统总数量", "≥5", "12"),
        ("各业务系统接入城市指挥平台数量", "≥2", "3"),
        ("归集政府信息数据量", "≥30亿条", "36亿条"),
        ("运维桌面设备数量", "≥50个", "80个"),
        ("运维网络设备数量", "≥30个", "42个"),
        ("等保测评数量", "≥3个", "3个"),
        ("全区业务系统迁移上云情况", "上云系统数量≥100", "上云系统数量126"),
        ("云服务器数量", "云服务器数量≥500台", "800台"),
        ("智慧应用建设数量", "智慧应用数量≥6个", "6个"),
        ("视频会议系统全覆盖24个镇街", "覆盖率=100%", "100%"),
    ]],
    *[("产出指标", "质量指标", name, target, actual, "0.75", None) for name, target, actual in [
        ("运维完成率", "运维工单数/完成工单数*100%≥95%", "99%"),
        ("程序的规范性", "合法合规", "合法合规"),
        ("项目建设合理性", "合理", "合理"),
        ("项目安全性能", "开展安全测评", "已开展安全测评"),
        ("服务质量", "预约叫取号评价系统功能正常使用≥360天", "365天"),
        ("民科园分中心大厅信息化设备可用率", "100%", "100%"),
        ("系统运行正常率(%)", "≥90%", "99.9%"),
        ("信息系统重大故障次", "≤0次", "0次"),
    ]],
    ("产出指标", "时效指标", "一般运维响应时间", "响应时间≤4小时", "2小时", "2", None),
    ("效益指标", "经济效益指标", "资金使用效率", "≥90%", "98.82%", "2", None),
    ("效益指标", "经济效益指标", "设备利用率", "90%", "95%", "2", None),
    *[("效益指标", "社会效益指标", name, target, actual, "2", None) for name, target, actual in [
        ("满足各单位业务的短信发送需求", "发送短信不少于300万条", "发送短信326万条"),
        ("提高全区城市治理效率", "城市管理精细化管理效率提升≥50%", "提升52%"),
        ("推进各委办局数据共享", "全区有效数据归集量提升≥30%", "提升35%"),
        ("云资源服务覆盖范围情况", "云资源服务覆盖单位≥30个", "覆盖单位45个"),
        ("云资源可用性稳定", "云平台响应故障处理时间≤8小时", "4小时"),
        ("群众办事便利度", "提升", "明显提升"),
        ("热线工单按时办结率", "≥95%", "100%"),
    ]],
    ("效益指标", "可持续影响指标", "统一专人管理，保障设备正常使用", "合格", "合格", "1", None),
    # the seed's own name for 可持续影响指标, and a qualitative target the clerk scored
    ("效益指标", "可持续发展指标", "保障英文网站运行", "英文网站初验后，建设方需提供一年运营服务",
     "已提供一年运营服务", "1", "1"),
    ("满意度指标", "服务对象满意度指标", "服务群众满意率", "98%", "99.99%", "5", None),
    ("满意度指标", "服务对象满意度指标", "综合受理人员满意度", "98%", "99%", "5", None),
]

# (二级, 三级, 分值, 得分): 22 indicators, 50 分, 49.5 (0.5 lost on 绩效管理制度建设).
SEED_MANAGEMENT: list[tuple[str, str, str, str]] = [
    ("预算编制", "目标制定合理性", "2", "2"),
    ("预算编制", "预算编制规范性", "2", "2"),
    ("预算编制", "专项资金细化率", "2", "2"),
    ("预算执行", "预算完成率", "4", "4"),
    ("预算执行", "预算执行率", "3", "3"),
    ("预算执行", "结转结余变动率", "2", "2"),
    ("预算执行", "支出进度", "3", "3"),
    ("预算执行", "资金使用合规性", "3", "3"),
    ("信息公开", "预决算信息公开", "2", "2"),
    ("信息公开", "绩效信息公开", "2", "2"),
    ("绩效管理", "绩效管理制度建设", "2", "1.5"),
    ("绩效管理", "绩效目标管理", "3", "3"),
    ("绩效管理", "绩效监控", "3", "3"),
    ("绩效管理", "绩效评价", "3", "3"),
    ("采购管理", "政府采购执行率", "2", "2"),
    ("采购管理", "采购程序规范性", "2", "2"),
    ("采购管理", "采购合同管理", "2", "2"),
    ("资产管理", "资产管理规范性", "2", "2"),
    ("资产管理", "固定资产利用率", "2", "2"),
    ("资产管理", "资产账实相符率", "1", "1"),
    ("运行成本", "公用经费控制率", "2", "2"),
    ("运行成本", "“三公经费”控制率", "1", "1"),
]

# (项目名称, 年初预算, 预算调整, 实际支出, stated 调整后预算 as published)
SEED_PROJECTS: list[tuple[str, str, str, str, str]] = [
    ("信息化项目管理经费", "600", "-356.04", "242.68", "343.96"),
    ("智慧白云一期项目经费", "1588.88", "-103.20", "1485.68", "1485.68"),
    ("智慧白云建设经费", "2739.46", "-2661.17", "78.29", "78.29"),
    ("信息化运维经费", "659.72", "-349.79", "309.93", "309.93"),
    ("信息化项目合同存量款项", "5900.51", "-2797.33", "3103.18", "3103.18"),
]

SEED_BLOCKS: dict[str, list[str]] = {
    "部门职责": [
        "1、负责组织起草全区政务服务和政务信息化管理相关制度并组织实施。负责区政务服务和政务信息化规划编制、政策研究等。",
        "2、负责统筹推进全区审批服务便民化相关工作。参与区行政审批制度改革工作。负责全区政务服务事项目录管理和标准化建设，协调和优化跨地域、跨部门、跨层级事项审批服务工作。",
        "3、负责统筹推进全区政务服务体系建设。负责统筹管理区政务服务大厅工作，协调进驻部门之间、办事窗口与进驻部门之间的工作。负责监督区级政务服务工作。指导各镇街政务服务工作。",
        "4、组织、协调、督办全区重点项目代办服务工作，指导镇街开展重点项目代办服务工作。",
        "5、负责统筹全区政务信息化工作。统筹推进“数字政府”改革建设，推进全区性电子政务公共服务平台和基础性重大设施建设维护。指导、协调区级部门业务应用系统建设。组织推进全区“互联网+政务服务”、智慧政务、政府门户网站、政务网络等建设和管理工作。",
        "6、统筹全区电子政务基础设施、信息系统、数据资源等安全保障工作，负责区级“数字政府”平台安全技术和运营体系建设，监督管理区级信息系统和数据库安全工作。",
        "7、负责政务服务、电子政务标准体系建设和相关标准的制定工作，推进全区政务服务和电子政务标准化工作。",
        "8、负责推进区政务大数据管理体制建设。研究拟订全区有关政务数据管理的发展规划和业务规范并组织实施。统筹全区政务数据资源采集、分类、管理、分析和应用工作，推进政务数据资源共享。统筹区级政务数据共享平台建设。",
        "9、负责全区公共资源交易管理相关工作，负责全区网上中介服务超市的管理工作。",
        "10、贯彻执行省、市、区有关广州 12345 政府服务热线建设、管理的总体部署，牵头负责区 12345 政府服务热线建设和管理工作，指导、协调、督办镇街及部门的热线工作。",
        "11、完成区委、区政府和上级相关部门交办的其他任务。",
    ],
    "机构设置": [
        "广州市白云区政务服务数据管理局作为广州市白云区人民政府所属机构，内设科室 5 个，分别是办公室、政务管理科、大数据管理科、热线管理科、智慧城市运行管理科。",
        "下属事业单位 2 个，具体包括：广州市白云区 12345 政务服务便民热线中心（广州市白云区区长专线受理中心）、广州市白云区智慧城市运行中心。",
    ],
    "年度总体工作": [
        "1. 政务服务更便捷高效，赋能营商环境持续优化",
        "一是市区服务联动再强化。以标杆大厅标准建设广州市政务服务中心民科园分中心，已于 8 月 4 日起正式对外服务，打造 5G 智能政务服务大厅，设置综合受理区、咨询导办区、税务服务专区、24 小时智慧政务自助服务区、“政务晓屋”等功能区域，已进驻 690 项服务事项，一批市级政策兑现事项延伸至民科园分中心受理，提供“不出园”“全天候”“集成办”政务服务，满足民科园内及白云北部四镇两街等周边企业、群众的多元化办事需求。2022 年，民科园分中心累计办理业务超 1.4 万件，实现办事服务不出园。二是政务服务便利化再提升。白云区“一码通办”入选 2022 年度中国优化营商环境典型案例，“全能攻略——广州白云政务知识库助力优质服务”入选第三届全国政务服务软实力·数字赋能深化线上线下融合 2022 金典案例，区政府门户网站连续三年获评为“中国领先政务网站”。持续深化绿色通道、港澳台侨特色专窗、政策兑现、跨域通办、“一站式”代办、不见面审批、工程联审等服务举措，10 个“一件事一次办”事项上线试运行；运用电子证照、数据共享、网上身份认证、网上支付等电子化手段，多个事项实现全流程网办；强化电子证照应用作为区 2022 年民生实事大力推进；已部署 449 台自助终端，支持超 1000 项网上办理业务和服务；推进“云窗口”服务落地实施，为群众提供“云受理”“云坐席”的非接触式“面对面”服务。2022 年，白云区政务服务中心累计服务群众超 21 万人次，“好差评”满意率达 99.99%。三是政务服务规范化再完善。服务标准进一步规范，建成综合性政务监管平台，修订区级、镇（街）、村（社区）政务大厅和服务窗口工作规范，巩固政务服务事项标准化成果，落实“同源发布”“要素规范”。",
        "2.智慧服务深入推进，赋能智慧城市创新发展",
        "白云区三度获评“中国领军智慧城区”，白云区大数据运营中心、白云区数据安全监测和运行中心先后挂牌成立。一是智慧城市建设顶层设计再优化。编制智慧白云（数字政府）、数字化建设三年行动方案和 2022 年工作计划，围绕“强支撑、清底数、慧治理、促经济”工作思路，深化“智慧+”应用场景创新，延续 2021 年重点工作任务，推进 11 个领域 45 个重点建设项目。二是党建引领城中村治理智慧服务再创新。制定区党建引领城中村治理智慧服务建设工作方案，聚焦“指挥、监控、管理、服务、安全”定位，开发建设集视频监控、实时调度、数据分析、动态展示等于一体的白云区综合指挥调度平台，包括党建引领、综合治理、智慧应用和镇街平台 4 大模块。三是视频全域覆盖建设再上台阶。10 万支视频监控建设列入区 2022 年民生实事，印发全域视频监控覆盖建设工作方案，明确 5000 支新增政府投资视频和 9.5 万支社会面视频建设任务。四是数据治理效能再增强。我区已建成具备约 100 个机柜、800 台以上云服务器的政务大数据中心，建立了具有采集存储、数据管理、共享开放、应用服务于一体的区政务大数据平台。数据协调治理能力逐步加强，已建立全区首席数据官组织体系，开展全区首席数据官数字化能力素养培训，成功举办广州首个数据安全峰会“云山论剑”；制定完善《公共数据元规范》等标准体系。数据赋能服务重点领域，一方面强化防疫数据支撑，建强数据处理队伍，全天候响应各镇街、部门涉疫数据比对分析需求。另一方面深化智慧监管，建设完善“一人一册、一企一档”应用，建成以人为中心视图，涵盖社保、劳动、计生、民政、信用等主题数据。五是安全保障再升级。成立白云区数据安全监测和运行中心，7×24 小时全天候监测安全威胁，构建白云区一体化数据安全运营体系，建立安全事件管理机制，形成覆盖事前防范、事中阻断、事后追溯的“人防+技防”闭环式智能运营模式。",
        "3. 热线服务突破创新，赋能为民服务能力提升",
        "一是推动制度创新。制定我区热线月度考核方案，已发布热线月报 5 期。2022 年，我区已受理 12345 热线工单已超 69 万件，工单量居全市前列。二是推动举措创新。充分发挥 12345 热线在疫情防控、专项整改工作的“总客服”作用。三是推动系统创新。加快区 12345 热线智办系统迭代升级，创新开发审核办结工单功能提高办理质效，运用信息化工具辅助区领导决策、服务各镇街各部门。四是推动宣传创新。建立常态化走访培训+年度全区性业务培训相结合的“1+1”培训模式，并积极协助市12345热线中心完成“焦点访谈”案例拍摄，组织拍摄《白云热线“战疫”十二时辰》宣传短片，提升白云热线品牌知晓度。",
    ],
    "部门整体支出绩效目标": [
        "区政务服务数据管理局紧紧围绕以下方面开展工作：一是不断加大信息化建设基础设施和统筹协调力度，积极推动各类智慧应用建设，助力政府科学决策、管理；二是围绕建设人民满意的服务型政府的目标，不断深化“放管服”改革，推动政务服务理念、制度、作风的全方位变革，全力推进白云政务服务改革各项工作，推进审批服务便民化，提升政务服务水平；三是加强热线智能化平台建设，强化对全区热线事务的处理能力，利用人工智能对12345热线数据进行计算分析，提高区、镇街、区直单位及内设机构等各级热线工作机构的工作质效，更好地落实“首办负责、接诉即办、提速办结”的热线办理目标。",
    ],
    "绩效管理情况": [
        "区政务服务数据管理局围绕建设人民满意的服务型政府的目标，不断增强服务理念、提升服务质量、革新技术手段，突出重点，补齐短板，补强弱项，全力推进白云政务各项工作，取得了一定工作成效：在政务服务方面，累计服务群众超 21 万人次，群众对区政务服务中心服务的满意率 99.99%。在“数字政府”方面，强化政府数字体系建设、大力推动智慧白云建设、深入推进“智慧政务”建设、优化升级网上服务，不断丰富智慧政务服务内涵。在热线办理方面，我区全年受理工单超 69 万件，100%按时办结。",
    ],
    "主要工作成效": [
        "2022年我局按照上级工作要求，扎实推进全区数字政府建设、智慧城市建设、数据管理、政务服务体系、12345热线等工作，通过对绩效运行跟踪监控的有效管理，推动本单位预算管理有序进行，提升单位预算绩效管理的科学性、有效性。",
    ],
    "存在的主要问题": [
        "（一）绩效指标设置的内容表述不够准确；",
        "（二）绩效指标目标值设置不够合理；",
        "（三）大部分项目缺失成本指标、时效指标和可持续性指标。",
    ],
    "下一步改进措施": [
        "（一）进一步量化指标，尽量设置具体的、可衡量的、可达到的、有相关性的绩效指标；",
        "（二）根据实际情况调整目标值，避免预期值取值过低或过高的问题，做到客观有效反映项目的真实情况；设置项目绩效目标时，科学合理设置数量、质量、成本和时效等指标，目标设置要指向明确，具体细化、合理可行，提高绩效目标设置的科学性和有效性。",
    ],
}


def ind(level1: str, level2: str, name: str, target: str = "", actual: str = "",
        weight: str | None = None, score: str | None = None) -> Indicator:
    """A 部门绩效指标 row."""
    return Indicator(level1=level1, level2=level2, name=name, annual_value=target,
                     period_value=target, actual_value=actual,
                     weight=None if weight is None else D(weight),
                     score=None if score is None else D(score))


def seed_book() -> InputBook:
    """Seed 001's input: 2022 部门整体支出绩效自评报告 of 白云区政务服务数据管理局."""
    dept = Department(year=2022, name=DEPT)
    projects = [
        Project(name=name, unit=DEPT, fiscal=D(initial), adjustment=D(adjustment),
                spent=D(spent), stated_adjusted=D(stated))
        for name, initial, adjustment, spent, stated in SEED_PROJECTS
    ]
    return InputBook(
        path="inputs/2022/广州市白云区政务服务数据管理局.xlsx",
        department=dept,
        dept_indicators=[ind(*row) for row in SEED_INDICATORS],
        projects=projects,
        management=[
            ManagementIndicator(level2=l2, name=name, weight=D(w), score=D(s))
            for l2, name, w, s in SEED_MANAGEMENT
        ],
        self_evaluation=SelfEvaluation(
            initial_budget=D("8463.23"), executed=D("8363.23"),
            blocks={k: list(v) for k, v in SEED_BLOCKS.items()},
        ),
    )


@pytest.fixture(scope="module")
def seed() -> dict:
    return build(seed_book())


# --- seed 001, figure by figure -------------------------------------------------------

def test_seed_total_grade_and_completion(seed: dict) -> None:
    # 自评结果为“优”，自评得分为 99.5 分。整体预算完成率预计达到 98.82%
    assert fmt_number(seed["total_score"]) == "99.5"
    assert seed["grade"] == "优"
    assert fmt_percent(seed["completion_rate"]) == "98.82%"
    assert fmt_money(seed["initial_budget"]) == "8,463.23"
    assert fmt_money(seed["executed"]) == "8,363.23"
    assert seed["total_weight"] == 100
    assert seed["unscored"] == []
    assert seed["self_name"] == "我局"
    assert seed["title"] == "广州市白云区政务服务数据管理局2022年部门整体支出绩效自评报告"


@pytest.mark.parametrize(("index", "name", "phrase", "weight", "score"), [
    (0, "产出指标", "数量指标 24 个、质量指标 8 个、时效指标 1 个", "20", "20"),
    (1, "效益指标", "经济效益指标 2 个、社会效益指标 7 个、可持续影响指标 2 个", "20", "20"),
    (2, "满意度指标", "服务对象满意度指标 2 个", "10", "10"),
])
def test_seed_performance(seed: dict, index: int, name: str, phrase: str, weight: str,
                          score: str) -> None:
    section = seed["performance"][index]
    assert section.name == name
    assert section.counts_phrase == phrase
    assert fmt_number(section.weight) == weight
    assert fmt_number(section.score) == score
    assert section.unscored == ()


def test_seed_performance_totals(seed: dict) -> None:
    assert len(seed["performance"]) == 3
    assert [s.count for s in seed["performance"]] == [33, 11, 2]
    assert (seed["performance_weight"], seed["performance_score"]) == (50, 50)


def test_seed_management(seed: dict) -> None:
    # 下设 22 个三级指标，总分 50 分，自评得分 49.5 分。…
    # 主要扣分指标是：绩效管理里的绩效管理制度建设。
    m = seed["management"]
    assert m.count == 22
    assert fmt_number(m.weight) == "50"
    assert fmt_number(m.score) == "49.5"
    assert m.areas_phrase == "预算编制、预算执行、信息公开、绩效管理、采购管理、资产管理、运行成本"
    assert m.lost_phrase == "绩效管理里的绩效管理制度建设"
    assert m.grade == "优"


@pytest.mark.parametrize(
    ("index", "name", "initial", "word", "change", "adjusted", "spent", "rate"), [
    # published: 调整后预算 343.96 (a slip: 600 − 356.04 = 243.96), 执行率 99.48%
    (0, "信息化项目管理经费", "600.00", "调减", "356.04", "243.96", "242.68", "99.48%"),
    (1, "智慧白云一期项目经费", "1,588.88", "调减", "103.20", "1,485.68", "1,485.68", "100.00%"),
    (2, "智慧白云建设经费", "2,739.46", "调减", "2,661.17", "78.29", "78.29", "100.00%"),
    (3, "信息化运维经费", "659.72", "调减", "349.79", "309.93", "309.93", "100.00%"),
    (4, "信息化项目合同存量款项", "5,900.51", "调减", "2,797.33", "3,103.18", "3,103.18",
     "100.00%"),
    ])
def test_seed_projects(seed: dict, index: int, name: str, initial: str, word: str, change: str,
                       adjusted: str, spent: str, rate: str) -> None:
    p = seed["projects"][index]
    assert p.name == name
    assert fmt_money(p.initial) == initial
    assert p.adjustment_word == word
    assert fmt_money(p.adjustment_abs) == change
    assert fmt_money(p.adjusted) == adjusted
    assert fmt_money(p.spent) == spent
    assert fmt_percent(p.rate) == rate


def test_seed_stated_adjusted_budget_is_not_used() -> None:
    """The clerk's copied 343.96 disagrees with 600 − 356.04; the computed figure wins."""
    book = seed_book()
    assert book.projects is not None
    first = book.projects[0]
    assert first.stated_adjusted == D("343.96")
    p = build(book)["projects"][0]
    assert p.adjusted == D("243.96")
    # what the published text would have implied had 343.96 been right
    assert fmt_percent(D("242.68") / D("343.96")) == "70.55%"
    assert fmt_percent(p.rate) == "99.48%"


def test_seed_lists_strip_clerk_numbering(seed: dict) -> None:
    assert seed["problems"] == [
        "绩效指标设置的内容表述不够准确；",
        "绩效指标目标值设置不够合理；",
        "大部分项目缺失成本指标、时效指标和可持续性指标。",
    ]
    assert seed["measures"][0].startswith("进一步量化指标")
    assert seed["goal"][0].startswith("区政务服务数据管理局紧紧围绕")


# --- projects: tables of cases ------------------------------------------------------

@pytest.mark.parametrize(("fiscal", "adjustment", "spent", "word", "change", "adjusted", "rate"), [
    ("100", "20", "120", "调增", "20.00", "120.00", "100.00%"),
    ("100", "-20", "40", "调减", "20.00", "80.00", "50.00%"),
    ("100", "0", "100", None, "", "100.00", "100.00%"),
    ("100", None, "99.995", None, "", "100.00", "100.00%"),  # 99.995% rounds half up
    ("100", None, "98.815", None, "", "100.00", "98.82%"),
    ("100", None, "120", None, "", "100.00", "120.00%"),  # over 100%: printed as computed
    ("0", None, "10", None, "", "0.00", "—"),  # zero budget: no rate
    ("100", "-100", "0", "调减", "100.00", "0.00", "—"),  # adjusted to zero
    ("100", None, None, None, "", "100.00", "—"),  # 实际支出 blank
])
def test_project_figures(fiscal: str, adjustment: str | None, spent: str | None,
                         word: str | None, change: str, adjusted: str, rate: str) -> None:
    p = ProjectFigures.of(Project(
        name="项目", fiscal=D(fiscal),
        adjustment=None if adjustment is None else D(adjustment),
        spent=None if spent is None else D(spent),
    ))
    assert p.adjustment_word == word
    assert fmt_money(p.adjustment_abs) == change
    assert fmt_money(p.adjusted) == adjusted
    assert fmt_percent(p.rate) == rate


def test_project_initial_sums_funding_sources() -> None:
    p = ProjectFigures.of(Project(name="项目", fiscal=D("100"), special_account=D("20.5"),
                                  other=D("0.25"), adjustment=D("-0.75"), spent=D("60")))
    assert (p.initial, p.adjusted) == (D("120.75"), D("120.00"))
    assert fmt_percent(p.rate) == "50.00%"


@pytest.mark.parametrize(("initial", "executed", "rate"), [
    ("8463.23", "8363.23", "98.82%"),
    ("0", "10", "—"),
    (None, "10", "—"),
    ("100", None, "—"),
    ("100", "150", "150.00%"),
])
def test_completion_rate(initial: str | None, executed: str | None, rate: str) -> None:
    book = InputBook(path="x.xlsx", department=Department(year=2022, name="测试局"),
                     self_evaluation=SelfEvaluation(
                         initial_budget=None if initial is None else D(initial),
                         executed=None if executed is None else D(executed)))
    assert fmt_percent(build(book)["completion_rate"]) == rate


# --- indicator counts -----------------------------------------------------------------

def test_performance_orders_by_framework_and_counts_blank_level2_last() -> None:
    sections = performance([
        ind("满意度", "服务对象满意度", "满意率", "≥90%", "95%", "10"),
        ind("产出指标", "时效指标", "按时完成", "≤30天", "20天", "5"),
        ind("11-产出指标", "数量指标", "数量", "≥1个", "2个", "5"),
        ind("产出指标", "", "未分类", "1", "1", "5"),
        ind("效益指标", "生态效益", "节能", "提升", "", "5"),
    ])
    assert [s.name for s in sections] == ["产出指标", "效益指标", "满意度指标"]
    assert sections[0].counts_phrase == "数量指标 1 个、时效指标 1 个、其他产出指标 1 个"
    assert sections[0].count == 3
    assert sections[1].counts_phrase == "生态效益指标 1 个"
    # no 实际完成值 and no 得分: unscored, not counted as full marks
    assert sections[1].unscored == ("节能",)
    assert (sections[1].weight, sections[1].score) == (5, 0)


def test_unknown_level1_comes_last() -> None:
    sections = performance([
        ind("其他指标", "", "杂项", "1", "1", "1"),
        ind("成本指标", "经济成本指标", "成本控制", "≤100万元", "90万元", "2"),
        ind("产出指标", "数量指标", "数量", "1", "1", "1"),
    ])
    assert [s.name for s in sections] == ["产出指标", "成本指标", "其他指标"]


def test_build_without_self_evaluation_sheets() -> None:
    book = InputBook(path="x.xlsx", department=Department(year=2023, name="测试中心"))
    figures = build(book)
    assert figures["completion_rate"] is None
    assert figures["performance"] == []
    assert figures["projects"] == []
    assert figures["management"].count == 0
    assert figures["management"].grade == ""
    assert figures["total_score"] == 0
    assert figures["grade"] == "差"
    assert figures["goal"] == [""]
    assert figures["self_name"] == "我中心"


def test_goal_falls_back_to_overall_goal() -> None:
    book = InputBook(path="x.xlsx",
                     department=Department(year=2023, name="测试局", overall_goal="目标一\n目标二"),
                     self_evaluation=SelfEvaluation(blocks={}))
    assert build(book)["goal"] == ["目标一", "目标二"]


# --- management -----------------------------------------------------------------------

def test_management_lost_and_unscored() -> None:
    m = management([
        ManagementIndicator(level2="预算执行", name="预算完成率", weight=D(10), score=D(8)),
        ManagementIndicator(level2="预算执行", name="支出进度", weight=D(10), score=D(10)),
        ManagementIndicator(level2="", name="资产管理", weight=D(10), score=D("9.5")),
        ManagementIndicator(level2="运行成本", name="三公经费", weight=D(10), score=None),
    ])
    assert m.count == 4
    assert (m.weight, m.score) == (40, D("27.5"))
    assert m.areas == ("预算执行", "运行成本")
    assert m.lost_phrase == "预算执行里的预算完成率、资产管理"
    assert m.unscored == ("三公经费",)
    assert m.grade == "中"  # 27.5 / 40 × 100 = 68.75


# --- small helpers --------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("广州市白云区政务服务数据管理局", "我局"),
    ("某区发展和改革委员会", "我委"),
    ("某区人民政府办公室", "我办"),
    ("某区政务服务中心", "我中心"),
    ("某区人民法院", "我院"),
    ("某区图书馆", "我馆"),
    ("某区政务服务和数据管理", "我单位"),
])
def test_self_name(name: str, expected: str) -> None:
    assert self_name(name) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("（一）绩效指标表述不准确；", "绩效指标表述不准确；"),
    ("(2) 目标值不合理", "目标值不合理"),
    ("三、缺少成本指标", "缺少成本指标"),
    ("1、指标不全", "指标不全"),
    ("2. 指标不全", "指标不全"),
    ("- （三）大部分项目缺失成本指标", "大部分项目缺失成本指标"),
    ("1.5万件工单未按时办结", "1.5万件工单未按时办结"),
    ("三公经费偏高", "三公经费偏高"),
    ("一是加强培训", "一是加强培训"),
])
def test_strip_numbering(text: str, expected: str) -> None:
    assert strip_numbering(text) == expected
