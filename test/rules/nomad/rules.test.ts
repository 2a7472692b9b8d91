import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nomadRules } from '../../../src/rules/nomad/index.js';
import type { NomadModel } from '../../../src/deploy/nomad/index.js';
import type { DeployOptions, DeployRule } from '../../../src/deploy/types.js';
import { OPTS, check, fakeAwsKeyId, hitLines, nomadModel } from '../compose/helpers.js';

function rule(id: string): DeployRule<NomadModel> {
  const r = nomadRules.find((x) => x.meta.id === id);
  assert.ok(r, `${id} is registered`);
  return r;
}

/** A job with one docker task whose body is `task` (indented by the caller as they like). */
function job(task: string, driver = 'docker'): string {
  return `job "j" {\n  group "g" {\n    task "t" {\n      driver = "${driver}"\n${task}\n    }\n  }\n}\n`;
}
// Line 5 of job() is the first line of `task`.

const CASES: Record<string, { fires: string; lines: number[]; passes: string; options?: DeployOptions }> = {
  'LS-NOMAD-001': { fires: job('user = "root"\nconfig { image = "x/a:1" }'), lines: [5], passes: job('user = "10001"\nconfig { image = "x/a:1" }') },
  'LS-NOMAD-002': { fires: job('config {\n  image = "x/a:1"\n  privileged = true\n}'), lines: [7], passes: job('config {\n  image = "x/a:1"\n  privileged = false\n}') },
  'LS-NOMAD-003': { fires: job('config {\n  image = "x/a:1"\n  cap_add = [\n    "sys_admin",\n    "chown",\n    "CAP_NET_ADMIN",\n  ]\n}'), lines: [8, 10], passes: job('config {\n  image = "x/a:1"\n  cap_add = ["net_bind_service"]\n}') },
  'LS-NOMAD-004': { fires: job('config {\n  image = "x/a:1"\n  security_opt = ["seccomp=unconfined"]\n}'), lines: [7], passes: job('config {\n  image = "x/a:1"\n  security_opt = ["seccomp=/etc/p.json"]\n}') },
  'LS-NOMAD-005': { fires: job('config {\n  image = "x/a:1"\n  security_opt = ["apparmor=unconfined", "label:disable"]\n}'), lines: [7, 7], passes: job('config {\n  image = "x/a:1"\n  security_opt = ["no-new-privileges"]\n}') },
  'LS-NOMAD-006': { fires: job('config {\n  image = "x/a:1"\n  network_mode = "host"\n}'), lines: [7], passes: 'job "j" {\n  group "g" {\n    network { mode = "host" }\n    task "t" {\n      driver = "docker"\n      config { image = "x/a:1" }\n    }\n  }\n}\n' },
  'LS-NOMAD-007': { fires: job('config {\n  image = "x/a:1"\n  pid_mode = "host"\n}'), lines: [7], passes: job('config { image = "x/a:1" }') },
  'LS-NOMAD-008': { fires: job('config {\n  image = "x/a:1"\n  ipc_mode = "host"\n}'), lines: [7], passes: job('config {\n  image = "x/a:1"\n  ipc_mode = "none"\n}') },
  'LS-NOMAD-009': { fires: job('config {\n  image = "x/a:1"\n  volumes = ["/var/run/docker.sock:/var/run/docker.sock"]\n  mount {\n    type = "bind"\n    source = "/run/containerd/containerd.sock"\n    target = "/c.sock"\n  }\n}'), lines: [7, 8], passes: job('config {\n  image = "x/a:1"\n  volumes = ["local/docker.sock:/x"]\n}') },
  'LS-NOMAD-010': { fires: job('config {\n  image = "x/a:1"\n  volumes = [\n    "/etc:/host/etc",\n    "/proc:/host/proc:ro",\n  ]\n}'), lines: [8, 9], passes: job('config {\n  image = "x/a:1"\n  volumes = ["local/etc:/etc/app", "/etc/localtime:/etc/localtime:ro", "${NOMAD_TASK_DIR}/x:/x"]\n}') },
  'LS-NOMAD-011': { fires: job('config { image = "docker://redis" }'), lines: [5], passes: job('config { image = "redis:${var.tag}" }') },
  'LS-NOMAD-012': { fires: job('config { image = "redis:7" }'), lines: [5], passes: job('config { image = "redis:7@sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9" }') },
  'LS-NOMAD-013': { fires: job('config { image = "quay.io/x/a:1" }'), lines: [5], passes: job('config { image = "registry.acme.io/x/a:1" }'), options: { ...OPTS, allowedRegistries: ['registry.acme.io'] } },
  'LS-NOMAD-014': {
    fires: job('config {\n  image = "x/a:1"\n  auth {\n    username = "u"\n    password = "Tr0ub4dor-and-3"\n  }\n}'),
    lines: [9],
    passes: job('config {\n  image = "x/a:1"\n  auth {\n    username = "u"\n    password = "${REGISTRY_PASSWORD}"\n  }\n}'),
  },
  'LS-NOMAD-015': { fires: job('env {\n  DB_PASSWORD = "Tr0ub4dor-and-3"\n  "API.TOKEN" = "q9Zt4mWx7Lp2Kd8s"\n}', 'exec'), lines: [6, 7], passes: job('env {\n  DB_PASSWORD = "${NOMAD_SECRETS_DIR}/db"\n  LOG_LEVEL = "debug"\n}') },
  'LS-NOMAD-016': {
    fires: job('template {\n  data = <<-EOH\n    user: app\n    password: "Tr0ub4dor-and-3"\n    EOH\n  destination = "local/app.yml"\n}'),
    lines: [8],
    passes: job('template {\n  data = <<-EOH\n    user: app\n    password: "{{ with nomadVar "nomad/jobs/j" }}{{ .pw }}{{ end }}"\n    EOH\n  destination = "secrets/app.yml"\n}'),
  },
  'LS-NOMAD-017': { fires: 'job "j" {\n  group "g" {\n    task "t" {\n      driver = docker"\n', lines: [4], passes: job('config { image = "x/a:1" }') },
};

test('every registered Nomad rule has a case here, and ids are unique and in order', () => {
  const ids = nomadRules.map((r) => r.meta.id);
  assert.deepEqual(ids, [...ids].sort());
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual(Object.keys(CASES).sort(), [...ids].sort());
});

for (const [id, c] of Object.entries(CASES)) {
  test(`${id} fires where it should and stays quiet on the passing job`, () => {
    const r = rule(id);
    assert.deepEqual(hitLines(r, nomadModel(c.fires), c.options), c.lines, `${id} fires on`);
    assert.deepEqual(check(r, nomadModel(c.passes), c.options), [], `${id} passes`);
  });
}

test('container rules only look at docker and podman tasks; env and template rules at every driver', () => {
  const exec = job('user = "root"\nconfig {\n  command = "/bin/x"\n  privileged = true\n}\nenv { DB_PASSWORD = "Tr0ub4dor-and-3" }', 'exec');
  assert.deepEqual(check(rule('LS-NOMAD-001'), nomadModel(exec)), []);
  assert.deepEqual(check(rule('LS-NOMAD-002'), nomadModel(exec)), []);
  assert.equal(check(rule('LS-NOMAD-015'), nomadModel(exec)).length, 1);
  const podman = job('config {\n  image = "docker://x/a:1"\n  privileged = true\n}', 'podman');
  assert.deepEqual(hitLines(rule('LS-NOMAD-002'), nomadModel(podman)), [7]);
});

test('LS-NOMAD-016 points at the exact heredoc line, skips template-rendered values, and finds credential formats anywhere', () => {
  const key = fakeAwsKeyId();
  const t = job(`template {\n  data = <<EOH\nDB_USER=app\nDB_PASS={{ with secret "db" }}{{ .Data.password }}{{ end }}\nexport API_KEY=q9Zt4mWx7Lp2Kd8s\naws_access_key_id ${key}\nEOH\n  destination = "secrets/x.env"\n}`);
  const hits = check(rule('LS-NOMAD-016'), nomadModel(t));
  assert.deepEqual(hits.map((h) => [h.line, h.severity]), [[9, 'HIGH'], [10, 'CRITICAL']]);
  assert.ok(hits.every((h) => !h.message.includes(key) && !h.message.includes('q9Zt4mWx7Lp2Kd8s')));
});

test('LS-NOMAD-016 on a one-line template string reports the data attribute line', () => {
  const t = job('template {\n  data = "PASSWORD=Tr0ub4dor-and-3\\nUSER=app\\n"\n  destination = "local/x"\n}');
  assert.deepEqual(hitLines(rule('LS-NOMAD-016'), nomadModel(t)), [6]);
});

test('rules find tasks in JSON jobs (API format) with their lines', () => {
  const json = JSON.stringify({ Job: { ID: 'j', TaskGroups: [{ Name: 'g', Tasks: [{ Name: 't', Driver: 'docker', Config: { image: 'x/a:1', privileged: true, auth: [{ username: 'u', password: 'Tr0ub4dor-and-3' }] } }] }] } }, null, 2);
  const m = nomadModel(json, 'j.json');
  assert.equal(m.format, 'json');
  const privLine = json.split('\n').findIndex((l) => l.includes('"privileged"')) + 1;
  const pwLine = json.split('\n').findIndex((l) => l.includes('"password"')) + 1;
  assert.deepEqual(hitLines(rule('LS-NOMAD-002'), m), [privLine]);
  assert.deepEqual(hitLines(rule('LS-NOMAD-014'), m), [pwLine]);
});

test('every rule survives an unparseable job', () => {
  const m = nomadModel('job "x" {\n  group "g" {\n');
  for (const r of nomadRules) assert.doesNotThrow(() => r.check(m, OPTS), r.meta.id);
  assert.equal(check(rule('LS-NOMAD-017'), m).length, 1);
});
