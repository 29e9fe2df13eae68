"""The command line through its entry point: exit codes and messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import FIXTURES


def test_check_passes_on_valid_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content", str(FIXTURES / "minimal")]) == 0
    assert "检查通过" in capsys.readouterr().out


def test_help_is_bilingual_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "检查内容" in out and "validate content" in out
    assert main(["build", "--help"]) == 0
    assert "--content" in capsys.readouterr().out


def test_misuse_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-command"]) == 2
    assert main(["letter", "2026-0001", "not-a-kind", "--content", str(FIXTURES / "minimal")]) == 2
    assert "文书类型“not-a-kind”不存在" in capsys.readouterr().err


def test_missing_content_dir_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content", str(tmp_path / "nope")]) == 1
    assert "内容目录不存在" in capsys.readouterr().err


@pytest.mark.parametrize(("content", "code", "said"), [("minimal", 0, "检查通过"), ("nope", 1, "内容目录不存在")])
def test_the_command_ends_with_its_code_and_all_it_printed(content: str, code: int, said: str,
                                                          tmp_path: Path) -> None:
    # the process ends without the interpreter's teardown: what it printed into a pipe (block
    # buffered) must still arrive, and the exit code must be the command's.  Run in a folder of
    # its own: a checkout's letters/ may hold the sample's numbered letters, which the fixture's
    # missing register would then rightly refuse
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(FIXTURES / content)],
                          capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == code
    assert said in (done.stdout if code == 0 else done.stderr)
    assert "Traceback" not in done.stderr
    if code == 0:
        assert done.stdout.rstrip().endswith("件案件。")


def test_schema_writes_one_valid_json_schema_per_file_kind(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    assert main(["schema", "-o", str(out), "--content", str(FIXTURES / "minimal")]) == 0
    names = sorted(p.name for p in out.iterdir() if p.name != ".xinfang-output")  # the folder's stamp
    assert names == sorted(f"{k}.schema.json" for k in
                           ["office", "units", "leaders", "topics", "schedule", "policy", "notice", "case",
                            "holidays"])
    schedule = json.loads((out / "schedule.schema.json").read_text(encoding="utf-8"))
    rule = schedule["$defs"]["Rule"]
    assert {"kind", "weekday", "roster", "times"} <= set(rule["properties"])
    assert "星期几" in rule["properties"]["weekday"]["description"]


def test_schema_accepts_the_fixture_and_rejects_a_bad_file(tmp_path: Path) -> None:
    import jsonschema
    import yaml

    main(["schema", "-o", str(tmp_path), "--content", "content"])
    schema = json.loads((tmp_path / "leaders.schema.json").read_text(encoding="utf-8"))
    good = yaml.safe_load((FIXTURES / "minimal/leaders.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(good, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"leaders": [{"id": "x", "nmae": "无"}]}, schema)


def test_deadlines_lists_open_cases(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadlines", "--content", str(FIXTURES / "minimal"), "--today", "2026-11-24", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    (row,) = rows
    # accepted 2026-08-06 + 60 days = 10/5 (国庆) -> 10/8; overdue on 11/24 by 47 days
    assert row["case"] == "2026-0001" and row["due"] == "2026-10-08" and row["overdue"]
    assert row["days_left"] == -47 and row["letter"] == "accountability"


def test_cases_can_live_outside_the_content_folder(content_copy, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = content_copy("minimal")
    private = tmp_path / "private-cases"
    (root / "cases").rename(private)
    assert main(["check", "--content", str(root)]) == 0
    assert "0 件案件" in capsys.readouterr().out
    assert main(["check", "--content", str(root), "--cases", str(private)]) == 0
    assert "1 件案件" in capsys.readouterr().out
    (root / "office.yaml").write_text((root / "office.yaml").read_text(encoding="utf-8")
                                      + f"cases_dir: {private}\n", encoding="utf-8")
    assert main(["check", "--content", str(root)]) == 0
    assert "1 件案件" in capsys.readouterr().out


def test_check_names_the_session_after_an_open_ended_suspension(
        content_copy, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from tests.schedule.test_real_notices import add_session_after_the_suspension

    root = content_copy("real_notices")
    add_session_after_the_suspension(root)
    assert main(["check", "--content", str(root)]) == 1
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if "centre-repair" in x)
    # one line naming the file and line of the suspension, the later session, and what to do
    assert "county.yaml:" in line and "resumed-20260805" in line and "end" in line
    assert "Traceback" not in err


def test_check_warns_about_a_session_moved_onto_a_holiday(
        content_copy, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import edit

    root = content_copy("real_notices")
    edit(root / "schedule/county.yaml", "suspensions:\n", """changes:
  - session: county-tue-20260210
    action: move
    date: 2026-02-17
    reason: 领导外出
    announced: 2026-02-01

suspensions:
""")
    assert main(["check", "--content", str(root)]) == 0
    err = capsys.readouterr().err
    assert any("county-tue-20260210" in x and "春节" in x and x.startswith("警告") for x in err.splitlines())


def test_check_warns_as_a_strict_build_would_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The site's warnings come from one function: a day past the sample's schedule makes
    ``check --today`` warn with the words ``build --strict`` stops on."""
    from tests.conftest import REPO

    monkeypatch.chdir(REPO)
    assert main(["check", "--today", "2027-06-01"]) == 0
    warned = [line for line in capsys.readouterr().err.splitlines() if "接访安排" in line and "补充" in line]
    assert warned, "check --today past the schedule said nothing"
    code = main(["build", "--today", "2027-06-01", "--strict", "--site-dir", str(tmp_path / "site"),
                 "--letters-dir", str(tmp_path / "letters")])
    err = capsys.readouterr().err
    assert code == 1
    assert warned[0].removeprefix("警告：") in err
