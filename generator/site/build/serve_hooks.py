"""MkDocs hooks for ``xinfang serve`` only: a whole rebuild when one is due, and the
privacy scan after each rebuild (after the search plugin has written its index).  MkDocs
loads this file by its path, as a module of its own, hence the absolute import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

from generator.site.build.leak_page import GUARD


def on_pre_build(config: Any, **_: Any) -> None:
    GUARD.before_build(Path(config["site_dir"]))


@event_priority(-100)
def on_post_build(config: Any, **_: Any) -> None:
    GUARD.after_build(Path(config["site_dir"]))
