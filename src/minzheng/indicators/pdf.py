"""Server-side PDFs of the plan's evaluation report and of the quarterly statistical return (reportlab; ADR 0015).

Chinese text uses Adobe's CID font STSong-Light, which every PDF reader carries: no font file ships with the product
and nothing is read from the system or the network. Built in memory (bytes), never a file on disk."""

from __future__ import annotations

import io
from decimal import Decimal
from functools import cache

from minzheng.indicators import codes

FONT = "STSong-Light"
RULE = ("进度判定：按基期值与各目标年份目标值之间的直线推算本期进度目标；达到为“达到进度”，差距在 5% 以内为“有风险”，"
        "超过为“滞后”（本系统规则，见 indicators/policy.py）。")


@cache
def _font() -> str:
    """Registered once per process (reportlab keeps a global font registry)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _number(value) -> str:
    return "—" if value is None else format(Decimal(value).normalize(), "f")


def _styles():
    from reportlab.lib.styles import ParagraphStyle

    font = _font()
    return {"title": ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1, spaceAfter=6),
            "body": ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14, spaceAfter=4),
            "cell": ParagraphStyle("cell", fontName=font, fontSize=8, leading=10.5, wordWrap="CJK"),
            "small": ParagraphStyle("small", fontName=font, fontSize=7, leading=9, wordWrap="CJK",
                                    textColor="#555555")}


def _text(value) -> str:
    from xml.sax.saxutils import escape

    return escape(str(value or ""))


def _table(header: list[str], rows: list[list], widths: list[float], styles, repeat: int = 1):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    cell = styles["cell"]
    data = [[Paragraph(_text(h), cell) for h in header]]
    data += [[c if not isinstance(c, str) else Paragraph(_text(c), cell) for c in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=repeat)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
    return table


def _build(title: str, story: list, landscape_page: bool = True) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    size = landscape(A4) if landscape_page else A4

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(_font(), 8)
        canvas.drawRightString(size[0] - 12 * mm, 8 * mm, f"{title}　第 {doc.page} 页")
        canvas.restoreState()

    doc = SimpleDocTemplate(buffer, pagesize=size, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                            bottomMargin=14 * mm, title=title, author="民政一体化平台", creator="minzheng")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def evaluation_report(heading: str, region_name: str, period: str, today, rows, counts: dict, binding: int,
                      binding_at_risk: int) -> bytes:
    """The plan's mid-term or final evaluation report: every indicator's baseline, plan target, the period's expected
    value, current value, status and where the plan states it (rows: selectors.BoardRow)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    s = _styles()
    summary = (f"共 {len(rows)} 项指标：达到进度 {counts.get('on_track', 0)} 项，有风险 {counts.get('at_risk', 0)} 项，"
               f"滞后 {counts.get('off_track', 0)} 项，无数据 {counts.get('no_data', 0)} 项，无目标值 "
               f"{counts.get('no_target', 0)} 项；其中约束性指标 {binding} 项，有风险或滞后 {binding_at_risk} 项。")
    header = ["序号", "指标（单位）及出处", "属性", "基期", "规划目标", "本期进度目标", "当前值", "进度", "来源"]
    body = []
    for r in rows:
        ind = r.indicator
        name = Paragraph(f"{_text(ind.name)}{'（' + _text(ind.unit) + '）' if ind.unit else ''}<br/>"
                         f"<font size=6.5 color='#555555'>{_text(ind.source)}</font>", s["cell"])
        body.append([ind.number or "", name, "约束性" if ind.binding else "预期性",
                     f"{_number(ind.baseline_value)}（{ind.baseline_year}）" if ind.baseline_year else "—",
                     r.final_target or "—", _number(r.target), _number(r.value), r.status_label,
                     codes.VALUE_SOURCES.get(r.source, "—")])
    widths = [w * mm for w in (12, 95, 16, 26, 30, 22, 22, 18, 20)]
    story = [Paragraph(_text(heading), s["title"]),
             Paragraph(_text(f"评估区划：{region_name}　统计期：{period}　生成日期：{today:%Y-%m-%d}"), s["body"]),
             Paragraph(_text(summary), s["body"]), Spacer(1, 2 * mm), _table(header, body, widths, s),
             Spacer(1, 3 * mm),
             Paragraph(_text(RULE), s["small"]),
             Spacer(1, 12 * mm), Paragraph("（评估单位盖章）", s["body"])]
    return _build(heading, story)


def stat_return(report, region_name: str, status_label: str) -> bytes:
    """The quarterly return (民政统计季报) with the previous quarter's value and the change."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    s = _styles()
    title = f"民政统计季报（{report.period}）"
    header = ["类别", "项目", "单位", "本期", "上期", "变化（%）"]
    body = [[ln["section"], ln["name"], ln["unit"], ln["value"], ln["previous"] or "—",
             ln["change"] or "—"] for ln in report.lines]
    story = [Paragraph(_text(title), s["title"]),
             Paragraph(_text(f"填报单位：{region_name}　统计期：{report.period}　状态：{status_label}"), s["body"]),
             Spacer(1, 2 * mm), _table(header, body, [w * mm for w in (26, 62, 14, 28, 28, 22)], s)]
    if report.explanation:
        story += [Spacer(1, 3 * mm), Paragraph(_text(f"差异说明：{report.explanation}"), s["body"])]
    story += [Spacer(1, 12 * mm), Paragraph("单位负责人：　　　　　统计负责人：　　　　　填表人：　　　　　（盖章）",
                                            s["body"])]
    return _build(title, story, landscape_page=False)
