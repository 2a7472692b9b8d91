/**
 * Integration on the real `app` fixture image (scripts/fixtures/build.sh): the planted .env and
 * the deleted /root/.ssh/id_rsa, with their layers from fixtures.json. Skips when not built.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageFindings, scanImage } from '../../../../src/scan/image-scan.js';
import { FIXTURES_DIR } from '../../../helpers/repo.js';

const FIXTURES = FIXTURES_DIR;
const MANIFEST = join(FIXTURES, 'fixtures.json');
const skip = existsSync(MANIFEST) ? false : `fixtures not built (looked for ${MANIFEST})`;

interface Planted {
  path: string;
  layerIndex: number;
  deletedInLayer: number | null;
  findings?: Array<{ kind: string; value: string; line: number }>;
}

test('app fixture: .env secrets in the final filesystem and the deleted SSH key, with layers, never raw', { skip }, async () => {
  // fixtures.json is the fixture script's schema (scripts/fixtures/README.md); only `planted` and `formats` are read.
  const app = JSON.parse(readFileSync(MANIFEST, 'utf8')).images.app as { planted: { secrets: Planted[] }; formats: Record<string, { path: string }> };
  const result = await scanImage(join(FIXTURES, app.formats['docker-archive']!.path), { cacheDir: false });
  const { findings } = imageFindings(result);
  const env = app.planted.secrets.find((p) => p.path.endsWith('.env'))!;
  const key = app.planted.secrets.find((p) => p.path.endsWith('id_rsa'))!;

  const envHits = findings.filter((f) => f.ruleId === 'LS-IMG-101' && f.location.path === env.path);
  assert.deepEqual(envHits.map((f) => f.location.line).sort(), env.findings!.map((f) => f.line).sort());
  for (const f of envHits) assert.equal(f.location.layer?.index, env.layerIndex);
  for (const kind of ['aws-access-key-id', 'aws-secret-access-key', 'stripe-secret-key']) {
    const line = env.findings!.find((f) => f.kind === kind)!.line;
    assert.equal(envHits.find((f) => f.location.line === line)?.severity, 'CRITICAL', kind);
  }

  const hidden = findings.filter((f) => f.ruleId === 'LS-IMG-102');
  assert.deepEqual(hidden.map((f) => [f.location.path, f.location.layer?.index, f.details?.hiddenInLayer, f.details?.hiddenBy]), [
    [key.path, key.layerIndex, key.deletedInLayer, 'whiteout'],
  ]);
  assert.ok(hidden[0]!.severity === 'HIGH' || hidden[0]!.severity === 'CRITICAL');

  const files = findings.filter((f) => f.ruleId === 'LS-IMG-103').map((f) => [f.location.path, f.details?.inFinalFilesystem]);
  assert.deepEqual(files.sort(), [[env.path, true], [key.path, false]].sort());

  const json = JSON.stringify(findings);
  for (const f of env.findings!) assert.ok(!json.includes(f.value), `${f.kind} leaked`);
});
