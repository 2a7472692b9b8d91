import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { suggestInstruction } from '../../../src/rules/dockerfile/dockerfile-syntax.js';
import { hitLines, runRule } from '../helpers.js';

test('reports each parse problem on its line', () => {
  const text = 'RUN echo before\nFROM alpine:3.20\nFORM x\nENV DEBUG\nFROM foo bar baz\n';
  assert.deepEqual(hitLines(rule, text), [1, 3, 4, 5]);
  const messages = runRule(rule, text).map((h) => h.message);
  assert.match(messages[0]!, /before the first FROM/);
  assert.match(messages[1]!, /unknown instruction "FORM" \(did you mean FROM\?\)/);
  assert.match(messages[2]!, /ENV DEBUG has no value/);
  assert.match(messages[3]!, /FROM expects/);
});

test('a Dockerfile without FROM is reported on line 1', () => {
  const hits = runRule(rule, '# just a comment\nRUN make\n');
  assert.ok(hits.some((h) => h.line === 1 && /no FROM/.test(h.message)));
});

test('a stray line of a broken continuation shows up as an unknown instruction', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nRUN apk add curl\n    bash\n'), [3]);
});

test('does not fire on a valid Dockerfile (global ARG, comments, parser directives, heredocs)', () => {
  const text = '# syntax=docker/dockerfile:1\nARG V=3.20\nFROM alpine:${V} AS base\n# comment\nENV A=1 B=2\nRUN <<EOF\necho hi\nEOF\nonbuild RUN true\n';
  assert.deepEqual(hitLines(rule, text), []);
});

test('suggestInstruction only suggests an obvious candidate', () => {
  assert.equal(suggestInstruction('RUNN'), 'RUN');
  assert.equal(suggestInstruction('EXPOES'), 'EXPOSE');
  assert.equal(suggestInstruction('frobnicate'), undefined);
  assert.equal(suggestInstruction('COP'), 'COPY');
});

test('RUN that does not parse as shell is reported, except under a non-POSIX SHELL', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nRUN echo ok\nRUN if then (\n'), [3]);
  assert.match(runRule(rule, 'FROM alpine:3.20\nRUN echo "unterminated\n')[0]!.message, /does not parse as shell/);
  assert.deepEqual(hitLines(rule, 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN if ($x) { Write-Host (1) }\n'), []);
});
