"""A letter as GB/T 9704-2012 elements, before layout: what the template produced."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..model.kinds import LetterFormat
from ..model.office import Fonts

__all__ = ["Block", "BlockKind", "Fonts", "LetterDocument", "LetterFormat", "TableBlock"]


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    HEADING1 = "heading1"
    HEADING2 = "heading2"
    HEADING3 = "heading3"
    HEADING4 = "heading4"


@dataclass(frozen=True, kw_only=True)
class Block:
    """A body paragraph; headings keep their ordinal (一、（一）1.（1）) in the text."""

    kind: BlockKind
    text: str
    quoted: tuple[tuple[int, int], ...] = ()
    """Where the template quoted a value (“……”): (start, end) in ``text`` of what is inside the
    marks, set in 楷体; a value's own quotation marks open and close nothing."""

    @property
    def running(self) -> bool:
        """Sentences after the ordinal (（一）关于“……”：……。), not a heading line (（一）基本情况)."""
        return self.text.rstrip("”’）)").endswith(("。", "！", "？", "；", "…"))


@dataclass(frozen=True, kw_only=True)
class TableBlock:
    """A table in the body (a 通报's figures): the first row is the header, repeated on every
    page the table runs onto; ``widths`` are the columns' shares of the type area."""

    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    caption: str = ""
    """The line above the table (a 表 number and name), set like a body paragraph."""


@dataclass(frozen=True, kw_only=True)
class LetterDocument:
    format: LetterFormat = LetterFormat.DOCUMENT
    issuer_mark: str | None = None
    """发文机关标志; None = no red masthead (a notice sent to a citizen)."""
    doc_number: str | None = None
    """发文字号, already formatted: 示信复〔2026〕12号."""
    title: str
    recipient: str | None = None
    body: tuple[Block | TableBlock, ...]
    attachments: tuple[str, ...] = ()
    signature: str
    date_text: str
    sealed: bool = True
    """7.3.5.1 (sealed: date 右空四字, 署名 centred above it) or 7.3.5.2 (not sealed)."""
    note: str | None = None
    cc: tuple[str, ...] = ()
    printer: str | None = None
    print_date_text: str | None = None
