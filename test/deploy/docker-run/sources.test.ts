import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunksOf, sourceKind } from '../../../src/deploy/docker-run/sources.js';
import type { Problem } from '../../../src/deploy/shared/yaml.js';

test('which files are searched', () => {
  const yes: Array<[string, string, string]> = [
    ['deploy.sh', '', 'shell'], ['bin/run', '#!/bin/bash\n', 'shell'], ['bin/run', '#!/usr/bin/env sh\n', 'shell'], ['x.bash', '', 'shell'],
    ['Makefile', '', 'make'], ['GNUmakefile', '', 'make'], ['build/rules.mk', '', 'make'],
    ['.gitlab-ci.yml', '', 'ci-yaml'], ['.gitlab/ci/build.yml', '', 'ci-yaml'], ['templates/deploy.gitlab-ci.yml', '', 'ci-yaml'],
    ['.github/workflows/ci.yaml', '', 'ci-yaml'], ['actions/setup/action.yml', '', 'ci-yaml'], ['.circleci/config.yml', '', 'ci-yaml'],
    ['bitbucket-pipelines.yml', '', 'ci-yaml'], ['azure-pipelines.yml', '', 'ci-yaml'], ['Jenkinsfile', '', 'jenkinsfile'], ['ci/release.jenkinsfile', '', 'jenkinsfile'],
  ];
  for (const [p, head, kind] of yes) assert.equal(sourceKind(p, head), kind, p);
  for (const [p, head] of [['run.py', '#!/usr/bin/env python3\n'], ['docker-compose.yml', ''], ['ci.yml', ''], ['README.md', '']]) assert.equal(sourceKind(p, head), undefined, p);
});

test('Makefiles: recipe lines only, prefixes and $$ undone, define blocks skipped, lines kept', () => {
  const [c] = chunksOf('make', 'Makefile', 'A = docker run x\nt:\n\t@echo $$HOME\n\t-docker run \\\n\t  y\ndefine X\n\tdocker run z\nendef\n', []);
  assert.deepEqual(c!.text.split('\n'), ['', '', 'echo $HOME', 'docker run \\', '  y', '', '', '', '']);
  assert.equal(c!.firstLine, 1);
});

test('CI YAML: literal blocks map line by line, folded blocks become continuations, plain scalars one line', () => {
  const yaml = 'job:\n  script:\n    - docker run a\n    - |\n      echo 1\n      docker run b\n    - >\n      docker run\n      c\n  after_script: [docker run d]\n';
  const chunks = chunksOf('ci-yaml', '.gitlab-ci.yml', yaml, []);
  assert.deepEqual(chunks.map((c) => [c.firstLine, c.singleLine, c.text]), [
    [3, true, 'docker run a'],
    [5, false, 'echo 1\ndocker run b\n'],
    [8, false, 'docker run \\\nc\n'],
    [10, true, 'docker run d'],
  ]);
});

test('CI YAML: GitHub run steps (expressions replaced, non-POSIX shells skipped), CircleCI run.command, nested anchors', () => {
  const gh = 'jobs:\n  a:\n    steps:\n      - run: echo ${{ secrets.X }}\n      - shell: pwsh\n        run: docker run x\n      - run:\n          command: docker run y\n';
  assert.deepEqual(chunksOf('ci-yaml', '.github/workflows/a.yml', gh, []).map((c) => c.text), ['echo $CI_EXPRESSION', 'docker run y']);
  const gl = '.s: &s\n  - docker run a\njob:\n  script:\n    - *s\n    - docker run b\n';
  assert.deepEqual(chunksOf('ci-yaml', '.gitlab-ci.yml', gl, []).map((c) => [c.text, c.firstLine]), [['docker run a', 2], ['docker run b', 6]]);
});

test('CI YAML that does not parse becomes a problem', () => {
  const problems: Problem[] = [];
  assert.deepEqual(chunksOf('ci-yaml', '.gitlab-ci.yml', 'a: [\n', problems), []);
  assert.equal(problems.length, 1);
});

test('Jenkinsfile: sh steps in every quoting, Groovy interpolation as variables, lines kept', () => {
  const jf = "sh 'docker run a'\nsh(\"docker run ${env.IMG} \\$HOME\")\nsh label: 'x', script: '''\n  docker run b\n'''\nsh returnStdout: true, script: \"\"\"docker run c\"\"\"\nbat 'docker run d'\n";
  assert.deepEqual(chunksOf('jenkinsfile', 'Jenkinsfile', jf, []).map((c) => [c.firstLine, c.text]), [
    [1, 'docker run a'],
    [2, 'docker run $GROOVY_EXPRESSION $HOME'],
    [3, '\n  docker run b\n'],
    [6, 'docker run c'],
  ]);
});
