import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../../../src/dockerfile/parse.js';
import { hasCacheMountOver, instructionsBefore, isUnder, mountsOf, shippedStages } from '../../../../src/rules/dockerfile/shared/stages.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('shippedStages: final stage and its parents, unreferenced stages; not COPY --from / mount sources', () => {
  const d = parseDockerfile(
    df(
      'FROM debian:12 AS deps', //       0: only a parent of build
      'FROM deps AS build', //           1: only copied from
      'FROM debian:12 AS cache', //      2: only mounted from
      'FROM debian:12 AS tools', //      3: unreferenced: could be a --target
      'FROM debian:12-slim AS base', //  4: parent of the final stage
      'FROM base', //                    5: final
      'COPY --from=build /out /out',
      'RUN --mount=type=bind,from=cache,target=/c true',
    ),
    'Dockerfile',
  );
  assert.deepEqual([...shippedStages(d)].sort(), [3, 4, 5]);
});

test('instructionsBefore includes the stages a stage is built FROM, in build order', () => {
  const d = parseDockerfile(df('FROM debian:12 AS a', 'SHELL ["/bin/bash", "-c"]', 'FROM debian:12 AS b', 'RUN b', 'FROM a', 'RUN one', 'RUN two'), 'Dockerfile');
  const two = d.instructions.find((i) => i.line === 7)!;
  assert.deepEqual(instructionsBefore(d, two).map((i) => i.line), [2, 6]);
});

test('mountsOf and hasCacheMountOver: cache and tmpfs mounts over a directory or a parent, with ARG expansion', () => {
  const d = parseDockerfile(
    df('FROM debian:12', 'ARG CACHE=/var/lib/apt', 'RUN --mount=type=cache,target=${CACHE},sharing=locked --mount=type=bind,source=.,target=/src true', 'RUN --mount=type=bind,target=/var/lib/apt/lists true'),
    'Dockerfile',
  );
  const [cached, bound] = [d.instructions[2]!, d.instructions[3]!];
  assert.deepEqual(mountsOf(cached).map((m) => [m.type, m.target]), [['cache', '/var/lib/apt'], ['bind', '/src']]);
  assert.ok(hasCacheMountOver(cached, ['/var/lib/apt/lists']));
  assert.ok(!hasCacheMountOver(cached, ['/var/cache/apt']));
  assert.ok(!hasCacheMountOver(bound, ['/var/lib/apt/lists']), 'a bind mount is not a cache');
});

test('isUnder compares whole path components', () => {
  assert.ok(isUnder('/var/lib/apt/lists/*', '/var/lib/apt'));
  assert.ok(isUnder('/var/lib/apt/', '/var/lib/apt'));
  assert.ok(!isUnder('/var/lib/aptitude', '/var/lib/apt'));
});
