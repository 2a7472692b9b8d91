import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/yum-dnf-no-clean.js';
import { hitLines, runRule } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('fires on yum/dnf/microdnf install or update without clean all, at the install line', () => {
  const text = df(
    'FROM rockylinux:9',
    'RUN dnf -y update && \\',
    '    dnf -y install python3',
    'RUN yum install -y httpd',
    'RUN microdnf install -y shadow-utils && microdnf clean metadata',
  );
  assert.deepEqual(hitLines(rule, text), [2, 4, 5]);
  assert.match(runRule(rule, text)[1]!.message, /yum clean all/);
});

test('fires when the clean comes before the install', () => {
  assert.deepEqual(hitLines(rule, df('FROM rockylinux:9', 'RUN dnf clean all && dnf install -y git')), [2]);
});

test('does not fire with clean all, rm of the cache dir, or a cache mount', () => {
  const text = df(
    'FROM rockylinux:9',
    'RUN dnf install -y python3 && dnf clean all',
    'RUN yum -y install httpd && yum clean all && rm -rf /var/cache/yum',
    'RUN microdnf install -y tar && microdnf clean all',
    'RUN dnf install -y git && rm -rf /var/cache/dnf/*',
    'RUN --mount=type=cache,target=/var/cache/dnf dnf install -y gcc',
    'RUN sudo dnf install -y make && sudo dnf clean all',
    'RUN dnf list installed',
  );
  assert.deepEqual(hitLines(rule, text), []);
});

test('skips stages only used as COPY --from sources', () => {
  const text = df('FROM rockylinux:9 AS build', 'RUN dnf install -y gcc', 'FROM rockylinux:9-minimal', 'COPY --from=build /out /out');
  assert.deepEqual(hitLines(rule, text), []);
});
