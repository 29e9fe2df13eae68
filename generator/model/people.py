"""Leaders (领导) and topics (我要反映的问题)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from .base import Day, MultiLine, Record, RecordId, Text


class Leader(Record):
    """接访领导。"""

    id: RecordId
    name: Text
    """姓名。"""
    title: Text
    """职务，如“副市长”。"""
    unit: RecordId
    """所属单位 id（units.yaml）。"""
    topics: list[RecordId] = Field(default_factory=list)
    """分管领域：topics.yaml 里的问题类别 id。"""
    duties: MultiLine | None = None
    """分管工作的文字说明。"""
    principal: bool = False
    """主要负责同志（书记、市长、县长等）：领导接访统计单列“主要领导”。"""
    contact_township: RecordId | None = None
    """下访联系点（乡镇街道单位 id）。"""
    term_from: Day | None = Field(default=None, alias="from")
    """任职起始日（可选）；此前的接访不能由他（她）接待。"""
    term_until: Day | None = Field(default=None, alias="until")
    """任职截止日（可选，含当天）；离任后页面不再列出，往期接访仍保留其姓名。"""

    @model_validator(mode="after")
    def _term_ordered(self) -> Leader:
        if self.term_from and self.term_until and self.term_until < self.term_from:
            raise ValueError("任职的 until 早于 from；请检查日期")
        return self

    def serves_on(self, day: dt.date) -> bool:
        """In office on ``day`` (an unknown end of term means still serving)."""
        return (self.term_from is None or self.term_from <= day) and (
            self.term_until is None or day <= self.term_until)


class LeadersFile(Record):
    leaders: list[Leader] = Field(default_factory=list)
    """可以为空（`leaders: []`）或没有这个文件：公告不点名（“县领导一名”“区委主要负责同志”）时
    接访用 role 写，不必编造领导。"""


class Topic(Record):
    """问题类别，如“社会保险”。"""

    id: RecordId
    name: Text
    keywords: list[Text] = Field(default_factory=list)
    """群众常用的说法，如“社保”“养老金”“断缴”。"""
    department: Text
    """主管部门，如“市人力资源和社会保障局”。"""
    summary: MultiLine = ""
    """一两句话说明这类问题包括什么。"""
    materials: list[Text] = Field(default_factory=list)
    """来访时建议携带的材料。"""
    policies: list[RecordId] = Field(default_factory=list)
    """相关政策解读（content/policies/ 的文件名）。"""
    sensitive: bool = False
    """敏感类别（检举控告、涉未成年人等）：个案一律不公开。"""


class TopicsFile(Record):
    topics: list[Topic] = Field(default_factory=list)
    """可以为空（`topics: []`）：没有公布分管领域的单位不必编造类别。"""
