import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { goAnalyzer, wantsGo } from '../../../../src/analyze/pkg/lang/go.js';
import { GO_BUILDINFO_MAGIC, parseBuildSetting, parseModInfo, readGoBuildInfo, type GoBuildInfo } from '../../../../src/analyze/pkg/lang/go-buildinfo.js';
import { parseGoMod } from '../../../../src/analyze/pkg/lang/go-mod.js';
import { buildElf } from './elf-builder.js';
import { analyze, fileInfo, input, need } from './helpers.js';
import { GO_LDFLAGS, goFixture } from './make-fixtures.js';

/** `go.sum` lines for module zips (not `/go.mod` hashes): path → [version, h1]. */
function goSum(dir: string): Map<string, [string, string]> {
  const m = new Map<string, [string, string]>();
  for (const line of readFileSync(join(dir, 'go.sum'), 'utf8').split('\n')) {
    const [path, version, sum] = line.split(' ');
    if (path && !version.endsWith('/go.mod')) m.set(path, [version, sum]);
  }
  return m;
}

function read(dir: string, file: string): GoBuildInfo {
  const info = readGoBuildInfo(readFileSync(join(dir, file)));
  assert.ok(info && !('error' in info), `build info of ${file}: ${JSON.stringify(info)}`);
  return info;
}

describe('Go build info of binaries built by go build (references: go.sum, git, go env, go version -m)', () => {
  for (const [file, what] of [['app', 'ELF64 little-endian (amd64)'], ['app-386', 'ELF32 little-endian (386)'], ['app-s390x', 'ELF64 big-endian (s390x)']]) {
    it(`${what}`, (t) => {
      const dir = need(t, goFixture());
      if (!dir) return;
      const info = read(dir, file);
      assert.equal(info.format, 'inline');
      assert.equal(info.goVersion, readFileSync(join(dir, 'go-version.txt'), 'utf8').trim());
      assert.equal(info.path, 'example.com/leftshift/app');
      assert.deepEqual(info.main, { path: 'example.com/leftshift/app', version: '(devel)' });
      const sums = goSum(dir);
      assert.equal(sums.size, 2);
      for (const [path, [version, h1]] of sums) {
        const dep = info.deps.find((d) => d.path === path);
        assert.deepEqual(dep, { path, version, sum: h1 }, path);
      }
      const greet = info.deps.find((d) => d.path === 'example.com/greet');
      assert.deepEqual(greet, { path: 'example.com/greet', version: 'v0.1.0', replace: { path: '../greet', version: '(devel)' } });
      const settings = new Map(info.settings.map((s) => [s.key, s.value]));
      assert.equal(settings.get('-ldflags'), GO_LDFLAGS, 'quoted value unquoted');
      assert.equal(settings.get('vcs.revision'), readFileSync(join(dir, 'vcs-revision.txt'), 'utf8').trim());
      assert.equal(settings.get('vcs'), 'git');
      assert.equal(settings.get('GOARCH'), { app: 'amd64', 'app-386': '386', 'app-s390x': 's390x' }[file]);
    });
  }

  it('matches `go version -m` line for line', (t) => {
    const dir = need(t, goFixture());
    if (!dir) return;
    const ref = readFileSync(join(dir, 'app.version-m.txt'), 'utf8').split('\n').slice(1);
    const info = read(dir, 'app');
    // go version -m prints the module info lines, tab-indented, build values re-quoted.
    const deps = ref.filter((l) => l.startsWith('\tdep\t')).map((l) => l.split('\t').slice(2, 4).join('@'));
    assert.deepEqual(info.deps.map((d) => `${d.path}@${d.version}`), deps);
    const builds = ref.filter((l) => l.startsWith('\tbuild\t')).map((l) => l.slice('\tbuild\t'.length));
    assert.deepEqual(info.settings.map((s) => s.key), builds.map((b) => parseBuildSetting(b)!.key));
  });

  it('analyzer: main module (devel) plus each dependency, purls, metadata', async (t) => {
    const dir = need(t, goFixture());
    if (!dir) return;
    const out = await analyze(goAnalyzer, input('usr/local/bin/app', readFileSync(join(dir, 'app')), { mode: 0o755 }));
    assert.equal(out.warnings, undefined);
    const pkgs = out.packages ?? [];
    assert.deepEqual(pkgs.map((p) => p.purl), [
      'pkg:golang/example.com/leftshift/app@(devel)',
      'pkg:golang/example.com/greet@v0.1.0',
      ...[...goSum(dir)].map(([path, [v]]) => `pkg:golang/${path}@${v}`),
    ]);
    const main = pkgs[0];
    assert.equal(main.metadata?.main, true);
    assert.equal(main.metadata?.ldflags, GO_LDFLAGS);
    assert.equal(main.metadata?.goVersion, readFileSync(join(dir, 'go-version.txt'), 'utf8').trim());
    assert.deepEqual(main.dependsOn, ['example.com/greet', 'github.com/davecgh/go-spew', 'github.com/pmezard/go-difflib']);
    assert.equal(pkgs[1].metadata?.replacement, '../greet');
    assert.match(String(pkgs[2].metadata?.h1Digest), /^h1:/);
    assert.ok(pkgs.every((p) => p.type === 'golang' && p.foundBy === 'go-binary' && p.locations[0].path === 'usr/local/bin/app'));
  });

  it('finds the build info without section headers (stripped of them): the aligned-magic search', (t) => {
    const dir = need(t, goFixture());
    if (!dir) return;
    const buf = Buffer.from(readFileSync(join(dir, 'app')));
    buf.writeBigUInt64LE(0n, 0x28); // e_shoff
    buf.writeUInt16LE(0, 0x3c); // e_shnum
    buf.writeUInt16LE(0, 0x3e); // e_shstrndx
    const info = readGoBuildInfo(buf);
    assert.ok(info && !('error' in info));
    assert.deepEqual(info, read(dir, 'app'));
  });

  it('a Debian Go binary built in GOPATH mode: Go version, but no module to report', async (t) => {
    const dir = need(t, goFixture());
    if (!dir) return;
    if (!existsSync('/usr/bin/fzf')) return t.skip('fzf not installed');
    const info = readGoBuildInfo(readFileSync('/usr/bin/fzf'));
    assert.ok(info && !('error' in info));
    assert.match(info.goVersion, /^go1\.\d+/);
    assert.equal(info.main, undefined);
    assert.deepEqual(await analyze(goAnalyzer, input('usr/bin/fzf', readFileSync('/usr/bin/fzf'), { mode: 0o755 })), {});
  });
});

describe('Go build info: other layouts and malformed binaries', () => {
  it('pre-1.18 pointer layout: header pointers to string headers elsewhere in the image (synthetic ELF)', () => {
    // Go 1.13–1.17 binaries cannot be built here (Debian 12 has Go 1.19): the layout is
    // assembled from its documented shape, with module info text as Go writes it.
    const sentinelStart = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
    const sentinelEnd = Buffer.from('f932433186182072008242104116d8f2', 'hex');
    const modText = 'path\texample.com/old\nmod\texample.com/old\tv1.0.0\th1:abc=\ndep\tgolang.org/x/text\tv0.3.7\th1:def=\n';
    const version = Buffer.from('go1.16.15');
    const modinfo = Buffer.concat([sentinelStart, Buffer.from(modText), sentinelEnd]);
    const dataAddr = 0x20000;
    const data = Buffer.alloc(32 + version.length + modinfo.length);
    data.writeBigUInt64LE(BigInt(dataAddr + 32), 0);
    data.writeBigUInt64LE(BigInt(version.length), 8);
    data.writeBigUInt64LE(BigInt(dataAddr + 32 + version.length), 16);
    data.writeBigUInt64LE(BigInt(modinfo.length), 24);
    version.copy(data, 32);
    modinfo.copy(data, 32 + version.length);
    const header = Buffer.alloc(32);
    GO_BUILDINFO_MAGIC.copy(header);
    header[14] = 8; // pointer size
    header[15] = 0; // little-endian, pointers (not inline)
    header.writeBigUInt64LE(BigInt(dataAddr), 16);
    header.writeBigUInt64LE(BigInt(dataAddr + 16), 24);
    const elf = buildElf({ bits: 64, littleEndian: true, sections: [{ name: '.go.buildinfo', data: header, addr: 0x10000 }, { name: '.data', data, addr: dataAddr }] });
    const info = readGoBuildInfo(elf);
    assert.ok(info && !('error' in info), JSON.stringify(info));
    assert.equal(info.format, 'pointer');
    assert.equal(info.goVersion, 'go1.16.15');
    assert.deepEqual(info.main, { path: 'example.com/old', version: 'v1.0.0', sum: 'h1:abc=' });
    assert.deepEqual(info.deps, [{ path: 'golang.org/x/text', version: 'v0.3.7', sum: 'h1:def=' }]);
  });

  it('a non-Go ELF yields nothing and no warning', async (t) => {
    const ls = '/usr/bin/ls';
    if (!existsSync(ls)) return t.skip('no /usr/bin/ls');
    assert.equal(readGoBuildInfo(readFileSync(ls)), undefined);
    assert.deepEqual(await analyze(goAnalyzer, input('usr/bin/ls', readFileSync(ls), { mode: 0o755 })), {});
  });

  it('a truncated Go binary gives a warning, not a throw', async (t) => {
    const dir = need(t, goFixture());
    if (!dir) return;
    const full = readFileSync(join(dir, 'app'));
    for (const n of [20, 63, 4096, Math.floor(full.length / 2)]) {
      const out = await analyze(goAnalyzer, input('bin/app', full.subarray(0, n), { mode: 0o755, truncated: true }));
      assert.equal(out.packages, undefined, `cut at ${n}`);
      assert.equal(out.warnings?.length, 1, `cut at ${n}`);
    }
  });

  it('corrupt build info strings give a warning', async () => {
    const header = Buffer.alloc(40);
    GO_BUILDINFO_MAGIC.copy(header);
    header[14] = 8;
    header[15] = 2; // inline
    header[32] = 0xff; // varint length running past the end
    header[33] = 0xff;
    const elf = buildElf({ bits: 64, littleEndian: true, sections: [{ name: '.go.buildinfo', data: header, addr: 0x1000 }] });
    const out = await analyze(goAnalyzer, input('bin/x', elf, { mode: 0o755 }));
    assert.equal(out.packages, undefined);
    assert.match(out.warnings![0], /^bin\/x: Go build info unreadable: truncated Go version/);
  });

  it('build setting quoting', () => {
    assert.deepEqual(parseBuildSetting('CGO_ENABLED=1'), { key: 'CGO_ENABLED', value: '1' });
    assert.deepEqual(parseBuildSetting('-ldflags="-X \\"a=b c\\""'), { key: '-ldflags', value: '-X "a=b c"' });
    assert.deepEqual(parseBuildSetting('"odd=key"=v'), { key: 'odd=key', value: 'v' });
    assert.deepEqual(parseBuildSetting('-tags=a,b'), { key: '-tags', value: 'a,b' });
    assert.equal(parseBuildSetting('novalue'), undefined);
  });

  it('replacement by another module version (not a directory) is what gets reported', async () => {
    const mod = parseModInfo('path\tx.com/m\nmod\tx.com/m\tv1.0.0\t\ndep\told.com/a\tv1.0.0\th1:o=\n=>\tnew.com/a\tv1.2.0\th1:n=\n');
    assert.deepEqual(mod.deps[0].replace, { path: 'new.com/a', version: 'v1.2.0', sum: 'h1:n=' });
  });
});

describe('go.mod (reference: go mod edit -json)', () => {
  it('requires and replaces equal go mod edit -json', (t) => {
    const dir = need(t, goFixture());
    if (!dir) return;
    const ref = JSON.parse(readFileSync(join(dir, 'go.mod.json'), 'utf8')) as {
      Module: { Path: string };
      Require: Array<{ Path: string; Version: string; Indirect?: boolean }>;
      Replace: Array<{ Old: { Path: string; Version?: string }; New: { Path: string; Version?: string } }>;
    };
    const mod = parseGoMod(readFileSync(join(dir, 'go.mod'), 'utf8'));
    assert.equal(mod.module, ref.Module.Path);
    assert.deepEqual(mod.requires, ref.Require.map((r) => ({ path: r.Path, version: r.Version, indirect: r.Indirect === true })));
    assert.deepEqual(mod.replaces, ref.Replace.map((r) => ({ from: r.Old.Path, fromVersion: r.Old.Version, to: r.New.Path, toVersion: r.New.Version })));
  });

  it('analyzer reports requires, with local replacements noted', async (t) => {
    const dir = need(t, goFixture());
    if (!dir) return;
    const out = await analyze(goAnalyzer, input('src/app/go.mod', readFileSync(join(dir, 'go.mod'))));
    assert.deepEqual(out.packages?.map((p) => p.purl), ['pkg:golang/example.com/greet@v0.1.0', 'pkg:golang/github.com/davecgh/go-spew@v1.1.1', 'pkg:golang/github.com/pmezard/go-difflib@v1.0.0']);
    assert.equal(out.packages?.[0].metadata?.replacement, '../greet');
    assert.ok(out.packages?.every((p) => p.foundBy === 'go-mod'));
  });

  it('block and single-line forms, comments, indirect', () => {
    const mod = parseGoMod('module "x.com/m" // c\n\nrequire (\n\ta.com/b v1.0.0 // indirect\n\t"c.com/d" v2.0.0+incompatible\n)\nrequire e.com/f v0.0.0-2020-abc\nreplace a.com/b => a.com/b2 v1.1.0\n');
    assert.equal(mod.module, 'x.com/m');
    assert.deepEqual(mod.requires, [
      { path: 'a.com/b', version: 'v1.0.0', indirect: true },
      { path: 'c.com/d', version: 'v2.0.0+incompatible', indirect: false },
      { path: 'e.com/f', version: 'v0.0.0-2020-abc', indirect: false },
    ]);
    assert.deepEqual(mod.replaces, [{ from: 'a.com/b', fromVersion: undefined, to: 'a.com/b2', toVersion: 'v1.1.0' }]);
  });
});

describe('Go: wants', () => {
  it('executables and bin directories, not scripts, not huge files', () => {
    assert.equal(wantsGo('usr/local/bin/app', fileInfo('', 5_000_000, 0o755)), true);
    assert.equal(wantsGo('opt/app/server', fileInfo('', 5_000_000, 0o700)), true);
    assert.equal(wantsGo('usr/bin/tool', fileInfo('', 5_000_000, 0o644)), true, 'bin dir without exec bit');
    assert.equal(wantsGo('opt/data/blob', fileInfo('', 5_000_000, 0o644)), false);
    assert.equal(wantsGo('usr/bin/script.sh', fileInfo('', 500, 0o755)), false);
    assert.equal(wantsGo('usr/bin/huge', fileInfo('', 300 * 1024 * 1024, 0o755)), false);
    assert.equal(wantsGo('usr/bin/link', fileInfo('', 5_000, 0o777, 'symlink')), false);
    assert.equal(wantsGo('src/app/go.mod', fileInfo('', 100)), true);
    assert.equal(wantsGo('src/app/vendor/x/go.mod', fileInfo('', 100)), false);
    assert.equal(wantsGo('root/go/pkg/mod/x@v1/go.mod', fileInfo('', 100)), false);
  });
});
