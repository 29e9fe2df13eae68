"""``xinfang init``: a new office's folder that passes check and builds, with nothing of
the sample in it, refusing to write over anything."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.init import MKDOCS_YML
from generator.pipeline import prepare
from tests.conftest import REPO

TODAY = "2026-11-24"  # a Tuesday; the rule receives on Wednesdays from 2026-11-01


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XINFANG_TODAY", TODAY)


def _init(folder: Path, *args: str) -> int:
    return main(["init", str(folder), *args])


def test_init_writes_a_project_that_passes_check_and_builds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "qingshi"
    assert _init(project, "--name", "青石县信访局", "--unit-level", "county") == 0
    assert "青石县信访局" in capsys.readouterr().out
    content = project / "content"
    for name in ("office.yaml", "units.yaml", "leaders.yaml", "topics.yaml", "holidays.yaml"):
        assert (content / name).is_file(), name
    assert (project / "mkdocs.yml").is_file()
    units = yaml.safe_load((content / "units.yaml").read_text(encoding="utf-8"))["units"]
    assert units == [{"id": "qingshixian", "name": "青石县", "level": "county"}]
    assert [len(yaml.safe_load((content / f"{kind}.yaml").read_text(encoding="utf-8"))[kind])
            for kind in ("leaders", "topics")] == [1, 1]
    # the folder the tour's case file goes in, saying what it is for (and kept out of git)
    assert "个人信息" in (content / "cases/README.txt").read_text(encoding="utf-8")
    assert "content/cases/" in (project / ".gitignore").read_text(encoding="utf-8").splitlines()
    schedules = list((content / "schedule").glob("*.yaml"))
    assert len(schedules) == 1
    assert len(yaml.safe_load(schedules[0].read_text(encoding="utf-8"))["rules"]) == 1

    assert main(["check", "--content", str(content)]) == 0
    out, err = capsys.readouterr()
    assert "检查通过" in out and "office.yaml address" in err  # what is still 待填写
    prepared = prepare(content)
    assert prepared.content.office.name == "青石县信访局"
    # Wednesdays from the first of the build month: 11月4日 … 11月25日 are in November
    november = [s.date.day for s in prepared.sessions if s.date.month == 11]
    assert november == [4, 11, 18, 25]

    monkeypatch.chdir(project)
    assert main(["build"]) == 0
    out, err = capsys.readouterr()
    assert "待填写" in err and "office.yaml address" in err and "leaders.yaml leader-1" in err
    # the rule runs to the end of April 2027 (five months after November): the build says so
    assert "已公布的接访安排到2027年4月28日为止" in out
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]*青石县信访局</title>", home)
    assert '<tr id="qingshixian-weekly-20261125"' in home  # today's week lists the next session


def test_init_gives_a_daily_rebuild_as_a_systemd_timer_and_a_cron_line(tmp_path: Path) -> None:
    project = tmp_path / "青石 县%1"  # a space and a systemd specifier in the path
    assert _init(project, "--name", "青石县信访局") == 0
    service = (project / "deploy/xinfang-rebuild.service").read_text(encoding="utf-8")
    timer = (project / "deploy/xinfang-rebuild.timer").read_text(encoding="utf-8")
    assert "OnCalendar=*-*-* 00:10:00" in timer and "Persistent=true" in timer
    assert "WantedBy=timers.target" in timer
    lines = dict(line.split("=", 1) for line in service.splitlines() if "=" in line and not line.startswith("#"))
    assert lines["Type"] == "oneshot"
    assert lines["WorkingDirectory"] == str(project.absolute()).replace("%", "%%")
    assert lines["ExecStart"].startswith('"') and lines["ExecStart"].endswith('" build')
    # the why, and the cron line: a shell line that changes into the folder, however it is named
    assert "浏览器按当天计算" in service and "暂停接访" in service
    cron = next(line.removeprefix("#").strip() for line in service.splitlines() if "* * *" in line)
    schedule, command = cron[:len("10 0 * * *")], cron[len("10 0 * * * "):]
    assert schedule == "10 0 * * *"
    words = shlex.split(command)
    assert words[:3] == ["cd", str(project.absolute()), "&&"] and words[4] == "build"
    assert "rebuild.log" in (project / ".gitignore").read_text(encoding="utf-8")


def test_init_refuses_a_folder_whose_path_has_a_line_break(tmp_path: Path) -> None:
    assert _init(tmp_path / "a\nExecStartPre=rm", "--name", "青石县信访局") == 2
    assert not (tmp_path / "a\nExecStartPre=rm").exists()


def test_no_sample_leftovers(tmp_path: Path) -> None:
    assert _init(tmp_path / "x", "--name", "青石市信访局") == 0
    for path in (tmp_path / "x").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "示例" not in text and "example" not in text.lower(), path
            assert "shili" not in text, path


def test_every_file_explains_how_to_go_on(tmp_path: Path) -> None:
    assert _init(tmp_path / "x", "--name", "青石市信访局") == 0
    for path in (tmp_path / "x" / "content").rglob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# "), path


def test_the_repository_mkdocs_yml_is_the_one_init_writes() -> None:
    assert (REPO / "mkdocs.yml").read_text(encoding="utf-8") == MKDOCS_YML


@pytest.mark.parametrize("name", ['青石县"信访局', "青石县信访局: #1 {x} [y] &z", "<script>alert(1)</script>信访局",
                                  "  青石县信访局  "])
def test_any_name_is_kept_as_text(tmp_path: Path, name: str) -> None:
    assert _init(tmp_path / "x", "--name", name) == 0
    content = prepare(tmp_path / "x" / "content").content
    assert content.office.name == name.strip()


@pytest.mark.parametrize("name", ["", "   ", "青石县\n信访局", "青石县\x00信访局", "局" * 41])
def test_a_name_that_is_not_a_name_is_misuse(tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _init(tmp_path / "x", "--name", name) == 2
    assert "--name" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_a_non_empty_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "office"
    folder.mkdir()
    (folder / "notes.txt").write_text("已有的文件", encoding="utf-8")
    assert _init(folder, "--name", "青石县信访局") == 2
    assert "不是空文件夹" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    assert _init(a_file, "--name", "青石县信访局") == 2
    assert a_file.read_text(encoding="utf-8") == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "office"]  # no staging left


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "office").mkdir()
    assert _init(tmp_path / "office", "--name", "青石县信访局") == 0
    assert (tmp_path / "office" / "content" / "office.yaml").is_file()


def test_misuse_of_options_exits_two(tmp_path: Path) -> None:
    assert _init(tmp_path / "x") == 2  # --name is required
    assert _init(tmp_path / "x", "--name", "青石县信访局", "--unit-level", "province") == 2
    assert not (tmp_path / "x").exists()


def test_init_help_is_bilingual(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "--help"]) == 0
    out = capsys.readouterr().out
    assert "机构全称" in out and "the office's full name" in out and "--unit-level" in out
    assert main(["--help"]) == 0
    assert "start a new office" in capsys.readouterr().out


def test_a_hostile_name_is_shown_as_text_on_every_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = '<script>alert("x")</script>县信访局'
    assert _init(tmp_path / "x", "--name", name) == 0
    monkeypatch.chdir(tmp_path / "x")
    assert main(["build"]) == 0
    pages = list((tmp_path / "x" / "site").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
    home = (tmp_path / "x" / "site" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;县信访局" in home


@pytest.mark.parametrize(("name", "args", "host"), [
    ("青石县信访局", [], "青石县人民政府办公室"),                   # a 信访局: its government's office, to check
    ("广州市生态环境局", [], "待填写"),                             # a department: nothing invented
    ("某某市民政局", ["--host", " 某某市民政局办公室 "], "某某市民政局办公室"),
])
def test_host_is_given_or_left_to_fill(tmp_path: Path, name: str, args: list[str], host: str) -> None:
    assert _init(tmp_path / "x", "--name", name, *args) == 0
    office = yaml.safe_load((tmp_path / "x/content/office.yaml").read_text(encoding="utf-8"))
    assert office["host"] == host
    assert "人民政府办公室" not in office["host"] or name.endswith("信访局")


def test_a_bad_host_is_misuse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _init(tmp_path / "x", "--name", "青石县信访局", "--host", "办公室\n<script>") == 2
    assert "--host" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
