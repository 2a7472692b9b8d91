import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { REPO_ROOT } from '../helpers/repo.js';

/** The repository root, from src (tsx) or dist (compiled) alike. */
const ROOT = REPO_ROOT;
const BIN = join(ROOT, 'bin', 'leftshift.js');
const EXAMPLES = join(ROOT, 'examples');

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[], opts: { cwd?: string; input?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'ls-cli-'));
}

interface JsonFinding { ruleId: string; severity: string; kind: string; message: string; aliases: string[]; location: { path: string; line?: number }; remediation: string; suppressed?: { by: string; reason?: string } }
interface JsonReport { schemaVersion: string; tool: { name: string; version: string }; targets: Array<{ kind: string; name: string; findings: JsonFinding[] }>; warnings?: string[] }

function scanJson(args: string[], opts: { cwd?: string; input?: string } = {}): { report: JsonReport; run: Run } {
  const run = cli(['scan', ...args, '--format', 'json'], opts);
  assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
  return { report: JSON.parse(run.stdout) as JsonReport, run };
}

test('scan of the insecure example: contract fields, rules, secrets, nothing leaked', () => {
  const { report, run } = scanJson(['examples/insecure-node']);
  assert.equal(run.code, 0, 'no --fail-on: exit 0 even with findings');
  assert.equal(report.tool.name, 'leftshift');
  assert.match(report.schemaVersion, /^\d+\.\d+\.\d+$/);
  assert.equal(report.targets.length, 1);
  const t = report.targets[0]!;
  assert.equal(t.kind, 'dockerfile');
  assert.equal(t.name, 'examples/insecure-node/Dockerfile');
  const ids = new Set(t.findings.map((f) => f.ruleId));
  for (const id of ['LS-DF-001', 'LS-DF-005', 'LS-CTX-002']) assert.ok(ids.has(id), `expected ${id} in ${[...ids].join(',')}`);
  for (const f of t.findings) {
    assert.ok(f.ruleId && f.kind && f.severity && f.message && f.remediation, JSON.stringify(f));
    assert.ok(Array.isArray(f.aliases));
    assert.ok(f.location.path);
  }
  // The .env file reaches the image via COPY . . and is reported against the .dockerignore gap.
  const gap = t.findings.filter((f) => f.ruleId === 'LS-CTX-002').map((f) => f.message).join('\n');
  assert.match(gap, /\.env/);
  // Secret values from the example's files never appear in full.
  const env = readFileSync(join(EXAMPLES, 'insecure-node', '.env'), 'utf8');
  for (const m of env.matchAll(/=(\S{16,})/g)) assert.ok(!run.stdout.includes(m[1]!), 'secret value leaked into the JSON output');
  assert.ok(!run.stdout.includes('Sup3rS3cretPassw0rd'), 'password from ENV leaked');
});

test('--fail-on: exit 1 for the insecure example, 0 for the hardened one', () => {
  assert.equal(cli(['scan', 'examples/insecure-node', '--fail-on', 'HIGH', '-q']).code, 1);
  const hardened = cli(['scan', 'examples/hardened-node', '--fail-on', 'LOW', '--format', 'json']);
  const findings = (JSON.parse(hardened.stdout) as JsonReport).targets[0]!.findings.filter((f) => !f.suppressed);
  assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.message}`), []);
  assert.equal(hardened.code, 0);
});

test('bad usage and unreadable input exit 2 with one line and no stack trace', () => {
  for (const args of [['scan', 'does/not/exist'], ['scan', '.', '--format', 'yaml'], ['scan', '.', '--fail-on', 'SEVERE'], ['scan', '.', '--severity', 'nope'], ['scan', '.', '--unknown-flag']]) {
    const r = cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.ok(!/\n\s+at /.test(r.stderr), `stack trace printed for ${args.join(' ')}`);
  }
  const r = cli(['scan', 'does/not/exist']);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /does\/not\/exist/);
});

test('a file named like an image archive that is not one is an image error (exit 2), not a Dockerfile scan', () => {
  const dir = tmp();
  try {
    for (const name of ['image.tar', 'image.tar.gz']) {
      writeFileSync(join(dir, name), 'an HTML error page saved instead of the image\n'.repeat(20));
      const r = cli(['scan', join(dir, name)]);
      assert.equal(r.code, 2, `${name}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /not a tar archive|does not contain a tar archive|not .*gzip/i, r.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--debug adds the stack trace', () => {
  const r = cli(['scan', 'does/not/exist', '--debug']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\n\s+at /);
});

test('a binary file named Dockerfile: error when named, warning when found in a directory', () => {
  const dir = tmp();
  try {
    writeFileSync(join(dir, 'Dockerfile'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
    mkdirSync(join(dir, 'ok'));
    writeFileSync(join(dir, 'ok', 'Dockerfile'), 'FROM alpine:3.20\nUSER 1000\n');
    const named = cli(['scan', join(dir, 'Dockerfile')]);
    assert.equal(named.code, 2);
    assert.match(named.stderr, /binary/);
    const { report } = scanJson([dir]);
    assert.deepEqual(report.targets.map((t) => t.name.split('/').slice(-2).join('/')), ['ok/Dockerfile']);
    assert.ok(report.warnings?.some((w) => /binary/.test(w)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('directory scan finds Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile; skips node_modules', () => {
  const dir = tmp();
  try {
    for (const p of ['Dockerfile', 'api/app.Dockerfile', 'web/Dockerfile.prod', 'db/Containerfile', 'node_modules/x/Dockerfile', 'Dockerfile.dockerignore', 'notes/Dockerfile.md.txt']) {
      mkdirSync(join(dir, dirname(p)), { recursive: true });
      writeFileSync(join(dir, p), p.endsWith('.dockerignore') ? '*\n' : 'FROM alpine:3.20\nUSER 1000\n');
    }
    const { report } = scanJson(['.'], { cwd: dir });
    assert.deepEqual(report.targets.map((t) => t.name).sort(), ['Dockerfile', 'api/app.Dockerfile', 'db/Containerfile', 'notes/Dockerfile.md.txt', 'web/Dockerfile.prod'].sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stdin: scan - reads a Dockerfile without a context', () => {
  const { report } = scanJson(['-'], { input: 'FROM ubuntu:latest\nRUN sudo apt-get install curl\n' });
  const ids = report.targets[0]!.findings.map((f) => f.ruleId);
  assert.ok(ids.includes('LS-DF-005'));
  assert.ok(ids.includes('LS-DF-001'));
});

test('UTF-16 files (PowerShell writes them): a Dockerfile is read, a .env secret in the context is found', () => {
  const dir = tmp();
  try {
    const utf16 = (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]);
    writeFileSync(join(dir, 'Dockerfile'), utf16('FROM ubuntu:latest\r\nCOPY . /app\r\n'));
    // An AWS-shaped key assembled at run time, so no scanner flags this test file.
    const key = ['AKIA', 'Q3EGRZ7B', 'XYAL4NOP'].join('');
    writeFileSync(join(dir, '.env'), utf16(`AWS_ACCESS_KEY_ID=${key}\r\n`));
    const { report, run } = scanJson([join(dir, 'Dockerfile')]);
    const findings = report.targets[0]!.findings;
    assert.ok(findings.some((f) => f.ruleId === 'LS-DF-001'), 'the UTF-16 Dockerfile was parsed (FROM ubuntu:latest)');
    const secret = findings.find((f) => f.location.path.endsWith('.env') && f.kind === 'secret');
    assert.ok(secret, JSON.stringify(findings.map((f) => [f.ruleId, f.kind, f.location])));
    assert.ok(!run.stdout.includes(key), 'the key is redacted');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('inline suppressions and .leftshiftignore mark findings suppressed, with reasons, and do not fail', () => {
  const dir = tmp();
  try {
    writeFileSync(join(dir, 'Dockerfile'), '# leftshift:ignore=DL3007 pinned by renovate elsewhere\nFROM alpine:latest\nRUN echo hi\n');
    writeFileSync(join(dir, '.leftshiftignore'), 'LS-DF-001 # runtime sets the user\n');
    const r = cli(['scan', dir, '--format', 'json', '--fail-on', 'LOW']);
    const findings = (JSON.parse(r.stdout) as JsonReport).targets[0]!.findings;
    const latest = findings.find((f) => f.ruleId === 'LS-DF-005')!;
    assert.equal(latest.suppressed!.by, 'inline');
    assert.equal(latest.suppressed!.reason, 'pinned by renovate elsewhere');
    const root = findings.find((f) => f.ruleId === 'LS-DF-001')!;
    assert.equal(root.suppressed!.by, 'ignorefile');
    const active = findings.filter((f) => !f.suppressed && ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].includes(f.severity));
    assert.equal(r.code, active.length > 0 ? 1 : 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('.leftshift.yaml supplies defaults; flags win; unknown keys are exit 2', () => {
  const dir = tmp();
  try {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:latest\n');
    writeFileSync(join(dir, '.leftshift.yaml'), 'format: json\nfail-on: MEDIUM\nseverity: [HIGH, CRITICAL]\n');
    const r = cli(['scan', dir]);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.ok(report.targets[0]!.findings.every((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL'));
    assert.equal(r.code, report.targets[0]!.findings.some((f) => !f.suppressed) ? 1 : 0);
    const md = cli(['scan', dir, '--format', 'markdown']);
    assert.ok(!md.stdout.trimStart().startsWith('{'));
    writeFileSync(join(dir, '.leftshift.yaml'), 'fail_on: HIGH\n');
    const bad = cli(['scan', dir]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown option "fail_on"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--output writes the report atomically and leaves stdout empty', () => {
  const dir = tmp();
  try {
    const out = join(dir, 'report.sarif');
    const r = cli(['scan', 'examples/insecure-node', '--format', 'sarif', '--output', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0]!.results.length > 5);
    assert.deepEqual(readdirSync(dir), ['report.sarif']);
    const missing = cli(['scan', 'examples/insecure-node', '--output', join(dir, 'no', 'such', 'dir', 'r.json')]);
    assert.equal(missing.code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('context command lists what the builder receives, honouring Dockerfile.dockerignore', () => {
  const dir = tmp();
  try {
    for (const p of ['Dockerfile', 'app.Dockerfile', 'src/a.js', 'src/b.test.js', 'secrets/.env', 'docs/x.md']) {
      mkdirSync(join(dir, dirname(p)), { recursive: true });
      writeFileSync(join(dir, p), 'x');
    }
    writeFileSync(join(dir, '.dockerignore'), 'secrets\n**/*.test.js\n');
    writeFileSync(join(dir, 'app.Dockerfile.dockerignore'), 'docs\n');
    const r = cli(['context', dir, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { files: ['.dockerignore', 'Dockerfile', 'app.Dockerfile', 'app.Dockerfile.dockerignore', 'docs/x.md', 'src/a.js'] });
    const named = cli(['context', dir, '-f', join(dir, 'app.Dockerfile'), '--format', 'json']);
    const files = (JSON.parse(named.stdout) as { files: string[] }).files;
    assert.ok(files.includes('secrets/.env'), 'app.Dockerfile.dockerignore replaces .dockerignore');
    assert.ok(files.includes('src/b.test.js'));
    assert.ok(!files.includes('docs/x.md'));
    assert.ok(files.includes('app.Dockerfile'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a symlink loop in the build context does not hang or crash the scan', () => {
  const dir = tmp();
  try {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nCOPY . /app\nUSER 1000\n');
    mkdirSync(join(dir, 'd'));
    symlinkSync('..', join(dir, 'd', 'up'));
    symlinkSync('b', join(dir, 'a'));
    symlinkSync('a', join(dir, 'b'));
    const r = cli(['scan', dir, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const ctx = cli(['context', dir, '--format', 'json']);
    assert.deepEqual((JSON.parse(ctx.stdout) as { files: string[] }).files, ['Dockerfile', 'a', 'b', 'd/up']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rules --format json lists every rule with id, kind, severity, title, aliases, docs', () => {
  const r = cli(['rules', '--format', 'json']);
  assert.equal(r.code, 0);
  const { rules } = JSON.parse(r.stdout) as { rules: Array<{ id: string; kind: string; severity: string; title: string; aliases: string[]; docs: string }> };
  assert.ok(rules.length >= 40, `only ${rules.length} rules`);
  assert.equal(new Set(rules.map((x) => x.id)).size, rules.length, 'rule ids are unique');
  for (const rule of rules) {
    assert.match(rule.id, /^LS-[A-Z0-9]+-\d{3}$/);
    assert.ok(['misconfiguration', 'secret', 'vulnerability'].includes(rule.kind));
    assert.ok(rule.title.length > 5 && rule.docs.length > 20, rule.id);
  }
  assert.ok(rules.find((x) => x.id === 'LS-DF-001')!.aliases.includes('hadolint:DL3002'));
});

test('table output: no ANSI escapes when NO_COLOR is set or stdout is not a TTY', () => {
  const r = cli(['scan', 'examples/insecure-node']);
  assert.equal(r.code, 0);
  assert.ok(!r.stdout.includes('\x1b['));
  assert.match(r.stdout, /LS-DF-001/);
  assert.equal(r.stderr, '', 'progress must stay off when stderr is not a terminal');
});

test('--version prints the package version', () => {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
  const r = cli(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), pkg.version);
});

test('docs/rules.md is generated from the rules and up to date (npm run docs)', () => {
  const r = cli(['rules', '--format', 'markdown']);
  assert.equal(r.code, 0);
  assert.equal(readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8'), r.stdout, 'docs/rules.md is stale: run npm run docs');
});

test('a malformed .dockerignore is a finding on that file (scan) and an error (context command)', () => {
  const dir = tmp();
  try {
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'Dockerfile'), 'FROM alpine:3.22\nCOPY . .\nUSER 1\n');
    writeFileSync(join(dir, 'a', '.dockerignore'), '# ok\nnode_modules\n[abc\n');
    const { report } = scanJson([dir]);
    const f = report.targets[0]!.findings.find((x) => x.ruleId === 'LS-CTX-005');
    assert.ok(f, 'expected LS-CTX-005');
    assert.equal(f!.location.path.endsWith('a/.dockerignore'), true);
    assert.equal(f!.location.line, 3);
    const ctx = cli(['context', join(dir, 'a')]);
    assert.equal(ctx.code, 2);
    assert.match(ctx.stderr, /\.dockerignore:3/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('deploy phase through the CLI: hardened Kubernetes and Compose examples are clean, insecure ones are not', () => {
  for (const dir of ['examples/k8s/hardened', 'examples/compose/hardened']) {
    const r = cli(['scan', dir, '--format', 'json', '--production', '--fail-on', 'INFO']);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.ok(report.targets.length > 0, `${dir}: no deploy targets found`);
    const active = report.targets.flatMap((t) => t.findings.filter((f) => !f.suppressed).map((f) => `${t.name}: ${f.ruleId}`));
    assert.deepEqual(active, [], dir);
    assert.equal(r.code, 0);
  }
  const k8s = scanJson(['examples/k8s/insecure']).report;
  const ids = new Set(k8s.targets.flatMap((t) => t.findings.map((f) => f.ruleId)));
  for (const id of ['LS-K8S-002', 'LS-K8S-004', 'LS-K8S-012']) assert.ok(ids.has(id), id);
  assert.ok(k8s.targets.every((t) => t.kind === 'kubernetes'));
  const compose = scanJson(['examples/compose/insecure']).report;
  assert.ok(compose.targets.some((t) => t.kind === 'compose' && t.findings.some((f) => f.ruleId.startsWith('LS-COMPOSE-'))));
});
