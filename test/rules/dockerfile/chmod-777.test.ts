import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { worldWritable } from '../../../src/rules/dockerfile/chmod-777.js';
import { hitLines } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('worldWritable: octal and symbolic modes', () => {
  for (const m of ['777', '0777', '666', '0666', '2777', '772', 'o+w', 'a+rwx', 'ugo+rwx', 'a=rw', 'u+x,o+w', 'go+w']) assert.ok(worldWritable(m), m);
  for (const m of ['755', '0755', '644', '1777', '775', 'o-w', 'u+w', '+x', 'g+w', 'a+rwxt', 'a-w', 'ugo=rx', 'not-a-mode']) assert.ok(!worldWritable(m), m);
});

test('fires on chmod 777 / -R / symbolic, mkdir -m, install -m, at the command line', () => {
  const text = df(
    'FROM debian:12',
    'RUN mkdir -p /data && \\',
    '    chmod -R 777 /data',
    'RUN chmod a+rwx /app/run.sh',
    'RUN sudo chmod 0666 /etc/app.conf',
    'RUN mkdir -m 777 /cache && install -m 0777 tool /usr/local/bin/tool',
    "RUN sh -c 'chmod o+w /srv'",
  );
  assert.deepEqual(hitLines(rule, text), [3, 4, 5, 6, 6, 7]);
});

test('fires on COPY/ADD --chmod=777', () => {
  const text = df('FROM debian:12', 'COPY --chmod=777 app /app', 'ADD --chown=app --chmod=0666 conf /etc/conf', 'COPY --chmod=755 bin /bin/x');
  assert.deepEqual(hitLines(rule, text), [2, 3]);
});

test('does not fire on safe modes, sticky world-writable dirs, removals of write, or reference modes', () => {
  const text = df(
    'FROM debian:12',
    'RUN chmod 755 /app && chmod -R u+rwX,go+rX /srv && chmod 1777 /scratch && chmod o-w /x',
    'RUN chmod --reference=/etc/passwd /etc/x && chmod -w /y',
    'RUN mkdir -m 750 /data && install -d -m 0755 /opt/x',
    'RUN echo "chmod 777 /data" > /notes',
  );
  assert.deepEqual(hitLines(rule, text), []);
});
