import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/apt-get-no-yes.js';
import { hitLines } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('fires on apt-get/apt install, remove, dist-upgrade without -y, at the command line', () => {
  const text = df(
    'FROM debian:12',
    'RUN apt-get update && \\',
    '    apt-get install --no-install-recommends curl',
    'RUN apt install vim',
    'RUN apt-get remove -q nano',
    'RUN DEBIAN_FRONTEND=noninteractive apt-get dist-upgrade',
    "RUN sudo sh -c 'apt-get install wget'",
  );
  assert.deepEqual(hitLines(rule, text), [3, 4, 5, 6, 7]);
});

test('fires when -y is an option of another program or the value of -o', () => {
  const text = df('FROM debian:12', 'RUN sudo -y apt-get install curl', 'RUN apt-get -oy install curl');
  assert.deepEqual(hitLines(rule, text), [2, 3]);
});

test('does not fire with -y, --yes, --assume-yes, combined flags, -qq, -q=2, Assume-Yes option, simulation or yes |', () => {
  const text = df(
    'FROM debian:12',
    'RUN apt-get install -y curl',
    'RUN apt-get -qy install curl',
    'RUN apt-get install curl --yes',
    'RUN apt-get --assume-yes install curl',
    'RUN apt-get -qq install curl',
    'RUN apt-get -q=2 install curl',
    'RUN apt-get -o APT::Get::Assume-Yes=true install curl',
    'RUN apt-get -s install curl',
    'RUN yes | apt-get install curl',
    'RUN sudo -E apt-get -yq install curl',
    'RUN apt-get update && apt-get clean',
  );
  assert.deepEqual(hitLines(rule, text), []);
});

test('an apt.conf snippet written by an earlier RUN (also in a parent stage) counts', () => {
  const text = df(
    'FROM debian:12 AS base',
    "RUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes",
    'FROM base',
    'RUN apt-get install curl',
  );
  assert.deepEqual(hitLines(rule, text), []);
  // Written in an unrelated stage: does not apply.
  const other = df('FROM debian:12 AS a', "RUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes", 'FROM debian:12', 'RUN apt-get install curl');
  assert.deepEqual(hitLines(rule, other), [4]);
});
