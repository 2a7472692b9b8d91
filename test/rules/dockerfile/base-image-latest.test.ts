import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/base-image-latest.js';
import { hitLines, runRule } from '../helpers.js';

test('fires on FROM without a tag and on :latest', () => {
  assert.deepEqual(hitLines(rule, 'FROM node\nRUN true\n'), [1]);
  assert.deepEqual(hitLines(rule, 'FROM node:latest AS build\nFROM ghcr.io/org/app:latest\n'), [1, 2]);
  assert.deepEqual(hitLines(rule, 'FROM localhost:5000/app\n'), [1]);
  const [hit] = runRule(rule, 'FROM node\n');
  assert.match(hit!.message, /node has no tag, so it means node:latest/);
});

test('fires on COPY --from=<image> that is not a stage', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nCOPY --from=busybox /bin/busybox /bin/\nCOPY --from=busybox:latest /bin/sh /bin/\n'), [2, 3]);
});

test('expands ARGs in FROM and in COPY --from', () => {
  assert.deepEqual(hitLines(rule, 'ARG BASE=python\nFROM ${BASE}\n'), [2]);
  assert.deepEqual(hitLines(rule, 'ARG TAG=latest\nFROM python:${TAG}\n'), [2]);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nARG TOOLS=busybox\nCOPY --from=${TOOLS} /bin/busybox /bin/\n'), [3]);
  assert.deepEqual(hitLines(rule, 'ARG TAG=3.13\nFROM python:${TAG}\n'), []);
});

test('does not fire for scratch, stage references, digests or a pinned tag', () => {
  const text = [
    'FROM golang:1.23 AS Build',
    'FROM build AS test',
    'FROM scratch',
    'COPY --from=build /out /app',
    'COPY --from=BUILD /out /app2',
    'COPY --from=0 /out /app3',
    'COPY --from=alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000 /etc/x /x',
  ].join('\n');
  assert.deepEqual(hitLines(rule, text), []);
  assert.deepEqual(hitLines(rule, 'FROM node@sha256:0000000000000000000000000000000000000000000000000000000000000000\n'), []);
});

test('does not guess unresolved variables', () => {
  assert.deepEqual(hitLines(rule, 'ARG BASE\nFROM ${BASE}\n'), []);
  assert.deepEqual(hitLines(rule, 'ARG REGISTRY\nFROM ${REGISTRY}/app\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nCOPY --from=$IMAGE /x /x\n'), []);
});
