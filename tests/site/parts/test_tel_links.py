"""Phone numbers and booking addresses become links a phone can tap; nothing else does, and a
hostile value stays text."""

from __future__ import annotations

from lxml import html as lxml_html

from generator.site.parts.html import link_phones_in, linked_html, phone_html


def _links(markup: str) -> list[tuple[str, str]]:
    tree = lxml_html.fragment_fromstring(markup, create_parent="div")
    return [(a.get("href") or "", a.text_content()) for a in tree.iter("a")]


def test_landlines_mobiles_hotlines_and_extensions_dial_what_they_say() -> None:
    text = ("拨打 0571-8888 8888，或（0571）88888888 转 123，手机 13912345678，热线12345，"
            "400-123-4567，0000-12345")
    assert _links(phone_html(text)) == [
        ("tel:057188888888", "0571-8888 8888"), ("tel:057188888888,123", "（0571）88888888 转 123"),
        ("tel:13912345678", "13912345678"), ("tel:12345", "12345"), ("tel:4001234567", "400-123-4567"),
        ("tel:000012345", "0000-12345")]


def test_dates_counts_postcodes_and_case_numbers_stay_text() -> None:
    for text in ("2026-12-01", "限 15 人", "邮编 310000", "第12345号", "示信复〔2026〕3号", "0000000001"):
        assert _links(phone_html(text)) == [], text


def test_a_hostile_value_stays_text_around_its_number() -> None:
    markup = phone_html('<img src=x onerror=alert(1)>0000-12345678"><script>')
    tree = lxml_html.fragment_fromstring(markup, create_parent="div")
    assert [e.tag for e in tree.iter()] == ["div", "a"]
    assert tree.text_content() == '<img src=x onerror=alert(1)>0000-12345678"><script>'


def test_a_booking_address_is_a_link_and_ends_at_a_quote_or_bracket() -> None:
    links = _links(linked_html('在 https://xf.example.gov.cn/yy?a=1&b=2 预约，或拨打 0000-12345678'))
    assert links == [("https://xf.example.gov.cn/yy?a=1&b=2", "https://xf.example.gov.cn/yy?a=1&b=2"),
                     ("tel:000012345678", "0000-12345678")]
    hostile = linked_html('见 http://x.cn/"onmouseover=alert(1)<script>')
    tree = lxml_html.fragment_fromstring(hostile, create_parent="div")
    (a,) = tree.iter("a")
    assert a.attrib == {"href": "http://x.cn/"} and not tree.findall(".//script")
    assert _links(linked_html("javascript:alert(1)")) == []


def test_numbers_in_a_body_are_linked_but_not_inside_links_or_code() -> None:
    body = ('<p>咨询 0000-12345678</p><p><a href="tel:000012345678">0000-12345678</a></p>'
            "<pre><code>0000-7654321</code></pre>")
    linked = link_phones_in(body)
    assert _links(linked) == [("tel:000012345678", "0000-12345678"), ("tel:000012345678", "0000-12345678")]
    assert "<code>0000-7654321</code>" in linked
