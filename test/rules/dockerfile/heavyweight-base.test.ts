import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/heavyweight-base.js';
import { hitLines, runRule } from '../helpers.js';

test('fires (INFO) on a full language or distro image as the final base, with a concrete alternative', () => {
  const [node] = runRule(rule, 'FROM node:20\nCOPY . /app\nCMD ["node", "/app"]\n');
  assert.equal(node!.line, 1);
  assert.equal(rule.meta.severity, 'INFO');
  assert.match(node!.message, /node:20-slim or gcr\.io\/distroless\/nodejs20-debian12/);
  const [py] = runRule(rule, 'FROM python:3.12.4-bookworm\n');
  assert.match(py!.message, /python:3\.12\.4-slim/);
  const [deb] = runRule(rule, 'FROM debian:12\n');
  assert.match(deb!.message, /debian:12-slim/);
  const [bare] = runRule(rule, 'FROM node\n');
  assert.match(bare!.message, /node:<version>-slim/);
});

test('toolchain images as the final stage: Go to distroless/scratch, JDK to JRE', () => {
  const [go] = runRule(rule, 'FROM golang:1.23-alpine\nRUN go build -o /app .\nCMD ["/app"]\n');
  assert.match(go!.message, /distroless\/static-debian12 or scratch/);
  const [jdk] = runRule(rule, 'FROM eclipse-temurin:21-jdk\nCOPY app.jar /app.jar\n');
  assert.match(jdk!.message, /eclipse-temurin:21-jre/);
  assert.deepEqual(hitLines(rule, 'FROM maven:3.9-eclipse-temurin-21\n'), [1]);
});

test('follows FROM <stage> chains to the image the final stage starts from', () => {
  assert.deepEqual(hitLines(rule, 'FROM python:3.12 AS base\nRUN true\nFROM base\nCMD ["python"]\n'), [1]);
});

test('only the final image counts: full images in build stages are fine', () => {
  assert.deepEqual(hitLines(rule, 'FROM golang:1.23 AS build\nRUN go build -o /app\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n'), []);
  assert.deepEqual(hitLines(rule, 'FROM node:22 AS build\nFROM node:22-slim\n'), []);
});

test('does not fire on slim, alpine, JRE, distroless, scratch, unknown or unresolved bases', () => {
  for (const from of ['node:22-slim', 'node:22-bookworm-slim', 'node:22-alpine3.20', 'python:3.13-alpine', 'debian:bookworm-slim', 'eclipse-temurin:21-jre', 'openjdk:11-jre-slim', 'gcr.io/distroless/nodejs22-debian12', 'scratch', 'nginx:1.27', 'mycorp/node:20', 'ubuntu:24.04']) {
    assert.deepEqual(hitLines(rule, `FROM ${from}\n`), [], from);
  }
  assert.deepEqual(hitLines(rule, 'ARG IMG\nFROM ${IMG}\n'), []);
});
