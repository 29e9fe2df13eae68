"""A killed run's staging leftovers are undone by the next StagedFolder on the same target."""

from __future__ import annotations

from pathlib import Path

from generator.atomic import StagedFolder


def test_a_staging_folder_left_by_a_killed_run_is_removed(tmp_path: Path) -> None:
    target = tmp_path / "letters"
    target.mkdir()
    (target / "a.docx").write_bytes(b"old")
    (tmp_path / ".letters-new-abc").mkdir()
    (tmp_path / ".letters-new-abc" / "half.docx").write_bytes(b"half")
    with StagedFolder(target) as stage:
        (stage.folder / "b.docx").write_bytes(b"new")
        stage.swap_in()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letters"]
    assert sorted(p.name for p in target.iterdir()) == ["a.docx", "b.docx"]


def test_an_original_set_aside_when_the_run_was_killed_goes_back(tmp_path: Path) -> None:
    # killed between renaming letters/ aside and renaming the staging folder into its place
    aside = tmp_path / ".letters-old-xyz" / "folder"
    aside.mkdir(parents=True)
    (aside / "a.docx").write_bytes(b"old")
    target = tmp_path / "letters"
    removed = StagedFolder(target).recover()
    assert removed == [tmp_path / ".letters-old-xyz"]
    assert (target / "a.docx").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letters"]
