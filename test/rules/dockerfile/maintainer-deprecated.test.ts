import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/maintainer-deprecated.js';
import { hitLines, runRule } from '../helpers.js';

test('fires (INFO) on every MAINTAINER, suggesting the OCI label', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20 AS a\nMAINTAINER Jane Doe <jane@example.com>\nFROM alpine:3.20\nmaintainer ops\n'), [2, 4]);
  assert.equal(rule.meta.severity, 'INFO');
  const [hit] = runRule(rule, 'FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n');
  assert.match(hit!.message, /LABEL org\.opencontainers\.image\.authors="Jane Doe <jane@example\.com>"/);
});

test('does not fire on LABEL or a commented-out MAINTAINER', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\n# MAINTAINER old\nLABEL org.opencontainers.image.authors="Jane" maintainer="Jane"\n'), []);
});
