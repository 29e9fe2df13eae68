"""MkDocs hooks for ``xinfang serve`` only: a whole rebuild when one is due, the privacy
scan after each rebuild (after the search plugin has written its index), and the theme's
templates compiled once for the whole preview (MkDocs makes a new Jinja environment for
every rebuild).  MkDocs loads this file by its path, as a module of its own (again for each
rebuild), hence the absolute imports and the state kept in modules imported as usual."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

from generator.site.build.leak_page import GUARD, TEMPLATES


def on_pre_build(config: Any, **_: Any) -> None:
    GUARD.before_build(Path(config["site_dir"]))


@event_priority(-100)
def on_post_build(config: Any, **_: Any) -> None:
    GUARD.after_build(Path(config["site_dir"]))


def on_env(env: Any, **_: Any) -> Any:
    env.bytecode_cache = TEMPLATES
    return env
