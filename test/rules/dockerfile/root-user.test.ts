import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/root-user.js';
import { hitLines } from '../helpers.js';

test('fires when the final stage sets no USER (on its FROM line)', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20 AS build\nUSER nobody\nFROM alpine:3.20\nRUN true\n'), [3]);
});

test('fires on USER root, 0, 0:0, root:root and a variable that expands to root', () => {
  for (const user of ['root', '0', '0:0', 'root:root', 'ROOT', '${U}']) {
    const lines = hitLines(rule, `FROM alpine:3.20\nARG U=root\nUSER nobody\nUSER ${user}\n`);
    assert.deepEqual(lines, [4], `USER ${user}`);
  }
});

test('does not fire when the final stage ends as a non-root user', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nUSER root\nRUN apk add --no-cache curl\nUSER 10001:10001\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nUSER app\n'), []);
});

test('only the final stage counts, and a USER inherited from a parent stage is honoured', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20 AS base\nUSER 1000\nFROM base\nRUN true\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20 AS base\nUSER 0\nFROM base\nRUN true\n'), [2]);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20 AS build\nUSER root\nFROM alpine:3.20\nUSER 1000\n'), []);
});
