import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateManifests } from '../../../src/deploy/kubernetes/bench-helper.js';
import { loadManifests, scanKubernetes } from '../../../src/deploy/kubernetes/index.js';

test('generates exactly n valid, varied objects, deterministically per seed', () => {
  const files = generateManifests(300, 7);
  const model = loadManifests(files);
  assert.equal(model.docs.length, 300);
  assert.deepEqual(model.files.flatMap((f) => f.problems), []);
  assert.ok(new Set(model.docs.map((d) => d.kind)).size >= 10);
  assert.ok(files.some((f) => f.text.includes('\n---\n')), 'multi-document files');
  assert.deepEqual(generateManifests(300, 7), files);
  assert.notDeepEqual(generateManifests(300, 8), files);
});

test('the generated set scans without warnings and produces findings of many rules', () => {
  const r = scanKubernetes(generateManifests(500, 3), { allowedRegistries: [], production: false, now: new Date(0) });
  assert.deepEqual(r.warnings, []);
  const rules = new Set(r.targets.flatMap((t) => t.findings.map((f) => f.ruleId)));
  assert.ok(rules.size >= 20, `only ${rules.size} rules fired`);
  assert.ok(!rules.has('LS-K8S-000'));
});
