import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/cd-instead-of-workdir.js';
import { hitLines, runRule } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('fires on a top-level cd, at its line inside a multi-line RUN', () => {
  const text = df(
    'FROM node:20-slim',
    'RUN cd /app && npm ci',
    'RUN echo building && \\',
    '    cd /src/app && \\',
    '    make',
    'RUN ["sh", "-c", "cd /srv && ./build.sh"]',
    'RUN if [ -d /x ]; then cd /x; fi',
  );
  assert.deepEqual(hitLines(rule, text), [2, 4, 6, 7]);
  assert.match(runRule(rule, text)[0]!.message, /WORKDIR \/app/);
});

test('fires when the target uses an ARG or ENV that WORKDIR could substitute', () => {
  const text = df('FROM node:20-slim', 'ARG APP_DIR=/app', 'RUN cd $APP_DIR && npm ci', 'ENV SRC=/src', 'RUN cd "${SRC}/lib" && make');
  assert.deepEqual(hitLines(rule, text), [3, 5]);
});

test('does not fire for scoped cds (subshell, substitution, nested sh -c) or targets WORKDIR cannot express', () => {
  const text = df(
    'FROM node:20-slim',
    'RUN (cd /tmp/build && make install)',
    'RUN VERSION="$(cd /src && git describe)" && echo $VERSION',
    "RUN sh -c 'cd /x && make'",
    'RUN for d in a b; do cd /src/$d; make; done',
    'RUN build() { cd /src && make; } && build',
    'RUN cd "$(mktemp -d)" && curl -O https://x/a.tgz',
    'RUN tmp=/tmp/x && cd $tmp && make',
    'RUN cd && cd - && cd ~/src',
    'RUN echo cd /app',
  );
  assert.deepEqual(hitLines(rule, text), []);
});
