"""The shipped lean template is python-docx's default template pruned, and gives the very
base document the default itself gives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from generator.letters import layout
from generator.model.office import Fonts


def _parts(package: bytes | Path) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package) if isinstance(package, bytes) else package) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_shipped_template_is_the_default_template_pruned() -> None:
    shipped = _parts(layout.LEAN_TEMPLATE)
    assert shipped == _parts(layout.lean_template()), (
        "python-docx's default template changed: make the lean one again as layout.LEAN_TEMPLATE says")
    styles = shipped["word/styles.xml"].decode("utf-8")
    assert styles.count("<w:style ") == len(layout.KEEP_STYLES) and "latentStyles" not in styles
    assert not any(part in name for name in shipped for part in ("theme", "numbering", "fontTable", "thumbnail"))


@pytest.mark.parametrize("fonts", [Fonts(), Fonts(body="宋体", latin="Arial")])
def test_the_base_document_is_the_same_from_the_default_template(fonts: Fonts,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    lean = _parts(layout._base.__wrapped__(fonts))
    default = Path(docx.__file__).parent / "templates" / "default.docx"
    monkeypatch.setattr(layout, "LEAN_TEMPLATE", default)
    assert _parts(layout._base.__wrapped__(fonts)) == lean
    assert lean["word/styles.xml"].count(b"<w:style ") == len(layout.KEEP_STYLES)
