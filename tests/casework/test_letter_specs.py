"""One table says what each letter kind is: every kind has its spec and its template, each
fact a kind requires names a real field of the case file and reads that field, and nothing
falls back silently (a kind's date is its own act's, today only while that act has none)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator.casework.letter_specs import LETTERS, Issuer, issue_date, kind_of_file, letter_kind
from generator.errors import UsageError
from generator.letters.templates import SHIPPED
from generator.model.cases import Case
from generator.model.kinds import LetterFormat, LetterKind
from generator.pipeline import prepare
from tests.conftest import REPO


def test_every_kind_has_one_spec_and_a_template() -> None:
    assert list(LETTERS) == list(LetterKind)
    assert all(spec.kind is kind for kind, spec in LETTERS.items())
    for spec in LETTERS.values():
        assert (SHIPPED / spec.template).is_file(), spec.template


def _field_type(model: type[BaseModel], path: str) -> object:
    """Follow a dotted path through the pydantic models; fails on a name that is not a field."""
    annotation: object = model
    for part in path.split("."):
        assert isinstance(annotation, type) and issubclass(annotation, BaseModel), path
        assert part in annotation.model_fields, f"{path}: {part} is not a field of {annotation.__name__}"
        field = annotation.model_fields[part].annotation
        # Optional[Record] -> Record
        args = [a for a in getattr(field, "__args__", ()) if a is not type(None)]
        annotation = args[0] if len(args) == 1 and isinstance(args[0], type) else field
    return annotation


def test_each_required_fact_names_a_case_field_and_reads_it() -> None:
    case = prepare(REPO / "content").content.cases["2026-0003"]  # has review and recheck
    for spec in LETTERS.values():
        for fact in spec.requires:
            _field_type(Case, fact.path)
            value: object = case
            for part in fact.path.split("."):
                value = getattr(value, part) if value is not None else None
            assert fact.read(case) == value, fact.path
            if "." in fact.path:
                assert fact.part_of is not None and fact.part_of.path == fact.path.split(".")[0]


def test_the_date_that_dates_each_kind() -> None:
    """Written out by hand from the procedure: each letter carries the date of its own act."""
    content = prepare(REPO / "content").content
    today = dt.date(2030, 1, 1)
    reply = content.cases["2026-0001"]
    appealed = content.cases["2026-0003"]
    supervised = content.cases["2026-0005"]
    assert issue_date(reply, LetterKind.ACCEPTANCE, today) == reply.accepted
    assert issue_date(reply, LetterKind.REPLY, today) == reply.replied
    assert appealed.review is not None and appealed.recheck is not None
    assert issue_date(appealed, LetterKind.REVIEW, today) == appealed.review.decided
    assert issue_date(appealed, LetterKind.RECHECK, today) == appealed.recheck.decided
    assert supervised.supervision is not None
    assert issue_date(supervised, LetterKind.SUPERVISION, today) == (supervised.supervision.issued or today)
    # no act yet: today (a rejection not yet decided)
    assert reply.rejected is None
    assert issue_date(reply, LetterKind.REJECTION, today) == today


def test_issuer_format_and_supervision_as_the_procedure_has_them() -> None:
    assert {k for k, s in LETTERS.items() if s.format is LetterFormat.LETTER} == {
        LetterKind.REMINDER, LetterKind.SUPERVISION, LetterKind.ACCOUNTABILITY}
    assert {k for k, s in LETTERS.items() if s.supervision} == {
        LetterKind.REMINDER, LetterKind.SUPERVISION, LetterKind.ACCOUNTABILITY, LetterKind.ASSIGNMENT}
    assert {k for k, s in LETTERS.items() if s.issuer is Issuer.REVIEW} == {
        LetterKind.REVIEW, LetterKind.REVIEW_REJECTION}
    assert {k for k, s in LETTERS.items() if s.issuer is Issuer.RECHECK} == {
        LetterKind.RECHECK, LetterKind.RECHECK_REJECTION}


def test_file_names_go_both_ways() -> None:
    for spec in LETTERS.values():
        name = spec.file_name("2026-0001")
        assert kind_of_file(Path(name)) == ("2026-0001", spec.kind)
    # the longest kind wins: review_rejection is not a "review" of case "…-review_"
    assert kind_of_file(Path("2026-0013-review_rejection.docx")) == ("2026-0013", LetterKind.REVIEW_REJECTION)
    assert kind_of_file(Path("-acceptance.docx")) is None
    assert kind_of_file(Path("notes.docx")) is None
    assert kind_of_file(Path("2026-0001-acceptance.pdf")) is None


@pytest.mark.parametrize("text", ["accept", "ACCEPTANCE", "<script>", ""])
def test_an_unknown_kind_is_misuse_listing_the_kinds(text: str) -> None:
    with pytest.raises(UsageError) as raised:
        letter_kind(text)
    assert f"文书类型“{text}”不存在" in str(raised.value)
    assert "acceptance（受理告知书）" in str(raised.value) and "assignment（交办单）" in str(raised.value)


def test_a_later_answer_s_letters_have_their_own_file_and_register_key() -> None:
    from generator.casework.letter_specs import letter_key, letter_of_file
    assert LETTERS[LetterKind.REPLY].file_name("2026-0003", 2) == "2026-0003-reply-2.docx"
    assert letter_key(LetterKind.REPLY, 1) == "reply" and letter_key(LetterKind.REVIEW, 3) == "review-3"
    assert letter_of_file(Path("2026-0003-reply-2.docx")) == ("2026-0003", "reply-2")
    assert letter_of_file(Path("2026-0003-review_rejection-12.docx")) == ("2026-0003", "review_rejection-12")
    assert letter_of_file(Path("2026-0003-reply.docx")) == ("2026-0003", "reply")
    assert letter_of_file(Path("2026-0003-reply-1.docx")) is None  # the first answer's has no number
    assert letter_of_file(Path("notes-2.docx")) is None
