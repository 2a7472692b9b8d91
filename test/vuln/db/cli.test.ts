import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerDb } from '../../../src/cli/commands/db.js';
import { NoVulnDbError } from '../../../src/vuln/db/store.js';
import { FIXTURES, fixtureEcosystems, tmp } from './helpers.js';

async function run(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const program = new Command('leftshift').exitOverride();
  registerDb(program);
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  // Capture what the command writes; restored in finally so a failure does not swallow test output.
  // emit() waits for the write callback, so the stand-in must call it.
  const capture = (append: (s: string) => void) =>
    ((s: string | Uint8Array, ...rest: unknown[]) => {
      append(String(s));
      const cb = rest.find((r) => typeof r === 'function') as ((e?: Error) => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture((s) => (stdout += s));
  process.stderr.write = capture((s) => (stderr += s));
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return { stdout, stderr };
}

test('db import then db status --format json, under --cache-dir', async () => {
  const dir = tmp();
  const imp = await run(['db', 'import', FIXTURES, '--cache-dir', dir, '--ecosystems', 'Debian,PyPI']);
  assert.equal(imp.stdout, '', 'import writes nothing to stdout');
  assert.match(imp.stderr, /imported \d+ advisories/);
  const st = await run(['db', 'status', '--format', 'json', '--cache-dir', dir]);
  const s = JSON.parse(st.stdout) as { path: string; counts: Record<string, number>; source: string };
  assert.equal(s.path, join(dir, 'db', 'vuln.db'));
  const eco = fixtureEcosystems();
  assert.deepEqual(s.counts, { Debian: eco.get('Debian')!.length, PyPI: eco.get('PyPI')!.length });
  const text = await run(['db', 'status', '--cache-dir', dir]);
  assert.match(text.stdout, /^database: /);
  assert.match(text.stdout, new RegExp(`PyPI\\s+${eco.get('PyPI')!.length}`));
  rmSync(dir, { recursive: true, force: true });
});

test('db status with no DB fails with the "run db update" error, not an empty status', async () => {
  const dir = tmp();
  await assert.rejects(run(['db', 'status', '--cache-dir', dir]), NoVulnDbError);
  rmSync(dir, { recursive: true, force: true });
});

test('LEFTSHIFT_CACHE_DIR picks the cache directory', async () => {
  const dir = tmp();
  const prev = process.env.LEFTSHIFT_CACHE_DIR;
  process.env.LEFTSHIFT_CACHE_DIR = dir;
  try {
    await run(['db', 'import', join(FIXTURES, 'Maven')]);
    const s = JSON.parse((await run(['db', 'status', '--format', 'json'])).stdout) as { path: string; counts: Record<string, number> };
    assert.equal(s.path, join(dir, 'db', 'vuln.db'));
    assert.deepEqual(Object.keys(s.counts), ['Maven']);
  } finally {
    if (prev === undefined) delete process.env.LEFTSHIFT_CACHE_DIR;
    else process.env.LEFTSHIFT_CACHE_DIR = prev;
  }
  rmSync(dir, { recursive: true, force: true });
});
