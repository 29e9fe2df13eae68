"""The README's content reference is generated from the models; it must not drift."""

from __future__ import annotations

import re

from generator.schemas import reference_markdown
from tests.conftest import REPO


def test_readme_reference_matches_the_models() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- reference:start -->\n(.*)\n<!-- reference:end -->", readme, re.S)
    assert match, "README lacks the reference markers"
    assert match.group(1).strip() == reference_markdown().strip(), (
        "README content reference is stale: run `xinfang schema --reference` and paste it between the markers"
    )


def test_readme_starts_with_the_two_commands() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```bash") + 1: lines.index("```bash") + 3]
    assert "xinfang build" in block[0] and "pip install -e ." in block[0]
    assert block[1].startswith("bash scripts/test.sh")
    assert "bash scripts/test.sh" in (REPO / ".ci/run").read_text(encoding="utf-8")


def test_after_the_first_command_the_readme_says_once_how_to_run_xinfang() -> None:
    """The first command installs into .venv; the README then says once to activate it and
    uses bare ``xinfang`` / ``python`` / ``pip`` everywhere after (a bare ``xinfang`` without
    activation is "command not found")."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block_end = readme.index("```", readme.index("```bash") + 3)
    rest = readme[first_block_end + 3:]
    activation = rest.index("source .venv/bin/activate")
    assert rest.index("`xinfang ") > activation  # said before any command uses it
    assert ".venv/bin/" not in rest.replace("source .venv/bin/activate", "")


def test_the_code_tour_names_only_files_that_exist() -> None:
    """代码结构 points a newcomer at files and tests; each must be there."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 代码结构", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`((?:generator|tests|scripts)/[\w/.]+?)(?:::\w+)?`", section))
    rooms = r"`((?:site|casework|model|load|letters|statistics|tables)/[\w/.]+\.py)"
    named |= {f"generator/{p}" for p in re.findall(rooms, section)}
    assert len(named) > 10
    missing = sorted(p for p in named if not (REPO / p).exists())
    assert not missing, missing
    # a named test (file::test) must be a test of that file, so the claim beside it is checked
    tests = set(re.findall(r"`(tests/[\w/.]+\.py)::(\w+)`", section))
    assert tests
    absent = sorted(f"{file}::{name}" for file, name in tests
                    if not re.search(rf"^def {name}\(", (REPO / file).read_text(encoding="utf-8"), re.M))
    assert not absent, absent
