"""The pages MkDocs has written, told to this process one by one while it renders the rest.

MkDocs renders on one core; at city scale it runs in a forked process (``SiteStage.render``)
and this process only waits for it.  With a ``PageFeed`` the waiting process checks each page
as soon as it is on disk, exactly as ``check_output`` would, so the checks of the pages start
seconds before the render ends, on the core MkDocs leaves idle.  The checks then take only
the pages not checked yet, and every page whose file changed after it was checked (a plugin
writing it again after the render): no published byte goes unchecked.

The feed is a plugin given to MkDocs' own configuration in the rendering process, not a hook
of the generated tree, which stays buildable by any tool that reads ``mkdocs.yml``."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.pages import Page

_END = ""
"""Sent when MkDocs has finished: no page's path is empty."""
_HELD = 0.05
"""Seconds between two looks at whether the checks are still held."""

class PageFeed:
    """Made before MkDocs' process is forked; ``plugin()`` in that process, ``checked()`` here."""

    def __init__(self) -> None:
        self._reader, self._writer = multiprocessing.get_context("fork").Pipe(duplex=False)

    def plugin(self) -> BasePlugin[_NoOptions]:
        """In the rendering process: the plugin that tells each page once MkDocs has written it."""
        self._reader.close()
        return _Written(self._writer.send)

    def forked(self) -> None:
        """Here, once the rendering process has its end: only it writes, so its end closing tells
        this one that MkDocs stopped, even if it died."""
        self._writer.close()

    def checked(self, check: Callable[[str], None], hold: Callable[[], bool] = lambda: False) -> deque[str]:
        """``check`` each page told, until MkDocs has finished (or its process ended); none while
        ``hold()`` (other work has the core first).  The messages are read as they come, between
        two pages, so MkDocs never waits on a full pipe.  The pages told and not checked by then,
        in the order told (the checks after the render take those left)."""
        told: deque[str] = deque()
        ended = False
        while not ended:
            # wait only when nothing is left to do, and look again now and then while held
            wait = _HELD if told and hold() else 0 if told else None
            try:
                while self._reader.poll(wait):
                    page = self._reader.recv()
                    if page == _END:
                        ended = True
                        break
                    told.append(page)
                    wait = 0  # then only what has come meanwhile
            except (EOFError, OSError):
                ended = True
            if told and not ended and not hold():
                check(told.popleft())
        self._reader.close()
        return told


class _NoOptions(Config):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__ is untyped
    """The feed takes no options."""


class _Written(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__ is untyped
    """Tells each page's path (relative to the site) once it is written: MkDocs writes a page
    right after its ``on_post_page``, so a page is told at the next page's, and the last at
    ``on_post_build``.  Last of every plugin, so no other one changes a page after it is told."""

    def __init__(self, tell: Callable[[str], None]) -> None:
        self._tell = tell
        self._last: str | None = None

    def _pass_on(self) -> None:
        if self._last is not None:
            self._tell(self._last)
            self._last = None

    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        self._pass_on()
        self._last = page.file.dest_uri
        return output

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._pass_on()
        self._tell(_END)
