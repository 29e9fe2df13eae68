"""MkDocs hooks: the theme's navigation is rendered once per build, not once per page.

material renders its menus (``partials/nav.html``, ``partials/tabs.html``) and its search box
(``partials/search.html``) into every page, and at city scale that was a third of the
templates' work, for the same HTML on every page but its links: MkDocs' ``url`` filter writes
each link relative to the page.  Here each of those partials is rendered once per state of
the menu (which items are open, the page's ``base_url``) with every link left as a slot, and
for each page the slots are filled with the page's own relative links, which is exactly what
rendering it again would write.  A page that is itself in the menu (it shows its table of
contents there) is rendered as usual.

Each remembered rendering is checked twice against a fresh one, on the page it was made for
and on the next page that uses it; if a theme's partial turns out to depend on the page in
another way, that partial is rendered for every page for the rest of the build.

MkDocs loads this file by its path, as a module of its own: it imports nothing from xinfang.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

PARTIALS = ("partials/nav.html", "partials/tabs.html", "partials/search.html")
"""The partials rendered once per state of the menu."""

_TOKEN = f"xf{secrets.token_hex(8)}u"
_SLOT = re.compile(rf"{_TOKEN}(\d+){_TOKEN}")
"""A link left for the page to fill, by its number in the rendering's links; random, so no
text of the theme or the office can be taken for one."""

Render = Callable[[Any], Iterator[str]]


@dataclass
class _Rendering:
    text: str
    """The partial's HTML with its links as slots."""
    links: list[str]
    """What each slot's link was before the ``url`` filter made it relative to the page."""
    checked: bool = False
    """Compared once with a fresh rendering on a second page."""


@dataclass
class _Build:
    """The partials' renderings of one build (made again in every ``on_env``: ``serve``'s next
    build may have another menu or theme)."""

    url: Callable[..., str]
    """MkDocs' own ``url`` filter."""
    renderings: dict[tuple[Any, ...], _Rendering] = field(default_factory=dict)
    recording: list[str] | None = None
    """The links of the partial being rendered for remembering, while it is."""
    fresh: set[str] = field(default_factory=set)
    """Partials found to depend on the page: rendered for every page."""

    def url_filter(self, context: Any, value: Any) -> str:
        if self.recording is None:
            return self.url(context, value)
        self.recording.append(str(value))
        return f"{_TOKEN}{len(self.recording) - 1}{_TOKEN}"

    def fill(self, rendering: _Rendering, context: Any) -> str:
        made: dict[str, str] = {}  # each link once per page (the menus repeat them)

        def link(slot: re.Match[str]) -> str:
            value = rendering.links[int(slot.group(1))]
            if value not in made:
                made[value] = self.url(context, value)
            return made[value]

        return _SLOT.sub(link, rendering.text)

    def render(self, name: str, original: Render, context: Any) -> Iterator[str]:
        key = None if self.recording is not None or name in self.fresh else _key(name, context)
        if key is None:
            yield from original(context)
            return
        rendering = self.renderings.get(key)
        if rendering is None:
            self.recording = []
            try:
                text = "".join(original(context))
            finally:
                links, self.recording = self.recording, None
            rendering = self.renderings[key] = _Rendering(text, links)
            filled = self.fill(rendering, context)
        else:
            filled = self.fill(rendering, context)
            if rendering.checked:
                yield filled
                return
            rendering.checked = True
        fresh = "".join(original(context))
        if fresh != filled:
            self.fresh.add(name)
        yield fresh


def _key(name: str, context: Any) -> tuple[Any, ...] | None:
    """What the menus show differently from page to page but their links: which items are
    open, and the page's ``base_url``.  None: a page in the menu (or no page), rendered as usual."""
    page, nav = context.get("page"), context.get("nav")
    if page is None or nav is None or any(item is page for item in nav.pages):
        return None
    states: list[bool] = []
    items = list(nav.items)
    while items:
        item = items.pop()
        states.append(bool(getattr(item, "active", False)))
        items += getattr(item, "children", None) or []
    return name, context.get("base_url"), tuple(states)


def on_env(env: Any, **_: Any) -> Any:
    from jinja2 import TemplateNotFound, pass_context

    build = _Build(env.filters["url"])
    env.filters["url"] = pass_context(lambda context, value: build.url_filter(context, value))
    for name in PARTIALS:
        try:
            template = env.get_template(name)
        except TemplateNotFound:  # a theme without it: nothing to remember
            continue
        original: Render = template.root_render_func

        def render(context: Any, name: str = name, original: Render = original) -> Iterator[str]:
            return build.render(name, original, context)

        template.root_render_func = render
    return env

