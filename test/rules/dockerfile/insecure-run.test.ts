import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/insecure-run.js';
import { runRule, hitLines } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('--security=insecure is HIGH, --network=host LOW, both reported on the RUN line', () => {
  const text = df(
    'FROM debian:12',
    'RUN --security=insecure mount -t tmpfs none /mnt',
    'RUN --network=host \\',
    '    curl http://localhost:8080/health',
    'RUN --security=insecure --network=host true',
  );
  const hits = runRule(rule, text);
  assert.deepEqual(hits.map((h) => [h.line, h.severity ?? rule.meta.severity]), [[2, 'HIGH'], [3, 'LOW'], [5, 'HIGH'], [5, 'LOW']]);
});

test('does not fire on sandbox/none/default network or other flags', () => {
  const text = df(
    'FROM debian:12',
    'RUN --security=sandbox true',
    'RUN --network=none make test',
    'RUN --network=default apt-get update',
    'RUN --mount=type=cache,target=/root/.cache make',
    'RUN echo --security=insecure',
  );
  assert.deepEqual(hitLines(rule, text), []);
});

test('RUN --privileged (not a BuildKit flag, but clearly asking for privileges) fires at the rule severity', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nRUN --privileged mount -t tmpfs none /mnt\nRUN --security=sandbox true\n'), [2]);
  assert.equal(runRule(rule, 'FROM alpine:3.20\nRUN --privileged true\n')[0]!.severity, undefined);
  assert.equal(rule.meta.severity, 'HIGH');
});
