import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComposeProject, parseCompose } from '../../../src/deploy/compose/index.js';
import { parsePortSpec } from '../../../src/deploy/compose/parse.js';

function services(text: string, others: Array<{ path: string; text: string }> = []) {
  const m = parseCompose(new ComposeProject([{ path: 'docker-compose.yml', text }, ...others]), 'docker-compose.yml');
  return { model: m, svc: (name: string) => m.services.find((s) => s.name === name)!.spec };
}

test('short and long volume syntax: binds, named volumes, anonymous volumes, read-only, positions', () => {
  const { svc } = services(`services:
  a:
    image: x
    volumes:
      - /etc:/host/etc:ro,z
      - ./data:/data
      - named:/var/lib/x
      - /anonymous
      - type: bind
        source: \${HOST_DIR:-/srv}
        target: /srv
        read_only: true
      - type: tmpfs
        target: /tmp
`);
  const mounts = svc('a').mounts.map((m) => [m.type, m.source, m.target, m.readOnly, m.origin.line]);
  assert.deepEqual(mounts, [
    ['bind', '/etc', '/host/etc', true, 5],
    ['bind', './data', '/data', false, 6],
    ['volume', 'named', '/var/lib/x', false, 7],
    ['volume', '', '/anonymous', false, 8],
    ['bind', '/srv', '/srv', true, 9],
    ['tmpfs', '', '/tmp', false, 13],
  ]);
});

test('port specs: host address, ranges, protocols, IPv6, container-only', () => {
  assert.deepEqual(parsePortSpec('5432:5432'), { hostIp: undefined, hostPort: '5432', containerPort: '5432', protocol: undefined });
  assert.deepEqual(parsePortSpec('127.0.0.1:8001:8001/udp'), { hostIp: '127.0.0.1', hostPort: '8001', containerPort: '8001', protocol: 'udp' });
  assert.deepEqual(parsePortSpec('[::1]:6000:6000'), { hostIp: '::1', hostPort: '6000', containerPort: '6000', protocol: undefined });
  assert.deepEqual(parsePortSpec('127.0.0.1::80'), { hostIp: '127.0.0.1', hostPort: undefined, containerPort: '80', protocol: undefined });
  assert.deepEqual(parsePortSpec('9090-9091:8080-8081'), { hostIp: undefined, hostPort: '9090-9091', containerPort: '8080-8081', protocol: undefined });
  assert.deepEqual(parsePortSpec('3000'), { hostIp: undefined, hostPort: undefined, containerPort: '3000', protocol: undefined });
  assert.equal(parsePortSpec('a:b:c:d'), undefined);
});

test('ports: numbers, strings and the long syntax, each with its line', () => {
  const { svc } = services('services:\n  a:\n    image: x\n    ports:\n      - 3000\n      - "127.0.0.1:80:80"\n      - target: 443\n        published: "8443"\n        host_ip: 0.0.0.0\n');
  assert.deepEqual(svc('a').ports.map((p) => [p.hostIp, p.hostPort, p.containerPort, p.origin.line]), [[undefined, undefined, '3000', 5], ['127.0.0.1', '80', '80', 6], ['0.0.0.0', '8443', '443', 7]]);
});

test('environment in map and list form; interpolated values are references', () => {
  const { svc } = services('services:\n  a:\n    image: x\n    environment:\n      A: "1"\n      B:\n      C: ${X}\n  b:\n    image: x\n    environment:\n      - D=4=4\n      - E\n      - F=$Y\n');
  assert.deepEqual(svc('a').env.map((e) => [e.name, e.value, e.reference, e.origin.line]), [['A', '1', false, 5], ['B', undefined, false, 6], ['C', '${X}', true, 7]]);
  assert.deepEqual(svc('b').env.map((e) => [e.name, e.value, e.reference, e.origin.line]), [['D', '4=4', false, 11], ['E', undefined, false, 12], ['F', '$Y', true, 13]]);
});

test('merge keys: explicit keys win, positions come from the anchor', () => {
  const { svc } = services('x-base: &base\n  user: root\n  privileged: true\nservices:\n  a:\n    <<: *base\n    user: "1000"\n    image: x\n');
  assert.equal(svc('a').user?.value, '1000');
  assert.equal(svc('a').user?.line, 7);
  assert.equal(svc('a').privileged?.value, true);
  assert.equal(svc('a').privileged?.line, 3);
});

test('extends: same file, other file (origins name it), chains, and what a missing base means', () => {
  const common = { path: 'lib/common.yml', text: 'services:\n  base:\n    image: x/base:1\n    cap_add: [SYS_ADMIN]\n    environment: {A: "1", B: "2"}\n' };
  const { svc, model } = services(
    'services:\n  a:\n    extends: {file: lib/common.yml, service: base}\n    environment: {B: "3"}\n    cap_add: [CHOWN]\n  b:\n    extends: a\n  c:\n    extends: {file: missing.yml, service: x}\n  d:\n    extends: d\n',
    [common],
  );
  const a = svc('a');
  assert.equal(a.image?.value?.text, 'x/base:1');
  assert.equal(a.image?.path, 'lib/common.yml');
  assert.deepEqual(a.capAdd.map((c) => [c.value, c.path]), [['SYS_ADMIN', 'lib/common.yml'], ['CHOWN', undefined]]);
  assert.deepEqual(a.env.map((e) => [e.name, e.value]), [['A', '1'], ['B', '3']]);
  assert.equal(svc('b').image?.value?.text, 'x/base:1', 'extends chains');
  assert.equal(svc('c').incomplete, true);
  assert.equal(svc('d').incomplete, true);
  assert.ok(model.problems.some((p) => /extends itself/.test(p.message) && p.line === 11));
});

test('profiles are kept and named in the label; build marks the service as built', () => {
  const { model } = services('services:\n  dbg:\n    image: x:1\n    profiles: [debug, ops]\n  app:\n    build: {context: .}\n');
  assert.deepEqual(model.services[0]!.profiles, ['debug', 'ops']);
  assert.match(model.services[0]!.spec.label, /profiles: debug, ops/);
  assert.equal(model.services[1]!.spec.built, true);
});

test('service ranges cover the whole service body (for suppression scopes)', () => {
  const { model } = services('services:\n  a:\n    image: x\n    user: root\n\n  b:\n    image: y\n');
  assert.deepEqual(model.services.map((s) => [s.name, s.line, s.endLine]), [['a', 2, 4], ['b', 6, 7]]);
});

test('shape problems are reported with their line, YAML errors with line and column', () => {
  assert.deepEqual(services('services:\n  - web\n').model.problems.map((p) => p.line), [1]);
  assert.deepEqual(services('services:\n  web: nginx\n').model.problems.map((p) => p.line), [2]);
  const bad = services('services:\n  web:\n    image: "unterminated\n').model.problems;
  assert.equal(bad.length, 1);
  assert.ok(bad[0]!.line >= 3 && bad[0]!.column !== undefined);
  assert.deepEqual(services('just a string\n').model.problems.map((p) => p.line), [1]);
  assert.deepEqual(services('').model.problems.length, 1);
});
