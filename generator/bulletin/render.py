"""Write the 通报: numbered in the office's own series when ``report.code`` is set, as for
letters the number recorded only once the document is written; ``--pdf`` as for letters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..atomic import write_bytes
from ..casework.register import REPORT_KIND, Request, register_for
from ..letters.layout import render_document
from ..letters.render import convert_to_pdf
from ..prepared import Prepared
from ..statistics.periods import Period
from .document import bulletin_document
from .figures import bulletin


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
