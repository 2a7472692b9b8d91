import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { packageOp } from '../../../src/rules/dockerfile/build-tools-in-final-image.js';
import { hitLines, runRule } from '../helpers.js';

function tools(text: string): string[][] {
  return runRule(rule, text).map((h) => (h.details?.tools as string[]) ?? []);
}

test('fires once per RUN that installs compilers or headers, listing them', () => {
  const text = 'FROM python:3.13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \\\n      make=4.3-4.1 && \\\n    pip install psycopg2\nRUN apk add --no-cache build-base\n';
  const hits = runRule(rule, text);
  assert.deepEqual(hits.map((h) => [h.line, h.endLine]), [[2, 4], [5, 5]]);
  assert.deepEqual(hits[0]!.details?.tools, ['gcc', 'libpq-dev', 'make']);
  assert.match(hits[0]!.message, /separate stage/);
});

test('recognises yum/dnf/microdnf/zypper, groups, versioned compilers, JDKs and wrappers', () => {
  assert.deepEqual(tools('FROM rockylinux:9\nRUN dnf install -y gcc-c++ python3-devel\n'), [['gcc-c++', 'python3-devel']]);
  assert.deepEqual(tools('FROM centos:7\nRUN yum groupinstall -y "Development Tools"\n'), [['development tools']]);
  assert.deepEqual(tools('FROM rockylinux:9\nRUN dnf group install -y "Development Tools"\n'), [['development tools']]);
  assert.deepEqual(tools('FROM ubi9/ubi-minimal\nRUN microdnf install -y make\n'), [['make']]);
  assert.deepEqual(tools('FROM opensuse/leap\nRUN zypper --non-interactive in cmake\n'), [['cmake']]);
  assert.deepEqual(tools('FROM debian:12\nRUN sudo -E apt-get -qy install clang-16 openjdk-17-jdk-headless\n'), [['clang-16', 'openjdk-17-jdk-headless']]);
  assert.deepEqual(tools('FROM debian:12\nRUN ["apt-get", "install", "-y", "golang"]\n'), [['golang']]);
  assert.deepEqual(tools('FROM debian:12\nRUN sh -c "apt-get install -y cargo"\n'), [['cargo']]);
});

test('npm/yarn/pnpm installs that keep devDependencies in the final image', () => {
  assert.deepEqual(hitLines(rule, 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "index.js"]\n'), [4]);
  assert.deepEqual(hitLines(rule, 'FROM node:22-slim\nRUN npm install\nRUN yarn install --frozen-lockfile\nRUN pnpm install\n'), [2, 3, 4]);
});

test('a toolchain base image that compiles in place', () => {
  assert.deepEqual(tools('FROM golang:1.23\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n'), [['the Go toolchain (go build on the golang image)']]);
  assert.deepEqual(hitLines(rule, 'FROM rust:1.82\nRUN cargo build --release\n'), [2]);
  assert.deepEqual(hitLines(rule, 'FROM maven:3.9-eclipse-temurin-21\nRUN mvn -B package\n'), [2]);
  assert.deepEqual(hitLines(rule, 'FROM node:22\nRUN npm ci --omit=dev && npm run build\n'), [2]);
});

test('the final stage inherits what its parent stages installed', () => {
  assert.deepEqual(hitLines(rule, 'FROM debian:12-slim AS base\nRUN apt-get install -y gcc\nFROM base\nCMD ["/app"]\n'), [2]);
});

test('does not fire in build stages of a multi-stage build', () => {
  const text = 'FROM python:3.13-slim AS build\nRUN apt-get install -y gcc libpq-dev && pip wheel -w /wheels psycopg2\nFROM golang:1.23 AS gobuild\nRUN go build -o /app\nFROM python:3.13-slim\nCOPY --from=build /wheels /wheels\nRUN pip install /wheels/*\n';
  assert.deepEqual(hitLines(rule, text), []);
});

test('does not fire when the tools are removed again', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev \\\n && pip install x \\\n && apk del .build-deps\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM debian:12-slim\nRUN apt-get install -y gcc && make && apt-get purge -y gcc\n'), []);
  const official = 'FROM debian:12-slim\nRUN set -eux; savedAptMark="$(apt-mark showmanual)"; apt-get install -y gcc make; \\\n  make install; apt-mark auto \'.*\' > /dev/null; apt-mark manual $savedAptMark; \\\n  apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false\n';
  assert.deepEqual(hitLines(rule, official), []);
  assert.deepEqual(hitLines(rule, 'FROM node:22-slim\nRUN npm ci && npm run build && npm prune --omit=dev\n'), []);
});

test('does not fire for production installs, runtime packages, or git', () => {
  assert.deepEqual(hitLines(rule, 'FROM node:22-slim\nRUN npm ci --omit=dev\nRUN npm ci --omit dev\nRUN npm install --production\nRUN npm install -g pm2\nRUN npm install express\nRUN yarn install --production\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM node:22-slim\nENV NODE_ENV=production\nRUN npm ci\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM node:22-slim\nRUN NODE_ENV=production npm ci\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM debian:12-slim\nRUN apt-get install -y curl ca-certificates libpq5 git\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM debian:12-slim\nRUN apt-get install -y $BUILD_DEPS\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM debian:12-slim\n# RUN apt-get install -y gcc\nRUN echo apt-get install gcc\n'), []);
});

test('packageOp parses installs, removals and apk virtual groups', () => {
  const op = packageOp({ name: 'apk', argv: ['apk', 'add', '-t', '.deps', 'gcc=13.2.1-r0'], line: 1 });
  assert.deepEqual(op, { op: 'install', manager: 'apk', packages: ['gcc'], virtual: '.deps', line: 1 });
  assert.equal(packageOp({ name: 'apt-get', argv: ['apt-get', 'autoremove', '-y'], line: 1 })?.autoremove, true);
  assert.equal(packageOp({ name: 'apt-get', argv: ['apt-get', 'update'], line: 1 }), undefined);
});
