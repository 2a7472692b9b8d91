import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerOutdated } from '../../src/cli/commands/outdated.js';
import { UsageError } from '../../src/errors.js';
import type { OutdatedReport } from '../../src/outdated/render.js';
import { daysAgo, freePort, htpasswdLine, htpasswdSkipReason, makeCert, opensslSkipReason, Pusher, registrySkipReason, startRegistry, tempDir, type Cert, type RegistryServer } from '../source/registry/harness.js';

const skip = registrySkipReason();

/** Runs `leftshift outdated …` in-process (the lead wires the command into main.ts). */
async function outdated(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; stderr: string }> {
  const dir = tempDir('ls-outdated-out-');
  const outFile = join(dir, 'out');
  const program = new Command('leftshift').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerOutdated(program);
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries({ CI: 'true', NO_COLOR: '1', DOCKER_CONFIG: dir, ...env })) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  // Capture stderr warnings without losing the test runner's own output.
  const writeErr = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    await program.parseAsync(['outdated', ...args, '--output', outFile], { from: 'user' });
    const code = Number(process.exitCode ?? 0);
    return { code, out: readFileSync(outFile, 'utf8'), stderr };
  } finally {
    process.stderr.write = writeErr;
    process.exitCode = undefined;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('leftshift outdated FILE', { skip }, () => {
  let reg: RegistryServer;
  let dir: string;
  let unreachable: string;

  before(async () => {
    reg = await startRegistry();
    dir = tempDir('ls-outdated-');
    const p = new Pusher(reg.baseUrl);
    for (const [tag, days] of [['20.10.0-bookworm-slim', 60], ['20.11.0-bookworm-slim', 30], ['20.11.1-bookworm-slim', 2]] as Array<[string, number]>) {
      await p.pushImage('node', tag, { created: daysAgo(days) });
    }
    await p.pushImage('nginx', '1.27.0-alpine', { created: daysAgo(20) });
    unreachable = `127.0.0.1:${await freePort()}`;
  });
  after(async () => {
    await reg?.stop();
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  test('Dockerfile → JSON: per-image results with file:line; one unreachable registry does not stop the rest', async () => {
    const df = join(dir, 'Dockerfile');
    writeFileSync(df, [`FROM ${reg.host}/node:20.10.0-bookworm-slim AS build`, `FROM ${unreachable}/app:1.0.0`, `COPY --from=${reg.host}/nginx:1.27.0-alpine /a /a`, 'FROM build'].join('\n'));
    const r = await outdated([df, '--format', 'json', '--insecure-registry', '127.0.0.1']);
    assert.equal(r.code, 0, 'informational by default');
    const report = JSON.parse(r.out) as OutdatedReport;
    assert.equal(report.cooldownDays, 7);
    assert.deepEqual(report.images.map((e) => [e.location.line, e.via, e.status]), [
      [1, 'FROM', 'outdated'],
      [2, 'FROM', 'error'],
      [3, 'COPY --from', 'up-to-date'],
    ]);
    const node = report.images[0]!;
    assert.equal(node.location.path, df);
    assert.equal(node.recommended?.tag, '20.11.0-bookworm-slim');
    assert.equal(node.newest?.tag, '20.11.1-bookworm-slim');
    assert.equal(node.current?.ageDays, 60);
    assert.equal(report.images[1]!.error?.message, `cannot reach ${unreachable}: ECONNREFUSED — check the address or network`);
    assert.match(r.stderr, new RegExp(`warning: .*:2 ${unreachable}/app:1.0.0: cannot reach`));
  });

  test('--fail-on-outdated exits 1 only when a recommendation differs; --cooldown moves it', async () => {
    const compose = join(dir, 'compose.yaml');
    writeFileSync(compose, `services:\n  web:\n    image: ${reg.host}/node:20.11.0-bookworm-slim\n`);
    const cooling = await outdated([compose, '--format', 'json', '--fail-on-outdated', '--insecure-registry', reg.host]);
    assert.equal(cooling.code, 0, 'the only newer tag is 2 days old');
    assert.equal((JSON.parse(cooling.out) as OutdatedReport).images[0]!.status, 'cooling-down');
    const short = await outdated([compose, '--format', 'json', '--fail-on-outdated', '--cooldown', '1', '--insecure-registry', reg.host]);
    assert.equal(short.code, 1);
    const entry = (JSON.parse(short.out) as OutdatedReport).images[0]!;
    assert.deepEqual([entry.location.line, entry.recommended?.tag], [3, '20.11.1-bookworm-slim']);
  });

  test('table output: one row per image, notes under it, a summary line', async () => {
    const df = join(dir, 'Dockerfile.table');
    writeFileSync(df, `FROM ${reg.host}/node:20.10.0-bookworm-slim\n`);
    const r = await outdated([df, '--insecure-registry', reg.host]);
    const lines = r.out.split('\n');
    assert.match(lines[0]!, /^LOCATION\s+IMAGE\s+STATUS\s+RECOMMENDED\s+NEWEST ON TRACK\s+EOL$/);
    assert.match(lines[1]!, /:1\s+127\.0\.0\.1:\d+\/node:20\.10\.0-bookworm-slim \(60d\)\s+outdated\s+20\.11\.0-bookworm-slim \(30d\)\s+20\.11\.1-bookworm-slim \(2d\)\s+-$/);
    assert.match(r.out, /1 image reference: 1 outdated \(cool-down 7 days\)/);
    assert.ok(!/\x1b\[/.test(r.out), 'no colour codes in a file');
  });

  test('HTTPS is required unless --insecure-registry names the host', async () => {
    const df = join(dir, 'Dockerfile.https');
    writeFileSync(df, `FROM ${reg.host}/node:20.10.0-bookworm-slim\n`);
    const r = await outdated([df, '--format', 'json']);
    const e = (JSON.parse(r.out) as OutdatedReport).images[0]!;
    assert.equal(e.status, 'error');
    assert.equal(e.error?.kind, 'tls');
    assert.match(e.error?.hint ?? '', /--insecure-registry/);
  });

  test('bad flags are usage errors', async () => {
    const df = join(dir, 'Dockerfile.flags');
    writeFileSync(df, 'FROM alpine:3.19\n');
    await assert.rejects(outdated([df, '--cooldown', 'soon']), /--cooldown "soon" is not a number/);
    await assert.rejects(outdated([df, '--platform', 'linux']), /--platform "linux" is not os\/arch/);
    writeFileSync(join(dir, 'two.yaml'), 'a:\n  image: ghcr.io/a/b:1\nb:\n  image: quay.io/c/d:2\n');
    await assert.rejects(outdated([join(dir, 'two.yaml'), '--creds', 'u:p']), (e: unknown) => e instanceof UsageError && /several registries \(ghcr\.io, quay\.io\)/.test(e.message) && /--creds REGISTRY=USER:PASSWORD/.test(e.hint ?? ''));
  });
});

describe('leftshift outdated with an HTTPS registry and htpasswd', { skip: skip ?? opensslSkipReason() ?? htpasswdSkipReason() }, () => {
  let reg: RegistryServer;
  let dir: string;
  let cert: Cert;
  const password = 'Cli-Secret-Pass-42';

  before(async () => {
    dir = tempDir('ls-outdated-tls-');
    cert = makeCert(dir, 'registry');
    reg = await startRegistry({ tls: cert, htpasswd: htpasswdLine('ci', password) });
    const p = new Pusher(reg.baseUrl, { ca: cert.certPem, creds: { user: 'ci', password } });
    await p.pushImage('team/api', '1.0.0', { created: daysAgo(40) });
    await p.pushImage('team/api', '1.1.0', { created: daysAgo(10) });
    writeFileSync(join(dir, 'k8s.yaml'), `spec:\n  containers:\n    - image: ${reg.host}/team/api:1.0.0\n`);
  });
  after(async () => {
    await reg?.stop();
  });

  test('--registry-ca plus env credentials: works; a wrong --creds password is reported and never printed', async () => {
    const file = join(dir, 'k8s.yaml');
    const ok = await outdated([file, '--format', 'json', '--registry-ca', cert.certFile], { LEFTSHIFT_REGISTRY_USER: 'ci', LEFTSHIFT_REGISTRY_PASSWORD: password });
    assert.equal((JSON.parse(ok.out) as OutdatedReport).images[0]!.recommended?.tag, '1.1.0');
    const wrong = 'Definitely-Wrong-99';
    const bad = await outdated([file, '--format', 'json', '--registry-ca', cert.certFile, '--creds', `ci:${wrong}`]);
    const e = (JSON.parse(bad.out) as OutdatedReport).images[0]!;
    assert.equal(e.error?.kind, 'auth');
    assert.match(e.error?.message ?? '', /rejected the credentials/);
    for (const text of [bad.out, bad.stderr]) {
      assert.ok(!text.includes(wrong) && !text.includes(password), 'a password leaked into the output');
    }
  });
});
