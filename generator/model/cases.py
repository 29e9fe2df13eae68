"""Cases (信访事项): private petitioner data, the procedure's dates, the 八何 record."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import Field, PrivateAttr

from .base import Day, MultiLine, MultiText, Record, RecordId, Text
from .kinds import LetterKind


class Channel(StrEnum):
    LETTER = "letter"
    VISIT = "visit"
    ONLINE = "online"
    PHONE = "phone"

    @property
    def label(self) -> str:
        return {"letter": "来信", "visit": "来访", "online": "网上", "phone": "电话"}[self.value]


class Decision(StrEnum):
    SUPPORT = "support"
    EXPLAIN = "explain"
    REJECT = "reject"

    @property
    def label(self) -> str:
        return {"support": "予以支持", "explain": "作出解释说明", "reject": "不予支持"}[self.value]


class Evaluation(StrEnum):
    SATISFIED = "satisfied"
    BASICALLY = "basically"
    UNSATISFIED = "unsatisfied"

    @property
    def label(self) -> str:
        return {"satisfied": "满意", "basically": "基本满意", "unsatisfied": "不满意"}[self.value]


class Petitioner(Record):
    """信访人。这里的一切都是个人信息，绝不上网。"""

    name: Text
    id_number: str | None = None
    phone: str | None = None
    address: str | None = None
    gender: Literal["male", "female"] | None = None


class EightWhat(Record):
    """“八何”登记：何人、何事、何时、何地、何因、何果、何求、何办。"""

    who: str = ""
    what: MultiText
    when: str = ""
    where: str = ""
    why: MultiLine = ""
    result: MultiLine = ""
    request: MultiText
    handling: MultiLine = ""


class Opinion(Record):
    """对一项请求的处理意见。"""

    request: Text
    decision: Decision
    reason: Text


class LegalBasis(Record):
    law: Text
    """法规名称，不带书名号，如“社会保险法”。"""
    article: str | None = None
    """条款，如“第五十八条”。"""
    text: MultiLine | None = None
    """条文要点。"""


class Extension(Record):
    """延长办理期限（不超过 30 日，经负责人批准）。"""

    days: int = Field(ge=1, le=30)
    approved: Day
    reason: Text


class AppealResult(StrEnum):
    UPHOLD = "uphold"
    CHANGE = "change"
    REDO = "redo"

    @property
    def label(self) -> str:
        return {"uphold": "维持", "change": "变更", "redo": "责令重新办理"}[self.value]

    @property
    def conclusion(self) -> str:
        """The standard wording of the conclusion of a 复查/复核 opinion."""
        return {
            "uphold": "原意见事实清楚、依据充分、处理恰当，予以维持",
            "change": "原意见处理不当，予以变更",
            "redo": "原意见事实不清、依据不足或处理不当，责令原办理机关重新办理",
        }[self.value]


class Appeal(Record):
    """复查或复核。"""

    requested: Day
    """信访人提出请求的日期（机关收到之日）。"""
    reasons: MultiText
    """申请的事项和理由。"""
    findings: list[MultiText] = Field(default_factory=list)
    """复查（复核）查明的事实。"""
    result: AppealResult | None = None
    opinion: MultiLine | None = None
    """结论的理由。"""
    decided: Day | None = None
    delivered: Day | None = None
    """信访人收到意见书的日期。"""
    rejected: Day | None = None
    """请求超过30日期限、决定不予受理的日期（不予受理复查/复核申请告知书的日期）。"""
    hearing_days: int = Field(default=0, ge=0)
    """听证用时（日），不计入期限。"""


class Answer(Record):
    """重新作出的信访处理意见书：复查变更原意见或复核（复查）责令重新办理之后，原办理机关再次答复。"""

    replied: Day
    """出具新处理意见书的日期。"""
    delivered: Day | None = None
    """信访人收到新处理意见书的日期；复查请求期限自此重新起算。"""
    facts: list[MultiText] = Field(default_factory=list)
    """重新查明的事实；不填沿用上一次的。"""
    basis: list[LegalBasis] = Field(default_factory=list)
    """不填沿用上一次的。"""
    opinions: list[Opinion] = Field(default_factory=list)
    """新的处理意见；不填沿用上一次的。"""
    review: Appeal | None = None
    """对新处理意见书的复查。"""
    recheck: Appeal | None = None
    """对其复查意见的复核。"""
    letters: list[LetterKind] = Field(default_factory=list)
    """这一次答复要生成的文书（reply、review、recheck……），文件名带序号，如 2026-0003-reply-2.docx。"""


class SupervisionFacts(Record):
    """督办类文书（提示函、督办函、建议函、交办单）的内容。"""

    to_unit: Text
    """主送：承办单位全称。"""
    issued: Day | None = None
    """发函日期；不填为生成当天。"""
    issues: list[Text] = Field(default_factory=list)
    """发现的问题。"""
    requirements: list[Text] = Field(default_factory=list)
    """工作要求。"""
    addressee: Literal["unit", "person"] = "unit"
    """主送是单位（称“你单位”）还是个人（称“您”）。"""
    feedback_days: int | None = Field(default=5, ge=1, le=60)
    """书面反馈期限（工作日）；写 null 表示不要求反馈时限。"""
    feedback_after: str | None = None
    """反馈期限从何时起算，如“事故调查结束后”；不填为“收到本函之日起”。"""
    contact: str | None = None
    """本函的联系人和电话；不填用 office.yaml 的 letters.contact。"""
    attachments: list[Text] = Field(default_factory=list)
    """附件名称，按顺序编号（GB/T 9704 7.3.4）。"""
    responsible: str | None = None
    """建议追责的对象（职务，不写个人姓名以外的隐私）。"""


class Publication(Record):
    """公开为典型案例的内容；只写可公开的事实，不写姓名、电话、地址。"""

    title: Text
    asked: MultiText
    """群众反映了什么。"""
    done: MultiText
    """做了什么。"""
    outcome: MultiText
    policies: list[RecordId] = Field(default_factory=list)


class Backlog(Record):
    """积案：上级交办或本级排查出的信访积案，挂牌督办，化解后销号。"""

    batch: Text
    """交办批次，如“2026年第一批”（上级交办的写交办机关的批次名）。"""
    assigned: Day | None = None
    """交办日期。"""
    listed: Day
    """挂牌日期（列入积案化解台账之日）。"""
    closed: Day | None = None
    """销号日期：化解到位、经审核销号之日。"""
    resolution: str | None = None
    """怎样化解的（销号时必填），如“依法解决诉求，信访人息诉罢访”。"""


class Case(Record):
    """一件信访事项。"""

    id: RecordId
    received: Day
    """收到日期（登记日）。"""
    channel: Channel
    topic: RecordId
    unit: RecordId
    """属地单位 id。"""
    handler: Text
    """有权处理机关（承办单位）全称。"""
    petitioner: Petitioner
    co_petitioners: list[Petitioner] = Field(default_factory=list)
    """联名信访的其他信访人；有则文书称“你们”。"""
    record: EightWhat
    simple: bool = False
    """适用简易程序。"""
    transferred_from: str | None = None
    """转送、交办机关。"""
    objected: Day | None = None
    """认为不属于本单位职权、向转送或交办机关提出异议的日期（收到后5个工作日内）。"""
    signed: Day | None = None
    """责任单位签收日期。"""
    accepted: Day | None = None
    rejected: Day | None = None
    rejection_reason: str | None = None
    rejection_basis: str | None = None
    """不予受理的依据（条款）。"""
    repeat_after_recheck: bool = False
    """复核后以同一事实和理由再次提出（不再受理）。"""
    extension: Extension | None = None
    facts: list[MultiText] = Field(default_factory=list)
    basis: list[LegalBasis] = Field(default_factory=list)
    opinions: list[Opinion] = Field(default_factory=list)
    replied: Day | None = None
    """出具处理意见书的日期。"""
    reply_delivered: Day | None = None
    """信访人收到处理意见书的日期。"""
    review_deadline_as_date: bool = False
    """处理意见书把复查请求期限写成具体日期（自 reply_delivered 起算30日），如“可于2006年12月17日前”。"""
    review: Appeal | None = None
    recheck: Appeal | None = None
    answers: list[Answer] = Field(default_factory=list)
    """之后重新作出的处理意见书，按先后顺序（第一份是上面的 replied）；期限、台账、统计和督办都按最后一份。"""
    closed: Day | None = None
    """办结（销号）日期。"""
    evaluation: Evaluation | None = None
    evaluated: Day | None = None
    supervision: SupervisionFacts | None = None
    letters: list[LetterKind] = Field(default_factory=list)
    """要生成的文书 id。"""
    publish: Publication | None = None
    """公开为典型案例；不写则不公开。"""
    lead: RecordId | None = None
    """包案领导（leaders.yaml 的 id）：一包到底，直至化解销号。"""
    backlog: Backlog | None = None
    """积案：交办批次、挂牌和销号日期、化解情况。"""
    level: RecordId | None = None
    """督查等级（office.yaml 的 supervision.levels 里的 id），如红、黄、蓝、绿“四色”督查。"""

    @property
    def ordered_again(self) -> dt.date | None:
        """For a later answer's view: the day the 复查/复核 opinion that changed the answer or
        ordered it redone was delivered (or made), from which the organ answers again."""
        return self._ordered_again

    _ordered_again: dt.date | None = PrivateAttr(default=None)
    _answer: int = PrivateAttr(default=1)

    @property
    def answer_number(self) -> int:
        """1 for the case's first 处理意见书, 2 for the next answer's view, and so on."""
        return self._answer

    def answer(self, number: int) -> Case:
        """The case as its ``number``-th answer left it: that answer's facts, opinions, dates,
        复查 and 复核 in the usual fields, ``letters`` those of that answer, no later answers.
        ``answer(1)`` is the case as written without ``answers``."""
        if not self.answers:  # every view of a case answered once is the case: no copy (a city's
            return self       # check made two of each of its 5,000 cases)
        view = self.model_copy(update={"answers": []})
        for index, later in enumerate(self.answers[:number - 1], start=2):
            appeal = view.recheck if view.recheck and view.recheck.decided else view.review
            ordered = (appeal.delivered or appeal.decided) if appeal else None
            view = view.model_copy(update={
                "facts": later.facts or view.facts, "basis": later.basis or view.basis,
                "opinions": later.opinions or view.opinions, "replied": later.replied,
                "reply_delivered": later.delivered, "review": later.review, "recheck": later.recheck,
                "letters": later.letters, "extension": None, "review_deadline_as_date": False,
            })
            view._ordered_again, view._answer = ordered, index
        return view

    def latest(self) -> Case:
        """The case as its last answer leaves it: what deadlines, the ledger, statistics and
        supervision read."""
        return self.answer(len(self.answers) + 1) if self.answers else self
