import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/sudo.js';
import { hitLines, runRule } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('fires on sudo in RUN, at the line of the sudo command in a multi-line RUN', () => {
  const text = df(
    'FROM debian:12',
    'USER app',
    'RUN sudo apt-get update',
    'RUN echo start && \\',
    '    sudo -E -u root apt-get install -y curl && \\',
    '    echo done',
  );
  assert.deepEqual(hitLines(rule, text), [3, 5]);
  assert.match(runRule(rule, text)[1]!.message, /`sudo` is used to run `apt-get`/);
});

test('fires on sudo behind env/nice, inside sh -c, and on doas', () => {
  const text = df(
    'FROM debian:12',
    'RUN env LANG=C sudo make install',
    "RUN sh -c 'sudo rm -rf /tmp/x'",
    'RUN doas apk add curl',
    'RUN sudo -l',
  );
  assert.deepEqual(hitLines(rule, text), [2, 3, 4, 5]);
});

test('one hit per line even with several sudo commands on it', () => {
  assert.deepEqual(hitLines(rule, df('FROM debian:12', 'RUN sudo apt-get update && sudo apt-get install -y x')), [2]);
});

test('does not fire on sudo as a package name, in echo text, or outside RUN', () => {
  const text = df(
    'FROM debian:12',
    'RUN apt-get install -y sudo',
    'RUN echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app',
    'RUN grep sudo /etc/group',
    'CMD ["sudo", "-u", "app", "server"]',
  );
  assert.deepEqual(hitLines(rule, text), []);
});
