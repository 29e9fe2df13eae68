"""The regulation in force on a date: the one table of the 信访 regulations' names, article
numbers and the sentences letters quote from them.

Two regimes: the State Council's 《信访条例》 (国务院令第431号), in force from 2005-05-01, and
the 《信访工作条例》 of the CPC Central Committee and the State Council, in force from
2022-05-01.  The time limits are the same in both (15 / 60 + 30 / 30 / 30 日), except the
5 个工作日 objection to a transferred matter, which only the 2022 one has.  A letter cites
the regime in force on its own date, the site's process page the one in force on the build
date.  No other module spells an article number: they ask this table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Provision(StrEnum):
    """What a letter or a deadline cites, by meaning (the templates use the values)."""

    ACCEPT = "accept"
    """收到信访事项后告知（是否受理 / 接收情况）."""
    OBJECTION = "objection"
    """对转送、交办事项提出异议（5个工作日）."""
    HANDLE = "handle"
    """60日内办结、延长不超过30日."""
    REVIEW = "review"
    """复查：30日内请求、30日内答复."""
    RECHECK = "recheck"
    """复核：30日内请求、30日内答复."""
    RECHECK_REQUEST = "recheck_request"
    """复核请求的期限（复核一条的第一款）."""
    FINAL = "final"
    """复核后以同一事实和理由提出的，不再受理."""
    SUPERVISE = "supervise"
    """督办并提出改进建议."""
    ACCOUNTABILITY = "accountability"
    """追究责任（行政处分）的建议."""


@dataclass(frozen=True, kw_only=True)
class Regime:
    key: str
    name: str
    """The regulation's name without 书名号: 信访条例."""
    issued_by: str
    """How it was enacted, printed after the name on the process page."""
    effective: dt.date
    articles: Mapping[Provision, str]
    final_organs: str
    """Who no longer accepts a matter after the 复核 (the regulation's own words)."""
    review_organ: str
    """To whom a 复查 is requested."""
    recheck_organ: str
    """To whom a 复核 is requested."""

    @property
    def title(self) -> str:
        return f"《{self.name}》"

    def has(self, provision: Provision) -> bool:
        return provision in self.articles

    def cite(self, provision: Provision) -> str:
        """《信访条例》第三十四条."""
        return self.title + self.articles[provision]

    def article(self, provision: Provision) -> str:
        return self.articles[provision]


REGIMES: tuple[Regime, ...] = (
    Regime(
        key="2005", name="信访条例", issued_by="国务院令第431号，2005年5月1日起施行",
        effective=dt.date(2005, 5, 1),
        articles=MappingProxyType({
            Provision.ACCEPT: "第二十一条、第二十二条",
            Provision.HANDLE: "第三十三条",
            Provision.REVIEW: "第三十四条",
            Provision.RECHECK: "第三十五条",
            Provision.RECHECK_REQUEST: "第三十五条第一款",
            Provision.FINAL: "第三十五条第三款",
            Provision.SUPERVISE: "第三十六条",
            Provision.ACCOUNTABILITY: "第三十八条",
        }),
        final_organs="各级人民政府信访工作机构和其他行政机关",
        review_organ="原办理行政机关的上一级行政机关",
        recheck_organ="复查机关的上一级行政机关",
    ),
    Regime(
        key="2022", name="信访工作条例", issued_by="中共中央、国务院2022年2月25日发布，2022年5月1日起施行",
        effective=dt.date(2022, 5, 1),
        articles=MappingProxyType({
            Provision.ACCEPT: "第二十二条、第二十三条",
            Provision.OBJECTION: "第二十三条第三款",
            Provision.HANDLE: "第三十四条",
            Provision.REVIEW: "第三十五条",
            Provision.RECHECK: "第三十六条",
            Provision.RECHECK_REQUEST: "第三十六条第一款",
            Provision.FINAL: "第三十六条第三款",
            Provision.SUPERVISE: "第四十条",
            Provision.ACCOUNTABILITY: "第四十条第三款",
        }),
        final_organs="各级信访部门和其他机关、单位",
        review_organ="原办理机关、单位的上一级机关、单位",
        recheck_organ="复查机关、单位的上一级机关、单位",
    ),
)


def regime_on(day: dt.date) -> Regime:
    """The regime in force on ``day`` (the 2005 one for any earlier day: xinfang does not
    carry the 1995 regulation)."""
    current = REGIMES[0]
    for regime in REGIMES:
        if regime.effective <= day:
            current = regime
    return current


def change_between(first: dt.date, last: dt.date) -> Regime | None:
    """The regime that took effect after ``first`` and on or before ``last``, if any."""
    later = regime_on(last)
    return later if regime_on(first) is not later else None
