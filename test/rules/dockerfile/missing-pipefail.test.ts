import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/missing-pipefail.js';
import { hitLines, runRule } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('fires on a pipe under the default shell, at the line of the first pipe, and says sh may lack pipefail', () => {
  const text = df(
    'FROM debian:12',
    'RUN apt-get update && \\',
    '    curl -fsSL https://x/key.asc \\',
    '      | gpg --dearmor -o /usr/share/keyrings/x.gpg',
  );
  assert.deepEqual(hitLines(rule, text), [3]);
  assert.match(runRule(rule, text)[0]!.message, /\/bin\/bash", "-o", "pipefail"/);
});

test('fires under a bash SHELL without pipefail, and when set -o pipefail comes after the pipe', () => {
  const text = df(
    'FROM debian:12',
    'SHELL ["/bin/bash", "-c"]',
    'RUN curl -s https://x | tar xz',
    'RUN wget -qO- https://y | tar xz && set -o pipefail',
    'RUN ["bash", "-c", "curl -s https://z | tar xz"]',
  );
  assert.deepEqual(hitLines(rule, text), [3, 4, 5]);
  assert.match(runRule(rule, text)[0]!.message, /set -o pipefail/);
});

test('does not fire with pipefail in SHELL (also -eo, -euxo, inherited from a parent stage) or set first', () => {
  const text = df(
    'FROM debian:12 AS base',
    'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
    'RUN curl -s https://x | tar xz',
    'FROM base',
    'RUN curl -s https://x | tar xz',
    'FROM alpine:3.20',
    'SHELL ["/bin/ash", "-euxo", "pipefail", "-c"]',
    'RUN wget -qO- https://x | tar xz',
    'FROM debian:12',
    'RUN set -euo pipefail && curl -s https://x | tar xz',
    'RUN set -o pipefail; curl -s https://x | tar xz',
    'RUN ["bash", "-o", "pipefail", "-c", "curl -s https://z | tar xz"]',
    'RUN echo "a | b" && grep -q x f || true',
  );
  assert.deepEqual(hitLines(rule, text), []);
});

test('does not fire under PowerShell/cmd SHELLs', () => {
  const text = df('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'SHELL ["powershell", "-Command"]', 'RUN Get-ChildItem | Select-Object Name');
  assert.deepEqual(hitLines(rule, text), []);
});

test('a SHELL in an unrelated stage does not apply', () => {
  const text = df('FROM debian:12 AS a', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'FROM debian:12', 'RUN curl -s https://x | tar xz');
  assert.deepEqual(hitLines(rule, text), [4]);
});
