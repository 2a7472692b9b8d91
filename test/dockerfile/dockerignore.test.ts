import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  IgnoreMatcher,
  goCleanPath,
  loadDockerignore,
  parseDockerignore,
  resolveIgnoreFile,
} from '../../src/dockerfile/dockerignore.js';
import { InputError } from '../../src/errors.js';

function matcher(lines: string[]): IgnoreMatcher {
  return new IgnoreMatcher(parseDockerignore(lines.join('\n')));
}

describe('parseDockerignore', () => {
  const cases: Array<{ name: string; text: string; expected: Array<[pattern: string, exclusion: boolean, line: number]> }> = [
    { name: 'comments and blank lines are skipped, lines keep their numbers', text: '# c\n\nfoo\n   \n#bar\nbaz', expected: [['foo', false, 3], ['baz', false, 6]] },
    { name: 'only a # in the first column starts a comment', text: '  # not a comment', expected: [['# not a comment', false, 1]] },
    { name: 'surrounding whitespace is trimmed', text: ' \t *.log \t ', expected: [['*.log', false, 1]] },
    { name: 'exception, with spaces after the !', text: '!  keep.txt', expected: [['keep.txt', true, 1]] },
    { name: 'leading slash removed', text: '/foo/bar', expected: [['foo/bar', false, 1]] },
    { name: 'leading ./ removed', text: './foo', expected: [['foo', false, 1]] },
    { name: 'trailing slash removed', text: 'foo/', expected: [['foo', false, 1]] },
    { name: 'double slashes, . and .. cleaned', text: 'a//b/./c/../d', expected: [['a/b/d', false, 1]] },
    { name: 'exception cleaned too', text: '!/docs/./README.md', expected: [['docs/README.md', true, 1]] },
    { name: 'a pattern cleaning to . is kept as .', text: 'foo/..', expected: [['.', false, 1]] },
    { name: 'a lone / stays /', text: '/', expected: [['/', false, 1]] },
    { name: 'leading .. stays', text: '../secret', expected: [['../secret', false, 1]] },
    { name: 'CRLF line endings', text: 'a\r\nb\r\n', expected: [['a', false, 1], ['b', false, 2]] },
    { name: 'UTF-8 BOM on the first line', text: '\uFEFF# comment\nx', expected: [['x', false, 2]] },
    { name: '!! is an exception for a name starting with !', text: '!!important', expected: [['!important', true, 1]] },
    { name: 'NBSP and NEL count as whitespace (Go rules)', text: '\u00a0foo\u0085', expected: [['foo', false, 1]] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const got = parseDockerignore(c.text).map((p) => [p.pattern, p.exclusion, p.line]);
      assert.deepEqual(got, c.expected);
    });
  }

  test('the source text is kept for messages', () => {
    const [p] = parseDockerignore('  !./keep/  ');
    assert.equal(p!.source, '!./keep/');
  });

  const errors: Array<{ text: string; line: number }> = [
    { text: 'ok\n[abc', line: 2 },
    { text: 'a[', line: 1 },
    { text: '[]', line: 1 },
    { text: 'x\ny\nfile[a-].txt', line: 3 },
    { text: '[-a]', line: 1 },
    { text: 'foo\\', line: 1 },
    { text: '!', line: 1 },
    { text: '!/', line: 1 },
    { text: 'a\n[z-a]', line: 2 },
    { text: 'x\\q', line: 1 },
    { text: 'a*b{3,2}', line: 1 },
    { text: '[[:nope:]]', line: 1 },
  ];
  for (const e of errors) {
    test(`malformed pattern ${JSON.stringify(e.text)} is an InputError naming file and line ${e.line}`, () => {
      assert.throws(
        () => parseDockerignore(e.text, 'ctx/.dockerignore'),
        (err: unknown) => err instanceof InputError && err.message.startsWith(`ctx/.dockerignore:${e.line}:`),
      );
    });
  }

  test('a line Docker cannot read (64 KiB) is an InputError', () => {
    assert.throws(() => parseDockerignore('a\n' + 'x'.repeat(70_000)), (err: unknown) => err instanceof InputError && /:2:/.test(err.message));
  });
});

describe('goCleanPath', () => {
  const cases: Array<[string, string]> = [
    ['', '.'],
    ['a/b/../../..', '..'],
    ['/../a', '/a'],
    ['a/./b/', 'a/b'],
    ['//a//', '/a'],
    ['../../x/..', '../..'],
  ];
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => assert.equal(goCleanPath(input), expected));
  }
});

describe('IgnoreMatcher.isExcluded', () => {
  // [ignore-file lines, path, excluded?]. Expectations follow Docker (moby/patternmatcher via
  // BuildKit's fsutil walk), including its quirks, which are called out.
  const cases: Array<[string[], string, boolean]> = [
    // `*` stays within a segment
    [['*.go'], 'main.go', true],
    [['*.go'], 'cmd/main.go', false],
    [['*'], 'anything/deep/file', true],
    [['*/*.go'], 'cmd/main.go', true],
    [['*/*.go'], 'main.go', false],
    [['temp*'], 'temporary.txt', true],
    [['*/temp*'], 'somedir/temporary.txt', true],
    [['*/temp*'], 'temp.txt', false],
    [['*/*/temp*'], 'a/b/temp', true],
    [['*.key'], '.key', true],
    [['.*'], '.env', true],
    [['.*'], 'config/.env', false],
    // `?`
    [['temp?'], 'temp1', true],
    [['temp?'], 'temp12', false],
    [['a?b'], 'a/b', false],
    [['?'], 'x/y', true],
    // classes
    [['file[a-c].txt'], 'fileb.txt', true],
    [['file[a-c].txt'], 'filed.txt', false],
    [['file[^a].txt'], 'fileb.txt', true],
    [['file[^a].txt'], 'filea.txt', false],
    // Go has no `[!...]` negation: `[!a]` is the set {!, a}
    [['file[!a].txt'], 'filea.txt', true],
    [['file[!a].txt'], 'fileb.txt', false],
    // a negated class can match `/` (it is handed to RE2 as is)
    [['a[^x]b'], 'a/b', true],
    [['x[\\]]'], 'x]', true],
    [['[[:digit:]]*'], '7up', true],
    [['[[:digit:]]*'], 'up7', false],
    // escapes
    [['\\*.txt'], '*.txt', true],
    [['\\*.txt'], 'a.txt', false],
    [['foo\\?'], 'foo?', true],
    [['foo\\?'], 'fooa', false],
    [['\\[abc\\]'], '[abc]', true],
    // `**`
    [['**/*.go'], 'main.go', true],
    [['**/*.go'], 'a/b/c.go', true],
    [['**/*.go'], 'a/b/c.goo', false],
    [['a/**/b'], 'a/b', true],
    [['a/**/b'], 'a/x/y/b', true],
    [['a/**/b'], 'a/xb', false],
    [['a/**'], 'a/x/y', true],
    [['a/**'], 'a', false],
    [['**'], 'anything/at/all', true],
    [['**/node_modules'], 'a/b/node_modules/x/y.js', true],
    [['**/node_modules'], 'node_modules', true],
    [['**/foo'], 'barfoo', false],
    [['**foo'], 'barfoo', true], // moby: a leading `**` without `/` means "ends with"
    [['a**b'], 'ab', true],
    [['a**b'], 'ax/b', true],
    [['a**b'], 'axb', false], // `**` in the middle stands for whole segments
    [['dir/**/*.log'], 'dir/x.log', true],
    [['dir/**/*.log'], 'dir/a/b/x.log', true],
    // parent directories
    [['foo'], 'foo/bar/baz', true],
    [['foo'], 'foobar', false],
    [['foo/bar'], 'foo/bar/baz.txt', true],
    [['foo/bar'], 'x/foo/bar', false],
    [['bar'], 'foo/bar', false],
    // exceptions, last match wins
    [['*.md', '!README.md'], 'README.md', false],
    [['*.md', '!README.md'], 'CHANGES.md', true],
    [['*.md', '!README*.md', 'README-secret.md'], 'README-secret.md', true],
    [['*.md', '!README*.md', 'README-secret.md'], 'README-public.md', false],
    [['!README.md', '*.md'], 'README.md', true],
    [['docs', '!docs/README.md'], 'docs/README.md', false],
    [['docs', '!docs/README.md'], 'docs/guide.md', true],
    [['*', '!src'], 'src/a/b.ts', false],
    [['*', '!src'], 'other.txt', true],
    [['**/*.log', '!keep/**'], 'keep/x/y.log', false],
    [['**/*.log', '!keep/**'], 'other/y.log', true],
    [['*', '! keep.txt'], 'keep.txt', false],
    // Docker's walk does not test `!docs` on the way to docs/a.md (docs was not excluded then),
    // so the exception never applies below it.
    [['docs/a.md', '!docs'], 'docs/a.md', true],
    // leading `/` and `./`, trailing `/`, cleaning
    [['/foo'], 'foo', true],
    [['./foo'], 'foo/x', true],
    [['foo/'], 'foo/x', true],
    [['foo/../bar'], 'bar', true],
    [['a//b'], 'a/b', true],
    [['.'], 'x', false],
    [['../x'], 'x', false],
    [['/'], 'x', false],
    // whitespace and comments
    [['  *.log  '], 'a.log', true],
    [['# *.log'], 'a.log', false],
    [['  # x'], '# x', true],
    // case matters (Linux)
    [['README*'], 'readme.md', false],
    // moby passes `|` and `{}` to RE2 unescaped; `a|b` alone is compared literally (no wildcard)
    [['a|b'], 'a', false],
    [['a|b'], 'a|b', true],
    [['x*|y'], 'y', true],
    [['x*|y'], 'z', false],
    [['ab{2}*'], 'abb.txt', true],
    [['\\d'], '5', true],
    // the path given may be written loosely
    [['foo/bar'], './foo//bar/', true],
  ];
  for (const [lines, p, expected] of cases) {
    test(`${JSON.stringify(lines)} ${expected ? 'excludes' : 'keeps'} ${JSON.stringify(p)}`, () => {
      assert.equal(matcher(lines).isExcluded(p), expected);
    });
  }

  test('the context root itself is never excluded', () => {
    const m = matcher(['*', '.', '**']);
    assert.equal(m.isExcluded('.'), false);
    assert.equal(m.isExcluded(''), false);
    assert.equal(m.isExcluded('x'), true);
  });

  test('no patterns exclude nothing', () => {
    const m = new IgnoreMatcher([]);
    assert.equal(m.isExcluded('a/b'), false);
    assert.equal(m.matchingPattern('a/b'), undefined);
  });

  test('evaluate() carried down a walk agrees with isExcluded()', () => {
    const m = matcher(['src', '!src/keep', '**/*.tmp', '!**/important.tmp']);
    const paths = ['src/a', 'src/keep/x.tmp', 'src/keep/important.tmp', 'src/keep/b', 'lib/c.tmp', 'lib/important.tmp'];
    for (const p of paths) {
      const parts = p.split('/');
      let state = m.evaluate(parts[0]!);
      for (let i = 1; i < parts.length; i++) state = m.evaluate(parts.slice(0, i + 1).join('/'), state);
      assert.equal(state.excluded, m.isExcluded(p), p);
    }
    assert.deepEqual(
      paths.map((p) => m.isExcluded(p)),
      [true, true, false, false, true, false],
    );
  });
});

describe('IgnoreMatcher.matchingPattern', () => {
  test('returns the last pattern that decided, with its line', () => {
    const m = new IgnoreMatcher(parseDockerignore('# header\n*.md\n!README*.md\nREADME-secret.md\n'));
    assert.equal(m.matchingPattern('CHANGES.md')?.line, 2);
    const keep = m.matchingPattern('README.md');
    assert.equal(keep?.line, 3);
    assert.equal(keep?.exclusion, true);
    assert.equal(m.matchingPattern('README-secret.md')?.line, 4);
    assert.equal(m.matchingPattern('main.go'), undefined);
  });

  test('reports the directory pattern for a file below it', () => {
    const m = new IgnoreMatcher(parseDockerignore('node_modules\n'));
    assert.equal(m.matchingPattern('node_modules/a/index.js')?.pattern, 'node_modules');
  });
});

describe('IgnoreMatcher.canSkipDir', () => {
  const cases: Array<[string[], string, boolean]> = [
    [['node_modules'], 'node_modules', true],
    [['node_modules'], 'src', false], // not excluded at all
    [['docs', '!docs/README.md'], 'docs', false],
    [['docs', '!docs/README.md'], 'other', false],
    [['*', '!*.md'], 'src', true], // `*.md` cannot reach below a top-level directory
    [['*', '!src/*.md'], 'src', false],
    [['*', '!src/*.md'], 'lib', true],
    [['node_modules', '!**/package.json'], 'node_modules', false],
    [['build', '!build/keep/**'], 'build', false],
    [['build', '!build/keep/**'], 'build/other', true],
    [['build', '!build/keep/**'], 'build/keep', false], // not excluded
    [['a', '!a'], 'a', false], // re-included
    [['vendor', '!vendor*'], 'vendor', false], // `vendor*` re-includes vendor itself
    [['x', '!x/[ab]/y'], 'x', false],
    [['x', '!y*|x/z'], 'x', false], // `|` makes the exception a regex alternation that reaches x/z
  ];
  for (const [lines, dir, expected] of cases) {
    test(`${JSON.stringify(lines)}: ${dir} ${expected ? 'can' : 'cannot'} be skipped`, () => {
      assert.equal(matcher(lines).canSkipDir(dir), expected);
    });
  }

  test('a skippable directory on disk really holds only excluded files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-'));
    try {
      fs.mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', 'pkg', 'index.js'), '');
      fs.writeFileSync(path.join(dir, '.dockerignore'), 'node_modules\n!*.md\n');
      const m = new IgnoreMatcher(loadDockerignore(path.join(dir, '.dockerignore')));
      assert.equal(m.canSkipDir('node_modules'), true);
      // What skipping leaves out must be excluded anyway.
      assert.equal(m.isExcluded('node_modules/pkg/index.js'), true);
      assert.equal(m.isExcluded('node_modules/pkg/README.md'), true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('resolveIgnoreFile', () => {
  function withDir(fn: (dir: string) => void): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-'));
    try {
      fn(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('no ignore file at all', () => withDir((dir) => assert.equal(resolveIgnoreFile(dir, path.join(dir, 'Dockerfile')), undefined)));

  test('the context .dockerignore', () =>
    withDir((dir) => {
      fs.writeFileSync(path.join(dir, '.dockerignore'), 'x');
      assert.equal(resolveIgnoreFile(dir), path.join(dir, '.dockerignore'));
      assert.equal(resolveIgnoreFile(dir, path.join(dir, 'Dockerfile')), path.join(dir, '.dockerignore'));
    }));

  test('Dockerfile.dockerignore next to the Dockerfile wins over .dockerignore', () =>
    withDir((dir) => {
      fs.mkdirSync(path.join(dir, 'build'));
      fs.writeFileSync(path.join(dir, '.dockerignore'), 'x');
      fs.writeFileSync(path.join(dir, 'build', 'Dockerfile.dockerignore'), 'y');
      assert.equal(resolveIgnoreFile(dir, path.join(dir, 'build', 'Dockerfile')), path.join(dir, 'build', 'Dockerfile.dockerignore'));
    }));

  test('the name follows the Dockerfile name (app.Dockerfile.dockerignore)', () =>
    withDir((dir) => {
      fs.writeFileSync(path.join(dir, '.dockerignore'), 'x');
      fs.writeFileSync(path.join(dir, 'app.Dockerfile.dockerignore'), 'y');
      fs.writeFileSync(path.join(dir, 'Dockerfile.dockerignore'), 'z');
      assert.equal(resolveIgnoreFile(dir, path.join(dir, 'app.Dockerfile')), path.join(dir, 'app.Dockerfile.dockerignore'));
      assert.equal(resolveIgnoreFile(dir, path.join(dir, 'other.Dockerfile')), path.join(dir, '.dockerignore'));
    }));

  test('a directory named like an ignore file is not one', () =>
    withDir((dir) => {
      fs.mkdirSync(path.join(dir, 'Dockerfile.dockerignore'));
      fs.mkdirSync(path.join(dir, '.dockerignore'));
      assert.equal(resolveIgnoreFile(dir, path.join(dir, 'Dockerfile')), undefined);
    }));
});

describe('loadDockerignore', () => {
  test('an unreadable path is an InputError', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-'));
    try {
      assert.throws(() => loadDockerignore(path.join(dir, 'missing')), InputError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
