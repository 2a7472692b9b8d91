import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../../src/errors.js';
import { formatReference, manifestReference, parseReference } from '../../../src/source/registry/reference.js';

test('Docker Hub defaults: docker.io, registry-1.docker.io, library/', () => {
  assert.deepEqual(parseReference('node:20.11.1-bookworm-slim'), { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/node', tag: '20.11.1-bookworm-slim', digest: undefined });
  assert.deepEqual(parseReference('bitnami/redis'), { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'bitnami/redis', tag: undefined, digest: undefined });
  for (const alias of ['docker.io/library/node:20', 'index.docker.io/node:20', 'docker.io/node:20']) {
    const r = parseReference(alias);
    assert.equal(r.registry, 'docker.io', alias);
    assert.equal(r.repository, 'library/node', alias);
  }
});

test('registries with ports, localhost, digests', () => {
  const d = `sha256:${'a'.repeat(64)}`;
  assert.deepEqual(parseReference(`localhost:5000/team/app:1.2@${d}`), { registry: 'localhost:5000', apiHost: 'localhost:5000', repository: 'team/app', tag: '1.2', digest: d });
  assert.deepEqual(parseReference('ghcr.io/owner/img'), { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'owner/img', tag: undefined, digest: undefined });
  assert.equal(parseReference('localhost/app').registry, 'localhost');
  // The first component is only a registry when it looks like a host.
  assert.equal(parseReference('team/app:1').registry, 'docker.io');
  assert.equal(parseReference('127.0.0.1:5000/app').repository, 'app', 'no library/ outside Docker Hub');
  assert.equal(manifestReference(parseReference('app')), 'latest');
  assert.equal(manifestReference(parseReference(`app:1@${d}`)), d);
});

test('invalid references are InputErrors with the reason', () => {
  for (const [input, why] of [
    ['Node:20', /lower-case/],
    ['node:', /not a valid tag/],
    ['node@sha256:zz', /not a digest/],
    ['', /empty/],
    ['a//b', /repository name component/],
    ['bad_host:99999/x', /not a valid registry host/],
  ] as const) {
    assert.throws(() => parseReference(input), (e: unknown) => e instanceof InputError && why.test(e.message), input);
  }
});

test('formatReference shortens Docker Hub names only', () => {
  assert.equal(formatReference(parseReference('node:20')), 'node:20');
  assert.equal(formatReference(parseReference('node:20'), { full: true }), 'docker.io/library/node:20');
  assert.equal(formatReference(parseReference('127.0.0.1:5000/a/b:1')), '127.0.0.1:5000/a/b:1');
});
