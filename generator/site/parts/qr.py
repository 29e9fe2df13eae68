"""QR codes for the printed pages: segno's symbol, its data mask chosen faster.

An encoder tries the eight data masks and keeps the one whose symbol has the lowest penalty
(ISO/IEC 18004:2015 7.8.3).  segno scores each candidate module by module in Python, which
is most of its ~3.7 ms a code; a city's month pages carry some 160 codes.  Here the same
eight candidates get the same four penalty scores, segno's own way (its N3 reading of the
light area beside a 1:1:3:1:1 pattern included), with the symbol's rows, and its columns,
end to end in one integer: runs (N1), 2x2 blocks (N2) and dark modules (N4) are counted by a
few operations on the whole symbol, and the few lines with a finder-like pattern (N3) read
as strings of 0s and 1s with ``str.find``.  So the mask is segno's and the symbol the same
byte for byte (the tests compare every mask's scores and the symbols with segno's own for
many addresses); segno encodes the data and writes the format and version information as ever.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any, cast

import segno
from segno import encoder as _encoder

encoder: Any = _encoder
"""segno's encoder (untyped): its steps as ``segno.make`` takes them."""
_QRCODE: Any = segno.QRCode
"""Made from the encoder's code (an object with matrix, version, error, mask, segments)."""

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


@functools.lru_cache(maxsize=64)
def _packed_layout(width: int) -> tuple[int, int, tuple[int, ...], int, int, tuple[int, ...]]:
    """``_layout`` with a symbol's lines put end to end in one integer (``_packed``): by rows,
    then by columns, the data region, the function patterns and each mask's pattern."""
    region, fixed, patterns = _layout(width)
    return (_packed(region, width), _packed(fixed, width), tuple(_packed(p, width) for p in patterns),
            _packed(_transposed(region, width), width), _packed(_transposed(fixed, width), width),
            tuple(_packed(_transposed(p, width), width) for p in patterns))


@functools.lru_cache(maxsize=64)
def _line_masks(width: int) -> tuple[int, int, int]:
    """Of ``width`` packed lines: the modules with a next one in their line, those where seven
    modules of the line start, and those with a next one in their line and a line below."""
    def each(bits: int, lines: int = width) -> int:
        return sum(bits << (i * width) for i in range(lines))
    return each((1 << (width - 1)) - 1), each((1 << (width - 6)) - 1), each((1 << (width - 1)) - 1, width - 1)


def _packed(lines: Iterable[int], width: int) -> int:
    """Lines of ``width`` modules end to end, line ``i`` at bits ``i * width`` and up."""
    return int("".join(format(line, f"0{width}b") for line in reversed(list(lines))) or "0", 2)


def _transposed(rows: Iterable[int], width: int) -> list[int]:
    """The columns of the symbol whose rows are ``rows``, each as an integer (row 0 the highest bit)."""
    return [int("".join(column), 2) for column in zip(*(format(row, f"0{width}b") for row in rows), strict=True)]


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
    return _penalty(_packed(rows, width), _packed(_transposed(rows, width), width), width)


def _penalty(rows: int, columns: int, width: int) -> int:
    """``penalty`` of the symbol given by its rows and by its columns, each packed (``_packed``):
    each rule a few operations on the whole symbol, not a loop over its lines."""
    pairs, starts, inner = _line_masks(width)
    n1 = n3 = 0
    for lines in (rows, columns):
        same = ~(lines ^ (lines >> 1)) & pairs  # a module of the colour of the next one in its line
        five = same & (same >> 1) & (same >> 2) & (same >> 3)  # the first of five of one colour
        # a run of k >= 5 has k - 4 of them, together: k - 2 is that and 2 for the run
        n1 += five.bit_count() + 2 * (five & ~(five << 1)).bit_count()
        # 1011101 (it reads the same both ways): the few lines with one are read as text
        found = (lines & (lines >> 2) & (lines >> 3) & (lines >> 4) & (lines >> 6)
                 & ~((lines >> 1) | (lines >> 5)) & starts)
        while found:
            line = ((found & -found).bit_length() - 1) // width
            n3 += _finder_like(format((lines >> (line * width)) & ((1 << width) - 1), f"0{width}b"), width)
            found &= -(1 << ((line + 1) * width))
    below = rows >> width  # each row beside the one under it: a 2x2 block of one colour
    n2 = 3 * (~(rows ^ (rows >> 1)) & ~(below ^ (below >> 1)) & ~(rows ^ below) & inner).bit_count()
    n4 = 10 * int(abs(float(rows.bit_count()) / (width ** 2) * 100 - 50) / 5)
    return n1 + n2 + n3 + n4


def make(content: str) -> segno.QRCode:
    """``segno.make(content, error="m")``: the same QR Code, made faster."""
    code = encoder.encode(content, "m", mask=0)
    width = len(code.matrix)
    if code.version < 1:  # a Micro QR Code (a short text): scored another way, left to segno
        return segno.make(content, error="m")
    region, fixed, patterns, region_by_column, fixed_by_column, patterns_by_column = _packed_layout(width)
    matrix = list(map(bytes, code.matrix))
    unmasked = int(b"".join(reversed(matrix)).translate(_BITS), 2) & region ^ patterns[0]
    unmasked_by_column = (int(b"".join(map(bytes, reversed(list(zip(*matrix, strict=True))))).translate(_BITS), 2)
                          & region_by_column ^ patterns_by_column[0])
    best, best_score, best_rows = 0, None, 0
    for number, (pattern, by_column) in enumerate(zip(patterns, patterns_by_column, strict=True)):
        rows = fixed | unmasked ^ pattern
        score = _penalty(rows, fixed_by_column | unmasked_by_column ^ by_column, width)
        if best_score is None or score < best_score:
            best, best_score, best_rows = number, score, rows
    if best == 0:
        return cast(segno.QRCode, _QRCODE(code))
    bits = format(best_rows, f"0{width * width}b").translate(_MODULES)  # the last row first
    chosen = tuple(bytearray(bits[at:at + width], "ascii") for at in range(width * (width - 1), -1, -width))
    encoder.add_format_info(chosen, code.version, code.error, best)
    encoder.add_version_info(chosen, code.version)
    return cast(segno.QRCode, _QRCODE(code._replace(matrix=chosen, mask=best)))


_BITS = bytes.maketrans(b"\x00\x01", b"01")
_MODULES = str.maketrans("01", "\x00\x01")
