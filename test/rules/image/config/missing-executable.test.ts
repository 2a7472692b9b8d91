import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { DEFAULT_PATH, neededExecutables, scriptExecutables, searchPath } from '../../../../src/rules/image/config/missing-executable.js';
import { hitsOf } from './helpers.js';
import type { TarEntrySpec } from '../../../image/build-image.js';

/** A distroless-like filesystem: the app, no shell, no curl; a dangling link; a non-executable file. */
function distroless(): TarEntrySpec[] {
  return [
    { name: 'app/', type: 'directory' },
    { name: 'app/server', content: 'ELF', mode: 0o755 },
    { name: 'app/config.json', content: '{}', mode: 0o644 },
    { name: 'usr/', type: 'directory' },
    { name: 'usr/bin/', type: 'directory' },
    { name: 'usr/bin/wget', type: 'symlink', linkname: '/bin/busybox' },
  ];
}

test('searchPath takes the last PATH from Env, else Docker\'s default', () => {
  assert.deepEqual(searchPath(['PATH=/a:/b', 'X=1', 'PATH=/c:relative']), ['/c']);
  assert.deepEqual(searchPath(undefined), DEFAULT_PATH.split(':'));
});

test('scriptExecutables skips builtins and $VAR commands, peels wrappers, trusts busybox applets', () => {
  assert.deepEqual(scriptExecutables('curl -f http://localhost/ || exit 1'), ['curl']);
  assert.deepEqual(scriptExecutables('timeout 5 nc -z localhost 80 && [ -f /x ] && $CHECK'), ['timeout', 'nc']);
  assert.deepEqual(scriptExecutables('busybox wget -q -O- localhost'), ['busybox']);
});

test('neededExecutables: healthcheck forms, entrypoint over cmd, shell-form cmd', () => {
  assert.deepEqual(neededExecutables({ Healthcheck: { Test: ['CMD-SHELL', 'curl -f x'] }, Entrypoint: ['/app/server'], Cmd: ['--port', '80'] }).map((n) => `${n.by}:${n.executable}`), [
    'healthcheck:/bin/sh',
    'healthcheck:curl',
    'entrypoint:/app/server',
  ]);
  assert.deepEqual(neededExecutables({ Cmd: ['/bin/sh', '-c', 'exec node index.js'] }).map((n) => n.executable), ['/bin/sh', 'node']);
});

test('LS-IMG-013 fires on a curl healthcheck in an image without curl or sh, a dangling symlink and a non-executable cmd', async () => {
  const hits = await hitsOf(rule, {
    layers: [{ files: distroless() }],
    config: { Env: ['PATH=/usr/bin:/app'], Healthcheck: { Test: ['CMD-SHELL', 'curl -f http://localhost:8080/ || exit 1'] }, Cmd: ['/app/config.json'] },
  });
  assert.deepEqual(
    hits.map((h) => [h.details?.by, h.details?.executable, h.details?.reason]),
    [
      ['healthcheck', '/bin/sh', 'missing'],
      ['healthcheck', 'curl', 'missing'],
      ['cmd', '/app/config.json', 'not-executable'],
    ],
  );
  assert.match(hits[1]!.message, /searched PATH \/usr\/bin:\/app/);
  const dangling = await hitsOf(rule, { layers: [{ files: distroless() }], config: { Healthcheck: { Test: ['CMD', 'wget', '-q', 'localhost'] }, Entrypoint: ['/app/server'] } });
  assert.deepEqual(dangling.map((h) => h.details?.reason), ['dangling-symlink']);
});

test('LS-IMG-013 does not fire when the programs exist (through PATH and symlinks, relative to WorkingDir)', async () => {
  const files: TarEntrySpec[] = [...distroless(), { name: 'bin/', type: 'directory' }, { name: 'bin/busybox', content: 'ELF', mode: 0o755 }, { name: 'bin/sh', type: 'symlink', linkname: 'busybox' }];
  const hits = await hitsOf(rule, {
    layers: [{ files }],
    config: { WorkingDir: '/app', Healthcheck: { Test: ['CMD-SHELL', 'wget -q -O- http://localhost:8080/ || exit 1'] }, Entrypoint: ['./server'], Cmd: ['--port', '8080'] },
  });
  assert.deepEqual(hits, []);
});
