import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageRefOf, isLatest } from '../../../src/rules/container/images.js';
import { classifyHostPath } from '../../../src/rules/container/host-paths.js';
import { dangerousCap, normaliseCap } from '../../../src/rules/container/capabilities.js';
import { classifyEnvSecret, urlPassword } from '../../../src/rules/container/secrets.js';
import { isRootUser } from '../../../src/rules/container/checks.js';
import { fakeAwsKeyId } from '../compose/helpers.js';

const ref = (text: string) => imageRefOf({ text, raw: text, unresolved: false })!;

test('image references: transports, latest, untagged, digests, ports, unknowns', () => {
  assert.equal(ref('docker://ghcr.io/x/y:1').expanded, 'ghcr.io/x/y:1', 'transport prefixes are dropped');
  assert.equal(isLatest(ref('nginx')), 'untagged');
  assert.equal(isLatest(ref('nginx:latest')), 'latest');
  assert.equal(isLatest(ref('nginx@sha256:' + 'a'.repeat(64))), undefined);
  assert.equal(isLatest(ref('localhost:5000/app')), 'untagged', 'a registry port is not a tag');
  assert.equal(imageRefOf({ text: 'x:$TAG', raw: 'x:$TAG', unresolved: false }), undefined);
  assert.equal(imageRefOf({ text: 'x', raw: '${I}', unresolved: true }), undefined);
});

test('host paths: sockets, sensitive directories and what is below them, harmless exceptions, relative paths', () => {
  assert.deepEqual(classifyHostPath('/var/run/docker.sock'), { kind: 'socket', path: '/var/run/docker.sock' });
  assert.deepEqual(classifyHostPath('/home/u/.docker/run/docker.sock'), { kind: 'socket', path: '/home/u/.docker/run/docker.sock' });
  assert.deepEqual(classifyHostPath('//etc/./ssh/'), { kind: 'sensitive', path: '/etc/ssh', dir: '/etc' });
  assert.deepEqual(classifyHostPath('/var/lib/docker/volumes'), { kind: 'sensitive', path: '/var/lib/docker/volumes', dir: '/var/lib/docker' });
  assert.deepEqual(classifyHostPath('/'), { kind: 'sensitive', path: '/', dir: '/' });
  for (const p of ['/etc/localtime', '/etc/ssl/certs', '/usr/share/zoneinfo/UTC', '/srv/app', '/home/u/project', './etc', '~/x', 'named-volume', '/opt/data']) {
    assert.equal(classifyHostPath(p), undefined, p);
  }
});

test('capabilities: prefixes and case do not matter; severities follow the table', () => {
  assert.equal(normaliseCap('cap_sys_admin'), 'SYS_ADMIN');
  assert.equal(dangerousCap('CAP_SYS_MODULE')?.severity, 'HIGH');
  assert.equal(dangerousCap('net_admin')?.severity, 'MEDIUM');
  assert.equal(dangerousCap('all')?.severity, 'HIGH');
  assert.equal(dangerousCap('NET_BIND_SERVICE'), undefined);
  assert.equal(dangerousCap('CHOWN'), undefined);
});

test('root users by name or UID, with or without a group', () => {
  for (const u of ['root', 'ROOT', '0', '0:0', 'root:1000', ' 0 ']) assert.equal(isRootUser(u), true, u);
  for (const u of ['1000', 'app', '10001:0', 'rooter', '00x']) assert.equal(isRootUser(u), false, u);
});

test('secret classification: formats, URL passwords, names, placeholders, and what is not a secret', () => {
  const key = fakeAwsKeyId();
  assert.equal(classifyEnvSecret('ANYTHING', key, false)?.severity, 'CRITICAL');
  assert.equal(classifyEnvSecret('DSN', 'postgres://u:pw12345@db/x', false)?.reason, 'url-credentials');
  assert.equal(classifyEnvSecret('DSN', 'postgres://u:${PW}@db/x', true), undefined);
  assert.equal(classifyEnvSecret('DSN', 'postgres://u:pw12345@${HOST}/x', true)?.reason, 'url-credentials', 'a literal password with a variable host');
  assert.equal(classifyEnvSecret('DB_PASSWORD', 'hunter2-but-longer', false)?.reason, 'literal');
  assert.equal(classifyEnvSecret('DB_PASSWORD', 'changeme', false)?.severity, 'MEDIUM');
  for (const [name, value] of [['DB_PASSWORD', ''], ['DB_PASSWORD', 'true'], ['DB_PASSWORD', '/run/secrets/db'], ['DB_PASSWORD_FILE', '/x'], ['LOG_LEVEL', 'debug'], ['TOKEN_TTL', '3600'], ['PUBLIC_KEY', 'abc123def456']] as const) {
    assert.equal(classifyEnvSecret(name, value, false), undefined, `${name}=${value}`);
  }
  assert.equal(classifyEnvSecret('DB_PASSWORD', '${DB_PASSWORD}', true), undefined);
  assert.equal(urlPassword('redis://:changeme@cache:6379'), undefined, 'placeholder passwords are not reported as URL credentials');
  const hit = classifyEnvSecret('API_KEY', 'abcdefghijklmnop', false)!;
  assert.ok(!hit.redacted.includes('abcdefghijklmnop') && hit.redacted.length < 10);
});
