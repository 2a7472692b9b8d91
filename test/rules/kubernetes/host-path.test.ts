import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { classifyHostPath } from '../../../src/rules/kubernetes/host-path.js';
import { lineOf, pod, run } from './helpers.js';

const withVolume = (path: string, mount = 'volumeMounts:\n  - {name: h, mountPath: /h}') =>
  pod({ pod: `volumes:\n  - name: h\n    hostPath:\n      path: ${path}`, container: mount });

test('fires on the path line with severity by path', () => {
  const cases: Array<[string, string]> = [
    ['/var/run/docker.sock', 'CRITICAL'],
    ['/run/containerd/containerd.sock', 'CRITICAL'],
    ['/', 'CRITICAL'],
    ['/var/lib/kubelet', 'CRITICAL'],
    ['/etc', 'CRITICAL'],
    ['/etc/ssl/certs', 'MEDIUM'],
    ['/proc', 'HIGH'],
    ['/sys', 'HIGH'],
    ['/root', 'HIGH'],
    ['/data/app', 'MEDIUM'],
  ];
  for (const [path, severity] of cases) {
    const text = withVolume(path);
    const hits = run(rule, text);
    assert.deepEqual(hits.map((h) => [h.line, h.severity]), [[lineOf(text, 'path: '), severity]], path);
  }
});

test('parents of sensitive paths count as them, trailing slashes and dot segments are normalised', () => {
  assert.equal(classifyHostPath('/var')?.severity, 'CRITICAL');
  assert.equal(classifyHostPath('/run/')?.severity, 'CRITICAL');
  assert.equal(classifyHostPath('/var/lib/../run/docker.sock')?.severity, 'CRITICAL');
  assert.equal(classifyHostPath('/var/lib/kubelet/pods')?.severity, 'HIGH');
  assert.equal(classifyHostPath('/var/log'), undefined);
});

test('an ordinary path mounted read-only by all containers is LOW and the message names the mount', () => {
  const text = withVolume('/var/log', 'volumeMounts:\n  - {name: h, mountPath: /logs, readOnly: true}');
  const hits = run(rule, text);
  assert.equal(hits[0]!.severity, 'LOW');
  assert.match(hits[0]!.message, /mounted by app, read-only/);
});

test('does not fire for emptyDir, configMap or PVC volumes', () => {
  const text = pod({ pod: 'volumes:\n  - name: a\n    emptyDir: {}\n  - name: b\n    configMap: {name: c}\n  - name: d\n    persistentVolumeClaim: {claimName: d}' });
  assert.deepEqual(run(rule, text), []);
});
