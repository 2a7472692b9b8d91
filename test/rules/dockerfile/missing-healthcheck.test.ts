import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/missing-healthcheck.js';
import { hitLines, runRule } from '../helpers.js';

test('fires (LOW) on the final stage FROM line when no HEALTHCHECK is defined', () => {
  assert.deepEqual(hitLines(rule, 'FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n'), [1]);
  assert.equal(rule.meta.severity, 'LOW');
  assert.equal(runRule(rule, 'FROM nginx:1.27\n')[0]!.severity, undefined);
});

test('a HEALTHCHECK in a build stage does not count for the final image', () => {
  assert.deepEqual(hitLines(rule, 'FROM golang:1.23 AS build\nHEALTHCHECK CMD true\nFROM scratch\nCOPY --from=build /app /app\n'), [3]);
});

test('scratch-based final stages still get the recommendation', () => {
  assert.deepEqual(hitLines(rule, 'FROM scratch\nCOPY app /app\nCMD ["/app"]\n'), [1]);
});

test('does not fire when the final stage or a stage it builds on has a HEALTHCHECK (NONE included)', () => {
  assert.deepEqual(hitLines(rule, 'FROM nginx:1.27\nHEALTHCHECK --interval=30s \\\n  CMD curl -fs http://localhost/ || exit 1\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20 AS base\nHEALTHCHECK CMD ["/hc"]\nFROM base\nRUN true\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nHEALTHCHECK NONE\n'), []);
});

test('does not fire without a stage (that is a syntax problem)', () => {
  assert.deepEqual(hitLines(rule, 'RUN true\n'), []);
});
