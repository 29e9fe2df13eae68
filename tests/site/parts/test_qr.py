"""The printed pages' QR codes (``parts.qr``): the symbol segno makes, its data mask chosen
by the same penalty (ISO/IEC 18004 7.8.3) computed faster, and read back by a real decoder."""

from __future__ import annotations

import random
import string

import pytest
import segno
from segno import encoder

from generator.site.parts import qr

SITE = "https://xinfang.example.gov.cn/"
ADDRESSES = [
    *(f"{SITE}schedule/2026-{month:02d}/county-{county}/" for month in range(1, 13) for county in range(12)),
    f"{SITE}schedule/week/", f"{SITE}schedule/2026-06/", "http://示例市信访局.cn/接访安排/2026-06/",
    "https://x.cn/" + "a" * 400,  # version 10 and up: the version information is written too
]


def _random_texts() -> list[str]:
    """Every length up to 120 and some to 300 (Micro QR Codes, versions 1 to 20 and more), in
    the three modes segno picks (numeric, alphanumeric, byte with Chinese), seeded so a failure
    repeats."""
    pick = random.Random(24)
    alphabets = [string.ascii_letters + string.digits + "/-_.:?=&#", string.digits, "示例市信访局接访ABC0123/-"]
    return ["".join(pick.choice(alphabets[n % 3]) for _ in range(n)) for n in [*range(1, 121), *range(121, 301, 7)]]


def test_the_symbol_is_segnos_own() -> None:
    """Same mask, same modules, same SVG: the same lowest penalty was found."""
    different = []
    for text in [*ADDRESSES, *_random_texts()]:
        ours, theirs = qr.make(text), segno.make(text, error="m")
        if ((ours.version, ours.error, ours.mask) != (theirs.version, theirs.error, theirs.mask)
                or ours.matrix != theirs.matrix
                or ours.svg_inline(scale=3, title="码", light="white")
                != theirs.svg_inline(scale=3, title="码", light="white")):
            different.append(text)
    assert not different


def test_the_penalty_is_the_standards_on_a_hand_made_symbol() -> None:
    """21x21 rows worked out by hand: N1 a run of 21 in each of the first 2 rows (21 - 2 each)
    and 2 in each of 21 columns (runs of 2: none), N2 a 2x21 block (20 blocks of 2x2, 3 each),
    N3 none, N4 42 dark of 441 (9.5 %: |9.5 - 50| / 5 = 8, 80)."""
    width = 21
    rows = [(1 << width) - 1] * 2 + [0] * (width - 2)
    # the light rows below: N1 19 rows of 21 light (19 each) and 21 columns' run of 19 light (17 each);
    # N2 also the 18 x 20 light blocks
    n1 = 2 * 19 + 19 * 19 + 21 * 17
    n2 = 3 * (20 + 18 * 20)
    assert qr.penalty(rows, width) == n1 + n2 + 0 + 80
    matrix = tuple(bytearray(int(c) for c in format(row, f"0{width}b")) for row in rows)
    assert encoder.evaluate_mask(matrix, width, width) == n1 + n2 + 80


@pytest.mark.parametrize("seed", range(40))
def test_the_penalty_is_segnos_on_any_matrix(seed: int) -> None:
    """Random symbols of QR sizes, with runs, blocks and finder-like patterns (light on one
    side, both, neither, at the edges) planted: the four scores add up as segno's do."""
    pick = random.Random(seed)
    width = 21 + 4 * pick.randrange(0, 10)
    rows = [pick.getrandbits(width) for _ in range(width)]
    for _ in range(pick.randrange(0, 12)):
        i, at = pick.randrange(width), pick.randrange(width - 11)
        planted = pick.choice(["00001011101", "10111010000", "11011101111", "0000000000", "11111111111"])
        line = list(format(rows[i], f"0{width}b"))
        line[at:at + len(planted)] = planted
        rows[i] = int("".join(line), 2)
    matrix = tuple(bytearray(int(c) for c in format(row, f"0{width}b")) for row in rows)
    assert qr.penalty(rows, width) == encoder.evaluate_mask(matrix, width, width)


@pytest.mark.parametrize("seed", range(20))
def test_the_penalty_is_segnos_with_patterns_down_the_columns_and_at_the_edges(seed: int) -> None:
    """The symbol's rows and columns are scored together: runs and finder-like patterns planted
    down columns, at the first and last modules of a line, and lines all of one colour."""
    pick = random.Random(1000 + seed)
    width = 21 + 4 * pick.randrange(0, 10)
    columns = [list(format(pick.getrandbits(width), f"0{width}b")) for _ in range(width)]
    for _ in range(pick.randrange(1, 10)):
        planted = pick.choice(["1011101", "00001011101", "10111010000", "00000", "11111", "1" * width])
        at = pick.choice([0, width - len(planted), pick.randrange(width - len(planted) + 1)])
        columns[pick.randrange(width)][at:at + len(planted)] = planted
    rows = [int("".join(column[i] for column in columns), 2) for i in range(width)]
    matrix = tuple(bytearray(int(c) for c in format(row, f"0{width}b")) for row in rows)
    assert qr.penalty(rows, width) == encoder.evaluate_mask(matrix, width, width)


def test_every_mask_is_chosen_somewhere_and_each_code_reads_back() -> None:
    """A real decoder (ZXing's C++ port) reads each code, whichever mask won: the format
    information of a mask other than segno's first try is written right."""
    zxingcpp = pytest.importorskip("zxingcpp")
    masks = set()
    for text in [*ADDRESSES, *_random_texts()[30::3]]:
        code = qr.make(text)
        masks.add(code.mask)
        rows = [bytes(0 if dark else 255 for dark in row) for row in code.matrix_iter(scale=4, border=4)]
        image = memoryview(bytearray(b"".join(rows))).cast("B", (len(rows), len(rows[0])))
        read = zxingcpp.read_barcodes(image)
        assert [r.text for r in read] == [text], text
    assert masks == set(range(8))
