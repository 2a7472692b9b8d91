import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/apt-lists-not-cleaned.js';
import { hitLines } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('fires on update/install without removing the lists, pointing at the install line', () => {
  const text = df(
    'FROM debian:12',
    'RUN apt-get update \\',
    '  && apt-get install -y --no-install-recommends \\',
    '       curl',
    'RUN apt-get update',
    'RUN apt install -y vim && apt-get clean',
  );
  assert.deepEqual(hitLines(rule, text), [3, 5, 6]);
});

test('fires when the lists are removed before the update, or only the deb cache is mounted', () => {
  const text = df(
    'FROM debian:12',
    'RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl',
    'RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl',
    'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/aptitude',
  );
  assert.deepEqual(hitLines(rule, text), [2, 3, 4]);
});

test('does not fire when the same RUN removes the lists (rm, find -delete, sudo, sh -c, heredoc)', () => {
  const text = df(
    'FROM debian:12',
    'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
    'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists',
    'RUN apt-get update && apt-get install -y curl && find /var/lib/apt/lists -type f -delete',
    'RUN sudo apt-get update && sudo apt-get install -y curl && sudo rm -rf /var/lib/apt/lists/*',
    "RUN sh -c 'apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'",
    'RUN <<EOF',
    'apt-get update',
    'apt-get install -y curl',
    'rm -rf /var/lib/apt/lists/*',
    'EOF',
  );
  assert.deepEqual(hitLines(rule, text), []);
});

test('does not fire with a cache or tmpfs mount over the lists', () => {
  const text = df(
    'FROM debian:12',
    'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\',
    '    --mount=type=cache,target=/var/lib/apt,sharing=locked \\',
    '    apt-get update && apt-get install -y curl',
    'RUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && apt-get install -y vim',
  );
  assert.deepEqual(hitLines(rule, text), []);
});

test('skips stages only used as COPY --from sources, but checks their parents of the final image', () => {
  const text = df(
    'FROM debian:12 AS build',
    'RUN apt-get update && apt-get install -y gcc',
    'FROM debian:12-slim AS base',
    'RUN apt-get update && apt-get install -y ca-certificates',
    'FROM base',
    'COPY --from=build /out /out',
  );
  assert.deepEqual(hitLines(rule, text), [4]);
});
