#!/usr/bin/python3
"""Reference for the dpkg comparator: libapt's Debian version comparison via python3-apt.

usage: dpkg.py PAIRS_FILE   (lines "a<TAB>b"; prints -1/0/1 per line, one process for all pairs)
"""
import sys
import apt_pkg

apt_pkg.init_system()
out = []
with open(sys.argv[1], encoding='utf-8') as f:
    for line in f:
        a, b = line.rstrip('\n').split('\t')
        c = apt_pkg.version_compare(a, b)
        out.append(str((c > 0) - (c < 0)))
sys.stdout.write('\n'.join(out) + '\n')
