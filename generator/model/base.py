"""The base of every content record: frozen, strict about unknown fields.

Pydantic gives us, from one declaration, the validation (with error locations
we map back to YAML lines), the JSON Schema for editors, and typed objects.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, StringConstraints

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
ID_RE = re.compile(ID_PATTERN)

WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                              *(f"lpt{n}" for n in range(10))})
"""Names Windows cannot give a file or folder; an id becomes both (leaders/<id>/)."""


def _not_reserved(value: str) -> str:
    if value in WINDOWS_RESERVED:
        raise ValueError(f"id “{value}”是 Windows 的保留设备名，不能用作文件夹名（在 Windows 上生成网站会失败）；"
                         f"请改一个，如“{value}-1”")
    return value


RecordId = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=64),
    AfterValidator(_not_reserved),
]
"""A stable id: lower-case letters, digits and '-' (it becomes part of URLs and file names)."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

EARLIEST = dt.date(1949, 10, 1)
LATEST = dt.date(2100, 12, 31)
"""The dates content and the command line may name: a typo such as 0001-01-01 or 20260
is caught here, not as a crash when a deadline or a previous period is computed."""


def date_problem(day: dt.date) -> str | None:
    """What is wrong with ``day``, or None when it is in the plausible range."""
    if EARLIEST <= day <= LATEST:
        return None
    return (f"日期 {day.isoformat()} 不在 {EARLIEST.isoformat()} 至 {LATEST.isoformat()} 之间；"
            "请检查年份是否写错")


def _in_range(day: dt.date) -> dt.date:
    problem = date_problem(day)
    if problem is not None:
        raise ValueError(problem)
    return day


Day = Annotated[dt.date, AfterValidator(_in_range)]
"""A date in content: between EARLIEST and LATEST."""


def _clock_text(value: Any) -> Any:
    # pydantic reads a number as seconds after midnight UTC, and 09:00+08:00 as a time with
    # a zone: neither is how a notice gives an hour, and a zoned time cannot be compared
    # with the office's plain ones
    if isinstance(value, (int, float)):
        raise ValueError("时间要写成 09:00 这样的钟点")
    return value


def _local(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise ValueError("时间不写时区，写成 09:00 这样的钟点")
    return value


Clock = Annotated[dt.time, BeforeValidator(_clock_text), AfterValidator(_local)]
"""A clock time in content (09:00), in the office's own time."""


class _MultiLine:
    """Marks a text field written as several lines (a narrative, a summary): line and
    paragraph separators in it are read as line breaks; everywhere else they are refused."""

    def __repr__(self) -> str:
        return "MULTILINE"


MULTILINE = _MultiLine()
MultiText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), MULTILINE]
"""Required text that may run over several lines."""
MultiLine = Annotated[str, MULTILINE]
"""Optional-length text that may run over several lines."""


def _strip(annotation: Any) -> tuple[Any, bool]:
    """(the type inside Optional/Annotated, whether a MULTILINE mark was met on the way)."""
    marked = False
    while True:
        if hasattr(annotation, "__metadata__"):
            marked = marked or any(m is MULTILINE for m in annotation.__metadata__)
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) in (Union, types.UnionType):
            annotation = next((a for a in get_args(annotation) if a is not type(None)), annotation)
        else:
            return annotation, marked


def is_multiline(model: type[BaseModel], path: tuple[str | int, ...]) -> bool:
    """Whether the value at ``path`` (YAML keys and list positions) inside ``model`` is a
    multi-line text field; unknown paths are single-line."""
    current: Any = model
    marked = False
    for step in path:
        current, _ = _strip(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(step, str):
            field = next((f for name, f in current.model_fields.items() if step in (name, f.alias)), None)
            if field is None:
                return False
            current, marked = _strip(field.annotation)
            marked = marked or any(m is MULTILINE for m in field.metadata)
        elif get_origin(current) in (list, tuple) and isinstance(step, int):
            current, marked = _strip(get_args(current)[0])
        elif get_origin(current) is dict and isinstance(step, str):
            current, marked = _strip(get_args(current)[1])
        else:
            return False
    return marked and current is str


class Record(BaseModel):
    """A value object read from content; unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
        # the fields' docstrings are read only where they are shown, the JSON Schemas
        # (schemas.py): reading every model's source cost each command 40 ms
        use_attribute_docstrings=False,
        # An unquoted ID or phone number is read by YAML as an integer; keep it as text.
        coerce_numbers_to_str=True,
    )
