/**
 * The image rules (LS-IMG-*) on the three images scripts/fixtures/steps/image-checks.sh builds from
 * the real Debian base: `secrets-deleted` (a private key and an AWS key added in one layer, deleted
 * in the next), `root-buildarg` (root, a DB_PASSWORD build arg in the history) and `hardened`
 * (non-root, healthcheck, no secrets, setuid bits cleared: nothing to report). The planted values and
 * the layers that add and hide them come from fixtures.json (fresh random values every build).
 * Skips when the fixtures were not built or predate these images.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageFindings, imageTarget, scanImage, type ImageScanResult } from '../../src/scan/image-scan.js';
import type { Finding } from '../../src/findings/types.js';
import { FIXTURES_DIR } from '../helpers/repo.js';

const FIXTURES = FIXTURES_DIR;
const MANIFEST = join(FIXTURES, 'fixtures.json');
const NAMES = ['secrets-deleted', 'root-buildarg', 'hardened'] as const;

interface PlantedSecret {
  path: string; kind: string; values: string[]; layerIndex: number | null; deletedInLayer: number | null;
  whiteout?: string; pemHeader?: string; findings?: Array<{ kind: string; name: string; value: string; line: number }>;
}
interface BuildArg { name: string; value: string; historyIndex: number | null; layerIndex: number | null }
interface ImageFacts {
  name: string; diffIDs: string[];
  formats: { oci?: { path: string; ref: string } };
  config: { user: string | null; created: string | null };
  planted?: {
    secrets: PlantedSecret[]; buildArgs: BuildArg[]; user: string | null;
    healthcheck: { Test: string[] } | null; hardening?: { setuidCleared: string[]; created: string };
  };
}

const manifest: { images: Record<string, ImageFacts> } | null = existsSync(MANIFEST) ? JSON.parse(readFileSync(MANIFEST, 'utf8')) : null;
const missing = manifest ? NAMES.filter((n) => !manifest.images[n]?.formats?.oci || !manifest.images[n]?.planted) : [...NAMES];
const skip = !manifest
  ? `fixtures not built: run scripts/fixtures/build.sh (looked for ${MANIFEST})`
  : missing.length > 0
    ? `fixtures.json lacks ${missing.join(', ')}: rerun scripts/fixtures/build.sh`
    : false;
const img = (name: (typeof NAMES)[number]): ImageFacts => manifest!.images[name]!;

async function scan(name: (typeof NAMES)[number]): Promise<{ result: ImageScanResult; findings: Finding[]; text: string }> {
  const facts = img(name);
  const oci = facts.formats.oci!;
  const result = await scanImage(`oci:${join(FIXTURES, oci.path)}:${oci.ref}`, { cacheDir: false });
  assert.deepEqual(result.layers.map((l) => l.diffID), facts.diffIDs, `${name}: the scan reads the layers fixtures.json lists`);
  // Judged as of the day after the build, so a cached fixture folder does not age into LS-IMG-006.
  const created = Date.parse(facts.config.created ?? '');
  const now = new Date((Number.isNaN(created) ? Date.now() : created) + 24 * 3600 * 1000);
  const { findings, warnings } = imageFindings(result, { now });
  assert.deepEqual(warnings, [], `${name}: no rule failed`);
  return { result, findings, text: JSON.stringify(findings) };
}

const brief = (fs: Finding[]) => fs.map((f) => `${f.ruleId} ${f.severity} ${f.location.path}: ${f.message}`).join('\n');

/** The parts of a planted value that must never appear: the value itself, or a PEM's body lines. */
function leakProbes(value: string): string[] {
  if (!value.includes('-----BEGIN')) return [value];
  return value.split('\n').map((l) => l.trim()).filter((l) => l.length >= 16 && !l.startsWith('-----'));
}

test('secrets-deleted: LS-IMG-102 reports the private key and both AWS values, naming the adding and the hiding layer', { skip }, async () => {
  const facts = img('secrets-deleted');
  const planted = facts.planted!;
  const { findings, text } = await scan('secrets-deleted');
  const hidden = findings.filter((f) => f.ruleId === 'LS-IMG-102');
  const plantedPaths = planted.secrets.map((s) => s.path);
  assert.ok(hidden.every((f) => plantedPaths.includes(f.location.path)), `LS-IMG-102 only for planted files:\n${brief(hidden)}`);

  const check = (f: Finding | undefined, s: PlantedSecret, what: string) => {
    assert.ok(f, `LS-IMG-102 for ${what} in ${s.path}; got:\n${brief(findings)}`);
    assert.ok(s.layerIndex !== null && s.deletedInLayer !== null && s.deletedInLayer > s.layerIndex, `${s.path}: layers recorded`);
    assert.ok(f.severity === 'HIGH' || f.severity === 'CRITICAL', `${what}: severity ${f.severity}`);
    assert.deepEqual(f.location.layer, { index: s.layerIndex, diffID: facts.diffIDs[s.layerIndex!] }, `${what}: located in the adding layer`);
    assert.equal(f.details?.['addedInLayer'], s.layerIndex, `${what}: adding layer`);
    assert.equal(f.details?.['hiddenInLayer'], s.deletedInLayer, `${what}: hiding layer`);
    assert.equal(f.details?.['hiddenBy'] !== undefined, true, `${what}: says how it was hidden`);
    assert.match(f.message, new RegExp(`added by layer ${s.layerIndex}\\b`), `${what}: message names the adding layer`);
    assert.match(f.message, new RegExp(`layer ${s.deletedInLayer}\\b`), `${what}: message names the hiding layer`);
  };

  const key = planted.secrets.find((s) => s.kind === 'private-key')!;
  assert.ok(key && key.values.length === 1 && key.pemHeader, 'planted private key recorded');
  check(hidden.find((f) => f.location.path === key.path), key, 'the private key');

  const env = planted.secrets.find((s) => s.path === '/etc/app/aws.env')!;
  assert.deepEqual(env.findings!.map((x) => x.kind).sort(), ['aws-access-key-id', 'aws-secret-access-key']);
  for (const p of env.findings!) {
    const f = hidden.find((x) => x.location.path === env.path && x.location.line === p.line);
    check(f, env, `${p.name} (line ${p.line})`);
    assert.match(f!.message, /AWS/, `${p.name}: named as an AWS credential`);
  }

  // Deleted files are not in the final filesystem: nothing reports them as present.
  assert.deepEqual(findings.filter((f) => f.ruleId === 'LS-IMG-101' && plantedPaths.includes(f.location.path)), []);
  // The user is 10001 and nothing else is planted: no root or config/history secret findings.
  assert.deepEqual(findings.filter((f) => f.ruleId === 'LS-IMG-001' || f.ruleId === 'LS-IMG-002').map((f) => f.ruleId), []);
  for (const s of planted.secrets) {
    for (const v of s.values) for (const probe of leakProbes(v)) assert.ok(!text.includes(probe), `${s.path}: a raw secret value leaks into the findings`);
  }
});

test('root-buildarg: LS-IMG-001 (root) and LS-IMG-002 for the DB_PASSWORD build arg in the history, value never shown', { skip }, async () => {
  const facts = img('root-buildarg');
  const planted = facts.planted!;
  const { result, findings, text } = await scan('root-buildarg');
  const root = findings.filter((f) => f.ruleId === 'LS-IMG-001');
  assert.equal(root.length, 1, `one LS-IMG-001; got:\n${brief(findings)}`);
  assert.equal(root[0]!.details?.['user'], planted.user ?? '');

  const arg = planted.buildArgs.find((a) => a.name === 'DB_PASSWORD')!;
  assert.ok(arg && arg.historyIndex !== null && arg.layerIndex !== null, 'planted build arg recorded with its history step and layer');
  const hist = findings.filter((f) => f.ruleId === 'LS-IMG-002' && f.details?.['source'] === 'history');
  const f = hist.find((x) => x.details?.['name'] === 'DB_PASSWORD');
  assert.ok(f, `LS-IMG-002 for DB_PASSWORD in the history; got:\n${brief(findings)}`);
  assert.ok(f.severity === 'HIGH' || f.severity === 'CRITICAL', `severity ${f.severity}`);
  assert.equal(f.details?.['historyIndex'], arg.historyIndex);
  assert.deepEqual(f.location.layer, { index: arg.layerIndex, diffID: facts.diffIDs[arg.layerIndex!] }, 'names the layer the RUN produced');
  assert.match(f.message, /DB_PASSWORD/);

  assert.ok(arg.value.length >= 16, 'a high-entropy value was planted');
  assert.ok(!text.includes(arg.value), 'the raw build-arg value leaks into the findings');
  // The report target (layer list with created_by) masks it too.
  assert.ok(!JSON.stringify(imageTarget(result, { now: new Date(Date.parse(facts.config.created ?? '') || Date.now()) })).includes(arg.value), 'the raw build-arg value leaks into the report target');
});

test('hardened: no LS-IMG- finding at all (non-root, healthcheck, fresh, no ports, no secrets, no setuid bits)', { skip }, async () => {
  const facts = img('hardened');
  const planted = facts.planted!;
  const { result, findings } = await scan('hardened');
  // What makes it clean, as the scanner sees it (each of these would otherwise fire a rule):
  const cfg = result.metadata.config.config ?? {};
  assert.equal(cfg.User, '10001', 'LS-IMG-001: not root');
  assert.deepEqual(cfg.Healthcheck?.Test, planted.healthcheck!.Test, 'LS-IMG-003: healthcheck');
  assert.deepEqual(Object.keys(cfg.ExposedPorts ?? {}), [], 'LS-IMG-004: no ports');
  assert.equal(result.metadata.config.created, planted.hardening!.created, 'LS-IMG-006: created at build time');
  assert.ok(planted.hardening!.setuidCleared.length > 0, 'LS-IMG-108: the packaged setuid bits (su, passwd, mount...) were cleared');
  const imageRuleHits = findings.filter((f) => f.ruleId.startsWith('LS-IMG-'));
  assert.deepEqual(imageRuleHits.map((f) => `${f.ruleId} ${f.severity}`), [], `the hardened image must come out clean:\n${brief(imageRuleHits)}`);
});
