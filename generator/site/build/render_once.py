"""MkDocs hooks: the theme's header, menus and footer are rendered once per build, not once per page.

material renders its header, menus (``partials/nav.html``, ``partials/tabs.html``), search
box and footer into every page, and at city scale that was most of the templates' work, for
the same HTML on every page but its links (MkDocs' ``url`` filter writes each link relative
to the page) and the header's title.  Here each of those partials (``PARTIALS``) is rendered
once per state of the menu (which items are open, the page's ``base_url``) with every link
and the title left as a slot, and for each page the slots are filled with the page's own
relative links and title, which is exactly what rendering it again would write.  A page that
is itself in the menu (it shows its table of contents there) is rendered as usual.  The same
goes for the blocks of ``base.html`` that do not show the page (``BLOCKS``), and the theme's
words (``partials/language.html``) are translated once per build instead of once per page.

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

PARTIALS = ("partials/header.html", "partials/nav.html", "partials/tabs.html", "partials/search.html",
            "partials/logo.html", "partials/footer.html", "partials/top.html", "partials/javascripts/base.html",
            "partials/javascripts/content.html", "partials/javascripts/palette.html")
"""The partials rendered once per state of the menu: the header (the page's title a slot),
the menus, the search box, the logo, the footer (without links to the previous and next
page: those are on pages in the menu only), the back-to-top button and the theme's scripts."""
BLOCKS = ("config", "styles", "analytics")
"""The blocks of material's ``base.html`` rendered once per state of the menu: the page's
settings for the theme's script, its style sheets, its analytics (none of them shows the page)."""

_TOKEN = f"xf{secrets.token_hex(8)}u"
_SLOT = re.compile(rf"{_TOKEN}(\d+){_TOKEN}")
"""A link left for the page to fill, by its number in the rendering's links; random, so no
text of the theme or the office can be taken for one."""

Render = Callable[[Any], Iterator[str]]


@dataclass
class _Rendering:
    text: str
    """The partial's HTML with the page's own values (its links, its title) as slots."""
    slots: list[str]
    """What each slot stands for: a link as it was before the ``url`` filter made it relative
    to the page, or ``TITLE``/``META_TITLE``."""
    checked: bool = False
    """Compared once with a fresh rendering on a second page."""


TITLE, META_TITLE = "\x00title", "\x00meta.title"
"""Slots for the page's title and the title of its front matter (no link holds a NUL)."""


class _PageStandIn:
    """The page as a partial being remembered sees it: its title (and its front matter's) a
    slot; everything else the page's own (a page outside the menu compares equal to none of
    its items, as the page itself does)."""

    def __init__(self, page: Any, slot: Callable[[str], str]) -> None:
        self._page, self._slot = page, slot

    def __getattr__(self, name: str) -> Any:
        if name == "title":
            return self._slot(TITLE)
        value = getattr(self._page, name)
        if name == "meta" and isinstance(value, dict) and "title" in value:
            return {**value, "title": self._slot(META_TITLE)}
        return value


@dataclass
class _Build:
    """The partials' renderings of one build (made again in every ``on_env``: ``serve``'s next
    build may have another menu or theme)."""

    url: Callable[..., str]
    """MkDocs' own ``url`` filter."""
    renderings: dict[tuple[Any, ...], _Rendering] = field(default_factory=dict)
    recording: list[str] | None = None
    """The slots of the partial being rendered for remembering, while it is."""
    fresh: set[str] = field(default_factory=set)
    """Partials found to depend on the page: rendered for every page."""
    page: Any = None
    state: tuple[Any, ...] | None = None
    """The menu's state and the shape of the titles of ``page``, the page being rendered."""
    made: dict[str, str] = field(default_factory=dict)
    """The page's own values of the slots, each worked out once per page."""

    def slot(self, value: str) -> str:
        assert self.recording is not None
        self.recording.append(value)
        return f"{_TOKEN}{len(self.recording) - 1}{_TOKEN}"

    def url_filter(self, context: Any, value: Any) -> str:
        if self.recording is None:
            return self.url(context, value)
        return self.slot(str(value))

    def fill(self, rendering: _Rendering, context: Any) -> str:
        made, page = self.made, context.get("page")

        def value(slot: re.Match[str]) -> str:
            stands_for = rendering.slots[int(slot.group(1))]
            if stands_for not in made:
                made[stands_for] = str(page.title) if stands_for == TITLE else \
                    str(page.meta["title"]) if stands_for == META_TITLE else self.url(context, stands_for)
            return made[stands_for]

        return _SLOT.sub(value, rendering.text)

    def key(self, name: str, context: Any) -> tuple[Any, ...] | None:
        """The partial's rendering for this page: the menu's state, the page's ``base_url`` and
        which titles it has (None: rendered as usual, for a page in the menu, a title that is
        not text, or no page).  Worked out once per page, which includes a dozen partials."""
        page, nav = context.get("page"), context.get("nav")
        if page is None or nav is None:
            return None
        if self.page is not page:
            self.page, self.state, self.made = page, _state(page, nav), {}
        return None if self.state is None else (name, context.get("base_url"), self.state)

    def render(self, name: str, original: Render, context: Any) -> Iterator[str]:
        key = None if self.recording is not None or name in self.fresh else self.key(name, context)
        if key is None:
            yield from original(context)
            return
        rendering = self.renderings.get(key)
        if rendering is None:
            seen = context.environment.context_class(
                context.environment, {**context.get_all(), "page": _PageStandIn(context["page"], self.slot)},
                context.name, context.blocks, getattr(context, "globals_keys", None))
            self.recording = []
            try:
                text = "".join(original(seen))
            finally:
                slots, self.recording = self.recording, None
            rendering = self.renderings[key] = _Rendering(text, slots)
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


def _state(page: Any, nav: Any) -> tuple[Any, ...] | None:
    """What the partials show differently from page to page but the slots: which items of the
    menu are open, whether the page has a front matter and a title in it.  None: a page in
    the menu (it shows its own table of contents there), or whose titles are not text."""
    meta = getattr(page, "meta", None)
    if any(item is page for item in nav.pages) or not isinstance(meta, dict) or \
            not _text(getattr(page, "title", None)) or ("title" in meta and not _text(meta["title"])):
        return None
    states: list[bool] = []
    items = list(nav.items)
    while items:
        item = items.pop()
        states.append(bool(getattr(item, "active", False)))
        items += getattr(item, "children", None) or []
    return tuple(states), bool(meta), "title" in meta


def _text(value: Any) -> bool:
    """A title a slot can stand for: text, and not empty (a slot is never empty)."""
    return isinstance(value, str) and value != ""


class _Translations:
    """Stands for material's ``partials/language.html`` module, which every page imports anew
    (with its context) to translate the theme's words: ``t(key)`` is worked out once per build.
    The first page's module serves every page; on the second page a fresh module is made and
    must say every word the same, or each page gets its own again for the rest of the build."""

    def __init__(self, make: Callable[..., Any]) -> None:
        self.make = make
        self.module: Any = None
        self.said: dict[Any, Any] = {}
        self.checked = self.fresh = False

    def make_module(self, *args: Any, **kwargs: Any) -> Any:
        if self.fresh:
            return self.make(*args, **kwargs)
        if self.module is None:
            self.module = self.make(*args, **kwargs)
            return self
        if not self.checked:
            self.checked = True
            module = self.make(*args, **kwargs)
            if any(str(module.t(key)) != str(said) for key, said in self.said.items()):
                self.fresh = True
                return module
        return self

    def t(self, key: Any) -> Any:
        if not isinstance(key, str):  # not a word's key: as the theme would
            return self.module.t(key)
        if key not in self.said:
            self.said[key] = self.module.t(key)
        return self.said[key]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.module, name)

    def __str__(self) -> str:
        return str(self.module)


def on_env(env: Any, **_: Any) -> Any:
    from jinja2 import TemplateNotFound, pass_context

    # every page includes some forty templates: found in a dict, not in Jinja's LRU cache,
    # which moves each one to the front of a queue under a lock (nothing is ever evicted
    # from a theme's few dozen)
    env.cache = dict(env.cache.items()) if env.cache is not None else None
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
    try:
        base = env.get_template("base.html")
    except TemplateNotFound:
        base = None
    for block in BLOCKS:
        if base is not None and block in base.blocks:
            def render_block(context: Any, name: str = f"base.html:{block}",
                             original: Render = base.blocks[block]) -> Iterator[str]:
                return build.render(name, original, context)

            base.blocks[block] = render_block
    try:
        language = env.get_template("partials/language.html")
    except TemplateNotFound:
        return env
    language.make_module = _Translations(language.make_module).make_module
    return env

