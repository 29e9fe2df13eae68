"""The tables of a Word document, a workbook, a CSV file or a saved web page, as rows of cells.

Every reader gives the same shape: tables with a name for messages (``表1``, a sheet's
name), the text written above them (a notice's title carries the year), and rows whose
merged cells are repeated into every row and column they cover -- a date spanning two
rows, a place given once for the month, a header over two rows.  A file that is not what
its name says, is encrypted or is damaged is one ``ImportFileError`` line, never a
traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import OutputError

Value = str | dt.date | dt.time
"""A cell: text, or the date or time a spreadsheet stored as such."""

MAX_BYTES = 50 * 1024 * 1024
"""A schedule table is kilobytes; a larger file is refused before it is read."""


class ImportFileError(OutputError):
    """The file as a whole cannot be read (one line, exit 1)."""


@dataclass
class Table:
    name: str
    """How messages name it: ``表1`` (Word, web page, CSV) or the sheet's name."""
    title: str
    """The text above the table: the notice's title and lead-in."""
    rows: list[list[Value]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    """The row number a clerk sees for each row (a sheet's own row numbers; 1-based otherwise)."""


SUFFIXES = (".docx", ".xlsx", ".csv", ".html", ".htm")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


def read_tables(path: Path) -> list[Table]:
    """Every table of ``path``, read by the format its name says and its bytes confirm."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportFileError(f"{path}: 不支持 {suffix or '无扩展名'} 文件；能读取 .docx、.xlsx、.csv、.html/.htm"
                              "（旧式 .doc、.xls 请先在 Word、WPS 或 Excel 里另存为 .docx、.xlsx）")
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ImportFileError(f"{path}: 不是普通文件")
        if size > MAX_BYTES:
            raise ImportFileError(f"{path}: 文件有 {size // 1024 // 1024} MB，不像一份接访安排表；请检查是否选错了文件")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"{path}: 文件不存在") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path}: 是一个目录，不是文件") from None
    if not data.strip():
        raise ImportFileError(f"{path}: 文件是空的")
    _refuse_other_formats(path, suffix, data)
    if suffix == ".docx":
        return _docx(path, data)
    if suffix == ".xlsx":
        return _xlsx(path, data)
    if suffix == ".csv":
        return [_csv(path, data)]
    return _html(path, data)


def _refuse_other_formats(path: Path, suffix: str, data: bytes) -> None:
    """Office files are zip packages; a compound (OLE) file is an encrypted package or the
    old binary format, often renamed to the new suffix."""
    if data.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ImportFileError(f"{path}: 文件有密码保护（已加密），无法读取；"
                                  "请在 Word、WPS 或 Excel 里取消密码后另存，再导入")
        old = ".doc" if "WordDocument".encode("utf-16-le") in data else ".xls"
        raise ImportFileError(f"{path}: 这其实是旧式 {old} 文件（只是扩展名为 {suffix}）；请在 Word、WPS 或 Excel 里"
                              f"“另存为” {'.docx' if old == '.doc' else '.xlsx'} 后再导入")
    if suffix in (".docx", ".xlsx") and not data.startswith(_ZIP):
        kind = "网页（HTML）" if re.match(rb"\s*<", data[:512]) else "文本" if _looks_textual(data) else "其他格式"
        raise ImportFileError(f"{path}: 不是 {suffix} 文件（内容是{kind}）；请确认文件类型，或按实际格式改扩展名")
    if suffix in (".csv", ".html", ".htm") and (data.startswith(_ZIP) or b"\x00" in data[:4096]):
        raise ImportFileError(f"{path}: 不是文本文件（像是 Office 或其他二进制文件）；请确认文件类型")


def _looks_textual(data: bytes) -> bool:
    return b"\x00" not in data[:4096]


def _zip(path: Path, data: bytes, required: str) -> zipfile.ZipFile:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        names = set(package.namelist())
        package.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise ImportFileError(f"{path}: 文件已损坏（不是完整的 {path.suffix.lower()} 文件），无法读取；"
                              "请重新下载或另存后再导入") from None
    if required not in names:
        other = ("一个 Excel 工作簿" if "xl/workbook.xml" in names else "一个 Word 文档" if "word/document.xml" in names
                 else "一个压缩包")
        raise ImportFileError(f"{path}: 这是{other}，不是 {path.suffix.lower()}；请按实际格式改扩展名后再导入")
    return package


# --- Word ---------------------------------------------------------------------------------


def _docx(path: Path, data: bytes) -> list[Table]:
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    _zip(path, data, "word/document.xml")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged part
        raise ImportFileError(f"{path}: Word 文档已损坏，无法读取（{type(exc).__name__}）；请另存后再导入") from None
    tables: list[Table] = []
    above: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            if text:
                above.append(text)
        elif tag == "tbl":
            table = DocxTable(child, document)
            rows = [[cell.text for cell in row.cells] for row in table.rows]
            tables.append(Table(f"表{len(tables) + 1}", "\n".join(above[-6:]), rows, list(range(1, len(rows) + 1))))
    return tables


# --- Excel --------------------------------------------------------------------------------


def _xlsx(path: Path, data: bytes) -> list[Table]:
    import openpyxl

    _zip(path, data, "xl/workbook.xml")
    try:
        # not read_only: merged ranges are known only to a fully loaded sheet
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises KeyError, ValueError, TypeError… on damaged parts
        raise ImportFileError(f"{path}: Excel 工作簿已损坏，无法读取（{type(exc).__name__}）；请另存后再导入") from None
    tables = []
    for sheet in book.worksheets:
        width, height = sheet.max_column, sheet.max_row
        grid: list[list[Value]] = [[_xlsx_value(sheet.cell(r, c).value) for c in range(1, width + 1)]
                                   for r in range(1, height + 1)]
        for merged in sheet.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    grid[r - 1][c - 1] = top
        keep = [i for i, row in enumerate(grid) if any(_text(v) for v in row)]
        tables.append(Table(sheet.title, "", [grid[i] for i in keep], [i + 1 for i in keep]))
    return tables


def _xlsx_value(value: object) -> Value:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value.time() if value.year < 1901 else value.date()
    if isinstance(value, dt.date | dt.time):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unquote(str(value))


def unquote(text: str) -> str:
    """A cell that a spreadsheet writer made formula-safe (``'=…``) reads as it was written."""
    return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@") else text


def _text(value: Value) -> str:
    return value if isinstance(value, str) else value.isoformat()


# --- CSV ----------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes), else GB18030 (GBK's superset), as
    Excel and WPS on Chinese Windows save "CSV"."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _csv(path: Path, data: bytes) -> Table:
    text = decode_text(data)
    sample = text[:4096]
    delimiter = max(",\t;，", key=sample.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows: list[list[Value]] = [[unquote(c) for c in row] for row in reader]
    except csv.Error as exc:
        raise ImportFileError(f"{path}: CSV 格式有误（{exc}）；请在 Excel 或 WPS 里打开后另存为 CSV") from None
    keep = [i for i, row in enumerate(rows) if any(str(v).strip() for v in row)]
    return Table("表1", "", [rows[i] for i in keep], [i + 1 for i in keep])


# --- web pages ----------------------------------------------------------------------------

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def _html(path: Path, data: bytes) -> list[Table]:
    import lxml.html
    from lxml import etree

    declared = _CHARSET.search(data[:4096])
    text = None
    if declared:
        try:
            name = declared.group(1).decode("ascii").lower()
            # pages declared gb2312 or gbk hold GB18030 characters too (生僻字 in names)
            text = data.decode("gb18030" if name in ("gb2312", "gbk", "x-gbk") else name, errors="replace")
        except LookupError:
            text = None
    if text is None:
        text = decode_text(data)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        raise ImportFileError(f"{path}: 网页里没有内容，无法读取") from None
    for dropped in _xpath(root, "//script|//style|//noscript|//template"):
        dropped.drop_tree()
    tables: list[Table] = []
    for element in root.iter("table"):
        if _xpath(element, "ancestor::table"):
            continue  # a table inside a cell is that cell's text
        rows = list(_html_rows(element))
        if not rows:
            continue
        tables.append(Table(f"表{len(tables) + 1}", _html_title(root, element), rows, list(range(1, len(rows) + 1))))
    return tables


def _xpath(element: Any, expression: str) -> list[Any]:
    found = element.xpath(expression)
    return list(found) if isinstance(found, list) else []


def _cell_text(cell: object) -> str:
    from lxml import etree

    assert isinstance(cell, etree._Element)
    for br in cell.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return re.sub(r"[ \t\r\f\v]+", " ", "".join(str(t) for t in cell.itertext())).strip()


def _html_rows(table: object) -> Iterator[list[Value]]:
    """Rows with rowspan and colspan carried to every cell they cover."""
    from lxml import etree

    assert isinstance(table, etree._Element)
    pending: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, text)
    for tr in _xpath(table, "./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
        row: list[Value] = []
        column = 0
        cells = _xpath(tr, "./td|./th")
        for cell in [*cells, None]:
            while column in pending:
                left, text = pending[column]
                row.append(text)
                if left <= 1:
                    del pending[column]
                else:
                    pending[column] = (left - 1, text)
                column += 1
            if cell is None:
                break
            text = _cell_text(cell)
            span, down = _span(cell.get("colspan")), _span(cell.get("rowspan"))
            for _ in range(span):
                row.append(text)
                if down > 1:
                    pending[column] = (down - 1, text)
                column += 1
        if any(str(v).strip() for v in row):
            yield row


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _html_title(root: object, table: object) -> str:
    """The page's title and headings, and the caption: where a notice states its month."""
    from lxml import etree

    assert isinstance(root, etree._Element) and isinstance(table, etree._Element)
    parts = [_cell_text(e) for e in _xpath(root, "//title|//h1|//h2|//h3")]
    parts += [_cell_text(e) for e in _xpath(table, "./caption")]
    previous = table.getprevious()
    if previous is not None:
        parts.append(_cell_text(previous))
    return "\n".join(p for p in parts if p)
