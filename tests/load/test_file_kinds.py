"""The file-kind registry drives the loader: every kind of file is read by its reader into
its own ``Content`` field, sources are keyed by record kind, and asking where an unknown
record is fails instead of pointing at the content folder."""

from __future__ import annotations

import dataclasses

import pytest

from generator.load import FINISH, READERS, load_content
from generator.model.content import Content
from generator.model.files import FILE_KINDS, Reader, RecordKind, file_of
from tests.conftest import REPO


def test_every_content_field_is_one_file_kinds_and_every_kind_has_its_reader() -> None:
    fields = {f.name for f in dataclasses.fields(Content)} - {"root", "sources"}
    assert sorted(kind.field for kind in FILE_KINDS) == sorted(fields)
    assert set(READERS) == set(Reader)
    assert {kind.name for kind in FILE_KINDS if kind.reader is Reader.DOCUMENT} == set(FINISH)


def test_every_record_kind_has_its_file() -> None:
    for records in RecordKind:
        assert file_of(records).records in (records, RecordKind.SESSION)


def test_sources_are_keyed_by_record_kind_and_an_unknown_one_raises() -> None:
    content = load_content(REPO / "content")
    assert {kind for kind, _ in content.sources} >= {RecordKind.OFFICE, RecordKind.UNIT, RecordKind.TOPIC,
                                                   RecordKind.SESSION, RecordKind.POLICY, RecordKind.CASE}
    assert all(isinstance(kind, RecordKind) for kind, _ in content.sources)
    case = next(iter(content.cases))
    assert content.source(RecordKind.CASE, case).path.endswith(f"cases/{case}.yaml")
    with pytest.raises(LookupError):
        content.source(RecordKind.CASE, "no-such-case")
    with pytest.raises(LookupError):
        content.source(RecordKind.LEADER, case)  # the right id under the wrong kind
