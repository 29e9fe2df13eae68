"""Write the 通报: numbered in the office's own series when ``report.code`` is set, as for
letters the number recorded only once the document is written; ``--pdf`` as for letters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..atomic import write_bytes
from ..casework.register import REPORT_KIND, Request, register_for
from ..errors import UsageError
from ..letters.layout import render_document
from ..letters.render import convert_to_pdf
from ..prepared import Prepared
from ..statistics.periods import Period
from .document import bulletin_document
from .figures import bulletin

MAX_TEXT_BYTES = 200_000
"""A 通报's closing text is a page or two, never megabytes."""


def read_closing(path: str) -> str:
    """The office's own closing paragraphs (``report --text``, the path as typed): UTF-8 (with or
    without BOM) or GB18030, as Windows editors save it."""
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"--text 文件“{path}”不存在；请写一个文本文件的路径（每段一行）")
    raw = file.read_bytes()
    if len(raw) > MAX_TEXT_BYTES:
        raise UsageError(f"--text 文件“{path}”有 {len(raw)} 字节，不像一段结束语；请检查是否选错了文件")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UsageError(f"--text 文件“{path}”不是文本（UTF-8 或 GBK）；请另存为文本文件")


def write_bulletin(prepared: Prepared, period: Period, output: Path, *, today: dt.date,
                   closing: str | None = None, pdf: bool = False) -> tuple[list[Path], str | None]:
    """The .docx (and PDF), and the 期号 it carries (None when the office does not number it)."""
    office = prepared.content.office
    figures = bulletin(prepared, period, today)
    code = office.report.code
    if code is None:
        document = bulletin_document(figures, office, number=None, issued=today, closing=closing)
        write_bytes(output, render_document(document, office.letters.fonts))
        number = None
    else:
        register = register_for(prepared)
        request = Request(case=f"report-{period.key}", kind=REPORT_KIND, code=code, year=today.year, issued=today)
        with register.reserve([request]) as (entry,):
            document = bulletin_document(figures, office, number=entry.text, issued=today, closing=closing)
            write_bytes(output, render_document(document, office.letters.fonts))
        number = entry.text
    return [output, *(convert_to_pdf([output], office.letters.fonts) if pdf else [])], number
