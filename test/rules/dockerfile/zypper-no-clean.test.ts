import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/zypper-no-clean.js';
import { hitLines } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('fires on zypper install/in/refresh without zypper clean, at the first zypper line', () => {
  const text = df(
    'FROM opensuse/leap:15.6',
    'RUN zypper --non-interactive refresh && \\',
    '    zypper --non-interactive install curl',
    'RUN zypper -n in vim',
    'RUN zypper -n install git && zypper clean && zypper -n in make',
  );
  assert.deepEqual(hitLines(rule, text), [2, 4, 5]);
});

test('does not fire with zypper clean/cc, rm of /var/cache/zypp, or a cache mount', () => {
  const text = df(
    'FROM opensuse/leap:15.6',
    'RUN zypper -n install curl && zypper clean --all',
    'RUN zypper -n in vim && zypper cc -a',
    'RUN zypper -n in git && rm -rf /var/cache/zypp/*',
    'RUN --mount=type=cache,target=/var/cache/zypp zypper -n in make',
    'RUN zypper search curl',
  );
  assert.deepEqual(hitLines(rule, text), []);
});
