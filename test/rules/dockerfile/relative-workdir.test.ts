import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/relative-workdir.js';
import { hitLines, runRule } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('fires on a relative WORKDIR (MEDIUM when the base image decides what it is relative to)', () => {
  const text = df('FROM node:20-slim', 'WORKDIR app', 'FROM node:20-slim', 'ARG DIR=src', 'WORKDIR $DIR', 'WORKDIR "./build"');
  assert.deepEqual(hitLines(rule, text), [2, 5, 6]);
  const hits = runRule(rule, text);
  assert.equal(hits[0]!.severity, undefined, 'default severity (MEDIUM)');
  assert.equal(hits[1]!.severity, undefined);
});

test('is LOW and names the resolved path when an earlier absolute WORKDIR (also inherited) fixes it', () => {
  const text = df('FROM node:20-slim AS base', 'WORKDIR /app', 'FROM base', 'WORKDIR src');
  const hits = runRule(rule, text);
  assert.deepEqual(hits.map((h) => [h.line, h.severity]), [[4, 'LOW']]);
  assert.match(hits[0]!.message, /\/app\/src/);
});

test('does not fire on absolute paths, Windows paths, or unresolved variables', () => {
  const text = df(
    'FROM node:20-slim',
    'WORKDIR /app',
    'ARG BASE=/opt',
    'WORKDIR ${BASE}/svc',
    'WORKDIR $HOME/app',
    'WORKDIR "/srv/my app"',
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
    'WORKDIR C:\\\\app',
  );
  assert.deepEqual(hitLines(rule, text), []);
});
