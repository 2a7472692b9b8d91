import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { checkAt, eolEntriesFor, EOL_TABLE, isPastEol } from '../../../src/rules/dockerfile/base-image-eol.js';
import { parseDockerfile, parseImageRef } from '../../../src/dockerfile/parse.js';
import { runRule } from '../helpers.js';

const TODAY = new Date('2026-11-29T12:00:00Z');

function at(text: string, today = TODAY) {
  return checkAt(parseDockerfile(text, 'Dockerfile'), today);
}

function products(image: string): string[] {
  return eolEntriesFor(parseImageRef(image, image)).map((e) => e.product);
}

test('fires on EOL language images, including variant tags and codenames', () => {
  for (const image of ['node:14-alpine', 'node:16', 'node:18.20.4-bookworm-slim', 'node:hydrogen-alpine', 'python:3.7-slim', 'python:2.7.18', 'python:2', 'golang:1.21-alpine', 'golang:1.22', 'php:7.4-fpm', 'php:8.0-apache', 'ruby:2.7-slim', 'ruby:3.0', 'postgres:12-alpine', 'mysql:5.7']) {
    const hits = at(`FROM ${image}\n`);
    assert.equal(hits.length, 1, image);
    assert.equal(hits[0]!.line, 1);
    assert.equal(hits[0]!.severity, 'HIGH', image);
  }
});

test('fires on EOL distributions, by version or codename', () => {
  for (const image of ['debian:buster-slim', 'debian:10', 'debian:9.13', 'debian:jessie', 'ubuntu:bionic', 'ubuntu:18.04', 'ubuntu:20.04', 'ubuntu:focal-20240530', 'ubuntu:23.10', 'alpine:3.16', 'alpine:3.19.1', 'alpine:3.12', 'centos:7', 'centos:centos7.9.2009', 'centos:8', 'amazonlinux:2', 'openjdk:17-jdk-slim', 'openjdk:8']) {
    assert.equal(at(`FROM ${image}\n`).length, 1, image);
  }
});

test('the distro in a variant tag reveals an EOL base of an otherwise supported image', () => {
  assert.deepEqual(products('python:3.12-slim-buster'), ['Debian 10 (buster)']);
  assert.deepEqual(products('python:3.7-slim-buster'), ['Debian 10 (buster)', 'Python 3.7']);
  assert.deepEqual(products('node:22-alpine3.16'), ['Alpine 3.16']);
  assert.deepEqual(products('eclipse-temurin:17-jdk-focal'), ['Ubuntu 20.04 (focal)']);
  const [hit] = at('FROM python:3.12-slim-buster\n');
  assert.match(hit!.message, /Debian 10 \(buster\) \(end of life 2024-06-30\)/);
});

test('the comparison uses the injected date', () => {
  // Node 20 reached end of life on 2026-04-30.
  assert.equal(at('FROM node:20-slim\n', new Date('2026-04-29T23:00:00Z')).length, 0);
  assert.equal(at('FROM node:20-slim\n', new Date('2026-04-30T00:00:00Z')).length, 1);
  const node20 = eolEntriesFor(parseImageRef('node:20', 'node:20'))[0]!;
  assert.equal(isPastEol(node20, new Date('2026-05-01')), true);
  assert.equal(isPastEol(node20, new Date('2025-01-01')), false);
});

test('does not fire on supported releases, untagged images, unknown images or unresolved variables', () => {
  for (const image of ['node:22-alpine', 'node:24', 'python:3.13-slim-bookworm', 'python:3.11', 'golang:1.25', 'debian:bookworm-slim', 'debian:12', 'ubuntu:24.04', 'ubuntu:jammy', 'alpine:3.22', 'alpine:edge', 'php:8.3-fpm', 'ruby:3.4', 'postgres:17', 'mysql:8.4', 'openjdk:26-ea-jdk', 'node', 'python:latest', 'mycorp/node:14', 'ghcr.io/org/python:2.7', 'eclipse-temurin:21-jre-noble']) {
    assert.deepEqual(at(`FROM ${image}\n`), [], image);
  }
  // Version prefixes compare whole components: 3.1 is not 3.10, 3.70 is not 3.7.
  assert.deepEqual(products('python:3.70'), []);
  assert.deepEqual(products('alpine:3.100'), []);
  assert.deepEqual(at('ARG NODE\nFROM node:${NODE}\n'), []);
});

test('expands ARGs in FROM; build-only stages are MEDIUM, the final chain HIGH', () => {
  const hits = at('ARG GO=1.20\nFROM golang:${GO} AS build\nRUN go build -o /app\nFROM node:16 AS base\nFROM base\nCOPY --from=build /app /app\n');
  assert.deepEqual(hits.map((h) => [h.line, h.severity]), [[2, 'MEDIUM'], [4, 'HIGH']]);
  assert.match(hits[0]!.message, /Build stage only/);
});

test('official images are also recognised through the Docker Hub mirrors', () => {
  assert.equal(at('FROM public.ecr.aws/docker/library/node:14\n').length, 1);
  assert.equal(at('FROM docker.io/library/python:3.6\n').length, 1);
  assert.equal(at('FROM mirror.gcr.io/library/debian:stretch\n').length, 1);
});

test('a digest does not hide the tag: node:14@sha256:… is still Node.js 14', () => {
  assert.equal(at(`FROM node:14-alpine@sha256:${'0'.repeat(64)}\n`).length, 1);
});

test('the data table is dated and every entry has a source and an ISO date', () => {
  assert.equal(EOL_TABLE.updated, '2026-11-29');
  for (const e of EOL_TABLE.entries) {
    assert.match(e.eolDate, /^\d{4}-\d{2}-\d{2}$/, e.product);
    assert.ok(e.source.length > 0, e.product);
    assert.ok(e.images.length > 0, e.product);
  }
});

test('check() uses today: long-dead releases fire whatever the day', () => {
  assert.equal(runRule(rule, 'FROM node:8\n').length, 1);
});
