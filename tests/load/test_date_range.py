"""Dates outside 1949-10-01 .. 2100-12-31, in content or on the command line, are a
check error or a usage error naming the field; no date reaches an internal error."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.errors import ContentError
from generator.load import load_content
from tests.conftest import REPO

FAR = [dt.date(1, 1, 1), dt.date(1949, 9, 30), dt.date(2101, 1, 1), dt.date(9999, 12, 31)]


def _dates(value: object) -> int:
    if isinstance(value, dict):
        return sum(_dates(v) for v in value.values())
    if isinstance(value, list):
        return sum(_dates(v) for v in value)
    return isinstance(value, dt.date)


def _shift(value: object, count: list[int]) -> object:
    if isinstance(value, dict):
        return {k: _shift(v, count) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, count) for v in value]
    if isinstance(value, dt.date):
        count[0] += 1
        return FAR[count[0] % len(FAR)]
    return value


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    return root


@pytest.mark.parametrize("office", [True, False])
def test_every_date_of_every_kind_out_of_range_is_a_check_error(sample: Path, office: bool) -> None:
    """office.yaml alone (with it refused, nothing else is read), then every other file."""
    expected: dict[str, int] = {}
    count = [0]
    files = [*sample.glob("*.yaml"), *sample.glob("schedule/*.yaml"), *sample.glob("cases/*.yaml"),
             *sample.glob("notices/*.md"), *sample.glob("policies/*.md")]
    for path in files:
        if path.name == "holidays.yaml" or (path.name == "office.yaml") != office:
            continue  # holidays: its years are checked against the holiday package's range
        text = path.read_text(encoding="utf-8")
        _, meta, body = text.split("---\n", 2) if path.suffix == ".md" else ("", text, "")
        data = yaml.safe_load(meta)
        if not _dates(data):
            continue
        expected[str(path.relative_to(sample.parent))] = _dates(data)
        dumped = yaml.safe_dump(_shift(data, count), allow_unicode=True, sort_keys=False)
        path.write_text(f"---\n{dumped}---\n{body}" if path.suffix == ".md" else dumped, encoding="utf-8")
    assert len(expected) > (0 if office else 15)
    with pytest.raises(ContentError) as caught:
        load_content(sample)
    found: dict[str, int] = {}
    for problem in caught.value.problems:
        if "不在 1949-10-01 至 2100-12-31 之间" in problem.message:
            assert problem.line > 0
            found[problem.path] = found.get(problem.path, 0) + 1
    assert found == expected


@pytest.mark.parametrize(("argv", "option"), [
    (["statistics", "--from", "0001-01-01", "--to", "9999-12-31"], "--from"),
    (["statistics", "--from", "2026-01-01", "--to", "2101-01-01"], "--to"),
    (["statistics", "0001"], "统计期"),
    (["statistics", "9999-q1"], "统计期"),
    (["deadlines", "--today", "0001-01-01"], "--today"),
    (["build", "--today", "2200-01-01"], "--today"),
])
def test_command_line_dates_out_of_range_are_usage_errors(argv: list[str], option: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*argv, "--content", str(REPO / "content"), *(["--site-dir", str(tmp_path / "s"),
                                                              "--letters-dir", str(tmp_path / "l")]
                                                             if argv[0] == "build" else [])])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "1949" in err and "2100" in err and "内部错误" not in err
    assert option in err


def test_the_environment_date_is_named_too(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XINFANG_TODAY", "0001-01-01")
    assert main(["deadlines", "--content", str(REPO / "content")]) == 2
    assert "XINFANG_TODAY" in capsys.readouterr().err


@pytest.mark.parametrize("day", ["1949-10-01", "2100-12-31"])
def test_a_case_on_the_edge_of_the_range_never_reaches_an_internal_error(
        sample: Path, day: str, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = sample / "cases" / "2026-0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("received: 2026-06-03", f"received: {day}"),
                    encoding="utf-8")
    monkeypatch.setenv("XINFANG_TODAY", "2026-11-24")
    for argv in (["check"], ["deadlines"], ["statistics", "--from", "1949-10-01", "--to", "2100-12-31"],
                 ["ledger", "-o", str(tmp_path / "out" / "台账.xlsx")]):
        code = main([*argv, "--content", str(sample)])
        err = capsys.readouterr().err
        assert code in (0, 1), err
        assert "内部错误" not in err and "Traceback" not in err
