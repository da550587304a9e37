"""The valid reports (invented figures, no real text) every family draws on, and the control group.

Five simplified-Chinese reports and one traditional (for Big5), as text or HTML; `report_files()`
gives one valid report per format, each must be accepted and read right.
"""

from __future__ import annotations

from .build import cjk_pdf, make_docx
from .model import H, Hostile

# (title, first paragraph, second paragraph); the title is what `contains` checks after an upload.
REPORTS: tuple[tuple[str, str, str], ...] = (
    (
        "甘肃省第二轮中央生态环境保护督察整改落实情况",
        "截至2024年3月底，甘肃省第二轮中央生态环境保护督察反馈的52项整改任务已完成41项，其余11项正按计划推进。"
        "全省累计办结督察组转办的群众信访举报2316件，责令整改企业1187家，立案处罚213家，罚款1.46亿元。",
        "祁连山国家级自然保护区内23座违规小水电站已全部完成分类整治，历史遗留矿山生态修复完成4120公顷。"
        "2023年黄河干流甘肃段国控断面水质优良比例保持100%，兰州市细颗粒物平均浓度较2020年下降12.5%。",
    ),
    (
        "贵州省督察整改工作进展通报",
        "贵州省对照督察反馈意见制定整改方案，明确64项整改任务。截至2024年2月，已完成整改53项，达到序时进度的9项，"
        "整改完成率为82.8%。乌江流域完成磷石膏库整治17座，新增磷石膏综合利用量312万吨。",
        "在群众身边问题方面，贵州省办结信访举报件1894件，其中查实1305件；关停违规砂石场46家，"
        "完成农村生活污水治理行政村1460个。赤水河干流水质稳定保持Ⅱ类，县级以上城市空气质量优良天数比率达到98.6%。",
    ),
    (
        "青海省公开中央生态环境保护督察整改进展",
        "青海省第二轮督察整改方案共确定整改任务38项，截至2024年4月已完成32项，6项正在推进。"
        "全省累计投入整改资金58.7亿元，完成三江源地区退化草原治理213万亩，拆除保护区内违规建筑1.9万平方米。",
        "督察期间转办的1127件信访举报已全部办结，责令整改764家，立案处罚95家，约谈问责干部142人。"
        "2023年长江、黄河、澜沧江干流青海段出境断面水质均保持Ⅱ类以上，西宁市空气质量优良天数比例为90.1%。",
    ),
    (
        "福建省中央生态环境保护督察整改阶段性成果",
        "福建省将督察反馈的45项问题细化为132项具体措施，截至2024年3月底已完成119项，完成率90.2%。"
        "全省完成入海排污口排查整治5630个，新建改造城镇污水管网1850千米，闽江干流水质优良比例达到100%。",
        "针对群众反映强烈的问题，福建省共办结信访件2578件，责令整改1932家，立案处罚387家，罚款金额2.03亿元；"
        "完成废弃矿山生态修复2760公顷，近岸海域水质优良比例提升至87.3%。",
    ),
    (
        "吉林省督察整改落实情况报告",
        "吉林省第二轮督察整改任务共47项，截至2024年1月已完成39项，剩余8项均达到序时进度。"
        "全省办结督察转办信访件1658件，责令整改企业903家，立案处罚176家，罚款9860万元。",
        "黑土地保护方面，吉林省实施保护性耕作3100万亩，秸秆综合利用率达到88.5%；"
        "辽河流域国考断面劣Ⅴ类水体全部消除，查干湖水质由Ⅴ类提升至Ⅳ类。",
    ),
)

# A traditional-Chinese report for Big5 (Big5 cannot write most simplified characters).
BIG5_REPORT = (
    "海南省督察整改進展情況",
    "截至2024年3月，海南省督察反饋的41項整改任務已完成35項，其餘6項正在推進。"
    "全省辦結信訪舉報件1482件，責令整改企業826家，立案處罰139家，罰款金額6870萬元。",
    "海南省完成海岸帶違規建築清理12.6萬平方米，修復紅樹林面積2100公頃；"
    "全省地表水國考斷面水質優良比例達到94.2%，近岸海域水質優良比例保持在99%以上。",
)


def as_text(report: tuple[str, str, str]) -> str:
    return "\n".join(report) + "\n"


def as_html(report: tuple[str, str, str], head: str = "") -> str:
    title, *paragraphs = report
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"


GANSU = as_text(REPORTS[0])
GANSU_TITLE = REPORTS[0][0]


def report_files() -> list[Hostile]:
    # One valid report per format: the control group, each must be accepted and read right.
    gansu, guizhou, qinghai, fujian, jilin = REPORTS
    return [
        # plain UTF-8 text
        H("report-txt", "甘肃省督察整改进展.txt", as_text(gansu).encode(), "accept", (gansu[0], "2316")),
        # Markdown with a heading
        H(
            "report-md",
            "贵州省督察整改进展.md",
            ("# " + guizhou[0] + "\n\n" + "\n\n".join(guizhou[1:]) + "\n").encode(),
            "accept",
            (guizhou[0], "1894"),
        ),
        # an HTML page
        H(
            "report-html",
            "青海省督察整改进展.html",
            as_html(qinghai, '<meta charset="utf-8">').encode(),
            "accept",
            (qinghai[0], "1127"),
        ),
        # a Word document
        H(
            "report-docx",
            "福建省督察整改进展.docx",
            make_docx(fujian[1:], heading=fujian[0]),
            "accept",
            (fujian[0], "2578"),
        ),
        # a PDF
        H("report-pdf", "吉林省督察整改进展.pdf", cjk_pdf(jilin), "accept", (jilin[0], "1658")),
    ]
