import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountsAnalyzer, analyzeAccounts, isLoginShell, parseGroup, parsePasswd, parseShadow, passwordState } from '../../../src/analyze/image/accounts.js';
import type { FileInfo } from '../../../src/image/fs-types.js';

const info = (path: string): FileInfo => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 10 });

test('password states never keep the hash', () => {
  assert.equal(passwordState('', false), 'empty');
  assert.equal(passwordState('x', true), 'shadow');
  assert.equal(passwordState('*', false), 'locked');
  assert.equal(passwordState('!', false), 'locked');
  assert.equal(passwordState('!$6$salt$hash', false), 'locked');
  assert.equal(passwordState('$6$salt$abcdefghij', false), 'hash');
  const hash = '$6$rounds=5000$saltsalt$Zk1ZIYk1TEST0123456789abcdefghijklmnop';
  const out = analyzeAccounts({ path: 'etc/shadow', info: info('etc/shadow'), content: Buffer.from(`root:${hash}:19000::::::\nbin:*:19000::::::\n`), truncated: false, layer: { index: 0, diffID: 'x' } });
  const json = JSON.stringify(out);
  assert.ok(!json.includes('saltsalt') && !json.includes('Zk1ZIYk1'), 'hash not stored');
  assert.deepEqual((out!.facts!.accounts as { entries: unknown[] }).entries, [
    { name: 'root', password: 'hash', line: 1 },
    { name: 'bin', password: 'locked', line: 2 },
  ]);
});

test('passwd and group parsing skips comments, NIS lines and malformed lines with a warning', () => {
  const warnings: string[] = [];
  const users = parsePasswd('# comment\nroot:x:0:0:root:/root:/bin/bash\n+::::::\nbroken:x:abc:0::/:/bin/sh\napp::1000:1000::/home/app:\n', warnings);
  assert.deepEqual(users.map((u) => [u.name, u.uid, u.gid, u.password, u.shell, u.line]), [
    ['root', 0, 0, 'shadow', '/bin/bash', 2],
    ['app', 1000, 1000, 'empty', '', 5],
  ]);
  assert.deepEqual(warnings, ['line 4: not a passwd entry']);
  assert.deepEqual(parseGroup('root:x:0:\nwheel:x:10:root,app\n').map((g) => [g.name, g.gid]), [['root', 0], ['wheel', 10]]);
  assert.deepEqual(parseShadow('a:!::\n\nb::\n').map((s) => s.password), ['locked', 'empty']);
});

test('login shells; only the three account files are wanted', () => {
  assert.equal(isLoginShell('/bin/bash'), true);
  assert.equal(isLoginShell(''), true, 'empty means /bin/sh');
  assert.equal(isLoginShell('/usr/sbin/nologin'), false);
  assert.equal(isLoginShell('/bin/false'), false);
  assert.equal(accountsAnalyzer.wants('etc/passwd', info('etc/passwd')), true);
  assert.equal(accountsAnalyzer.wants('etc/passwd-', info('etc/passwd-')), false);
  assert.equal(accountsAnalyzer.wants('app/etc/passwd', info('app/etc/passwd')), false);
});
