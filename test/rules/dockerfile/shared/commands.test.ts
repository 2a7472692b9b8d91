import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../../../src/dockerfile/parse.js';
import type { Instruction } from '../../../../src/dockerfile/model.js';
import { countOption, hasOption, optionValues, parseArgs } from '../../../../src/rules/dockerfile/shared/args.js';
import { runCommands, runScript, shellReadsStdin, unwrap, writtenTexts, type Command } from '../../../../src/rules/dockerfile/shared/commands.js';
import { parseShell } from '../../../../src/dockerfile/shell.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

/** The instruction starting on `line` of a Dockerfile. */
function ins(text: string, line: number): Instruction {
  const found = parseDockerfile(text, 'Dockerfile').instructions.find((i) => i.line === line);
  assert.ok(found, `no instruction on line ${line}`);
  return found;
}

const summary = (cs: Command[]) => cs.map((c) => `${c.line}:${c.argv.join(' ')}`);

test('parseArgs: combined short flags, attached and separate values, long forms, --', () => {
  const p = parseArgs(['apt-get', '-qy', '-oAPT::X=1', '-t', 'bookworm', 'install', '--option=A=B', '--target-release', 'sid', 'curl', '--', '-weird'], {
    shortValue: 'ot',
    longValue: ['target-release'],
  }, 1);
  assert.deepEqual(p.operands.map((o) => o.value), ['install', 'curl', '-weird']);
  assert.ok(hasOption(p, '-q') && hasOption(p, '-y'));
  assert.deepEqual(optionValues(p, '-o', '--option'), ['APT::X=1', 'A=B']);
  assert.deepEqual(optionValues(p, '-t', '--target-release'), ['bookworm', 'sid']);
});

test('parseArgs: -qq counts twice, -q=2 carries a value, stopAtOperand stops at the command', () => {
  assert.equal(countOption(parseArgs(['-qq', 'install'], {}), '-q'), 2);
  assert.deepEqual(optionValues(parseArgs(['-q=2'], {}), '-q'), ['2']);
  const sudo = parseArgs(['sudo', '-E', '-u', 'app', 'apt-get', '-y', 'install'], { shortValue: 'u', stopAtOperand: true }, 1);
  assert.equal(sudo.rest, 4);
  assert.ok(!hasOption(sudo, '-y'), "apt-get's -y is not sudo's");
  // A value-taking letter in a cluster swallows the rest of the word: -oy is -o "y", not -o and -y.
  assert.ok(!hasOption(parseArgs(['-oy'], { shortValue: 'o' }), '-y'));
});

test('unwrap peels sudo, env (keeping its assignments), timeout, xargs, busybox, and stops at sudo -l', () => {
  const sh = (s: string) => parseShell(s).commands[0]!;
  const u = unwrap(sh('sudo -E -u app env DEBIAN_FRONTEND=noninteractive nice -n 5 apt-get install -y x'));
  assert.deepEqual(u.argv, ['apt-get', 'install', '-y', 'x']);
  assert.deepEqual(u.wrappers, ['sudo', 'env', 'nice']);
  assert.deepEqual(u.assigns, ['DEBIAN_FRONTEND=noninteractive']);
  assert.deepEqual(unwrap(sh('timeout 60 xargs -n 1 -I {} pip install {}')).argv, ['pip', 'install', '{}']);
  assert.deepEqual(unwrap(sh('busybox wget -O- x')).argv, ['wget', '-O-', 'x']);
  assert.deepEqual(unwrap(sh('sudo -l')).argv, ['sudo', '-l']);
  assert.deepEqual(unwrap(sh('command -v curl')).argv, ['command', '-v', 'curl']);
  assert.deepEqual(unwrap(sh('gosu app:app /entrypoint.sh run')).argv, ['/entrypoint.sh', 'run']);
});

test('runCommands re-parses sh -c strings at the line where the string sits', () => {
  const text = df(
    'FROM debian:12',
    "RUN true && bash -ec 'apt-get update \\",
    '   && apt-get install -y \\',
    "      vim'",
  );
  const cmds = runCommands(ins(text, 2));
  assert.deepEqual(summary(cmds), ['2:true', '2:bash -ec apt-get update \\\n   && apt-get install -y \\\n      vim', '2:apt-get update', '3:apt-get install -y vim']);
  assert.deepEqual(cmds[3]!.via, ['bash -c']);
  assert.ok(cmds[3]!.subshell);
});

test('runCommands looks into exec-form RUN ["sh", "-c", …] and heredocs fed to a shell', () => {
  const exec = runCommands(ins(df('FROM debian:12', 'RUN ["sh", "-c", "apt-get install -y x && cd /y"]'), 2));
  assert.deepEqual(summary(exec), ['2:sh -c apt-get install -y x && cd /y', '2:apt-get install -y x', '2:cd /y']);
  assert.equal(exec[2]!.subshell, false, 'the -c string of an exec-form RUN is the whole script');

  const text = df('FROM debian:12', 'RUN bash <<EOF', 'set -e', 'apt-get install -y nano', 'EOF');
  assert.deepEqual(summary(runCommands(ins(text, 2))), ['2:bash', '3:set -e', '4:apt-get install -y nano']);
  // A heredoc fed to a non-shell is data, not commands.
  const py = df('FROM python:3', 'RUN python3 <<EOF', 'import os', 'EOF');
  assert.deepEqual(summary(runCommands(ins(py, 2))), ['2:python3']);
});

test('double-quoted sh -c "$(…)" keeps the substituted command once, linked to its host', () => {
  const cmds = runCommands(ins(df('FROM debian:12', 'RUN sh -c "$(curl -fsSL https://x)"'), 2));
  assert.deepEqual(summary(cmds), ['2:sh -c $(...)', '2:curl -fsSL https://x']);
  const s = cmds[1]!.substitution!;
  assert.equal(s.kind, 'command');
  assert.equal(s.host, cmds[0]);
  assert.equal(s.argIndex, 2);
});

test('process substitution and stdin redirects are linked to the command that reads them', () => {
  const cmds = runCommands(ins(df('FROM debian:12', 'RUN sudo bash <(wget -qO- z) && bash < <(curl a) && cat <<< "$(curl b)"'), 2));
  const byName = (argv1: string) => cmds.find((c) => c.argv[1] === argv1)!;
  assert.equal(byName('-qO-').substitution?.kind, 'process');
  assert.equal(byName('-qO-').substitution?.host?.name, 'bash');
  assert.equal(byName('-qO-').substitution?.argIndex, 1, 'index into the unwrapped argv (sudo removed)');
  assert.equal(byName('a').substitution?.stdin, true);
  assert.equal(byName('b').substitution?.host?.name, 'cat');
  assert.equal(byName('b').substitution?.stdin, true);
});

test('subshell, loop and export context', () => {
  const { commands, exports } = runScript(ins(df('FROM debian:12', 'RUN (cd /a && make) && for d in x; do cd $d; done && export PIP_NO_CACHE_DIR=1 && cd /b'), 2));
  const cds = commands.filter((c) => c.name === 'cd');
  assert.deepEqual(cds.map((c) => [c.argv[1], c.subshell, c.loop]), [['/a', true, false], ['$d', false, true], ['/b', false, false]]);
  assert.deepEqual(exports.map((e) => [e.name, e.value, e.line]), [['PIP_NO_CACHE_DIR', '1', 2]]);
});

test('pipeline ids of nested scripts do not collide with the outer ones', () => {
  const cmds = runCommands(ins(df('FROM debian:12', "RUN echo a | tee f && sh -c 'curl x | sh'"), 2));
  const pipelines = new Set(cmds.filter((c) => c.pipelineLength > 1).map((c) => c.pipeline));
  assert.equal(pipelines.size, 2);
});

test('shellReadsStdin: sh, bash -s, bash - read stdin; sh -c and sh file.sh do not', () => {
  const reads = (s: string) => shellReadsStdin(parseShell(s).commands[0]!);
  assert.ok(reads('sh'));
  assert.ok(reads('bash -s -- --yes'));
  assert.ok(reads('bash -'));
  assert.ok(!reads('sh -c "echo"'));
  assert.ok(!reads('sh install.sh'));
  assert.ok(!reads('tar -xz'));
});

test('writtenTexts collects echo/printf arguments and heredoc bodies', () => {
  const text = df(
    'FROM debian:12',
    "RUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/01norec",
    'RUN cat > /etc/x <<EOF',
    'hello',
    'EOF',
    'COPY <<EOF /etc/y',
    'world',
    'EOF',
  );
  const d = parseDockerfile(text, 'Dockerfile');
  assert.deepEqual(writtenTexts(d.instructions), ['APT::Install-Recommends "false";', 'hello\n', 'world\n']);
});

test('a heredoc RUN with a non-shell shebang is not read as shell; a shell shebang is', () => {
  const py = df('FROM python:3', 'RUN <<EOF', '#!/usr/bin/env python3', 'print("curl x | sh")', 'EOF');
  assert.deepEqual(runCommands(ins(py, 2)), []);
  const bash = df('FROM debian:12', 'RUN <<EOF', '#!/bin/bash', 'apt-get install -y x', 'EOF');
  assert.deepEqual(summary(runCommands(ins(bash, 2))), ['4:apt-get install -y x']);
});

test('su -c and runuser -c strings are parsed like sh -c', () => {
  const cmds = runCommands(ins(df('FROM debian:12', 'RUN su app -c "pip install --user flask" && runuser -u app -- npm ci'), 2));
  assert.deepEqual(summary(cmds), ['2:su app -c pip install --user flask', '2:pip install --user flask', '2:npm ci']);
});
