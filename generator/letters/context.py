"""What a letter template sees: plain values computed in Python (dates, deadlines,
masked names, the number), never logic in the template."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..calendar.deadlines import case_deadlines, next_due
from ..model.cases import Case
from ..model.kinds import LetterKind
from ..pipeline import Prepared
from ..privacy.anonymise import mask_name


@dataclass(frozen=True)
class OfficeView:
    name: str
    signature: str
    masthead: str
    review_authority: str
    recheck_authority: str
    phone: str
    address: str
    contact: str | None
    printer: str | None


@dataclass(frozen=True)
class PetitionerView:
    name: str
    """Full name: the letter goes to the petitioner."""
    masked: str
    """张某: for letters that go to other units."""
    address: str | None


@dataclass(frozen=True)
class DeadlineView:
    step: str
    duty: str
    text: str
    """The rule in the regulation's words, e.g. 自受理之日起60日内办结…"""
    basis: str
    started: dt.date
    due: dt.date
    days_late: int

    @property
    def days_left(self) -> int:
        return max(-self.days_late, 0)


def issue_date(case: Case, kind: LetterKind, today: dt.date) -> dt.date:
    """The 成文日期 a letter carries: the date of the act it records."""
    dates = {
        LetterKind.ACCEPTANCE: case.accepted,
        LetterKind.REJECTION: case.rejected,
        LetterKind.REPLY: case.replied,
        LetterKind.REVIEW: case.review.decided if case.review else None,
        LetterKind.RECHECK: case.recheck.decided if case.recheck else None,
    }
    if kind in dates:
        return dates[kind] or today
    issued = case.supervision.issued if case.supervision else None
    return issued or today


def letter_context(prepared: Prepared, case: Case, kind: LetterKind, number: str,
                   issued: dt.date) -> dict[str, Any]:
    content = prepared.content
    office = content.office
    settings = office.letters
    deadlines = case_deadlines(case, prepared.calendar, office)
    views = {
        d.limit.key: DeadlineView(step=d.limit.step, duty=d.limit.duty, text=d.limit.text, basis=d.limit.basis,
                                  started=d.started, due=d.due, days_late=(issued - d.due).days)
        for d in deadlines
    }
    pending = next_due(deadlines)
    earlier = content.cases.get(prepared.repeats.get(case.id, ""))
    # the same person, the same topic, after a 复核 was decided: the 不再受理 wording applies
    after_recheck = case.repeat_after_recheck or bool(
        earlier and earlier.recheck and earlier.recheck.decided and earlier.recheck.decided <= case.received)
    return {
        "repeat_after_recheck": after_recheck,
        "repeat_of": earlier.id if earlier else None,
        "kind": kind.label,
        "number": number,
        "issued": issued,
        "office": OfficeView(
            name=office.name, signature=settings.signature or office.name,
            masthead=settings.masthead or office.name, review_authority=settings.review_authority,
            recheck_authority=settings.recheck_authority, phone=office.phone, address=office.address,
            contact=settings.contact, printer=settings.printer,
        ),
        "case": case,
        "topic": content.topics[case.topic].name,
        "unit": content.units[case.unit].name,
        "channel": case.channel.label,
        "petitioner": PetitionerView(
            name=case.petitioner.name, masked=mask_name(case.petitioner.name),
            address=case.petitioner.address,
        ),
        "deadlines": views,
        "handling": views.get("simple_answer" if case.simple else "handle"),
        "pending": views.get(pending.limit.key) if pending else None,
    }
