#!/usr/bin/env python3
"""Print every distinct version string found in an OSV all.zip (range events and `versions`).

usage: extract-versions.py ZIP [ECOSYSTEM_PREFIX]
Used by the comparator tests to get real-world versions; output is cached by the test harness.
"""
import json, sys, zipfile

zpath = sys.argv[1]
prefix = sys.argv[2] if len(sys.argv) > 2 else ''
seen = set()
with zipfile.ZipFile(zpath) as z:
    for name in z.namelist():
        try:
            doc = json.loads(z.read(name))
        except Exception:
            continue
        for aff in doc.get('affected', []) or []:
            eco = (aff.get('package') or {}).get('ecosystem', '')
            if prefix and not eco.startswith(prefix):
                continue
            for r in aff.get('ranges', []) or []:
                if r.get('type') == 'GIT':
                    continue
                for ev in r.get('events', []) or []:
                    for k in ('introduced', 'fixed', 'last_affected', 'limit'):
                        v = ev.get(k)
                        if isinstance(v, str) and v and v != '0':
                            seen.add(v)
            for v in aff.get('versions', []) or []:
                if isinstance(v, str) and v:
                    seen.add(v)
for v in sorted(seen):
    if '\t' not in v and '\n' not in v:
        print(v)
