"""The kinds of letter (文书) a case can ask for; values are the fixed ids of design.md."""

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

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def issuer(self) -> str:
        """Whose name the letter goes out in: ``office``, ``review`` (the 上一级 that does the
        复查) or ``recheck`` (the level above that).  Another organ's letters carry that organ's
        contact line, not this office's."""
        if self in {LetterKind.REVIEW, LetterKind.REVIEW_REJECTION}:
            return "review"
        if self in {LetterKind.RECHECK, LetterKind.RECHECK_REJECTION}:
            return "recheck"
        return "office"

    @property
    def is_letter_format(self) -> bool:
        """The 函 kinds use GB/T 9704's 信函格式 (10.1)."""
        return self in {LetterKind.REMINDER, LetterKind.SUPERVISION, LetterKind.ACCOUNTABILITY}

    @property
    def is_supervision(self) -> bool:
        """Sent to the handling unit, not to the petitioner."""
        return self in {
            LetterKind.REMINDER,
            LetterKind.SUPERVISION,
            LetterKind.ACCOUNTABILITY,
            LetterKind.ASSIGNMENT,
        }


_LABELS = {
    LetterKind.ACCEPTANCE: "受理告知书",
    LetterKind.REJECTION: "不予受理告知书",
    LetterKind.REPLY: "信访处理意见书",
    LetterKind.REVIEW: "复查意见书",
    LetterKind.RECHECK: "复核意见书",
    LetterKind.REMINDER: "提示函",
    LetterKind.SUPERVISION: "督办函",
    LetterKind.ACCOUNTABILITY: "建议函",
    LetterKind.ASSIGNMENT: "交办单",
    LetterKind.REVIEW_REJECTION: "不予受理复查申请告知书",
    LetterKind.RECHECK_REJECTION: "不予受理复核申请告知书",
}
