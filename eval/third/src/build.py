"""Build eval/third/corpus from eval/third/src (written by the helper who wrote the documents; kept as it ran)."""

import os
import shutil

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

BASE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(BASE, "src")
OUT = os.path.join(BASE, "corpus")

pdfmetrics.registerFont(TTFont("UMingCN", "/usr/share/fonts/truetype/arphic/uming.ttc", subfontIndex=2))
pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


def read_src(name):
    with open(os.path.join(SRC, name), encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


# ---------------------------------------------------------------- PDF
def make_numbered_canvas(header_left, header_right, footer_fmt, header_font):
    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            self._saved = []

        def showPage(self):
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            for st in self._saved:
                self.__dict__.update(st)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total):
            w, h = A4
            self.saveState()
            self.setFont(header_font, 9)
            self.setFillColor(colors.HexColor("#444444"))
            if header_left:
                self.drawString(25 * mm, h - 15 * mm, header_left)
            if header_right:
                self.drawRightString(w - 25 * mm, h - 15 * mm, header_right)
            self.setStrokeColor(colors.HexColor("#888888"))
            self.setLineWidth(0.6)
            self.line(25 * mm, h - 17 * mm, w - 25 * mm, h - 17 * mm)
            self.setFont(header_font, 10.5)
            self.drawCentredString(w / 2, 12 * mm, footer_fmt.format(n=self._pageNumber, m=total))
            self.restoreState()

    return NumberedCanvas


def build_pdf(
    src,
    out,
    header_left,
    header_right,
    footer_fmt,
    body_font="UMingCN",
    header_font="STSong-Light",
    size=14,
    leading=25,
    title_meta=None,
    author=None,
):
    lines = read_src(src)
    title, sub, body = lines[0], lines[1], lines[2:]
    st_title = ParagraphStyle(
        "t", fontName=body_font, fontSize=20, leading=30, alignment=TA_CENTER, spaceAfter=6, wordWrap="CJK"
    )
    st_sub = ParagraphStyle(
        "s", fontName=body_font, fontSize=12, leading=20, alignment=TA_CENTER, spaceAfter=14, wordWrap="CJK"
    )
    st_h = ParagraphStyle(
        "h",
        fontName="STSong-Light",
        fontSize=size + 1.5,
        leading=leading + 2,
        spaceBefore=8,
        spaceAfter=4,
        wordWrap="CJK",
        keepWithNext=1,
    )
    st_p = ParagraphStyle(
        "p",
        fontName=body_font,
        fontSize=size,
        leading=leading,
        firstLineIndent=2 * size,
        alignment=TA_JUSTIFY,
        wordWrap="CJK",
    )
    st_cell = ParagraphStyle("c", fontName=body_font, fontSize=10.5, leading=15, wordWrap="CJK")
    story = [Paragraph(title, st_title), Paragraph(sub, st_sub)]
    table_rows = []

    def flush_table():
        if not table_rows:
            return
        data = [[Paragraph(c, st_cell) for c in r] for r in table_rows]
        ncol = len(table_rows[0])
        avail = A4[0] - 50 * mm
        widths = [avail * w for w in ([0.18, 0.34, 0.14, 0.34] if ncol == 4 else [1.0 / ncol] * ncol)]
        t = Table(data, colWidths=widths, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story.append(Spacer(1, 4))
        story.append(t)
        story.append(Spacer(1, 6))
        table_rows.clear()

    for line in body:
        if line.startswith("|"):
            table_rows.append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        flush_table()
        if not line.strip():
            continue
        if line.startswith("# "):
            story.append(Paragraph(line[2:], st_h))
        else:
            story.append(Paragraph(line, st_p))
    flush_table()

    doc = BaseDocTemplate(
        os.path.join(OUT, out),
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=27 * mm,
        bottomMargin=22 * mm,
        title=title_meta or title,
        author=author or "",
        subject="",
        creator="",
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="f")
    doc.addPageTemplates([PageTemplate(id="p", frames=[frame])])
    doc.build(story, canvasmaker=make_numbered_canvas(header_left, header_right, footer_fmt, header_font))


# ---------------------------------------------------------------- DOCX
def set_east_asia(run_or_style_font_el, name):
    rpr = run_or_style_font_el
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)
    rfonts.set(qn("w:ascii"), "Times New Roman")
    rfonts.set(qn("w:hAnsi"), "Times New Roman")


def style_font(style, name, size, bold=None, color=None):
    style.font.size = Pt(size)
    style.font.name = "Times New Roman"
    if bold is not None:
        style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    rpr = style.element.get_or_add_rPr()
    set_east_asia(rpr, name)


def add_page_field(paragraph):
    run = paragraph.add_run()
    f1 = OxmlElement("w:fldChar")
    f1.set(qn("w:fldCharType"), "begin")
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = "PAGE"
    f2 = OxmlElement("w:fldChar")
    f2.set(qn("w:fldCharType"), "end")
    run._r.append(f1)
    run._r.append(it)
    run._r.append(f2)


def build_docx(src, out, header_text, author):
    lines = read_src(src)
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    style_font(d.styles["Normal"], "仿宋_GB2312", 15)
    d.styles["Normal"].paragraph_format.line_spacing = Pt(28)
    style_font(d.styles["Title"], "方正小标宋简体", 21, bold=False, color=RGBColor(0, 0, 0))
    style_font(d.styles["Heading 1"], "黑体", 16, bold=False, color=RGBColor(0, 0, 0))
    style_font(d.styles["Heading 2"], "楷体_GB2312", 15, bold=True, color=RGBColor(0, 0, 0))
    d.core_properties.title = lines[0]
    d.core_properties.author = author
    # header / footer
    hp = sec.header.paragraphs[0]
    hp.text = header_text
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("— ")
    add_page_field(fp)
    fp.add_run(" —")

    t = d.add_paragraph(lines[0], style="Title")
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = d.add_paragraph(lines[1])
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rows = []

    def flush():
        if not rows:
            return
        tb = d.add_table(rows=len(rows), cols=len(rows[0]))
        tb.style = "Table Grid"
        for i, r in enumerate(rows):
            for j, c in enumerate(r):
                cell = tb.cell(i, j)
                cell.text = ""
                para = cell.paragraphs[0]
                run = para.add_run(c)
                run.font.size = Pt(10.5)
                if i == 0:
                    run.bold = True
                    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                para.paragraph_format.line_spacing = Pt(16)
        rows.clear()

    for line in lines[2:]:
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        flush()
        if not line.strip():
            continue
        if line.startswith("## "):
            d.add_paragraph(line[3:], style="Heading 2")
        elif line.startswith("# "):
            d.add_paragraph(line[2:], style="Heading 1")
        else:
            para = d.add_paragraph(line)
            para.paragraph_format.first_line_indent = Pt(30)
    flush()
    d.save(os.path.join(OUT, out))


# ---------------------------------------------------------------- TXT
def build_txt(src, out, encoding, newline):
    with open(os.path.join(SRC, src), encoding="utf-8") as f:
        text = f.read()
    data = text.replace("\r\n", "\n").replace("\n", newline).encode(encoding)
    with open(os.path.join(OUT, out), "wb") as f:
        f.write(data)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    build_pdf(
        "g01_yunnan_disclosure.pdf.txt",
        "g01_yunnan_disclosure.pdf",
        header_left="云南省第二轮中央生态环境保护督察反馈问题整改落实情况",
        header_right="",
        footer_fmt="第 {n} 页 共 {m} 页",
        size=14,
        leading=25,
        author="云南省中央生态环境保护督察整改工作领导小组办公室",
    )
    build_pdf(
        "g02_dali_erhai_report.pdf.txt",
        "g02_dali_erhai_report.pdf",
        header_left="洱海保护治理暨督察整改情况报告",
        header_right="大理州洱海保护治理及流域转型发展指挥部办公室",
        footer_fmt="- {n} -",
        size=13.5,
        leading=24,
        author="大理白族自治州洱海保护治理及流域转型发展指挥部办公室",
    )
    build_docx(
        "g03_hefei_progress.docx.txt",
        "g03_hefei_progress.docx",
        header_text="合肥市生态环境保护督察整改工作领导小组办公室",
        author="合肥市督察整改办",
    )
    build_docx(
        "h02_luyi_plan.docx.txt",
        "h02_luyi_plan.docx",
        header_text="鹿邑县第三轮中央生态环境保护督察整改工作",
        author="鹿邑县委办公室",
    )
    build_txt("g04_anhui_henan_rounds.txt", "g04_anhui_henan_rounds.txt", "utf-8", "\n")
    build_txt("h01_henan_cases.txt", "h01_henan_cases.txt", "gb18030", "\r\n")
    build_txt("h04_guilin_lijiang_big5.txt", "h04_guilin_lijiang_big5.txt", "big5", "\r\n")
    shutil.copy(os.path.join(SRC, "h03_guangxi_news.html"), os.path.join(OUT, "h03_guangxi_news.html"))
    print("built")
