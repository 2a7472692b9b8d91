import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkImage, type OutdatedOptions, type OutdatedResult } from '../../src/outdated/check.js';
import { RegistryClient } from '../../src/source/registry/client.js';
import { daysAgo, Pusher, registrySkipReason, startRegistry, type RegistryServer } from '../source/registry/harness.js';

const skip = registrySkipReason();

describe('update strategy against a real registry', { skip }, () => {
  let reg: RegistryServer;
  let client: RegistryClient;
  const now = new Date();
  const opts = (o: Partial<OutdatedOptions> = {}): OutdatedOptions => ({ cooldownDays: 7, allowMajor: false, maxLookups: 10, now, ...o });
  const check = (image: string, o: Partial<OutdatedOptions> = {}): Promise<OutdatedResult> => checkImage(client, `${reg.host}/${image}`, opts(o));

  before(async () => {
    reg = await startRegistry();
    const p = new Pusher(reg.baseUrl);
    const node: Array<[string, number]> = [
      ['20.10.0-bookworm-slim', 60],
      ['20.11.0-bookworm-slim', 30],
      ['20.11.1-bookworm-slim', 2],
      ['20.11.0-alpine', 30],
      ['22.1.0-bookworm-slim', 20],
      ['20', 2],
      ['20-bookworm-slim', 2],
      ['22', 20],
      ['20.11.0', 30],
      ['20.11.1', 2],
    ];
    for (const [tag, days] of node) await p.pushImage('node', tag, { created: daysAgo(days, now.getTime()) });
    // `latest` is multi-platform, as on Docker Hub.
    await p.pushIndex('node', 'latest', [
      { architecture: 'amd64', created: daysAgo(2, now.getTime()) },
      { architecture: 'arm64', created: daysAgo(2, now.getTime()) },
    ]);
    for (const [tag, days] of [['bookworm-20240110', 40], ['bookworm-20240210', 10], ['bookworm-20240301', 1], ['bullseye-20240401', 1]] as Array<[string, number]>) {
      await p.pushImage('debian', tag, { created: daysAgo(days, now.getTime()) });
    }
    await p.pushImage('python', '3.12.1-slim-buster', { created: daysAgo(90, now.getTime()) });
    await p.pushImage('python', '3.12.2-slim-buster', { created: daysAgo(30, now.getTime()) });
    // Reproducible builds set created to the epoch: its age is unknown, so it is never recommended.
    await p.pushImage('repro', '1.0.0', { created: daysAgo(100, now.getTime()) });
    await p.pushImage('repro', '1.1.0', { created: '1970-01-01T00:00:00Z' });
    client = new RegistryClient({ insecureHosts: [reg.host], credentials: { dockerConfig: false, env: {} } });
  });
  after(async () => {
    client?.close();
    await reg?.stop();
  });

  test('track filtering and the default 7-day cool-down: the 2-day-old tag is not recommended', async () => {
    const r = await check('node:20.10.0-bookworm-slim');
    assert.equal(r.status, 'outdated');
    assert.deepEqual(r.track, { kind: 'version', prefix: '', version: '20.10.0', variant: '-bookworm-slim', precision: 'patch' });
    assert.equal(r.newerCount, 2, 'only 20.11.0/20.11.1-bookworm-slim: not alpine, not 22, not 20, not 20.11.1');
    assert.equal(r.newest?.tag, '20.11.1-bookworm-slim');
    assert.equal(r.newest?.ageDays, 2);
    assert.equal(r.recommended?.tag, '20.11.0-bookworm-slim');
    assert.equal(r.recommended?.ageDays, 30);
    assert.equal(r.current?.ageDays, 60);
    assert.equal(r.moving, undefined);
    assert.ok(r.notes.some((n) => /1 newer tag is younger than the 7-day cool-down/.test(n)), r.notes.join('\n'));
    assert.ok(r.notes.some((n) => /newer major version exists \(22\.1\.0-bookworm-slim\)/.test(n)), r.notes.join('\n'));
  });

  test('--cooldown 1 recommends the 2-day-old tag', async () => {
    const r = await check('node:20.10.0-bookworm-slim', { cooldownDays: 1 });
    assert.equal(r.recommended?.tag, '20.11.1-bookworm-slim');
  });

  test('majors: kept by default, crossed with allowMajor', async () => {
    const latestOnMajor = await check('node:20.11.1-bookworm-slim');
    assert.equal(latestOnMajor.status, 'up-to-date');
    assert.equal(latestOnMajor.recommended?.tag, '20.11.1-bookworm-slim');
    const crossed = await check('node:20.11.1-bookworm-slim', { allowMajor: true });
    assert.equal(crossed.status, 'outdated');
    assert.equal(crossed.recommended?.tag, '22.1.0-bookworm-slim');
    assert.equal(crossed.recommended?.ageDays, 20);
  });

  test('only fresh tags newer than the current one: cooling down, stay on the current tag', async () => {
    const r = await check('node:20.11.0-bookworm-slim');
    assert.equal(r.status, 'cooling-down');
    assert.equal(r.recommended?.tag, '20.11.0-bookworm-slim');
    assert.equal(r.newest?.tag, '20.11.1-bookworm-slim');
  });

  test('moving major-only tags are flagged and get a pinned, cooled-down suggestion', async () => {
    const major = await check('node:20');
    assert.equal(major.moving, 'major');
    assert.equal(major.status, 'up-to-date', 'no other major-only tag of 20');
    assert.equal(major.pin?.tag, '20.11.0');
    assert.ok(major.notes.some((n) => /"20" is a moving major-version tag/.test(n)));
    const variant = await check('node:20-bookworm-slim');
    assert.equal(variant.moving, 'major');
    assert.equal(variant.pin?.tag, '20.11.0-bookworm-slim');
    const allowed = await check('node:20', { allowMajor: true });
    assert.equal(allowed.recommended?.tag, '22');
  });

  test('latest (a multi-platform index) is untracked, with a pin suggestion', async () => {
    const r = await check('node:latest');
    assert.equal(r.status, 'untracked');
    assert.equal(r.moving, 'name');
    assert.equal(r.current?.ageDays, 2, 'dated through the index');
    assert.equal(r.pin?.tag, '20.11.0');
  });

  test('date tags: same codename, later snapshot past the cool-down', async () => {
    const r = await check('debian:bookworm-20240110');
    assert.equal(r.status, 'outdated');
    assert.equal(r.recommended?.tag, 'bookworm-20240210');
    assert.equal(r.newest?.tag, 'bookworm-20240301');
  });

  test('the lookup budget bounds requests and says so', async () => {
    const r = await check('node:20.10.0-bookworm-slim', { maxLookups: 1 });
    assert.equal(r.status, 'cooling-down');
    assert.equal(r.recommended?.tag, '20.10.0-bookworm-slim');
    assert.ok(r.notes.some((n) => /the 1 newest of 2 newer tags .* raise --max-lookups/.test(n)), r.notes.join('\n'));
  });

  test('end-of-life: the distribution in the variant (buster) is past EOL', async () => {
    const r = await check('python:3.12.1-slim-buster');
    assert.equal(r.recommended?.tag, '3.12.2-slim-buster');
    const buster = r.current?.eol?.find((e) => e.product.startsWith('Debian 10'));
    assert.ok(buster, JSON.stringify(r.current?.eol));
    assert.equal(buster.past, true);
    assert.ok(r.notes.some((n) => /even the recommended tag is end-of-life/.test(n)));
  });

  test('a placeholder created date is unknown age, never recommended', async () => {
    const r = await check('repro:1.0.0', { cooldownDays: 0 });
    assert.equal(r.status, 'cooling-down');
    assert.equal(r.newest?.tag, '1.1.0');
    assert.equal(r.newest?.ageDays, undefined);
    assert.ok(r.notes.some((n) => /placeholder/.test(n)));
  });

  test('registry errors become an error result, not an exception', async () => {
    const r = await check('nope:1.0.0');
    assert.equal(r.status, 'error');
    assert.equal(r.error?.kind, 'not-found');
    assert.match(r.error?.message ?? '', /no such repository/);
    const bad = await checkImage(client, 'Not A Reference', opts());
    assert.equal(bad.status, 'error');
    assert.match(bad.error?.message ?? '', /invalid image reference/);
  });
});
