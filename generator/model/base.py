"""The base of every content record: frozen, strict about unknown fields.

Pydantic gives us, from one declaration, the validation (with error locations
we map back to YAML lines), the JSON Schema for editors, and typed objects.
"""

from __future__ import annotations

import re
from typing import Annotated

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
