"""Line and paragraph separators in content: a one-line field refuses each of them with
``file:line``; a multi-line field (a narrative, a summary, a Markdown body) reads them as
line breaks. Every text value of every content kind of the sample is tried."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.errors import ContentError
from generator.load import load_content
from tests.conftest import REPO

SEPARATORS = ["\r", "\v", "\f", "\x85", "\u2028", "\u2029"]

MULTILINE = {("leaders", "duties"), ("topics", "summary"), ("policies", "summary"),
             ("record", "what"), ("record", "why"), ("record", "result"), ("record", "request"),
             ("record", "handling"), ("basis", "text"), ("review", "reasons"), ("review", "findings"),
             ("review", "opinion"), ("recheck", "reasons"), ("recheck", "findings"), ("recheck", "opinion"),
             ("publish", "asked"), ("publish", "done"), ("publish", "outcome"), ("", "facts")}
"""(parent key, key): the fields written as several lines; every other text is one line."""

NOT_TEXT = {"id", "unit", "leaders", "topics", "policies", "parent", "contact_township", "channel", "level",
            "kind", "action", "result", "decision", "evaluation", "letters", "gender", "session", "rule",
            "addressee", "rounding", "periods", "start", "end", "weekday", "weekdays", "every", "nth", "mode",
            "mode_note", "rotation", "topic", "codes", "unit_level", "format", "time", "times", "replaces",
            "cases_dir", "site_url", "email", "with_others", "phone", "public_numbers", "id_number", "type",
            "month_day", "fonts"}
"""Ids, references, enums, times and URLs: a separator there fails other checks too."""


class _Dumper(yaml.SafeDumper):
    """Writes a separator as a quoted escape ("\\r", "\\L"), the one way a YAML value
    can carry one (a raw one ends the line)."""


_Dumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style='"' if any(c in value for c in SEPARATORS) else None))


def dump_quoted(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)


def _multiline(parent: str, key: str) -> bool:
    return (parent, key) in MULTILINE or ("", key) in MULTILINE


def _leaves(value: object, parent: str = "", key: str = "") -> Iterator[tuple[dict | list, object, str, str]]:  # type: ignore[type-arg]
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, str) and k not in NOT_TEXT:
                yield value, k, key, k
            elif not isinstance(v, str):
                yield from _leaves(v, key, k)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str) and key not in NOT_TEXT:
                yield value, index, parent, key
            else:
                yield from _leaves(item, parent, key)


def _poison(root: Path, *, multiline: bool, office: bool | None = None) -> dict[str, int]:
    """Put a separator into every (one-line or multi-line) text value; returns, per file,
    how many values got one."""
    counts: dict[str, int] = {}
    number = 0
    files = [*root.glob("*.yaml"), *root.glob("schedule/*.yaml"), *root.glob("cases/*.yaml"),
             *root.glob("policies/*.md"), *root.glob("notices/*.md")]
    for path in files:
        if path.name == "holidays.yaml" or (office is not None and (path.name == "office.yaml") != office):
            continue
        markdown = path.suffix == ".md"
        text = path.read_text(encoding="utf-8")
        _, meta, body = text.split("---\n", 2) if markdown else ("", text, "")
        data = yaml.safe_load(meta)
        for holder, key, parent, name in _leaves(data, "", path.parent.name):
            if _multiline(parent, name) != multiline:
                continue
            char = SEPARATORS[number % len(SEPARATORS)]
            number += 1
            holder[key] = f"前{char}后{holder[key]}"  # type: ignore[index]
            shown = str(path.relative_to(root.parent))
            counts[shown] = counts.get(shown, 0) + 1
        dumped = dump_quoted(data)
        path.write_text(f"---\n{dumped}---\n{body}" if markdown else dumped, encoding="utf-8")
    return counts


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    return root


@pytest.mark.parametrize("office", [True, False])
def test_every_one_line_field_refuses_every_separator_with_file_and_line(sample: Path, office: bool) -> None:
    """office.yaml alone (with it refused, nothing else is read), then every other file."""
    counts = _poison(sample, multiline=False, office=office)
    assert sum(counts.values()) > (30 if office else 300), counts  # every kind of file, every text field
    with pytest.raises(ContentError) as caught:
        load_content(sample)
    found: dict[str, int] = {}
    for problem in caught.value.problems:
        if "单行的字段" in problem.message:
            assert problem.line > 0 and "换成空格" in problem.message, problem
            found[problem.path] = found.get(problem.path, 0) + 1
    assert found == counts


def test_multi_line_fields_read_separators_as_line_breaks(sample: Path) -> None:
    counts = _poison(sample, multiline=True)
    assert len(counts) > 10
    content = load_content(sample)
    for case in content.cases.values():
        for text in (case.record.what, case.record.request, *case.facts):
            assert text.startswith("前\n后"), text
    assert all(t.summary.startswith("前\n后") for t in content.topics.values() if t.summary)


@pytest.mark.parametrize("char", SEPARATORS)
def test_a_markdown_body_reads_separators_as_line_breaks(sample: Path, char: str) -> None:
    path = sample / "notices" / "2026-12-new-year.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n第一段{char}{char}第二段\r\n", encoding="utf-8")
    body = load_content(sample).notices["2026-12-new-year"].body
    assert body.endswith("第一段\n\n第二段")
    assert not any(c in body for c in SEPARATORS)


def test_one_list_of_line_ends_is_complete_and_both_outputs_fold_it() -> None:
    """generator/linebreaks.py owns the characters that end a line: it names every one Python's
    own ``splitlines`` knows (the widest reading any tool here makes), the loader refuses the
    separators from it, and the site's escaping and the letters' slots fold each to a space."""
    from generator.letters.markup import DataSlots
    from generator.linebreaks import LINE_ENDS
    from generator.linebreaks import SEPARATORS as OWNED
    from generator.site.parts.html import esc

    splitting = {chr(c) for c in range(0x3000) if len(f"a{chr(c)}b".splitlines()) == 2}
    assert splitting == set(LINE_ENDS)
    assert set(OWNED) == set(SEPARATORS)  # the ones a quoted YAML escape can write
    for char in LINE_ENDS:
        assert esc(f"甲{char}乙") == "甲 乙"
        slots = DataSlots()
        assert slots.fill(slots.slot(f"甲{char}乙")) == "甲 乙"
