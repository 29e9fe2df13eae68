"""The kinds of content file and of record: one registry that the loader (each kind read by
its ``Reader``), the JSON Schemas, the README's reference and the cross-reference messages
all read (like pelican's ``Readers``), so adding a file kind is one entry here plus its model."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel

from .cases import Case
from .documents import Notice, Policy
from .holidays import HolidaysFile
from .office import Office
from .people import LeadersFile, TopicsFile
from .schedule import ScheduleFile
from .units import UnitsFile


class RecordKind(StrEnum):
    """What a record is; with its id it finds the record's file and line (``Content.source``)."""

    OFFICE = "office"
    UNIT = "unit"
    LEADER = "leader"
    TOPIC = "topic"
    SESSION = "session"
    RULE = "rule"
    CHANGE = "change"
    SUSPENSION = "suspension"
    POLICY = "policy"
    NOTICE = "notice"
    CASE = "case"
    HOLIDAYS = "holidays"
    RECORD = "record"
    """接访记录 (a schedule file's ``records:``), keyed by the session id it records."""

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    RecordKind.OFFICE: "信访机构", RecordKind.UNIT: "单位", RecordKind.LEADER: "领导",
    RecordKind.TOPIC: "问题类别", RecordKind.SESSION: "接访安排", RecordKind.RULE: "接访规则",
    RecordKind.CHANGE: "接访变动", RecordKind.SUSPENSION: "暂停接访", RecordKind.POLICY: "政策解读",
    RecordKind.NOTICE: "通知公告", RecordKind.CASE: "信访事项", RecordKind.HOLIDAYS: "节假日",
    RecordKind.RECORD: "接访记录",
}


class Reader(StrEnum):
    """How a kind of file is read (``load.READERS`` has one function for each)."""

    DOCUMENT = "document"
    """One YAML document is the record (office.yaml, holidays.yaml)."""
    LIST = "list"
    """A list under the file's one key, each item a record (units.yaml's ``units:``)."""
    SECTIONS = "sections"
    """Files of several lists, each list its own kind of record (schedule/*.yaml)."""
    FRONT_MATTER = "front_matter"
    """Markdown whose YAML front matter is the record; the file name is its id."""
    CASES = "cases"
    """One record per file, in the cases folder (which may live outside the content folder)."""


@dataclass(frozen=True)
class FileKind:
    name: str
    """The schema's name: ``schemas/<name>.schema.json``."""
    pattern: str
    """Where under content/: one file, or a glob in a folder."""
    model: type[BaseModel]
    description: str
    records: RecordKind
    reader: Reader
    field: str
    """The ``Content`` attribute its records fill."""
    required: bool = False
    may_be_empty: bool = False
    """A LIST file whose list may be empty or absent (a county that publishes no 分管)."""
    sections: tuple[tuple[str, RecordKind], ...] = ()
    """SECTIONS: each list's key and the kind of its records."""

    @property
    def front_matter(self) -> bool:
        return self.reader is Reader.FRONT_MATTER

    @property
    def shown(self) -> str:
        """How messages and the reference name the files, e.g. ``policies/*.md（开头信息块）``."""
        return f"{self.pattern}（开头信息块）" if self.front_matter else self.pattern

    @property
    def folder(self) -> str | None:
        return self.pattern.split("/")[0] if "/" in self.pattern else None

    @property
    def glob(self) -> str:
        """The files' name pattern inside ``folder``."""
        return self.pattern.rsplit("/", 1)[-1]


_SCHEDULE_SECTIONS = (("sessions", RecordKind.SESSION), ("rules", RecordKind.RULE), ("changes", RecordKind.CHANGE),
                      ("suspensions", RecordKind.SUSPENSION), ("records", RecordKind.RECORD))

FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("office", "office.yaml", Office, "信访机构信息、文书和时限设置", RecordKind.OFFICE,
             Reader.DOCUMENT, "office", required=True),
    FileKind("units", "units.yaml", UnitsFile, "市、区县、乡镇街道单位树", RecordKind.UNIT,
             Reader.LIST, "units", required=True),
    # a notice that names nobody is written with `role:`; no leader needs inventing
    FileKind("leaders", "leaders.yaml", LeadersFile, "接访领导", RecordKind.LEADER,
             Reader.LIST, "leaders", may_be_empty=True),
    # a county may publish no 分管 at all: topics.yaml may be empty and pages adapt
    FileKind("topics", "topics.yaml", TopicsFile, "问题类别（我要反映的问题）", RecordKind.TOPIC,
             Reader.LIST, "topics", required=True, may_be_empty=True),
    FileKind("schedule", "schedule/*.yaml", ScheduleFile, "接访安排：单次、规则、变动、暂停", RecordKind.SESSION,
             Reader.SECTIONS, "schedules", sections=_SCHEDULE_SECTIONS),
    FileKind("policy", "policies/*.md", Policy, "政策解读", RecordKind.POLICY, Reader.FRONT_MATTER, "policies"),
    FileKind("notice", "notices/*.md", Notice, "通知公告", RecordKind.NOTICE, Reader.FRONT_MATTER, "notices"),
    FileKind("case", "cases/*.yaml", Case, "信访事项（含个人信息，不公开）", RecordKind.CASE, Reader.CASES, "cases"),
    FileKind("holidays", "holidays.yaml", HolidaysFile, "节假日包尚未收录的年份", RecordKind.HOLIDAYS,
             Reader.DOCUMENT, "holiday_years"),
)

FILE_KIND = {kind.name: kind for kind in FILE_KINDS}


def file_of(records: RecordKind) -> FileKind:
    """The file kind that holds ``records`` (sessions, rules, changes, suspensions and
    reception records all live in the schedule files)."""
    return next(kind for kind in FILE_KINDS
                if kind.records is records or records in (section for _, section in kind.sections))
