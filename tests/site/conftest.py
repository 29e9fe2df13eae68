"""One build of the sample site per test session; tests parse its files."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.pipeline import Prepared, prepare
from generator.site.build import checks
from generator.site.build.engines import Engine
from generator.site.build.stage import build_site
from tests.conftest import REPO

TODAY = dt.date(2026, 11, 24)


@dataclass
class Built:
    prepared: Prepared
    site: Path
    today: dt.date
    warnings: list[str] = field(default_factory=list)
    """What the build said besides the pages (the content's warnings, what the engine cannot do)."""

    def page(self, url: str) -> str:
        path = self.site / url.strip("/") / "index.html" if not url.endswith((".xml", ".ics", ".json", ".csv")) \
            else self.site / url.strip("/")
        return path.read_text(encoding="utf-8")


POISONED_PAGE_BUDGET = 256 * 1024
"""The page budget for the injection corpora: a payload of a few hundred characters in every
field of every record, repeated in each page's table, data block and JSON-LD, makes pages no
office writes; those corpora test escaping, and the budget itself is tested on real content."""


def build_sample(target: Path, today: dt.date, content: Path = REPO / "content", *,
                 page_budget: int | None = None, engine: Engine = Engine.MKDOCS) -> Built:
    """Build ``content`` (the sample by default) into ``target`` with ``engine``, as a user would,
    from the repo root."""
    prepared = prepare(content)
    cwd = Path.cwd()
    os.chdir(REPO)  # the root mkdocs.yml is found relative to the working directory, as for a user
    try:
        with pytest.MonkeyPatch.context() as patch:
            if page_budget is not None:
                patch.setattr(checks, "PAGE_BUDGET", page_budget)
            report = build_site(prepared, today=today, site_dir=target, engine=engine)
    finally:
        os.chdir(cwd)
    return Built(prepared, target, today, report.warnings)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    yield build_sample(tmp_path_factory.mktemp("site") / "site", TODAY)
