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

A page outside the menu is then mostly the same HTML as the other pages of its kind (a
leader's, a month's schedule): its whole template (``PAGE``) is rendered once per kind, with
its content, title, description and canonical address left as slots besides its links, and
filled for each page of that kind.  Its kind is everything the template reads of the page and
of its context, each compared with the page the rendering was made for (``_PageRendering``);
only MkDocs and Jinja versions this was checked with (``_VERSIONS``) get it.

Each remembered rendering is checked twice against a fresh one, on the page it was made for
and on the next page that uses it; if a theme's partial turns out to depend on the page in
another way, that partial is rendered for every page for the rest of the build.

MkDocs loads this file by its path, as a module of its own: it imports nothing from xinfang.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
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
    slots: list[Any]
    """What each slot stands for: a link as it was before the ``url`` filter made it relative
    to the page, or ``TITLE``/``META_TITLE``."""
    checked: bool = False
    """Compared once with a fresh rendering on a second page."""
    pieces: list[str] = field(default_factory=list)
    """``text`` cut at its slots: its text before the first slot, between each two, after the last."""
    fills: list[Any] = field(default_factory=list)
    """What each slot of ``text`` stands for, in order (``pieces`` are around them)."""

    def __post_init__(self) -> None:
        cut = _SLOT.split(self.text)
        self.pieces, self.fills = cut[0::2], [self.slots[int(number)] for number in cut[1::2]]


TITLE, META_TITLE = "\x00title", "\x00meta.title"
"""Slots for the page's title and the title of its front matter (no link holds a NUL)."""
CONTENT, DESCRIPTION, CANONICAL = "\x00content", "\x00meta.description", "\x00canonical_url"
"""Slots of a whole page's rendering: its content, its front matter's description, its address."""

PAGE = "main.html"
"""The template MkDocs renders a page with (unless its front matter names another)."""
_VERSIONS = {"mkdocs": ("1.6.1",), "jinja2": ("3.1.6",)}
"""The versions whose page context (MkDocs' ``get_context``) and template functions (Jinja's
``root_render_func``, ``new_context``) the whole page's rendering was checked with."""


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


_SLOTTED, _ABSENT = ("\x00slot",), ("\x00absent",)
"""What a page's rendering noted of a value left as a slot, and of an attribute it did not have."""
_PAGE_SLOTS = {"title": TITLE, "canonical_url": CANONICAL}
_META_SLOTS = {"title": META_TITLE, "description": DESCRIPTION}
_VALUES: dict[str, Callable[[Any], Any]] = {
    TITLE: lambda page: page.title, META_TITLE: lambda page: page.meta["title"],
    DESCRIPTION: lambda page: page.meta["description"], CANONICAL: lambda page: page.canonical_url,
    CONTENT: lambda page: page.content}
"""Each slot's value, of the page being rendered."""
_KINDS = 8
"""Renderings of whole pages kept per state of the menu and context: past it, a page of yet
another kind is rendered as usual (each page is compared with every kind kept)."""


def _plain(value: Any) -> bool:
    """Text a slot can stand for where a template may escape it, strip its tags or trim it:
    text none of them changes (as none changes the slot)."""
    return isinstance(value, str) and value != "" and not any(mark in value for mark in "<>&\"'") \
        and " ".join(value.split()) == value


class _Same:
    """A value compared by identity (the menu, the site's settings): the same object, the same input."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.value is self.value

    def __hash__(self) -> int:
        return id(self.value)


def _frozen(value: Any) -> Any:
    """``value`` as what a template can read of it, comparable: text, numbers, lists and
    mappings (in their order) by value, MkDocs' table of contents item by item, any other
    object by identity."""
    if value is None or isinstance(value, (str, int, float)):
        return type(value), value
    if isinstance(value, (list, tuple)):
        return type(value), tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return type(value), tuple((_frozen(key), _frozen(item)) for key, item in value.items())
    if type(value).__module__ == "mkdocs.structure.toc":
        return type(value), _frozen(vars(value))
    return _Same(value)


def _in_kind(value: Any) -> Any:
    """A value of a page's context as its kind holds it: text, numbers and lists of text (the
    style sheets and scripts relative to the page) by value, the time left out (``_Watched``),
    any other object (the menu, the site's settings, the list of pages) by identity."""
    if isinstance(value, dt.datetime):
        return dt.datetime
    if value is None or isinstance(value, (str, int, float)) or \
            (isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value)):
        return _frozen(value)
    return _Same(value)


def _read(name: str, value: Any) -> Any:
    """What a page's rendering depends on of the page's attribute ``name``: of a value left
    as a slot, only that it is one."""
    if name == "content" and isinstance(value, str):
        return _SLOTTED
    if name in _PAGE_SLOTS and _plain(value):
        return _SLOTTED
    if name == "meta" and isinstance(value, dict):
        return dict, tuple((key, _SLOTTED if key in _META_SLOTS and _plain(item) else _frozen(item))
                           for key, item in value.items())
    return _frozen(value)


_Step = tuple[str, Any]


def _reach(value: Any, path: tuple[_Step, ...]) -> Any:
    """What is at the end of ``path`` from ``value`` (``_Traced``)."""
    for how, step in path:
        value = getattr(value, step) if how == "attr" else list(value)[step] if how == "item" else \
            value[step] if how == "getitem" else len(value) if how == "len" else bool(value)
    return value


def _follow(value: Any, path: tuple[_Step, ...], read: Any) -> bool:
    """Whether the template reads at the end of ``path`` from ``value`` what it ``read``."""
    try:
        value = _reach(value, path)
    except (AttributeError, LookupError, TypeError):
        return bool(read == _ABSENT)
    if isinstance(read, tuple) and read[0] == _LINK:
        return isinstance(value, str) and bool(value) == read[1]
    return bool(_frozen(value) == read)


_LINK = "\x00link"
"""What the template read of a text it only made a link of (``_Text``): that it was text, empty or not."""


class _Text(str):
    """A text the template read from the page's table of contents: noted as a whole once it
    is used for anything but a link (``url``), of which the link is a slot (``_Build.url_filter``)."""

    path: tuple[_Step, ...]
    traced: _Traced

    def used(self) -> None:
        self.traced._used(self.path, str.__str__(self))

    def __getattribute__(self, name: str) -> Any:
        if not name.startswith("_") and name not in ("path", "traced", "used"):
            str.__getattribute__(self, "used")()
        return str.__getattribute__(self, name)

    def __str__(self) -> str:
        self.used()
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        self.used()
        return str.__format__(self, spec)

    def __eq__(self, other: object) -> bool:
        self.used()
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        self.used()
        return str.__ne__(self, other)

    def __hash__(self) -> int:
        self.used()
        return str.__hash__(self)

    def __contains__(self, part: object) -> bool:
        self.used()
        return str.__contains__(self, part)  # type: ignore[operator]

    def __getitem__(self, key: Any) -> str:
        self.used()
        return str.__getitem__(self, key)

    def __len__(self) -> int:
        self.used()
        return str.__len__(self)

    def __iter__(self) -> Iterator[str]:
        self.used()
        return str.__iter__(self)

    def __add__(self, other: str) -> str:
        self.used()
        return str.__add__(self, other)

    def __radd__(self, other: str) -> str:
        self.used()
        return other + str.__str__(self)

    def __mod__(self, other: Any) -> str:
        self.used()
        return str.__mod__(self, other)


def _itself(value: Any) -> Any:
    return value


class _Traced:
    """A value of the page the template reads into (its table of contents), while the page's
    kind is remembered: every attribute, item, length and truth it reads noted by its path
    from the page (``traces``), so that a page with another first heading but the same
    headings under it is of the same kind when the template reads only those."""

    def __init__(self, value: Any, path: tuple[_Step, ...], traces: dict[tuple[_Step, ...], Any],
                 used: set[tuple[_Step, ...]]) -> None:
        self._value, self._path, self._traces, self._used_paths = value, path, traces, used

    def _used(self, path: tuple[_Step, ...], value: Any) -> None:
        self._used_paths.add(path)
        self._traces[path] = _frozen(value)

    def _step(self, how: str, step: Any, get: Callable[[], Any]) -> Any:
        path = (*self._path, (how, step))
        try:
            value = get()
        except (AttributeError, LookupError, TypeError):
            self._traces[path] = _ABSENT
            raise
        if isinstance(value, str):
            self._traces[path] = _frozen(value)
            text = _Text(value)
            text.path, text.traced = path, self
            return text
        if value is None or isinstance(value, (int, float)):
            self._traces[path] = _frozen(value)
            return value
        return _Traced(value, path, self._traces, self._used_paths)

    def linked(self, text: _Text) -> tuple[str, tuple[_Step, ...]]:
        """What the slot of a link made of ``text`` stands for: the text at its path, on each page.
        Unless the template used the text otherwise too, the page's kind needs only that it is text."""
        if text.path not in self._used_paths:
            self._traces[text.path] = (_LINK, bool(str.__str__(text)))
        return _LINK, text.path

    def __getattr__(self, name: str) -> Any:
        return self._step("attr", name, lambda: getattr(self._value, name))

    def __getitem__(self, key: Any) -> Any:
        return self._step("getitem", key, lambda: self._value[key])

    def __iter__(self) -> Iterator[Any]:
        items = list(self._value)
        self._traces[(*self._path, ("len", None))] = _frozen(len(items))
        return iter([self._step("item", number, partial(_itself, item)) for number, item in enumerate(items)])

    def __len__(self) -> int:
        return self._step("len", None, lambda: len(self._value))  # type: ignore[no-any-return]

    def __bool__(self) -> bool:
        return self._step("bool", None, lambda: bool(self._value))  # type: ignore[no-any-return]


class _ContentSlot(str):
    """The content's slot, which answers ``in`` as the page's content does (material looks
    for an ``<h1`` in it), each question and answer noted."""

    content: str
    tests: list[tuple[str, bool]]

    def __contains__(self, part: object) -> bool:
        found = part in self.content  # type: ignore[operator]  # a str: what the content answers
        self.tests.append((part, found))  # type: ignore[arg-type]
        return found


class _WholePage:
    """The page as its whole template sees it while its kind's rendering is made: its content,
    titles, description and address slots (those that are plain text), and every attribute
    read noted (``reads``), with every question put to its content (``tests``)."""

    def __init__(self, page: Any, slot: Callable[[str], str]) -> None:
        self._page, self._slot = page, slot
        self.reads: dict[str, Any] = {}
        self.tests: list[tuple[str, bool]] = []
        self.traces: dict[tuple[_Step, ...], Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name == "toc":
            return _Traced(self._page, (), self.traces, set()).toc
        try:
            value = getattr(self._page, name)
        except AttributeError:
            self.reads[name] = _ABSENT
            raise
        self.reads[name] = _read(name, value)
        if name == "content" and isinstance(value, str):
            content = _ContentSlot(self._slot(CONTENT))
            content.content, content.tests = value, self.tests
            return content
        if name in _PAGE_SLOTS and _plain(value):
            return self._slot(_PAGE_SLOTS[name])
        if name == "meta" and isinstance(value, dict):
            return {key: self._slot(_META_SLOTS[key]) if key in _META_SLOTS and _plain(item) else item
                    for key, item in value.items()}
        return value


class _Watched:
    """A value of the context a page's kind leaves out (the time MkDocs rendered the page at):
    a rendering whose template reads it in any way is used for no other page."""

    def __init__(self, value: Any, touched: list[str]) -> None:
        self._value, self._touched = value, touched

    def _touch(self, how: str) -> Any:
        self._touched.append(how)
        return self._value

    def __getattr__(self, name: str) -> Any:
        return getattr(self._touch(name), name)

    def __str__(self) -> str:
        return str(self._touch("str"))

    def __format__(self, spec: str) -> str:
        return format(self._touch("format"), spec)

    def __bool__(self) -> bool:
        return bool(self._touch("bool"))

    def __eq__(self, other: object) -> bool:
        return bool(self._touch("==") == other)

    def __hash__(self) -> int:
        return hash(self._touch("hash"))


@dataclass
class _PageRendering(_Rendering):
    """A whole page's rendering, with what it read of the page it was made for."""

    reads: dict[str, Any] = field(default_factory=dict)
    tests: list[tuple[str, bool]] = field(default_factory=list)
    traces: dict[tuple[_Step, ...], Any] = field(default_factory=dict)

    def serves(self, page: Any) -> bool:
        """Whether ``page`` gives the template what the rendering's page gave it."""
        if not all(_follow(page, path, read) for path, read in self.traces.items()):
            return False
        for name, read in self.reads.items():
            try:
                value = getattr(page, name)
            except AttributeError:
                if read != _ABSENT:
                    return False
                continue
            if read == _ABSENT or _read(name, value) != read:
                return False
        content = page.content if self.tests else ""
        return all((part in content) == found for part, found in self.tests)


@dataclass
class _Build:
    """The partials' renderings of one build (made again in every ``on_env``: ``serve``'s next
    build may have another menu or theme)."""

    url: Callable[..., str]
    """MkDocs' own ``url`` filter."""
    renderings: dict[tuple[Any, ...], _Rendering] = field(default_factory=dict)
    recording: list[Any] | None = None
    """The slots of the partial being rendered for remembering, while it is."""
    fresh: set[str] = field(default_factory=set)
    """Partials found to depend on the page: rendered for every page."""
    page: Any = None
    state: tuple[Any, ...] | None = None
    """The menu's state and the shape of the titles of ``page``, the page being rendered."""
    made: dict[str, str] = field(default_factory=dict)
    """The page's own values of the slots, each worked out once per page."""
    whole: bool = False
    """Whether whole pages are rendered once per kind (``_VERSIONS``), until one differs."""
    globals: dict[str, Any] = field(default_factory=dict)
    """Jinja's globals, the same for every page (left out of a page's kind)."""
    kinds: dict[tuple[Any, ...], list[_PageRendering]] = field(default_factory=dict)

    def slot(self, value: Any) -> str:
        assert self.recording is not None
        self.recording.append(value)
        return f"{_TOKEN}{len(self.recording) - 1}{_TOKEN}"

    def url_filter(self, context: Any, value: Any) -> str:
        if self.recording is None:
            return self.url(context, value)
        if isinstance(value, _Text):
            return self.slot(value.traced.linked(value))
        return self.slot(str(value))

    def fill(self, rendering: _Rendering, context: Any) -> str:
        made, page = self.made, context.get("page")
        filled: list[str] = []
        for piece, stands_for in zip(rendering.pieces, rendering.fills, strict=False):  # one piece more
            value = made.get(stands_for)
            if value is None:
                value = made[stands_for] = str(_VALUES[stands_for](page)) if stands_for in _VALUES else \
                    self.url(context, _reach(page, stands_for[1])) if isinstance(stands_for, tuple) else \
                    self.url(context, stands_for)
            filled += (piece, value)
        filled.append(rendering.pieces[-1])
        return "".join(filled)

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

    def kind(self, context: Any) -> tuple[Any, ...] | None:
        """What the page's whole rendering is kept by: the menu's state, the template, and
        every value of its context but the page (its time left out: ``_Watched``); None:
        rendered as usual."""
        if self.key("", context) is None:
            return None
        values = []
        for name, value in context.get_all().items():
            if name != "page" and self.globals.get(name, self) is not value:
                values.append((name, _in_kind(value)))
        return context.name, self.state, tuple(values)

    def render_page(self, template: Any, original: Render, context: Any) -> Iterator[str]:
        kind = self.kind(context) if self.whole and self.recording is None else None
        if kind is None:
            yield from original(context)
            return
        page, renderings = context["page"], self.kinds.setdefault(kind, [])
        rendering = next((made for made in renderings if made.serves(page)), None)
        if rendering is None:
            rendering = self.remember_page(template, original, context) if len(renderings) < _KINDS else None
            if rendering is None:
                yield from original(context)
                return
            renderings.append(rendering)
            filled = self.fill(rendering, context)
        else:
            filled = self.fill(rendering, context)
            if rendering.checked:
                yield filled
                return
            rendering.checked = True
        fresh = "".join(original(context))
        if fresh != filled:
            self.whole = False
        yield fresh

    def remember_page(self, template: Any, original: Render, context: Any) -> _PageRendering | None:
        """The page's whole rendering with its slots; None if the template read what a kind
        leaves out, or could not be rendered with slots (then every page is rendered as usual)."""
        page = _WholePage(context["page"], self.slot)
        touched: list[str] = []
        values = {name: _Watched(value, touched) if isinstance(value, dt.datetime) else value
                  for name, value in context.get_all().items()}
        seen = template.new_context({**values, "page": page})
        # MkDocs' script_tag filter calls its url filter itself, not the environment's: while
        # the page is remembered, its scripts' addresses are slots too
        from mkdocs.utils import templates

        url_filter, templates.url_filter = templates.url_filter, self.url_filter
        self.recording = []
        try:
            text = "".join(original(seen))
        except Exception:  # a template that cannot take slots for the page's values
            self.whole = False
            return None
        finally:
            slots, self.recording = self.recording, None
            templates.url_filter = url_filter
        if touched:
            self.whole = False
            return None
        return _PageRendering(text, slots, reads=page.reads, tests=page.tests, traces=page.traces)

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


def _whole_pages() -> bool:
    """Whether MkDocs and Jinja are versions the whole pages' rendering was checked with."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return all(version(name) in versions for name, versions in _VERSIONS.items())
    except PackageNotFoundError:
        return False


def on_env(env: Any, **_: Any) -> Any:
    from jinja2 import TemplateNotFound, pass_context

    # every page includes some forty templates: found in a dict, not in Jinja's LRU cache,
    # which moves each one to the front of a queue under a lock (nothing is ever evicted
    # from a theme's few dozen)
    env.cache = dict(env.cache.items()) if env.cache is not None else None
    build = _Build(env.filters["url"], whole=_whole_pages(), globals=env.globals)
    env.filters["url"] = pass_context(lambda context, value: build.url_filter(context, value))
    try:
        page = env.get_template(PAGE)
    except TemplateNotFound:
        page = None
    if page is not None:
        def render_page(context: Any, template: Any = page, original: Render = page.root_render_func) -> Iterator[str]:
            return build.render_page(template, original, context)

        page.root_render_func = render_page
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

