import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { cleanSource, compileSource, finalLineage, traceCopies } from '../../src/dockerfile/copy-trace.js';

const files = ['Dockerfile', '.env', 'src/index.js', 'src/lib/a.js', 'src/lib/b.ts', 'package.json', 'package-lock.json', 'config/app.yaml', 'keys/id_rsa', 'docs/README.md', 'a b.txt']
  .map((path) => ({ path, size: 1, isSymlink: false }));

function trace(df: string) {
  return traceCopies(parseDockerfile(df, 'Dockerfile'), files);
}

test('cleanSource roots paths at the context and resolves dots', () => {
  assert.equal(cleanSource('.'), '');
  assert.equal(cleanSource('./'), '');
  assert.equal(cleanSource('/'), '');
  assert.equal(cleanSource('../../etc/passwd'), 'etc/passwd');
  assert.equal(cleanSource('./src/../config/'), 'config');
});

test('compileSource: directories bring everything below, wildcards stay in one segment', () => {
  assert.ok(compileSource('src')('src/lib/a.js'));
  assert.ok(!compileSource('src')('srcx/a'));
  assert.ok(compileSource('src/*.js')('src/index.js'));
  assert.ok(!compileSource('*.js')('src/index.js'));
  assert.ok(compileSource('package*.json')('package-lock.json'));
  assert.ok(compileSource('src/l?b')('src/lib/b.ts'));
  assert.ok(compileSource('[a-c]onfig')('config/app.yaml'));
  assert.ok(!compileSource('[!c]onfig')('config/app.yaml'));
  assert.ok(compileSource('**/*.ts')('src/lib/b.ts'));
  assert.ok(compileSource('**/*.ts')('b.ts'));
  assert.ok(!compileSource('**/*.ts')('src/lib/a.js'));
  assert.ok(compileSource('src/**/a.js')('src/lib/a.js'));
});

test('COPY . . is broad and selects every context file', () => {
  const [t] = trace('FROM alpine\nCOPY . .\n');
  assert.equal(t!.broad, true);
  assert.equal(t!.files.length, files.length);
  assert.equal(t!.dest, '.');
});

test('multiple sources, JSON form, spaces, variables from ARG/ENV', () => {
  const [a, b, c] = trace('FROM alpine\nARG CFG=config\nCOPY package.json package-lock.json /app/\nCOPY ["a b.txt", "/x/"]\nENV D=src/lib\nCOPY ${CFG}/app.yaml $D/*.js /etc/\n');
  assert.deepEqual(a!.files, ['package-lock.json', 'package.json']);
  assert.deepEqual(b!.files, ['a b.txt']);
  assert.deepEqual(c!.files, ['config/app.yaml', 'src/lib/a.js']);
  assert.deepEqual(c!.sources, ['config/app.yaml', 'src/lib/*.js']);
});

test('--from copies come from a stage or image, not the context; heredoc sources are not files', () => {
  const t = trace('FROM node:20 AS build\nCOPY src src\nFROM alpine\nCOPY --from=build /app /app\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nCOPY --from=0 /x /x\nCOPY <<EOF /etc/motd\nhi\nEOF\n');
  assert.equal(t[0]!.files.length, 3);
  assert.deepEqual(t[1]!.from, { kind: 'stage', stage: 0 });
  assert.deepEqual(t[1]!.files, []);
  assert.deepEqual(t[2]!.from, { kind: 'image', image: 'nginx:1.27' });
  assert.deepEqual(t[3]!.from, { kind: 'stage', stage: 0 });
  assert.deepEqual(t[4]!.sources, []);
  assert.equal(t[4]!.dest, '/etc/motd');
});

test('--exclude removes files; --parents, --chown, --chmod, --link do not change selection', () => {
  const [t] = trace('FROM alpine\nCOPY --exclude=**/*.ts --chown=1:1 --chmod=644 --link src /src\n');
  assert.deepEqual(t!.files, ['src/index.js', 'src/lib/a.js']);
  // Patterns are relative to the copied source: `*.ts` matches only its top level.
  const [top] = trace('FROM alpine\nCOPY --exclude=*.js src /src\n');
  assert.deepEqual(top!.files, ['src/lib/a.js', 'src/lib/b.ts']);
  const [p] = trace('FROM alpine\nCOPY --parents src/lib/*.ts /out/\n');
  assert.deepEqual(p!.files, ['src/lib/b.ts']);
});

test('ADD URLs and git sources select no context files', () => {
  const [t] = trace('FROM alpine\nADD https://example.com/x.tgz git@github.com:o/r.git /opt/\n');
  assert.deepEqual(t!.files, []);
});

test('finalLineage follows FROM <stage> chains only', () => {
  const df = parseDockerfile('FROM alpine AS a\nFROM a AS b\nFROM alpine AS c\nFROM b\n', 'D');
  assert.deepEqual([...finalLineage(df)].sort(), [0, 1, 3]);
});
