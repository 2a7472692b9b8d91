import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/pipe-to-shell.js';
import { hitLines, runRule } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('fires on curl | sh, wget -O- | bash, sudo bash -, python -, and points at the download line', () => {
  const text = df(
    'FROM debian:12',
    'RUN curl -fsSL https://a.example/install.sh | sh',
    'RUN apt-get update && \\',
    '    wget -qO- https://b.example/setup \\',
    '      | sudo -E bash -',
    'RUN curl -sSL https://c.example/get.py | python3 -',
    'RUN wget -O - https://d.example/x | env FOO=1 bash -s -- --yes',
  );
  assert.deepEqual(hitLines(rule, text), [2, 4, 6, 7]);
  const [, second] = runRule(rule, text);
  assert.match(second!.message, /sudo -E bash/);
});

test('fires through filters in the pipeline: curl | tar -xO | sh, curl | base64 -d | bash', () => {
  assert.deepEqual(hitLines(rule, df('FROM debian:12', 'RUN curl -fsSL https://x/a.tgz | tar -xzO install.sh | sh')), [2]);
  assert.deepEqual(hitLines(rule, df('FROM debian:12', 'RUN curl -s https://x | base64 -d | bash')), [2]);
});

test('fires on substitutions used as code: sh -c "$(curl)", eval, bash <(curl), source <(curl), bash < <(curl), bash <<< "$(curl)"', () => {
  const text = df(
    'FROM debian:12',
    'RUN sh -c "$(curl -fsSL https://x/install.sh)"',
    'RUN eval "$(wget -qO- https://x/env)"',
    'RUN bash <(curl -s https://x/a)',
    'RUN source <(curl -s https://x/b)',
    'RUN bash < <(curl -s https://x/c)',
    'RUN bash <<< "$(curl -s https://x/d)"',
    'RUN $(curl -s https://x/cmd)',
  );
  assert.deepEqual(hitLines(rule, text), [2, 3, 4, 5, 6, 7, 8]);
});

test('fires inside sh -c strings, heredoc RUNs and shell-form CMD', () => {
  const text = df(
    'FROM debian:12',
    "RUN sh -c 'curl -fsSL https://x | sh'",
    'RUN <<EOF',
    'set -e',
    'curl -fsSL https://y | bash',
    'EOF',
    'CMD curl -s https://z | sh',
  );
  assert.deepEqual(hitLines(rule, text), [2, 5, 7]);
});

test('does not fire when the download is saved, verified, or piped into a non-interpreter', () => {
  const text = df(
    'FROM debian:12',
    'RUN curl -fsSLo /tmp/install.sh https://x/install.sh && echo "abc  /tmp/install.sh" | sha256sum -c - && sh /tmp/install.sh',
    'RUN wget https://x/install.sh | sh',
    'RUN curl -fsSL https://x/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg',
    'RUN curl -fsSL https://x/a.tgz | tar -xz -C /opt',
    'RUN curl -s https://x/data.json | python3 -m json.tool',
    'RUN curl -s https://x/data | python3 -c "import sys; print(len(sys.stdin.read()))"',
    'RUN curl -s https://x | sh -c "cat > /tmp/f"',
    'RUN bash /opt/script.sh "$(curl -s https://x/version)"',
    'RUN echo "curl https://x | sh" > /notes.txt',
  );
  assert.deepEqual(hitLines(rule, text), []);
});
