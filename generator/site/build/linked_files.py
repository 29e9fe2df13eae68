"""The files MkDocs copies unchanged into the site, linked there instead (a city's open data
and calendars are some 140 MB, copied on every build).

A plugin given to MkDocs' own configuration in the rendering process of a city build (see
``run_mkdocs``), not a hook of the generated tree: the tree is that build's scratch copy,
which nothing writes to once generated and which is removed once the site is published, so a
link to its file is the same bytes as a copy, never changed behind the site.  Only files
under the tree's ``docs`` are linked (never the theme's own files, which live in the
installed package); MkDocs then finds each already in place and leaves it (its copy of a
file onto itself is skipped, for plugins that write into the site), and copies whatever
could not be linked (another file system)."""

from __future__ import annotations

import os
from typing import Any

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files


class _NoOptions(Config):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__ is untyped
    """The plugin takes no options."""


class LinkedFiles(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__ is untyped
    """Links each file of the tree that MkDocs would copy unchanged into the site, right before
    MkDocs copies them (``on_env`` is the last event before: no plugin can add, drop or change
    a file between them)."""

    @event_priority(-100)
    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        docs = os.path.realpath(config.docs_dir)
        for file in files:
            source = file.abs_src_path
            # what MkDocs copies in a build: included, not a page, its own file (not a plugin's content)
            included = file.inclusion.is_included()  # type: ignore[no-untyped-call]
            if file.is_documentation_page() or not included or file.generated_by is not None \
                    or source is None or os.path.commonpath([docs, os.path.realpath(source)]) != docs:
                continue
            destination = file.abs_dest_path
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            try:
                os.link(source, destination)
            except OSError:  # another file system, or already there: MkDocs copies it as before
                continue
        return env
