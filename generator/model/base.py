"""The base of every content record: frozen, strict about unknown fields.

Pydantic gives us, from one declaration, the validation (with error locations
we map back to YAML lines), the JSON Schema for editors, and typed objects.
"""

from __future__ import annotations

import re
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

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
