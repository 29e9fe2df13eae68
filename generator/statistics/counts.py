"""Counts over a set of cases' facts and the rates published from them: each rate's numerator
is a subset of its denominator, and ``measures`` writes the office's own choices from
``office.yaml`` (``statistics:``) into the words printed on the page and in the open data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from ..model.cases import Channel, Evaluation
from ..model.office import Rounding, StatisticsSettings
from .facts import CaseFacts, OnTime


@dataclass
class Counts:
    """Counts over one set of cases (a period, or one row of a breakdown)."""

    received: int = 0
    channels: Counter[Channel] = field(default_factory=Counter)
    accepted: int = 0
    rejected: int = 0
    direct: int = 0
    handled: int = 0
    closed: int = 0
    due: int = 0
    on_time: int = 0
    late: int = 0
    settled: int = 0
    evaluated: int = 0
    satisfied: int = 0
    basically: int = 0
    unsatisfied: int = 0
    unevaluated: int = 0
    late_unevaluated: int = 0
    repeats: int = 0

    def add(self, facts: CaseFacts) -> None:
        self.received += 1
        self.channels[facts.channel] += 1
        self.accepted += facts.accepted
        self.rejected += facts.rejected
        self.direct += facts.direct
        self.handled += facts.handled
        self.closed += facts.closed
        self.due += facts.on_time in (OnTime.ON_TIME, OnTime.LATE)
        self.on_time += facts.on_time is OnTime.ON_TIME
        self.late += facts.on_time is OnTime.LATE
        self.settled += facts.settled
        if facts.closed:
            if facts.evaluation is None:
                self.unevaluated += 1
                self.late_unevaluated += facts.late_unevaluated
            else:
                self.evaluated += 1
                self.satisfied += facts.evaluation is Evaluation.SATISFIED
                self.basically += facts.evaluation is Evaluation.BASICALLY
                self.unsatisfied += facts.evaluation is Evaluation.UNSATISFIED
        self.repeats += facts.repeat

    def merge(self, other: Counts) -> None:
        """Add another set's counts (the page's 其余 row)."""
        for name, value in vars(other).items():
            if isinstance(value, Counter):
                self.channels.update(value)
            else:
                setattr(self, name, getattr(self, name) + value)


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int
    measure: str
    """The rate's key (a field of ``RateRules``): which rounding rule it is shown with."""

    def value(self, settings: StatisticsSettings) -> Decimal | None:
        """The percentage as the office publishes this measure (its own rule, else the office's)."""
        return self.rounded(*settings.rule(self.measure))

    def rounded(self, rounding: Rounding, decimals: int) -> Decimal | None:
        if self.denominator == 0:
            return None
        exact = Decimal(self.numerator * 100) / Decimal(self.denominator)
        mode = ROUND_HALF_UP if rounding is Rounding.ROUND else ROUND_DOWN
        return exact.quantize(Decimal(1).scaleb(-decimals), rounding=mode)

    def text(self, settings: StatisticsSettings) -> str:
        value = self.value(settings)
        return "—" if value is None else f"{value}%"

    def fraction(self) -> str:
        """The numerator and denominator as the page and the charts print them."""
        return f"（{self.numerator} / {self.denominator}）"


def rule_words(rounding: Rounding, decimals: int) -> str:
    """How a rule reads in the definitions: 保留 1 位小数，四舍五入."""
    return f"保留 {decimals} 位小数，" + ("四舍五入" if rounding is Rounding.ROUND else "截断（不进位）")


@dataclass(frozen=True)
class Measure:
    """A published rate: what it counts over what, in words for the page and the data."""

    key: str
    label: str
    numerator: str
    denominator: str
    count: Callable[[Counts, StatisticsSettings], tuple[int, int]]
    """(numerator, denominator) over one set of cases."""
    note: str = ""

    def rate(self, counts: Counts, settings: StatisticsSettings) -> Rate:
        return Rate(*self.count(counts, settings), self.key)


def _satisfied(c: Counts, s: StatisticsSettings) -> int:
    return c.satisfied + (c.basically if s.satisfied_includes_basic else 0)


def _handled_words(s: StatisticsSettings) -> str:
    return "受理的事项和直接答复的事项" if s.direct_answers_as_handled else "受理的事项（不含直接答复）"


def measures(settings: StatisticsSettings) -> list[Measure]:
    """The rates of one set of cases, with the office's choices written into the words."""
    handled = _handled_words(settings)
    return [
        Measure("acceptance", "受理率", "受理", "收到", lambda c, s: (c.accepted, c.received)),
        Measure("closing", "办结率", "其中已办结", handled, lambda c, s: (c.closed, c.handled)),
        Measure("on_time", "按期办结率", "在期限内办结", f"{handled}中期限已到或已办结的",
                lambda c, s: (c.on_time, c.due), "尚在期限内、未办结的事项两边都不计。"),
        Measure("settled", "化解率", "办结后未申请复查、未重复信访", "办结",
                lambda c, s: (c.settled, c.closed)),
        Measure("participation", "参评率", "已评价", "办结",
                lambda c, s: (c.evaluated, c.closed),
                f"办结超过 {settings.evaluation_days} 天仍未评价的单列为“超期未评”。"),
        Measure("satisfaction", "满意率", "满意和基本满意" if settings.satisfied_includes_basic else "满意",
                "已评价", lambda c, s: (_satisfied(c, s), c.evaluated)),
        Measure("dissatisfaction", "不满意率", "不满意", "已评价",
                lambda c, s: (c.unsatisfied, c.evaluated)),
        Measure("repeat", "重复信访率", "重复信访（同一人就同一类问题再次信访）", "收到",
                lambda c, s: (c.repeats, c.received)),
    ]


def _channel_count(channel: Channel) -> Callable[[Counts], int]:
    return lambda c: c.channels[channel]


COUNTS: list[tuple[str, str, Callable[[Counts], int]]] = [
    ("received", "收到", lambda c: c.received),
    *((f"channel_{ch.value}", f"其中{ch.label}", _channel_count(ch)) for ch in Channel),
    ("accepted", "受理", lambda c: c.accepted),
    ("rejected", "不予受理", lambda c: c.rejected),
    ("direct", "直接答复", lambda c: c.direct),
    ("closed", "办结", lambda c: c.closed),
    ("late", "超期办结或超期未办结", lambda c: c.late),
    ("unevaluated", "办结未评价", lambda c: c.unevaluated),
    ("late_unevaluated", "其中超期未评", lambda c: c.late_unevaluated),
    ("repeats", "重复信访", lambda c: c.repeats),
]
"""The counts of the headline table and the open data, in this order."""


SHARE = Measure("share", "占比", "本类收到", "本期收到总数", lambda c, s: (c.received, c.received))
"""A breakdown row's part of the period's total; its denominator is the period, not the row."""


def share(part: int, whole: int) -> Rate:
    """A row's 占比 (rounded as the office rounds shares)."""
    return Rate(part, whole, SHARE.key)
