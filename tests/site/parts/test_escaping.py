"""Text from content reaches the theme's <title>, header, meta description, JSON-LD and
feed.xml as text: escaped once at the source, since MkDocs' Jinja does not autoescape."""

from __future__ import annotations

import html
import json
import re

import yaml

from generator.site.parts.html import front_matter, script_json

PAYLOAD = '</title><img src=x onerror="window.__pwned=1">"\'&\n---\nhide: [x]\n\u2028'


def _meta(page: str) -> dict[str, object]:
    match = re.match(r"---\n(.*?)\n---\n", page, re.DOTALL)
    assert match, page
    return yaml.safe_load(match.group(1))  # type: ignore[no-any-return]


def test_front_matter_title_and_description_are_html_text_on_one_yaml_line() -> None:
    page = front_matter(PAYLOAD, description=PAYLOAD)
    assert page.count("\n---\n") == 1, "a line break in the title ended the front matter"
    meta = _meta(page)
    assert set(meta) == {"title", "description"}
    for key in ("title", "description"):
        value = str(meta[key])
        assert "<" not in value and '"' not in value and "'" not in value
        # the text, with its line breaks as spaces (a title is one line wherever it is shown)
        assert html.unescape(value) == PAYLOAD.replace("\n", " ").replace("\u2028", " ")


def test_json_for_a_script_element_cannot_close_it() -> None:
    text = script_json({"name": "</script><script>window.__pwned=1</script><!--"})
    assert "<" not in text and ">" not in text
    assert json.loads(text) == {"name": "</script><script>window.__pwned=1</script><!--"}
