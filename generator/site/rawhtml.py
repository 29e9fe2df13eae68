"""A Markdown extension that hands the generator's finished HTML blocks straight to the
output, so Python-Markdown and MkDocs do not parse them again.

Each generated block is one line that starts with ``MARK`` (see ``html.raw_block``).
Without this extension the block is still ordinary raw HTML after an HTML comment and
builds to the same page; with it, the block goes into Markdown's own raw-HTML stash,
which is exactly where the ``html_block`` preprocessor would have put it, but without
running an HTML parser over every session row (that parse was a third of a city build).
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

MARK = "<!--xf:raw-->"


class _StashGenerated(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        size = len(MARK)
        return [self.md.htmlStash.store(line[size:]) if line.startswith(MARK) else line for line in lines]


class RawHtmlExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # after whitespace normalisation (30), before MkDocs' anchor scan (21) and html_block (20)
        md.preprocessors.register(_StashGenerated(md), "xinfang_raw_html", 25)


def makeExtension(**kwargs: object) -> RawHtmlExtension:  # the name Markdown looks for
    return RawHtmlExtension(**kwargs)
