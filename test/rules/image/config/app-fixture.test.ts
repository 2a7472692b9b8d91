/**
 * The configuration/history rules on the real `app` fixture image (scripts/fixtures/build.sh):
 * root user, the GitHub token planted in Env and recorded in history, port 22. Expectations are
 * read from fixtures.json. Skips when the fixtures were not built.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageFindings, scanImage } from '../../../../src/scan/image-scan.js';
import { imageConfigRules } from '../../../../src/rules/image/config/index.js';
import { FIXTURES_DIR } from '../../../helpers/repo.js';

const FIXTURES = FIXTURES_DIR;
const MANIFEST = join(FIXTURES, 'fixtures.json');
const skip = existsSync(MANIFEST) ? false : `fixtures not built (looked for ${MANIFEST})`;

interface AppFixture {
  formats: Record<string, { path: string }>;
  config: { history: Array<{ createdBy: string; emptyLayer: boolean }> };
  planted: { configEnv: Array<{ name: string; value: string; alsoInHistory: boolean }>; user: string; exposedPorts: string[] };
}

test('app fixture: root user, the Env token in Env and history (redacted everywhere), port 22', { skip }, async () => {
  // fixtures.json is the fixture script's schema (scripts/fixtures/README.md); only the fields above are read.
  const app = JSON.parse(readFileSync(MANIFEST, 'utf8')).images.app as AppFixture;
  const result = await scanImage(join(FIXTURES, app.formats['docker-archive']!.path), { cacheDir: false });
  const ours = new Set(imageConfigRules.map((r) => r.meta.id));
  const { findings, warnings } = imageFindings(result);
  assert.deepEqual(warnings.filter((w) => /LS-IMG-0/.test(w)), []);
  const mine = findings.filter((f) => ours.has(f.ruleId));

  assert.equal(app.planted.user, 'root');
  assert.equal(mine.filter((f) => f.ruleId === 'LS-IMG-001').length, 1);

  const token = app.planted.configEnv[0]!;
  const secrets = mine.filter((f) => f.ruleId === 'LS-IMG-002');
  const inEnv = secrets.filter((f) => f.details?.source === 'env' && f.details?.name === token.name);
  assert.equal(inEnv.length, 1);
  assert.equal(inEnv[0]!.severity, 'CRITICAL');
  if (token.alsoInHistory) {
    const index = app.config.history.findIndex((h) => h.createdBy.includes(token.name));
    const inHistory = secrets.filter((f) => f.details?.source === 'history' && f.details?.historyIndex === index);
    assert.equal(inHistory.length, 1);
    // The step is an empty_layer one (ENV): it belongs to no layer.
    assert.equal(inHistory[0]!.location.layer, undefined);
  }
  // The raw value appears in no field of any finding (of any rule).
  assert.ok(!JSON.stringify(findings).includes(token.value));

  const ports = mine.filter((f) => f.ruleId === 'LS-IMG-004');
  assert.deepEqual(ports.map((f) => f.details?.port), app.planted.exposedPorts.filter((p) => p.startsWith('22/')).map((p) => Number(p.split('/')[0])));
  // The fixture runs `node` from PATH; whether the base has it decides LS-IMG-013, so only check it is consistent.
  for (const f of mine.filter((x) => x.ruleId === 'LS-IMG-013')) assert.equal(f.details?.executable, 'node');
});
