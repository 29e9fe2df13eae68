"""The kinds of letter (文书) a case can ask for, by their fixed ids (case files and
``office.yaml`` use them); what each kind is lives in ``casework/letter_specs.py``."""

from __future__ import annotations

from enum import StrEnum


class LetterKind(StrEnum):
    ACCEPTANCE = "acceptance"
    REJECTION = "rejection"
    REPLY = "reply"
    REVIEW = "review"
    RECHECK = "recheck"
    REMINDER = "reminder"
    SUPERVISION = "supervision"
    ACCOUNTABILITY = "accountability"
    ASSIGNMENT = "assignment"
    REVIEW_REJECTION = "review_rejection"
    RECHECK_REJECTION = "recheck_rejection"


class LetterFormat(StrEnum):
    """GB/T 9704's two layouts."""

    DOCUMENT = "document"
    """公文通用格式: 发文机关标志 35 mm below the type area's top, red single rule."""
    LETTER = "letter"
    """信函格式 (10.1): mark 30 mm from the page top, red double lines, no number on page 1."""
