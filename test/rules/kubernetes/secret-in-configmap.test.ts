import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/secret-in-configmap.js';
import { createRng, fakeAwsAccessKeyId } from '../../../src/analyze/secret/fake-tokens.js';
import { lineOf, run } from './helpers.js';

const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n${data}\n`;

test('fires on a credential-named key with a literal value', () => {
  const text = cm('  DB_HOST: postgres\n  db_password: "s3cr3t-Valu3-x"');
  const hits = run(rule, text);
  assert.deepEqual(hits.map((h) => h.line), [lineOf(text, 'db_password')]);
  assert.ok(!hits[0]!.message.includes('s3cr3t-Valu3-x'));
});

test('fires inside embedded config files on the exact line of a literal block', () => {
  const key = fakeAwsAccessKeyId(createRng(3));
  const text = cm(`  application.properties: |\n    server.port=8080\n    aws.key=${key}\n    spring.datasource.password=Ultr4-Secr3t-Pw!\n`);
  const hits = run(rule, text);
  assert.deepEqual(hits.map((h) => h.line).sort(), [lineOf(text, 'aws.key'), lineOf(text, 'datasource.password')].sort());
  assert.ok(hits.some((h) => h.severity === 'CRITICAL'));
  assert.ok(hits.every((h) => !h.message.includes(key)));
});

test('does not fire on ordinary configuration, placeholders or references', () => {
  assert.deepEqual(run(rule, cm('  LOG_LEVEL: info\n  PASSWORD_MIN_LENGTH: "12"\n  db_password: ${DB_PASSWORD}\n  api_token: <set-me>\n  nginx.conf: |\n    server { listen 8080; }')), []);
});

test('only ConfigMaps: the same data in another kind is not this rule\'s business', () => {
  assert.deepEqual(run(rule, cm('  db_password: "s3cr3t-Valu3-x"').replace('kind: ConfigMap', 'kind: Widget')), []);
});
