"""The 通报 as a GB/T 9704 document: 版头 (the office's mark, 期号 from its own register
series, the red rule), title, 主送, the sections with their tables, 署名 and 成文日期, and
版记 (抄送, 印发).  Petitioners are never named: an overdue item is its 承办单位 and case
number.
"""

from __future__ import annotations

import datetime as dt

from ..chinese import cn_date
from ..letters.document import Block, BlockKind, LetterDocument, LetterFormat, TableBlock
from ..letters.markup import block_kind
from ..model.cases import Channel
from ..model.office import Office
from ..statistics.counts import Rate
from ..statistics.receptions import COLUMNS as RECEPTION_COLUMNS
from ..statistics.receptions import level_label
from .figures import RANKED_MEASURES, Bulletin, UnitRow

ORDINALS = "一二三四五六七八九十"
RANK_LABELS = {"on_time": "按期办结率", "closing": "办结率", "satisfaction": "满意率", "settled": "化解率",
               "received": "收到件数"}
HEADLINE = ("acceptance", "closing", "on_time", "settled", "satisfaction", "dissatisfaction")
"""The rates of the 总体情况 sentence and table (the site's, in its order)."""


class Writer:
    """Body blocks with headings numbered in order (一、二、…), so a section the period has
    nothing for (no 积案, no reception record) leaves no gap in the numbering."""

    def __init__(self) -> None:
        self.blocks: list[Block | TableBlock] = []
        self.sections = 0
        self.tables = 0

    def heading(self, text: str) -> None:
        self.blocks.append(Block(kind=BlockKind.HEADING1, text=f"{ORDINALS[self.sections]}、{text}"))
        self.sections += 1

    def paragraph(self, text: str) -> None:
        self.blocks.append(Block(kind=BlockKind.PARAGRAPH, text=text))

    def table(self, caption: str, rows: list[list[str]], widths: tuple[float, ...] = ()) -> None:
        self.tables += 1
        self.blocks.append(TableBlock(rows=tuple(tuple(r) for r in rows), widths=widths,
                                      caption=f"表{self.tables}　{caption}"))


def _change(now: int, before: int) -> str:
    if now == before:
        return "持平"
    return f"增加{now - before}件" if now > before else f"减少{before - now}件"


def _overall(w: Writer, b: Bulletin) -> None:
    w.heading("总体情况")
    (_, now), *others = b.columns
    channels = "、".join(f"{ch.label}{now.channels[ch]}件" for ch in Channel if now.channels[ch])
    comparison = "，".join(f"比{label.split('（')[0]}{_change(now.received, c.received)}" for label, c in others)
    by_key = {m.key: m for m in b.measures}
    rates = "，".join(f"{by_key[k].label}{b.rate(by_key[k].rate(now, b.settings))}" for k in HEADLINE)
    w.paragraph(f"{b.period.label}，{b.scope}共登记信访事项{now.received}件"
                + (f"（{channels}）" if channels else "") + (f"，{comparison}" if comparison else "") + "。"
                + (f"截至{cn_date(b.as_of)}，{rates}。" if now.received else ""))
    rows = [["指标", *(label for label, _ in b.columns)], ["收到（件）", *(str(c.received) for _, c in b.columns)]]
    rows += [[f"其中{ch.label}", *(str(c.channels[ch]) for _, c in b.columns)] for ch in Channel]
    rows += [[by_key[k].label, *(b.rate(by_key[k].rate(c, b.settings), lines=True) for _, c in b.columns)]
             for k in HEADLINE]
    w.table("总体情况", rows, (1.3, *(1.0 for _ in b.columns)))


def _unit_rows(b: Bulletin, units: list[UnitRow]) -> list[list[str]]:
    by_key = {m.key: m for m in b.measures}
    rows = [["排名", "单位", "收到\n（件）", *(by_key[k].label for k in RANKED_MEASURES)]]
    for row in units:
        rows.append([str(row.rank), row.name, str(row.counts.received),
                     *(b.rate(by_key[k].rate(row.counts, b.settings), lines=True) for k in RANKED_MEASURES)])
    return rows


def _units(w: Writer, b: Bulletin) -> None:
    w.heading("各单位情况")
    measure = RANK_LABELS[b.rank_by]
    if not b.departments:
        w.paragraph("本期没有登记的信访事项。")
        return
    first, last = b.departments[0], b.departments[-1]
    w.paragraph(f"按{measure}排名（{measure}相同的，收到件数多的在前；没有可计算{measure}的单位列在最后），"
                f"{first.name}居首" + (f"，{last.name}居末" if len(b.departments) > 1 else "") + "。"
                "各项比率括号内为分子和分母，口径与网站“数据统计”相同。")
    widths = (0.8, 2.2, 1.0, 1.6, 1.6, 1.6, 1.6)
    w.table("各区县情况", _unit_rows(b, b.counties), widths)
    w.table("各承办单位情况", _unit_rows(b, b.departments), widths)


def _overdue(w: Writer, b: Bulletin) -> None:
    w.heading("超期和未按期答复事项")
    if not b.overdue:
        w.paragraph(f"本期登记的信访事项，截至{cn_date(b.as_of)}没有超期办结或超期未办结的。")
        return
    still = sum(item.open for item in b.overdue)
    w.paragraph(f"本期登记的信访事项中，截至{cn_date(b.as_of)}超期办结或超期未办结的共{len(b.overdue)}件"
                f"（其中仍未办结{still}件），按承办单位列出如下，请有关单位抓紧办理、说明原因。")
    rows = [["承办单位", "事项编号", "问题类别", "状态", "超期天数"]]
    rows += [[i.department, i.case_id, i.topic, "超期未办结" if i.open else "超期办结", str(i.days_late)]
             for i in b.overdue]
    w.table("超期和未按期答复事项", rows, (2.6, 1.2, 1.4, 1.2, 0.9))


def _settled(listed: int, closed: int) -> Rate:
    """积案化解率: struck off over listed, rounded as the office rounds it."""
    return Rate(closed, listed, "backlog_settled")


def _backlog(w: Writer, b: Bulletin) -> None:
    if b.backlog is None:
        return
    w.heading("积案化解进展")
    total = b.backlog.total
    rate = _settled(total.listed, total.closed)
    w.paragraph(f"截至{cn_date(min(b.period.end, b.as_of))}，挂牌督办的信访积案共{total.listed}件，"
                f"已化解销号{total.closed}件，化解率{b.rate(rate)}，"
                f"尚未销号{total.open}件" + (f"，其中超期未办结{total.overdue}件" if total.overdue else "") + "。")
    for group, rows in (("批次", b.backlog.batches), ("包案领导", b.backlog.leads)):
        table = [[group, "挂牌（件）", "销号（件）", "化解率", "超期未销号（件）"]]
        table += [[r.name, str(r.listed), str(r.closed), b.rate(_settled(r.listed, r.closed), lines=True),
                   str(r.overdue)] for r in [*rows, total]]
        w.table(f"积案化解进展（按{group}）", table, (2.6, 1.0, 1.0, 1.6, 1.2))


def _receptions(w: Writer, b: Bulletin) -> None:
    if b.receptions is None:
        return
    w.heading("领导接访情况")
    total = b.receptions.total
    principal = dict(b.receptions.rows).get("principal")
    w.paragraph(f"{b.period.label}，各级领导接访{total.sessions}场，接待来访群众{total.batches}批次{total.people}人次，"
                f"登记事项{total.matters}件，当场化解{total.settled}件"
                + (f"；其中主要领导接访{principal.batches}批次{principal.people}人次" if principal else "")
                + (f"；另有{total.not_held}场接访因故未举行" if total.not_held else "") + "。")
    rows = [["接访领导", *(label for _, label in RECEPTION_COLUMNS)]]
    rows += [[level_label(key), *(str(getattr(c, k)) for k, _ in RECEPTION_COLUMNS)] for key, c in b.receptions.rows]
    rows.append(["合计", *(str(getattr(total, k)) for k, _ in RECEPTION_COLUMNS)])
    w.table("领导接访情况", rows, (1.8, *(1.0 for _ in RECEPTION_COLUMNS)))


def _closing(w: Writer, text: str | None) -> None:
    """The office's own words (``--text``): each paragraph as written; a line that starts with
    an ordinal (一、（一）1.) is a heading of its level, numbered as the office numbered it."""
    if not text:
        return
    for paragraph in (p.strip() for p in text.replace("\r\n", "\n").split("\n")):
        if paragraph:
            w.blocks.append(Block(kind=block_kind(paragraph), text=paragraph))


def bulletin_title(b: Bulletin, name: str) -> str:
    return f"关于{b.period.label}{b.scope}{name.removesuffix('通报').removesuffix('情况')}情况的通报"


def bulletin_document(b: Bulletin, office: Office, *, number: str | None, issued: dt.date,
                      closing: str | None) -> LetterDocument:
    w = Writer()
    for section in (_overall, _units, _overdue, _backlog, _receptions):
        section(w, b)
    _closing(w, closing)
    # a 通报's last words; they also keep 署名 and 成文日期 with body text (7.3.5)
    w.paragraph("特此通报。")
    settings = office.report
    letters = office.letters
    return LetterDocument(
        format=LetterFormat.DOCUMENT, issuer_mark=letters.masthead or office.name, doc_number=number,
        title=bulletin_title(b, settings.title), recipient=settings.recipients, body=tuple(w.blocks),
        signature=letters.signature or office.name, date_text=cn_date(issued), sealed=True,
        cc=tuple(settings.cc), printer=office.name, print_date_text=cn_date(issued))

