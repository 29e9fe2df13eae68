"""Every letter kind in one table: what it is called, who issues it, its format, whether it goes
to the handling unit, the date that dates it, the facts it needs, the limit its date answers
to, its file name and its title.  The command line's kinds, the requirements, the issue date,
the register and the file names all read ``LETTERS``; a new kind is a ``LetterKind`` value,
one ``LetterSpec`` here and its template ``letter_templates/<kind>.j2``.

The facts are typed accessors, not dotted strings resolved at run time: a renamed case field
fails ``mypy`` here instead of reading as missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ..calendar.deadlines import Limit
from ..errors import UsageError
from ..model.cases import Case
from ..model.kinds import LetterFormat, LetterKind


class Issuer(StrEnum):
    """Whose name the letter goes out in; another organ's letters carry that organ's contact line."""

    OFFICE = "office"
    REVIEW = "review"    # the 上一级 that does the 复查
    RECHECK = "recheck"  # the level above that, which does the 复核


@dataclass(frozen=True)
class Fact:
    """One fact a letter needs, read from the case."""

    path: str
    """Where the clerk writes it in the case file (shown in the message, checked against the model)."""
    label: str
    read: Callable[[Case], object]
    part_of: Fact | None = None
    """The record this fact sits in: when the record is missing, only the record is asked for."""

    def missing(self, case: Case) -> bool:
        return self.read(case) in (None, [], "")


ACCEPTED = Fact("accepted", "受理日期", lambda c: c.accepted)
REJECTED = Fact("rejected", "不予受理日期", lambda c: c.rejected)
REJECTION_REASON = Fact("rejection_reason", "不予受理的理由", lambda c: c.rejection_reason)
REPLIED = Fact("replied", "出具处理意见书的日期", lambda c: c.replied)
REPLY_DELIVERED = Fact("reply_delivered", "信访人收到处理意见书的日期", lambda c: c.reply_delivered)
FACTS = Fact("facts", "查明的事实", lambda c: c.facts)
BASIS = Fact("basis", "处理依据（法规名称、条款）", lambda c: c.basis)
OPINIONS = Fact("opinions", "对各项请求的处理意见", lambda c: c.opinions)
REVIEW = Fact("review", "复查请求（提出日期、理由等）", lambda c: c.review)
REVIEW_FINDINGS = Fact("review.findings", "复查查明的事实",
                       lambda c: c.review.findings if c.review else None, REVIEW)
REVIEW_RESULT = Fact("review.result", "复查结论（维持 uphold / 变更 change / 责令重新办理 redo）",
                     lambda c: c.review.result if c.review else None, REVIEW)
REVIEW_OPINION = Fact("review.opinion", "复查结论的理由", lambda c: c.review.opinion if c.review else None, REVIEW)
REVIEW_DECIDED = Fact("review.decided", "复查意见作出日期",
                      lambda c: c.review.decided if c.review else None, REVIEW)
REVIEW_DELIVERED = Fact("review.delivered", "信访人收到复查意见书的日期",
                        lambda c: c.review.delivered if c.review else None, REVIEW)
REVIEW_REJECTED = Fact("review.rejected", "决定不予受理复查申请的日期",
                       lambda c: c.review.rejected if c.review else None, REVIEW)
RECHECK = Fact("recheck", "复核请求（提出日期、理由等）", lambda c: c.recheck)
RECHECK_FINDINGS = Fact("recheck.findings", "复核查明的事实",
                        lambda c: c.recheck.findings if c.recheck else None, RECHECK)
RECHECK_RESULT = Fact("recheck.result", "复核结论（维持 uphold / 变更 change / 责令重新办理 redo）",
                      lambda c: c.recheck.result if c.recheck else None, RECHECK)
RECHECK_OPINION = Fact("recheck.opinion", "复核结论的理由",
                       lambda c: c.recheck.opinion if c.recheck else None, RECHECK)
RECHECK_DECIDED = Fact("recheck.decided", "复核意见作出日期",
                       lambda c: c.recheck.decided if c.recheck else None, RECHECK)
RECHECK_REJECTED = Fact("recheck.rejected", "决定不予受理复核申请的日期",
                        lambda c: c.recheck.rejected if c.recheck else None, RECHECK)
SUPERVISION = Fact("supervision", "督办内容（主送单位、问题、要求）", lambda c: c.supervision)
SUPERVISION_ISSUES = Fact("supervision.issues", "发现的问题",
                          lambda c: c.supervision.issues if c.supervision else None, SUPERVISION)
SUPERVISION_REQUIREMENTS = Fact("supervision.requirements", "工作要求",
                                lambda c: c.supervision.requirements if c.supervision else None, SUPERVISION)
SUPERVISION_RESPONSIBLE = Fact("supervision.responsible", "建议追责的对象",
                               lambda c: c.supervision.responsible if c.supervision else None, SUPERVISION)


def _supervision_issued(case: Case) -> dt.date | None:
    return case.supervision.issued if case.supervision else None


@dataclass(frozen=True)
class LetterSpec:
    """One kind of letter (文书)."""

    kind: LetterKind
    label: str
    """Its name, as the clerk and the register's messages call it."""
    title: str
    """Its default title, a template like office.yaml's ``letters.kinds.<kind>.title`` ({信访人},
    {承办单位}, {问题类别} filled per case: the 函 name the matter)."""
    dated: Callable[[Case], dt.date | None]
    """The 成文日期: the date of the act the letter records (today while it is not yet known)."""
    requires: tuple[Fact, ...]
    issuer: Issuer = Issuer.OFFICE
    format: LetterFormat = LetterFormat.DOCUMENT
    """GB/T 9704's 公文 or 信函格式 (10.1); a template's ``格式:`` line overrides it."""
    supervision: bool = False
    """Sent to the handling unit, not to the petitioner (the office's 督查督办)."""
    limits: tuple[Limit, ...] = field(default=())
    """The time limit the letter's own date answers to (late letters are warned about)."""

    @property
    def template(self) -> str:
        return f"{self.kind.value}.j2"

    def file_name(self, case_id: str, answer: int = 1) -> str:
        """``<case id>-<kind>.docx``, the name ``build`` and ``letter`` give; ``<case
        id>-<kind>-2.docx`` for the letters of a case's second answer."""
        return f"{case_id}-{letter_key(self.kind, answer)}.docx"


def letter_key(kind: LetterKind, answer: int = 1) -> str:
    """How the register and the file name tell a case's letters apart: ``reply`` for the first
    answer's, ``reply-2`` for the second answer's (a case answered again)."""
    return kind.value if answer == 1 else f"{kind.value}-{answer}"


LETTERS: dict[LetterKind, LetterSpec] = {spec.kind: spec for spec in (
    LetterSpec(LetterKind.ACCEPTANCE, "受理告知书", "信访事项受理告知书", lambda c: c.accepted,
               (ACCEPTED,), limits=(Limit.ACCEPT,)),
    LetterSpec(LetterKind.REJECTION, "不予受理告知书", "信访事项不予受理告知书", lambda c: c.rejected,
               (REJECTED, REJECTION_REASON), limits=(Limit.ACCEPT,)),
    LetterSpec(LetterKind.REPLY, "信访处理意见书", "信访事项处理意见书", lambda c: c.replied,
               (ACCEPTED, REPLIED, FACTS, BASIS, OPINIONS), limits=(Limit.HANDLE, Limit.SIMPLE_ANSWER)),
    LetterSpec(LetterKind.REVIEW, "复查意见书", "信访事项复查意见书", lambda c: c.review.decided if c.review else None,
               (REPLIED, REVIEW, REVIEW_FINDINGS, REVIEW_RESULT, REVIEW_OPINION, REVIEW_DECIDED),
               issuer=Issuer.REVIEW, limits=(Limit.REVIEW_ANSWER,)),
    LetterSpec(LetterKind.RECHECK, "复核意见书", "信访事项复核意见书",
               lambda c: c.recheck.decided if c.recheck else None,
               (REVIEW, REVIEW_DECIDED, RECHECK, RECHECK_FINDINGS, RECHECK_RESULT, RECHECK_OPINION,
                RECHECK_DECIDED), issuer=Issuer.RECHECK, limits=(Limit.RECHECK_ANSWER,)),
    LetterSpec(LetterKind.REMINDER, "提示函", "关于{承办单位}办理信访事项期限即将届满的提示函", _supervision_issued,
               (SUPERVISION, SUPERVISION_REQUIREMENTS), format=LetterFormat.LETTER, supervision=True),
    LetterSpec(LetterKind.SUPERVISION, "督办函", "关于督促办理{信访人}信访事项的函", _supervision_issued,
               (SUPERVISION, SUPERVISION_ISSUES, SUPERVISION_REQUIREMENTS), format=LetterFormat.LETTER,
               supervision=True),
    LetterSpec(LetterKind.ACCOUNTABILITY, "建议函", "关于{信访人}信访事项办理中有关问题的责任追究建议函",
               _supervision_issued,
               (SUPERVISION, SUPERVISION_ISSUES, SUPERVISION_RESPONSIBLE), format=LetterFormat.LETTER,
               supervision=True),
    LetterSpec(LetterKind.ASSIGNMENT, "交办单", "信访事项交办单", _supervision_issued,
               (SUPERVISION, SUPERVISION_REQUIREMENTS), supervision=True),
    LetterSpec(LetterKind.REVIEW_REJECTION, "不予受理复查申请告知书", "不予受理复查申请告知书",
               lambda c: c.review.rejected if c.review else None,
               (REPLIED, REPLY_DELIVERED, REVIEW, REVIEW_REJECTED), issuer=Issuer.REVIEW),
    LetterSpec(LetterKind.RECHECK_REJECTION, "不予受理复核申请告知书", "不予受理复核申请告知书",
               lambda c: c.recheck.rejected if c.recheck else None,
               (REVIEW, REVIEW_DECIDED, REVIEW_DELIVERED, RECHECK, RECHECK_REJECTED), issuer=Issuer.RECHECK),
)}


def spec(kind: LetterKind) -> LetterSpec:
    return LETTERS[kind]


def issue_date(case: Case, kind: LetterKind, today: dt.date) -> dt.date:
    """The 成文日期 a letter carries: the date of the act it records, today while it has none."""
    return LETTERS[kind].dated(case) or today


def kind_of_file(path: Path) -> tuple[str, LetterKind] | None:
    """``2026-0001-acceptance.docx`` -> (case, kind): the inverse of ``LetterSpec.file_name``."""
    for letter in sorted(LETTERS.values(), key=lambda s: len(s.kind.value), reverse=True):
        suffix = f"-{letter.kind.value}"
        if path.suffix == ".docx" and path.stem.endswith(suffix) and len(path.stem) > len(suffix):
            return path.stem[: -len(suffix)], letter.kind
    return None


def letter_of_file(path: Path) -> tuple[str, str] | None:
    """``2026-0003-reply-2.docx`` -> (case, ``reply-2``), ``2026-0001-acceptance.docx`` ->
    (case, ``acceptance``): the case and register key of a letter ``build`` or ``letter`` made."""
    stem, dash, answer = path.stem.rpartition("-")
    if dash and answer.isdigit() and int(answer) >= 2:
        found = kind_of_file(path.with_name(stem + path.suffix))
        return (found[0], letter_key(found[1], int(answer))) if found else None
    found = kind_of_file(path)
    return (found[0], found[1].value) if found else None


def letter_kind(text: str) -> LetterKind:
    """The kind a command line names; misuse lists the kinds there are."""
    try:
        return LetterKind(text)
    except ValueError:
        kinds = "、".join(f"{s.kind.value}（{s.label}）" for s in LETTERS.values())
        raise UsageError(f"文书类型“{text}”不存在；可用：{kinds}") from None
