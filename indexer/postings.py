"""Posting values read back as written, and every posting of a build checked before it serves.

whoosh-ng 5.4.0 writes a word's positions in a field as a count and varint
deltas, and reads any value whose last byte is 0x2E (".") as the legacy
pickle format instead, so a word whose last position delta is 46 cannot be
read (UnpicklingError). `install()` makes the positions decoder read the
varint format whenever the value is exactly one, and only otherwise the
legacy format; `check_postings` reads every posting of a new build.

>>> from whoosh.formats import Positions
>>> install()
>>> Positions().decode_positions(Positions().encode([46]))
[46]
"""

from __future__ import annotations

import struct

from whoosh import formats

_COUNT = struct.Struct("!I")  # whoosh.system's packed unsigned int: the number of positions


class DamagedPosting(RuntimeError):
    """A posting of a build that cannot be read back."""


def varint_positions(value: bytes) -> list[int] | None:
    """The positions of a value in the varint format, or None when the value is not one."""
    if len(value) < _COUNT.size:
        return None
    (count,), at, position, positions = _COUNT.unpack_from(value), _COUNT.size, 0, []
    for _ in range(count):
        delta, shift = 0, 0
        while True:
            if at >= len(value):
                return None
            byte = value[at]
            at += 1
            delta |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        position += delta
        positions.append(position)
    return positions if at == len(value) else None


def _decode_positions(self, value: bytes) -> list[int]:
    positions = varint_positions(value)
    return positions if positions is not None else self._decode_positions_legacy(value)


def install() -> None:
    """Read positions as they were written (whoosh-ng 5.4.0's Positions format only)."""
    formats.Positions.decode_positions = _decode_positions


def check_postings(ix) -> int:
    """Read every posting of every field that stores positions; the number read.

    DamagedPosting names the field and word of the first that cannot be read.
    """
    read = 0
    with ix.reader() as reader:
        for field, spec in ix.schema.items():
            if spec.format is None or not spec.format.supports("positions"):
                continue
            for word in reader.lexicon(field):
                matcher = reader.postings(field, word)
                try:
                    while matcher.is_active():
                        matcher.value_as("positions")
                        read += 1
                        matcher.next()
                except Exception as error:  # noqa: BLE001 - any failure to decode is damage
                    text = word.decode("utf-8", "replace") if isinstance(word, bytes) else word
                    raise DamagedPosting(f"field {field!r}, word {text!r}: "
                                         f"{type(error).__name__}: {error}") from None
    return read


install()
