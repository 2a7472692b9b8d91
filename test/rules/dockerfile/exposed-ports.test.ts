import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { parsePortSpec } from '../../../src/rules/dockerfile/exposed-ports.js';
import { hitLines, runRule } from '../helpers.js';

function severities(text: string): Array<[number | undefined, string | undefined]> {
  return runRule(rule, text).map((h) => [h.line, h.severity]);
}

test('remote-administration ports: 2375 HIGH, the others MEDIUM', () => {
  assert.deepEqual(severities('FROM alpine:3.20\nEXPOSE 2375\n'), [[2, 'HIGH']]);
  for (const port of ['22', '22/tcp', '23', '2376', '3389', '5900', '5985', '5986']) {
    assert.deepEqual(severities(`FROM alpine:3.20\nEXPOSE 8080 ${port}\n`), [[2, 'MEDIUM']], port);
  }
  assert.match(runRule(rule, 'FROM alpine:3.20\nEXPOSE 22\n')[0]!.message, /SSH/);
});

test('ranges are LOW with a count, raised when they cover an admin port', () => {
  const [hit] = runRule(rule, 'FROM alpine:3.20\nEXPOSE 8000-9000\n');
  assert.equal(hit!.severity, 'LOW');
  assert.match(hit!.message, /exposes 1001 ports/);
  assert.deepEqual(severities('FROM alpine:3.20\nEXPOSE 2370-2380/tcp\n'), [[2, 'HIGH']]);
});

test('invalid values are MEDIUM: 0, above 65535, non-numeric, bad protocol, host mappings, reversed ranges', () => {
  for (const bad of ['0', '70000', 'http', '80/http', '8080:80', '9000-8000', '1-70000']) {
    const hits = runRule(rule, `FROM alpine:3.20\nEXPOSE ${bad}\n`);
    assert.equal(hits.length, 1, bad);
    assert.equal(hits[0]!.severity, 'MEDIUM', bad);
    assert.match(hits[0]!.message, /not a valid port/, bad);
  }
});

test('expands variables, including values holding several ports, and reports on the EXPOSE line', () => {
  assert.deepEqual(severities('FROM alpine:3.20\nARG SSH=22\nEXPOSE ${SSH}\n'), [[3, 'MEDIUM']]);
  assert.deepEqual(severities('FROM alpine:3.20\nENV PORTS="80 2375"\nEXPOSE $PORTS\n'), [[3, 'HIGH']]);
  assert.deepEqual(severities('FROM alpine:3.20\nEXPOSE ${PORT:-70000}\n'), [[2, 'MEDIUM']]);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nEXPOSE 80 \\\n  22\n'), [2]);
});

test('does not fire on ordinary ports, UDP 22, or unset variables', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nEXPOSE 80 443/tcp 53/udp 8080 9090/sctp 65535\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nEXPOSE 22/udp\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nEXPOSE $PORT\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\n# EXPOSE 22\nEXPOSE 8080\n'), []);
});

test('parsePortSpec', () => {
  assert.deepEqual(parsePortSpec('80'), { kind: 'port', port: 80, protocol: 'tcp' });
  assert.deepEqual(parsePortSpec('53/UDP'), { kind: 'port', port: 53, protocol: 'udp' });
  assert.deepEqual(parsePortSpec('8000-8010'), { kind: 'range', start: 8000, end: 8010, protocol: 'tcp' });
  assert.equal(parsePortSpec('65536').kind, 'invalid');
});
