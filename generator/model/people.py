"""Leaders (领导) and topics (我要反映的问题)."""

from __future__ import annotations

from pydantic import Field

from .base import Record, RecordId, Text


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
    duties: str | None = None
    """分管工作的文字说明。"""
    contact_township: RecordId | None = None
    """下访联系点（乡镇街道单位 id）。"""


class LeadersFile(Record):
    leaders: list[Leader] = Field(min_length=1)


class Topic(Record):
    """问题类别，如“社会保险”。"""

    id: RecordId
    name: Text
    keywords: list[Text] = Field(default_factory=list)
    """群众常用的说法，如“社保”“养老金”“断缴”。"""
    department: Text
    """主管部门，如“市人力资源和社会保障局”。"""
    summary: str = ""
    """一两句话说明这类问题包括什么。"""
    materials: list[Text] = Field(default_factory=list)
    """来访时建议携带的材料。"""
    policies: list[RecordId] = Field(default_factory=list)
    """相关政策解读（content/policies/ 的文件名）。"""
    sensitive: bool = False
    """敏感类别（检举控告、涉未成年人等）：个案一律不公开。"""


class TopicsFile(Record):
    topics: list[Topic] = Field(min_length=1)
