"""A table in a GB/T 9704 document (the 通报's figures): 仿宋 五号 in cells of exact line height, a
bold header row that Word and LibreOffice repeat on every page the table runs onto, rows
that never split across pages, and a frame of 0.5 pt lines over the type area's width.

The standard says nothing of tables beyond the type area and the body font; offices print
their tables in 五号 so a unit's row of rates fits the type area.
"""

from __future__ import annotations

import re

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.table import Table

from . import gbt9704 as std
from .document import TableBlock
from .layout import Page
from .ooxml import off_grid, set_element

CELL_SIZE = Pt(10.5)  # 五号: a unit's row of rates fits the type area's width
FIGURE = re.compile(r"[\d.,%—（）/\s-]+")
"""A cell of figures (a count, a rate over its fraction, a case number), centred."""
CELL_LINE = Twips(280)
"""Exact line height in a cell (14 pt), off the page's 28.95-pt grid."""


def _borders(table: Table) -> None:
    properties = table._tbl.tblPr
    borders = set_element(properties, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        set_element(borders, f"w:{side}", val="single", sz="4", space="0", color="auto")
    set_element(properties, "w:tblW", w=str(std.TYPE_WIDTH), type="dxa")
    set_element(properties, "w:tblLayout", type="fixed")


def _repeat_header(table: Table) -> None:
    row = table.rows[0]._tr
    properties = row.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))


def _no_split(table: Table) -> None:
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def add_table(page: Page, block: TableBlock) -> None:
    """The table before the section properties, like every body paragraph."""
    if block.caption:
        caption = page.paragraph(block.caption, east_asian=page.fonts.heading2, align=WD_ALIGN_PARAGRAPH.CENTER)
        caption.paragraph_format.keep_with_next = True
    columns = max(len(row) for row in block.rows)
    table = page.document.add_table(rows=len(block.rows), cols=columns)
    page.section.addprevious(table._tbl)  # add_table appends after the body's last paragraph
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table)
    shares = block.widths or tuple(1.0 for _ in range(columns))
    total = sum(shares)
    widths = [Twips(round(std.TYPE_WIDTH * share / total)) for share in shares]
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        column.set(qn("w:w"), str(int(width.twips)))
    for index, values in enumerate(block.rows):
        header = index == 0
        for column, cell in enumerate(table.rows[index].cells):
            cell.width = widths[column]
            paragraph = cell.paragraphs[0]
            text = values[column] if column < len(values) else ""
            # names left, figures centred: a ranking is read down the figure columns
            figure = bool(FIGURE.fullmatch(text))
            align = WD_ALIGN_PARAGRAPH.CENTER if header or figure else WD_ALIGN_PARAGRAPH.LEFT
            paragraph.alignment = align
            paragraph.paragraph_format.line_spacing = CELL_LINE
            paragraph.paragraph_format.first_line_indent = Pt(0)
            off_grid(paragraph)
            font = page.fonts.heading1 if header else page.fonts.body
            # a line break where the text has one: a rate over its numerator and denominator
            for line, part in enumerate(text.split("\n")):
                if line:
                    paragraph._p.append(OxmlElement("w:r"))
                    paragraph._p[-1].append(OxmlElement("w:br"))
                page.run(paragraph, part, east_asian=font, size=CELL_SIZE)
    _repeat_header(table)
    _no_split(table)
    page.blank()
