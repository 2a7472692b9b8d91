import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanText, scanTextDetailed } from '../../../src/analyze/secret/engine.js';
import { createRng } from '../../../src/analyze/secret/fake-tokens.js';
import { SECRET_RULES, secretRuleById } from '../../../src/analyze/secret/rules/index.js';
import { RULE_SAMPLES } from './samples.js';

describe('secret rule data', () => {
  it('has unique LS-SEC-0xx ids and unique names', () => {
    const ids = SECRET_RULES.map((r) => r.id);
    const names = SECRET_RULES.map((r) => r.name);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(new Set(names).size, names.length);
    for (const id of ids) assert.match(id, /^LS-SEC-0\d\d$/);
    for (const name of names) assert.match(name, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it('gives every rule lower-case keywords, a `secret` group, aliases with a tool prefix and a remediation', () => {
    for (const rule of SECRET_RULES) {
      assert.ok(rule.keywords.length > 0, rule.id);
      for (const k of rule.keywords) assert.equal(k, k.toLowerCase(), `${rule.id} keyword ${k}`);
      assert.ok(rule.pattern.source.includes('(?<secret>'), rule.id);
      for (const alias of rule.aliases) assert.match(alias, /^(?:trivy|gitleaks):[a-z0-9-]+$/, rule.id);
      assert.ok(rule.remediation.length > 20, rule.id);
      assert.notEqual(rule.severity as string, 'INFO');
    }
  });

  it('finds rules by id', () => {
    assert.equal(secretRuleById('LS-SEC-007')?.name, 'github-pat');
    assert.equal(secretRuleById('LS-SEC-999'), undefined);
  });

  it('has positive and negative samples for every rule, and no samples for unknown rules', () => {
    const names = new Set(SECRET_RULES.map((r) => r.name));
    for (const name of names) {
      const samples = RULE_SAMPLES[name];
      assert.ok(samples, `no samples for ${name}`);
      assert.ok(samples.positives.length > 0 && samples.negatives.length > 0, name);
    }
    for (const name of Object.keys(RULE_SAMPLES)) assert.ok(names.has(name), `samples for unknown rule ${name}`);
  });
});

describe('secret rules on their samples', () => {
  for (const rule of SECRET_RULES) {
    const samples = RULE_SAMPLES[rule.name];
    if (!samples) continue;
    describe(`${rule.id} ${rule.name}`, () => {
      samples.positives.forEach((make, i) => {
        it(`reports positive #${i + 1} without leaking the secret`, () => {
          for (let seed = 1; seed <= 5; seed++) {
            const sample = make(createRng(seed * 7919 + i));
            const matches = scanText(sample.text);
            const hit = matches.find((m) => m.ruleId === rule.id);
            assert.ok(hit, `seed ${seed}: ${rule.name} not found in ${JSON.stringify(sample.text.slice(0, 200))}`);
            assert.equal(hit.severity, rule.severity);
            assert.deepEqual(hit.aliases, rule.aliases);
            const serialised = JSON.stringify(matches);
            for (const secret of sample.secrets) {
              assert.ok(!serialised.includes(secret), `seed ${seed}: secret leaked in ${serialised}`);
            }
          }
        });
      });
      samples.negatives.forEach((make, i) => {
        it(`ignores near-miss #${i + 1}`, () => {
          for (let seed = 1; seed <= 5; seed++) {
            const text = make(createRng(seed * 104729 + i));
            const hit = scanText(text).find((m) => m.ruleId === rule.id);
            assert.equal(hit, undefined, `seed ${seed}: unexpected ${rule.name} in ${JSON.stringify(text.slice(0, 200))}`);
          }
        });
      });
    });
  }
});

describe('allow list of documented example values', () => {
  it('skips the AWS example key but lists it as allow-listed with a reason', () => {
    const result = scanTextDetailed('aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n');
    assert.deepEqual(result.matches, []);
    assert.equal(result.allowlisted.length, 1);
    assert.equal(result.allowlisted[0].ruleId, 'LS-SEC-001');
    assert.equal(result.allowlisted[0].line, 1);
    assert.match(result.allowlisted[0].reason, /AWS documentation/);
    assert.ok(!result.allowlisted[0].redacted.includes('AKIAIOSFODNN7EXAMPLE'));
  });

  it('still reports a real key next to an allow-listed one', () => {
    const real = 'AKIA' + 'Q7ZP3KX2MV4TRN6W';
    const result = scanTextDetailed(`a = AKIAIOSFODNN7EXAMPLE\nb = ${real}\n`);
    assert.equal(result.matches.length, 1);
    assert.equal(result.matches[0].line, 2);
    assert.equal(result.allowlisted.length, 1);
  });
});
