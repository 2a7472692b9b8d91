import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/errors.js';
import { detectFileKind, findImages } from '../../src/outdated/find-images.js';

test('Dockerfile: FROM and COPY --from images with lines; stages, scratch and unset ARGs handled', () => {
  const text = [
    'ARG BASE=node:20.11.0-bookworm-slim',
    'ARG TOOL',
    'FROM --platform=linux/arm64 $BASE AS build',
    'RUN true',
    'FROM ${TOOL} AS tool',
    'FROM scratch AS empty',
    'FROM build',
    'COPY --from=nginx:1.27-alpine /etc/nginx /etc/nginx',
    'COPY --from=build /app /app',
  ].join('\n');
  const found = findImages('Dockerfile', text);
  assert.deepEqual(
    found.map((o) => [o.line, o.image, o.via, o.platform, o.skip !== undefined]),
    [
      [3, 'node:20.11.0-bookworm-slim', 'FROM', 'linux/arm64', false],
      [5, '${TOOL}', 'FROM', undefined, true],
      [8, 'nginx:1.27-alpine', 'COPY --from', undefined, false],
    ],
  );
  assert.match(found[1]!.skip!, /--build-arg/);
  const withArg = findImages('Dockerfile', text, { buildArgs: new Map([['TOOL', 'alpine:3.19']]) });
  assert.equal(withArg[1]!.image, 'alpine:3.19');
  assert.equal(withArg[1]!.skip, undefined);
});

test('Kubernetes and Compose YAML: every image: with its line, multi-document', () => {
  const k8s = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'spec:',
    '  template:',
    '    spec:',
    '      initContainers:',
    '        - name: init',
    '          image: busybox:1.36',
    '      containers:',
    '        - name: app',
    '          image: "ghcr.io/acme/app:2.3.4"',
    '---',
    'services:',
    '  db:',
    '    image: postgres:16',
    '  web:',
    '    image: ${REGISTRY}/web:${TAG:-1.0}',
    '    build: .',
  ].join('\n');
  const found = findImages('deploy.yaml', k8s);
  assert.deepEqual(found.map((o) => [o.line, o.image, o.skip !== undefined]), [
    [8, 'busybox:1.36', false],
    [11, 'ghcr.io/acme/app:2.3.4', false],
    [15, 'postgres:16', false],
    [17, '${REGISTRY}/web:${TAG:-1.0}', true],
  ]);
});

test('Helm values: image {registry, repository, tag}, numeric tags keep their text', () => {
  const values = ['image:', '  registry: quay.io', '  repository: prometheus/node-exporter', '  tag: 1.80', 'other:', '  image:', '    repository: redis'].join('\n');
  assert.deepEqual(findImages('values.yaml', values).map((o) => [o.line, o.image]), [
    [3, 'quay.io/prometheus/node-exporter:1.80'],
    [7, 'redis'],
  ]);
});

test('file kind: by name, then by content; broken YAML is an InputError with the line', () => {
  assert.equal(detectFileKind('Dockerfile.prod', ''), 'dockerfile');
  assert.equal(detectFileKind('app.Containerfile', ''), 'dockerfile');
  assert.equal(detectFileKind('compose.yml', 'FROM x'), 'manifest');
  assert.equal(detectFileKind('build', '# syntax=docker/dockerfile:1\nFROM alpine'), 'dockerfile');
  assert.equal(detectFileKind('stack', 'services:\n  a:\n    image: x'), 'manifest');
  assert.throws(() => findImages('bad.yaml', 'a: [1, 2\nb: c: d'), (e: unknown) => e instanceof InputError && /^cannot parse bad\.yaml:\d+ as YAML/.test(e.message));
});
