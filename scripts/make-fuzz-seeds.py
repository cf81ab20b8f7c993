#!/usr/bin/env python3
"""Writes the small seed inputs of the Jazzer fuzz tests (valid and near-valid files).

Run from the repository root: python3 scripts/make-fuzz-seeds.py
Only the standard library is used; the outputs are committed.
"""
import math
import os
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WAV_DIR = os.path.join(ROOT, "bull-core/src/test/resources/io/bullwatch/core/fuzz/"
                       "WavFuzzTestInputs/wavReaderOnlyThrowsTypedExceptions")
GUID_TAIL = bytes([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71])


def chunk(cid, body):
    pad = b"\0" if len(body) % 2 else b""
    return cid + struct.pack("<I", len(body)) + body + pad


def fmt(tag, ch, rate, bits):
    align = ch * ((bits + 7) // 8)
    return chunk(b"fmt ", struct.pack("<HHIIHH", tag, ch, rate, rate * align, align, bits))


def ext(sub, ch, rate, bits, valid):
    align = ch * bits // 8
    body = struct.pack("<HHIIHHHHI", 0xFFFE, ch, rate, rate * align, align, bits, 22, valid, 4)
    return chunk(b"fmt ", body + struct.pack("<H", sub) + GUID_TAIL)


def riff(*chunks, cid=b"RIFF"):
    body = b"WAVE" + b"".join(chunks)
    return cid + struct.pack("<I", len(body)) + body


def pcm16(n):
    return b"".join(struct.pack("<h", int(20000 * math.sin(i / 3))) for i in range(n))


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


write(WAV_DIR, "pcm16-mono", riff(fmt(1, 1, 44100, 16), chunk(b"data", pcm16(16))))
write(WAV_DIR, "u8-stereo-list", riff(chunk(b"LIST", b"INFOINAM\x03\0\0\0ab\0"), fmt(1, 2, 8000, 8),
                                      chunk(b"data", bytes(range(100, 140)))))
write(WAV_DIR, "ext-24-guan", riff(ext(1, 2, 48000, 24, 20), chunk(b"data", bytes(36)), chunk(b"guan", b"x" * 9)))
write(WAV_DIR, "float32", riff(fmt(3, 1, 16000, 32), chunk(b"data", struct.pack("<4f", 0.5, -0.5, 1.0, 0.0))))
write(WAV_DIR, "float64-3ch", riff(fmt(3, 3, 16000, 64), chunk(b"data", struct.pack("<6d", *[0.1] * 6))))
ds64 = chunk(b"ds64", struct.pack("<QQQI", 0, 32, 16, 0))
write(WAV_DIR, "rf64", riff(ds64, fmt(1, 1, 44100, 16), b"data" + struct.pack("<I", 0xFFFFFFFF) + pcm16(16),
                            cid=b"RF64"))
write(WAV_DIR, "data-size-zero", riff(fmt(1, 1, 44100, 16), b"data" + struct.pack("<I", 0) + pcm16(8)))
write(WAV_DIR, "pcm32-odd-chunk", riff(chunk(b"junk", b"abc"), fmt(1, 1, 22050, 32), chunk(b"data", bytes(17))))
print("seeds written under", os.path.relpath(WAV_DIR, ROOT))
