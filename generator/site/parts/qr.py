"""QR codes for the printed pages: segno's symbol, its data mask chosen faster.

An encoder tries the eight data masks and keeps the one whose symbol has the lowest penalty
(ISO/IEC 18004:2015 7.8.3).  segno scores each candidate module by module in Python, which
is most of its ~3.7 ms a code; a city's month pages carry some 160 codes.  Here the same
eight candidates get the same four penalty scores, segno's own way (its N3 reading of the
light area beside a 1:1:3:1:1 pattern included), with each row and column as a string of
0s and 1s: runs (N1) and finder-like patterns (N3) are then found by the regular-expression
engine and ``str.find``, 2x2 blocks (N2) and dark modules (N4) counted on rows held as
integers.  So the mask is segno's and the symbol the same byte for byte (the tests compare
every mask's scores and the symbols with segno's own for many addresses); segno encodes the
data and writes the format and version information as ever.
"""

from __future__ import annotations

import functools
import re
from typing import Any, cast

import segno
from segno import encoder as _encoder

encoder: Any = _encoder
"""segno's encoder (untyped): its steps as ``segno.make`` takes them."""
_QRCODE: Any = segno.QRCode
"""Made from the encoder's code (an object with matrix, version, error, mask, segments)."""

_RUN = re.compile("0{5,}|1{5,}")
"""N1: five or more modules of one colour in a row or column."""
_FINDER_LIKE = "1011101"
"""N3: dark, light, dark dark dark, light, dark."""


@functools.lru_cache(maxsize=64)
def _layout(width: int) -> tuple[tuple[int, ...], tuple[int, ...], tuple[tuple[int, ...], ...]]:
    """For a symbol ``width`` modules wide, each row as an integer (column 0 the highest bit):
    the data region, the function patterns' modules as they stand while the masks are
    scored (format and version areas still light), and each mask's pattern in the region."""
    template = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(template, width, width)
    encoder.add_alignment_patterns(template, width, width)
    region = tuple(int("".join("1" if v == 0x2 else "0" for v in row), 2) for row in template)
    fixed = tuple(int("".join("1" if v == 0x1 else "0" for v in row), 2) for row in template)
    patterns = tuple(
        tuple(int("".join("1" if mask(i, j) else "0" for j in range(width)), 2) & region[i] for i in range(width))
        for mask in encoder.get_data_mask_functions(False))
    return region, fixed, patterns


def _finder_like(line: str, size: int) -> int:
    """segno's N3 count in one row or column (``encoder.mask_scores``)."""
    count = 0
    at = line.find(_FINDER_LIKE)
    while at != -1:
        after = at + 7
        if at in (0, size - 7) or "1" not in line[max(at - 4, 0):at] or "1" not in line[after:after + 4]:
            count += 40
        else:
            after = at + 4
        at = line.find(_FINDER_LIKE, after)
    return count


def penalty(rows: list[int], width: int) -> int:
    """N1 + N2 + N3 + N4 of the symbol whose rows are ``rows`` (``encoder.evaluate_mask``)."""
    lines = [format(row, f"0{width}b") for row in rows]
    every = [*lines, *("".join(column) for column in zip(*lines, strict=True))]
    runs = _RUN.findall("2".join(every))  # a 2 between lines: no run goes on into the next
    n1 = sum(map(len, runs)) - 2 * len(runs)
    inner = (1 << (width - 1)) - 1  # every column but the first: (i, j) and its left neighbour
    n2 = 3 * sum((~(a ^ (a >> 1)) & ~(b ^ (b >> 1)) & ~(a ^ b) & inner).bit_count()
                 for a, b in zip(rows[1:], rows, strict=False))
    n3 = sum(_finder_like(line, width) for line in every if _FINDER_LIKE in line)
    dark = sum(row.bit_count() for row in rows)
    n4 = 10 * int(abs(float(dark) / (width ** 2) * 100 - 50) / 5)
    return n1 + n2 + n3 + n4


def make(content: str) -> segno.QRCode:
    """``segno.make(content, error="m")``: the same QR Code, made faster."""
    code = encoder.encode(content, "m", mask=0)
    width = len(code.matrix)
    if code.version < 1:  # a Micro QR Code (a short text): scored another way, left to segno
        return segno.make(content, error="m")
    region, fixed, patterns = _layout(width)
    unmasked = [int(row.translate(_BITS), 2) & r ^ p
                for row, r, p in zip(map(bytes, code.matrix), region, patterns[0], strict=True)]
    best, best_score, best_rows = 0, None, None
    for number, pattern in enumerate(patterns):
        rows = [f | d ^ p for f, d, p in zip(fixed, unmasked, pattern, strict=True)]
        score = penalty(rows, width)
        if best_score is None or score < best_score:
            best, best_score, best_rows = number, score, rows
    if best == 0:
        return cast(segno.QRCode, _QRCODE(code))
    assert best_rows is not None
    matrix = tuple(bytearray(format(row, f"0{width}b").translate(_MODULES), "ascii") for row in best_rows)
    encoder.add_format_info(matrix, code.version, code.error, best)
    encoder.add_version_info(matrix, code.version)
    return cast(segno.QRCode, _QRCODE(code._replace(matrix=matrix, mask=best)))


_BITS = bytes.maketrans(b"\x00\x01", b"01")
_MODULES = str.maketrans("01", "\x00\x01")
