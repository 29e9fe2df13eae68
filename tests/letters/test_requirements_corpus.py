"""The requirement corpus: for every kind, a sample case that asks for it loses each fact the
kind needs, one at a time.  ``check``, ``letter`` and ``build`` must then say the same thing,
exit 1, write no letter and take no number."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.casework.letter_specs import LETTERS
from generator.cli import main
from generator.letters.templates import SHIPPED
from generator.model.kinds import LetterKind
from tests.conftest import REPO

SAMPLE_CASE = {
    LetterKind.ACCEPTANCE: "2026-0001",
    LetterKind.REJECTION: "2026-0004",
    LetterKind.REPLY: "2026-0001",
    LetterKind.REVIEW: "2026-0003",
    LetterKind.RECHECK: "2026-0003",
    LetterKind.REVIEW_REJECTION: "2026-0013",
    LetterKind.RECHECK_REJECTION: "2026-0014",
    LetterKind.REMINDER: "2026-0006",
    LetterKind.SUPERVISION: "2026-0005",
    LetterKind.ACCOUNTABILITY: "2026-0007",
    LetterKind.ASSIGNMENT: "2026-0008",
}

CORPUS = [(kind, fact.path) for kind in LetterKind for fact in LETTERS[kind].requires]


def test_the_corpus_covers_every_kind() -> None:
    assert set(SAMPLE_CASE) == set(LetterKind)
    assert {kind for kind, _ in CORPUS} == set(LetterKind)


def _drop(data: dict[str, object], dotted: str) -> None:
    *parents, last = dotted.split(".")
    node = data
    for part in parents:
        node = node[part]  # type: ignore[assignment]
    del node[last]


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "field"), CORPUS, ids=[f"{k.value}-{f}" for k, f in CORPUS])
def test_a_missing_fact_stops_check_letter_and_build_alike(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        kind: LetterKind, field: str) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(SHIPPED, tmp_path / "letter_templates")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XINFANG_TODAY", "2026-11-24")
    case_id = SAMPLE_CASE[kind]
    path = tmp_path / "content/cases" / f"{case_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert kind.value in data["letters"]
    _drop(data, field)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    register = (tmp_path / "content/register.tsv").read_bytes()

    outputs = {}
    for name, argv in (("check", ["check"]), ("letter", ["letter", case_id, kind.value]),
                       ("build", ["build", "--site-dir", "site"])):
        assert main(argv) == 1, name
        err = capsys.readouterr().err
        outputs[name] = {line for line in err.splitlines() if not line.startswith(("警告", "共 "))}
        assert "Traceback" not in err
    # the letter command reports its own kind's gaps; check and build report every case's
    assert outputs["letter"] <= outputs["check"]
    assert outputs["build"] == outputs["check"]
    message = next(line for line in outputs["letter"] if case_id in line)
    assert field in message or field.split(".")[0] in message
    assert "{{" not in message and "None" not in message
    assert (tmp_path / "content/register.tsv").read_bytes() == register
    assert not (tmp_path / "letters").exists()
    assert not (tmp_path / "site").exists()
