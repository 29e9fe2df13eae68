"""The letter templates shipped with xinfang, and how an office's copies differ from them.

``xinfang init`` copies them into the office's ``letter_templates/`` for the clerk to edit;
an office without that folder (the repository's sample, one made before init wrote
templates) writes its letters from these.  After an upgrade, ``xinfang templates diff``
shows what changed between the installed version's wording and the office's, so a
corrected sentence can be taken over by hand without losing the office's own edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent.parent / "letter_templates"
"""Package data: every ``<kind>.j2``, ``_common.j2`` and the README on how to edit them."""

FOLDER = "letter_templates"
"""The office's folder of templates, beside its ``content/``."""


def shipped_files() -> dict[str, bytes]:
    """Every shipped template file by name."""
    return {p.name: p.read_bytes() for p in sorted(SHIPPED.iterdir()) if p.is_file() and not p.name.startswith(".")}


@dataclass(frozen=True)
class TemplateDifference:
    name: str
    state: str
    """``changed``, ``missing`` (shipped, not in the office), ``extra`` (only the office's)."""
    diff: list[str]


def compare(folder: Path) -> list[TemplateDifference]:
    """How ``folder`` differs from the shipped templates, file by file, as unified diffs
    from the shipped text (``a/``) to the office's (``b/``)."""
    import difflib  # only this command compares; a letter needs the paths alone

    shipped = shipped_files()
    office = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}
    found: list[TemplateDifference] = []
    for name in sorted(shipped.keys() | office.keys()):
        old, new = shipped.get(name), office.get(name)
        if old == new:
            continue
        state = "missing" if new is None else "extra" if old is None else "changed"
        diff = list(difflib.unified_diff(
            _lines(old), _lines(new), fromfile=f"xinfang/{name}" if old is not None else "/dev/null",
            tofile=f"{FOLDER}/{name}" if new is not None else "/dev/null", lineterm=""))
        found.append(TemplateDifference(name, state, diff))
    return found


def _lines(data: bytes | None) -> list[str]:
    return [] if data is None else data.decode("utf-8", errors="replace").splitlines()
