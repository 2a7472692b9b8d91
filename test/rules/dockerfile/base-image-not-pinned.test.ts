import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/base-image-not-pinned.js';
import { hitLines, runRule } from '../helpers.js';

const DIGEST = 'sha256:' + 'ab'.repeat(32);

test('fires on tagged images without a digest, in FROM and COPY --from', () => {
  assert.deepEqual(hitLines(rule, 'FROM python:3.13-slim AS build\nFROM gcr.io/distroless/python3-debian12:nonroot\nCOPY --from=busybox:1.36 /bin/busybox /bin/\n'), [1, 2, 3]);
  const [hit] = runRule(rule, 'FROM python:3.13-slim\n');
  assert.equal(hit!.severity, undefined);
  assert.equal(rule.meta.severity, 'LOW');
  assert.match(hit!.message, /python:3\.13-slim@sha256:<digest>/);
});

test('expands variables before judging', () => {
  assert.deepEqual(hitLines(rule, 'ARG V=3.20\nFROM alpine:${V}\n'), [2]);
  assert.deepEqual(hitLines(rule, `ARG D=${DIGEST}\nFROM alpine:3.20@\${D}\n`), []);
});

test('does not fire on digests, scratch, stages, untagged/latest (LS-DF-005) or unresolved references', () => {
  assert.deepEqual(hitLines(rule, `FROM python:3.13-slim@${DIGEST}\nFROM alpine@${DIGEST}\n`), []);
  assert.deepEqual(hitLines(rule, `FROM golang:1.23@${DIGEST} AS build\nFROM scratch\nCOPY --from=build /app /app\n`), []);
  assert.deepEqual(hitLines(rule, 'FROM node\nFROM node:latest\n'), []);
  assert.deepEqual(hitLines(rule, 'ARG TAG\nFROM node:${TAG}\n'), []);
});
