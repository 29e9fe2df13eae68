"""Text for a spreadsheet cell, as OWASP recommends against formula ('CSV') injection.

Excel, WPS and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (a tab or carriage return first is stripped, then the same); a petitioner's
name like ``=HYPERLINK(...)`` in the ledger or a schedule value in ``data/schedule.csv``
would become a live link or a DDE command on the clerk's machine.  A leading ``'`` makes
the spreadsheet show the value as text.  The one rule for every spreadsheet xinfang writes.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """``text`` prefixed with ``'`` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def formula_safe_cells(cells: list[str]) -> list[str]:
    """``formula_safe`` of each cell: a row at a time (the open data's million cells)."""
    starts = FORMULA_STARTS
    return ["'" + text if text.startswith(starts) else text for text in cells]
