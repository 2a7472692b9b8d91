import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/duplicate-stage-name.js';
import { hitLines, runRule } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('fires on every later stage reusing a name, case-insensitively', () => {
  const text = df('FROM golang:1.22 AS build', 'RUN go build', 'FROM node:20 AS Build', 'FROM alpine:3.20 AS other', 'FROM alpine:3.20 AS BUILD');
  assert.deepEqual(hitLines(rule, text), [3, 5]);
  assert.match(runRule(rule, text)[0]!.message, /line 1/);
});

test('does not fire on unique names or unnamed stages', () => {
  const text = df('FROM golang:1.22 AS build-api', 'FROM node:20 AS build-web', 'FROM alpine:3.20', 'FROM alpine:3.20');
  assert.deepEqual(hitLines(rule, text), []);
});
