import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/healthcheck-tool-missing.js';
import { hitLines, runRule } from '../helpers.js';

test('HEALTHCHECK with curl on a slim image that has no curl', () => {
  const hits = runRule(rule, 'FROM node:22-slim\nCOPY . /app\nHEALTHCHECK --interval=30s \\\n  CMD curl -f http://localhost:3000/ || exit 1\nCMD ["node", "/app/server.js"]\n');
  assert.deepEqual(hits.map((h) => [h.line, h.endLine]), [[3, 4]]);
  assert.equal(rule.meta.severity, 'HIGH');
  assert.match(hits[0]!.message, /"curl" is not in node:22-slim \(Debian slim\)/);
  assert.match(hits[0]!.message, /reported unhealthy/);
});

test('alpine has busybox wget but no curl; debian and ubuntu have neither', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nHEALTHCHECK CMD curl -fs http://localhost/\n'), [2]);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nHEALTHCHECK CMD wget -q --spider http://localhost/\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM debian:12-slim\nHEALTHCHECK --timeout=3s CMD ["wget", "-q", "http://localhost/"]\n'), [2]);
  assert.deepEqual(hitLines(rule, 'FROM ubuntu:24.04\nHEALTHCHECK CMD nc -z localhost 5432\n'), [2]);
  assert.deepEqual(hitLines(rule, 'FROM python:3.13-alpine\nHEALTHCHECK CMD curl -f http://localhost/\n'), [2]);
});

test('scratch and distroless: no shell for the shell form, no tools at all', () => {
  const shell = runRule(rule, 'FROM scratch\nCOPY app /app\nCMD /app --serve\n');
  assert.deepEqual(shell.map((h) => h.line), [3]);
  assert.match(shell[0]!.message, /no \/bin\/sh/);
  assert.match(shell[0]!.message, /cannot start/);
  assert.deepEqual(hitLines(rule, 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nHEALTHCHECK CMD ["curl", "-f", "http://localhost/"]\nENTRYPOINT ["/app"]\n'), [3]);
  const nested = runRule(rule, 'FROM gcr.io/distroless/base-debian12:nonroot\nHEALTHCHECK CMD ["sh", "-c", "wget -q -O- http://localhost/ || exit 1"]\n');
  assert.match(nested[0]!.message, /"sh", "wget"/);
  assert.deepEqual(hitLines(rule, 'FROM cgr.dev/chainguard/static:latest\nENTRYPOINT ["/docker-entrypoint.sh"]\n'), [2]);
});

test('CMD/ENTRYPOINT programs the image lacks', () => {
  assert.deepEqual(hitLines(rule, 'FROM debian:12-slim\nCOPY app.py /app.py\nCMD ["python3", "/app.py"]\n'), [3]);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nENTRYPOINT ["bash", "/start"]\n'), [2]);
});

test('what a build stage installs does not reach the final image', () => {
  assert.deepEqual(hitLines(rule, 'FROM debian:12-slim AS build\nRUN apt-get install -y curl\nFROM debian:12-slim\nHEALTHCHECK CMD curl -f http://localhost/\n'), [4]);
});

test('does not fire when the tool is installed in the final image or a stage it builds on', () => {
  assert.deepEqual(hitLines(rule, 'FROM node:22-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20 AS base\nRUN apk add --no-cache curl bash\nFROM base\nHEALTHCHECK CMD curl -f http://localhost/\nCMD ["bash", "-c", "exec /app"]\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM gcr.io/distroless/static-debian12\nCOPY --from=build /usr/bin/curl /usr/bin/curl\nHEALTHCHECK CMD ["curl", "-f", "http://localhost/"]\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM scratch\nCOPY --from=busybox:1.36 /bin /bin\nHEALTHCHECK CMD wget -q http://localhost/\n'), []);
});

test('does not fire on full images, unknown bases, fallbacks, NONE, exec form on scratch, or CMD arguments', () => {
  assert.deepEqual(hitLines(rule, 'FROM node:22\nHEALTHCHECK CMD curl -f http://localhost/\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/\n'), []);
  assert.deepEqual(hitLines(rule, 'ARG BASE\nFROM ${BASE}\nHEALTHCHECK CMD curl -f http://localhost/\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nHEALTHCHECK CMD curl -f http://localhost/ || wget -q -O- http://localhost/ || exit 1\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM scratch\nHEALTHCHECK NONE\nCOPY app /app\nCMD ["/app"]\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM debian:12-slim\nENTRYPOINT ["/app"]\nCMD ["curl"]\n'), []);
  // Only the last HEALTHCHECK is in effect.
  assert.deepEqual(hitLines(rule, 'FROM debian:12-slim\nHEALTHCHECK CMD curl -f http://localhost/\nHEALTHCHECK CMD ["/healthcheck"]\n'), []);
});
