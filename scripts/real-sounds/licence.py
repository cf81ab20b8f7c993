#!/usr/bin/env python3
"""Finds the licence of one installed file in a Debian machine-readable copyright file.

usage: licence.py COPYRIGHT_FILE INSTALLED_PATH

Debian's `Files:` globs name paths of the *source* tree, while a binary package installs them
elsewhere (usr/share/games/PKG/...), so a glob is tried against every tail of the installed path
(`data/sounds/x.ogg`, `sounds/x.ogg`, `x.ogg`, ...). Among the stanzas that match, the one with the
longest glob wins (the most specific), as the spec's "last match wins" would in the source tree;
`Files: *` is the fallback. Prints the licence's short name, or `unknown`.
"""
import fnmatch
import sys


def stanzas(text):
    block = {}
    key = None
    for line in text.splitlines():
        if not line.strip():
            if block:
                yield block
            block, key = {}, None
        elif line[0] in ' \t' and key:
            block[key] += ' ' + line.strip()
        elif ':' in line:
            key, _, value = line.partition(':')
            key = key.strip().lower()
            block[key] = value.strip()
    if block:
        yield block


def licence(copyright_text, installed):
    parts = installed.strip('./').split('/')
    tails = ['/'.join(parts[i:]) for i in range(len(parts))]
    best, best_len = None, -1
    for s in stanzas(copyright_text):
        if 'files' not in s or 'license' not in s:
            continue
        for glob in s['files'].split():
            if glob == '*':
                if best_len < 0:
                    best, best_len = s['license'].split()[0] if s['license'] else None, 0
                continue
            if any(fnmatch.fnmatch(t, glob) for t in tails) and len(glob) > best_len:
                best, best_len = s['license'].split()[0] if s['license'] else None, len(glob)
    return best or 'unknown'


if __name__ == '__main__':
    with open(sys.argv[1], encoding='utf-8', errors='replace') as f:
        print(licence(f.read(), sys.argv[2]))
