"""``xinfang serve``'s MkDocs side: after a save, the pages whose source changed are rendered
again by the MkDocs objects the last whole build made (its settings, files, navigation and
theme environment, kept between saves), and only those.

MkDocs' own preview (its dirty rebuild) loads the settings again, lists every file of the
tree (a city's 3,500), makes every page's navigation entry anew, asks each of them whether
its source is newer than its output, renders the sitemap, and looks for changes by reading
every file's time twice a second.  Here the operating system says when the tree changed
(``ContainedServer``), one walk of it finds which files did (size and time against the last
build's), and those pages go through MkDocs' own steps for a page, with every plugin's and
hook's page events; the search index keeps the other pages' entries and gets the new ones;
the privacy guard scans the files written and the new entries.  A change of anything but
pages and files already there (the settings, the theme, the search words, a file added or
removed) or the guard's error page makes the next build a whole one, MkDocs' own."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...privacy.scan import SEARCH_INDEX
from .leak_page import GUARD
from .tree import checked

Stamps = dict[str, tuple[int, int]]
"""Files by path under a folder, each with its modification time (ns) and size."""


def entries_under(folder: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every entry under ``folder`` that is not a folder (links too), with its path relative
    to it, in one walk by ``os.scandir`` (whose entries know their kind, cheaper than ``Path``
    objects); a link to a folder is not followed."""
    stack = [("", os.fspath(folder))]
    while stack:
        prefix, path = stack.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    yield prefix + entry.name, entry


def stamps(folder: Path) -> Stamps:
    """Every file under ``folder`` with its time and size: one walk (a city's docs, 3,500 files)."""
    found: Stamps = {}
    if not folder.is_dir():
        return found
    for relative, entry in entries_under(folder):
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:  # removed meanwhile: it is not there
            continue
        found[relative] = (info.st_mtime_ns, info.st_size)
    return found


@dataclass
class Built:
    """What MkDocs' last whole build made (``serve_hooks`` hands them over), and the tree as it was read."""

    config: Any = None
    files: Any = None
    nav: Any = None
    env: Any = None
    docs: Stamps = field(default_factory=dict)
    settings: Stamps = field(default_factory=dict)
    """The generated mkdocs.yml, search words and theme overrides: a change builds everything again."""


LAST = Built()
"""Filled by ``serve_hooks`` during a whole build."""


class WarmSite:
    """The builder ``serve`` gives MkDocs' preview server: ``site()`` builds what changed."""

    def __init__(self, load_config: Callable[[], Any], serve_url: str, folder: Path) -> None:
        self.load_config = load_config
        self.serve_url = serve_url
        self.folder = folder
        """The generated tree: ``docs/``, ``mkdocs.yml``, ``overrides/``, the search words."""
        self.built: Built | None = None
        self.rendered: list[str] = []
        """What the last build rendered or copied, by path under docs/ (all: a whole build)."""

    def _settings(self) -> Stamps:
        files = {name: stamp for name, stamp in stamps(self.folder / "overrides").items()}
        for name in ("mkdocs.yml", "jieba_user.txt"):
            try:
                info = (self.folder / name).stat()
            except OSError:
                continue
            files[name] = (info.st_mtime_ns, info.st_size)
        return files

    def __call__(self) -> None:
        built, self.built = self.built, None  # until this build is through
        docs, settings = stamps(self.folder / "docs"), self._settings()
        if built is None or GUARD.whole_build or settings != built.settings or docs.keys() != built.docs.keys():
            self.whole(docs, settings)
            return
        changed = [path for path, stamp in docs.items() if built.docs[path] != stamp]
        if self.partial(built, changed):
            built.docs = docs
            self.built = built
        else:
            self.whole(docs, settings)

    def whole(self, docs: Stamps, settings: Stamps) -> None:
        """MkDocs' own build of everything, which the hooks capture for the next saves."""
        from mkdocs.commands.build import build

        config = self.load_config()
        config.site_url = self.serve_url
        GUARD.whole_build = True  # the guard empties the preview first and scans all of it
        LAST.config = LAST.files = LAST.nav = LAST.env = None
        build(config, serve_url=self.serve_url, dirty=False)
        self.rendered = list(docs)
        if LAST.files is not None and LAST.nav is not None and LAST.env is not None:
            for file in LAST.files.documentation_pages():  # a page renders from its own source and
                if file.page is not None:  # the navigation: a city's Markdown and HTML need not stay
                    file.page.markdown = file.page.content = None
            self.built = Built(config, LAST.files, LAST.nav, LAST.env, docs, settings)

    def partial(self, built: Built, changed: list[str]) -> bool:
        """Render the pages and copy the files of ``changed`` (paths under docs/); False when one
        is not a file MkDocs knows (then a whole build is due)."""
        from mkdocs.commands.build import _build_page, _populate_page
        from mkdocs.structure.files import InclusionLevel

        config, files = built.config, built.files
        chosen = [files.get_file_from_path(path) for path in changed]
        if any(file is None or not file.inclusion.is_in_serve() for file in chosen):
            return False
        pages = [file.page for file in chosen if file.is_documentation_page()]
        if any(page is None for page in pages):
            return False
        site_dir = Path(config["site_dir"])
        GUARD.before_build(site_dir)
        for file in chosen:
            if not file.is_documentation_page():
                file.copy_file()
        search = search_plugin(config)
        if search is False:
            return False
        urls = {page.url for page in pages}
        if search is not None:  # the other pages' entries stay; these pages' come anew
            search.search_index.entries = [entry for entry in search.search_index.entries
                                           if str(entry.get("location", "")).split("#")[0] not in urls]
            first = len(search.search_index.entries)
        for page in pages:
            _populate_page(page, config, files)
        documents = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for page in pages:
            _build_page(page, config, documents, built.nav, built.env)
        written = [file.dest_uri for file in chosen]
        if search is not None:
            GUARD.index_entries = list(search.search_index.entries[first:])
            search.on_post_build(config=config)  # writes the whole index as it stands
            written.append(SEARCH_INDEX)
        self.rendered = changed
        GUARD.after_build(site_dir, written=written, checked=checked(self.folder) & set(changed))
        return True


def search_plugin(config: Any) -> Any:
    """The search plugin, None without one, False for one whose index cannot be kept in part
    (material's keeps its entries in a list ``partial`` can edit; MkDocs' own does not)."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None:
            return plugin if isinstance(getattr(index, "entries", None), list) else False
    return None
