"""MkDocs hooks: a page's front matter is read without PyYAML when it is as plain as the pages
xinfang writes.

MkDocs reads every page's front matter with PyYAML (``mkdocs.utils.meta.get_data``), whose
constructor is Python even with LibYAML; a city's two thousand pages each have a few lines of
it (a quoted title and description, ``hide``, ``search``, ``tags``), and reading them was a
tenth of MkDocs' time.  Here (``on_page_read_source``) a front matter whose every line is
``key: scalar``, ``key:`` or, indented two spaces under one, ``- scalar`` or ``key: scalar``,
each scalar a double-quoted string (escapes ``\\\\``, ``\\"``, ``\\uXXXX`` only), ``true``,
``false``, a whole number, a decimal or a lowercase word, is read to the same values PyYAML
gives; MkDocs is handed the rest of the page, and the values become the page's ``meta``
before any other hook sees the page's Markdown.  Anything else (a comment, another kind of
scalar, a page whose first line MkDocs would read as MultiMarkdown meta) is left to MkDocs.

MkDocs loads this file by its path, as a module of its own: it imports nothing from xinfang.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.plugins import event_priority

_SCALAR = (r'"(?:[^"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]|\\[\\"]|\\u[0-9a-fA-F]{4})*"'
           r"|true|false|0|[1-9][0-9]*|[0-9]+\.[0-9]+|[a-z]+")
"""A scalar read here: a double-quoted string on one line of characters PyYAML takes as they
are (no tab, no line break of any kind), a boolean, a whole number (no leading zero, which
YAML 1.1 reads as octal), a decimal, a lowercase word."""
_LINE = re.compile(rf"(?P<key>[a-z_]+):(?: (?P<value>{_SCALAR}))?|  (?:- (?P<item>{_SCALAR})|"
                   rf"(?P<subkey>[a-z_]+): (?P<subvalue>{_SCALAR}))")
_ESCAPE = re.compile(r'\\(?:([\\"])|u([0-9a-fA-F]{4}))')
_NOT_TEXT = frozenset(("yes", "no", "on", "off", "null", "y", "n"))
"""Words YAML 1.1 reads as a boolean or as nothing (or close enough to them to be left to it)."""
_NOT_KEYS = _NOT_TEXT | {"true", "false"}

_META: dict[str, dict[str, Any]] = {}
"""Each page's front matter, by source path, between reading its source and its Markdown."""


def _scalar(text: str) -> Any:
    if text.startswith('"'):
        return _ESCAPE.sub(lambda m: m.group(1) or chr(int(m.group(2), 16)), text[1:-1])
    if text in ("true", "false"):
        return text == "true"
    if text[0].isdigit():
        return float(text) if "." in text else int(text)
    return text


def read_front_matter(block: str) -> dict[str, Any] | None:
    """The values of a front matter's lines (``block``, each line ending with a line break) as
    PyYAML's safe loader reads them; None if a line is not of the plain kinds read here."""
    data: dict[str, Any] = {}
    below: str | None = None
    """The key whose value is on the lines below it."""
    nested: dict[str, Any] | list[Any] | None = None
    """That value, once its first line is read."""
    for line in block.split("\n")[:-1]:
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        key = match["key"]
        if key is not None:
            value = match["value"]
            if key in data or key in _NOT_KEYS or value in _NOT_TEXT or (below is not None and nested is None):
                return None  # a repeated key, a key or word YAML reads otherwise, a key with nothing below
            if value is None:
                below, nested = key, None
            else:
                data[key], below = _scalar(value), None
            continue
        item, subkey, subvalue = match["item"], match["subkey"], match["subvalue"]
        if below is None or item in _NOT_TEXT or subkey in _NOT_KEYS or subvalue in _NOT_TEXT:
            return None
        if item is not None:
            if nested is None:
                nested = data[below] = []
            if not isinstance(nested, list):
                return None
            nested.append(_scalar(item))
        else:
            if nested is None:
                nested = data[below] = {}
            if not isinstance(nested, dict) or subkey in nested:
                return None
            nested[subkey] = _scalar(subvalue)
    if not data or (below is not None and nested is None):
        return None  # no mapping, or a last key with nothing below it (YAML: None)
    return data


def on_page_read_source(page: Any, config: Any, **_: Any) -> str | None:
    from mkdocs.utils import meta

    try:
        source: str = page.file.content_string
    except (OSError, ValueError):
        return None  # MkDocs reads it again and says what is wrong
    match = meta.YAML_RE.match(source)
    if match is None or "\r" in source:
        return None
    data = read_front_matter(match.group(1))
    if data is None:
        return None
    rest = source[match.end():].lstrip("\n")
    # MkDocs then looks for MultiMarkdown meta in the rest, and must find none and change nothing
    first = rest.split("\n", 1)[0]
    if rest and (not first.strip() or meta.META_RE.match(first)):
        return None
    _META[page.file.src_uri] = data
    return rest


@event_priority(100)  # before every other hook reads the page's Markdown (or its meta)
def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    data = _META.pop(page.file.src_uri, None)
    if data is not None and page.meta == {}:
        page.meta = data
    return markdown


def on_post_build(**_: Any) -> None:
    _META.clear()


def on_build_error(**_: Any) -> None:
    _META.clear()
