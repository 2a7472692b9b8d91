import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNomad } from '../../../src/deploy/nomad/index.js';

const HCL = `job "web" {
  group "g" {
    task "app" {
      driver = "docker"
      user   = "1000"
      config {
        image        = "ghcr.io/acme/app:\${var.tag}"
        privileged   = false
        cap_add      = var.caps
        volumes      = ["/etc:/e:ro", "local/x:/x"]
        mount {
          type   = "bind"
          source = "/srv"
          target = "/srv"
        }
        auth {
          username = "u"
          password = "p"
        }
      }
      env {
        A = "1"
        B = "\${NOMAD_TASK_DIR}/b"
      }
      template {
        data        = "X=1"
        destination = "local/x.env"
      }
    }
    task "script" {
      driver = "raw_exec"
      config { command = "/bin/true" }
    }
  }
}
`;

test('HCL jobs: tasks with driver, container settings, env, templates, auth and positions', () => {
  const m = parseNomad('web.nomad', HCL);
  assert.equal(m.format, 'hcl');
  assert.deepEqual(m.problems, []);
  assert.deepEqual(m.tasks.map((t) => [t.job, t.group, t.name, t.container, t.line, t.endLine]), [['web', 'g', 'app', true, 3, 29], ['web', 'g', 'script', false, 30, 33]]);
  const app = m.tasks[0]!.spec;
  assert.deepEqual([app.user?.value, app.user?.line], ['1000', 5]);
  assert.deepEqual(app.image?.value, { text: 'ghcr.io/acme/app:${var.tag}', raw: 'ghcr.io/acme/app:${var.tag}', unresolved: true });
  assert.equal(app.privileged?.value, false);
  assert.deepEqual(app.capAdd.map((c) => c.value), [null], 'a computed list is one unknown item');
  assert.deepEqual(app.mounts.map((x) => [x.type, x.source, x.target, x.readOnly, x.origin.line]), [['bind', '/etc', '/e', true, 10], ['bind', 'local/x', '/x', false, 10], ['bind', '/srv', '/srv', false, 11]]);
  assert.deepEqual(app.env.map((e) => [e.name, e.value, e.reference, e.origin.line]), [['A', '1', false, 22], ['B', '${NOMAD_TASK_DIR}/b', true, 23]]);
  assert.deepEqual(m.tasks[0]!.templates.map((t) => [t.data, t.firstLine, t.multiline, t.destination]), [['X=1', 26, false, 'local/x.env']]);
  assert.deepEqual(m.tasks[0]!.auth.map((a) => [a.username?.value, a.password?.value, a.password?.line]), [['u', 'p', 18]]);
  assert.equal(m.tasks[1]!.spec.image, undefined, 'raw_exec config is not read as a container');
});

test('API JSON jobs (`nomad job run -json`) map onto the same tasks', () => {
  const json = JSON.stringify({ Job: { ID: 'j', TaskGroups: [{ Name: 'g', Tasks: [{ Name: 't', Driver: 'podman', User: 'root', Config: { image: 'docker://x/a:1', mount: [{ type: 'bind', source: '/', target: '/h', readonly: true }] }, Env: { K: 'v' }, Templates: [{ EmbeddedTmpl: 'A=1\n', DestPath: 'local/a' }] }] }] } }, null, 2);
  const m = parseNomad('j.json', json);
  assert.equal(m.format, 'json');
  const t = m.tasks[0]!;
  assert.deepEqual([t.job, t.group, t.name, t.container], ['j', 'g', 't', true]);
  assert.equal(t.spec.user?.value, 'root');
  assert.equal(t.spec.user?.line, json.split('\n').findIndex((l) => l.includes('"User"')) + 1);
  assert.deepEqual(t.spec.mounts.map((x) => [x.source, x.readOnly]), [['/', true]]);
  assert.deepEqual(t.spec.env.map((e) => e.name), ['K']);
  assert.equal(t.templates[0]!.destination, 'local/a');
});

test('HCL JSON jobs (`{"job": {"name": {...}}}`), also with lists of objects', () => {
  const m = parseNomad('j.nomad.json', JSON.stringify({ job: [{ a: { group: { g: { task: [{ t: { driver: 'docker', config: { image: 'x:1' } } }] } } } }] }));
  assert.deepEqual(m.tasks.map((t) => [t.job, t.group, t.name, t.spec.image?.value?.text]), [['a', 'g', 't', 'x:1']]);
});

test('tasks directly under a job (old files) form their own group', () => {
  const m = parseNomad('old.nomad', 'job "old" {\n  task "t" {\n    driver = "docker"\n  }\n}\n');
  assert.deepEqual(m.tasks.map((t) => [t.group, t.name]), [['t', 't']]);
});

test('problems: HCL and JSON syntax errors and JSON without a job', () => {
  assert.deepEqual(parseNomad('x.nomad', 'job "x" {').problems.map((p) => p.line), [1]);
  assert.deepEqual(parseNomad('x.json', '{\n  "Job": {,\n}').problems.map((p) => p.line), [2]);
  assert.match(parseNomad('x.json', '{"jobs": {}}').problems[0]!.message, /"Job".*"job"/);
});
