"""The search index reads tables and definition lists as sentences, and a topic's own words
are its tags (material's strongest search field); the pages themselves are unchanged."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from types import SimpleNamespace

from generator.site.build.search_text import search_reading
from generator.site.parts.html import front_matter
from tests.site.conftest import Built

GAP = "\u200b"  # jieba's word gap in the index


def _index(built: Built) -> list[dict[str, object]]:
    return json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]  # type: ignore[no-any-return]


def _text(entry: dict[str, object]) -> str:
    return str(entry["text"]).replace(GAP, "")


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = []
        self.open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p":
            self.open = True
            self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.open = False

    def handle_data(self, data: str) -> None:
        if self.open:
            self.paragraphs[-1] += data


def _paragraphs(html: str) -> list[str]:
    parser = _Paragraphs()
    parser.feed(html)
    return parser.paragraphs


def test_a_case_pages_facts_read_as_a_sentence_in_the_index(built: Built) -> None:
    content = built.prepared.content
    case = content.cases["2026-0002"]  # 钱大勇, male, wage arrears, 西湖区, a visit in October 2026
    entry = next(e for e in _index(built) if e["location"] == f"cases/{case.id}/")
    paragraphs = _paragraphs(_text(entry))
    assert paragraphs == [f"信访人：钱先生；问题类别：{content.topics[case.topic].name}；"
                          f"属地：{content.units[case.unit].name}；反映时间：2026年10月；反映方式：来访；"
                          "办结时间：2026年10月。"]
    # what the issue saw: the cells glued into one run
    assert "信访人钱先生问题类别" not in _text(entry)


def test_every_table_and_definition_list_in_the_index_is_sentences(built: Built) -> None:
    content = built.prepared.content
    wages = next(t for t in content.topics.values() if "欠薪" in t.keywords)
    leaders = next(e for e in _index(built) if e["location"].startswith(f"topics/{wages.id}/#")  # type: ignore[attr-defined]
                   and "负责" in str(e["title"]))
    rows = _paragraphs(_text(leaders))
    responsible = [x for x in content.leaders.values() if wages.id in x.topics]
    assert len(rows) == len(responsible)
    for leader in responsible:
        unit = content.units[leader.unit]
        # 层级，领导，职务，下次接访。 (no column names: every row would repeat them)
        row = next(r for r in rows if f"，{leader.name}，{unit.name}{leader.title}，" in r)
        assert row.startswith(unit.level.label) and row.endswith("。")
    # no entry anywhere has a run of label and value glued: every non-paragraph text is short
    for entry in _index(built):
        loose = re.sub(r"<(p|li|ul|ol|code|pre)>.*?</\1>", "", _text(entry), flags=re.S).strip()
        assert len(loose) < 30, (entry["location"], loose[:80])


def test_the_pages_themselves_keep_their_tables_and_lists(built: Built) -> None:
    case = built.page("/cases/2026-0002/")
    assert re.search(r"<dl class=\"xf-info\"><dt>信访人</dt><dd>钱先生</dd>", case)
    assert "信访人：钱先生；" not in case
    topic = built.page("/topics/wage-arrears/")
    assert '<table class="xf-table xf-leaders">' in topic and "<p>市级，" not in topic


def test_search_reading_of_hand_written_tables_and_lists() -> None:
    html = ('<h2 id="a">甲</h2><table><caption>标题</caption><thead><tr><th>日期</th><th>事项</th></tr></thead>'
            '<tbody><tr><td>12月1日</td><td>A&amp;B；</td></tr><tr><td></td><td><p>一</p><p>二。</p></td></tr>'
            '<tr><td data-label="地点">城关镇</td><td>x<br>y</td><td>多出的格</td></tr></tbody></table>'
            "<dl><dt>电话</dt><dd>0000-1234</dd><dd>0000-5678</dd><dt>空</dt><dd></dd></dl>"
            "<p>正文<table><tr><td>无表头</td><td>第二格</td></tr></table></p>")
    reading = search_reading(html)
    assert _paragraphs(reading) == [
        "12月1日，A&B。",                   # the entity is kept whole, the value's own ； gives way
        "一 二。",                          # paragraphs inside a cell do not nest; an empty cell left out
        "城关镇，x y，多出的格。",
        "电话：0000-1234、0000-5678。",     # two values of one term; an empty term left out
        "正文",
        "无表头，第二格。",
    ]
    assert "标题" not in reading and "<table" not in reading and "<dl" not in reading
    assert search_reading("<p>没有表格</p>") == "<p>没有表格</p>"


def test_a_topics_own_words_are_its_search_tags(built: Built) -> None:
    content = built.prepared.content
    for topic in content.topics.values():
        entries = [e for e in _index(built) if str(e["location"]).startswith(f"topics/{topic.id}/")]
        # on the page's own entry, not again on each of its sections
        assert entries[0]["location"] == f"topics/{topic.id}/" and len(entries) > 3
        assert entries[0]["tags"] == list(dict.fromkeys([topic.name, *topic.keywords]))
        assert not any("tags" in e for e in entries[1:])
    assert not any("tags" in e for e in _index(built) if not str(e["location"]).startswith("topics/"))
    # no page shows them (material's tags plugin is not used)
    assert 'class="md-tags"' not in built.page("/topics/wage-arrears/")


def test_tags_are_escaped_for_the_search_result_that_inserts_them_as_html() -> None:
    matter = front_matter("题", tags=('<img src=x onerror=alert(1)>', "欠薪", "欠薪", " ", 'a"b\n---'))
    lines = matter.splitlines()
    tags = lines[lines.index("tags:") + 1:lines.index("---", 1)]
    # duplicates and blanks dropped, a line break a space
    assert tags == ['  - "&lt;img src=x onerror=alert(1)&gt;"', '  - "欠薪"', '  - "a&quot;b ---"']


def test_each_run_of_chinese_is_cut_once_a_build_into_the_same_words() -> None:
    """The search plugin cuts each run of Chinese with jieba; the hook remembers a run's words
    for the build, and starts over with the real jieba on the next build (a changed user
    dictionary must cut anew)."""
    import jieba
    import material.plugins.search.plugin as search_plugin

    from generator.site.build import search_text

    real = search_plugin.jieba
    try:
        search_text.on_config({})
        remembering = search_plugin.jieba
        assert remembering is not real
        texts = ["示例市信访局领导接访安排", "拖欠农民工工资", "示例市信访局领导接访安排"]
        calls: list[str] = []
        cut = jieba.cut

        def counted(text: str, *args: object, **kwargs: object) -> object:
            calls.append(text)
            return cut(text, *args, **kwargs)  # type: ignore[arg-type]

        jieba.cut = counted  # type: ignore[assignment]
        try:
            words = [list(remembering.cut(text.encode("utf-8"))) for text in texts]
        finally:
            jieba.cut = cut
        assert words == [list(cut(text.encode("utf-8"))) for text in texts]
        assert words[0] == words[2] and "".join(words[1]) == texts[1]
        assert len(calls) == 2  # the repeated run was not cut again
        search_text.on_config({})  # the next build: a new memory around the real jieba
        assert search_plugin.jieba is not remembering and search_plugin.jieba._jieba is jieba
    finally:
        search_plugin.jieba = real


def test_a_sections_text_is_segmented_once_per_build() -> None:
    """The search index cuts each distinct section text once; the same text gives the same
    words as the plugin's own segmentation, on every page that repeats it."""
    from generator.site.build import search_text

    calls: list[str] = []

    def segment(data: str) -> str:
        calls.append(data)
        return "\u200b".join(data)

    index = SimpleNamespace(_segment_chinese=segment)
    config = {"plugins": {"material/search": SimpleNamespace(search_index=index)}}
    search_text.on_pre_build(config)
    search_text.on_pre_build(config)  # serve's next build: not wrapped twice
    for _ in range(3):
        assert index._segment_chinese("近期接访安排") == "近\u200b期\u200b接\u200b访\u200b安\u200b排"
    assert index._segment_chinese("订阅日历") == "订\u200b阅\u200b日\u200b历"
    assert calls == ["近期接访安排", "订阅日历"]
