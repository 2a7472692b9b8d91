import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/apt-get-install-recommends.js';
import { hitLines } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('fires on apt-get/apt install without --no-install-recommends, at the install line', () => {
  const text = df(
    'FROM debian:12',
    'RUN apt-get update \\',
    '  && apt-get install -y \\',
    '       python3 \\',
    '  && rm -rf /var/lib/apt/lists/*',
    'RUN apt install -y vim',
    'RUN bash -c "apt-get -y install nano"',
    'RUN apt-get install -y --no-install-recommends a && apt-get install -y b',
  );
  assert.deepEqual(hitLines(rule, text), [3, 6, 7, 8]);
});

test('fires when recommends are switched back on, or the option names another key', () => {
  const text = df(
    'FROM debian:12',
    'RUN apt-get install -y --no-install-recommends -o APT::Install-Recommends=true curl',
    'RUN apt-get install -y -o APT::Install-Suggests=false curl',
  );
  assert.deepEqual(hitLines(rule, text), [2, 3]);
});

test('does not fire with --no-install-recommends anywhere, or APT::Install-Recommends=false/0 options', () => {
  const text = df(
    'FROM debian:12',
    'RUN apt-get install -y curl --no-install-recommends',
    'RUN apt-get -o APT::Install-Recommends=false install -y curl',
    'RUN apt-get install -y -oAPT::Install-Recommends=0 curl',
    'RUN apt-get install -y --option=apt::install-recommends=no curl',
    'RUN apt-get update && apt-get upgrade -y',
  );
  assert.deepEqual(hitLines(rule, text), []);
});

test('an earlier apt.conf.d snippet disabling recommends (RUN echo or COPY heredoc) counts', () => {
  const viaEcho = df(
    'FROM debian:12',
    "RUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/01norecommends",
    'RUN apt-get install -y curl',
  );
  assert.deepEqual(hitLines(rule, viaEcho), []);
  const viaCopy = df('FROM debian:12', 'COPY <<EOF /etc/apt/apt.conf.d/01norec', 'APT::Install-Recommends "false";', 'EOF', 'RUN apt-get install -y curl');
  assert.deepEqual(hitLines(rule, viaCopy), []);
  const after = df('FROM debian:12', 'RUN apt-get install -y curl', "RUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/01norecommends");
  assert.deepEqual(hitLines(rule, after), [2]);
});
