import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/apk-no-cache.js';
import { hitLines } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('fires on apk add / apk update without --no-cache, at the first such command', () => {
  const text = df(
    'FROM alpine:3.20',
    'RUN apk add curl',
    'RUN set -eux; \\',
    '    apk update; \\',
    '    apk add --no-cache git',
    'RUN apk add --update --virtual .build-deps gcc && apk del .build-deps',
    'RUN apk upgrade -U',
  );
  assert.deepEqual(hitLines(rule, text), [2, 4, 6, 7]);
});

test('fires when the cache is removed before apk runs, or a mount covers another directory', () => {
  const text = df('FROM alpine:3.20', 'RUN rm -rf /var/cache/apk/* && apk add curl', 'RUN --mount=type=cache,target=/root/.cache apk add git');
  assert.deepEqual(hitLines(rule, text), [2, 3]);
});

test('does not fire with --no-cache (anywhere), a later rm of the cache, or a cache mount', () => {
  const text = df(
    'FROM alpine:3.20',
    'RUN apk add --no-cache curl',
    'RUN apk --no-cache add git',
    'RUN apk add curl --no-cache',
    'RUN apk update && apk add curl && rm -rf /var/cache/apk/*',
    'RUN --mount=type=cache,target=/var/cache/apk apk add gcc',
    'RUN --mount=type=cache,target=/etc/apk/cache apk add make',
    'RUN apk upgrade',
    'RUN apk del curl',
  );
  assert.deepEqual(hitLines(rule, text), []);
});

test('skips stages used only as COPY --from sources', () => {
  const text = df('FROM alpine:3.20 AS build', 'RUN apk add build-base', 'FROM alpine:3.20', 'COPY --from=build /out /out', 'RUN apk add curl');
  assert.deepEqual(hitLines(rule, text), [5]);
});
