import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/multiple-cmd-entrypoint-healthcheck.js';
import { hitLines, runRule } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('fires on every overridden CMD, ENTRYPOINT and HEALTHCHECK of a stage, not on the last one', () => {
  const text = df(
    'FROM node:20-slim',
    'CMD ["npm", "run", "migrate"]',
    'ENTRYPOINT ["/a"]',
    'HEALTHCHECK CMD curl -f http://localhost/ || exit 1',
    'CMD ["npm", "test"]',
    'ENTRYPOINT ["/b"]',
    'HEALTHCHECK NONE',
    'CMD ["node", "server.js"]',
  );
  assert.deepEqual(hitLines(rule, text), [2, 3, 4, 5]);
  assert.match(runRule(rule, text)[0]!.message, /CMD on line 8/);
});

test('stages are independent', () => {
  const text = df('FROM node:20 AS build', 'CMD ["npm", "test"]', 'FROM node:20-slim', 'CMD ["node", "server.js"]', 'HEALTHCHECK CMD ["/hc"]');
  assert.deepEqual(hitLines(rule, text), []);
});

test('one of each kind in a stage is fine', () => {
  const text = df('FROM node:20-slim', 'ENTRYPOINT ["/entry"]', 'CMD ["serve"]', 'HEALTHCHECK CMD ["/hc"]', 'RUN echo CMD');
  assert.deepEqual(hitLines(rule, text), []);
});
