"""Tiny valid audio files written by hand, so tests need no encoder and no network.

`mp3`: MPEG-1 Layer III frames of silence (32 kbps, 44.1 kHz, mono: 104 bytes, 1152
samples each), the stream format of ISO/IEC 11172-3. `m4a`: the boxes of an MPEG-4 audio
file (ISO/IEC 14496-12/-14) that players and mutagen read for the track's type and
duration (`ftyp`, `moov` with an `mp4a` sample description, an empty `mdat`). Both are
read back by mutagen, the library `check` uses, and by no code of Newsroom's.
"""

from __future__ import annotations

import struct

_MP3_HEADER = bytes([0xFF, 0xFB, 0x10, 0xC0])  # sync, MPEG-1 L3, no CRC; 32 kbps 44.1 kHz; mono
_MP3_FRAME = _MP3_HEADER + bytes(144 * 32000 // 44100 - len(_MP3_HEADER))


def mp3(seconds: float) -> bytes:
    """An MP3 of silence lasting `seconds` (to the nearest frame, 26 ms)."""
    return _MP3_FRAME * round(seconds * 44100 / 1152)


def _box(kind: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def _full_box(kind: bytes, payload: bytes) -> bytes:
    return _box(kind, bytes(4) + payload)  # version 0, no flags


def m4a(seconds: float, rate: int = 44100) -> bytes:
    """An M4A (AAC in MPEG-4) whose audio track says it lasts `seconds`."""
    duration = round(seconds * rate)
    mdhd = _full_box(b"mdhd", struct.pack(">IIIIHH", 0, 0, rate, duration, 0x55C4, 0))
    hdlr = _full_box(b"hdlr", struct.pack(">I4s12s", 0, b"soun", bytes(12)) + b"SoundHandler\0")
    # An MPEG-4 elementary stream descriptor of AAC LC (object type 0x40), 2 channels.
    esds = _full_box(
        b"esds", bytes.fromhex("03190000000411401500000000fa000000fa000502121006010102")
    )
    sample = struct.pack(">HIIHHHHI", 1, 0, 0, 2, 16, 0, 0, rate << 16)
    mp4a = _box(b"mp4a", bytes(6) + sample + esds)
    tables = b"".join(
        _full_box(kind, payload)
        for kind, payload in (
            (b"stsd", struct.pack(">I", 1) + mp4a),
            (b"stts", struct.pack(">I", 0)),
            (b"stsc", struct.pack(">I", 0)),
            (b"stsz", struct.pack(">II", 0, 0)),
            (b"stco", struct.pack(">I", 0)),
        )
    )
    minf = _box(b"minf", _full_box(b"smhd", bytes(4)) + _box(b"stbl", tables))
    trak = _box(b"trak", _box(b"mdia", mdhd + hdlr + minf))
    matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    mvhd = _full_box(
        b"mvhd",
        struct.pack(">IIIIIH", 0, 0, rate, duration, 0x10000, 0x100)
        + bytes(10)
        + matrix
        + bytes(24)
        + struct.pack(">I", 2),
    )
    ftyp = _box(b"ftyp", b"M4A " + bytes(4) + b"M4A mp42isom")
    return ftyp + _box(b"moov", mvhd + trak) + _box(b"mdat")
