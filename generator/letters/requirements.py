"""What each letter kind needs from a case, and whether the procedure allows it.

``check``, ``letter`` and ``build`` all call :func:`letter_problems` /
:func:`kind_problems` before a number is taken, so the three commands print the
same message for the same gap and a letter that cannot be made never consumes a
文号.  Messages name the case file and say, in the clerk's words, which fact is
missing and what to do — never a template variable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..calendar.deadlines import Deadline, Limit, case_deadlines
from ..calendar.regulations import Provision, change_between, regime_on
from ..casework.letter_specs import LETTERS, REPLY_DELIVERED, Fact, issue_date
from ..casework.supervision import supervision_refusal
from ..errors import Problem
from ..model.cases import Case
from ..model.files import RecordKind
from ..model.kinds import LetterKind
from ..prepared import Prepared
from .context import after_recheck_of
from .filters import cn_date


def missing_facts(case: Case, kind: LetterKind) -> list[Fact]:
    """The facts ``kind`` needs that the case lacks; a missing record hides its own fields."""
    facts = list(LETTERS[kind].requires)
    if kind is LetterKind.REPLY and case.review_deadline_as_date:
        facts.append(REPLY_DELIVERED)  # the review window is printed as a date counted from delivery
    result: list[Fact] = []
    for fact in facts:
        if fact.part_of is not None and fact.part_of in result:
            continue
        if fact.missing(case):
            result.append(fact)
    return result


def _deadlines(prepared: Prepared, case: Case) -> list[Deadline]:
    """The case's deadlines as they stand: worked out once for each case and letter kind
    checked (a city's check asked for them three times a case)."""
    return case_deadlines(case, prepared.calendar, prepared.content.office)


def _window(deadlines: list[Deadline], key: Limit) -> Deadline | None:
    return next((d for d in deadlines if d.limit.key == key), None)


def appeal_lateness(deadlines: list[Deadline], stage: str) -> tuple[Deadline, int] | None:
    """(window, days late) when the 复查 (``review``) or 复核 (``recheck``) request came after
    its 30-day window (the regulation's 复查 and 复核 articles), from a case's ``deadlines``;
    None when in time or not yet known."""
    window = _window(deadlines, Limit(f"{stage}_request"))
    if window is None or window.met_on is None or window.met_on <= window.due:
        return None
    return window, (window.met_on - window.due).days


_STAGE = {
    "review": ("复查", "处理意见书", Provision.REVIEW, LetterKind.REVIEW, LetterKind.REVIEW_REJECTION),
    "recheck": ("复核", "复查意见书", Provision.RECHECK, LetterKind.RECHECK, LetterKind.RECHECK_REJECTION),
}


def _window_text(window: Deadline, stage: str, days_late: int) -> str:
    name, document, provision, _, _ = _STAGE[stage]
    assert window.met_on is not None
    cited = regime_on(window.met_on).cite(provision)
    return (f"{name}请求于{cn_date(window.met_on)}提出，超过{cited}规定的30日期限"
            f"（自{cn_date(window.started)}收到{document}起算，{cn_date(window.due)}届满）{days_late}日")


def kind_problems(prepared: Prepared, case: Case, kind: LetterKind, *, today: dt.date | None = None,
                  forced: frozenset[tuple[str, str]] = frozenset()) -> list[str]:
    """Why ``kind`` cannot be made for ``case`` (empty when it can): the same words for
    ``check``, ``letter`` and ``build``.  ``forced``: (case, kind) made with ``--force``."""
    problems = []
    if (case.id, kind.value) not in forced:
        issued = issue_date(case, kind, today or dt.date.today())
        refusal = supervision_refusal(case, kind, issued, prepared.calendar, prepared.content.office)
        if refusal:
            problems.append(refusal + f"（确需发出的，用 xinfang letter {case.id} {kind.value} --force 原因，"
                            "原因记入文号登记簿）")
    missing = missing_facts(case, kind)
    label = LETTERS[kind].label
    deadlines: list[Deadline] | None = None
    for stage, (name, _, _, answer, refusal) in _STAGE.items():
        if kind not in (answer, refusal):
            continue
        answer_label, refusal_label = LETTERS[answer].label, LETTERS[refusal].label
        if deadlines is None:
            deadlines = _deadlines(prepared, case)
        late = appeal_lateness(deadlines, stage)
        if kind is answer and late is not None:
            problems.append(f"案件“{case.id}”的{_window_text(late[0], stage, late[1])}，不能出具{answer_label}；"
                            f"请改发{refusal_label}：letters 中的 {answer.value} 换成 {refusal.value}，"
                            f"并填写 {stage}.rejected（决定不予受理的日期）")
        if kind is refusal and late is None and not missing:
            known = _window(deadlines, Limit(f"{stage}_request"))
            why = (f"在30日期限内（{cn_date(known.due)}届满）" if known is not None and known.met_on
                   else "无法判断是否超过30日期限（缺少收到上一份意见书的日期）")
            problems.append(f"案件“{case.id}”的{name}请求{why}，不能发{refusal_label}；"
                            f"请依法{name}并出具{answer_label}（{answer.value}）")
    if missing:
        facts = "；".join(f"{fact.label}（{fact.path}）" for fact in missing)
        problems.append(f"案件“{case.id}”要生成{label}（{kind.value}），但案件文件中还没有：{facts}；"
                        "请在案件文件中补上，或不生成这份文书")
    letters = prepared.content.office.letters
    if kind not in letters.codes and letters.numbered(kind):
        problems.append(f"office.yaml 的 letters.codes 缺少 {kind.value}（{label}）的机关代字；"
                        f"案件“{case.id}”要生成这类文书")
    return problems


def case_problems(prepared: Prepared, case: Case, kinds: Iterable[LetterKind], *, today: dt.date | None = None,
                  forced: frozenset[tuple[str, str]] = frozenset()) -> list[Problem]:
    content = prepared.content
    source = content.source(RecordKind.CASE, case.id)
    office_src = content.source(RecordKind.OFFICE, content.office.id)
    result = []
    for kind in kinds:
        for message in kind_problems(prepared, case, kind, today=today, forced=forced):
            where = office_src if message.startswith("office.yaml") else source
            result.append(Problem(where.path, where.line, message))
    return result


def letter_problems(prepared: Prepared, *, today: dt.date | None = None,
                    forced: frozenset[tuple[str, str]] = frozenset()) -> list[Problem]:
    """Every letter every case asks for (each answer's), checked before anything is numbered or written."""
    return [problem for problems in problems_by_case(prepared, today=today, forced=forced).values()
            for problem in problems]


def problems_by_case(prepared: Prepared, *, today: dt.date | None = None,
                     forced: frozenset[tuple[str, str]] = frozenset()) -> dict[str, list[Problem]]:
    """The letter problems of each case that has any: one case's gap need not stop the
    letters and the deadline list of the others (``build`` still refuses them all)."""
    result: dict[str, list[Problem]] = {}
    for case in prepared.content.cases.values():
        for number in range(1, len(case.answers) + 2):
            view = case.answer(number)
            found = case_problems(prepared, view, view.letters, today=today, forced=forced)
            if found:
                result.setdefault(case.id, []).extend(found)
    return result


def _late_letter(prepared: Prepared, case: Case, kind: LetterKind, issued: dt.date) -> str | None:
    keys = LETTERS[kind].limits
    if not keys:
        return None
    # the limit as it stood on the letter's date: an extension approved later does not excuse it
    deadlines = case_deadlines(case, prepared.calendar, prepared.content.office, as_of=issued)
    limit = next((d for d in deadlines if d.limit.key in keys), None)
    if limit is None or issued <= limit.due:
        return None
    return (f"案件“{case.id}”的{LETTERS[kind].label}日期为{cn_date(issued)}，超过期限（{limit.limit.text}，"
            f"{cn_date(limit.due)}届满）{(issued - limit.due).days}日")


def case_warnings(prepared: Prepared, case: Case, kinds: Iterable[LetterKind], today: dt.date) -> list[str]:
    """Lateness the clerk should know about: a letter dated past its limit, a 复查/复核 request
    out of time that nobody has answered yet, a repeat after 复核 that was accepted."""
    source = prepared.content.source(RecordKind.CASE, case.id)
    where = f"{source.path}:{source.line}: "
    warnings = []
    for kind in kinds:
        late = _late_letter(prepared, case, kind, issue_date(case, kind, today))
        if late:
            warnings.append(where + late)
    deadlines = _deadlines(prepared, case)
    for stage, (_, _, _, answer, refusal) in _STAGE.items():
        lateness = appeal_lateness(deadlines, stage)
        if lateness is not None and answer not in case.letters and refusal not in case.letters:
            warnings.append(where + f"案件“{case.id}”的{_window_text(lateness[0], stage, lateness[1])}；"
                            f"应发{LETTERS[refusal].label}（letters 中加 {refusal.value}）")
    earlier = after_recheck_of(prepared, case)
    if earlier is not None and earlier.recheck and earlier.recheck.decided and case.accepted is not None:
        warnings.append(where + f"案件“{case.id}”与前案“{earlier.id}”是同一信访人反映同一类问题，前案已于"
                        f"{cn_date(earlier.recheck.decided)}作出复核意见（复核终结）；以同一事实和理由再次提出的，"
                        f"依照{regime_on(case.received).cite(Provision.FINAL)}不再受理（填写 rejected、"
                        "rejection_reason，letters 中用 rejection）")
    change = _regime_change(case, kinds, today)
    if change:
        warnings.append(where + change)
    return warnings


def _regime_change(case: Case, kinds: Iterable[LetterKind], today: dt.date) -> str | None:
    """A case whose steps fall on both sides of a new regulation's first day: which rule
    each of its letters will cite (a letter cites the regulation in force on its date)."""
    letters = sorted(((issue_date(case, kind, today), kind) for kind in kinds), key=lambda item: item[0])
    steps = [case.received, case.accepted, case.rejected, case.replied, case.closed]
    for stage in (case.review, case.recheck):
        if stage is not None:
            steps += [stage.requested, stage.decided, stage.rejected]
    days = [day for day in steps if day is not None] + [day for day, _ in letters]
    change = change_between(min(days), max(days))
    if change is None:
        return None
    cited = "；".join(f"{LETTERS[kind].label}（{cn_date(day)}）引用{regime_on(day).title}" for day, kind in letters)
    return (f"案件“{case.id}”{cn_date(case.received)}收到，办理跨越{change.title}施行日"
            f"（{cn_date(change.effective)}）：" + (cited or "尚无文书") + "；每份文书引用其成文日期有效的条例，"
            "请核对引用的条款")


def letter_warnings(prepared: Prepared, today: dt.date) -> list[str]:
    result: list[str] = []
    for case in prepared.content.cases.values():
        for number in range(1, len(case.answers) + 2):
            view = case.answer(number)
            result += case_warnings(prepared, view, view.letters, today)
    return result
