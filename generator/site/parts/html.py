"""Small HTML/Markdown helpers shared by every page generator.

Data from YAML is placed inside raw HTML blocks, escaped with ``esc``; Markdown
never sees it, so a ``<script>`` or ``**`` in a leader's title shows as text.
Links inside raw HTML are written relative to the page, as ``placement.rel`` says (MkDocs
does not rewrite them), and ``checks.find_dead_links`` verifies them.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re

from ...chinese import cn_date, cn_month_day
from ...linebreaks import LINE_ENDS
from .placement import rel
from .rawhtml import MARK, MARK_UNSEARCHED

WEEKDAYS = "一二三四五六日"


LINE_BREAKS = re.compile(f"[{LINE_ENDS}]")


def esc(value: object) -> str:
    """Content text for HTML text or a quoted attribute, on one line.

    A line break inside a value would end the raw HTML block it sits in, and Markdown
    would read the rest of the value (``[x](javascript:…)``, ``*``, ``{: attr}``) as
    markup; as white space it is the same text in HTML."""
    text = str(value)
    # most values (a name, an id, a link) hold nothing to escape: one search says so, and
    # a city's pages escape a million of them
    if _ESCAPED.search(text) is None:
        return text
    return html.escape(LINE_BREAKS.sub(" ", text), quote=True)


_ESCAPED = re.compile(f"[&<>\"'{LINE_ENDS}]")


_MD_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
"""Python-Markdown's backslash escapes (the tables extension adds ``|``); ``<``, ``>`` and
``&`` are HTML-escaped instead, after, so no backslash lands inside an entity."""


PHONE = re.compile(
    r"(?<![0-9A-Za-z-])(?:"
    # a landline with its area code, written apart from the number (0571-8888 8888, （0571）88888888):
    # ten bare digits are as often a site code as a number
    r"(?:[（(](?P<area>0\d{2,3})[）)] ?|(?P<dash_area>0\d{2,3})[-－ ])(?P<local>\d{3,4} ?\d{4})"
    r"|(?P<short_area>0\d{2,3})[-－](?P<short>\d{5,6})"  # a short line (a hotline's own exchange)
    r"|(?P<mobile>1[3-9]\d{9})"
    r"|(?P<service>[48]00[-－ ]?\d{3}[-－ ]?\d{4})"
    # 12345, 12388, the government service hotlines, only where the text dials them
    r"|(?:(?<=热线)|(?<=拨打)|(?<=电话)|(?<=热线 )|(?<=拨打 )|(?<=电话：)|(?<=或))(?P<hotline>12\d{3})"
    r")(?:[ 　]?转[ 　]?(?P<ext>\d{1,6}))?(?![0-9A-Za-z])"
)
"""Telephone numbers as Chinese notices write them; ``转 123`` is an extension."""


def tel_href(match: re.Match[str]) -> str:
    """``tel:`` with the digits only; an extension after a pause (``,``), which phones dial."""
    digits = re.sub(r"\D", "", match.group(0).split("转")[0])
    ext = match.group("ext")
    return f"tel:{digits}" + (f",{ext}" if ext else "")


URL = re.compile(r"https?://[^\s，。；、：（）()<>\"']+[^\s，。；、：（）()<>\"'.,;:!?]")
"""A web address written in a booking or channel text (only http and https become links)."""


def linked_html(value: object) -> str:
    """Text escaped, its phone numbers ``tel:`` links and its web addresses links: a booking
    written as a number or an address is one tap away. Addresses are found in the raw text
    and escaped as a whole, so a quote or bracket ends one and never reaches the markup."""
    text = str(value)
    out, at = [], 0
    for match in URL.finditer(text):
        address = esc(match.group(0))
        out += [phone_html(text[at:match.start()]), f'<a href="{address}">{address}</a>']
        at = match.end()
    out.append(phone_html(text[at:]))
    return "".join(out)


_TAG = re.compile(r"(<[^>]*>)")


def link_phones_in(markup: str) -> str:
    """Phone numbers in the text of sanitised HTML (a policy's or notice's body) made ``tel:``
    links; text already in a link, or in code, is left as it is."""
    out, skip = [], 0
    for piece in _TAG.split(markup):
        if piece.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            tag = name.group(1).lower() if name else ""
            if tag in ("a", "code", "pre", "script", "style"):
                skip += -1 if piece.startswith("</") else (0 if piece.endswith("/>") else 1)
            out.append(piece)
        elif skip > 0 or not piece:
            out.append(piece)
        else:
            out.append(PHONE.sub(lambda m: f'<a class="xf-tel" href="{tel_href(m)}">{m.group(0)}</a>', piece))
    return "".join(out)


def phone_html(value: object) -> str:
    """Text escaped, with every phone number in it a ``tel:`` link showing the number as written
    (``0571-8888 8888 转 123`` stays readable; the link dials it)."""
    return PHONE.sub(lambda m: f'<a class="xf-tel" href="{tel_href(m)}">{m.group(0)}</a>', esc(value))


def md_text(value: object) -> str:
    """Text for a Markdown context (a heading): on one line, every character Markdown
    or its extensions (attr_list's ``{: …}``, links, emphasis, code) read escaped."""
    return html.escape(_MD_ACTIVE.sub(r"\\\1", LINE_BREAKS.sub(" ", str(value))), quote=True)


def link(from_page: str, target: str, text: object) -> str:
    return f'<a href="{esc(rel(from_page, target))}">{esc(text)}</a>'


def day_label(day: dt.date) -> str:
    return cn_month_day(day)


def weekday(day: dt.date) -> str:
    return f"周{WEEKDAYS[day.weekday()]}"


def full_date(day: dt.date) -> str:
    return cn_date(day)


def front_matter(title: str, *, hide: tuple[str, ...] = (), search: bool = True,
                 description: str | None = None, boost: float | None = None,
                 tags: tuple[str, ...] = ()) -> str:
    """YAML front matter MkDocs and material read: title, hidden sidebars, search.

    The theme writes ``page.meta.title`` and ``description`` into ``<title>``, the header,
    the search index and ``<meta name="description" content="…">`` without escaping them
    (MkDocs' Jinja does not autoescape; MkDocs treats titles as HTML), so the text from
    content is HTML-escaped here, once, for all of them.

    ``tags`` are the page's own words for search: material weighs a match in them far above
    one in a title (its ``tags`` field, boost 10⁶ against 10³), and shows them under the
    result; without material's tags plugin no page shows them. Its search result puts them
    in with ``innerHTML``, so they are escaped too."""
    lines = ["---", f"title: {_yaml_str(esc(title))}"]
    if description:
        lines.append(f"description: {_yaml_str(esc(description))}")
    if tags:
        lines.append("tags:")
        lines += [f"  - {_yaml_str(esc(tag))}" for tag in dict.fromkeys(t.strip() for t in tags) if tag]
    if hide:
        lines.append("hide:")
        lines += [f"  - {item}" for item in hide]
    if not search:
        lines += ["search:", "  exclude: true"]
    elif boost:
        # material's search ranks these pages first: a citizen searching 欠薪 wants the
        # topic page, not a list that mentions it
        lines += ["search:", f"  boost: {boost}"]
    lines.append("---")
    return "\n".join(lines) + "\n\n"


_YAML_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _yaml_str(value: str) -> str:
    """A YAML double-quoted scalar on one line: a line break in a title cannot end the
    front matter (a ``---`` line) or start a new key."""
    text = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + '"'


def script_json(value: object) -> str:
    """JSON for inside a ``<script>`` element (JSON-LD): ``<``, ``>`` and ``&`` as \\u escapes,
    so no text can close the element or open an HTML comment in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def raw_block(markup: str, *, searchable: bool = True) -> str:
    """A finished HTML block, placed in a page on a line of its own.

    The mark lets the ``rawhtml`` hooks pass it to the page unparsed, and keep it out of
    the search plugin's way when it is not ``searchable``; newlines inside would split it
    into Markdown lines, so they become spaces (the same white space in HTML)."""
    return f"\n\n{MARK if searchable else MARK_UNSEARCHED}{markup.replace(chr(10), ' ')}\n\n"


def table(headers: list[str], rows: list[list[str]], *, css: str = "", caption: str = "",
          row_attrs: list[str] | None = None) -> str:
    """An HTML table with header cells; cells are already-escaped HTML.

    ``data-label`` on each cell lets the phone stylesheet show each row as a card
    with its labels instead of scrolling sideways."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    attrs = row_attrs or [""] * len(rows)  # already-escaped attributes of each row
    body = "".join(
        f"<tr{extra}>" + "".join(f'<td data-label="{esc(h)}">{cell}</td>' for h, cell in zip(headers, row, strict=True))
        + "</tr>"
        for row, extra in zip(rows, attrs, strict=True)
    )
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return raw_block(f'<table class="xf-table {css}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')
