"""The privacy scan of files generated from structured values (the open data, the
calendars), done where they are generated: on the distinct values they carry rather than
on their text read back.

A city's schedule.json, .csv and calendars are over a hundred megabytes of text, but they
are a few tens of thousands of distinct values (a leader's title or a venue is written in
every row and every event) set in a syntax that we write and that carries no content.  So
the generator hands over each file's values, every string, key and number that goes into
it; a list as one value too, its items side by side as the file writes them.  All distinct
values are scanned at once, joined by a separator no name or number can run across; when
that finds nothing (every clean build) nothing is read back.  When it finds something,
each file's values are scanned on their own, and a file whose values leak is then read as
text, once, so the report says where in the file, as for every other file.

Within one value everything is scanned as in a file's text (a name spaced out, a number
split by dashes, full-width digits); a value is not joined to its neighbour, which in a
file's text only a separator of ours stands between.  Partial maskings add up within one
file, as in a file's text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from pydantic import BaseModel

from . import scan
from .scan import Leak, Scanner

SEPARATOR = "\n丨>丨\n"
"""Between two values: an ideograph, which ends a run of digits (they join across anything
that is not a letter or digit) and a name (which is matched across white space only); the
``>`` ends a tag left open in one value before it reaches the next; the line breaks keep
an ICS or JSON escape at a value's end from reading the separator."""
VALUES = "生成的数据"
"""The name a leak found in the joined values goes by before it is traced to a file."""


def values_of(item: object, into: set[str], known: Collection[int] = ()) -> None:
    """Every value a JSON serialisation of ``item`` writes (strings, keys, numbers, dates),
    added to ``into``; a list of strings also as one value, as the file writes it.  A loop
    over a stack rather than a call per value: a city's session records are 2.4 million.
    ``known``: the ids of models whose values ``into`` holds already (a leader's record in
    every session of theirs), not walked again; they must live as long as ``into`` is filled."""
    add = into.add
    pending = [item]
    while pending:
        item = pending.pop()
        if type(item) is str:
            add(item)
        elif type(item) is bool:
            continue
        elif isinstance(item, BaseModel):
            if known and id(item) in known:
                continue
            for value in item.__dict__.values():
                if type(value) is str:  # most of them: straight in, not through the stack
                    add(value)
                elif value is not None and value is not True and value is not False:
                    pending.append(value)
        elif isinstance(item, list | tuple):
            # a list of models (leaders, topics) is told by its first item, without a pass over it
            if item and type(item[0]) is str and all(isinstance(x, str) for x in item):
                into.update(item)
                if len(item) > 1:
                    add("；".join(item))
            else:
                pending.extend(item)
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, str):
            add(item)
        elif isinstance(item, int | float | dt.date) and not isinstance(item, bool):
            add(item.isoformat() if isinstance(item, dt.date) else str(item))


def _joined(values: Iterable[str]) -> str:
    return SEPARATOR.join(values)


def carries_none(scanner: Scanner, carried: Mapping[str, set[str]]) -> bool:
    """No private value in any of the values the files ``carried`` names carry (every clean
    build's answer, found in one scan of them all).  In any order: a value is scanned within
    itself, and the partial maskings of them all add up whatever their order (sorting a city's
    hundred thousand values cost a tenth of a second)."""
    distinct: set[str] = set().union(*carried.values())
    return not scanner.scan_text(_joined(distinct), VALUES, recurring=False)


def scan_values(scanner: Scanner, carried: Mapping[str, set[str]], folder: Path) -> list[Leak]:
    """Every leak in the generated files ``carried`` names (relative to ``folder``, where
    they are written), each with the values it carries."""
    if carries_none(scanner, carried):
        return []
    leaks: list[Leak] = []
    for name, values in sorted(carried.items()):
        found = scanner.scan_text(_joined(sorted(values)), name, recurring=False)
        if not found:
            continue
        # where in the file: its text as every other file is read; a value the text does not
        # show the same way (an escape) is still reported, without a place
        leaks += scan.scan_file(scanner, folder / name, name) or [
            Leak(name, 0, 0, leak.kind, leak.shown, leak.case_id, leak.case_file) for leak in found]
    return leaks
