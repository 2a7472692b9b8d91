import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeRules } from '../../../src/rules/compose/index.js';
import type { ComposeModel } from '../../../src/deploy/compose/index.js';
import type { DeployOptions, DeployRule } from '../../../src/deploy/types.js';
import { OPTS, check, composeModel, fakeAwsKeyId, hitLines } from './helpers.js';

function rule(id: string): DeployRule<ComposeModel> {
  const r = composeRules.find((x) => x.meta.id === id);
  assert.ok(r, `${id} is registered`);
  return r;
}

/** Every rule, both ways: the lines it fires on in `fires`, and silence on `passes`. */
const CASES: Record<string, { fires: string; lines: number[]; passes: string; options?: DeployOptions }> = {
  'LS-COMPOSE-001': {
    fires: 'services:\n  a:\n    image: x/a:1\n    user: root\n  b:\n    image: x/b:1\n    user: "0:0"\n  c:\n    image: x/c:1\n',
    lines: [4, 7, 8],
    passes: 'services:\n  a:\n    image: x/a:1\n    user: "10001:10001"\n  b:\n    build: .\n  c:\n    image: x/c:1\n    user: ${APP_UID}\n',
  },
  'LS-COMPOSE-002': {
    fires: 'services:\n  a:\n    image: x/a:1\n    privileged: true\n',
    lines: [4],
    passes: 'services:\n  a:\n    image: x/a:1\n    privileged: false\n  b:\n    image: x/b:1\n    privileged: ${PRIV}\n',
  },
  'LS-COMPOSE-003': {
    fires: 'services:\n  a:\n    image: x/a:1\n    cap_add:\n      - cap_sys_admin\n      - NET_ADMIN\n      - CHOWN\n',
    lines: [5, 6],
    passes: 'services:\n  a:\n    image: x/a:1\n    cap_add: [NET_BIND_SERVICE, CHOWN]\n',
  },
  'LS-COMPOSE-004': {
    fires: 'services:\n  a:\n    image: x/a:1\n  b:\n    image: x/b:1\n    cap_drop: [NET_RAW]\n',
    lines: [2, 6],
    passes: 'services:\n  a:\n    image: x/a:1\n    cap_drop: [all]\n  b:\n    image: x/b:1\n    privileged: true\n',
  },
  'LS-COMPOSE-005': {
    fires: 'services:\n  a:\n    image: x/a:1\n    security_opt:\n      - seccomp:unconfined\n  b:\n    image: x/b:1\n    security_opt: ["seccomp=unconfined"]\n',
    lines: [5, 8],
    passes: 'services:\n  a:\n    image: x/a:1\n    security_opt: ["seccomp:./profile.json", "no-new-privileges:true"]\n',
  },
  'LS-COMPOSE-006': {
    fires: 'services:\n  a:\n    image: x/a:1\n    security_opt:\n      - apparmor:unconfined\n      - label=disable\n      - systempaths=unconfined\n',
    lines: [5, 6, 7],
    passes: 'services:\n  a:\n    image: x/a:1\n    security_opt: ["apparmor:docker-default", "label:type:svirt_apache_t"]\n',
  },
  'LS-COMPOSE-007': {
    fires: 'services:\n  a:\n    image: x/a:1\n  b:\n    image: x/b:1\n    security_opt: ["no-new-privileges:false"]\n',
    lines: [2, 6],
    passes: 'services:\n  a:\n    image: x/a:1\n    security_opt: ["no-new-privileges:true"]\n  b:\n    image: x/b:1\n    security_opt: [no-new-privileges]\n',
  },
  'LS-COMPOSE-008': {
    fires: 'services:\n  a:\n    image: x/a:1\n    network_mode: host\n',
    lines: [4],
    passes: 'services:\n  a:\n    image: x/a:1\n    network_mode: "service:b"\n  b:\n    image: x/b:1\n    network_mode: bridge\n',
  },
  'LS-COMPOSE-009': {
    fires: 'services:\n  a:\n    image: x/a:1\n    pid: "host"\n',
    lines: [4],
    passes: 'services:\n  a:\n    image: x/a:1\n    pid: "service:b"\n',
  },
  'LS-COMPOSE-010': {
    fires: 'services:\n  a:\n    image: x/a:1\n    ipc: host\n',
    lines: [4],
    passes: 'services:\n  a:\n    image: x/a:1\n    ipc: shareable\n',
  },
  'LS-COMPOSE-011': {
    fires: 'services:\n  a:\n    image: x/a:1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - type: bind\n        source: /run/podman/podman.sock\n        target: /sock\n',
    lines: [5, 6],
    passes: 'services:\n  a:\n    image: x/a:1\n    volumes:\n      - ./docker.sock.txt:/data/notes.txt\n      - sockets:/var/run\n',
  },
  'LS-COMPOSE-012': {
    fires: 'services:\n  a:\n    image: x/a:1\n    volumes:\n      - /:/host:ro\n      - /etc/ssh:/ssh\n      - data:/data\nvolumes:\n  data:\n    driver: local\n    driver_opts: {type: none, o: bind, device: /root}\n',
    lines: [5, 6, 7],
    passes: 'services:\n  a:\n    image: x/a:1\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n      - ./conf:/etc/app:ro\n      - ~/cache:/cache\n      - data:/data\nvolumes:\n  data: {}\n',
  },
  'LS-COMPOSE-013': {
    fires: 'services:\n  a:\n    image: x/a:1\n  b:\n    image: x/b:1\n    read_only: false\n',
    lines: [2, 6],
    passes: 'services:\n  a:\n    image: x/a:1\n    read_only: true\n',
  },
  'LS-COMPOSE-014': {
    fires: 'services:\n  a:\n    image: x/a:1\n    environment:\n      DB_PASSWORD: hunter2-but-longer\n      PLAIN: hello\n  b:\n    image: x/b:1\n    environment:\n      - API_TOKEN=changeme\n      - DSN=mysql://root:rootpw123@db/app\n',
    lines: [5, 10, 11],
    passes: 'services:\n  a:\n    image: x/a:1\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n      DB_PASSWORD_FILE: /run/secrets/db\n      TOKEN_TTL: "3600"\n      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"\n      API_KEY:\n      - NOT_A_LIST_FORM\n',
  },
  'LS-COMPOSE-015': {
    fires: 'services:\n  a:\n    image: redis\n  b:\n    image: nginx:latest\n  c:\n    image: "ghcr.io/x/c:${TAG:-latest}"\n',
    lines: [3, 5, 7],
    passes: 'services:\n  a:\n    image: redis:7.4\n  b:\n    image: nginx@sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9\n  c:\n    image: ghcr.io/x/c:${TAG}\n  d:\n    build: .\n    image: local/d\n',
  },
  'LS-COMPOSE-016': {
    fires: 'services:\n  a:\n    image: redis:7.4\n  b:\n    image: localhost:5000/team/b:1.0\n',
    lines: [3, 5],
    passes: 'services:\n  a:\n    image: redis:7.4@sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9\n  b:\n    image: redis\n',
  },
  'LS-COMPOSE-017': {
    fires: 'services:\n  a:\n    image: ghcr.io/other/a:1\n  b:\n    image: bitnami/redis:7\n',
    lines: [3, 5],
    passes: 'services:\n  a:\n    image: registry.acme.io/team/a:1\n  b:\n    image: redis:7\n  c:\n    image: docker.io/library/nginx:1.27\n',
    options: { ...OPTS, allowedRegistries: ['registry.acme.io', 'docker.io/library'] },
  },
  'LS-COMPOSE-018': {
    fires: 'services:\n  db:\n    image: postgres:16\n    ports: ["5432:5432"]\n  app:\n    image: x/app:1\n    ports:\n      - "0.0.0.0:6379:6379"\n      - target: 27017\n        published: 27017\n',
    lines: [4, 8, 9],
    passes: 'services:\n  db:\n    image: postgres:16\n    ports: ["127.0.0.1:5432:5432", "[::1]:5433:5432"]\n  web:\n    image: nginx:1.27\n    ports: ["80:80", "443:443"]\n',
  },
  'LS-COMPOSE-019': {
    fires: 'services:\n  a:\n    image: x/a:1\n  b:\n    image: x/b:1\n    healthcheck:\n      test: ["NONE"]\n  c:\n    image: x/c:1\n    healthcheck:\n      disable: true\n',
    lines: [2, 6, 10],
    passes: 'services:\n  a:\n    image: x/a:1\n    healthcheck:\n      test: ["CMD", "true"]\n  b:\n    build: .\n',
  },
  'LS-COMPOSE-020': {
    fires: 'services:\n  a:\n    image: x/a:1\n    deploy:\n      resources:\n        limits:\n          cpus: "1"\n',
    lines: [2],
    passes: 'services:\n  a:\n    image: x/a:1\n    mem_limit: 256m\n  b:\n    image: x/b:1\n    deploy: {resources: {limits: {memory: 1G}}}\n',
  },
  'LS-COMPOSE-021': {
    fires: 'services:\n  web:\n    image: nginx\n   ports: ["80:80"]\n',
    lines: [4],
    passes: 'services:\n  web:\n    image: nginx:1.27\n',
  },
};

test('every registered Compose rule has a case here, and ids are unique and in order', () => {
  const ids = composeRules.map((r) => r.meta.id);
  assert.deepEqual(ids, [...ids].sort(), 'registry in id order');
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual(Object.keys(CASES).sort(), [...ids].sort());
});

for (const [id, c] of Object.entries(CASES)) {
  test(`${id} fires where it should and stays quiet on the passing file`, () => {
    const r = rule(id);
    assert.deepEqual(hitLines(r, composeModel(c.fires), c.options), c.lines, `${id} fires on`);
    assert.deepEqual(check(r, composeModel(c.passes), c.options), [], `${id} passes`);
  });
}

test('LS-COMPOSE-001: explicit root is HIGH, a missing user LOW, and unknown users are not reported', () => {
  const hits = check(rule('LS-COMPOSE-001'), composeModel(CASES['LS-COMPOSE-001']!.fires));
  assert.deepEqual(hits.map((h) => h.severity ?? 'HIGH'), ['HIGH', 'HIGH', 'LOW']);
  assert.match(hits[0]!.message, /`user: root`/);
});

test('LS-COMPOSE-003 rates SYS_ADMIN HIGH and NET_ADMIN MEDIUM, and ignores harmless capabilities', () => {
  const hits = check(rule('LS-COMPOSE-003'), composeModel(CASES['LS-COMPOSE-003']!.fires));
  assert.deepEqual(hits.map((h) => [h.details?.['capability'], h.severity]), [['SYS_ADMIN', 'HIGH'], ['NET_ADMIN', 'MEDIUM']]);
});

test('LS-COMPOSE-012: read-only mounts are MEDIUM, writable HIGH; named volumes bound to host paths count', () => {
  const hits = check(rule('LS-COMPOSE-012'), composeModel(CASES['LS-COMPOSE-012']!.fires));
  assert.deepEqual(hits.map((h) => [h.line, h.severity, h.details?.['source']]), [[5, 'MEDIUM', '/'], [6, 'HIGH', '/etc/ssh'], [7, 'HIGH', '/root']]);
});

test('LS-COMPOSE-014: credential formats are CRITICAL, placeholders MEDIUM, and no value is printed in full', () => {
  const key = fakeAwsKeyId();
  const yaml = `services:\n  a:\n    image: x/a:1\n    environment:\n      SOME_ID: ${key}\n      DB_PASSWORD: hunter2-but-longer\n      API_TOKEN: changeme\n`;
  const hits = check(rule('LS-COMPOSE-014'), composeModel(yaml));
  assert.deepEqual(hits.map((h) => [h.line, h.severity, h.details?.['reason']]), [[5, 'CRITICAL', 'credential-format'], [6, 'HIGH', 'literal'], [7, 'MEDIUM', 'placeholder']]);
  for (const h of hits) {
    assert.ok(!h.message.includes(key) && !h.message.includes('hunter2-but-longer'), h.message);
    assert.ok(!JSON.stringify(h.details).includes(key));
  }
});

test('LS-COMPOSE-014: `$$` escapes are literals, `${VAR}` references are not', () => {
  const yaml = 'services:\n  a:\n    image: x/a:1\n    environment:\n      DB_PASSWORD: "pa$$w0rd-literal"\n      API_TOKEN: "${TOKEN:?set it}"\n';
  assert.deepEqual(hitLines(rule('LS-COMPOSE-014'), composeModel(yaml)), [5]);
});

test('LS-COMPOSE-015 and -016 do not both fire on the same image', () => {
  const m = composeModel('services:\n  a:\n    image: redis\n  b:\n    image: redis:7\n');
  assert.deepEqual(hitLines(rule('LS-COMPOSE-015'), m), [3]);
  assert.deepEqual(hitLines(rule('LS-COMPOSE-016'), m), [5]);
});

test('LS-COMPOSE-017 is off without an allow-list', () => {
  assert.deepEqual(check(rule('LS-COMPOSE-017'), composeModel(CASES['LS-COMPOSE-017']!.fires)), []);
});

test('LS-COMPOSE-018 recognises the service by image even on a non-default port, and by port otherwise', () => {
  const m = composeModel('services:\n  db:\n    image: bitnami/postgresql:16\n    ports: ["15432:5433"]\n  x:\n    image: x/x:1\n    ports: ["3306:3306"]\n  y:\n    image: x/y:1\n    ports: ["8080:8080"]\n');
  assert.deepEqual(check(rule('LS-COMPOSE-018'), m).map((h) => [h.line, h.details?.['service']]), [[4, 'PostgreSQL'], [7, 'MySQL/MariaDB']]);
});

test('rules that check for a missing setting stay quiet when an extends base outside the scan may set it', () => {
  const m = composeModel('services:\n  a:\n    extends:\n      file: ../other/base.yml\n      service: base\n');
  for (const id of ['LS-COMPOSE-001', 'LS-COMPOSE-004', 'LS-COMPOSE-007', 'LS-COMPOSE-013', 'LS-COMPOSE-019', 'LS-COMPOSE-020']) {
    assert.deepEqual(check(rule(id), m), [], id);
  }
});

test('settings inherited through extends are reported at the base, with its file', () => {
  const base = { path: 'base.yml', text: 'services:\n  base:\n    image: x/a:1\n    privileged: true\n' };
  const m = composeModel('services:\n  a:\n    extends: {file: base.yml, service: base}\n', 'docker-compose.yml', [base]);
  const hits = check(rule('LS-COMPOSE-002'), m);
  assert.deepEqual(hits.map((h) => [h.path, h.line]), [['base.yml', 4]]);
});

test('every rule survives a model with problems and no services', () => {
  const m = composeModel('services: [1, 2\n');
  for (const r of composeRules) assert.doesNotThrow(() => r.check(m, OPTS), r.meta.id);
  assert.equal(check(rule('LS-COMPOSE-021'), m).length, 1);
});
