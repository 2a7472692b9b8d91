import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShell, pipedInto } from '../../src/dockerfile/shell.js';

test('commands of && chains, pipes and subshells with their lines', () => {
  const { commands, error } = parseShell('apt-get update && \\\n  apt-get install -y "curl" \\\n  && (cd /src && make) | tee log\n', 10);
  assert.equal(error, undefined);
  assert.deepEqual(commands.map((c) => [c.name, c.line]), [['apt-get', 10], ['apt-get', 11], ['cd', 12], ['make', 12], ['tee', 12]]);
  assert.deepEqual(commands[1]!.argv, ['apt-get', 'install', '-y', 'curl']);
});

test('pipelines: position and length (pins mvdan/sh operator codes)', () => {
  const { commands } = parseShell('curl -fsSL https://x | sudo bash - ; a | b | c; wget -qO- u |& sh');
  const curl = commands.find((c) => c.name === 'curl')!;
  assert.equal(curl.pipelineLength, 2);
  assert.deepEqual(pipedInto(commands, curl).map((c) => c.name), ['sudo']);
  const b = commands.find((c) => c.name === 'b')!;
  assert.equal(b.position, 1);
  assert.equal(b.pipelineLength, 3);
  assert.deepEqual(pipedInto(commands, commands.find((c) => c.name === 'wget')!).map((c) => c.name), ['sh']);
  assert.equal(commands.find((c) => c.name === 'tee'), undefined);
});

test('an && chain is not a pipeline', () => {
  const { commands } = parseShell('a && b || c');
  assert.ok(commands.every((c) => c.pipelineLength === 1));
  assert.equal(new Set(commands.map((c) => c.pipeline)).size, 3);
});

test('words: quotes removed, expansions kept symbolic, paths reduced to the basename', () => {
  const { commands } = parseShell('FOO=1 /usr/bin/pip install "$PKG" \'x y\' $(cat req) --no-cache-dir');
  assert.equal(commands[0]!.name, 'pip');
  assert.deepEqual(commands[0]!.assigns, ['FOO=1']);
  assert.deepEqual(commands[0]!.argv.slice(2), ['$PKG', 'x y', '$(...)', '--no-cache-dir']);
  assert.ok(commands.some((c) => c.name === 'cat'), 'commands inside $(...) are visited too');
});

test('heredoc inside the script is not mistaken for commands', () => {
  const { commands } = parseShell('cat > /etc/x <<EOF\nrm -rf /\nEOF\necho done\n');
  assert.deepEqual(commands.map((c) => c.name), ['cat', 'echo']);
});

test('syntax errors give an error and a best-effort split instead of a throw', () => {
  const r = parseShell('if then (\napt-get install x | sh', 5);
  assert.ok(r.error && /must be followed|reached EOF|unclosed/.test(r.error), r.error);
  assert.match(r.error!, /^line 5 column 1: /, 'error positions are Dockerfile lines');
  const apt = r.commands.find((c) => c.name === 'apt-get');
  assert.ok(apt);
  assert.equal(apt!.line, 6);
});

test('quoting details: backslashes in double quotes, parameter operators, process substitution', () => {
  const [printf] = parseShell('printf "a\\nb \\"q\\" \\$HOME" a\\ b').commands;
  assert.deepEqual(printf!.argv, ['printf', 'a\\nb "q" $HOME', 'a b']);
  const [echo] = parseShell('echo ${X:-def} ${#X} ${X/a/b} ${Y} $Z "$W"').commands;
  assert.deepEqual(echo!.argv, ['echo', '${X:-def}', '${#X}', '${X/a/b}', '$Y', '$Z', '$W']);
  const bash = parseShell('bash <(curl -fsSL https://x) && diff <(a) >(b)').commands;
  assert.deepEqual(bash[0]!.argv, ['bash', '<(...)']);
  assert.ok(bash.some((c) => c.name === 'curl'));
  assert.deepEqual(bash.find((c) => c.name === 'diff')!.argv, ['diff', '<(...)', '>(...)']);
});

test('results are cached and frozen so rules cannot change what others see', () => {
  const a = parseShell('apt-get install -y curl', 3);
  const b = parseShell('apt-get install -y curl', 3);
  assert.equal(a, b);
  assert.ok(Object.isFrozen(a.commands[0]!.argv));
  assert.notEqual(parseShell('apt-get install -y curl', 4), a, 'the start line is part of the key');
});
