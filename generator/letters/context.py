"""What a letter template sees: plain values computed in Python (dates, deadlines,
masked names, the number), never logic in the template."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..calendar.deadlines import Deadline, Limit, case_deadlines, next_due
from ..calendar.regulations import Regime, regime_on
from ..casework.letter_specs import LETTERS, Issuer
from ..model.cases import Case
from ..model.kinds import LetterKind
from ..prepared import Prepared
from ..privacy.anonymise import mask_name


@dataclass(frozen=True)
class OfficeView:
    name: str
    signature: str
    masthead: str
    review_authority: str
    recheck_authority: str
    phone: str | None
    address: str | None
    contact: str | None
    """The contact line of whoever issues this letter (None for another organ without one)."""
    printer: str | None
    self_reference: str
    """我局 / 我办 / 我委."""


@dataclass(frozen=True)
class PetitionerView:
    name: str
    """Full name: the letter goes to the petitioner."""
    masked: str
    """张某: for letters that go to other units."""
    address: str | None
    you: str
    """你, or 你们 for a joint petition (联名信访)."""
    addressed: str
    """主送: the name, or 张三、李四 / 张三等5人 for a joint petition."""


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


def after_recheck_of(prepared: Prepared, case: Case) -> Case | None:
    """The earlier case whose 复核 was decided before this one came in, when this case is a
    repeat (same person, same topic) of it: the regulation's 不再受理 case."""
    earlier = prepared.content.cases.get(prepared.repeats.get(case.id, ""))
    if earlier and earlier.recheck and earlier.recheck.decided and earlier.recheck.decided <= case.received:
        return earlier
    return None


def _view(d: Deadline, issued: dt.date, regime: Regime) -> DeadlineView:
    """A deadline as the letter states it: cited from the regulation in force on the letter's date."""
    provision = d.limit.provision
    basis = regime.cite(provision) if provision and regime.has(provision) else d.limit.basis
    return DeadlineView(step=d.limit.step, duty=d.limit.short_duty, text=d.limit.text, basis=basis,
                        started=d.started, due=d.due, days_late=(issued - d.due).days)


def letter_context(prepared: Prepared, case: Case, kind: LetterKind, number: str,
                   issued: dt.date) -> dict[str, Any]:
    content = prepared.content
    office = content.office.on(issued)  # the name, phone and address of the letter's own date
    settings = office.letters
    regime = regime_on(issued)
    # each letter states the deadlines as they stood on its own date (a later extension is not yet known)
    deadlines = case_deadlines(case, prepared.calendar, office, as_of=issued)
    views = {d.limit.key: _view(d, issued, regime) for d in deadlines}
    # the review window printed as a date is counted from delivery, which the letter cannot know yet
    if Limit.REVIEW_REQUEST not in views and case.reply_delivered:
        window = case_deadlines(case, prepared.calendar, office)
        views.update({d.limit.key: _view(d, issued, regime) for d in window if d.limit.key == Limit.REVIEW_REQUEST})
    pending = next_due(deadlines)
    earlier = after_recheck_of(prepared, case)
    repeat_of = content.cases.get(prepared.repeats.get(case.id, ""))
    names = [case.petitioner.name, *(p.name for p in case.co_petitioners)]
    addressed = "、".join(names) if len(names) <= 3 else f"{names[0]}等{len(names)}人"
    letter = LETTERS[kind]
    masked = mask_name(case.petitioner.name) + (f"等{len(names)}人" if case.co_petitioners else "")
    own = settings.kinds.get(kind)
    title = (own.title if own and own.title else letter.title).format_map({
        "信访人": addressed if own and own.names == "full" else masked,
        "承办单位": case.supervision.to_unit if case.supervision else case.handler,
        "问题类别": content.topics[case.topic].name,
    })
    contact = {Issuer.OFFICE: settings.contact, Issuer.REVIEW: settings.review_contact,
               Issuer.RECHECK: settings.recheck_contact}[letter.issuer]
    if case.supervision and case.supervision.contact and letter.supervision:
        contact = case.supervision.contact
    return {
        # the same person, the same topic, after a 复核 was decided: the 不再受理 wording applies
        "repeat_after_recheck": case.repeat_after_recheck or earlier is not None,
        "repeat_of": repeat_of.id if repeat_of else None,
        "kind": letter.label,
        "title": title,
        "number": number,
        # the regulation in force on the letter's date: {{ regulation.title }}, {{ cite.final }}
        "regulation": regime,
        "cite": {provision.value: regime.cite(provision) for provision in regime.articles},
        "issued": issued,
        "office": OfficeView(
            name=office.name, signature=settings.signature or office.name,
            masthead=settings.masthead or office.name, review_authority=settings.review_authority,
            recheck_authority=settings.recheck_authority, phone=office.phone, address=office.address,
            contact=contact, printer=settings.printer, self_reference=settings.self_reference,
        ),
        "case": case,
        "topic": content.topics[case.topic].name,
        "unit": content.units[case.unit].name,
        "channel": case.channel.label,
        "petitioner": PetitionerView(
            name=case.petitioner.name, masked=masked,
            address=case.petitioner.address, you="你们" if case.co_petitioners else "你",
            addressed=addressed,
        ),
        "addressee": "您" if case.supervision and case.supervision.addressee == "person" else "你单位",
        "deadlines": views,
        "handling": views.get(Limit.SIMPLE_ANSWER if case.simple else Limit.HANDLE),
        "pending": views.get(pending.limit.key) if pending else None,
    }
