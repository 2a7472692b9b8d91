import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { displayUrl, remoteKind } from '../../../src/rules/dockerfile/add-remote-source.js';
import { hitLines, runRule } from '../helpers.js';

test('fires (MEDIUM) on ADD from an http(s) URL', () => {
  const hits = runRule(rule, 'FROM debian:12-slim\nRUN true\nADD https://example.com/tool.tar.gz /opt/\nADD http://example.com/a /a\n');
  assert.deepEqual(hits.map((h) => [h.line, h.severity]), [[3, undefined], [4, undefined]]);
  assert.match(hits[0]!.message, /without verifying/);
  assert.equal(rule.meta.severity, 'MEDIUM');
});

test('fires on Git sources: git@, git://, ssh:// and https://….git', () => {
  const text = [
    'FROM alpine:3.20',
    'ADD git@github.com:org/repo.git /src',
    'ADD git://example.com/repo /src2',
    'ADD ssh://git@example.com/repo.git /src3',
    'ADD https://github.com/moby/buildkit.git#v0.14.0 /src4',
  ].join('\n');
  const hits = runRule(rule, text);
  assert.deepEqual(hits.map((h) => h.line), [2, 3, 4, 5]);
  assert.ok(hits.every((h) => /clones the Git repository/.test(h.message)));
});

test('--checksum downgrades to LOW, and says so; so does a Git ref pinned to a full commit', () => {
  const hits = runRule(rule, 'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \\\n  https://example.com/tool.tar.gz /opt/\n');
  assert.equal(hits.length, 1);
  assert.equal(hits[0]!.severity, 'LOW');
  assert.equal(hits[0]!.line, 2);
  assert.equal(hits[0]!.endLine, 3);
  assert.match(hits[0]!.message, /--checksum verifies/);
  const pinned = runRule(rule, 'FROM alpine:3.20\nADD https://github.com/org/repo.git#0123456789abcdef0123456789abcdef01234567 /src\n');
  assert.equal(pinned[0]!.severity, 'LOW');
  const branch = runRule(rule, 'FROM alpine:3.20\nADD https://github.com/org/repo.git#main /src\n');
  assert.equal(branch[0]!.severity, undefined);
});

test('expands variables in the source', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nARG BASE=https://example.com\nADD ${BASE}/tool /usr/local/bin/tool\n'), [3]);
});

test('does not fire on local sources, COPY, or an unset variable', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nADD app/ /app/\nADD rootfs.tar.gz /\nCOPY https-notes.txt /x\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nARG URL\nADD $URL /x\n'), []);
});

test('never shows credentials embedded in the URL', () => {
  const hits = runRule(rule, 'FROM alpine:3.20\nADD https://deploy:hunter2secret@example.com/f.tgz?token=abc123xyz /f\n');
  const all = JSON.stringify(hits);
  assert.ok(!all.includes('hunter2secret'));
  assert.ok(!all.includes('abc123xyz'));
  assert.equal(displayUrl('https://u:p@h/x?a=1&b=2'), 'https://***@h/x?a=…&b=…');
});

test('remoteKind classifies sources', () => {
  assert.equal(remoteKind('https://x/y.tgz'), 'url');
  assert.equal(remoteKind('https://x/y.git'), 'git');
  assert.equal(remoteKind('git@host:o/r'), 'git');
  assert.equal(remoteKind('./https'), undefined);
  assert.equal(remoteKind('src/'), undefined);
});
