import { test, describe, mock, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareCodePoints, isUnderContext, listContextFiles, walkContext, type ContextFile } from '../../src/source/context.js';
import { InputError } from '../../src/errors.js';

/** Creates `files` (path → content; a trailing `/` makes an empty directory) in a new temp dir. */
function makeTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    if (rel.endsWith('/')) {
      fs.mkdirSync(abs, { recursive: true });
    } else {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, content);
    }
  }
  return dir;
}

const dirs: string[] = [];
function tree(files: Record<string, string>): string {
  const dir = makeTree(files);
  dirs.push(dir);
  return dir;
}

/** Gives every directory back its permissions (a test may chmod 000 one) so it can be removed. */
function unlockTree(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) unlockTree(path.join(dir, entry.name));
  }
}

afterEach(() => {
  mock.restoreAll();
  for (const dir of dirs.splice(0)) {
    unlockTree(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const paths = (files: ContextFile[]): string[] => files.map((f) => f.path);

describe('listContextFiles', () => {
  test('lists every file, sorted, when there is no ignore file', async () => {
    const dir = tree({ 'b.txt': 'b', 'a/z.txt': 'z', 'a/b/c.txt': 'c', 'a.txt': 'a', Dockerfile: 'FROM x' });
    const result = await listContextFiles(dir);
    // Code point order: `a.txt` ('.' 0x2E) sorts before `a/...` ('/' 0x2F).
    assert.deepEqual(paths(result.files), ['Dockerfile', 'a.txt', 'a/b/c.txt', 'a/z.txt', 'b.txt']);
    assert.equal(result.ignoreFile, undefined);
    assert.deepEqual(result.patterns, []);
    assert.deepEqual(result.warnings, []);
  });

  test('applies .dockerignore, including exceptions and parent matches', async () => {
    const dir = tree({
      '.dockerignore': '# build context\n*.md\n!README.md\nsecrets\n**/*.log\n',
      'README.md': '',
      'CHANGES.md': '',
      'docs/guide.md': '', // `*.md` does not reach into directories
      'secrets/prod/key.pem': '',
      'src/app.ts': '',
      'src/debug.log': '',
      'app.log': '',
    });
    const result = await listContextFiles(dir);
    assert.deepEqual(paths(result.files), ['.dockerignore', 'README.md', 'docs/guide.md', 'src/app.ts']);
    assert.equal(result.ignoreFile, path.join(fs.realpathSync(dir), '.dockerignore'));
    assert.deepEqual(
      result.patterns.map((p) => [p.pattern, p.exclusion, p.line]),
      [['*.md', false, 2], ['README.md', true, 3], ['secrets', false, 4], ['**/*.log', false, 5]],
    );
  });

  test('an exception re-includes a file below an excluded directory', async () => {
    const dir = tree({ '.dockerignore': 'docs\n!docs/README.md\n', 'docs/README.md': 'r', 'docs/guide.md': 'g', 'docs/img/a.png': '' });
    const result = await listContextFiles(dir);
    assert.deepEqual(paths(result.files), ['.dockerignore', 'docs/README.md']);
  });

  test('an excluded directory no exception can reach is not read at all', async () => {
    const dir = tree({
      '.dockerignore': 'node_modules\n!*.md\n',
      'node_modules/pkg/index.js': '',
      'node_modules/pkg/README.md': '',
      'index.js': '',
    });
    const readdir = mock.method(fs.promises, 'readdir');
    const result = await listContextFiles(dir);
    assert.deepEqual(paths(result.files), ['.dockerignore', 'index.js']);
    const readDirs = readdir.mock.calls.map((call) => String(call.arguments[0]));
    assert.ok(readDirs.length > 0, 'the spy saw the walk');
    assert.ok(!readDirs.some((d) => d.includes('node_modules')), `node_modules was read: ${readDirs.join(', ')}`);
  });

  test('an excluded directory is descended into when an exception points inside', async () => {
    const dir = tree({ '.dockerignore': 'node_modules\n!node_modules/keep\n', 'node_modules/keep/a.js': '', 'node_modules/drop/b.js': '' });
    const readdir = mock.method(fs.promises, 'readdir');
    const result = await listContextFiles(dir);
    assert.deepEqual(paths(result.files), ['.dockerignore', 'node_modules/keep/a.js']);
    const readDirs = readdir.mock.calls.map((call) => String(call.arguments[0]));
    assert.ok(readDirs.some((d) => d.endsWith('node_modules')));
    assert.ok(!readDirs.some((d) => d.endsWith(path.join('node_modules', 'drop'))), 'drop/ cannot hold re-included files');
  });

  test('the Dockerfile and .dockerignore are sent even when the ignore file excludes them', async () => {
    const dir = tree({ '.dockerignore': '*\n!src\n', Dockerfile: 'FROM x', 'notes.txt': '', 'src/main.go': '' });
    const result = await listContextFiles(dir, { dockerfile: path.join(dir, 'Dockerfile') });
    assert.deepEqual(paths(result.files), ['.dockerignore', 'Dockerfile', 'src/main.go']);
    const flags = Object.fromEntries(result.files.map((f) => [f.path, f.excludedButSent === true]));
    assert.deepEqual(flags, { '.dockerignore': true, Dockerfile: true, 'src/main.go': false });
  });

  test('a Dockerfile inside an excluded, skipped directory is still sent', async () => {
    const dir = tree({ '.dockerignore': 'build\n', 'build/Dockerfile': 'FROM x', 'build/other.txt': '', 'app.py': '' });
    const result = await listContextFiles(dir, { dockerfile: path.join(dir, 'build', 'Dockerfile') });
    assert.deepEqual(paths(result.files), ['.dockerignore', 'app.py', 'build/Dockerfile']);
    assert.equal(result.files.find((f) => f.path === 'build/Dockerfile')?.excludedButSent, true);
  });

  test('a Dockerfile outside the context is not listed', async () => {
    const dir = tree({ 'ctx/a.txt': '', 'Dockerfile': 'FROM x' });
    const result = await listContextFiles(path.join(dir, 'ctx'), { dockerfile: path.join(dir, 'Dockerfile') });
    assert.deepEqual(paths(result.files), ['a.txt']);
  });

  test('a relative dockerfile path is taken from the working directory, like docker build -f', async () => {
    const dir = tree({ '.dockerignore': 'Dockerfile\n', Dockerfile: 'FROM x', 'a.txt': '' });
    const relative = path.relative(process.cwd(), path.join(dir, 'Dockerfile'));
    const result = await listContextFiles(dir, { dockerfile: relative });
    assert.equal(result.files.find((f) => f.path === 'Dockerfile')?.excludedButSent, true);
  });

  test('Dockerfile.dockerignore takes precedence over .dockerignore', async () => {
    const dir = tree({
      '.dockerignore': 'a.txt\n',
      'docker/Dockerfile': 'FROM x',
      'docker/Dockerfile.dockerignore': 'b.txt\n',
      'a.txt': '',
      'b.txt': '',
    });
    const withSpecific = await listContextFiles(dir, { dockerfile: path.join(dir, 'docker', 'Dockerfile') });
    assert.deepEqual(paths(withSpecific.files), ['.dockerignore', 'a.txt', 'docker/Dockerfile', 'docker/Dockerfile.dockerignore']);
    assert.equal(withSpecific.ignoreFile, path.join(fs.realpathSync(dir), 'docker', 'Dockerfile.dockerignore'));

    const withoutDockerfile = await listContextFiles(dir);
    assert.deepEqual(paths(withoutDockerfile.files), ['.dockerignore', 'b.txt', 'docker/Dockerfile', 'docker/Dockerfile.dockerignore']);
  });

  test('app.Dockerfile uses app.Dockerfile.dockerignore', async () => {
    const dir = tree({ 'app.Dockerfile': 'FROM x', 'app.Dockerfile.dockerignore': 'secret.env\n', 'secret.env': '', 'main.c': '' });
    const result = await listContextFiles(dir, { dockerfile: path.join(dir, 'app.Dockerfile') });
    assert.deepEqual(paths(result.files), ['app.Dockerfile', 'app.Dockerfile.dockerignore', 'main.c']);
  });

  test('ignoreFile: false and explicit patterns override the lookup', async () => {
    const dir = tree({ '.dockerignore': 'a.txt\n', 'a.txt': '', 'b.txt': '' });
    assert.deepEqual(paths((await listContextFiles(dir, { ignoreFile: false })).files), ['.dockerignore', 'a.txt', 'b.txt']);
    const { parseDockerignore } = await import('../../src/dockerfile/dockerignore.js');
    const result = await listContextFiles(dir, { patterns: parseDockerignore('b.txt') });
    assert.deepEqual(paths(result.files), ['.dockerignore', 'a.txt']);
  });

  test('ignore: false lists everything, excluded directories included', async () => {
    const dir = tree({ '.dockerignore': 'node_modules\n', 'node_modules/p/i.js': '', 'a.js': '' });
    const result = await listContextFiles(dir, { ignore: false });
    assert.deepEqual(paths(result.files), ['.dockerignore', 'a.js', 'node_modules/p/i.js']);
    assert.deepEqual(result.patterns, []);
  });

  test('onProgress reports a growing count that ends at the total', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2500; i++) files[`d${i % 3}/f${i}`] = '';
    const dir = tree(files);
    const counts: number[] = [];
    const result = await listContextFiles(dir, { onProgress: (n) => counts.push(n) });
    assert.ok(counts.length >= 3, `only ${counts.length} progress calls`);
    assert.deepEqual([...counts].sort((a, b) => a - b), counts);
    assert.equal(counts[counts.length - 1], result.files.length);
  });

  test('reports size, permission bits and kind from lstat', async () => {
    const dir = tree({ 'run.sh': 'hello', 'data.bin': '' });
    fs.chmodSync(path.join(dir, 'run.sh'), 0o750);
    const { files } = await listContextFiles(dir);
    const run = files.find((f) => f.path === 'run.sh')!;
    assert.equal(run.size, 5);
    assert.equal(run.mode & 0o777, 0o750);
    assert.equal(run.kind, 'file');
    assert.equal(run.isSymlink, false);
    assert.equal(files.find((f) => f.path === 'data.bin')?.size, 0);
  });

  test('symlinks are entries of their own and never followed, so loops end', async () => {
    const dir = tree({ 'real/file.txt': 'x', 'dir/inner.txt': 'y' });
    fs.symlinkSync('b', path.join(dir, 'a'));
    fs.symlinkSync('a', path.join(dir, 'b'));
    fs.symlinkSync('..', path.join(dir, 'dir', 'self'));
    fs.symlinkSync('real', path.join(dir, 'linkdir'));
    fs.symlinkSync('/nonexistent/target', path.join(dir, 'dangling'));
    const result = await listContextFiles(dir);
    assert.deepEqual(paths(result.files), ['a', 'b', 'dangling', 'dir/inner.txt', 'dir/self', 'linkdir', 'real/file.txt']);
    const byPath = new Map(result.files.map((f) => [f.path, f]));
    assert.equal(byPath.get('linkdir')?.isSymlink, true);
    assert.equal(byPath.get('linkdir')?.kind, 'symlink');
    assert.equal(byPath.get('linkdir')?.linkTarget, 'real');
    assert.equal(byPath.get('dir/self')?.linkTarget, '..');
    assert.equal(byPath.get('a')?.linkTarget, 'b');
    assert.equal(byPath.get('dangling')?.linkTarget, '/nonexistent/target');
    assert.deepEqual(result.warnings, []);
  });

  test('an ignored symlink to a directory is excluded like a file', async () => {
    const dir = tree({ '.dockerignore': 'link\n', 'real/x': '' });
    fs.symlinkSync('real', path.join(dir, 'link'));
    assert.deepEqual(paths((await listContextFiles(dir)).files), ['.dockerignore', 'real/x']);
  });

  test('empty directories are not in the file list', async () => {
    const dir = tree({ 'empty/': '', 'nested/deeper/': '', 'f.txt': '' });
    assert.deepEqual(paths((await listContextFiles(dir)).files), ['f.txt']);
  });

  test('names sort by code point, not UTF-16 unit', async () => {
    const dir = tree({ '\u{1F600}.txt': '', '\uFF5E.txt': '', 'z.txt': '' });
    assert.deepEqual(paths((await listContextFiles(dir)).files), ['z.txt', '\uFF5E.txt', '\u{1F600}.txt']);
  });

  test('a missing context is an InputError', async () => {
    const dir = tree({});
    await assert.rejects(listContextFiles(path.join(dir, 'nope')), (err: unknown) => err instanceof InputError && /does not exist/.test(err.message));
  });

  test('a context that is a file is an InputError', async () => {
    const dir = tree({ 'file.txt': '' });
    await assert.rejects(listContextFiles(path.join(dir, 'file.txt')), (err: unknown) => err instanceof InputError && /not a directory/.test(err.message));
  });

  test('a malformed .dockerignore is an InputError naming the file and line', async () => {
    const dir = tree({ '.dockerignore': 'ok\nbad[\n', 'a.txt': '' });
    await assert.rejects(listContextFiles(dir), (err: unknown) => err instanceof InputError && err.message.startsWith('.dockerignore:2:'));
  });

  test('an unreadable directory becomes a warning (real chmod 000)', async (t) => {
    if (process.getuid?.() === 0) {
      t.skip('running as root: chmod 000 does not stop root from reading; see the simulated test below');
      return;
    }
    const dir = tree({ 'locked/secret.txt': '', 'open.txt': '' });
    fs.chmodSync(path.join(dir, 'locked'), 0o000);
    const result = await listContextFiles(dir);
    assert.deepEqual(paths(result.files), ['open.txt']);
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0]!, /^locked\/: cannot read directory \(EACCES\)/);
  });

  test('an unreadable directory becomes a warning (simulated EACCES)', async () => {
    const dir = tree({ 'locked/secret.txt': '', 'open.txt': '', 'z/also.txt': '' });
    const realReaddir = fs.promises.readdir;
    mock.method(fs.promises, 'readdir', (p: fs.PathLike, options: { withFileTypes: true }) => {
      if (String(p).endsWith(`${path.sep}locked`)) {
        return Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
      }
      return realReaddir(p, options);
    });
    const warnings: string[] = [];
    const result = await listContextFiles(dir, { onWarning: (w) => warnings.push(w) });
    assert.deepEqual(paths(result.files), ['open.txt', 'z/also.txt']);
    assert.deepEqual(result.warnings, ['locked/: cannot read directory (EACCES); its files were not scanned']);
    assert.deepEqual(warnings, result.warnings);
  });

  test('an unreadable directory that is excluded produces no warning', async () => {
    const dir = tree({ '.dockerignore': 'cache\n!cache/keep\n', 'cache/x/y': '', 'a.txt': '' });
    const realReaddir = fs.promises.readdir;
    mock.method(fs.promises, 'readdir', (p: fs.PathLike, options: { withFileTypes: true }) => {
      if (String(p).endsWith(`${path.sep}cache`)) {
        return Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' }));
      }
      return realReaddir(p, options);
    });
    const result = await listContextFiles(dir);
    assert.deepEqual(paths(result.files), ['.dockerignore', 'a.txt']);
    assert.deepEqual(result.warnings, []);
  });

  test('a file that disappears during the walk becomes a warning', async () => {
    const dir = tree({ 'sub/gone.txt': '', 'sub/stays.txt': '' });
    const realReaddir = fs.promises.readdir;
    mock.method(fs.promises, 'readdir', async (p: fs.PathLike, options: { withFileTypes: true }) => {
      const entries = await realReaddir(p, options);
      // Delete after listing, before the walker's lstat.
      if (String(p).endsWith(`${path.sep}sub`)) fs.unlinkSync(path.join(String(p), 'gone.txt'));
      return entries;
    });
    const result = await listContextFiles(dir);
    assert.deepEqual(paths(result.files), ['sub/stays.txt']);
    assert.deepEqual(result.warnings, ['sub/gone.txt: disappeared during the walk']);
  });

  test('handles a few thousand files across many directories', async () => {
    const files: Record<string, string> = { '.dockerignore': 'vendor\n' };
    for (let d = 0; d < 40; d++) for (let f = 0; f < 50; f++) files[`src/d${d}/f${f}.txt`] = '';
    for (let f = 0; f < 500; f++) files[`vendor/v${f}.txt`] = '';
    const dir = tree(files);
    const result = await listContextFiles(dir, { concurrency: 4 });
    assert.equal(result.files.length, 2001);
    const sorted = [...paths(result.files)].sort(compareCodePoints);
    assert.deepEqual(paths(result.files), sorted);
  });
});

describe('walkContext', () => {
  test('streams entries and can be stopped early', async () => {
    const dir = tree({ 'a/1': '', 'b/2': '', 'c/3': '' });
    const seen: string[] = [];
    for await (const entry of walkContext(dir)) {
      seen.push(entry.path);
      if (seen.length === 2) break;
    }
    assert.equal(seen.length, 2);
  });

  test('includeDirs yields directories, empty ones too', async () => {
    const dir = tree({ 'empty/': '', 'full/x.txt': '', '.dockerignore': 'ignored\n', 'ignored/': '' });
    const entries: ContextFile[] = [];
    for await (const entry of walkContext(dir, { includeDirs: true })) entries.push(entry);
    const dirsSeen = entries.filter((e) => e.kind === 'dir').map((e) => e.path).sort();
    assert.deepEqual(dirsSeen, ['empty', 'full']);
    assert.ok(entries.some((e) => e.path === 'full/x.txt' && e.kind === 'file'));
  });

  test('includeDirs reports an excluded directory once it holds a re-included file, before it', async () => {
    const dir = tree({ '.dockerignore': 'docs\n!docs/api/README.md\n', 'docs/api/README.md': '', 'docs/api/x.md': '', 'docs/img/a.png': '', 'src/': '' });
    const order: string[] = [];
    for await (const entry of walkContext(dir, { includeDirs: true })) order.push(`${entry.kind}:${entry.path}`);
    assert.deepEqual(order, ['file:.dockerignore', 'dir:src', 'dir:docs', 'dir:docs/api', 'file:docs/api/README.md']);
  });

  test('includeExcluded yields what the ignore file leaves out, flagged', async () => {
    const dir = tree({ '.dockerignore': 'node_modules\n*.log\n', 'node_modules/p/i.js': '', 'a.log': '', 'main.js': '' });
    const entries: ContextFile[] = [];
    for await (const entry of walkContext(dir, { includeExcluded: true })) entries.push(entry);
    const summary = entries.map((e) => `${e.path}${e.excluded ? ' (excluded)' : ''}`).sort();
    assert.deepEqual(summary, ['.dockerignore', 'a.log (excluded)', 'main.js', 'node_modules/p/i.js (excluded)']);
  });

  test('a missing context rejects on first iteration with InputError', async () => {
    const iterator = walkContext(path.join(os.tmpdir(), 'ls-definitely-missing-' + process.pid));
    await assert.rejects(iterator.next(), InputError);
  });
});

describe('isUnderContext', () => {
  const cases: Array<[string, boolean]> = [
    ['src/app.ts', true],
    ['.', true],
    ['./a/../b', true],
    ['../x', false],
    ['a/../../x', false],
    ['..', false],
    ['..foo', true], // a name starting with two dots is inside
    ['/etc/passwd', false],
  ];
  for (const [p, expected] of cases) {
    test(`${p} is ${expected ? 'inside' : 'outside'}`, () => assert.equal(isUnderContext('/ctx/root', p), expected));
  }

  test('an absolute path inside the context is inside', () => assert.equal(isUnderContext('/ctx/root', '/ctx/root/a'), true));
  test('a sibling directory sharing the prefix is outside', () => assert.equal(isUnderContext('/ctx/root', '/ctx/rootless/a'), false));
});

describe('compareCodePoints', () => {
  test('orders astral characters after all BMP characters', () => {
    assert.ok(compareCodePoints('\u{1F600}', '\uFFFD') > 0);
    assert.ok(compareCodePoints('\uFFFD', '\u{1F600}') < 0);
    // JavaScript's default comparison gets this pair the other way round.
    assert.ok('\u{1F600}' < '\uFFFD');
  });
  test('orders by character, then by length', () => {
    assert.ok(compareCodePoints('a.txt', 'a/b') < 0);
    assert.ok(compareCodePoints('ab', 'a') > 0);
    assert.equal(compareCodePoints('same', 'same'), 0);
  });
});
