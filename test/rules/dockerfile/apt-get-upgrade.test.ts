import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/apt-get-upgrade.js';
import { hitLines } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('fires on whole-system upgrades with apt, apk, yum/dnf and zypper, at the command line', () => {
  const text = df(
    'FROM debian:12',
    'RUN apt-get update && \\',
    '    apt-get -y dist-upgrade',
    'RUN apt-get upgrade -y && apt full-upgrade -y',
    'RUN apk upgrade --no-cache',
    'RUN dnf -y upgrade && yum update -y',
    'RUN zypper -n up',
    "RUN sudo sh -c 'apt-get -y upgrade'",
  );
  assert.deepEqual(hitLines(rule, text), [3, 4, 4, 5, 6, 6, 7, 8]);
});

test('does not fire on upgrades of named packages or on updates of package lists', () => {
  const text = df(
    'FROM debian:12',
    'RUN apt-get update && apt-get install -y --only-upgrade openssl',
    'RUN apt-get upgrade -y openssl',
    'RUN apk upgrade --no-cache openssl',
    'RUN dnf -y update openssl && yum -y upgrade curl',
    'RUN zypper -n up openssl',
    'RUN apk update',
  );
  assert.deepEqual(hitLines(rule, text), []);
});
