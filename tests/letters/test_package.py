"""The hand-written zip container: any zip reader must read it back exactly."""

from __future__ import annotations

import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from generator.letters.package import member, write_zip

NAMES = st.lists(st.from_regex(r"[a-z_]{1,12}(/[a-z_]{1,12})?\.xml", fullmatch=True), min_size=1, max_size=6,
                 unique=True)


@given(NAMES, st.data())
def test_zipfile_reads_back_every_member_and_its_checksum(names: list[str], data: st.DataObject) -> None:
    parts = {name: data.draw(st.binary(max_size=4000)) for name in names}
    raw = write_zip([member(name, content) for name, content in parts.items()])
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        assert package.testzip() is None  # every CRC checks
        assert package.namelist() == names
        assert {name: package.read(name) for name in names} == parts
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in package.infolist())


def test_the_same_parts_give_the_same_bytes() -> None:
    parts = [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", "<w:document>一</w:document>".encode())]
    assert write_zip([member(n, d) for n, d in parts]) == write_zip([member(n, d) for n, d in parts])
