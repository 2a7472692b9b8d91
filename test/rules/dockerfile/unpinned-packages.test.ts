import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/unpinned-packages.js';
import { hitLines, runRule } from '../helpers.js';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const packages = (text: string) => runRule(rule, text).map((h) => (h.details as { packages: string[] }).packages);

test('apt: lists unpinned packages of each install, at the install line', () => {
  const text = df(
    'FROM debian:12',
    'RUN apt-get update && \\',
    '    apt-get install -y --no-install-recommends \\',
    '      curl=7.88.1-10+deb12u5 \\',
    '      ca-certificates \\',
    '      -t bookworm-backports git \\',
    '      ./vendor/tool.deb',
    'RUN apt install -y python3=3.11* libpq5',
  );
  assert.deepEqual(hitLines(rule, text), [3, 8]);
  assert.deepEqual(packages(text), [['ca-certificates', 'git'], ['libpq5']]);
});

test('apt: $VAR operands are expanded from ARG/ENV; shell-built words are skipped', () => {
  const text = df(
    'FROM debian:12',
    'ARG PKGS="curl=7.88.1 jq"',
    'RUN apt-get install -y $PKGS',
    'RUN apt-get install -y $(cat /pkgs.txt) $UNKNOWN',
  );
  assert.deepEqual(packages(text), [['jq']]);
  assert.deepEqual(hitLines(rule, text), [3]);
});

test('apk: =, ~, > pins are accepted; --virtual names are not packages', () => {
  const text = df(
    'FROM alpine:3.20',
    'RUN apk add --no-cache --virtual .build-deps gcc=13.2.1_git20240309-r0 musl-dev~1.2 make',
    'RUN apk add --no-cache -t .rt "curl>8" ./local.apk',
  );
  assert.deepEqual(packages(text), [['make']]);
  assert.deepEqual(hitLines(rule, text), [2]);
});

test('pip: == / ~= / direct references pin; requirement files, paths, URLs are skipped; -c pins all', () => {
  const text = df(
    'FROM python:3.12-slim',
    'RUN pip install --no-cache-dir flask==3.0.3 "requests>=2" gunicorn "django~=5.0" -r requirements.txt . ./lib https://x/y.whl "pkg @ https://x/pkg.tar.gz"',
    'RUN python3 -m pip install --no-cache-dir -U pip setuptools',
    'RUN pip install --no-cache-dir -c constraints.txt flask requests',
    'RUN pip install --no-cache-dir -e . -r requirements.txt',
  );
  assert.deepEqual(packages(text), [['requests>=2', 'gunicorn'], ['pip', 'setuptools']]);
  assert.deepEqual(hitLines(rule, text), [2, 3]);
});

test('npm: name@exact-version pins; tags, ranges and bare names do not; npm ci / bare install are fine', () => {
  const text = df(
    'FROM node:20-slim',
    'RUN npm install -g typescript@5.4.5 eslint @angular/cli@latest @scope/pkg@1.0.0 prettier@^3',
    'RUN npm ci && npm install && npm i --save-dev ./local-pkg user/repo',
    'RUN npm install --prefix /opt/app lodash@4.17.21',
  );
  assert.deepEqual(packages(text), [['eslint', '@angular/cli@latest', 'prettier@^3']]);
  assert.deepEqual(hitLines(rule, text), [2]);
});

test('gem, go and cargo', () => {
  const text = df(
    'FROM ruby:3.3',
    'RUN gem install bundler && gem install rails -v 7.1.3 && gem install rake:13.2.1',
    'RUN go install golang.org/x/tools/gopls@latest && go install github.com/x/y@v1.2.3 && go install ./cmd/...',
    'RUN cargo install ripgrep && cargo install fd-find --version 9.0.0 && cargo install bat@0.24.0',
  );
  assert.deepEqual(packages(text), [['bundler'], ['golang.org/x/tools/gopls@latest'], ['ripgrep']]);
  assert.deepEqual(hitLines(rule, text), [2, 3, 4]);
});

test('finds installs behind sudo and inside sh -c, and lists at most five names', () => {
  const text = df('FROM debian:12', "RUN sudo sh -c 'apt-get install -y a b c d e f g'");
  assert.deepEqual(hitLines(rule, text), [2]);
  assert.match(runRule(rule, text)[0]!.message, /a, b, c, d, e and 2 more/);
});

test('does not fire when everything is pinned', () => {
  const text = df(
    'FROM debian:12',
    'RUN apt-get install -y curl=7.88.1-10+deb12u5 && apk add --no-cache git=2.45.2-r0',
    'RUN pip install --no-cache-dir -r requirements.txt && npm ci && go install ./...',
  );
  assert.deepEqual(hitLines(rule, text), []);
});
