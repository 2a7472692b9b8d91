import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/pip-no-cache-dir.js';
import { hitLines } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('fires on pip/pip3/python -m pip install without --no-cache-dir, at the pip line', () => {
  const text = df(
    'FROM python:3.12-slim',
    'RUN pip install flask',
    'RUN apt-get update && \\',
    '    pip3 install -r requirements.txt',
    'RUN python3 -m pip install --upgrade pip',
    'RUN sudo -H pip install requests',
    "RUN sh -c 'pip install numpy'",
  );
  assert.deepEqual(hitLines(rule, text), [2, 4, 5, 6, 7]);
});

test('fires when PIP_NO_CACHE_DIR is exported only inside a subshell, after pip, or empty', () => {
  const text = df(
    'FROM python:3.12-slim',
    'RUN (export PIP_NO_CACHE_DIR=1) && pip install a',
    'RUN pip install b && export PIP_NO_CACHE_DIR=1',
    'RUN PIP_NO_CACHE_DIR= pip install c',
  );
  assert.deepEqual(hitLines(rule, text), [2, 3, 4]);
});

test('does not fire with --no-cache-dir, ENV/ARG/inline/export PIP_NO_CACHE_DIR, or a pip config set earlier', () => {
  assert.deepEqual(hitLines(rule, df('FROM python:3.12-slim', 'RUN pip install --no-cache-dir flask', 'RUN python -m pip install --no-cache-dir -U pip')), []);
  assert.deepEqual(hitLines(rule, df('FROM python:3.12-slim', 'ENV PIP_NO_CACHE_DIR=1', 'RUN pip install flask')), []);
  assert.deepEqual(hitLines(rule, df('FROM python:3.12-slim', 'ARG PIP_NO_CACHE_DIR=off', 'RUN pip install flask')), []);
  assert.deepEqual(hitLines(rule, df('FROM python:3.12-slim', 'RUN PIP_NO_CACHE_DIR=1 pip install flask')), []);
  assert.deepEqual(hitLines(rule, df('FROM python:3.12-slim', 'RUN env PIP_NO_CACHE_DIR=1 pip install flask')), []);
  assert.deepEqual(hitLines(rule, df('FROM python:3.12-slim', 'RUN export PIP_NO_CACHE_DIR=1 && pip install flask')), []);
  assert.deepEqual(hitLines(rule, df('FROM python:3.12-slim AS base', 'RUN pip config set global.no-cache-dir false', 'FROM base', 'RUN pip install flask')), []);
});

test('does not fire with a cache mount on pip\'s cache, or a later purge', () => {
  const text = df(
    'FROM python:3.12-slim',
    'RUN --mount=type=cache,target=/root/.cache/pip pip install flask',
    'RUN --mount=type=cache,target=/root/.cache pip install requests',
    'RUN --mount=type=cache,target=/pipcache pip install --cache-dir /pipcache numpy',
    'RUN pip install pandas && pip cache purge',
    'RUN pip install scipy && rm -rf /root/.cache/pip',
    'RUN pip download flask',
  );
  assert.deepEqual(hitLines(rule, text), []);
});

test('a cache mount elsewhere than the cache in use does not count', () => {
  const text = df('FROM python:3.12-slim', 'RUN --mount=type=cache,target=/root/.cache/pip pip install --cache-dir /tmp/pip flask');
  assert.deepEqual(hitLines(rule, text), [2]);
});

test('skips stages only used as COPY --from sources', () => {
  const text = df('FROM python:3.12 AS build', 'RUN pip install --target /deps flask', 'FROM python:3.12-slim', 'COPY --from=build /deps /deps');
  assert.deepEqual(hitLines(rule, text), []);
});
