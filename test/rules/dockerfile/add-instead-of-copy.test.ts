import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/add-instead-of-copy.js';
import { hitLines, runRule } from '../helpers.js';

test('fires on ADD of local files and directories, on the ADD line', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nADD app/ /srv/app/\nADD --chown=1000 config.yml /etc/app.yml\n'), [2, 3]);
});

test('fires on the exec form, a continuation line, and a heredoc source', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nADD ["my file.txt", "/data/"]\n'), [2]);
  const hits = runRule(rule, 'FROM alpine:3.20\nRUN true\nADD a.txt \\\n    b.txt /data/\n');
  assert.equal(hits.length, 1);
  assert.equal(hits[0]!.line, 3);
  assert.equal(hits[0]!.endLine, 4);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nADD <<EOF /etc/motd\nhello\nEOF\n'), [2]);
});

test('fires when a variable expands to a local non-archive path', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nARG SRC=build/out\nADD ${SRC} /app/\n'), [3]);
});

test('does not fire for local tar archives ADD extracts', () => {
  for (const name of ['rootfs.tar', 'rootfs.tar.gz', 'rootfs.tgz', 'rootfs.tar.xz', 'rootfs.tar.bz2', 'rootfs.tar.zst', 'ROOTFS.TAR.GZ', 'dist/*.tar.gz']) {
    assert.deepEqual(hitLines(rule, `FROM scratch\nADD ${name} /\n`), [], name);
  }
  assert.deepEqual(hitLines(rule, 'FROM scratch\nARG ARCHIVE=rootfs.tar.gz\nADD $ARCHIVE /\n'), []);
});

test('does not fire for URLs or Git sources (LS-DF-003), COPY, or unresolved variables', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nADD https://example.com/app.txt /app/\nADD git@github.com:org/repo.git /src\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nCOPY app/ /srv/app/\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nARG SRC\nADD $SRC /app/\n'), []);
  // One local file next to a URL: the ADD is there for the URL.
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nADD https://example.com/x.txt local.txt /app/\n'), []);
});
