"""MkDocs hooks for ``xinfang serve`` only: the privacy scan after each rebuild.  MkDocs
loads this file by its path, as a module of its own, hence the absolute import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.site.build.leak_page import GUARD


def on_post_build(config: Any, **_: Any) -> None:
    GUARD.after_build(Path(config["site_dir"]))
