"""Policies (政策解读) and notices (通知公告): Markdown with YAML front matter."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import Day, MultiLine, Record, RecordId, Text


class Policy(Record):
    """政策解读（front matter）；正文为 Markdown。"""

    id: RecordId = Field(description="由文件名决定，不需要写")
    title: Text
    topics: list[RecordId] = Field(default_factory=list)
    summary: MultiLine = ""
    basis: list[Text] = Field(default_factory=list)
    """依据的法规条文，如“《社会保险法》第五十八条”。"""
    updated: Day | None = None
    body: MultiLine = Field(default="", description="正文，由文件内容决定")


class NoticeKind(StrEnum):
    GENERAL = "general"
    SCHEDULE = "schedule"
    SUSPENSION = "suspension"


class Notice(Record):
    """通知公告（front matter）；正文为 Markdown。"""

    id: RecordId = Field(description="由文件名决定，不需要写")
    title: Text
    date: Day
    """发布日期。"""
    kind: NoticeKind = NoticeKind.GENERAL
    """general（一般）、schedule（接访安排变动）、suspension（暂停接访）。"""
    banner: bool = False
    """在首页横幅显示。"""
    expires: Day | None = None
    """到期后不再在首页显示（仍可在通知列表查到）。"""
    topics: list[RecordId] = Field(default_factory=list)
    body: MultiLine = Field(default="", description="正文，由文件内容决定")
