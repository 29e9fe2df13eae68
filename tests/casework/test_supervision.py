"""Which supervision letter a deadline calls for, on dates worked out by hand
(2026: 国庆 10/1–10/7 off, 10/10 worked)."""

from __future__ import annotations

import datetime as dt

from generator.calendar.deadlines import case_deadlines
from generator.calendar.workdays import WorkCalendar
from generator.casework.supervision import supervision_letter
from generator.model.kinds import LetterKind
from tests.calendar.test_deadlines import OFFICE, make_case

D = dt.date


def test_supervision_letter_thresholds() -> None:
    (deadline,) = [d for d in case_deadlines(make_case(accepted=D(2026, 8, 6)), WorkCalendar(), OFFICE)
                   if d.limit.key == "handle"]  # due 10/8; office defaults: remind 5 days before, 15 days late
    assert supervision_letter(deadline, D(2026, 10, 1), OFFICE) is None
    assert supervision_letter(deadline, D(2026, 10, 5), OFFICE) is LetterKind.REMINDER
    assert supervision_letter(deadline, D(2026, 10, 9), OFFICE) is LetterKind.SUPERVISION
    assert supervision_letter(deadline, D(2026, 10, 23), OFFICE) is LetterKind.SUPERVISION
    assert supervision_letter(deadline, D(2026, 10, 24), OFFICE) is LetterKind.ACCOUNTABILITY
