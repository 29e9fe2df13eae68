"""The document-number register: gapless, never repeated, safe across processes."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.casework.register import Register, Request
from generator.errors import OutputError
from generator.model.kinds import LetterKind

D = dt.date(2026, 11, 24)


def req(case: str, kind: LetterKind = LetterKind.REPLY, year: int = 2026) -> Request:
    return Request(case=case, kind=kind, code="示信复", year=year, issued=D)


def test_numbers_run_per_code_and_year_and_are_reused_for_the_same_letter(tmp_path: Path) -> None:
    register = Register(tmp_path / "register.tsv")
    first = register.assign([req("a"), req("b"), req("c", year=2027)])
    assert [e.text for e in first] == ["示信复〔2026〕1号", "示信复〔2026〕2号", "示信复〔2027〕1号"]
    again = register.assign([req("b"), req("d")])
    assert [e.text for e in again] == ["示信复〔2026〕2号", "示信复〔2026〕3号"]


def test_a_voided_number_stays_voided(tmp_path: Path) -> None:
    register = Register(tmp_path / "register.tsv")
    register.assign([req("a"), req("b")])
    register.void("示信复〔2026〕2号", "打印错误")
    (renumbered,) = register.assign([req("b")])
    assert renumbered.text == "示信复〔2026〕3号"
    statuses = {(e.number, e.status) for e in register.entries()}
    assert statuses == {(1, "issued"), (2, "voided"), (3, "issued")}
    with pytest.raises(OutputError):
        register.void("示信复〔2026〕2号", "再次作废")


def test_the_register_is_plain_text_and_a_half_written_temp_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "register.tsv"
    Register(path).assign([req("a")])
    (tmp_path / ".register-crash.tmp").write_text("示信复\t2026\t", encoding="utf-8")  # a crash mid-write
    text = path.read_text(encoding="utf-8")
    assert "示信复\t2026\t1\ta\treply\t2026-11-24\tissued" in text
    assert [e.number for e in Register(path).assign([req("b")])] == [2]


WORKER = textwrap.dedent("""
    import sys, datetime as dt
    from pathlib import Path
    from generator.letters.render import render_letter
    from generator.model.kinds import LetterKind
    from generator.pipeline import prepare
    root, first, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    prepared = prepare(root)
    for i in range(first, first + 100):
        render_letter(prepared, f"c-{i:03d}", LetterKind.ACCEPTANCE, out / f"{i}.docx", today=dt.date(2026, 11, 24))
""")


@pytest.mark.slow
def test_two_processes_rendering_100_letters_each_get_200_distinct_gapless_numbers(
    content_copy, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    root = content_copy("minimal")
    template = (root / "cases/2026-0001.yaml").read_text(encoding="utf-8")
    for i in range(200):
        (root / f"cases/c-{i:03d}.yaml").write_text(template.replace("id: 2026-0001", f"id: c-{i:03d}"),
                                                    encoding="utf-8")
    out = tmp_path / "letters"
    out.mkdir()
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(root), str(first), str(out)],
                              stderr=subprocess.PIPE, text=True) for first in (0, 100)]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    entries = [e for e in Register(root / "register.tsv").entries() if e.kind == "acceptance"]
    numbers = sorted(e.number for e in entries)
    assert numbers == list(range(1, 201))
    assert len({e.case for e in entries}) == 200
    assert len(list(out.glob("*.docx"))) == 200


def _folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file() and p.suffix != ".lock"}


def test_a_staged_register_takes_its_place_only_when_the_block_succeeds(tmp_path: Path) -> None:
    # stage() writes the next register beside this one while the letters are made; the block's
    # end renames it into place: the same bytes as a register written at the end
    staged, plain = Register(tmp_path / "a" / "register.tsv"), Register(tmp_path / "b" / "register.tsv")
    for register in (staged, plain):
        register.path.parent.mkdir()
        register.assign([req("2026-0001")])
    before = staged.path.read_bytes()
    with staged.reserve([req("2026-0002"), req("2026-0003")]) as entries:
        staged.stage()
        assert staged.path.read_bytes() == before  # not recorded before the letters are made
        (beside,) = [p for p in staged.path.parent.iterdir() if p.name.endswith(".tmp")]
        assert "2026-0003\treply" in beside.read_text(encoding="utf-8")
    assert [e.number for e in entries] == [2, 3]
    plain.assign([req("2026-0002"), req("2026-0003")])
    assert _folder(staged.path.parent) == _folder(plain.path.parent)
    assert set(_folder(staged.path.parent)) == {"register.tsv"}


def test_a_failed_block_leaves_a_staged_register_unrecorded(tmp_path: Path) -> None:
    register = Register(tmp_path / "register.tsv")
    register.assign([req("2026-0001")])
    before = _folder(tmp_path)
    with pytest.raises(OSError, match="磁盘已满"), register.reserve([req("2026-0002")]):
        register.stage()
        raise OSError("磁盘已满")  # a letter that could not be written
    assert _folder(tmp_path) == before  # the register as it was, nothing staged left beside it
    assert [e.number for e in register.assign([req("2026-0003")])] == [2]  # no number was spent
    register.stage()  # outside a reservation: nothing to stage
    assert set(_folder(tmp_path)) == {"register.tsv"}
