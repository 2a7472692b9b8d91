import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonRules } from '../../../src/rules/daemon/index.js';
import type { DaemonModel } from '../../../src/deploy/daemon/index.js';
import type { DeployRule } from '../../../src/deploy/types.js';
import { OPTS, check, daemonModel, hitLines } from '../compose/helpers.js';

function rule(id: string): DeployRule<DaemonModel> {
  const r = daemonRules.find((x) => x.meta.id === id);
  assert.ok(r, `${id} is registered`);
  return r;
}

const j = (o: unknown) => JSON.stringify(o, null, 2);

const CASES: Record<string, { fires: string; lines: number[]; passes: string; path?: string }> = {
  'LS-DAEMON-001': { fires: '{\n  "icc": false,\n  "live-restore": true,\n}\n', lines: [4], passes: j({ icc: false }) },
  'LS-DAEMON-002': { fires: j({ 'insecure-registries': ['registry.internal:5000', '127.0.0.1:5000'] }), lines: [3, 4], passes: j({ 'insecure-registries': [], 'registry-mirrors': ['https://m.internal'] }) },
  'LS-DAEMON-003': { fires: j({ hosts: ['fd://', 'tcp://0.0.0.0:2375', ':2375'] }), lines: [4, 5], passes: j({ hosts: ['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2376'], tlsverify: true }) },
  'LS-DAEMON-004': { fires: j({ 'userns-remap': '' }), lines: [2], passes: j({ 'userns-remap': 'default' }) },
  'LS-DAEMON-005': { fires: j({ icc: true }), lines: [2], passes: j({ bridge: 'none' }) },
  'LS-DAEMON-006': { fires: j({ 'no-new-privileges': false }), lines: [2], passes: j({ 'no-new-privileges': true }) },
  'LS-DAEMON-007': { fires: '{}', lines: [1], passes: j({ 'live-restore': true }) },
  'LS-DAEMON-008': { fires: j({ 'seccomp-profile': 'unconfined' }), lines: [2], passes: j({ 'seccomp-profile': '/etc/docker/seccomp.json' }) },
  'LS-DAEMON-009': { fires: j({ 'log-driver': 'none' }), lines: [2], passes: j({ 'log-driver': 'journald' }) },
};

test('every registered daemon rule has a case here, and ids are unique and in order', () => {
  const ids = daemonRules.map((r) => r.meta.id);
  assert.deepEqual(ids, [...ids].sort());
  assert.deepEqual(Object.keys(CASES).sort(), ids);
});

for (const [id, c] of Object.entries(CASES)) {
  test(`${id} fires where it should and stays quiet on the passing file`, () => {
    const r = rule(id);
    assert.deepEqual(hitLines(r, daemonModel(c.fires)), c.lines, `${id} fires on`);
    assert.deepEqual(check(r, daemonModel(c.passes)), [], `${id} passes`);
  });
}

test('LS-DAEMON-001 gives line and column, and words the common mistakes', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['{\n  "a": 1,\n  // comment\n  "b": 2\n}', 3, /comments/],
    ['{\n  "a": 1\n  "b": 2\n}', 3, /missing comma/],
    ["{\n  'a': 1\n}", 2, /quoted key/],
    ['{\n  "a": [1, 2,]\n}', 2, /trailing comma/],
    ['{\n  "a": 1\n', 3, /end of file/],
    ['{"a": "line\nbreak"}', 1, /unterminated string/],
  ];
  for (const [text, line, re] of cases) {
    const hits = check(rule('LS-DAEMON-001'), daemonModel(text));
    assert.equal(hits.length, 1, text);
    assert.equal(hits[0]!.line, line, text);
    assert.ok(hits[0]!.column! >= 1);
    assert.match(hits[0]!.message, re, text);
  }
  assert.equal(check(rule('LS-DAEMON-001'), daemonModel('[1, 2]')).length, 1, 'an array is not a configuration');
});

test('LS-DAEMON-003 severity: CRITICAL open, HIGH with tls only or on loopback', () => {
  const sev = (o: unknown) => check(rule('LS-DAEMON-003'), daemonModel(j(o))).map((h) => h.severity);
  assert.deepEqual(sev({ hosts: ['tcp://10.0.0.5:2375'] }), ['CRITICAL']);
  assert.deepEqual(sev({ hosts: ['tcp://10.0.0.5:2376'], tls: true }), ['HIGH']);
  assert.deepEqual(sev({ hosts: ['tcp://127.0.0.1:2375'] }), ['HIGH']);
  assert.deepEqual(sev({ hosts: ['unix:///var/run/docker.sock', 'fd://'] }), []);
});

test('LS-DAEMON-002 rates loopback registries LOW', () => {
  const hits = check(rule('LS-DAEMON-002'), daemonModel(CASES['LS-DAEMON-002']!.fires));
  assert.deepEqual(hits.map((h) => h.severity), ['HIGH', 'LOW']);
});

test('LS-DAEMON-004 is quiet for rootless daemons (by path or by setting)', () => {
  assert.deepEqual(check(rule('LS-DAEMON-004'), daemonModel('{}', 'home/dev/.config/docker/daemon.json')), []);
  assert.deepEqual(check(rule('LS-DAEMON-004'), daemonModel(j({ rootless: true }))), []);
  assert.deepEqual(hitLines(rule('LS-DAEMON-004'), daemonModel('{}', 'etc/docker/daemon.json')), [1]);
});

test('every rule survives an invalid file', () => {
  const m = daemonModel('{ nope');
  for (const r of daemonRules) assert.doesNotThrow(() => r.check(m, OPTS), r.meta.id);
});
