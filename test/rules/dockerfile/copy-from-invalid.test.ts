import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/copy-from-invalid.js';
import { hitLines, runRule } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('self reference (by name, case-insensitively, or by index) is HIGH', () => {
  const text = df('FROM golang:1.22 AS Build', 'COPY --from=build /a /b', 'FROM alpine:3.20', 'COPY --from=1 /a /b');
  const hits = runRule(rule, text);
  assert.deepEqual(hits.map((h) => [h.line, h.severity]), [[2, 'HIGH'], [4, 'HIGH']]);
});

test('a forward reference or a missing stage index fires with the default severity', () => {
  const text = df(
    'FROM alpine:3.20 AS final',
    'COPY --from=builder /out /out',
    'COPY --from=1 /out /out',
    'COPY --from=7 /out /out',
    'FROM golang:1.22 AS builder',
  );
  const hits = runRule(rule, text);
  assert.deepEqual(hits.map((h) => [h.line, h.severity]), [[2, undefined], [3, undefined], [4, undefined]]);
  assert.match(hits[0]!.message, /defined later \(line 5\)/);
});

test('an unknown bare name is flagged as a likely typo that Docker would pull as an image', () => {
  const text = df('FROM golang:1.22 AS builder', 'FROM alpine:3.20', 'COPY --from=biulder /out /app', 'RUN --mount=type=bind,from=cahce,target=/c true');
  assert.deepEqual(hitLines(rule, text), [3, 4]);
  assert.match(runRule(rule, text)[0]!.message, /pulls "biulder" from Docker Hub/);
});

test('does not fire on earlier stages (name, index, ARG), or on image references', () => {
  const text = df(
    'ARG BUILDER=builder',
    'FROM golang:1.22 AS builder',
    'FROM alpine:3.20 AS assets',
    'FROM alpine:3.20',
    'ARG BUILDER',
    'COPY --from=builder /out /app',
    'COPY --from=BUILDER /out /app',
    'COPY --from=0 /out /app',
    'COPY --from=${BUILDER} /out /app',
    'COPY --from=nginx:1.27 /etc/nginx /etc/nginx',
    'COPY --from=ghcr.io/org/tool /bin/tool /bin/tool',
    'COPY --from=busybox@sha256:abc /bin/sh /bin/sh',
    'COPY --from=$UNSET /x /x',
    'RUN --mount=type=bind,from=assets,target=/a true',
    'COPY ./local /local',
  );
  assert.deepEqual(hitLines(rule, text), []);
});
