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

# Annotation readers: the first byte picks the reader (0 Audacity, 1 Raven, 2 Raven multi-file,
# 3 CSV, 4 manifest), the rest is the file.
ANN_DIR = os.path.join(ROOT, "bull-core/src/test/resources/io/bullwatch/core/fuzz/"
                       "AnnotationFuzzTestInputs/annotationReadersOnlyThrowTypedExceptions")
write(ANN_DIR, "audacity", b"\x00" + b"12.5\t14.0\tbull\n\\\t200.0\t8000.0\n20,25\t22,75\tbull\r\n")
RAVEN = (b"Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)\tLow Freq (Hz)\tHigh Freq (Hz)\tAnnotation\n"
         b"1\tWaveform 1\t1\t12.5\t14.0\t0\t22050\tbull\n"
         b"1\tSpectrogram 1\t1\t12.5\t14.0\t0\t22050\tbull\n"
         b"2\tSpectrogram 1\t1\t30,25\t33\t100\t9000\tbull\n")
write(ANN_DIR, "raven", b"\x01" + RAVEN)
MULTI = (b"Selection\tView\tChannel\tBegin File\tFile Offset (s)\tBegin Time (s)\tEnd Time (s)\n"
         b"1\tSpectrogram 1\t1\tnight1.wav\t5.0\t5.0\t7.0\n"
         b"2\tSpectrogram 1\t1\tnight2.wav\t3.0\t3603.0\t3606.5\n")
write(ANN_DIR, "raven-multi", b"\x02" + MULTI)
write(ANN_DIR, "csv", b"\x03" + b"\xef\xbb\xbfstart,end,label\n1.5,4,bull\n\"10\",\"12\",\"a, b\"\n")
write(ANN_DIR, "csv-semicolon", b"\x03" + b"1,5;4,25;bull\n")
write(ANN_DIR, "manifest", b"\x04" + b"recording,site,split,bulls\nnight1.wav,Ceze,train,3\nnight2.wav,Loire,test,0\n")
