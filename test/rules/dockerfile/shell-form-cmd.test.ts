import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/shell-form-cmd.js';
import { hitLines, runRule } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('fires on shell-form CMD and ENTRYPOINT, including multi-line ones, at the instruction line', () => {
  const text = df(
    'FROM node:20-slim',
    'ENTRYPOINT ./docker-entrypoint.sh',
    'CMD node server.js \\',
    '    --port 8080',
    'FROM node:20-slim',
    'CMD ["node", "a.js"] trailing',
  );
  assert.deepEqual(hitLines(rule, text), [2, 3, 6]);
  assert.match(runRule(rule, text)[1]!.message, /`node`/);
});

test('fires when exec is not the last command, or is piped', () => {
  const text = df('FROM node:20-slim', 'CMD exec ./prepare.sh && node server.js', 'ENTRYPOINT exec node server.js | tee /log');
  assert.deepEqual(hitLines(rule, text), [2, 3]);
});

test('does not fire on the JSON form, or when the shell execs the application', () => {
  const text = df(
    'FROM node:20-slim',
    'ENTRYPOINT ["./docker-entrypoint.sh"]',
    'CMD ["node", "server.js"]',
    'FROM node:20-slim',
    'CMD exec node server.js',
    'FROM node:20-slim',
    'ENTRYPOINT ./migrate.sh && exec node server.js',
    'RUN node build.js',
    'HEALTHCHECK CMD curl -f http://localhost/ || exit 1',
  );
  assert.deepEqual(hitLines(rule, text), []);
});
