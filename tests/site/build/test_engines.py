"""Choosing the engine: names, a missing engine, how each reads a raw-HTML link, and the CSP
hash of Zensical's search dialog.  (Whole builds with each engine: the slow tests below and
tests/browser/test_journeys.py.)"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import re
from pathlib import Path

import pytest
from lxml import html as lhtml

from generator.cli import main
from generator.errors import UsageError
from generator.site.build import checks, engines
from generator.site.build.engines import Engine
from generator.site.parts.placement import LinkStyle, link_style, rel
from tests.conftest import FIXTURES
from tests.site.conftest import TODAY, build_sample


def test_unknown_engine_is_misuse(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["build", "--content", str(FIXTURES / "minimal"), "--engine", "hugo"])
    assert code == 2 and "hugo" in capsys.readouterr().err
    with pytest.raises(UsageError, match="mkdocs、properdocs、zensical"):
        engines.parse_engine("hugo")


def test_a_missing_engine_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(UsageError, match=r"pip install 'xinfang\[zensical\]'"):
        engines.require(Engine.ZENSICAL)


def test_zensical_links_are_relative_to_the_markdown_file() -> None:
    with link_style(LinkStyle.SOURCE):
        # cases/2026-0001.md is served at cases/2026-0001/; Zensical adds the ../ itself
        assert rel("cases/2026-0001.md", "topics/wages.md") == "../topics/wages/"
        assert rel("cases/index.md", "topics/wages.md") == "../topics/wages/"
        assert rel("index.md", "schedule/2026-12/index.md") == "schedule/2026-12/"
        assert rel("schedule/week.md", "calendar/all.ics") == "../calendar/all.ics"
        # a widget is a file copied as it is: its links are the folders' links
        assert rel("embed/week/index.html", "schedule/index.md") == "../../schedule/"
    assert rel("cases/2026-0001.md", "topics/wages.md") == "../../topics/wages/"


@pytest.mark.skipif(importlib.util.find_spec("zensical") is None, reason="zensical extra not installed")
def test_zensical_search_style_is_allowed_by_the_hash_of_its_own_text() -> None:
    hashes, cannot = engines.inline_style_hashes(Engine.ZENSICAL)
    assert not cannot and len(hashes) == 1
    bundle = next((Path(importlib.util.find_spec("zensical").origin).parent  # type: ignore[union-attr, arg-type]
                   / "templates" / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    styles = re.findall(r"='(\.u\{text-decoration-style:wavy[^']*)'", bundle)
    assert styles
    assert hashes[0] == "sha256-" + base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert engines.inline_style_hashes(Engine.MKDOCS) == ([], [])


@pytest.mark.slow
@pytest.mark.parametrize("engine", [Engine.PROPERDOCS, Engine.ZENSICAL])
def test_each_engine_builds_the_same_pages_and_passes_every_check(
        engine: Engine, tmp_path: Path) -> None:
    if importlib.util.find_spec(engine.value) is None:
        pytest.fail(f"{engine.value} is not installed: bash scripts/test.sh installs the extras")
    mkdocs = build_sample(tmp_path / "mkdocs", TODAY)
    other = build_sample(tmp_path / engine.value, TODAY, engine=engine)  # build_site runs every check, or raises
    pages = {p.relative_to(mkdocs.site) for p in mkdocs.site.rglob("*.html")}
    assert pages == {p.relative_to(other.site) for p in other.site.rglob("*.html")}
    assert not checks.find_dead_links(other.site, "https://xf.example.gov.cn/")
    home = lhtml.fromstring((other.site / "index.html").read_bytes())
    policy = home.xpath("string(//meta[@http-equiv='Content-Security-Policy']/@content)")
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert home.xpath("//*[contains(@class, 'xf-gov-footer')]") and home.xpath("//*[@id='xf-finder-input']")
    assert not home.xpath("//script[not(@src) and not(contains(@type, 'json')) and normalize-space()]")
    assert os.path.getsize(other.site / engines.ENGINES[engine].search_index) > 1000
    # what the engine cannot do: said by the build, one line each, and nothing for the others
    limits = engines.ENGINES[engine].limits
    assert set(limits) <= set(other.warnings) and all("\n" not in w for w in limits)
    assert not set(mkdocs.warnings) & {w for spec in engines.ENGINES.values() for w in spec.limits}
    if engine is Engine.ZENSICAL:  # no jieba dictionary, an English search box
        assert any("jieba" in w for w in limits) and any("英文" in w for w in limits)
