import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { scanDockerfile } from '../../../src/scan/dockerfile-scan.js';
import { buildPhaseRules } from '../../../src/rules/index.js';
import type { Finding } from '../../../src/findings/types.js';

/** A real RSA private key, generated per run (never committed). */
const PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const TOKEN = randomBytes(24).toString('base64url');

async function scan(files: Record<string, string>, dockerfile: string): Promise<Finding[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ls-ctx-'));
  try {
    for (const [p, content] of Object.entries({ ...files, Dockerfile: dockerfile })) {
      mkdirSync(join(dir, dirname(p)), { recursive: true });
      writeFileSync(join(dir, p), content);
    }
    const r = await scanDockerfile({ text: dockerfile, displayPath: 'Dockerfile', absPath: join(dir, 'Dockerfile'), contextDir: dir, displayRoot: dir, rules: buildPhaseRules() });
    return r.target.findings;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const only = (fs: Finding[], id: string) => fs.filter((f) => f.ruleId === id);

test('LS-CTX-001: a private key named by COPY fires; into a build stage only it is one level lower', async () => {
  const final = await scan({ 'keys/id_rsa': PRIVATE_KEY, '.dockerignore': '.git\n' }, 'FROM alpine:3.20\nCOPY keys/id_rsa /root/.ssh/id_rsa\nUSER 1000\n');
  const hits = only(final, 'LS-CTX-001');
  assert.equal(hits.length, 1);
  assert.equal(hits[0]!.location.line, 2);
  assert.match(hits[0]!.message, /keys\/id_rsa/);
  const build = await scan({ 'keys/id_rsa': PRIVATE_KEY, '.dockerignore': '.git\n' }, 'FROM alpine:3.20 AS build\nCOPY keys/id_rsa /root/.ssh/id_rsa\nFROM alpine:3.20\nUSER 1000\n');
  const lower = only(build, 'LS-CTX-001');
  assert.equal(lower.length, 1);
  const rank = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
  assert.equal(rank.indexOf(lower[0]!.severity), rank.indexOf(hits[0]!.severity) - 1);
  // The key's content is found by the secret engine too, reported at the key file, redacted.
  const content = final.filter((f) => f.kind === 'secret' && f.location.path === 'keys/id_rsa');
  assert.ok(content.length >= 1);
  assert.ok(!JSON.stringify(final).includes(PRIVATE_KEY.split('\n')[1]!), 'key material leaked');
});

test('LS-CTX-001: .npmrc only counts when it holds a token', async () => {
  const df = 'FROM node:22-slim\nCOPY .npmrc /root/.npmrc\nUSER node\n';
  const plain = await scan({ '.npmrc': 'registry=https://registry.npmjs.org/\n', '.dockerignore': '.git\n' }, df);
  assert.equal(only(plain, 'LS-CTX-001').length, 0);
  const withToken = await scan({ '.npmrc': `//registry.npmjs.org/:_authToken=${TOKEN}\n`, '.dockerignore': '.git\n' }, df);
  assert.equal(only(withToken, 'LS-CTX-001').length, 1);
});

test('LS-CTX-002: a credential reaching the image only through COPY . . is a .dockerignore gap', async () => {
  const env = `API_TOKEN=${TOKEN}\n`;
  const gap = await scan({ '.env': env, 'app.js': 'x', '.dockerignore': 'node_modules\n' }, 'FROM node:22-slim\nCOPY . /app\nUSER node\n');
  const hits = only(gap, 'LS-CTX-002');
  assert.equal(hits.length, 1);
  assert.match(hits[0]!.message, /\.env/);
  assert.equal(only(gap, 'LS-CTX-001').length, 0, 'not reported twice');
  const fixed = await scan({ '.env': env, 'app.js': 'x', '.dockerignore': 'node_modules\n.env\n' }, 'FROM node:22-slim\nCOPY . /app\nUSER node\n');
  assert.equal(only(fixed, 'LS-CTX-002').length, 0);
  assert.equal(fixed.filter((f) => f.location.path === '.env').length, 0, 'an excluded file is never read');
  const notCopied = await scan({ '.env': env, 'app.js': 'x', '.dockerignore': 'node_modules\n' }, 'FROM node:22-slim\nCOPY app.js /app/\nUSER node\n');
  assert.equal(notCopied.filter((f) => f.kind === 'secret').length, 0, 'a secret no COPY reaches is not a finding');
});

test('LS-CTX-003: broad COPY without .dockerignore, or with one that lets .git through', async () => {
  const none = only(await scan({ 'a.js': 'x' }, 'FROM node:22-slim\nCOPY . .\nUSER node\n'), 'LS-CTX-003');
  assert.equal(none.length, 1);
  assert.equal(none[0]!.severity, 'MEDIUM');
  const weak = only(await scan({ 'a.js': 'x', '.git/config': '[core]\n', '.dockerignore': 'node_modules\n' }, 'FROM node:22-slim\nCOPY . .\nUSER node\n'), 'LS-CTX-003');
  assert.equal(weak.length, 1);
  assert.equal(weak[0]!.severity, 'LOW');
  assert.match(weak[0]!.message, /\.git/);
  assert.equal(only(await scan({ 'a.js': 'x', '.git/config': '[core]\n', '.dockerignore': '.git\n' }, 'FROM node:22-slim\nCOPY . .\nUSER node\n'), 'LS-CTX-003').length, 0);
  assert.equal(only(await scan({ 'a.js': 'x' }, 'FROM node:22-slim\nCOPY a.js .\nUSER node\n'), 'LS-CTX-003').length, 0);
});

test('LS-CTX-004: COPY sources that select nothing, and why', async () => {
  const fs = await scan({ 'config/app.yaml': 'a: 1\n', 'src/x.js': 'x', '.dockerignore': 'config\n' }, 'FROM alpine:3.20\nCOPY config/app.yaml /etc/app/\nCOPY missing.txt /x\nCOPY ../outside /y\nCOPY src/*.js --from=0 /z\nCOPY src /src\nUSER 1\n');
  const hits = only(fs, 'LS-CTX-004');
  // Line 5: flags must come before the sources, so `--from=0` there is a (missing) source path.
  assert.deepEqual(hits.map((h) => h.location.line), [2, 3, 4, 5]);
  assert.match(hits[3]!.message, /--from=0/);
  assert.match(hits[0]!.message, /excludes it/);
  assert.match(hits[1]!.message, /no such file/);
  assert.match(hits[2]!.message, /\.\./);
});

test('secret content in a copied file is reported at the file, with the copying line in the message', async () => {
  const fs = await scan({ 'conf/settings.py': `DB_PASSWORD = "${TOKEN}"\n`, '.dockerignore': '.git\n' }, 'FROM python:3.12-slim\nCOPY conf /app/conf\nUSER 1000\n');
  const secret = fs.find((f) => f.location.path === 'conf/settings.py');
  assert.ok(secret, 'expected a secret finding in conf/settings.py');
  assert.equal(secret!.kind, 'secret');
  assert.equal(secret!.location.line, 1);
  assert.match(secret!.message, /Dockerfile:2/);
  assert.ok(!JSON.stringify(fs).includes(TOKEN));
});
