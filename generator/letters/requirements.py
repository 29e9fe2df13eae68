"""What each letter kind needs from a case, checked by ``xinfang check``.

Templates use StrictUndefined, so a missing value would fail at render time
anyway; checking up front reports every gap of every case in one run, with the
case file's line, before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import Problem
from ..model.cases import Case
from ..model.kinds import LetterKind
from ..pipeline import Prepared

Check = Callable[[Case], list[str]]


def _missing(case: Case, *names: str) -> list[str]:
    result = []
    for name in names:
        value: object = case
        for part in name.split("."):
            value = getattr(value, part, None) if value is not None else None
        if value in (None, [], ""):
            result.append(name)
    return result


REQUIRED: dict[LetterKind, tuple[str, ...]] = {
    LetterKind.ACCEPTANCE: ("accepted",),
    LetterKind.REJECTION: ("rejected", "rejection_reason"),
    LetterKind.REPLY: ("accepted", "replied", "facts", "basis", "opinions"),
    LetterKind.REVIEW: ("review", "review.findings", "review.result", "review.opinion", "review.decided",
                        "replied"),
    LetterKind.RECHECK: ("recheck", "recheck.findings", "recheck.result", "recheck.opinion",
                         "recheck.decided", "review.decided"),
    LetterKind.REMINDER: ("supervision", "supervision.requirements"),
    LetterKind.SUPERVISION: ("supervision", "supervision.issues", "supervision.requirements"),
    LetterKind.ACCOUNTABILITY: ("supervision", "supervision.issues", "supervision.responsible"),
    LetterKind.ASSIGNMENT: ("supervision", "supervision.requirements"),
}


def letter_problems(prepared: Prepared) -> list[Problem]:
    content = prepared.content
    problems: list[Problem] = []
    codes = content.office.letters.codes
    for case in content.cases.values():
        source = content.source("case", case.id)
        for kind in case.letters:
            missing = _missing(case, *REQUIRED[kind])
            if missing:
                problems.append(Problem(
                    source.path, source.line,
                    f"案件“{case.id}”要生成{kind.label}（{kind.value}），但缺少 {'、'.join(missing)}；"
                    "请在案件文件中补上，或从 letters 中去掉这一项",
                ))
            if kind not in codes:
                office_src = content.source("office", content.office.id)
                problems.append(Problem(
                    office_src.path, office_src.line,
                    f"letters.codes 缺少 {kind.value}（{kind.label}）的机关代字；"
                    f"案件“{case.id}”要生成这类文书",
                ))
    return problems
