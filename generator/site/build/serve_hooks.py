"""MkDocs hooks for ``xinfang serve`` only: a whole rebuild when one is due, the privacy
scan after each whole build (after the search plugin has written its index), the theme's
templates compiled once for the whole preview (MkDocs makes a new Jinja environment for
every build), and the build's files, navigation and environment kept for the next saves
(``serve_site``: a save renders only its pages with them).  MkDocs loads this file by its
path, as a module of its own (again for each build), hence the absolute imports and the
state kept in modules imported as usual."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

from generator.site.build.leak_page import GUARD, TEMPLATES
from generator.site.build.serve_site import LAST


def on_pre_build(config: Any, **_: Any) -> None:
    GUARD.before_build(Path(config["site_dir"]))


@event_priority(-100)
def on_nav(nav: Any, config: Any, files: Any, **_: Any) -> Any:
    LAST.nav = nav
    return nav


@event_priority(-100)
def on_env(env: Any, config: Any, files: Any, **_: Any) -> Any:
    env.bytecode_cache = TEMPLATES
    LAST.config, LAST.files, LAST.env = config, files, env
    return env


@event_priority(-100)
def on_post_build(config: Any, **_: Any) -> None:
    GUARD.after_build(Path(config["site_dir"]))
