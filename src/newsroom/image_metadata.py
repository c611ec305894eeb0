"""Images published without what their files say about who took them, where, and with what.

A phone or camera writes EXIF (GPS position, camera serial number, owner's name, date),
XMP and IPTC blocks and a thumbnail of the original into every photo; published as is, a
portrait taken at home gives away the home. Every image the site publishes is copied
through `without_metadata`, which keeps only what shows the picture: the compressed pixels
byte for byte (a JPEG is never decoded nor re-encoded: its segments are rewritten, so the
picture loses nothing), its colour profile (ICC), and its orientation — rewritten as a
minimal EXIF block holding that one tag, so a portrait stays upright. The repository's file
is only read; the networks that upload a file (rather than fetch the site's copy) are sent
`published_image`, the same bytes. GIFs lose their comments and XMP; other files are
published as they are.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

# Part of every published image's cache key: a change here publishes every image again.
RULES_VERSION = 1
ORIENTATION_TAG = 0x0112
NORMAL = 1  # the orientation that needs no tag

# JPEG markers without a length, and the segments kept before the picture data.
_STANDALONE = {0x01, *range(0xD0, 0xD8)}
_SOS, _EOI, _APP0, _APP1, _APP2, _APP14, _COM = 0xDA, 0xD9, 0xE0, 0xE1, 0xE2, 0xEE, 0xFE
_EXIF = b"Exif\x00\x00"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# PNG chunks that draw the picture (pixels, palette, transparency, colour, animation);
# text (tEXt, zTXt, iTXt: XMP), eXIf, tIME and private chunks are left out.
_PNG_KEPT = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP",
    b"sBIT", b"pHYs", b"bKGD", b"hIST", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCv", b"cLLI",
}  # fmt: skip
_WEBP_EXIF_FLAG, _WEBP_XMP_FLAG = 0x08, 0x04
# GIF application extensions that draw the picture: looping, and the colour profile.
_GIF_KEPT_APPLICATIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012")


def without_metadata(data: bytes) -> bytes:
    """The image `data` with its metadata removed (see the module docstring)."""
    if data[:3] == b"\xff\xd8\xff":
        return _jpeg(data)
    if data[:8] == PNG_SIGNATURE:
        return _png(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp(data)
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return _gif(data)
    return data


def orientation_of(tiff: bytes) -> int | None:
    """The orientation tag of an EXIF (TIFF) block's first directory, if readable."""
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None:
        return None
    try:
        (first,) = struct.unpack_from(order + "I", tiff, 4)
        (count,) = struct.unpack_from(order + "H", tiff, first)
        for entry in range(first + 2, first + 2 + 12 * count, 12):
            tag, kind, _ = struct.unpack_from(order + "HHI", tiff, entry)
            if tag == ORIENTATION_TAG and kind == 3:  # SHORT
                return struct.unpack_from(order + "H", tiff, entry + 8)[0]
    except struct.error:  # a damaged block: no orientation
        return None
    return None


def orientation_block(orientation: int) -> bytes:
    """A TIFF block with one tag, the orientation: the EXIF a published image keeps."""
    entry = struct.pack(">HHIHH", ORIENTATION_TAG, 3, 1, orientation, 0)
    return b"MM\x00\x2a\x00\x00\x00\x08\x00\x01" + entry + b"\x00\x00\x00\x00"


def _jpeg(data: bytes) -> bytes:
    kept: list[bytes] = []
    orientation: int | None = None
    position = 2
    while position + 2 <= len(data):
        if data[position] != 0xFF:
            break  # damaged: what follows cannot be told apart from metadata
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == _EOI:
            kept.append(b"\xff\xd9")
            break  # anything after the image's end is left out too
        if marker in _STANDALONE:
            kept.append(data[position : position + 2])
            position += 2
            continue
        if position + 4 > len(data):
            break
        end = position + 2 + struct.unpack_from(">H", data, position + 2)[0]
        segment = data[position:end]
        if marker == _APP1 and segment[4:10] == _EXIF:
            orientation = orientation or orientation_of(segment[10:])
        published = _jpeg_segment(marker, segment)
        if published:
            kept.append(published)
        position = end
        if marker == _SOS:  # the compressed pixels, up to the next marker
            scan_end = _entropy_end(data, position)
            kept.append(data[position:scan_end])
            position = scan_end
    head = [b"\xff\xd8"]
    if kept and kept[0][:2] == b"\xff\xe0":
        head.append(kept.pop(0))
    if orientation not in (None, NORMAL):
        block = _EXIF + orientation_block(orientation)  # type: ignore[arg-type]
        head.append(b"\xff\xe1" + struct.pack(">H", len(block) + 2) + block)
    return b"".join(head + kept)


def _jpeg_segment(marker: int, segment: bytes) -> bytes:
    """The segment as published: b"" when it is metadata (EXIF, XMP, IPTC, comments…)."""
    payload = segment[4:]
    if marker == _APP0:
        # JFIF's header without its thumbnail (its size set to 0 by 0); JFXX is a thumbnail.
        jfif = payload[:5] == b"JFIF\x00"
        return b"\xff\xe0\x00\x10" + payload[:12] + b"\x00\x00" if jfif else b""
    if marker == _APP2:
        return segment if payload[:12] == b"ICC_PROFILE\x00" else b""
    if marker == _APP14:
        return segment if payload[:5] == b"Adobe" else b""  # how to read the colours
    if 0xE0 <= marker <= 0xEF or marker == _COM:
        return b""
    return segment


def _entropy_end(data: bytes, position: int) -> int:
    """Where a scan's compressed data ends: the first marker that is not stuffing or RSTn."""
    while True:
        found = data.find(b"\xff", position)
        if found < 0 or found + 1 >= len(data):
            return len(data)
        following = data[found + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            position = found + 2
        elif following == 0xFF:
            position = found + 1
        else:
            return found


def _png(data: bytes) -> bytes:
    kept = [PNG_SIGNATURE]
    orientation: int | None = None
    position = len(PNG_SIGNATURE)
    while position + 12 <= len(data):
        (length,) = struct.unpack_from(">I", data, position)
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if kind == b"eXIf":
            orientation = orientation_of(data[position + 8 : end - 4])
        elif kind in _PNG_KEPT:
            kept.append(data[position:end])
        position = end
        if kind == b"IEND":
            break
    if orientation not in (None, NORMAL) and len(kept) > 1:
        block = orientation_block(orientation)  # type: ignore[arg-type]
        chunk = struct.pack(">I", len(block)) + b"eXIf" + block
        kept.insert(2, chunk + struct.pack(">I", zlib.crc32(chunk[4:])))  # after IHDR
    return b"".join(kept)


def _webp(data: bytes) -> bytes:
    chunks: list[bytes] = []
    orientation: int | None = None
    position = 12
    while position + 8 <= len(data):
        kind = data[position : position + 4]
        (size,) = struct.unpack_from("<I", data, position + 4)
        end = position + 8 + size + (size & 1)  # chunks are padded to an even size
        if kind == b"EXIF":
            block = data[position + 8 : position + 8 + size]
            orientation = orientation_of(block.removeprefix(_EXIF))
        elif kind != b"XMP ":
            chunks.append(data[position:end])
        position = end
    exif = b""
    if orientation not in (None, NORMAL):
        block = orientation_block(orientation)  # type: ignore[arg-type]
        exif = b"EXIF" + struct.pack("<I", len(block)) + block
    if chunks and chunks[0][:4] == b"VP8X":
        flags = chunks[0][8] & ~_WEBP_XMP_FLAG & ~_WEBP_EXIF_FLAG
        flags |= _WEBP_EXIF_FLAG if exif else 0
        chunks[0] = chunks[0][:8] + bytes([flags]) + chunks[0][9:]
        chunks.append(exif)  # EXIF comes after the picture in the extended format
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _gif(data: bytes) -> bytes:
    """The GIF without comments and other applications' blocks (XMP among them)."""
    position = 13 + _colour_table(data[10] if len(data) > 10 else 0)
    kept = [data[:position]]
    while position < len(data):
        introducer = data[position]
        if introducer == 0x3B:  # the trailer: the end of the picture
            kept.append(b"\x3b")
            break
        if introducer == 0x2C:  # an image: its descriptor, colour table, then its data
            start = position
            packed = data[position + 9] if position + 9 < len(data) else 0
            position = _sub_blocks_end(data, position + 10 + _colour_table(packed) + 1)
            kept.append(data[start:position])
        elif introducer == 0x21 and position + 1 < len(data):  # an extension
            start, label = position, data[position + 1]
            position = _sub_blocks_end(data, position + 2)
            block = data[start:position]
            if label in (0xF9, 0x01) or (label == 0xFF and block[3:14] in _GIF_KEPT_APPLICATIONS):
                kept.append(block)
        else:
            break  # damaged: what follows is left out
    return b"".join(kept)


def _colour_table(packed: int) -> int:
    """The size in bytes of the colour table a GIF's packed field announces."""
    return 3 * 2 ** ((packed & 0x07) + 1) if packed & 0x80 else 0


def _sub_blocks_end(data: bytes, position: int) -> int:
    """Where a chain of data sub-blocks (each led by its size, ended by 0) ends."""
    while position < len(data):
        size = data[position]
        position += 1 + size
        if size == 0:
            break
    return min(position, len(data))


def published_image(path: Path) -> bytes:
    """The bytes of the repository image `path` as they may leave the repository: without
    its metadata (the site's copies and the images uploaded to the networks alike)."""
    return without_metadata(path.read_bytes())
