"""``xinfang build`` is all or nothing: a letter failing after others were written, or the
site failing to go in place after the letters did, leaves the published site, the letters
folder and the register byte for byte as they were (issue #12 / #10 "Data loss")."""

from __future__ import annotations

import errno
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import generator.letters.render as render
import generator.site.build.publish as publish
from generator.cli import main
from generator.letters.templates import SHIPPED
from tests.conftest import REPO

pytestmark = pytest.mark.slow  # each test builds the whole sample site


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample office in a scratch folder, run from there as a clerk would."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(SHIPPED, tmp_path / "letter_templates")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XINFANG_TODAY", "2026-11-24")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (and the folders themselves) with its bytes."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else b"<dir>")
            for p in sorted(folder.rglob("*"))}


def state(office: Path) -> tuple[dict[str, bytes], dict[str, bytes], bytes | None, list[str]]:
    register = office / "content/register.tsv"
    # no staging folder left behind (the site's lock file stays, as after any build)
    beside = sorted(p.name for p in office.iterdir() if p.name != ".site.lock")
    return (snapshot(office / "site"), snapshot(office / "letters"),
            register.read_bytes() if register.exists() else None, beside)


def build(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["build"])
    return code, capsys.readouterr().err


def fail_after(count: int, monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> Callable[[], int]:
    """Make the ``count``+1-th letter fail after ``count`` were laid out (and written)."""
    real = render.compose
    calls = [0]

    def compose(*args: object, **kwargs: object) -> bytes:
        calls[0] += 1
        if calls[0] > count:
            raise exc
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "compose", compose)
    return lambda: calls[0]


def renumber_everything(office: Path) -> None:
    """With the register emptied every sample letter takes a fresh number: a build that
    kept any of them would change the register and the letters."""
    (office / "content/register.tsv").unlink()
    shutil.rmtree(office / "letters", ignore_errors=True)


def test_a_letter_failing_midway_changes_nothing_already_published(
        office: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, err = build(capsys)
    assert code == 0, err
    (office / "letters/手写批注.txt").write_text("科员的笔记", encoding="utf-8")  # not ours: must survive
    before = state(office)
    assert before[0] and before[1] and before[2]
    # the register grows: one more letter for a case
    case = office / "content/cases/2026-0003.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace(
        "letters: [reply, review, recheck]", "letters: [acceptance, reply, review, recheck]"), encoding="utf-8")
    site_page = next((office / "site").rglob("index.html"))
    site_page_bytes = site_page.read_bytes()

    calls = fail_after(5, monkeypatch, OSError(errno.ENOSPC, "No space left on device",
                                               str(office / "letters/x.docx")))
    code, err = build(capsys)

    assert code == 1
    assert calls() == 6  # five letters were laid out and written before the sixth failed
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("警告")]
    assert len(lines) == 1, err
    assert "磁盘" in lines[0] and "保持原样" in lines[0]
    assert state(office) == before
    assert site_page.read_bytes() == site_page_bytes


def test_a_template_error_on_a_first_build_leaves_no_site_no_letters_no_register(
        office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    renumber_everything(office)
    (office / "letter_templates/supervision.j2").write_text("{{ case.no_such_field }}\n", encoding="utf-8")
    before = state(office)

    code, err = build(capsys)

    assert code == 1
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("警告")]
    assert len(lines) == 1, err
    assert "supervision.j2:1" in lines[0] and "no_such_field" in lines[0]
    assert state(office) == before
    assert not (office / "site").exists() and not (office / "letters").exists()


def test_the_site_failing_to_go_in_place_takes_the_letters_and_numbers_back(
        office: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, err = build(capsys)
    assert code == 0, err
    renumber_everything(office)
    (office / "letters").mkdir()
    before = state(office)

    def step(name: str) -> None:
        if name == "ready":  # the checked site is about to replace the published one
            assert len(list((office / "letters").glob("*.docx"))) == 19  # the letters are in place
            raise PermissionError(errno.EACCES, "Permission denied", str(office / "site"))

    monkeypatch.setattr(publish, "step", step)
    code, err = build(capsys)

    assert code == 1, err
    assert "保持原样" in err
    after = state(office)
    # the unpublished release is publish.py's scratch folder, removed by the next build
    assert [name for name in after[3] if not name.startswith((".site-new-", ".site-staging"))] == before[3]
    assert after[:3] == before[:3]


def test_libreoffice_failing_under_pdf_keeps_nothing(
        office: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    renumber_everything(office)
    fake = office / "bin/soffice"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'javaldx: could not find a Java Runtime' >&2\nexit 81\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:/usr/bin:/bin")
    before = state(office)

    code, err = main(["build", "--pdf"]), capsys.readouterr().err

    assert code == 1
    assert "LibreOffice 转 PDF 失败（退出码 81" in err and "保持原样" in err
    assert ".docx 文件已生成" not in err  # no letter was kept, so none may be promised
    assert state(office) == before


def test_a_successful_build_replaces_the_letters_and_keeps_a_clerks_file(
        office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = build(capsys)
    assert code == 0, err
    note = office / "letters/手写批注.txt"
    note.write_text("科员的笔记", encoding="utf-8")
    (office / "letters/2026-0001-acceptance.docx").write_bytes(b"stale")

    code, err = build(capsys)

    assert code == 0, err
    assert note.read_text(encoding="utf-8") == "科员的笔记"
    assert (office / "letters/2026-0001-acceptance.docx").read_bytes().startswith(b"PK")
    assert not [p.name for p in office.iterdir() if p.name.startswith(".letters-")]


@pytest.mark.parametrize("city", [False, True])
def test_a_site_check_failing_while_the_letters_are_made_says_so_and_records_no_number(
        office: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, city: bool) -> None:
    """The letters are made while the checks' workers read the site; a check that fails still
    stops the build with its own message, and the numbers the letters took are not recorded."""
    import generator.site.build.stage as stage
    import generator.site.build.tree as tree

    if city:
        monkeypatch.setattr(tree, "PARALLEL_SESSIONS", 0)  # forked check workers, letters in this process
    code, err = build(capsys)
    assert code == 0, err
    renumber_everything(office)
    before = state(office)
    made = fail_after(10_000, monkeypatch, AssertionError("not reached"))
    monkeypatch.setattr(stage.checks, "find_oversized", lambda *a, **k: ["index.html：测试用的问题"])

    code, err = build(capsys)

    assert code == 1
    assert made() == 19  # the letters were laid out meanwhile, and thrown away
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("警告")]
    assert lines == ["失败：网站检查未通过，1 处问题，原网站保持不变：", "index.html：测试用的问题"], err
    assert state(office) == before  # no register (no number recorded), no letters folder


def test_the_register_is_not_recorded_before_the_checks_have_passed(
        office: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, err = build(capsys)
    assert code == 0, err
    renumber_everything(office)
    before = state(office)
    seen: dict[str, object] = {}

    def step(name: str) -> None:
        if name == "checked":  # a build killed here must find the register as it was
            seen["checked"] = state(office)[1:3]

    monkeypatch.setattr(publish, "step", step)
    code, err = build(capsys)

    assert code == 0, err
    assert seen["checked"] == before[1:3]
    assert state(office)[2] is not None  # recorded after


def test_at_city_scale_the_letters_are_made_while_the_checks_workers_read_the_site(
        office: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """This process would only wait for the check workers: it makes the letters meanwhile, on
    its own (both cores are taken), instead of after them."""
    import multiprocessing

    import generator.site.build.tree as tree

    monkeypatch.setattr(tree, "PARALLEL_SESSIONS", 0)  # what a city's 5,000+ sessions switch on
    steps: list[str] = []
    monkeypatch.setattr(publish, "step", steps.append)
    real = render.render_case_letters
    when: dict[str, object] = {}

    def letters(*args: object, **kwargs: object) -> list[Path]:
        when.update(steps=list(steps), workers=kwargs.get("workers"), children=len(multiprocessing.active_children()))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "render_case_letters", letters)
    code, err = build(capsys)

    assert code == 0, err
    assert "checked" not in when["steps"]  # type: ignore[operator]
    assert when["workers"] == 1
    assert when["children"] == 2  # the check workers, reading
    assert steps.index("checked") < steps.index("ready")
    assert len(list((office / "letters").glob("*.docx"))) == 19
