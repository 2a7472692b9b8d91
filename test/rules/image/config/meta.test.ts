import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageConfigRules } from '../../../../src/rules/image/config/index.js';
import { allRuleMetas } from '../../../../src/rules/index.js';

test('config rules: LS-IMG-0xx ids, unique, image phase, aliases prefixed with a tool', () => {
  const ids = imageConfigRules.map((r) => r.meta.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const { meta } of imageConfigRules) {
    assert.match(meta.id, /^LS-IMG-0\d\d$/);
    assert.equal(meta.phase, 'image');
    for (const a of meta.aliases) assert.match(a, /^(?:dockle|trivy):[A-Z]+-?[A-Z0-9-]+$/, `${meta.id} ${a}`);
    assert.ok(meta.remediation.length > 20, meta.id);
  }
  // No other rule anywhere uses these ids.
  const all = allRuleMetas().map((m) => m.id);
  for (const id of ids) assert.equal(all.filter((x) => x === id).length, 1, id);
});

test('config rules document a failing and a passing example', () => {
  for (const { meta } of imageConfigRules) {
    const blocks = meta.docs.match(/```[a-z]*\n[\s\S]*?```/g) ?? [];
    assert.ok(blocks.length >= 2, `${meta.id} has ${blocks.length} examples`);
    assert.match(blocks[0]!, /fires/, `${meta.id}: first example fires`);
    assert.match(blocks[blocks.length - 1]!, /ok/, `${meta.id}: last example passes`);
  }
});
