#!/usr/bin/env python3
"""Reference for the PEP 440 comparator: packaging.version.Version.

usage: pep440.py PAIRS_FILE  -> -1/0/1 per "a<TAB>b" line, or 2 when either is invalid.
"""
import sys
from packaging.version import InvalidVersion, Version

out = []
with open(sys.argv[1], encoding='utf-8') as f:
    for line in f:
        a, b = line.rstrip('\n').split('\t')
        try:
            x, y = Version(a), Version(b)
        except InvalidVersion:
            out.append('2')
            continue
        out.append(str((x > y) - (x < y)))
sys.stdout.write('\n'.join(out) + '\n')
