import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile, parseImageRef } from '../../src/dockerfile/parse.js';
import { flagValue, hasFlag, finalStage } from '../../src/dockerfile/model.js';

const DF = `# syntax=docker/dockerfile:1
ARG BASE=node:20-slim
ARG REGISTRY
FROM --platform=$BUILDPLATFORM \${BASE} AS Build
ENV APP=/app PORT="80 81"
# leftshift:ignore=LS-DF-019,ls-df-015 pinned by the lock file
RUN --mount=type=cache,target=/root/.npm \\
    npm ci && \\
# a comment inside the continuation
    npm run build
COPY --from=build --chown=1000:1000 ["dist one", "/srv/"]
FROM build
RUN <<EOF
set -e
echo hi
EOF
COPY <<-CONF /etc/app.conf
	key=value
	CONF
CMD ["node", "server.js"]
`;

test('instructions keep exact 1-based line ranges across continuations and heredocs', () => {
  const df = parseDockerfile(DF, 'Dockerfile');
  const at = df.instructions.map((i) => `${i.keyword}:${i.line}-${i.endLine}`);
  assert.deepEqual(at, ['ARG:2-2', 'ARG:3-3', 'FROM:4-4', 'ENV:5-5', 'RUN:7-10', 'COPY:11-11', 'FROM:12-12', 'RUN:13-16', 'COPY:17-19', 'CMD:20-20']);
});

test('flags are split from arguments; comment lines inside continuations are dropped', () => {
  const df = parseDockerfile(DF, 'Dockerfile');
  const run = df.instructions[4]!;
  assert.equal(flagValue(run, 'mount'), 'type=cache,target=/root/.npm');
  assert.equal(run.body.replace(/\s+/g, ' '), 'npm ci && npm run build');
  const copy = df.instructions[5]!;
  assert.ok(copy.jsonForm);
  assert.deepEqual(copy.args, ['dist one', '/srv/']);
  assert.equal(flagValue(copy, 'chown'), '1000:1000');
  assert.ok(hasFlag(copy, 'from'));
});

test('stages: names are case-insensitive, FROM expands global ARGs, FROM <stage> links to it', () => {
  const df = parseDockerfile(DF, 'Dockerfile');
  assert.equal(df.stages.length, 2);
  assert.equal(df.stages[0]!.name, 'build');
  const base = df.stages[0]!.base;
  assert.equal(base.kind, 'image');
  if (base.kind === 'image') {
    assert.equal(base.image.expanded, 'node:20-slim');
    assert.equal(base.image.repository, 'node');
    assert.equal(base.image.tag, '20-slim');
  }
  assert.equal(df.stages[0]!.platform, 'linux/amd64');
  assert.deepEqual(df.stages[1]!.base, { kind: 'stage', stage: 0 });
  assert.equal(finalStage(df)!.index, 1);
});

test('vars: ENV values are visible to later instructions and inherited by child stages', () => {
  const df = parseDockerfile(DF, 'Dockerfile');
  const run = df.instructions[4]!;
  assert.equal(run.vars.get('APP'), '/app');
  assert.equal(run.vars.get('PORT'), '80 81');
  const cmd = df.instructions[9]!;
  assert.equal(cmd.vars.get('APP'), '/app', 'stage 1 is built FROM stage 0 and inherits its ENV');
  assert.equal(cmd.vars.get('BASE'), undefined, 'global ARGs are not visible inside a stage unless redeclared');
});

test('ARG inside a stage picks up the global default and --build-arg overrides it', () => {
  const text = 'ARG V=1\nFROM alpine\nARG V\nRUN echo $V\n';
  assert.equal(parseDockerfile(text, 'D').instructions[3]!.vars.get('V'), '1');
  assert.equal(parseDockerfile(text, 'D', { buildArgs: new Map([['V', '2']]) }).instructions[3]!.vars.get('V'), '2');
});

test('inline suppressions above an instruction are collected with their reason', () => {
  const df = parseDockerfile(DF, 'Dockerfile');
  assert.deepEqual(df.instructions[4]!.suppressions, [
    { ruleId: 'LS-DF-019', reason: 'pinned by the lock file', line: 6 },
    { ruleId: 'LS-DF-015', reason: 'pinned by the lock file', line: 6 },
  ]);
  assert.deepEqual(df.instructions[3]!.suppressions, []);
});

test('heredocs: RUN <<EOF runs its content as the script; <<- strips tabs', () => {
  const df = parseDockerfile(DF, 'Dockerfile');
  const run = df.instructions[7]!;
  assert.deepEqual(run.script, { text: 'set -e\necho hi\n', line: 14 });
  const copy = df.instructions[8]!;
  assert.equal(copy.heredocs.length, 1);
  assert.equal(copy.heredocs[0]!.content, 'key=value\n');
  assert.equal(copy.heredocs[0]!.stripTabs, true);
});

test('the RUN script keeps line structure so shell line numbers map to the Dockerfile', () => {
  const df = parseDockerfile(DF, 'Dockerfile');
  const run = df.instructions[4]!;
  assert.equal(run.script!.line, 7);
  assert.equal(run.script!.text.split('\n').length, 4);
  assert.ok(!run.script!.text.includes('--mount'));
});

test('problems: unknown instructions, instructions before FROM, no FROM — never a throw', () => {
  assert.deepEqual(parseDockerfile('RUN echo\nFROM alpine\nFOO bar\n', 'D').problems.map((p) => p.line), [1, 3]);
  assert.match(parseDockerfile('# just a comment\n', 'D').problems[0]!.message, /no FROM/);
  assert.match(parseDockerfile('', 'D').problems[0]!.message, /no FROM/);
  const weird = parseDockerfile('FROM\nRUN [\nCOPY\n\\\n', 'D');
  assert.ok(weird.problems.some((p) => /FROM without an image/.test(p.message)));
});

test('escape directive: backtick continuations (Windows Dockerfiles)', () => {
  const df = parseDockerfile('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo a `\n    && echo b\n', 'D');
  assert.equal(df.escapeChar, '`');
  const run = df.instructions[1]!;
  assert.equal(run.line, 3);
  assert.equal(run.endLine, 4);
  assert.equal(run.body.replace(/\s+/g, ' '), 'echo a && echo b');
});

test('image references: registry, port, digest, library prefix', () => {
  const cases: Array<[string, Partial<ReturnType<typeof parseImageRef>>]> = [
    ['alpine', { registry: undefined, repository: 'alpine', tag: undefined, digest: undefined }],
    ['library/alpine:3.20', { repository: 'alpine', tag: '3.20' }],
    ['docker.io/library/node:20', { registry: undefined, repository: 'node', tag: '20' }],
    ['localhost:5000/app:1', { registry: 'localhost:5000', repository: 'app', tag: '1' }],
    ['ghcr.io/org/app@sha256:' + 'a'.repeat(64), { registry: 'ghcr.io', repository: 'org/app', tag: undefined, digest: 'sha256:' + 'a'.repeat(64) }],
    ['gcr.io/distroless/static-debian12:nonroot@sha256:' + 'b'.repeat(64), { registry: 'gcr.io', repository: 'distroless/static-debian12', tag: 'nonroot' }],
    ['myuser/app:latest', { registry: undefined, repository: 'myuser/app', tag: 'latest' }],
  ];
  for (const [ref, want] of cases) {
    const got = parseImageRef(ref, ref);
    for (const [k, v] of Object.entries(want)) assert.equal(got[k as keyof typeof got], v, `${ref} ${k}`);
  }
});

test('hadolint ignore comments are honoured as suppressions', () => {
  const df = parseDockerfile('FROM debian:12\n# hadolint ignore=DL3008,DL3015\nRUN apt-get install -y curl\n', 'D');
  assert.deepEqual(df.instructions[1]!.suppressions.map((s) => s.ruleId), ['DL3008', 'DL3015']);
  const other = parseDockerfile('FROM debian:12\n# just a note about leftshift\nRUN true\n', 'D');
  assert.deepEqual(other.instructions[1]!.suppressions, []);
});

test('argument counts Docker enforces become problems on their line', () => {
  const df = parseDockerfile('FROM alpine:3.20\nCOPY\nCOPY a\nCOPY <<EOF /x\nhi\nEOF\nUSER\nUSER a b\nHEALTHCHECK\nHEALTHCHECK CURL x\nHEALTHCHECK NONE\nSHELL /bin/sh -c\nSHELL ["/bin/bash", "-c"]\nWORKDIR /app\nEXPOSE\n', 'D');
  assert.deepEqual(df.problems.map((p) => p.line), [2, 3, 7, 8, 9, 10, 12, 15]);
  assert.match(df.problems[0]!.message, /COPY requires at least two arguments/);
  assert.match(df.problems[6]!.message, /JSON array form/);
});
