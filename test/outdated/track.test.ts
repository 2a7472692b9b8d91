import { test } from 'node:test';
import assert from 'node:assert/strict';
import { movingKind, newerOnTrack, parseTag, pinCandidates } from '../../src/outdated/track.js';

function pick(tag: string) {
  const t = parseTag(tag);
  return t && { kind: t.kind, prefix: t.prefix, version: t.version, variant: t.variant, precision: t.precision };
}

test('parseTag: version, variant suffix and precision', () => {
  assert.deepEqual(pick('20.11.1-bookworm-slim'), { kind: 'version', prefix: '', version: '20.11.1', variant: '-bookworm-slim', precision: 'patch' });
  assert.deepEqual(pick('3.12-slim'), { kind: 'version', prefix: '', version: '3.12', variant: '-slim', precision: 'minor' });
  assert.deepEqual(pick('1.27-alpine'), { kind: 'version', prefix: '', version: '1.27', variant: '-alpine', precision: 'minor' });
  assert.deepEqual(pick('16'), { kind: 'version', prefix: '', version: '16', variant: '', precision: 'major' });
  assert.deepEqual(pick('v1.2.3'), { kind: 'version', prefix: 'v', version: '1.2.3', variant: '', precision: 'patch' });
  assert.deepEqual(pick('8.0.36.1'), { kind: 'version', prefix: '', version: '8.0.36.1', variant: '', precision: 'build' });
  assert.deepEqual(pick('1.27.0-alpine3.19'), { kind: 'version', prefix: '', version: '1.27.0', variant: '-alpine3.19', precision: 'patch' });
});

test('parseTag: date snapshots are their own track; names and odd schemes have none', () => {
  assert.deepEqual(pick('bookworm-20240110'), { kind: 'date', prefix: 'bookworm-', version: '20240110', variant: '', precision: 'date' });
  assert.deepEqual(pick('bookworm-20240110-slim'), { kind: 'date', prefix: 'bookworm-', version: '20240110', variant: '-slim', precision: 'date' });
  assert.deepEqual(pick('20240606'), { kind: 'date', prefix: '', version: '20240606', variant: '', precision: 'date' });
  for (const t of ['latest', 'lts', 'bookworm', 'alpine', '1.21rc2', '8u402', '1.2rc-20240101']) assert.equal(parseTag(t), undefined, t);
  // 8 digits that are no date stay a (very large) major version.
  assert.equal(pick('12345678')?.kind, 'version');
});

test('newerOnTrack: same variant, same precision, same major unless allowed, newest first', () => {
  const tags = ['20.10.0-bookworm-slim', '20.11.0-bookworm-slim', '20.11.1-bookworm-slim', '20.9.0-bookworm-slim', '20.11.0-alpine', '22.1.0-bookworm-slim', '20.12-bookworm-slim', '20-bookworm-slim', 'latest', '20.11.1-slim-bookworm'];
  const cur = parseTag('20.10.0-bookworm-slim')!;
  assert.deepEqual(newerOnTrack(cur, tags).map((t) => t.tag), ['20.11.1-bookworm-slim', '20.11.0-bookworm-slim']);
  assert.deepEqual(newerOnTrack(cur, tags, { allowMajor: true }).map((t) => t.tag), ['22.1.0-bookworm-slim', '20.11.1-bookworm-slim', '20.11.0-bookworm-slim']);
  // Numeric, not text, order: 20.10 is newer than 20.9.
  assert.deepEqual(newerOnTrack(parseTag('20.9.0-bookworm-slim')!, tags).map((t) => t.tag), ['20.11.1-bookworm-slim', '20.11.0-bookworm-slim', '20.10.0-bookworm-slim']);
  const deb = parseTag('bookworm-20240110')!;
  assert.deepEqual(newerOnTrack(deb, ['bookworm-20240210', 'bookworm-20231201', 'bullseye-20240301', 'bookworm-20240301-slim', '12.5']).map((t) => t.tag), ['bookworm-20240210']);
});

test('movingKind and pinCandidates', () => {
  assert.equal(movingKind(parseTag('20')), 'major');
  assert.equal(movingKind(parseTag('3.12-slim')), 'minor');
  assert.equal(movingKind(parseTag('20.11.1')), undefined);
  assert.equal(movingKind(parseTag('latest')), 'name');
  const tags = ['20', '20.11', '20.11.0', '20.11.1', '20.11.1-alpine', '21.0.0', '20.11.0-alpine', '200.1.1'];
  assert.deepEqual(pinCandidates(parseTag('20'), '20', tags).map((t) => t.tag), ['20.11.1', '20.11.0']);
  assert.deepEqual(pinCandidates(parseTag('20.11'), '20.11', tags).map((t) => t.tag), ['20.11.1', '20.11.0']);
  assert.deepEqual(pinCandidates(undefined, 'alpine', tags).map((t) => t.tag), ['20.11.1-alpine', '20.11.0-alpine']);
  assert.deepEqual(pinCandidates(undefined, 'latest', tags).map((t) => t.tag), ['200.1.1', '21.0.0', '20.11.1', '20.11.0']);
});
