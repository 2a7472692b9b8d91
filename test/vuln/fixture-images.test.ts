/**
 * Proof test for vulnerability matching on the real fixture images against the shared OSV data
 * (../shared/vulndb/osv). The expectations are NOT hand-typed: they are derived from the advisory
 * data by an independent path that shares no code with src/vuln/match or src/vuln/version:
 *
 * - the zips are read with fflate (not src/vuln/db/zip.ts);
 * - each OSV record's `affected[]` for each package listed in fixtures.json (what dpkg-query,
 *   npm ls and `go version -m` reported at build time) is evaluated with the OSV spec algorithm,
 *   written out plainly below (introduced / fixed / last_affected / limit, `versions` lists);
 * - versions are compared with reference comparators: npm and Go with the `semver` package
 *   (Go: leading `v` stripped), Debian with python3-apt's `apt_pkg.version_compare`, called once
 *   with every needed pair batched as JSON over stdin.
 *
 * Debian records name source packages (ecosystem `Debian:12`), so deb packages are keyed by
 * `packages.dpkg[].source` / `sourceVersion`. Withdrawn records are excluded on both sides
 * (OSV: a withdrawn record must not be reported).
 *
 * Skips (with the reason) when the fixtures, the OSV data or python3-apt are missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { importOsv } from '../../src/vuln/db/import.js';
import { resolveCacheDir, vulnDbPath } from '../../src/vuln/db/store.js';
import { scanVulnerabilities } from '../../src/vuln/scan.js';
import { scanImage } from '../../src/scan/image-scan.js';
import type { Finding } from '../../src/findings/types.js';
import { FIXTURES_DIR, FIXTURES_MANIFEST, REPO_ROOT } from '../helpers/repo.js';

const ROOT = REPO_ROOT;
const FIXTURES = FIXTURES_DIR;
const MANIFEST = FIXTURES_MANIFEST;
const OSV = process.env.LEFTSHIFT_SHARED_OSV ?? join(ROOT, '..', 'shared', 'vulndb', 'osv');
const ECOS = ['npm', 'Debian', 'Go'] as const;

// ---------------------------------------------------------------- reference comparators

/** semver (transitive dependency; no @types in the tree, so a minimal shape). */
const semver = createRequire(import.meta.url)('semver') as { valid(v: string): string | null; compare(a: string, b: string): number };

/** The python that has apt_pkg (pyenv shims may hide the system one). */
function findAptPython(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import apt_pkg'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return undefined;
}

/** One python3 call: [[a, b], …] → sign(apt_pkg.version_compare(a, b)) for each pair. */
function aptCompareBatch(python: string, pairs: Array<[string, string]>): number[] {
  const script = [
    'import sys, json, apt_pkg',
    'apt_pkg.init_system()',
    'pairs = json.load(sys.stdin)',
    'out = []',
    'for a, b in pairs:',
    '    c = apt_pkg.version_compare(a, b)',
    '    out.append((c > 0) - (c < 0))',
    'json.dump(out, sys.stdout)',
  ].join('\n');
  const r = spawnSync(python, ['-c', script], { input: JSON.stringify(pairs), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`apt_pkg batch failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as number[];
  assert.equal(out.length, pairs.length);
  return out;
}

// ---------------------------------------------------------------- OSV, written plainly

interface Ev { introduced?: string; fixed?: string; last_affected?: string; limit?: string }
interface Affected { package?: { ecosystem: string; name: string }; ranges?: Array<{ type: string; events: Ev[] }>; versions?: string[] }
interface Rec { id: string; withdrawn?: string; affected?: Affected[] }

type Cmp = (a: string, b: string) => number;

const evVersion = (e: Ev): string => (e.introduced ?? e.fixed ?? e.last_affected ?? e.limit)!;

/**
 * The OSV spec's evaluation (ossf/osv-schema, "Evaluation"): events sorted by version with
 * introduced "0" lowest; introduced ≤ v → affected; fixed ≤ v → not; last_affected < v → not;
 * `limit` events bound the range (v must be below one of them). GIT ranges are not versions.
 */
function inRange(v: string, events: Ev[], cmp: Cmp): boolean {
  const limits = events.filter((e) => e.limit !== undefined).map((e) => e.limit!);
  if (limits.length > 0 && !limits.some((l) => l === '*' || cmp(v, l) < 0)) return false;
  const sorted = events
    .filter((e) => e.limit === undefined)
    .slice()
    .sort((a, b) => {
      const x = evVersion(a), y = evVersion(b);
      if (x === '0' && a.introduced !== undefined) return y === '0' && b.introduced !== undefined ? 0 : -1;
      if (y === '0' && b.introduced !== undefined) return 1;
      return cmp(x, y);
    });
  let affected = false;
  for (const e of sorted) {
    if (e.introduced !== undefined) {
      if (e.introduced === '0' || cmp(v, e.introduced) >= 0) affected = true;
    } else if (e.fixed !== undefined) {
      if (cmp(v, e.fixed) >= 0) affected = false;
    } else if (e.last_affected !== undefined) {
      if (cmp(v, e.last_affected) > 0) affected = false;
    }
  }
  return affected;
}

function affects(a: Affected, v: string, cmp: Cmp): boolean {
  if (a.versions?.includes(v)) return true;
  for (const r of a.ranges ?? []) {
    if (r.type !== 'SEMVER' && r.type !== 'ECOSYSTEM') continue;
    if (inRange(v, r.events, cmp)) return true;
  }
  return false;
}

/** Every version string a check of `v` against `a` may compare (for the batched apt call). */
function versionsTouched(a: Affected): string[] {
  const out: string[] = [];
  for (const r of a.ranges ?? []) {
    if (r.type !== 'SEMVER' && r.type !== 'ECOSYSTEM') continue;
    for (const e of r.events) out.push(evVersion(e));
  }
  return out;
}

function readZip(file: string): Rec[] {
  const files = unzipSync(readFileSync(file), { filter: (f) => f.name.endsWith('.json') });
  return Object.values(files).map((b) => JSON.parse(Buffer.from(b).toString('utf8')) as Rec);
}

// ---------------------------------------------------------------- inputs

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures.json is the fixture script's own schema */
const manifest: any = existsSync(MANIFEST) ? JSON.parse(readFileSync(MANIFEST, 'utf8')) : undefined;
const python = findAptPython();
const missingZips = ECOS.filter((e) => !existsSync(join(OSV, e, 'all.zip')));
const skip: string | false = !manifest
  ? `fixtures not built: run scripts/fixtures/build.sh (looked for ${MANIFEST})`
  : missingZips.length > 0
    ? `OSV data missing: no ${missingZips.map((e) => join(OSV, e, 'all.zip')).join(', ')}`
    : !python
      ? 'python3-apt (apt_pkg) not importable: apt-get install -y python3-apt; it is the reference Debian comparator'
      : !manifest.images?.app || !manifest.images?.langs
        ? 'fixtures.json has no app/langs image'
        : false;

interface Target { key: string; eco: 'npm' | 'Debian:12' | 'Go'; name: string; version: string }

const refOf = (image: string): string => {
  const f = manifest.images[image].formats.oci;
  return `oci:${join(FIXTURES, f.path)}:${f.ref}`;
};

/** The independent expectation: key (eco|name@version) → record ids, plus each record's fixed events. */
function expected(targets: Target[], recs: Map<string, Rec[]>): { byKey: Map<string, Set<string>>; comparisons: number } {
  // Debian: collect every (installed, event) pair first, compare them in one python call.
  const debPairs = new Map<string, [string, string]>();
  const candidates: Array<{ t: Target; rec: Rec; a: Affected }> = [];
  for (const t of targets) {
    for (const rec of recs.get(t.eco === 'Debian:12' ? 'Debian' : t.eco) ?? []) {
      if (rec.withdrawn) continue;
      for (const a of rec.affected ?? []) {
        if (a.package?.ecosystem !== t.eco || a.package.name !== t.name) continue;
        candidates.push({ t, rec, a });
        if (t.eco === 'Debian:12') {
          const evs = versionsTouched(a).filter((x) => x !== '0' && x !== '*');
          // Sorting compares event versions with each other too.
          for (const x of [t.version, ...evs]) for (const y of evs) debPairs.set(`${x}\u0000${y}`, [x, y]);
        }
      }
    }
  }
  const pairs = [...debPairs.values()];
  const signs = pairs.length > 0 ? aptCompareBatch(python!, pairs) : [];
  const aptTable = new Map<string, number>();
  pairs.forEach(([a, b], i) => aptTable.set(`${a}\u0000${b}`, signs[i]!));
  const aptCmp: Cmp = (a, b) => {
    if (a === b) return 0;
    const s = aptTable.get(`${a}\u0000${b}`);
    if (s === undefined) throw new Error(`apt comparison not batched: ${a} vs ${b}`);
    return s;
  };
  const semverCmp = (strip: boolean): Cmp => (a, b) => {
    const x = strip ? a.replace(/^v/, '') : a, y = strip ? b.replace(/^v/, '') : b;
    if (!semver.valid(x) || !semver.valid(y)) throw new Error(`not semver: ${a} vs ${b}`);
    return semver.compare(x, y);
  };
  let comparisons = 0;
  const byKey = new Map<string, Set<string>>();
  for (const { t, rec, a } of candidates) {
    const base = t.eco === 'Debian:12' ? aptCmp : semverCmp(t.eco === 'Go');
    const cmp: Cmp = (x, y) => (comparisons++, base(x, y));
    if (!affects(a, t.version, cmp)) continue;
    if (!byKey.has(t.key)) byKey.set(t.key, new Set());
    byKey.get(t.key)!.add(rec.id);
  }
  return { byKey, comparisons };
}

function ours(findings: Finding[], keyOf: (f: Finding) => string | undefined): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const f of findings) {
    const k = keyOf(f);
    if (!k) continue;
    const ids = (f.details?.vulnerability as { recordIds?: string[] } | undefined)?.recordIds ?? [];
    if (!out.has(k)) out.set(k, new Set());
    for (const id of ids) out.get(k)!.add(id);
  }
  return out;
}

const flat = (m: Map<string, Set<string>>): Set<string> => new Set([...m.values()].flatMap((s) => [...s]));
const pairsOf = (m: Map<string, Set<string>>): string[] => [...m].flatMap(([k, s]) => [...s].map((id) => `${k} ${id}`)).sort();

function diff(label: string, exp: Map<string, Set<string>>, got: Map<string, Set<string>>): string {
  const e = new Set(pairsOf(exp)), g = new Set(pairsOf(got));
  const missing = [...e].filter((x) => !g.has(x));
  const extra = [...g].filter((x) => !e.has(x));
  return `${label}: ${missing.length} expected but not reported, ${extra.length} reported but not expected\n` +
    missing.map((x) => `  - missing ${x}`).join('\n') + (missing.length ? '\n' : '') + extra.map((x) => `  + extra   ${x}`).join('\n');
}

// ---------------------------------------------------------------- the test

test('fixture images: findings equal the affected records computed independently from the OSV data with reference comparators', { skip, timeout: 120_000 }, async (t) => {
  const cache = mkdtempSync(join(tmpdir(), 'ls-vulnproof-'));
  try {
    const imported = importOsv([OSV], { dbPath: vulnDbPath(resolveCacheDir(cache)), ecosystems: [...ECOS] });
    t.diagnostic(`imported ${JSON.stringify(imported.counts)} in ${imported.seconds.toFixed(1)} s`);

    const recs = new Map<string, Rec[]>(ECOS.map((e) => [e, readZip(join(OSV, e, 'all.zip'))]));
    const recById = new Map<string, Rec>();
    for (const list of recs.values()) for (const r of list) recById.set(r.id, r);

    // --- targets from fixtures.json (what the package managers reported at build time)
    const app = manifest.images.app.packages;
    const debTargets = new Map<string, Target>();
    for (const p of app.dpkg as Array<{ source?: string; sourceVersion?: string; package: string; version: string }>) {
      const name = p.source || p.package, version = p.sourceVersion || p.version;
      debTargets.set(name, { key: `deb|${name}`, eco: 'Debian:12', name, version });
    }
    const npmTargets = new Map<string, Target>();
    for (const p of app.npm.packages as Array<{ name: string; version: string }>) {
      npmTargets.set(`${p.name}@${p.version}`, { key: `npm|${p.name}@${p.version}`, eco: 'npm', name: p.name, version: p.version });
    }
    const goTargets = new Map<string, Target>();
    for (const bin of manifest.images.langs.packages.go as Array<{ deps: Array<{ path: string; version: string }> }>) {
      for (const d of bin.deps) goTargets.set(`${d.path}@${d.version}`, { key: `go|${d.path}@${d.version}`, eco: 'Go', name: d.path, version: d.version });
    }

    const expApp = expected([...debTargets.values(), ...npmTargets.values()], recs);
    const expGo = expected([...goTargets.values()], recs);

    // --- our path
    const appScan = await scanImage(refOf('app'), { cacheDir: false });
    const appVuln = scanVulnerabilities(appScan.sbom.packages, appScan.sbom.os, { cacheDir: cache });
    assert.equal(appVuln.status.state, 'scanned');
    const langsScan = await scanImage(refOf('langs'), { cacheDir: false });
    const langsVuln = scanVulnerabilities(langsScan.sbom.packages, langsScan.sbom.os, { cacheDir: cache });
    assert.equal(langsVuln.status.state, 'scanned');

    const vd = (f: Finding) => f.details?.vulnerability as { packageType?: string; sourceName?: string; installedVersion?: string; recordIds: string[]; fixedVersions: string[]; ecosystem?: string };
    const gotApp = ours(appVuln.findings, (f) => {
      const d = vd(f);
      if (d?.packageType === 'deb') return `deb|${d.sourceName ?? f.location.package!.name}`;
      if (d?.packageType === 'npm') return `npm|${f.location.package!.name}@${f.location.package!.version}`;
      return undefined;
    });
    const gotGo = ours(langsVuln.findings, (f) => {
      const k = `${f.location.package?.name}@${f.location.package?.version}`;
      return goTargets.has(k) ? `go|${k}` : undefined;
    });

    const count = (m: Map<string, Set<string>>) => `${flat(m).size} records / ${pairsOf(m).length} package-record pairs over ${m.size} packages`;
    t.diagnostic(`app expected ${count(expApp.byKey)} (${expApp.comparisons} comparisons); ours ${count(gotApp)}`);
    t.diagnostic(`langs Go deps expected ${count(expGo.byKey)}; ours ${count(gotGo)}`);
    for (const [k, s] of [...expApp.byKey, ...expGo.byKey]) t.diagnostic(`  ${k}: ${[...s].sort().join(' ')}`);

    // Not vacuous: lodash 4.17.15 has advisories in the npm data, x/net v0.7.0 in the Go data.
    assert.ok((expApp.byKey.get('npm|lodash@4.17.15')?.size ?? 0) > 0, 'independent path found no lodash 4.17.15 advisory');
    assert.ok((gotApp.get('npm|lodash@4.17.15')?.size ?? 0) > 0, 'scanner found no lodash 4.17.15 advisory');
    assert.ok(flat(expGo.byKey).size > 0, 'independent path found no golang.org/x/net v0.7.0 advisory');

    const appDiff = diff('app (npm + deb)', expApp.byKey, gotApp);
    const goDiff = diff('langs (Go deps)', expGo.byKey, gotGo);
    assert.deepEqual(pairsOf(gotApp), pairsOf(expApp.byKey), appDiff);
    assert.deepEqual(pairsOf(gotGo), pairsOf(expGo.byKey), goDiff);
    assert.deepEqual([...flat(gotApp)].sort(), [...flat(expApp.byKey)].sort(), appDiff);
    assert.deepEqual([...flat(gotGo)].sort(), [...flat(expGo.byKey)].sort(), goDiff);

    // Every fixed version a finding reports is a `fixed` event of one of its records, for its package.
    const relevant = [...appVuln.findings.filter((f) => ['deb', 'npm'].includes(vd(f)?.packageType ?? '')), ...langsVuln.findings.filter((f) => goTargets.has(`${f.location.package?.name}@${f.location.package?.version}`))];
    const bad: string[] = [];
    for (const f of relevant) {
      const d = vd(f);
      const pkgName = d.packageType === 'deb' ? (d.sourceName ?? f.location.package!.name) : f.location.package!.name;
      const fixedEvents = new Set<string>();
      for (const id of d.recordIds) {
        for (const a of recById.get(id)?.affected ?? []) {
          if (a.package?.name !== pkgName) continue;
          for (const r of a.ranges ?? []) for (const e of r.events) if (e.fixed !== undefined) fixedEvents.add(e.fixed);
        }
      }
      for (const v of d.fixedVersions) if (!fixedEvents.has(v)) bad.push(`${f.ruleId} ${pkgName}: fixed ${v} not in [${[...fixedEvents].join(', ')}]`);
    }
    assert.deepEqual(bad, [], bad.join('\n'));

    // The fixture's Debian packages are fully patched (every Debian:12 record for them is fixed at or
    // below the installed version), so the deb comparison above is 0 = 0. To exercise the Debian path
    // positively, roll each source with Debian:12 records back to just before each of its fixes
    // (`<fixed>~`, which dpkg orders before `<fixed>`), still from the advisory data, and compare again.
    const debPkgs = appScan.sbom.packages.filter((p) => p.type === 'deb');
    const fixesBySource = new Map<string, Set<string>>();
    for (const rec of recs.get('Debian')!) {
      if (rec.withdrawn) continue;
      for (const a of rec.affected ?? []) {
        if (a.package?.ecosystem !== 'Debian:12' || !debTargets.has(a.package.name)) continue;
        for (const r of a.ranges ?? []) for (const e of r.events) if (e.fixed !== undefined) {
          if (!fixesBySource.has(a.package.name)) fixesBySource.set(a.package.name, new Set());
          fixesBySource.get(a.package.name)!.add(e.fixed);
        }
      }
    }
    const variants: Target[] = [];
    for (const [src, fixes] of fixesBySource) for (const fx of fixes) variants.push({ key: `deb|${src}@${fx}~`, eco: 'Debian:12', name: src, version: `${fx}~` });
    const expRolled = expected(variants, recs);
    const gotRolled = new Map<string, Set<string>>();
    for (const v of variants) {
      const rolled = debPkgs
        .filter((p) => (p.source?.name || p.name) === v.name)
        .map((p) => ({ ...p, source: { name: v.name, version: v.version } }));
      assert.ok(rolled.length > 0, `no scanned deb package for source ${v.name}`);
      const r = scanVulnerabilities(rolled, appScan.sbom.os, { cacheDir: cache });
      const got = ours(r.findings, () => v.key);
      for (const [k, s] of got) gotRolled.set(k, s);
    }
    t.diagnostic(`deb rolled back to just before each fix: ${variants.length} variants; expected ${count(expRolled.byKey)}; ours ${count(gotRolled)}`);
    assert.ok(flat(expRolled.byKey).size > 0 || variants.length === 0, 'rolled-back Debian versions matched nothing on the independent path');
    assert.deepEqual(pairsOf(gotRolled), pairsOf(expRolled.byKey), diff('app deb rolled back', expRolled.byKey, gotRolled));
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});
